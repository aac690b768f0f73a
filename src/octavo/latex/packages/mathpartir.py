"""mathpartir: a ``mathpar`` block of inference rules (\\inferrule) is a drawing that real TeX
typesets from its source (a `Placeholder` picture, see latex/kernel/pictures.py); so is
``mathparpagebreakable``."""

from __future__ import annotations

from octavo.latex.kernel.pictures import picture_environment


def install(L, options) -> None:
    for name in ("mathpar", "mathparpagebreakable"):
        L.environment(name, begin=picture_environment(name), verbatim=True)
