"""The command names the math layer understands, for the LaTeX layer to give them a meaning.

TeX knows \\sum, \\frac or \\varepsilon before any package is loaded; octavo's engine
does not (the math layer reads them from the formula's tokens by name).  So that
``\\let\\eps\\varepsilon``, ``\\ifdefined\\sum`` or ``\\providecommand`` see what TeX
sees, the LaTeX layer defines every name listed here that has no meaning yet, as a
binding the math layer recognises (latex/kernel/math.py).

`known()` is every such name; `standalone()` the ones that take no argument (symbols,
operator names, spaces), which can be shown on their own when met outside math.
"""

from __future__ import annotations

from functools import lru_cache

from octavo.math import alphabets as A
from octavo.math import symbols as S
from octavo.math.commands import COMMANDS
from octavo.math.parser import _OVER, _STYLES
from octavo.math.textmode import TEXT_STYLES

_SWITCHES = frozenset({"limits", "nolimits", "displaylimits", "color"})


@lru_cache(maxsize=1)
def standalone() -> frozenset:
    return frozenset(S.SYMBOLS) | frozenset(S.FUNCTIONS) | frozenset(S.LIMIT_FUNCTIONS) | \
        frozenset(S.SPACES)


@lru_cache(maxsize=1)
def known() -> frozenset:
    return (standalone() | frozenset(COMMANDS) | frozenset(A.FONT_COMMANDS)
            | frozenset(A.FONT_SWITCHES) | frozenset(TEXT_STYLES) | frozenset(_OVER)
            | frozenset(_STYLES) | _SWITCHES)
