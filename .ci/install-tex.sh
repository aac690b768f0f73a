#!/usr/bin/env bash
# Install what the real-TeX picture fallback needs (src/octavo/fallback, tests marked
# needs_tex): TeX Live (latex, tikz/pgf, pgfplots via texlive-latex-extra),
# preview-latex-style (the preview package crops each picture), dvisvgm, and for
# PDF/EPS graphics poppler's pdftocairo and ghostscript.
# Idempotent: packages already installed are not fetched again, apt-get update runs only
# when something is missing.
set -euo pipefail

PACKAGES=(texlive-latex-base texlive-latex-recommended texlive-pictures texlive-latex-extra
          preview-latex-style dvisvgm poppler-utils ghostscript)
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-tex: installing ${missing[*]}"
    $SUDO apt-get -o DPkg::Lock::Timeout=1800 update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=1800 install -y -qq \
        --no-install-recommends "${missing[@]}"
else
    echo "install-tex: all of ${PACKAGES[*]} already installed"
fi

for tool in latex dvisvgm pdftocairo gs; do
    command -v "$tool" >/dev/null || { echo "install-tex: $tool still missing" >&2; exit 1; }
done
