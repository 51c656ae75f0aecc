#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine with Python 3.11:
# the Debian packages of scripts/apt-packages.txt (only those missing), uv (through
# pip when absent) and the locked Python environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -v '^\s*#' scripts/apt-packages.txt | grep -v '^\s*$' | tr '\n' ' ')
missing=""
for p in $packages; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
    echo "setup: installing uv with pip"
    python3 -m pip install --quiet --disable-pip-version-check uv
fi
export UV_COMPILE_BYTECODE=1
uv sync --frozen --quiet
