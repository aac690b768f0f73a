"""unicode-math: formulas may be typed in Unicode (α, ⊂, ℝ), which the math layer reads
as it reads the commands they stand for; the font setup (\\setmathfont with its
[range=...] option, \\setmathrm ..., \\unimathsetup) is for print and is read silently —
its arguments never show as text."""

from __future__ import annotations


def install(L, options) -> None:
    L.ignore("setmathfont", "o m o")
    L.ignore("setmathfontface", "m o m o")
    L.ignore("unimathsetup", "m")
    for name in ("setmathrm", "setmathsf", "setmathtt", "setboldmathrm"):
        L.ignore(name, "o m o")
