#!/usr/bin/env bash
# The README's test command. Installs what the tests that run outside processes need
# (Category=Process: a real redis-server, buf, Chromium for the board's browser tests, Python's grpcio)
# when it is missing, then runs
# `dotnet test RiskGrains.sln` with the arguments given.
#
#   ./test.sh                                 every test
#   ./test.sh --filter "Category!=Process"    only the tests that need nothing but the .NET SDK (installs nothing)
#   ./test.sh --deps                          install the dependencies and stop
set -euo pipefail
cd "$(dirname "$0")"

BUF_VERSION=1.75.0

say() { printf 'test.sh: %s\n' "$*" >&2; }

# Runs a command as root: directly when root, else through sudo when there is one.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 127
  fi
}

install_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; }; then
    say "redis-server is missing and cannot be installed here (needs apt-get, as root or with sudo)."
    say "Install the redis-server package yourself, or run only the tests without outside processes:"
    say "  ./test.sh --filter \"Category!=Process\""
    return 1
  fi
  say "installing redis-server (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # The package starts a service of its own on 6379; the tests start their own servers on free ports.
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    as_root systemctl stop redis-server >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    as_root service redis-server stop >/dev/null 2>&1 || true
  fi
}

# The board's browser tests drive Debian's Chromium through Playwright (no browser download).
install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; }; then
    say "chromium is missing and cannot be installed here (needs apt-get, as root or with sudo)."
    say "Install the chromium package yourself, or run only the tests without outside processes:"
    say "  ./test.sh --filter \"Category!=Process\""
    return 1
  fi
  say "installing chromium (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# A test calls the service from Python's grpcio (Debian's python3-grpcio) on the port it shares with HTTP/1.1.
install_python_grpcio() {
  /usr/bin/python3 -c 'import grpc' >/dev/null 2>&1 && return 0
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; }; then
    say "python3-grpcio is missing and cannot be installed here (needs apt-get, as root or with sudo)."
    return 1
  fi
  say "installing python3-grpcio (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grpcio >/dev/null
}

install_buf() {
  command -v buf >/dev/null 2>&1 && return 0
  if ! command -v npm >/dev/null 2>&1; then
    say "buf is missing and npm is not there to install it: install Node.js (npm), or buf $BUF_VERSION itself,"
    say "or run only the tests without outside processes: ./test.sh --filter \"Category!=Process\""
    return 1
  fi
  say "installing buf $BUF_VERSION (npm)"
  if ! npm install -g --no-audit --no-fund "@bufbuild/buf@$BUF_VERSION" && ! as_root npm install -g --no-audit --no-fund "@bufbuild/buf@$BUF_VERSION"; then
    say "could not install buf: npm install -g needs write access to $(npm prefix -g) (run as root or with sudo)"
    return 1
  fi
  if ! command -v buf >/dev/null 2>&1; then
    say "buf was installed into $(npm prefix -g)/bin, which is not on PATH"
    return 1
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET SDK is missing (global.json names the version)"
  exit 1
fi

if [ "${1:-}" = "--deps" ]; then
  install_redis
  install_buf
  install_chromium
  install_python_grpcio
  exit 0
fi

# A run that leaves out the Process tests needs neither.
needs_processes=true
for arg in "$@"; do
  case "$arg" in
    *'Category!=Process'*) needs_processes=false ;;
  esac
done
if $needs_processes; then
  install_redis
  install_buf
  install_chromium
  install_python_grpcio
fi

exec dotnet test RiskGrains.sln "$@"
