"""The mouth: characters of one source to tokens, lazily, under the current catcodes.

TeX reads one token at a time with the catcodes in force at that moment, so a
``\\catcode`` assignment affects the very next character.  The tokenizer therefore never
reads ahead: `next` produces one token from the current position.  With
``allow_run=True`` it may return a whole run of letters, others and single blanks as one
`RUN` token; callers ask for runs only where no assignment can happen in between (the
stomach appending prose, argument and definition scanning).

States follow TeX: N (new line: blanks skipped, an empty line is \\par), M (mid-line),
S (skipping blanks after a control word or a blank).  Line ends are normalised to
``EOL_CHAR`` (^^M) when the source is made, so ``\\catcode`\\^^M=13`` works as in TeX.
"""

from __future__ import annotations

import re

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Source, Token

STATE_N, STATE_M, STATE_S = 0, 1, 2

# categories as module constants: the loops below read them once per character
ESCAPE = C.ESCAPE
ALIGN = C.ALIGN
EOL = C.EOL
PARAM = C.PARAM
SUPER = C.SUPER
SUB = C.SUB
IGNORED = C.IGNORED
SPACE = C.SPACE
LETTER = C.LETTER
OTHER = C.OTHER
ACTIVE = C.ACTIVE
COMMENT = C.COMMENT
INVALID = C.INVALID
EOL_CHAR = C.EOL_CHAR
ASCII_LETTERS = C.ASCII_LETTERS
catcode = C.catcode

_HEX = "0123456789abcdef"


def normalise_newlines(text: str) -> str:
    if "\n" in text:
        text = text.replace("\r\n", "\r").replace("\n", "\r")
    return text


class Tokenizer:
    """Reads tokens from one `Source`.

    ``owner`` provides ``catcodes`` (the current table), ``scanners(table)`` (cached
    regexes for a table) and ``invalid_char(src, pos, ch)`` (reports a catcode-15 char).
    """

    __slots__ = ("src", "text", "n", "pos", "state", "owner", "_table", "_sc")

    def __init__(self, src: Source, owner):
        self.src = src
        self.text = src.text
        self.n = len(src.text)
        self.pos = 0
        self.state = STATE_N
        self.owner = owner
        self._table = None
        self._sc = None

    # -- characters ---------------------------------------------------------------
    def _char(self, pos: int, table: dict) -> tuple[str, int]:
        """The character at ``pos`` after ^^ reduction, and the position after it."""
        text = self.text
        ch = text[pos]
        if pos + 2 < self.n + 0 and text[pos + 1] == ch and catcode(table, ch) == SUPER:
            # ^^^^xxxx (four hex digits, XeTeX/LuaTeX)
            if text.startswith(ch * 4, pos) and pos + 7 < self.n + 1:
                hexs = text[pos + 4:pos + 8]
                if len(hexs) == 4 and all(h in _HEX for h in hexs):
                    return _safe_chr(int(hexs, 16)), pos + 8
            a = text[pos + 2]
            b = text[pos + 3] if pos + 3 < self.n else ""
            if a in _HEX and b and b in _HEX:
                return chr(int(a + b, 16)), pos + 4
            o = ord(a)
            if o < 128:
                return chr(o + 64 if o < 64 else o - 64), pos + 3
        return ch, pos + 1

    # -- tokens --------------------------------------------------------------------
    def next(self, allow_run: bool = False) -> Token | None:
        owner = self.owner
        text = self.text
        n = self.n
        while True:
            pos = self.pos
            if pos >= n:
                return None
            table = owner.catcodes
            ch = text[pos]
            cat = table.get(ch)
            if cat is None:
                cat = LETTER if ch in ASCII_LETTERS else OTHER
            elif cat == SUPER and pos + 2 < n and text[pos + 1] == ch:
                ch, after = self._char(pos, table)
                if after != pos + 1:
                    cat = catcode(table, ch)
                    tok = self._token_from(ch, cat, pos, after, table)
                    if tok is not None:
                        return tok
                    continue  # ^^@ and other ^^-characters that make no token
            if cat == LETTER or cat == OTHER:
                if allow_run:
                    if table is self._table:
                        sc = self._sc
                    else:
                        sc = self._sc = owner.scanners(table)
                        self._table = table
                    m = sc.run.match(text, pos)
                    if m is not None and m.end() > pos + 1:
                        end = m.end()
                        s = m.group()
                        last = s[-1]
                        if last == EOL_CHAR or catcode(table, last) == SPACE:
                            self.state = STATE_N if EOL_CHAR in s[len(s.rstrip(" \t\r")):] else STATE_S
                        else:
                            self.state = STATE_M
                        if sc.blanks is not None:
                            s = sc.blanks.sub(" ", s)
                        elif EOL_CHAR in s or "\t" in s or "  " in s:
                            s = _BLANKS.sub(" ", s)
                        self.pos = end
                        return Token(RUN, s, self.src, pos, table)
                self.pos = pos + 1
                self.state = STATE_M
                return Token(cat, ch, self.src, pos)
            if cat == ESCAPE:
                return self._control_sequence(pos, pos + 1, table)
            if cat == SPACE:
                self.pos = pos + 1
                if self.state == STATE_M:
                    self.state = STATE_S
                    return Token(SPACE, " ", self.src, pos)
                continue
            if cat <= ALIGN or cat == PARAM or cat == SUB or cat == ACTIVE or cat == SUPER:
                # { } $ & # _ ~ ^: one token each (^^ was handled above)
                self.pos = pos + 1
                self.state = STATE_M
                return Token(cat, ch, self.src, pos)
            tok = self._token_from(ch, cat, pos, pos + 1, table)
            if tok is not None:
                return tok

    def _token_from(self, ch: str, cat: int, pos: int, after: int, table: dict) -> Token | None:
        """Token for character ``ch`` (category ``cat``) found at ``pos``; None if the
        character produces no token (the caller loops)."""
        if cat == ESCAPE:
            return self._control_sequence(pos, after, table)
        if cat == SPACE:
            self.pos = after
            if self.state == STATE_M:
                self.state = STATE_S
                return Token(SPACE, " ", self.src, pos)
            return None
        if cat == EOL:
            st = self.state
            self.pos = after
            self.state = STATE_N
            if st == STATE_N:
                return Token(CS, "par", self.src, pos)
            if st == STATE_M:
                return Token(SPACE, " ", self.src, pos)
            return None
        if cat == COMMENT:
            i = self.text.find(EOL_CHAR, after)
            self.pos = self.n if i < 0 else i + 1
            self.state = STATE_N
            return None
        if cat == IGNORED:
            self.pos = after
            return None
        if cat == INVALID:
            self.pos = after
            self.owner.invalid_char(self.src, pos, ch)
            return None
        self.pos = after
        self.state = STATE_M
        return Token(cat, ch, self.src, pos)

    def _control_sequence(self, pos: int, after: int, table: dict) -> Token:
        text = self.text
        if after >= self.n:
            self.pos = after
            self.state = STATE_M
            return Token(CS, "", self.src, pos)  # \ at end of file: TeX's \csname\endcsname
        ch = text[after]
        cat = table.get(ch)
        if cat is None:  # `_char` inlined for its common case: no ^^ notation
            cat = LETTER if ch in ASCII_LETTERS else OTHER
            nxt = after + 1
        elif cat == SUPER and after + 2 < self.n and text[after + 1] == ch:
            ch, nxt = self._char(after, table)
            cat = catcode(table, ch)
        else:
            nxt = after + 1
        if cat == LETTER:
            if table is self._table:
                sc = self._sc
            else:
                sc = self._sc = self.owner.scanners(table)
                self._table = table
            m = sc.letters.match(text, after)
            end = m.end() if m is not None else nxt
            name = text[after:end]
            # ^^ inside a control word: continue letter by letter (rare)
            while end < self.n and text[end] == "^":
                c2, e2 = self._char(end, table)
                if e2 == end + 1 or catcode(table, c2) != LETTER:
                    break
                name += c2
                end = e2
                m = sc.letters.match(text, end)
                if m is not None:
                    name += m.group()
                    end = m.end()
            self.pos = end
            self.state = STATE_S
            return Token(CS, name, self.src, pos)
        self.pos = nxt
        if ch == EOL_CHAR:
            self.state = STATE_N
            return Token(CS, " ", self.src, pos)  # \^^M is a control space in LaTeX
        self.state = STATE_S if cat == SPACE else STATE_M
        return Token(CS, ch, self.src, pos)

    # -- raw reading (verbatim, \verb, \endinput) ---------------------------------------
    def read_raw_char(self) -> tuple[str, int] | None:
        """The next raw character (no catcodes applied) and its position."""
        if self.pos >= self.n:
            return None
        p = self.pos
        self.pos += 1
        self.state = STATE_M
        return self.text[p], p

    def read_raw_until(self, pattern: re.Pattern) -> tuple[str, int, bool]:
        """Raw text up to the first match of ``pattern``, which is consumed too.
        Returns (text, start position, found)."""
        start = self.pos
        m = pattern.search(self.text, start)
        if m is None:
            self.pos = self.n
            return self.text[start:], start, False
        self.pos = m.end()
        self.state = STATE_M
        return self.text[start:m.start()], start, True

    def skip_to_line_end(self) -> None:
        i = self.text.find(EOL_CHAR, self.pos)
        self.pos = self.n if i < 0 else i + 1
        self.state = STATE_N

    def end_input(self) -> None:
        """\\endinput: the rest of the current line is read, then the file ends."""
        i = self.text.find(EOL_CHAR, self.pos)
        self.n = len(self.text) if i < 0 else i + 1


_BLANKS = re.compile(r"[ \t\r]+")


def _safe_chr(code: int) -> str:
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    return chr(code)


class _StaticOwner:
    """Catcodes that never change: for tokenizing strings outside a conversion."""

    def __init__(self, table: dict):
        self.catcodes = table
        self._sc = C.Scanners(table)

    def scanners(self, table):
        return self._sc if table is self.catcodes else C.Scanners(table)

    def invalid_char(self, src, pos, ch):
        pass


def tokenize_string(text: str, table: dict | None = None, name: str = "<string>",
                    runs: bool = False) -> list[Token]:
    """All tokens of ``text`` under a fixed catcode table (LaTeX document catcodes by
    default).  For tests and for small pieces; conversions use the engine."""
    src = Source(name, normalise_newlines(text))
    tk = Tokenizer(src, _StaticOwner(table if table is not None else C.LATEX_DOCUMENT))
    out = []
    while True:
        t = tk.next(runs)
        if t is None:
            return out
        out.append(t)
