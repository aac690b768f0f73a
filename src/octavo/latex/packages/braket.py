"""braket: \\bra{x} \\ket{x} \\braket{a|b} \\set{x|P} and the growing \\Bra \\Ket
\\Braket \\Set are read by the math layer (octavo/math/commands.py), which knows them by
name; loading the package only makes them known without a warning."""

from __future__ import annotations


def install(L, options) -> None:
    return None
