"""bussproofs: a ``prooftree`` environment is a drawing; real TeX typesets it from its
source (a `Placeholder` picture, see latex/kernel/pictures.py).  The inference commands
(\\AxiomC, \\UnaryInfC, \\RightLabel ...) only occur inside it; \\EnableBpAbbreviations and
\\alwaysNoLine-style settings outside it are accepted silently."""

from __future__ import annotations

from octavo.latex.kernel.pictures import picture_environment


def install(L, options) -> None:
    L.environment("prooftree", begin=picture_environment("prooftree"), verbatim=True)
    for name in ("EnableBpAbbreviations", "alwaysNoLine", "alwaysSingleLine", "alwaysDoubleLine",
                 "alwaysSolidLine", "alwaysDashedLine", "alwaysDottedLine", "alwaysRootAtTop",
                 "alwaysRootAtBottom", "defaultHypSeparation", "bottomAlignProof",
                 "centerAlignProof", "normalAlignProof"):
        L.ignore(name, "")
    L.ignore("ScoreOverhang", "")
