#!/usr/bin/env bash
# Holds every #include "module/..." in src/ against the dependency table of
# docs/ARCHITECTURE.md: a module may include only itself and the modules listed for it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== layer check"
declare -A allowed=(
  [base]="base"
  [model]="base model"
  [index]="base text index"
  [rank]="base model text index rank"
  [text]="base text"
  [import]="base model text import"
  [storage]="base model storage"
  [service]="base model text rank import storage service"
  [http]="base model service http"
  [app]="base model text rank import storage service http app"
)
status=0
while IFS= read -r file; do
  module="${file#src/}"
  module="${module%%/*}"
  while IFS= read -r included; do
    target="${included%%/*}"
    if [[ " ${allowed[$module]:-} " != *" $target "* ]]; then
      echo "$file: module '$module' may not include \"$included\""
      status=1
    fi
  done < <(grep -oE '^#include "[a-z_]+/[^"]+"' "$file" | sed -E 's/#include "([^"]+)"/\1/')
done < <(git ls-files 'src/*.h' 'src/*.cc')
exit $status
