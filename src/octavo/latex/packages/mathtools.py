"""mathtools: loads amsmath; ``\\DeclarePairedDelimiter{\\abs}{\\lvert}{\\rvert}`` defines
``\\abs{x}`` (plain delimiters), ``\\abs*{x}`` (\\left ... \\right) and ``\\abs[\\big]{x}``
(the given size) as an expandable macro the math layer reads; \\DeclarePairedDelimiterX
takes an argument count and a body (``\\delimsize`` there is the chosen size);
\\mathtoolsset and tag forms are accepted silently.
"""

from __future__ import annotations

from octavo.latex.packages import amsmath
from octavo.tex.tokens import to_str


def _src(tokens) -> str:
    return to_str(list(tokens or [])).strip()


def paired(L, t, star, cs, left, right) -> None:
    name = amsmath._cs_name(cs)
    if not name:
        return
    lft, rgt = _src(left), _src(right)
    L.tex(r"\NewDocumentCommand{\%s}{s o m}{\IfBooleanTF{#1}{\left%s #3\right%s}"
          r"{\IfNoValueTF{#2}{%s #3%s}{#2%s #3#2%s}}}" % (name, lft, rgt, lft, rgt, lft, rgt))


def paired_x(L, t, star, cs, nargs, left, right, body) -> None:
    """\\DeclarePairedDelimiterX{\\set}[1]{\\{}{\\}}{#1}: the body may use \\delimsize."""
    name = amsmath._cs_name(cs)
    if not name:
        return
    try:
        n = int(L.string(nargs).strip() or "1")
    except ValueError:
        n = 1
    lft, rgt = _src(left), _src(right)
    b = _src(body)
    # shift the body's #k to #(k+2): #1 star, #2 size
    import re
    b = re.sub(r"#(\d)", lambda m: "#" + str(int(m.group(1)) + 2), b)
    spec = "s o" + " m" * n
    L.tex(r"\NewDocumentCommand{\%s}{%s}{\IfBooleanTF{#1}{\def\delimsize{\middle}\left%s %s\right%s}"
          r"{\IfNoValueTF{#2}{\def\delimsize{}%s %s%s}{\def\delimsize{#2}#2%s %s#2%s}}}"
          % (name, spec, lft, b, rgt, lft, b, rgt, lft, b, rgt))


def install(L, options) -> None:
    if "amsmath" not in L.packages:
        L.packages["amsmath"] = []
        amsmath.install(L, [])
    L.command("DeclarePairedDelimiter", "s m m m", paired)
    L.command("DeclarePairedDelimiterX", "s m o m m m", paired_x)
    L.ignore("mathtoolsset", "m")
