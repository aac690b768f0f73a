#!/usr/bin/env bash
# Install what the site tests need beyond Python: Debian's Chromium (tests/sites/test_browser.py)
# and the Nu Html Checker from the npm package vnu-jar (tests/sites/test_validator.py).
# Idempotent: each step is skipped when its result is already there.
#
# vnu.jar goes to $OCTAVO_TOOLS (default ~/.cache/octavo-tools), outside the repository;
# the tests look for it at $OCTAVO_TOOLS/node_modules/vnu-jar/build/dist/vnu.jar
# (or $OCTAVO_VNU_JAR when set).
set -euo pipefail

TOOLS="${OCTAVO_TOOLS:-$HOME/.cache/octavo-tools}"
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then
        $SUDO apt-get -o DPkg::Lock::Timeout=1800 update -qq >/dev/null
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=1800 install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
fi

if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless
fi

if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
fi

jar="$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -f "$jar" ]; then
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent vnu-jar
fi

echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
echo "vnu.jar:  $jar"
