"""vogtwidebar (Hendrik Vogt's \\widebar, a wide bar accent built with box measurements):
the math layer has \\widebar as a stretchy bar accent, so the package's measuring code is
not read (it only positions the bar for print)."""

from __future__ import annotations


def install(L, options) -> None:
    return None
