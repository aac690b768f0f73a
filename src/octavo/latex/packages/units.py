"""units: \\unit[value]{unit} and \\unitfrac[value]{num}{den} as expandable macros (so they
work inside formulas too): the value, a thin space and the unit, upright in math;
\\unitfrac writes the unit as num/den.  As in units.sty, text stays text (no formula is
made for \\unit[10]{m/s} in a sentence)."""

from __future__ import annotations


def install(L, options) -> None:
    L.tex(r"\let\unit\relax\let\unitfrac\relax"
          r"\newcommand\unit[2][]{\ifx\relax#1\relax\else#1\,\fi\ifmmode\mathrm{#2}\else#2\fi}"
          r"\newcommand\unitfrac[3][]{\ifx\relax#1\relax\else#1\,\fi"
          r"\ifmmode\mathrm{#2}/\mathrm{#3}\else#2/#3\fi}")
    if "nicefrac" not in L.packages:
        L.tex(r"\providecommand\nicefrac[3][]{\ensuremath{#1{#2}/{#3}}}")
