"""Issue 5, "Done when", on the real corpus through the real pipeline: every formula of
the source is a ``<math>`` element of the built site, none shows an ``<merror>``, and
every \\eqref resolves.

The source is counted independently of octavo's engine, by regular expressions
(`octavo.math.scan.document_source`): formulas in the document body and the files it
includes (the author's own include commands are named per document; definitions are taken
from those files and the folder's .sty, not from .tex files the document never reads; the
branches not taken of \\newif conditionals set once, such as forall x's \\ifHTMLtarget,
are skipped), plus one formula per use, in
running text, of a command the source defines as a formula
(``\\newcommand{\\R}{\\ensuremath{...}}``, or ``\\let`` to one, counted by
`formula_macros`), the author's display environments (`formula_environments`), the
formulas of the printed glossary entries (`glossary_formulas`) and of the cited .bib
entries (`bibliography_formulas`).  Left out: the arguments of \\index and of the author's
index macros (printed in the index only), the bodies of definitions (shown where used),
comment environments.  The site is counted in each page's ``<main>``, leaving out
navigation (``<nav>``: tables of contents repeat section titles) and the index (its
entries repeat formulas of the text).  A formula that real TeX draws as a picture (a
diagram, a TikZ macro inside math) is a picture placeholder in the site and counts as
shown.  ``bench/mathcount.py DOC`` shows the two counts file by file and line by line.

Every document is built with ``--no-tex`` (pictures are placeholders; the formulas are
the same).  Measured when this was written (source = site math + pictures):

====================  ========  ========  ======  =======================================
document              source    site      merror  notes
====================  ========  ========  ======  =======================================
yellowpaper           1191      1191      0       2 formulas drawn as pictures (\\hcancel)
sphere-eversion-bp    2517      2517      0
pfr-blueprint         1944      1944      0
blake3                223       223       0
diffyqs               11592     11592     0
realanal              12217     12217     0       incl. 182 glossary formulas
hott                  17246     17246     0       incl. 6 bibliography formulas
openlogic             33545+1   33546     0       counted as LaTeX reads it (see below);
                                                  +1: a $ inside \\Sat's argument (a source
                                                  error); labels \\ollabel makes: a second
                                                  reading, as LaTeX's second run
forallx-yyc           5066+1    5067      0       incl. 39 glossary formulas; +1: \\item[\\nu]
                                                  (a source error)
====================  ========  ========  ======  =======================================

openlogic's text depends on its tags (``\\tagfalse{FOL}`` before including the
first-order chapters again for propositional logic, ``\\iftag{...}{...}{...}``) and on its
labels (``\\oliflabeldef``), which a regular expression cannot evaluate: it is counted in a
copy where bench/tagfilter.py has evaluated them as LaTeX does (`AS_LATEX_READS`), with
the formulas its preamble makes in ways scan does not read (\\DeclareDocumentCommand
macros, text tokens, bussproofs proofs and tableaux drawn as pictures).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from octavo.math.scan import document_source

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tagfilter  # noqa: E402

CORPUS = Path("/work/shared/corpus")
OCTAVO = [sys.executable, "-m", "octavo"]

# built with --no-tex: about 30 s of CPU for all eight on the 2-core machine
pytestmark = pytest.mark.slow

DOCS = {
    # name: (main file, the author's include commands (regex: groups dir, file) or None
    # when the count cannot be compared)
    "yellowpaper": ("Paper.tex", ()),
    "sphere-eversion-blueprint": ("print.tex", ()),
    "pfr-blueprint": ("print.tex", ()),
    "blake3": ("blake3.tex", ()),
    "diffyqs": ("diffyqs.tex", ()),
    "realanal": ("realanal.tex", ()),
    "hott": ("hott-online.tex", ()),
    "openlogic": ("open-logic-complete.tex", [tagfilter.OLIMPORT]),
    "forallx-yyc": ("forallxyyc.tex", ()),
}

AS_LATEX_READS = {
    # tags, \\oliflabeldef and preamble formulas evaluated in a copy (bench/tagfilter.py)
    "openlogic": tagfilter.openlogic_source,
}
"""Documents counted in a copy written as LaTeX reads them: (its main file, formula
macros to add, ...)."""

SOURCE_ERRORS = {
    # forallx-yyc-ml.tex:465 \item[\nu] in text: TeX inserts the missing $ and shows a
    # formula the source does not delimit (octavo warns W-MATH-OUTSIDE there)
    "forallx-yyc": 1,
    # second-order-logic/metatheory/undecidability-and-axiomatizability.tex:33
    # $\\Sat{M}{!P \\lif !A$}: the closing $ inside \\Sat's argument ends the formula in
    # TeX (xparse passes the argument without its braces) and in octavo; the counter does
    # not close a formula at a $ inside braces and pairs the next $s wrongly: one lost
    "openlogic": 1,
}
"""Formulas that TeX makes out of an error in the source (a math command in text)."""

SITE_LOSSES: dict = {
    # document -> why the site does not show the formulas LaTeX shows (strict xfail:
    # remove the entry when it is fixed).
    # forallx-yyc's 4 explicit \item[2$'$.] labels of numbered lists, which the HTML
    # writer dropped, are shown since b_List keeps an author's labels.
}

_MAIN = re.compile(r"<main\b.*?</main>", re.S)
_NAV = re.compile(r"<nav\b.*?</nav>", re.S)
_INDEX = re.compile(r'<section class="index">.*?</section>', re.S)
_MERROR = re.compile(r"<merror>(?:<mtext>)?([^<]*)")
_PICTURE = re.compile(r'<figure[^>]*class="placeholder[^"]*"[^>]*>\s*'
                      r'(?:<img[^>]*alt="(?P<alt>[^"]*)"|<pre class="placeholder-source">'
                      r'(?P<src>[^<]{0,20}))')


FORMULA_PICTURE = ("$", "\\[", "\\(", "\\begin{align*}", "\\begin{gather*}", "\\begin{flalign*}",
                   "\\begin{multline*}")
"""How a formula drawn as a picture starts: inline, display, or an alignment display
(which goes to TeX in its starred environment, its & being an error in \\[ \\])."""


def source_count(doc_dir: Path, main: str, extra_macros=(), includes=(), prepare=None) -> int:
    """Formulas of the source, counted by regular expressions (no macro expansion); with
    ``prepare`` (`AS_LATEX_READS`) in the copy it writes."""
    if prepare is None:
        body, printed = document_source(doc_dir / main, extra_includes=list(includes),
                                        extra_macros=extra_macros)
        return len(body) + len(printed)
    with tempfile.TemporaryDirectory() as tmp:
        copy, macros, _ = prepare(doc_dir / main, Path(tmp))
        return source_count(copy.parent, copy.name, set(extra_macros) | set(macros), includes)


def census(site: Path) -> dict:
    """What the built site shows: <math> elements and formula pictures in <main> (no
    navigation, no index), <merror> texts, unresolved equation references."""
    maths = pictures = unresolved = 0
    merrors: dict = {}
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for main in _MAIN.findall(text):
            main = _NAV.sub("", main)
            main = _INDEX.sub("", main)
            maths += main.count("<math")
            for m in _PICTURE.finditer(main):
                shown = m.group("alt") if m.group("alt") is not None else m.group("src")
                if shown.startswith(FORMULA_PICTURE):
                    pictures += 1
            for name in _MERROR.findall(main):
                merrors[name] = merrors.get(name, 0) + 1
            unresolved += main.count("ref-eqref ref-unresolved") + main.count("(??)")
    return {"math": maths, "pictures": pictures, "merror": merrors, "unresolved": unresolved}


def _build(name: str, main: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(OCTAVO + ["build", str(CORPUS / name / main), "-o", str(out),
                                    "--no-tex", "--timeout", "600"],
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module", params=sorted(DOCS))
def built(request, tmp_path_factory):
    name = request.param
    if not (CORPUS / name).is_dir():
        pytest.skip(f"corpus document {name} not present in {CORPUS}")
    out = tmp_path_factory.mktemp("site-" + name)
    proc = _build(name, DOCS[name][0], out)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return name, out, proc.stderr


def test_every_formula_is_math(built, request):
    name, site, _ = built
    if name in SITE_LOSSES:
        request.node.add_marker(pytest.mark.xfail(reason=SITE_LOSSES[name], strict=True))
    main, includes = DOCS[name]
    if includes is None:
        pytest.skip(f"{name}: the text depends on conditions a regex cannot evaluate")
    got = census(site)
    expected = source_count(CORPUS / name, main, includes=includes,
                            prepare=AS_LATEX_READS.get(name)) + SOURCE_ERRORS.get(name, 0)
    assert got["math"] + got["pictures"] == expected, got


def test_no_merror(built):
    _, site, _ = built
    assert census(site)["merror"] == {}


def test_every_eqref_resolves(built):
    _, site, stderr = built
    assert census(site)["unresolved"] == 0
    assert "W-MATH-REF" not in stderr


def test_census_counts_what_it_claims(tmp_path):
    """The census itself, on a hand-made site page and source."""
    page = tmp_path / "a.html"
    page.write_text(
        '<nav><math></math></nav><main id="octavo-main"><nav id="contents"><math></math></nav>'
        '<p><math display="inline"><mi>x</mi></math> <math><merror><mtext>\\foo</mtext>'
        '</merror></math></p><figure class="placeholder picture"><img src="p.svg" alt="$\\xymatrix{}$">'
        '</figure><span class="ref ref-eqref ref-unresolved">[x]</span></main>', encoding="utf-8")
    (tmp_path / "idx.html").write_text('<main><section class="index"><math></math></section></main>',
                                       encoding="utf-8")
    got = census(tmp_path)
    assert got == {"math": 2, "pictures": 1, "merror": {"\\foo": 1}, "unresolved": 1}
    src = tmp_path / "s"
    src.mkdir()
    (src / "main.tex").write_text(
        "\\newcommand{\\R}{\\ensuremath{\\mathbb R}}\n\\begin{document}\n$a$ \\R and $\\R$\n"
        "\\input{ch}\n\\end{document}\n", encoding="utf-8")
    (src / "ch.tex").write_text("\\[b\\] % $c$\n", encoding="utf-8")
    assert source_count(src, "main.tex") == 4  # $a$, \R in text, $\R$, \[b\]
    # index entries, definitions in the body, \let to a formula macro, an author's display
    # environment, glossary entries used, cited .bib entries
    (src / "main.tex").write_text(
        "\\newcommand{\\R}{\\ensuremath{\\mathbb R}}\\let\\reals\\R\n"
        "\\newcommand{\\idx}[1]{\\index{#1}}\n"
        "\\newenvironment{eqn}{\\begin{equation}}{\\end{equation}}\n"
        "\\newglossaryentry{g}{name={$g$}, description={a $G$}}\n"
        "\\newglossaryentry{h}{name={$h$}, description={unused}}\n"
        "\\begin{document}\n\\newcommand{\\cA}{\\hbox{$0$}}\n"
        "$a$\\index{a@$a$} \\idx{$b$} \\reals \\cA \\glsadd{g}\n"
        "\\begin{eqn} c \\end{eqn} \\cite{k}\n\\end{document}\n", encoding="utf-8")
    (src / "refs.bib").write_text("@book{k, title={On $x$}}\n@book{l, title={On $y$}}\n",
                                  encoding="utf-8")
    # $a$, \reals, \cA, the eqn display, $g$ and $G$ of the glossary, $x$ of the cited entry
    assert source_count(src, "main.tex") == 7
