"""Variants of hostile.md §6 beyond its 46 cases, in the same spirit: other commands
that read, write or run something, other bombs, other injection channels.  Each runs
octavo in a subprocess under the audit hook with the common assertions (a)-(g) and
checks what the plan asks of a hostile input: the damage refused, a located message at
the offending line, the rest of the document kept."""

from __future__ import annotations

import pytest
from hostile_harness import D_BUDGET, D_LIMIT, assert_safe

MARK = "RESTMARKER"


def doc(*body: str, preamble: tuple = ()) -> str:
    """Line 1 documentclass, preamble, begin{document}; body from line 3 + len(preamble)."""
    return "\n".join(["\\documentclass{article}", *preamble, "\\begin{document}", *body, MARK,
                      "\\end{document}", ""])


def located(r, line: int, severity: str | None = None) -> bool:
    return any(d.line == line and d.file.endswith("main.tex") and (severity is None or d.severity == severity)
               for d in r.diagnostics)


SECRET = "../outside/secret"

# (id, preamble, body line): every one tries to read the secret outside the project
READERS = [
    ("catchfile", ("\\usepackage{catchfile}",), f"\\CatchFileDef{{\\x}}{{{SECRET}.tex}}{{}}\\x"),
    ("iffileexists", (), f"\\IfFileExists{{{SECRET}.tex}}{{\\input{{{SECRET}}}}}{{absent}}"),
    ("inputiffileexists", (), f"\\InputIfFileExists{{{SECRET}.tex}}{{}}{{}}"),
    ("verbatiminput", ("\\usepackage{verbatim}",), f"\\verbatiminput{{{SECRET}.tex}}"),
    ("fancyvrb", ("\\usepackage{fancyvrb}",), f"\\VerbatimInput{{{SECRET}.tex}}"),
    ("minted", ("\\usepackage{minted}",), f"\\inputminted{{text}}{{{SECRET}.tex}}"),
    ("usepackage", (), f"\\usepackage{{{SECRET}}}"),
    ("import", ("\\usepackage{import}",), "\\import{../outside/}{secret}"),
    ("subimport-abs", ("\\usepackage{import}",), "\\subimport*{/etc/}{passwd}"),
    ("hat-notation", (), "\\input{^^2e^^2e/outside/secret}"),
    ("primitive-syntax", (), "\\input ../outside/secret "),
    ("csname-built", (), "\\edef\\p{\\string.\\string./outside/secret}\\input{\\p}"),
    ("graphicspath", ("\\usepackage{graphicx}",), "\\graphicspath{{../outside/}}\\includegraphics{secret.png}"),
    ("openin-read", (), f"\\newread\\r\\openin\\r={SECRET}.tex \\read\\r to\\x \\x\\closein\\r"),
    ("proc-environ", ("\\usepackage{listings}",), "\\lstinputlisting{/proc/self/environ}"),
    ("home-tilde", (), "\\input{~/.bashrc}"),
    ("addbibresource", ("\\usepackage{biblatex}", f"\\addbibresource{{{SECRET}.bib}}"),
     "\\nocite{*}\\printbibliography"),
    ("externaldocument", ("\\usepackage{xr}", f"\\externaldocument{{{SECRET}}}"), "\\ref{x}"),
]


@pytest.mark.parametrize("name,preamble,body", READERS, ids=[r[0] for r in READERS])
def test_h1_other_ways_to_read_outside(hostile, name, preamble, body):
    r = hostile.run({"main.tex": doc(body, preamble=preamble)})
    assert_safe(r, hostile)  # (c) nothing read outside, (f) the sentinel nowhere
    assert MARK in r.text(), r.explain()
    assert r.returncode in (0, 1), r.explain()
    if r.returncode == 1:
        # refused where it was asked for: the body's line, or the preamble's for a
        # package or a resource declared there
        lines = {3 + len(preamble)} | set(range(2, 2 + len(preamble)))
        errors = [d for d in r.diagnostics if d.severity == "error"]
        assert errors and all(d.line in lines for d in errors), r.explain()


def test_h2_filecontents_writes_nothing_outside_out(hostile):
    """filecontents writes a file in LaTeX; here it must not touch the project or
    anything outside out/, even when it names the source itself."""
    body = ("\\begin{filecontents*}{../outside/victim}", "overwritten", "\\end{filecontents*}",
            "\\begin{filecontents}[overwrite]{main.tex}", "overwritten", "\\end{filecontents}",
            "\\begin{filecontents*}{/tmp/octavo-pwned.tex}", "x", "\\end{filecontents*}")
    r = hostile.run({"main.tex": doc(*body)})
    assert_safe(r, hostile)  # (e): nothing outside out/ changed, the source included
    assert (hostile.outside / "victim").read_text() == "precious"
    assert MARK in r.text()


@pytest.mark.parametrize("body", [
    "\\openout1=|touch pwned \\write1{x}\\closeout1",
    "\\immediate\\openout1=../outside/victim \\immediate\\write1{x}\\immediate\\closeout1",
    "\\input{|\"touch pwned\"}",
    "\\openin1=|touch\\space pwned \\closein1",
    "\\directlua{os.remove('../outside/victim')}",
    "\\pdfshellescape\\message{\\the\\pdfshellescape}",
])
def test_h3_pipes_and_writes(hostile, body):
    r = hostile.run({"main.tex": doc(body)})
    assert_safe(r, hostile)
    assert not list(hostile.tmp.rglob("pwned*")), "a command from the input ran"
    assert (hostile.outside / "victim").read_text() == "precious"
    assert MARK in r.text()


# bombs not in the plan: each ends within its limit with a located E-LIMIT error
BOMBS = [
    ("toks-doubling", "\\toks0{xx}\\def\\d{\\toks0\\expandafter{\\the\\toks0\\the\\toks0}\\d}\\d"),
    ("romannumeral", "\\def\\r{\\romannumeral 2000000000 \\r}\\r"),
    ("aftergroup-flood", "\\def\\a{{\\aftergroup\\a}}\\a"),
    ("everypar-loop", "\\everypar{\\par\\indent}\\indent x"),
    ("afterassignment-loop", "\\def\\x{\\afterassignment\\x\\count0=1 }\\x"),
    ("csname-growth", "\\def\\g#1{\\expandafter\\g\\expandafter{\\csname#1#1\\endcsname}}\\g{ab}"),
    ("uppercase-growth", "\\def\\u#1{\\uppercase{\\u{#1#1}}}\\u{a}"),
    ("typeout-flood", "\\loop\\typeout{flood}\\message{flood}\\iftrue\\repeat"),
    ("par-redefined", "\\def\\par{\\par}\\par"),
    ("end-redefined", "\\let\\enddocument\\relax\\def\\end#1{\\end{#1}}\\end{x}"),
]


@pytest.mark.parametrize("name,body", BOMBS, ids=[b[0] for b in BOMBS])
def test_h4_other_bombs(hostile, name, body):
    r = hostile.run({"main.tex": doc(body)}, args=D_BUDGET, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert len(r.stderr) < 200_000, f"{len(r.stderr)} bytes on stderr"
    if r.returncode == 0:
        # not a loop for octavo (\everypar's paragraph is not re-entered): then the
        # document must simply be there
        assert MARK in r.text(), r.explain()
        return
    assert r.returncode == 1, r.explain()
    assert r.has("E-LIMIT", line=3), r.explain()


BIB_BOMB = "".join(["@string{s0 = \"xxxxxxxx\"}\n"] +
                   [f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 40)] +
                   ["@misc{bomb, title = s39, year = 2020}\n"])
BIB_CYCLE = ("@book{a, crossref = {b}, title = {A}, year = 2020}\n"
             "@book{b, crossref = {a}, title = {B}, year = 2020}\n"
             "@book{c, crossref = {c}, title = {C}, year = 2020}\n")


@pytest.mark.parametrize("bib", [BIB_BOMB, BIB_CYCLE], ids=["string-doubling", "crossref-cycle"])
def test_h5_bibliography_bombs(hostile, bib):
    r = hostile.run({"main.tex": doc("\\nocite{*}", "\\bibliographystyle{plain}", "\\bibliography{refs}"),
                     "refs.bib": bib}, args=D_BUDGET, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert r.returncode in (0, 1), r.explain()
    assert MARK in r.text()


SVG_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
              + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&j;</text></svg>\n')
SVG_XXE = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>\n')


@pytest.mark.parametrize("svg", [SVG_LAUGHS, SVG_XXE], ids=["billion-laughs", "external-entity"])
def test_h6_svg_entities(hostile, svg):
    r = hostile.run({"main.tex": doc("\\includegraphics{fig.svg}", preamble=("\\usepackage{graphicx}",)),
                     "fig.svg": svg})
    assert_safe(r, hostile)
    for rel, data in r.files.items():
        assert b"root:x:0:0" not in data, f"/etc/passwd in out/{rel}"
        assert b"aaaaaaaaaa" * 100 not in data, f"entities expanded into out/{rel}"
    assert MARK in r.text()


def test_h7_terminal_read_does_not_wait(hostile):
    """\\read16 reads the terminal in TeX: here it must not block on stdin."""
    r = hostile.run({"main.tex": doc("\\read16 to\\x \\read-1 to\\y \\message{\\x\\y}")}, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert MARK in r.text()


INJECTIONS = [
    ("htmladdnormallink", ("\\usepackage{html}",), "\\htmladdnormallink{click}{javascript:alert(1)}"),
    ("macro-built-scheme", ("\\usepackage{hyperref}",), "\\def\\s{java}\\href{\\s script:alert(1)}{click}"),
    ("vbscript-data", ("\\usepackage{hyperref}",),
     "\\href{vbscript:msgbox(1)}{a} \\url{data:text/html,<script>alert(1)</script>}"),
    ("hypersetup-title", ("\\usepackage{hyperref}", "\\hypersetup{pdftitle={</title><script>alert(1)</script>}}"),
     "text"),
    ("color-css", ("\\usepackage{xcolor}",),
     "\\textcolor{red;background:url(javascript:alert(1))}{a}\\definecolor{c}{HTML}{\"><script>}\\color{c}b"),
    ("index-markup", ("\\usepackage{makeidx}", "\\makeindex"),
     "\\index{<script>alert(1)</script>@x}\\index{a|see{<img src=x onerror=alert(1)>}}\\printindex"),
    ("math-html-commands", (), "$\\href{javascript:alert(1)}{x}\\class{\"><script>}{y}"
                               "\\style{background:url(javascript:alert(1))}{z}\\cssId{\"onmouseover=alert(1)}{w}$"),
    ("bib-url", ("\\usepackage{hyperref}",), "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}"),
]


@pytest.mark.parametrize("name,preamble,body", INJECTIONS, ids=[i[0] for i in INJECTIONS])
def test_h8_other_injection_channels(hostile, name, preamble, body):
    files = {"main.tex": doc(body, preamble=preamble),
             "refs.bib": "@misc{u, title={T}, url={javascript:alert(1)}, doi={\"><script>alert(1)</script>},"
                         " howpublished={\\url{jAvAsCrIpT:alert(2)}}, year=2020}\n"}
    r = hostile.run(files)
    assert_safe(r, hostile)  # (g): no script, no javascript: URL, no event handler, pages parse
    assert MARK in r.text()


def test_h9_main_file_is_a_fifo(hostile):
    import os
    os.mkfifo(hostile.proj / "main.tex")
    r = hostile.run(limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert r.returncode in (1, 2) and "main.tex" in r.stderr, r.explain()


# numbers that ask for huge output or loops in octavo's own LaTeX layer
HUGE = [
    ("roman-of-huge-counter", "\\setcounter{page}{1000000000}\\roman{page}\\Roman{page}"),
    ("romannumeral-huge", "\\romannumeral 2147483647 x"),
    ("counter-overflow", "\\setcounter{section}{2147483647}\\stepcounter{section}\\thesection"
                         "\\addtocounter{section}{2147483647}\\alph{section}\\fnsymbol{section}"),
    ("column-spec-repeat", "\\begin{tabular}{*{2000000000}{c}}a&b\\end{tabular}"),
    ("multicolumn-huge", "\\begin{tabular}{cc}\\multicolumn{2000000000}{c}{a}&b\\\\\\end{tabular}"),
    ("array-spec-repeat", "$\\begin{array}{*{1000000000}{c}}a&b\\end{array}$"),
    ("foreach-huge", "\\usepackage{pgffor}\\foreach \\x in {1,...,100000000}{\\x}"),
    ("whiledo", "\\newcounter{n}\\whiledo{\\value{n}<2000000000}{\\stepcounter{n}}"),
    ("forloop", "\\newcounter{n}\\forloop{n}{1}{\\value{n}<2000000000}{x}"),
    ("dimen-overflow", "\\hspace{\\maxdimen}\\rule{\\maxdimen}{\\maxdimen}\\vspace{16384pt}"
                       "\\setlength{\\parindent}{1e10pt}\\divide\\count0 by 0 \\multiply\\maxdimen by 2"),
    ("char-out-of-range", "\\char-1 \\char\"110000 \\symbol{1114112}\\Uchar\"D800 ^^^^^^10ffff"
                          "\\catcode 1114112=11 \\lccode-5=2"),
]


@pytest.mark.parametrize("name,body", HUGE, ids=[h[0] for h in HUGE])
def test_h10_huge_numbers(hostile, name, body):
    pre = ("\\usepackage{ifthen}", "\\usepackage{forloop}")
    r = hostile.run({"main.tex": doc(body, preamble=pre)}, args=D_BUDGET, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert sum(len(v) for v in r.files.values()) < 20_000_000, "output blown up"
    if r.returncode == 1:
        assert any(d.severity == "error" and d.line == 5 for d in r.diagnostics), r.explain()
    if not r.has("E-LIMIT"):
        # a budget that runs out stops reading (docs/security.md G5); anything else
        # must leave the rest of the document
        assert MARK in r.text(), r.explain()


DEEP = 20000
NESTINGS = [
    ("footnotes", "\\footnote{" * DEEP + "x" + "}" * DEEP),
    ("sections-in-titles", "\\section{" * 2000 + "x" + "}" * 2000),
    ("tabulars", "\\begin{tabular}{c}" * 2000 + "x" + "\\end{tabular}" * 2000),
    ("hrefs", "\\href{http://a}{" * DEEP + "x" + "}" * DEEP),
    ("index-levels", "\\index{" + "a!" * DEEP + "b}"),
    ("sqrt-optional", "$" + "\\sqrt[" * 5000 + "x" + "]{y}" * 5000 + "$"),
    ("left-without-right", "$" + "\\left(" * DEEP + "x$"),
    ("environments-unclosed", "\\begin{quote}" * DEEP),
    ("bib-braces", "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}"),
]


@pytest.mark.parametrize("name,body", NESTINGS, ids=[n[0] for n in NESTINGS])
def test_h11_deep_nesting_elsewhere(hostile, name, body):
    files = {"main.tex": doc(body, preamble=("\\usepackage{hyperref}", "\\usepackage{makeidx}")),
             "refs.bib": "@misc{deep, title = " + "{" * 100000 + "x" + "}" * 100000 + ", year = 2020}\n"}
    r = hostile.run(files, args=D_BUDGET, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert "RecursionError" not in r.stderr
    assert r.returncode in (0, 1), r.explain()
    if r.returncode == 1:
        assert all(d.line > 0 for d in r.diagnostics if d.severity == "error" and d.file.endswith(".tex")), \
            r.explain()


FLOODS = [
    ("labels", "\\newcount\\n\\loop\\label{same}\\ref{missing\\the\\n}\\advance\\n 1 \\ifnum\\n<200000 \\repeat"),
    ("cites", "\\newcount\\n\\loop\\cite{k\\the\\n}\\advance\\n 1 \\ifnum\\n<100000 \\repeat"),
    ("index-entries", "\\newcount\\n\\loop\\index{e\\the\\n}\\advance\\n 1 \\ifnum\\n<100000 \\repeat\\printindex"),
    ("footnotes", "\\newcount\\n\\loop x\\footnote{f}\\advance\\n 1 \\ifnum\\n<100000 \\repeat"),
    ("unknown-macros", "\\newcount\\n\\loop\\csname u\\the\\n\\endcsname\\advance\\n 1 \\ifnum\\n<100000 \\repeat"),
    ("long-names", "\\label{" + "l" * 300000 + "}\\section{" + "t" * 300000 + "}\\ref{" + "l" * 300000 + "}"),
]


@pytest.mark.parametrize("name,body", FLOODS, ids=[f[0] for f in FLOODS])
def test_h12_floods(hostile, name, body):
    r = hostile.run({"main.tex": doc(body, preamble=("\\usepackage{makeidx}", "\\makeindex"))},
                    args=["--timeout", "8"], limit=12)
    assert_safe(r, hostile, limit=12)
    assert len(r.stderr) < 200_000, f"{len(r.stderr)} bytes on stderr"
    assert sum(len(v) for v in r.files.values()) < 100_000_000, "output blown up"
    assert max((len(k) for k in r.files), default=0) < 255, "a file name too long"


@pytest.mark.parametrize("bomb", [
    "\\def\\a{\\a}\\a", "\\def\\a{{\\a}}\\a", "\\def\\a#1{\\a{#1#1}}\\a{x}",
    "\\def\\x{\\ifnum1=1 \\expandafter\\x\\fi}\\x", "\\def\\a{\\begin{quote}\\a}\\a",
    "\\textbf{\\def\\a{\\a x}\\a}", "\\section{\\def\\a{\\a}\\a}", "\\usepackage{bomb}",
], ids=["loop", "groups", "growing-arg", "conditionals", "environments", "in-bold", "in-title", "in-sty"])
def test_h13_a_bomb_degrades_its_section_only(hostile, bomb):
    """hostile.md G7: 'an error in a macro ... degrades that item only, the rest is
    converted; >= 95 % of paragraphs present'."""
    paragraphs = [f"Paragraph{i} of the book." for i in range(40)]
    body = []
    for s in range(4):
        body.append(f"\\section{{Part {s}}}")
        if s == 1:
            body.append(bomb)
        body.extend(paragraphs[s * 10:(s + 1) * 10])
    files = {"main.tex": doc(*[x + "\n" for x in body]), "bomb.sty": "\\def\\b{\\b}\\b\n\\def\\fromsty{kept}\n"}
    if "usepackage" in bomb:
        files["main.tex"] = doc(*[x + "\n" for x in body if x != bomb], "\\fromsty", preamble=(bomb,))
    r = hostile.run(files, args=D_BUDGET, limit=D_LIMIT)
    assert_safe(r, hostile, limit=D_LIMIT)
    assert r.returncode == 1 and r.has("E-LIMIT"), r.explain()
    text = r.text()
    present = sum(1 for p in paragraphs if p in text)
    assert present >= 38 and MARK in text, f"{present}/40 paragraphs\n{r.explain()}"
    if "usepackage" in bomb:
        assert "kept" in text, "the rest of the .sty was not read"
