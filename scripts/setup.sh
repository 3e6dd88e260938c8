#!/usr/bin/env bash
# Installs what KetNoi needs to build, run and test on Debian 12, then configures and
# builds the given CMake preset (default: release). Quick when everything is present.
#
#   scripts/setup.sh [preset] [--with-test-tools]
set -euo pipefail
cd "$(dirname "$0")/.."

preset="release"
test_tools=0
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) test_tools=1 ;;
    *) preset="$arg" ;;
  esac
done

packages=(g++ cmake ninja-build pkg-config libsqlite3-dev nlohmann-json3-dev libcpp-httplib-dev
          libcli11-dev libicu-dev libgtest-dev libgmock-dev libstemmer-dev libxapian-dev libsimdjson-dev)
if [ "$test_tools" = 1 ]; then
  packages+=(clang-format clang-tidy clang libclang-rt-14-dev chromium nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js may come from outside Debian's packages; a working node and npm is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for package in "${missing[@]}"; do
    case "$package" in nodejs|npm) ;; *) filtered+=("$package") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$test_tools" = 1 ]; then
  # playwright-core drives Debian's Chromium; it never downloads a browser of its own.
  if [ ! -d tests/e2e/node_modules/playwright-core ] ||
     [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
