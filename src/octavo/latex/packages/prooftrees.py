"""prooftrees (Forest-based proof trees): a ``prooftree`` environment is a drawing that
real TeX typesets from its source (a `Placeholder` picture); \\forestset-style settings
outside it are accepted silently."""

from __future__ import annotations

from octavo.latex.kernel.pictures import picture_environment


def install(L, options) -> None:
    L.environment("prooftree", begin=picture_environment("prooftree"), verbatim=True)
