"""bussproofs: proof trees are drawings that real TeX typesets from their source
(`Placeholder` pictures, see latex/kernel/pictures.py).

- ``\\begin{prooftree} ... \\end{prooftree}`` is one picture;
- the environment-less form ``\\AxiomC{..} \\UnaryInfC{..} ... \\DisplayProof`` is one
  picture too: the first axiom command (\\Axiom, \\AxiomC, \\AX, \\AXC) reads, as written,
  everything up to and including \\DisplayProof;
- \\EnableBpAbbreviations, \\alwaysNoLine and the other settings outside a proof are accepted
  silently.
"""

from __future__ import annotations

from octavo.latex.kernel.pictures import delimited, picture_environment

AXIOMS = ("Axiom", "AxiomC", "AX", "AXC")


def install(L, options) -> None:
    L.environment("prooftree", begin=picture_environment("prooftree"), verbatim=True)
    for name in AXIOMS:
        L.command(name, "", delimited("DisplayProof"))
    for name in ("EnableBpAbbreviations", "alwaysNoLine", "alwaysSingleLine", "alwaysDoubleLine",
                 "alwaysSolidLine", "alwaysDashedLine", "alwaysDottedLine", "alwaysRootAtTop",
                 "alwaysRootAtBottom", "bottomAlignProof", "centerAlignProof", "normalAlignProof",
                 "noLine", "singleLine", "doubleLine", "solidLine", "dashedLine", "dottedLine",
                 "rootAtTop", "rootAtBottom", "DisplayProof"):
        L.ignore(name, "")
    L.tex(r"\newdimen\ScoreOverhangLeft \newdimen\ScoreOverhangRight \newdimen\defaultHypSeparation"
          r"\newdimen\defaultThickness \newdimen\labelSpacing")
