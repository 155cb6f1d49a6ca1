#!/bin/sh
# Quick start, step 2, and what CI runs (.ci/run): installs what is needed, then runs three
# stages in turn; the first failure stops the script with a non-zero exit code.
#
#   release   Release build in build/, the whole test suite under CTest
#   sanitize  AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#             (-DWDF_SANITIZE=ON, -O1), the whole test suite again; DifferentialTest runs
#             seeds 1..WDF_DIFF_SEEDS (default 100) of its 400, as the naive oracle is slow
#             under the sanitizers
#   fuzz      scripts/fuzz.sh: builds build-fuzz/ with clang and runs each libFuzzer target
#             for FUZZ_SECONDS (default 60) seconds
#
#   scripts/test.sh                   all three: about 15 minutes on 2 cores from a clean checkout
#   scripts/test.sh release fuzz      only the stages named, in that order
set -e
cd "$(dirname "$0")/.."
JOBS="$(nproc)"
STAGES="${*:-release sanitize fuzz}"
for stage in $STAGES; do
  case "$stage" in
    release | sanitize | fuzz) ;;
    *) echo "scripts/test.sh: unknown stage '$stage' (release, sanitize, fuzz)" >&2; exit 2 ;;
  esac
done

header() {
  echo
  echo "================================================================"
  echo "== $1"
  echo "================================================================"
}

./scripts/install-deps.sh
for stage in $STAGES; do
  started=$(date +%s)
  case "$stage" in
    release)
      header "release: Release build (build/) and the whole test suite"
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build -j"$JOBS"
      ctest --test-dir build --output-on-failure -j"$JOBS"
      ;;
    sanitize)
      header "sanitize: ASan + UBSan build (build-asan/) and the whole test suite"
      # -g1: line tables for the reports' stack traces, at half the compile time of -g.
      cmake -S . -B build-asan -DWDF_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
      cmake --build build-asan -j"$JOBS"
      # A sanitizer report ends the process with exit code 99: the default, 1, is wdfcheck's
      # "found something", which many tests expect and would pass.
      ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99" \
      UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:exitcode=99" \
      WDF_DIFF_SEEDS="${WDF_DIFF_SEEDS:-100}" \
        ctest --test-dir build-asan --output-on-failure -j"$JOBS"
      ;;
    fuzz)
      header "fuzz: libFuzzer on the scenario front end and the trace reader (build-fuzz/)"
      ./scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
      ;;
  esac
  echo "== $stage: passed in $(($(date +%s) - started)) s"
done
