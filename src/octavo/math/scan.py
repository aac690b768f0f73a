"""Find formulas in LaTeX source text by regular expressions, without expanding macros.

An independent count of a document's formulas (for tests that compare it with the
number of <math> elements produced) and a quick source of formulas for benchmarks.
Comments are removed first; verbatim-like environments are skipped; an inline formula
never spans a blank line (TeX would stop it there).  Each `Found`
gives the environment ("$", "\\(", "\\[", "$$" or the environment name with its star),
the body text and its offset in the comment-stripped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISPLAY_ENVS = ("equation", "align", "gather", "multline", "eqnarray", "displaymath",
                "flalign", "alignat", "math")

_PATTERN = re.compile(
    r"\\begin\{(?P<verb>verbatim|lstlisting|minted|comment|Verbatim)\*?\}.*?\\end\{(?P=verb)\*?\}"
    r"|\\verb\*?(?P<vd>[^a-zA-Z\s]).*?(?P=vd)"
    r"|\\begin\{(?P<env>" + "|".join(DISPLAY_ENVS) + r")(?P<star>\*?)\}(?P<body>.*?)"
    r"\\end\{(?P=env)(?P=star)\}"
    r"|\\\[(?P<db>.*?)\\\]"
    r"|\$\$(?P<dd>.*?)\$\$"
    r"|\\\((?P<ib>.*?)\\\)"
    r"|(?<!\\)(?P<id>\$)",
    re.S,
)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


@dataclass(frozen=True, slots=True)
class Found:
    env: str
    body: str
    offset: int

    @property
    def display(self) -> bool:
        return self.env not in ("$", "\\(", "math")


def strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def _inline_end(text: str, i: int) -> int:
    """Index of the $ closing an inline formula whose body starts at ``i`` (a $ inside
    braces, as in \\text{for $x$}, does not close it); -1 if none before a blank line."""
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == "$" and depth == 0:
            return i
        elif ch == "\n" and _BLANK_LINE.match(text, i):
            return -1
        i += 1
    return -1


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def find_formulas(text: str) -> list[Found]:
    text = strip_comments(text)
    out = []
    pos = 0
    while True:
        m = _PATTERN.search(text, pos)
        if m is None:
            return out
        pos = m.end()
        if m.group("verb") or m.group("vd"):
            continue
        if m.group("id"):
            end = _inline_end(text, m.end())
            if end < 0:
                continue
            out.append(Found("$", text[m.end():end], m.start()))
            pos = end + 1
            continue
        if m.group("env"):
            out.append(Found(m.group("env") + m.group("star"), m.group("body"), m.start()))
        elif m.group("db") is not None:
            out.append(Found("\\[", m.group("db"), m.start()))
        elif m.group("dd") is not None:
            out.append(Found("$$", m.group("dd"), m.start()))
        elif m.group("ib") is not None:
            out.append(Found("\\(", m.group("ib"), m.start()))
