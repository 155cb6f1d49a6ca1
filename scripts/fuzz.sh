#!/bin/sh
# Fuzzes the scenario front end and the trace reader with libFuzzer, each for a bounded time,
# and fails if either finds a crash, a hang or a sanitizer report.
#
#   scripts/fuzz.sh [SECONDS]        default 60 seconds per fuzzer (CI)
#   FUZZ_BUILD=dir FUZZ_JOBS=n scripts/fuzz.sh 600   (n > 1: libFuzzer -fork=n)
#
# Installs clang and libFuzzer (Debian 12: clang, libfuzzer-14-dev) when missing, builds in a
# separate folder (build-fuzz) with -DWDF_FUZZ=ON, and runs fuzz/wdf_fuzz_frontend and
# fuzz/wdf_fuzz_trace (side by side when FUZZ_JOBS is 1 and there are two cores or more) from
# the seed corpora in fuzz/corpus/. New interesting inputs go to
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
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target wdf_fuzz_frontend wdf_fuzz_trace

# fuzz TARGET: runs its fuzzer, libFuzzer's output in $BUILD/fuzz-TARGET.log.
# -timeout: one input taking longer is a hang; -rss_limit_mb: more memory is a bug too.
fuzz() {
  mkdir -p "$BUILD/fuzz-corpus/$1" "$BUILD/fuzz-artifacts/$1"
  "$BUILD/fuzz/wdf_fuzz_$1" "$BUILD/fuzz-corpus/$1" "fuzz/corpus/$1" "fuzz/crashes/$1" \
    -dict="fuzz/$1.dict" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/fuzz-artifacts/$1/" $PARALLEL 2>"$BUILD/fuzz-$1.log"
}
# report TARGET EXIT_CODE
report() {
  if [ "$2" -ne 0 ]; then
    tail -n 60 "$BUILD/fuzz-$1.log"
    echo "== $1: the fuzzer found a problem (exit code $2); its input is in $BUILD/fuzz-artifacts/$1/" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs' "$BUILD/fuzz-$1.log" || true
    echo "== $1: no crash"
  fi
}

status=0
if [ "$JOBS" -eq 1 ] && [ "$(nproc)" -ge 2 ]; then
  # One process each and two cores: both targets at once, each still fuzzed for SECONDS.
  echo "== fuzzing frontend and trace side by side for $SECONDS_EACH s"
  fuzz frontend &
  frontend=$!
  fuzz trace &
  trace=$!
  rc=0; wait "$frontend" || rc=$?; report frontend "$rc"
  rc=0; wait "$trace" || rc=$?; report trace "$rc"
else
  for t in frontend trace; do
    echo "== fuzzing $t for $SECONDS_EACH s"
    rc=0; fuzz "$t" || rc=$?; report "$t" "$rc"
  done
fi
exit $status
