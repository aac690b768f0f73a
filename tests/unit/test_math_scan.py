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
