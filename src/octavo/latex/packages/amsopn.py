"""amsopn: \\DeclareMathOperator (see the amsmath binding)."""

from __future__ import annotations

from octavo.latex.packages.amsmath import declare_math_operator


def install(L, options) -> None:
    L.command("DeclareMathOperator", "s m m", declare_math_operator)
