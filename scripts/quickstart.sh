#!/bin/sh
# Quick start, step 1: installs what wdfcheck needs (Debian packages), builds it into
# build/, and runs it on the example from the OSR forum thread.
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== build/wdfcheck explain scenarios/examples/osr-forum.scenario"
./build/wdfcheck explain scenarios/examples/osr-forum.scenario
echo
echo "== build/wdfcheck run scenarios/examples/osr-forum.scenario"
# Exit code 1 means "found something", which is what this example is about.
./build/wdfcheck run scenarios/examples/osr-forum.scenario || [ $? -eq 1 ]
