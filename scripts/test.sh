#!/bin/sh
# Quick start, step 2 (and what CI runs): installs what is needed, builds, and runs the
# whole test suite under CTest.
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
