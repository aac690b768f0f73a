"""rotating: turning is print-only layout.  sidewaysfigure and sidewaystable are floats
(latex/kernel/floats.py); ``sideways``, ``turn{angle}`` and ``rotate{angle}`` keep their
content as it is; \\turnbox{angle}{x} shows x."""

from __future__ import annotations


def install(L, options) -> None:
    L.environment("sideways")
    L.environment("turn", spec="m")
    L.environment("rotate", spec="m")
    L.passthrough("turnbox", "m m")
