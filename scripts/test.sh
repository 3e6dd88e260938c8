#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: formatting and lint checks, the layer
# check, every test (unit, integration, end-to-end in headless Chromium) on the debug build,
# and the unit and integration tests again under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh debug --with-test-tools
scripts/check_format.sh
scripts/check_layers.sh
scripts/check_tidy.sh build/debug

echo "== tests (debug build)"
ctest --preset debug --output-on-failure -j 2

echo "== fuzzing each parser briefly"
scripts/fuzz.sh 15

echo "== unit and integration tests under ASan + UBSan"
scripts/setup.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --preset asan --output-on-failure -j 2 -L 'unit|integration'
