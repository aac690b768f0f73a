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

import re

from octavo.latex.kernel.pictures import _placeholder, picture_environment
from octavo.tex.tokens import CS, to_str

_DISPLAY = re.compile(r"\\DisplayProof(?![A-Za-z@])")
AXIOMS = ("Axiom", "AxiomC", "AX", "AXC")


def inline_proof(L, t) -> None:
    eng = L.engine
    tk = eng.peek_raw_tokenizer()
    if tk is not None and tk.src is t.src and 0 <= t.pos < tk.pos:
        text, start, found = tk.read_raw_until(_DISPLAY)
        if not found:
            L.reporter.error("E-RUNAWAY", f"\\{t.text} without a \\DisplayProof", L.loc(t))
        _placeholder(L, t, tk.text[t.pos:tk.pos])
        return
    parts = ["\\" + t.text]
    while True:
        nt = eng.get_token()
        if nt is None:
            L.reporter.error("E-RUNAWAY", f"\\{t.text} without a \\DisplayProof", L.loc(t))
            break
        parts.append(to_str([nt]))
        if nt.cat == CS and nt.text == "DisplayProof":
            break
    _placeholder(L, t, "".join(parts))


def install(L, options) -> None:
    L.environment("prooftree", begin=picture_environment("prooftree"), verbatim=True)
    for name in AXIOMS:
        L.command(name, "", inline_proof)
    for name in ("EnableBpAbbreviations", "alwaysNoLine", "alwaysSingleLine", "alwaysDoubleLine",
                 "alwaysSolidLine", "alwaysDashedLine", "alwaysDottedLine", "alwaysRootAtTop",
                 "alwaysRootAtBottom", "bottomAlignProof", "centerAlignProof", "normalAlignProof",
                 "noLine", "singleLine", "doubleLine", "solidLine", "dashedLine", "dottedLine",
                 "rootAtTop", "rootAtBottom", "DisplayProof"):
        L.ignore(name, "")
    L.tex(r"\newdimen\ScoreOverhangLeft \newdimen\ScoreOverhangRight \newdimen\defaultHypSeparation"
          r"\newdimen\defaultThickness \newdimen\labelSpacing")
