#!/usr/bin/env bash
# Sets everything up and runs KetNoi on its demo data (embedded SQLite, no other server).
# Extra arguments go to `ketnoi demo`, e.g. scripts/demo.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
exec build/release/src/app/ketnoi demo --db build/release/ketnoi-demo.db "$@"
