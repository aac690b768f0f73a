"""The LaTeX kernel has preloaded expl3 since 2020: every document gets the few expl3
functions octavo binds (latex/packages/expl3.py), with or without \\usepackage{expl3}."""

from __future__ import annotations

from octavo.latex.packages import expl3


def install(L) -> None:
    expl3.install(L)
