"""units: \\unit[value]{unit} and \\unitfrac[value]{num}{den} as expandable macros (so they
work inside formulas too): the value, a thin space and the upright unit; \\unitfrac writes
the unit as num/den."""

from __future__ import annotations


def install(L, options) -> None:
    L.tex(r"\let\unit\relax\let\unitfrac\relax\newcommand\unit[2][]{\ensuremath{#1\,\mathrm{#2}}}"
          r"\newcommand\unitfrac[3][]{\ensuremath{#1\,\mathrm{#2}/\mathrm{#3}}}")
    if "nicefrac" not in L.packages:
        L.tex(r"\providecommand\nicefrac[3][]{\ensuremath{#1{#2}/{#3}}}")
