"""The converters `bench/compare.py` runs, one function per tool.

Contract: each ``<tool>_run(doc, work, out)`` returns the `Invocation` that
converts ``doc`` whose sources were copied to the scratch folder ``work``: the
exact command line (run with ``cwd=work``), and the folder where the HTML
site is once the command has finished (``out``, or a folder inside it).  Every
tool gets its own fresh copy of the sources, so the junk converters write next
to the sources (``.aux``, ``.4ct``, ``images.tex`` ...) never leaks from one
run into another, and the read-only corpus is never touched.

Pages are counted the same way for every tool (`count_pages`): HTML files in
the output folder, byte-identical files counted once (latex2html writes
``index.html`` as a copy of the top page).  ``pdflatex``/``xelatex`` is not a
converter but the physical reference: one typesetting pass with the aux files
warm (`tex_pass_run`; `compare.py` runs it once unmeasured first).

Nothing here runs a process except the `*_version` functions, which ask a
tool for its version string.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Callable

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass(frozen=True, slots=True)
class Doc:
    """One corpus document: how it is typeset (from the corpus README table)."""

    name: str
    """Folder name under the corpus root."""
    main: str
    """Main file, relative to the document folder."""
    engine: str = "pdflatex"
    """``pdflatex`` or ``xelatex``: the engine of the reference PDF."""
    shell_escape: bool = False
    """The document runs external programs (minted)."""
    outdir: str = ""
    """TeX output directory the document expects (blake3's minted uses ``build``)."""


CORPUS_DOCS: tuple[Doc, ...] = (
    # Smallest first, so a run that is cut short still covers most documents.
    Doc("sphere-eversion-blueprint", "print.tex", engine="xelatex"),
    Doc("blake3", "blake3.tex", shell_escape=True, outdir="build"),
    Doc("yellowpaper", "Paper.tex"),
    Doc("pfr-blueprint", "print.tex", engine="xelatex"),
    Doc("forallx-yyc", "forallxyyc.tex"),
    Doc("realanal", "realanal.tex"),
    Doc("hott", "hott-online.tex"),
    Doc("diffyqs", "diffyqs.tex"),
    Doc("openlogic", "open-logic-complete.tex"),
)


@dataclass(slots=True)
class Invocation:
    """How to run one conversion."""

    argv: list[str]
    """Command line, run in the scratch copy of the sources."""
    site: str
    """Folder that holds the HTML output after the run."""
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment variables."""


@dataclass(frozen=True, slots=True)
class Tool:
    """A converter (or the TeX reference pass) as the harness sees it."""

    name: str
    run: Callable[[Doc, str, str], Invocation]
    available: Callable[[], str | None]
    """Returns None when the tool can run, else why not (shown in the table)."""
    version: Callable[[], str]
    timeout: float
    """Default time limit in seconds."""
    is_reference: bool = False
    """True for the TeX pass: no HTML, no fidelity."""


# ---------------------------------------------------------------- helpers

def count_pages(site: str) -> int:
    """HTML files under ``site``, byte-identical files and symlinks counted once."""
    seen: set[str] = set()
    for path in glob.glob(os.path.join(site, "**", "*.html"), recursive=True) + glob.glob(
        os.path.join(site, "**", "*.xhtml"), recursive=True
    ):
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            seen.add(hashlib.sha1(f.read()).hexdigest())
    return len(seen)


def _first_line(argv: list[str]) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc.__class__.__name__})"
    text = (p.stdout or "") + (p.stderr or "")
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "unknown"


def _which(name: str) -> str | None:
    return shutil.which(name)


def _missing(name: str, how: str) -> Callable[[], str | None]:
    def check() -> str | None:
        return None if _which(name) else f"{name} not installed ({how})"
    return check


# ---------------------------------------------------------------- octavo

def octavo_exe() -> str:
    return os.environ.get("OCTAVO_EXE", os.path.join(REPO, ".venv", "bin", "octavo"))


def octavo_available() -> str | None:
    exe = octavo_exe()
    if not os.path.exists(os.path.join(REPO, "src", "octavo", "cli", "main.py")):
        return "not available (src/octavo/cli/main.py missing)"
    if not os.access(exe, os.X_OK):
        return f"not available ({exe} missing: make venv)"
    return None


def octavo_run(doc: Doc, work: str, out: str) -> Invocation:
    # one picture cache per document for the whole harness run, beside the scratch
    # copies (each run gets a fresh copy of the sources): runs after the first are warm,
    # as TeX's aux files are for the TeX pass; compare.py reports the first (cold) apart
    cache = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(work))),
                         f"{doc.name}.octavo-cache")
    return Invocation([octavo_exe(), "build", doc.main, "-o", out, "--cache-dir", cache], site=out)


def octavo_version() -> str:
    commit = _first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", REPO, "diff", "--quiet", "HEAD", "--", "src"],
                           capture_output=True).returncode
    try:
        from importlib.metadata import version
        ver = version("octavo")
    except Exception:
        ver = "?"
    return f"octavo {ver} (commit {commit}{', src modified' if dirty else ''})"


def octavo_commit() -> str:
    return _first_line(["git", "-C", REPO, "rev-parse", "HEAD"])


# ---------------------------------------------------------------- pandoc 3

def pandoc_exe() -> str | None:
    """pandoc shipped by the pypandoc-binary wheel in the project venv, else PATH."""
    pattern = os.path.join(REPO, ".venv", "lib", "python3*", "site-packages",
                           "pypandoc", "files", "pandoc")
    found = sorted(glob.glob(pattern))
    if found:
        return found[-1]
    return _which("pandoc")


def pandoc_available() -> str | None:
    return None if pandoc_exe() else "pandoc not installed (pip install pypandoc-binary)"


def pandoc_run(doc: Doc, work: str, out: str) -> Invocation:
    # chunkedhtml: one page per chapter (the default --split-level=1), a folder as -o.
    return Invocation([pandoc_exe() or "pandoc", doc.main, "-s", "-t", "chunkedhtml",
                       "--mathml", "-o", out], site=out)


def pandoc_version() -> str:
    return _first_line([pandoc_exe() or "pandoc", "--version"])


# ---------------------------------------------------------------- LaTeXML

def latexml_run(doc: Doc, work: str, out: str) -> Invocation:
    # --split splits at sections by default (--splitat=section); --timeout is
    # latexmlc's own limit (600 s by default): raised so that the harness's
    # limit is the one that stops it.
    return Invocation(["latexmlc", f"--dest={os.path.join(out, 'index.html')}", "--split",
                       "--pmml", "--timeout=100000", doc.main], site=out)


def latexml_version() -> str:
    return _first_line(["latexmlc", "--VERSION"])


# ---------------------------------------------------------------- make4ht

def make4ht_run(doc: Doc, work: str, out: str) -> Invocation:
    # html5 output (make4ht's default format), MathML for math, one page per
    # section ("3"); -x / -s as the document's engine and minted need.
    argv = ["make4ht", "-u"]
    if doc.engine == "xelatex":
        argv.append("-x")
    if doc.shell_escape:
        argv.append("-s")
    argv += ["-d", out, doc.main, "mathml,3"]
    return Invocation(argv, site=out)


def make4ht_version() -> str:
    return _first_line(["make4ht", "--version"])


# ---------------------------------------------------------------- latex2html

def latex2html_run(doc: Doc, work: str, out: str) -> Invocation:
    # One page per section (-split 3: levels are part 1, chapter 2, section 3);
    # defaults otherwise (math as images); -noinfo drops the "About this
    # document" page, which is not part of the book.
    return Invocation(["latex2html", "-dir", out, "-mkdir", "-noinfo", "-split", "3",
                       doc.main], site=out)


def latex2html_version() -> str:
    return _first_line(["latex2html", "-v"])


# ---------------------------------------------------------------- TeX reference pass

def tex_pass_run(doc: Doc, work: str, out: str) -> Invocation:
    argv = [doc.engine, "-interaction=nonstopmode"]
    if doc.shell_escape:
        argv.append("-shell-escape")
    if doc.outdir:
        argv.append(f"-output-directory={doc.outdir}")
    argv.append(doc.main)
    return Invocation(argv, site=out)


def tex_available() -> str | None:
    if _which("pdflatex") and _which("xelatex"):
        return None
    return "TeX not installed (bench/setup.sh)"


def tex_version() -> str:
    return _first_line(["pdflatex", "--version"])


TOOLS: dict[str, Tool] = {
    "octavo": Tool("octavo", octavo_run, octavo_available, octavo_version, 300),
    "pandoc": Tool("pandoc", pandoc_run, pandoc_available, pandoc_version, 300),
    "latexml": Tool("latexml", latexml_run, _missing("latexmlc", "apt-get install latexml"),
                    latexml_version, 900),
    "make4ht": Tool("make4ht", make4ht_run, _missing("make4ht", "apt-get install texlive-extra-utils"),
                    make4ht_version, 300),
    "latex2html": Tool("latex2html", latex2html_run,
                       _missing("latex2html", "apt-get install latex2html"),
                       latex2html_version, 300),
    "tex": Tool("tex", tex_pass_run, tex_available, tex_version, 300, is_reference=True),
}
"""All tools, in the order the tables list them; ``tex`` is the reference pass."""

ANCHORS = ("pandoc", "latexml", "make4ht", "latex2html")
