#!/usr/bin/env bash
# bench/setup.sh - install what `make bench` needs on a fresh Debian 12 machine.
#
# Idempotent: apt-get and pip skip what is already there.  Run as root (or with
# sudo available).  Installs:
#   * TeX Live 2022 (Debian) with the packages the corpus needs (see
#     ../shared/corpus/README.md), used for the pdflatex/xelatex reference pass
#     and by make4ht.  texlive-fonts-extra (large) is needed: diffyqs, realanal
#     and forallx-yyc load newpx/newtx/stix2/Baskervaldx from it; the two
#     blueprints load Asana-Math.otf, which Debian ships as fonts-oflb-asana-math.
#   * the anchors: latexml (LaTeXML), latex2html, make4ht (comes with
#     texlive-extra-utils' tex4ht via texlive-latex-extra/ texlive-plain-generic),
#   * poppler-utils (pdftotext), wamerican (fidelity.py's word list), time,
#     python3-pygments (minted in blake3),
#   * into the project's .venv: pypandoc-binary (pandoc 3), matplotlib,
#     selectolax (the harness reads /proc itself; no psutil).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${OCTAVO_VENV:-$repo/.venv}"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

debs=(
  texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended texlive-fonts-extra texlive-science
  texlive-pictures texlive-bibtex-extra texlive-lang-german texlive-xetex
  texlive-luatex texlive-plain-generic texlive-extra-utils biber latexmk
  fonts-oflb-asana-math latexml latex2html poppler-utils wamerican time python3-pygments
)

missing=()
for p in "${debs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing from Debian: ${missing[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=1800 update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=1800 install -y --no-install-recommends "${missing[@]}"
else
  echo "setup.sh: Debian packages already installed"
fi

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pypandoc-binary matplotlib selectolax

echo "setup.sh: versions"
"$venv/bin/python" - <<'PY'
import pypandoc, matplotlib
print("  pandoc", pypandoc.get_pandoc_version(), "(pypandoc-binary)")
print("  matplotlib", matplotlib.__version__)
PY
for cmd in "pdflatex --version" "xelatex --version" "latexmlc --VERSION" "make4ht --version" "latex2html -v"; do
  set +e; out=$($cmd 2>&1 | head -1); set -e
  echo "  $cmd: $out"
done
