"""The math AST: what `parser` builds and `mathml` / `linear` render.

A small closed set of slotted dataclasses.  Every node is plain data (no behaviour but
tiny helpers); a formula is a `Row`.  Nesting depth is bounded by the parser
(`parser.MAX_DEPTH`), so renderers may recurse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.errors import UNKNOWN, Location


@dataclass(slots=True)
class Leaf:
    """One token element: <mi>, <mn>, <mo> or <mtext>."""

    tag: str
    """mi, mn, mo or mtext."""
    text: str
    """Its Unicode content (already mapped through alphabets / symbol tables)."""
    cls: str = "ord"
    """TeX atom class: ord, op, bin, rel, open, close, punct, inner, fn (a function name
    such as sin, which TeX spaces like op)."""
    attrs: dict | None = None
    """Extra MathML attributes in output order (stretchy, form, mathvariant, ...)."""
    limits: bool = False
    """For large operators and lim-like names: scripts go above/below."""
    explicit_limits: bool = False
    """Set when \\limits or \\nolimits was written (rendered as movablelimits=false)."""


@dataclass(slots=True)
class Row:
    """A horizontal list: <mrow> (or nothing when it holds exactly one node)."""

    items: list = field(default_factory=list)


@dataclass(slots=True)
class Scripts:
    """Sub/superscripts of ``base``; ``limits`` puts them under/over the base."""

    base: object
    sub: object = None
    sup: object = None
    limits: bool = False


@dataclass(slots=True)
class Frac:
    num: object
    den: object
    thickness: str | None = None
    """None: default rule; "0" for \\binom and \\atop."""
    style: str | None = None
    """"display" (\\dfrac), "text" (\\tfrac) or None (inherit)."""
    left: str = ""
    right: str = ""
    """Delimiters around the fraction (\\binom, \\genfrac)."""
    bevelled: bool = False
    """\\nicefrac / \\sfrac: a slanted fraction."""


@dataclass(slots=True)
class Root:
    body: object
    index: object = None


@dataclass(slots=True)
class Fenced:
    """\\left ... \\right: stretchy delimiters around ``body`` ("" for \\left.)."""

    open: str
    close: str
    body: Row


@dataclass(slots=True)
class Accent:
    """An accent above (or below) ``base``: \\hat, \\overline, \\underbrace ..."""

    base: object
    char: str
    over: bool = True
    stretchy: bool = False
    name: str = ""
    """The command, for linear output and for brace-like limits."""


@dataclass(slots=True)
class UnderOver:
    """\\overset, \\underset, \\stackrel, \\xrightarrow: non-accent scripts above/below."""

    base: object
    under: object = None
    over: object = None
    cls: str = "ord"


@dataclass(slots=True)
class Text:
    """Text-mode material inside math (\\text, \\mbox ...): strings and nested math."""

    parts: list = field(default_factory=list)
    """str pieces and math nodes (from $...$ inside the text)."""
    style: str = ""
    """"", "bold", "italic", "mono", "sans" (from \\textbf and friends)."""


@dataclass(slots=True)
class Space:
    width: float
    """In em; negative for \\! and friends."""


@dataclass(slots=True)
class Phantom:
    body: object
    kind: str = "phantom"
    """phantom, hphantom, vphantom, smash; overlay (shown, no width: \\ooalign rows)."""


@dataclass(slots=True)
class Style:
    body: object
    displaystyle: bool | None = None
    scriptlevel: int | None = None
    color: str | None = None


@dataclass(slots=True)
class Enclose:
    body: object
    notation: str = "box"
    """box, cancel, bcancel, xcancel."""


@dataclass(slots=True)
class Error:
    """Visible error text inside the formula (<merror>)."""

    text: str


@dataclass(slots=True)
class RowMeta:
    """Numbering facts of one display row (equation line)."""

    loc: Location = UNKNOWN
    label: str | None = None
    tag: str | None = None
    tag_star: bool = False
    numbered: bool = True
    """False after \\nonumber / \\notag."""


@dataclass(slots=True)
class TableRow:
    cells: list = field(default_factory=list)
    """Row nodes, one per column."""
    meta: RowMeta | None = None
    """Only for rows of a top-level display environment."""
    hline: str = ""
    """"solid" / "dashed" when a rule is drawn above the row."""
    text: object = None
    """A Text node for an \\intertext row (then ``cells`` is empty)."""


@dataclass(slots=True)
class Table:
    rows: list = field(default_factory=list)
    kind: str = "matrix"
    """align, alignat, gather, multline, eqnarray, matrix, cases, array, substack ..."""
    aligns: list = field(default_factory=list)
    """Per column: left, center, right (repeated cyclically by the renderer for align)."""
    vlines: dict = field(default_factory=dict)
    """column index -> "solid"/"dashed" for a rule on the column's left (index ==
    number of columns: rule at the right end)."""
    display: bool = False
    """Cells in display style (align, gather, dcases)."""
    small: bool = False
    """smallmatrix, substack: script size."""
    hline_below: str = ""
    gap: float = 0.0
    """Extra space (em) before every column pair (align family)."""


def is_empty(node) -> bool:
    return isinstance(node, Row) and not node.items


@dataclass(slots=True)
class Link:
    """A cross-reference inside text in math (\\eqref in \\text{...}); ``href`` empty
    when the caller could not resolve it."""

    text: str
    href: str = ""
