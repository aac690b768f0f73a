"""Tokens and the sources they come from.

A token is a control sequence (``cat == CS``), a character with its category, or a *run*
(``cat == RUN``): a stretch of letters, others and single blanks that TeX would read as
one character token each.  Runs keep prose cheap; anything that needs single tokens
splits them (`split_run`), using the catcode table the run was read under (``cc``).

Positions are a `Source` plus a character offset; line and column are computed only when
a diagnostic or a node needs them.
"""

from __future__ import annotations

from bisect import bisect_right

from octavo.errors import Location
from octavo.tex import catcodes as C

CS = 16
"""Control sequence (control word or symbol); ``text`` is the name without escape."""
RUN = 17
"""A run of letter/other/space characters; ``text`` holds them, blanks as ' '."""


class Source:
    """One input file (or string) as text, with lazily computed line starts."""

    __slots__ = ("name", "text", "_starts", "path")

    def __init__(self, name: str, text: str, path=None):
        self.name = name
        self.text = text
        self._starts: list[int] | None = None
        self.path = path
        """The resolved file path (None for strings); \\input resolves relative to it."""

    def location(self, pos: int) -> Location:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            i = find(C.EOL_CHAR)
            while i >= 0:
                starts.append(i + 1)
                i = find(C.EOL_CHAR, i + 1)
            self._starts = starts
        line = bisect_right(self._starts, pos)
        return Location(self.name, line, pos - self._starts[line - 1] + 1)


NOWHERE = Source("<internal>", "")


class Token:
    __slots__ = ("cat", "text", "src", "pos", "cc")

    def __init__(self, cat: int, text: str, src: Source = NOWHERE, pos: int = 0, cc=None):
        self.cat = cat
        self.text = text
        self.src = src
        self.pos = pos
        self.cc = cc
        """For RUN tokens: the catcode table they were read under."""

    def __eq__(self, other) -> bool:  # TeX's token identity: category and text
        return isinstance(other, Token) and self.cat == other.cat and self.text == other.text

    def __hash__(self) -> int:
        return hash((self.cat, self.text))

    def __repr__(self) -> str:
        if self.cat == CS:
            return f"\\{self.text}"
        if self.cat == RUN:
            return f"Run({self.text!r})"
        return f"{self.text}[{self.cat}]"

    @property
    def loc(self) -> Location:
        return self.src.location(self.pos)

    def is_cs(self, name: str) -> bool:
        return self.cat == CS and self.text == name

    def key(self) -> str:
        """Key of this token's meaning: the name for a control sequence, a private
        prefix plus the character for an active character."""
        return self.text if self.cat == CS else ACTIVE_PREFIX + self.text


ACTIVE_PREFIX = "\x00active:"
SPACE = C.SPACE
LETTER = C.LETTER
OTHER = C.OTHER


def split_run(tok: Token) -> list[Token]:
    """The single character tokens a run stands for."""
    get = (tok.cc or C.LATEX_DOCUMENT).get
    src, pos = tok.src, tok.pos
    letters = C.ASCII_LETTERS
    out = []
    append = out.append
    for ch in tok.text:
        if ch == " ":
            cat = SPACE
        else:
            cat = get(ch)  # C.catcode inlined
            if cat is None:
                cat = LETTER if ch in letters else OTHER
        append(Token(cat, ch, src, pos))
        pos += 1
    return out


def digit_prefix(tok: Token, most: int) -> int:
    """How many of a run's first characters (at most ``most``) are digits 0-9 of category
    other, as `split_run` would make them (for reading a number without splitting)."""
    get = (tok.cc or C.LATEX_DOCUMENT).get
    n = 0
    for ch in tok.text:
        if n >= most or not ("0" <= ch <= "9") or get(ch, OTHER) != OTHER:
            break
        n += 1
    return n


def cs(name: str) -> Token:
    return Token(CS, name)


def char(ch: str, cat: int = C.OTHER) -> Token:
    return Token(cat, ch)


def to_str(tokens, escape: str = "\\") -> str:
    """TeX's \\detokenize-like rendering: control words are followed by a space."""
    out = []
    for t in tokens:
        if t.cat == CS:
            name = t.text
            out.append(escape + name)
            if len(name) > 1 or (name and C.catcode(C.LATEX_DOCUMENT, name) == C.LETTER):
                out.append(" ")
        else:
            out.append(t.text)
    return "".join(out)


def source_text(tokens) -> str:
    """A readable TeX rendering for diagnostics and alttext: like `to_str` but no space
    after a control word when the next token cannot join it."""
    out = []
    prev_word = False
    for t in tokens:
        if t.cat == CS:
            name = t.text
            if prev_word:
                out.append(" ")
            out.append("\\" + name)
            prev_word = bool(name) and (len(name) > 1 or name.isalpha())
        else:
            s = t.text
            if prev_word and s and (s[0].isalpha()):
                out.append(" ")
            out.append(s)
            prev_word = False
    return "".join(out)


def strip_outer_braces(tokens: list) -> list:
    """``tokens`` without one pair of braces around the whole of them (``{a}{b}`` keeps
    its braces): TeX's rule for a delimited argument, also expl3's and keyval's for an
    item or value."""
    if len(tokens) >= 2 and tokens[0].cat == C.BEGIN and tokens[-1].cat == C.END:
        depth = 0
        for i, t in enumerate(tokens):
            if t.cat == C.BEGIN:
                depth += 1
            elif t.cat == C.END:
                depth -= 1
                if depth == 0 and i != len(tokens) - 1:
                    return tokens
        return tokens[1:-1]
    return tokens
