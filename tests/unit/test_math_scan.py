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
