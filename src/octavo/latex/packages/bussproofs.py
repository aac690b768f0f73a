"""bussproofs: proof trees are drawings that real TeX typesets from their source
(`Placeholder` pictures, see latex/kernel/pictures.py).

- ``\\begin{prooftree} ... \\end{prooftree}`` is one picture;
- the environment-less form ``\\AxiomC{..} \\UnaryInfC{..} ... \\DisplayProof`` is one
  picture too: the first axiom command (\\Axiom, \\AxiomC, \\AX, \\AXC) reads, as written,
  everything up to and including \\DisplayProof;
- \\EnableBpAbbreviations, \\alwaysNoLine and the other settings outside a proof are accepted
  silently;
- a package that redefines the axiom commands on top of bussproofs' box internals
  (bussproofs-extra's \\Axiom and \\AxiomC call \\prepAxiom, \\curBox ...) cannot work
  without those internals: at \\begin{document} such redefinitions give way to the binding,
  so the proof is still one picture.  A redefinition that does not use them is kept.
"""

from __future__ import annotations

from octavo.latex.kernel.pictures import delimited, picture_environment
from octavo.tex.meanings import Macro
from octavo.tex.tokens import CS

AXIOMS = ("Axiom", "AxiomC", "AX", "AXC")
INTERNALS = frozenset({"prepAxiom", "prepUnary", "prepBinary", "prepTrinary", "curBox",
                       "buildConclusion", "buildConclusionC", "joinUnary", "joinBinary",
                       "curScoreStart", "curScoreEnd", "curCenter", "myBoxA"})


def _uses_internals(m) -> bool:
    return isinstance(m, Macro) and any(
        not isinstance(x, int) and x.cat == CS and x.text in INTERNALS for x in m.body)


def restore_axioms(L) -> None:
    meanings = L.engine.state.meanings
    for name in AXIOMS:
        if _uses_internals(meanings.get(name)):
            L.command(name, "", delimited("DisplayProof"))


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
    L.data.setdefault("begin_document_hooks", []).append(restore_axioms)
    L.tex(r"\newdimen\ScoreOverhangLeft \newdimen\ScoreOverhangRight \newdimen\defaultHypSeparation"
          r"\newdimen\defaultThickness \newdimen\labelSpacing")
