"""Independent formula counting in LaTeX source (regex scan, no macro expansion)."""

import pytest

from octavo.math.scan import find_formulas

CASES = [
    ("a $x$ b", [("$", "x")]),
    (r"a \$5 and $y$", [("$", "y")]),
    (r"$\text{for $x$}$", [("$", r"\text{for $x$}")]),
    (r"\(a\) \[b\] $$c$$", [("\\(", "a"), ("\\[", "b"), ("$$", "c")]),
    ("\\begin{align*}a&=b\\end{align*}", [("align*", "a&=b")]),
    ("\\begin{equation}\\begin{split}a\\end{split}\\end{equation}",
     [("equation", "\\begin{split}a\\end{split}")]),
    ("% $not$ math\n$yes$", [("$", "yes")]),
    ("$a\n\nb$", []),
    ("\\verb|$x$| $y$", [("$", "y")]),
    ("\\begin{verbatim}$x$\\end{verbatim}", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_find_formulas(text, expected):
    assert [(f.env, f.body) for f in find_formulas(text)] == expected


def test_display_flag():
    envs = {f.env: f.display for f in find_formulas(r"$a$ \[b\] \begin{gather}c\end{gather}")}
    assert envs == {"$": False, "\\[": True, "gather": True}


def test_formula_macros_follow_let():
    from octavo.math.scan import formula_macros
    got = formula_macros("\\newcommand{\\N}{\\ensuremath{\\mathbb{N}}}\n\\let\\nat\\N\n"
                         "\\let\\type=\\nat\n\\let\\other\\relax\n")
    assert got == {"N", "nat", "type"}


def test_index_macros_and_skipped_index_arguments(tmp_path):
    from octavo.math.scan import document_formulas, index_macros
    defs = "\\newcommand{\\indexdef}[1]{\\index{#1|defstyle}}\n\\newcommand{\\emphx}[1]{#1\\index{#1}}"
    assert index_macros(defs) == {"indexdef"}
    (tmp_path / "m.tex").write_text(
        "\\begin{document}\n$a$\\index{a@$a$}\\indexdef{$b$ and {$c$}}\n"
        "\\begin{comment}\n$d$\n\\end{comment}\n\\end{document}\n", encoding="utf-8")
    got = document_formulas(tmp_path / "m.tex", index={"index", "indexdef"})
    assert [p.found.body for p in got] == ["a"]


def test_glossary_and_bibliography_formulas():
    from octavo.math.scan import bibliography_formulas, glossary_formulas
    text = ("\\newglossaryentry{x}{name={$x$}, description={the $X$ {set}}}\n"
            "\\newglossaryentry{y}{name={$y$}, description={none}}\n\\gls{x}\\cite[p.~2]{k,l}")
    assert [f.body for f in glossary_formulas(text)] == ["x", "X"]
    bib = ("@article{k, title={On $\\omega$\\index{omega}}, abstract={$hidden$}, year=1}\n"
           "@book{m, title={$m$}}\n@string{s = {$s$}}\n")
    assert [f.body for f in bibliography_formulas(text, bib)] == ["\\omega"]


def test_control_symbols_before_a_dollar():
    # \\$ is a line break then a formula; \$ is a dollar sign; \\% starts a comment
    got = find_formulas("$a$ \\\\$b$ \\$ 5 and $c$ \\\\% $d$\n")
    assert [f.body for f in got] == ["a", "b", "c"]


def test_document_source_reads_only_the_files_the_document_reads(tmp_path):
    from octavo.math.scan import document_source
    (tmp_path / "main.tex").write_text(
        "\\newif\\ifweb \\webfalse\n"
        "\\newcommand*{\\ntuple}[1]{\\ensuremath{\\langle}#1\\ensuremath{\\rangle}}\n"
        "\\newcommand{\\eand}{\\ensuremath{\\wedge}}\n"
        "\\begin{document}\n\\ifweb $w$ \\else $v$\\fi\n\\ntuple{a, b} \\ensuremath{S_1}\n"
        "\\input{ch}\n\\glsaddall\n\\end{document}\n", encoding="utf-8")
    (tmp_path / "ch.tex").write_text(
        "\\newglossaryentry{and}\n{name=and, description={The symbol \\eand, as in $p$}}\n"
        "\\def\\tmptable{A & $x$ \\\\ B & $y$}\n\\tmptable\n"
        "\\settowidth{\\mylen}{\\mbox{$m$}}\n"
        "\\renewenvironment{proof}{\\small$\\begin{nd}}{\\end{nd}$}\n", encoding="utf-8")
    # never read: its formulas and glossary entries do not count
    (tmp_path / "unused.tex").write_text(
        "$u$\n\\newglossaryentry{u}{name=u, description={$u$}}\n", encoding="utf-8")
    body, printed = document_source(tmp_path / "main.tex")
    # $v$ (\ifweb is false), \ntuple (two formulas), \ensuremath{S_1}, \tmptable's two
    assert sorted(p.found.env + p.found.body for p in body) == \
        ["$v", "\\ensuremath", "\\ntuple", "\\ntuple", "\\tmptable", "\\tmptable"]
    # the glossary entry of ch.tex: its $p$ and the \eand it names
    assert sorted(f.env + f.body for f in printed) == ["$p", "\\eand"]


def test_blank_conditionals_keeps_the_branch_taken_and_nesting():
    from octavo.math.scan import blank_conditionals, conditional_values
    assert conditional_values("\\newif\\ifa \\atrue \\newif\\ifb \\newif\\ifc \\ctrue\\cfalse") \
        == {"a": True, "b": False}
    text = "\\ifa X\\ifx\\y\\z Y\\else Z\\fi\\else W\\fi \\ifb\\else V\\fi"
    got = blank_conditionals(text, {"a": True, "b": False})
    assert "X" in got and "Y" in got and "Z" in got and "W" not in got and "V" in got
    assert len(got) == len(text)
