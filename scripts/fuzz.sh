#!/bin/sh
# Fuzzes the scenario front end and the trace reader with libFuzzer, each for a bounded time,
# and fails if either finds a crash, a hang or a sanitizer report.
#
#   scripts/fuzz.sh [SECONDS]        default 60 seconds per fuzzer (CI)
#   FUZZ_BUILD=dir FUZZ_JOBS=n scripts/fuzz.sh 600   (n > 1: libFuzzer -fork=n)
#
# Installs clang and libFuzzer (Debian 12: clang, libfuzzer-14-dev) when missing, builds in a
# separate folder (build-fuzz) with -DWDF_FUZZ=ON, and runs fuzz/wdf_fuzz_frontend and
# fuzz/wdf_fuzz_trace from the seed corpora in fuzz/corpus/. New interesting inputs go to
# build-fuzz/fuzz-corpus/ (the seed folders are only read). A crash leaves its input in
# build-fuzz/fuzz-artifacts/<target>/: copy it to fuzz/crashes/<target>/ once fixed, and the
# CTest tests fuzz.<target>.corpus replay it in every build.
set -e
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
BUILD="${FUZZ_BUILD:-build-fuzz}"
JOBS="${FUZZ_JOBS:-1}"
PARALLEL=""
[ "$JOBS" -gt 1 ] && PARALLEL="-fork=$JOBS"

missing=""
for p in clang libfuzzer-14-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq $missing >/dev/null
fi
./scripts/install-deps.sh

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DWDF_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target wdf_fuzz_frontend wdf_fuzz_trace

status=0
for t in frontend trace; do
  corpus="$BUILD/fuzz-corpus/$t"
  artifacts="$BUILD/fuzz-artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzzing $t for $SECONDS_EACH s"
  # -timeout: one input taking longer is a hang; -rss_limit_mb: more memory is a bug too.
  if ! "$BUILD/fuzz/wdf_fuzz_$t" "$corpus" "fuzz/corpus/$t" "fuzz/crashes/$t" \
      -dict="fuzz/$t.dict" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" $PARALLEL 2>"$BUILD/fuzz-$t.log"; then
    tail -n 60 "$BUILD/fuzz-$t.log"
    echo "== $t: the fuzzer found a problem; its input is in $artifacts/" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs' "$BUILD/fuzz-$t.log" || true
    echo "== $t: no crash"
  fi
done
exit $status
