"""xparse: \\NewDocumentCommand and friends are kernel commands (latex/kernel/definitions.py);
loading the package brings nothing more than the expl3 functions it loads."""

from __future__ import annotations

from octavo.latex.packages import expl3


def install(L, options) -> None:
    expl3.install(L, options)
