"""xspace: ``\\xspace`` adds the space that TeX's reading of a control word swallowed
(``\\newcommand{\\HoTT}{HoTT\\xspace}`` then ``\\HoTT is`` shows "HoTT is"), unless what
follows is punctuation, a closing brace, a space already, \\footnote or another
no-space token (the package's exception list).  Inside a formula it does nothing (the
math layer ignores it)."""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token

_NO_SPACE_CHARS = frozenset(",.'/?;:!~-)\"]")
_NO_SPACE_CS = frozenset({" ", "/", "footnote", "footnotemark", "space", "xspace", "\\",
                          "@xobeysp", "@sptoken", "egroup", "bgroup", "par", "end",
                          "footnotetext", "nobreakspace", "thinspace", ","})


def xspace(L, t) -> None:
    eng = L.engine
    nt = eng.get_token()
    if nt is None:
        return
    eng.push_one(nt)
    c = nt.cat
    if c in (C.SPACE, C.BEGIN, C.END, C.MATH, C.EOL, C.ALIGN):
        return
    if c == CS:
        if nt.text in _NO_SPACE_CS:
            return
    elif c == C.ACTIVE:
        return
    elif nt.text[:1] in _NO_SPACE_CHARS:
        return
    if c == RUN and not nt.text:
        return
    eng.push_one(Token(C.SPACE, " ", nt.src, nt.pos))


def install(L, options) -> None:
    L.command("xspace", "", xspace)
