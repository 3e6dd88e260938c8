#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over the project's sources, using the compile commands of
# the given build folder. Fails on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/debug}"
echo "== clang-tidy"
git ls-files 'src/*.cc' | grep -v '_test\.cc$' |
  xargs -P 2 -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
