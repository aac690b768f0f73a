"""Symbol tables against the packages themselves: every math symbol that amssymb,
latexsym, amsmath and the LaTeX kernel (fontmath.ltx) declare is known to octavo.
Reads the installed .sty files through kpsewhich; skips without TeX Live."""

import re
import shutil
import subprocess

import pytest

from octavo.math.commands import COMMANDS
from octavo.math.symbols import ACCENTS, FUNCTIONS, LIMIT_FUNCTIONS, SYMBOLS

KNOWN = set(SYMBOLS) | set(FUNCTIONS) | set(LIMIT_FUNCTIONS) | set(ACCENTS) | set(COMMANDS)
# Glyph pieces the kernel uses to build other symbols; never written by authors.
PIECES = {"braceld", "bracelu", "bracerd", "braceru", "lhook", "rhook", "mapstochar"}
# stmaryrd symbols without a faithful Unicode character (octavo reports them unknown).
STMARYRD_UNMAPPED = {
    "Arrownot", "Mapsfromchar", "Mapstochar", "Ydown", "Yleft", "Yright", "Yup",
    "arrownot", "bbslash", "biginterleave", "bignplus", "curlyveedownarrow",
    "curlyveeuparrow", "curlywedgedownarrow", "curlywedgeuparrow", "inplus",
    "leftrightarroweq", "llceil", "llfloor", "mapsfromchar", "niplus", "ovee", "owedge",
    "rrceil", "rrfloor", "varcurlyvee", "varcurlywedge", "varovee", "varowedge"}


def declared(name: str) -> set:
    if shutil.which("kpsewhich") is None:
        pytest.skip("TeX Live not installed: apt-get install texlive-latex-extra")
    path = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
    if not path:
        pytest.skip(f"{name} not installed")
    text = open(path, encoding="latin-1").read()
    return set(re.findall(r"\\DeclareMath(?:Symbol|Delimiter|Accent|Radical)\{?\\([A-Za-z]+)", text))


@pytest.mark.parametrize("package,allowed", [
    ("amssymb.sty", set()), ("latexsym.sty", set()), ("amsmath.sty", set()),
    ("fontmath.ltx", PIECES), ("stmaryrd.sty", STMARYRD_UNMAPPED)])
def test_every_declared_symbol_is_known(package, allowed):
    names = declared(package)
    assert names, package
    assert sorted(names - KNOWN - allowed) == []


@pytest.mark.parametrize("name,text,kind", [
    ("leq", "\u2264", "rel"), ("subsetneq", "\u228a", "rel"), ("mathbb", None, None),
    ("sum", "\u2211", "op"), ("int", "\u222b", "opi"), ("langle", "\u27e8", "open"),
    ("llbracket", "\u27e6", "open"), ("Box", "\u25a1", "mi0"), ("alpha", "\u03b1", "mi"),
    ("coloneqq", "\u2254", "rel"), ("varnothing", "\u2300", "mi0")])
def test_known_mappings(name, text, kind):
    if text is None:
        assert name not in SYMBOLS
        return
    assert (SYMBOLS[name].text, SYMBOLS[name].kind) == (text, kind)
