"""TeX's sixteen category codes and the catcode tables octavo starts from.

A catcode table is a plain dict ``char -> category`` holding only the characters that
differ from the defaults (ASCII letters are letters, everything else is "other").  Tables
are never mutated once in use: an assignment makes a new dict (copy on write), so tokens
and cached regular expressions can refer to the table they were made under.
"""

from __future__ import annotations

import re
import string

ESCAPE = 0
BEGIN = 1
END = 2
MATH = 3
ALIGN = 4
EOL = 5
PARAM = 6
SUPER = 7
SUB = 8
IGNORED = 9
SPACE = 10
LETTER = 11
OTHER = 12
ACTIVE = 13
COMMENT = 14
INVALID = 15

NAMES = {
    ESCAPE: "escape", BEGIN: "begin-group", END: "end-group", MATH: "math shift",
    ALIGN: "alignment tab", EOL: "end of line", PARAM: "macro parameter",
    SUPER: "superscript", SUB: "subscript", IGNORED: "ignored", SPACE: "blank space",
    LETTER: "the letter", OTHER: "the character", ACTIVE: "active character",
    COMMENT: "comment", INVALID: "invalid",
}

ASCII_LETTERS = frozenset(string.ascii_letters)

# The end-of-line character TeX appends to every line (\endlinechar = ^^M).
EOL_CHAR = "\r"

# What a LaTeX document sees after the format is loaded.
LATEX_DOCUMENT = {
    "\\": ESCAPE, "{": BEGIN, "}": END, "$": MATH, "&": ALIGN, EOL_CHAR: EOL, "#": PARAM,
    "^": SUPER, "_": SUB, "\x00": IGNORED, " ": SPACE, "\t": SPACE, "~": ACTIVE,
    "%": COMMENT, "\x7f": INVALID, "\x0c": ACTIVE,
}
# ^^L (form feed) is active in LaTeX and means \par.


def catcode(table: dict, ch: str) -> int:
    """Category of ``ch`` under ``table``."""
    c = table.get(ch)
    if c is not None:
        return c
    return LETTER if ch in ASCII_LETTERS else OTHER


def with_code(table: dict, ch: str, cat: int) -> dict:
    """A new table equal to ``table`` but for ``ch``."""
    new = dict(table)
    default = LETTER if ch in ASCII_LETTERS else OTHER
    if cat == default:
        new.pop(ch, None)
    else:
        new[ch] = cat
    return new


MAX_RUN_WORDS = 255
"""A run holds at most this many words: the regex engine keeps state per repetition, so an
unbounded run over megabytes of one-line prose would cost memory in proportion to it."""


class Scanners:
    """Regular expressions derived from one catcode table (cached per table object)."""

    __slots__ = ("table", "letters", "run", "specials", "blanks")

    def __init__(self, table: dict):
        self.table = table
        letters = set(ASCII_LETTERS)
        for ch, cat in table.items():
            if cat == LETTER:
                letters.add(ch)
            else:
                letters.discard(ch)
        self.letters = re.compile("[" + _cls(letters) + "]+")
        specials = {ch for ch, cat in table.items() if cat not in (LETTER, OTHER)}
        spaces = {ch for ch, cat in table.items() if cat == SPACE}
        self.specials = frozenset(specials)
        w = "[^" + _cls(specials) + "]" if specials else "."
        sp = "[" + _cls(spaces) + "]" if spaces else None
        # blanks other than space and tab (~ under \ExplSyntaxOn): a run's gaps are
        # rewritten to one space with this
        odd = spaces - {" ", "\t"}
        self.blanks = re.compile("[" + _cls(spaces | {"\t", EOL_CHAR}) + "\\x20]+") if odd else None
        eol = re.escape(EOL_CHAR) if table.get(EOL_CHAR) == EOL else None
        # A run: words of letters/others joined by single blanks (a blank may span one
        # line end); it may end with one blank.  It never swallows a blank line (\par).
        if sp and eol:
            gap = f"(?:{sp}+|{sp}*{eol}{sp}*)"
            guard = f"(?:{sp}*{eol}{sp}*{eol})"
            self.run = re.compile(f"{w}+(?:(?!{guard}){gap}{w}+){{0,{MAX_RUN_WORDS}}}(?:(?!{guard}){gap})?")
        elif sp:
            self.run = re.compile(f"{w}+(?:{sp}+{w}+){{0,{MAX_RUN_WORDS}}}(?:{sp}+)?")
        else:
            self.run = re.compile(f"{w}+")


def _cls(chars) -> str:
    out = []
    for ch in sorted(chars):
        if ch in "\\]^-[":
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in " \t":
            out.append(ch)
        else:
            out.append("\\x{:02x}".format(ord(ch)) if ord(ch) < 256 else "\\u{:04x}".format(ord(ch)) if ord(ch) < 0x10000 else "\\U{:08x}".format(ord(ch)))
    return "".join(out)
