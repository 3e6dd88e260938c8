#!/usr/bin/env bash
# Fails if any C++ file differs from what clang-format (.clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== clang-format"
git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror
