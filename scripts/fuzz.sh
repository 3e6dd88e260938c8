#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while from
# its seeds: scripts/fuzz.sh [seconds per target, default 20]. A crash fails the script
# and leaves the crashing input in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/artifacts
for target in json_body batch_input query_text bibtex csv orcid openalex; do
  echo "== fuzz $target (${seconds}s)"
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  log="build/fuzz/$target.log"
  if ! build/fuzz/fuzz/${target}_fuzz -max_total_time="$seconds" -max_len=65536 \
      -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/${target}- \
      "$corpus" "fuzz/seeds/$target" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz $target failed; the input is in build/fuzz/artifacts/"
    exit 1
  fi
  grep -E "^(Done|stat::new_units_added)" "$log"
done
