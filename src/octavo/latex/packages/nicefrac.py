"""nicefrac: \\nicefrac[font]{num}{den} prints num/den (an expandable macro, so it works in
formulas and in text alike)."""

from __future__ import annotations


def install(L, options) -> None:
    L.tex(r"\let\nicefrac\relax\newcommand\nicefrac[3][]{\ensuremath{#1{#2}/{#3}}}")
