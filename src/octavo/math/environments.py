"""Math environments: what each \\begin{...} inside math (and each display) means.

`ENVIRONMENTS` maps an environment name to an `EnvSpec` (table kind, delimiters,
arguments, column alignment); `column_spec(tokens)` reads an array preamble.  The
parser (`parser.Parser.environment`) does the reading; the renderers use `Table.kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS


@dataclass(frozen=True, slots=True)
class EnvSpec:
    kind: str
    """align, alignat, gather, multline, eqnarray, matrix, cases, array, single."""
    open: str = ""
    close: str = ""
    args: str = ""
    """"" none; "pos" optional [t|c|b]; "alignat" {n}; "array" [pos]{cols};
    "matrix*" optional [l|c|r]; "pos+alignat"."""
    aligns: tuple = ("center",)
    display: bool = False
    small: bool = False
    gap: float = 0.0
    numbered_rows: bool = False
    """Top level: each row gets its own number (align) rather than one per display."""


_ALIGN = ("right", "left")

_SPECS = {
    "align": EnvSpec("align", aligns=_ALIGN, display=True, gap=2.0, numbered_rows=True),
    "flalign": EnvSpec("align", aligns=_ALIGN, display=True, gap=2.0, numbered_rows=True),
    "alignat": EnvSpec("align", args="alignat", aligns=_ALIGN, display=True,
                       numbered_rows=True),
    "xalignat": EnvSpec("align", args="alignat", aligns=_ALIGN, display=True, gap=2.0,
                        numbered_rows=True),
    "eqnarray": EnvSpec("eqnarray", aligns=("right", "center", "left"), display=True,
                        numbered_rows=True),
    "gather": EnvSpec("gather", display=True, numbered_rows=True),
    "multline": EnvSpec("multline", display=True),
    "equation": EnvSpec("single", display=True),
    "displaymath": EnvSpec("single", display=True),
    "math": EnvSpec("single"),
    "split": EnvSpec("align", aligns=_ALIGN, display=True, gap=2.0),
    "aligned": EnvSpec("align", args="pos", aligns=_ALIGN, display=True, gap=2.0),
    "alignedat": EnvSpec("align", args="pos+alignat", aligns=_ALIGN, display=True),
    "gathered": EnvSpec("gather", args="pos", display=True),
    "multlined": EnvSpec("gather", args="pos", display=True),
    "matrix": EnvSpec("matrix"),
    "pmatrix": EnvSpec("matrix", "(", ")"),
    "bmatrix": EnvSpec("matrix", "[", "]"),
    "Bmatrix": EnvSpec("matrix", "{", "}"),
    "vmatrix": EnvSpec("matrix", "|", "|"),
    "Vmatrix": EnvSpec("matrix", "\u2016", "\u2016"),
    "smallmatrix": EnvSpec("matrix", small=True),
    "psmallmatrix": EnvSpec("matrix", "(", ")", small=True),
    "bsmallmatrix": EnvSpec("matrix", "[", "]", small=True),
    "Bsmallmatrix": EnvSpec("matrix", "{", "}", small=True),
    "vsmallmatrix": EnvSpec("matrix", "|", "|", small=True),
    "Vsmallmatrix": EnvSpec("matrix", "\u2016", "\u2016", small=True),
    "cases": EnvSpec("cases", "{", "", aligns=("left", "left")),
    "dcases": EnvSpec("cases", "{", "", aligns=("left", "left"), display=True),
    "rcases": EnvSpec("cases", "", "}", aligns=("left", "left")),
    "drcases": EnvSpec("cases", "", "}", aligns=("left", "left"), display=True),
    "numcases": EnvSpec("cases", "{", "", aligns=("left", "left")),
    "array": EnvSpec("array", args="array"),
    "subarray": EnvSpec("array", args="array", small=True),
    "tabular": EnvSpec("array", args="array"),
}
for _name in ("matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix"):
    _s = _SPECS[_name]
    _SPECS[_name + "*"] = EnvSpec("matrix", _s.open, _s.close, args="matrix*")
for _name in ("cases", "dcases", "rcases", "drcases"):
    _SPECS[_name + "*"] = _SPECS[_name]

ENVIRONMENTS = MappingProxyType(_SPECS)
"""Environment name -> spec.  Starred display names (align*) share the unstarred spec."""

TOP_LEVEL = frozenset({"align", "flalign", "alignat", "xalignat", "eqnarray", "gather",
                       "multline"})
"""Environments whose rows are equation lines (numbered by the display, not nested)."""


def spec_for(name: str) -> EnvSpec | None:
    spec = ENVIRONMENTS.get(name)
    if spec is None and name.endswith("*"):
        spec = ENVIRONMENTS.get(name[:-1])
    return spec


_COL = {"l": "left", "c": "center", "r": "right", "p": "left", "m": "left", "b": "left",
        "X": "left", "L": "left", "C": "center", "R": "right", "S": "center"}


def column_spec(tokens: list, limit: int = 200) -> tuple[list, dict]:
    """Alignments and vertical rules of an array/tabular preamble.

    Returns (aligns, vlines) with vlines mapping a column index to "solid"/"dashed"
    (a rule to the left of that column; index len(aligns) = right edge).  Unknown
    letters count as centred columns; ``*{n}{spec}`` is expanded up to ``limit`` columns.
    """
    aligns: list = []
    vlines: dict = {}
    toks = [t for t in tokens if t.cat != C.SPACE]
    i = 0
    n = len(toks)

    def group(j):
        if j < n and toks[j].cat == C.BEGIN:
            depth = 0
            k = j
            while k < n:
                if toks[k].cat == C.BEGIN:
                    depth += 1
                elif toks[k].cat == C.END:
                    depth -= 1
                    if depth == 0:
                        return toks[j + 1:k], k + 1
                k += 1
            return toks[j + 1:], n
        return toks[j:j + 1], j + 1

    while i < n and len(aligns) < limit:
        t = toks[i]
        i += 1
        if t.cat == CS:
            continue
        ch = t.text
        if ch == "|":
            vlines[len(aligns)] = "solid"
        elif ch == ":":
            vlines[len(aligns)] = "dashed"
        elif ch in "@!><":
            _, i = group(i)
        elif ch == "*":
            count, i = group(i)
            body, i = group(i)
            try:
                reps = int("".join(x.text for x in count))
            except ValueError:
                reps = 1
            sub_aligns, sub_v = column_spec(body, limit)
            for _ in range(max(0, min(reps, limit))):
                if len(aligns) >= limit:
                    break
                for k, v in sub_v.items():
                    vlines[len(aligns) + k] = v
                aligns.extend(sub_aligns)
        elif ch in _COL:
            aligns.append(_COL[ch])
            if ch in "pmb" or (ch in "X" and i < n and toks[i].cat == C.BEGIN):
                _, i = group(i)
        elif t.cat == C.BEGIN:
            _, i = group(i - 1)
    return aligns[:limit] or ["center"], vlines
