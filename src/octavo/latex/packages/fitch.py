"""fitch (forall x's Fitch-style natural deduction, a local fitch.sty): a proof is a drawing
(nested scope lines in an array), so ``nd``, ``ndresume``, ``fitchproof`` and
``fitchproof*`` are `Placeholder` pictures that real TeX typesets from their source with
the document's own fitch.sty (the snippet preamble copies local packages); their plain
text is the formulas and rule names, without line labels.  \\ndref{x}
outside a proof prints its label; \\setkeys{fitch}{...} and \\nddim are accepted silently.
"""

from __future__ import annotations

from octavo.latex.kernel.pictures import picture_environment
from octavo.tex.meanings import Primitive

ENVIRONMENTS = ("nd", "ndresume", "fitchproof", "fitchproof*")


HIDDEN_ARGS = {"hypo": (0,), "have": (0,), "hypocont": (0,), "havecont": (0,), "by": (1,)}
"""Line labels (\\have{label}{formula}) and the labels a justification cites
(\\by{rule}{labels}: real TeX prints their line numbers) are not words of the proof."""


def install(L, options) -> None:
    L.data.setdefault("picture_hidden_args", {}).update(HIDDEN_ARGS)
    # forall x's quick reference: \\renewenvironment{fitchproof}{$\\begin{nd}}{\\end{nd}$}
    L.data.setdefault("math_picture_envs", set()).update(("nd", "ndresume"))
    for name in ENVIRONMENTS:
        L.environment(name, begin=picture_environment(name), verbatim=True)
    L.passthrough("ndref", "m")
    L.ignore("nddim", "m m m m m m m m")
    m = L.engine.state.meanings.get("setkeys")
    if m is None or (type(m) is Primitive and m.name == "relax"):
        L.ignore("setkeys", "m m")
