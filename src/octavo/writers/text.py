"""Plain-text writer: what a reader of the PDF sees, in reading order.

Contract: ``render_text(doc) -> str`` (NFC, ends with one newline) never fails on a valid
tree and never drops content silently:

- the title block (title, authors, date, abstract, \\thanks notes) where \\maketitle stood
  (a ``Div`` of class ``maketitle``; nothing when the document has none, as in print),
  then the body in document order;
- headings carry their numbers ("2.3 Converters"; chapters and parts on two lines,
  "Chapter 2" then the title); paragraphs are single lines separated by blank lines
  (no re-wrapping, so output is stable and greppable);
- lists show bullets (• – ∗ · by depth), numbers or labels, description terms; quotes
  are indented four spaces; code blocks are verbatim; tables are rows of cells separated
  by " | " in aligned columns with rules as dashes; floats end with "Figure 1.2: caption"
  (tables start with theirs); theorems read "Theorem 2.1 (note). …", proofs
  "Proof. … ∎";
- footnote marks appear as "[3]" and their text follows the top-level block (paragraph,
  list, table …) in which they occur, unless the tree has `Footnotes` blocks (placed by
  the split transform), which then hold them;
- Contents shows "number title" lines (computed from the sections when the toc transform
  has not filled it); the index shows entries with locators, "see"/"see also";
  bibliographies show "[label] entry" (no label in author-year styles);
- math is its linear Unicode form: a ``linear`` attribute when the math engine gives one,
  else the TeX source with trivial macros turned into Unicode (\\alpha → α, x^2 → x²).

Unknown node types render their children, so a writer never meets a node it cannot show.
"""

from __future__ import annotations

import re
import unicodedata

from octavo.doc.nodes import (
    Anchor, Bibliography, Block, Cell, Cite, Code, CodeBlock, Contents, Div, DisplayMath,
    Document, Emph, Figure, Footnotes, HorizontalRule, Image, IndexBlock, IndexEntry,
    IndexMark, Item, LineBreak, Link, List, Math, Node, Note, Paragraph, Placeholder,
    Proof, Quote, RawBlock, RawInline, Ref, Section, Span, Strong, Styled, Table, Text,
    Theorem,
)
from octavo.doc.walk import text_of, walk

BULLETS = ("•", "–", "∗", "·")
_ABOVE_TITLE = {"extratitle", "titlehead", "subject"}
_RUN_IN = ("paragraph", "subparagraph")
"""Headings LaTeX runs into the first paragraph of their unit."""
FLOAT_NAMES = {"figure": "Figure", "table": "Table", "listing": "Listing",
               "algorithm": "Algorithm", "subfigure": "", "subtable": ""}
_AUTHOR_YEAR_LABEL = re.compile(r"^.*\(.*\)\s*$", re.S)
MAX_DEPTH = 120
"""Nesting beyond this (hostile input) is shown as its plain text, without recursion."""


def render_text(doc: Document) -> str:
    """The reading-order text of ``doc``."""
    w = _Writer(doc)
    out = "\n".join(w.document()).rstrip() + "\n"
    return unicodedata.normalize("NFC", out)


def _indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + ln if ln else ln for ln in lines]


def _join_blocks(chunks: list[list[str]]) -> list[str]:
    out: list[str] = []
    for ch in chunks:
        if not ch:
            continue
        if out:
            out.append("")
        out.extend(ch)
    return out


def _width(s: str) -> int:
    w = 0
    for c in s:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w


class _Writer:
    __slots__ = ("doc", "pending", "deferred", "note_count", "margin_count", "list_depth",
                 "quiet", "depth", "title_done", "places")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.pending: list[Note] = []
        self.deferred = not any(isinstance(n, Footnotes) for n in walk(doc))
        self.title_done = False
        self.note_count = 0
        self.margin_count = 0
        self.list_depth = 0
        self.quiet = False
        """True while rendering copies (contents entries): notes show nothing."""
        self.depth = 0
        self.places: dict | None = None
        """Cite id -> the number (or title) of the unit it stands in (for back-references)."""

    # ------------------------------------------------------------------ document
    def document(self) -> list[str]:
        return _join_blocks(self.flow(self.doc.children))

    def maketitle(self, n: Div) -> list[str]:
        """\\maketitle: the title block (once, as LaTeX), with the class's extras
        (KOMA's \\subject above, \\publishers and \\dedication below)."""
        if self.title_done:
            return self.blocks(n.children)
        self.title_done = True
        above = [c for c in n.children if isinstance(c, Div) and set(c.classes) & _ABOVE_TITLE]
        below = [c for c in n.children if c not in above]
        return _join_blocks([self.blocks(above), self.title_block(), self.blocks(below)])

    def title_block(self) -> list[str]:
        m = self.doc.meta
        lines = []
        if m.title:
            lines.append(self.line(m.title))
        for a in m.authors:
            lines.append(self.line(a))
        if m.date:
            lines.append(self.line(m.date))
        chunks = [lines]
        for t in m.thanks:
            chunks.append(self.block(t))
        if m.abstract:
            chunks.append(["Abstract"])
            chunks.extend(self.block(b) for b in m.abstract)
        chunks.append(self.take_notes())
        return _join_blocks(chunks)

    def flow(self, blocks: list) -> list[list[str]]:
        """Top-level blocks of a section: each followed by the notes it raised."""
        chunks: list[list[str]] = []
        for b in blocks:
            if isinstance(b, Section):
                kids = b.children
                if b.kind in _RUN_IN and kids and isinstance(kids[0], Paragraph):
                    chunks.append(self.run_in(self.heading(b)[0], kids[:1]))
                    kids = kids[1:]
                else:
                    chunks.append(self.heading(b))
                chunks.append(self.take_notes())
                chunks.extend(self.flow(kids))
            else:
                chunks.append(self.block(b))
                chunks.append(self.take_notes())
        return chunks

    def take_notes(self) -> list[str]:
        if not self.deferred:
            return []
        chunks = []
        while self.pending:
            note = self.pending.pop(0)
            chunks.append(self.note_lines(note))
        return _join_blocks(chunks)

    def note_lines(self, note: Note) -> list[str]:
        body = _join_blocks([self.block(b) for b in note.children])
        mark = f"[{note.mark}] " if note.mark else "[*] "
        if not body:
            return [mark.rstrip()]
        return [mark + body[0]] + _indent(body[1:], " " * len(mark))

    def heading(self, s: Section) -> list[str]:
        """Chapters and parts on two lines ("Chapter 2" then the title) unless the class
        shows the number alone; other units on one line ("2.3 Title")."""
        title = self.line(s.title)
        if not s.number:
            return [title]
        name = s.prefix
        if name is None and s.kind in ("chapter", "part"):
            name = "Part" if s.kind == "part" else (
                "Appendix" if s.matter == "appendix" else "Chapter")
        if name and s.kind in ("chapter", "part"):
            return [f"{name} {s.number}", title]
        return [f"{name} {s.number} {title}" if name else f"{s.number} {title}"]

    # ------------------------------------------------------------------ blocks
    def blocks(self, nodes: list) -> list[str]:
        return _join_blocks([self.block(b) for b in nodes])

    def block(self, n) -> list[str]:
        if self.depth >= MAX_DEPTH:
            flat = " ".join(text_of([n]).split()) if isinstance(n, Node) else ""
            return [flat] if flat else []
        self.depth += 1
        try:
            return self._block(n)
        finally:
            self.depth -= 1

    def _block(self, n) -> list[str]:
        if isinstance(n, Paragraph):
            return self.para(n.children)
        if isinstance(n, Section):
            return _join_blocks([self.heading(n)] + [self.block(b) for b in n.children])
        if isinstance(n, List):
            return self.list_(n)
        if isinstance(n, Quote):
            lines = self.blocks(n.children)
            if n.attribution:
                lines += ["— " + self.line(n.attribution)]
            return _indent(lines, "    ")
        if isinstance(n, CodeBlock):
            return self.code(n)
        if isinstance(n, Figure):
            return self.figure(n)
        if isinstance(n, Table):
            return self.table(n)
        if isinstance(n, DisplayMath):
            return self.display(n)
        if isinstance(n, Theorem):
            return self.theorem(n)
        if isinstance(n, Proof):
            return self.proof(n)
        if isinstance(n, Div):
            if "maketitle" in n.classes:
                return self.maketitle(n)
            if "abstract" in n.classes:
                return _join_blocks([["Abstract"], self.blocks(n.children)])
            return self.blocks(n.children)
        if isinstance(n, HorizontalRule):
            return ["-" * 40]
        if isinstance(n, RawBlock):
            return n.text.splitlines() if n.format == "text" else []
        if isinstance(n, Placeholder):
            if n.reason == "picture":  # a drawing: the words a reader sees in it, if any
                return [f"[{n.alt}]"] if n.alt else []
            return [f"[{n.alt}]" if n.alt else f"[not converted: {n.reason or 'unknown'}]"]
        if isinstance(n, Contents):
            return self.contents(n)
        if isinstance(n, IndexBlock):
            return self.index(n)
        if isinstance(n, Bibliography):
            return self.bibliography(n)
        if isinstance(n, Footnotes):
            return _join_blocks([self.note_lines(x) for x in n.notes])
        if isinstance(n, Item):
            return self.blocks(n.children)
        if isinstance(n, Node):
            # unknown node: show its children (blocks or inlines)
            kids = [c for lst in n.child_lists() for c in lst]
            if kids and isinstance(kids[0], Block):
                return self.blocks(kids)
            return self.para(kids)
        return []

    def para(self, inlines: list) -> list[str]:
        text = self.inline(inlines)
        lines = [" ".join(ln.split()) for ln in text.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return lines

    def line(self, inlines: list) -> str:
        return " ".join(self.inline(inlines).split())

    def list_(self, n: List) -> list[str]:
        out: list[str] = []
        depth = self.list_depth
        self.list_depth += 1
        try:
            for i, item in enumerate(n.items):
                marker = self.marker(n, item, i, depth)
                body = self.blocks(item.children)
                if n.kind == "description" or item.term:
                    term = self.line(item.label or [])
                    first = body[0] if body else ""
                    out.append(f"{term} — {first}" if first else term)
                    out.extend(_indent(body[1:], "    "))
                    continue
                pad = " " * (len(marker) + 1)
                if not body:
                    out.append(marker)
                    continue
                out.append(f"{marker} {body[0]}")
                out.extend(_indent(body[1:], pad))
        finally:
            self.list_depth = depth
        return out

    def marker(self, n: List, item: Item, i: int, depth: int) -> str:
        if item.label is not None:
            return self.line(item.label)
        if n.kind == "enumerate":
            return enum_label(n.start + i, n.style, depth)
        return BULLETS[depth % len(BULLETS)]

    def code(self, n: CodeBlock) -> list[str]:
        text = n.text[:-1] if n.text.endswith("\n") else n.text
        if n.show_spaces:
            text = text.replace(" ", "␣")
        lines = text.split("\n")
        if n.caption or n.number:
            head = ("Listing " + n.number + ": " if n.number else "") + self.line(n.caption)
            lines = [head.rstrip(": ").rstrip() if not n.caption else head, ""] + lines
        return lines

    def figure(self, n: Figure) -> list[str]:
        body = self.blocks(n.children)
        cap = self.caption(n)
        if not cap:
            return body
        if n.kind in ("table", "subtable"):
            return _join_blocks([[cap], body])
        return _join_blocks([body, [cap]])

    def caption(self, n: Figure) -> str:
        cap = self.line(n.caption)
        name = FLOAT_NAMES.get(n.kind, n.kind[:1].upper() + n.kind[1:])
        if n.kind in ("subfigure", "subtable") and n.number:
            return f"({n.number}) {cap}".strip()
        if n.number:
            return f"{name} {n.number}: {cap}" if cap else f"{name} {n.number}"
        return cap

    def cell_text(self, cell) -> str:
        kids = cell.children
        if kids and isinstance(kids[0], Block):
            return " ".join(" ".join(self.blocks(kids)).split())
        return self.line(kids)

    def table(self, n: Table) -> list[str]:
        grid = _place_rowspans([[(self.cell_text(c), c) for c in row.cells] for row in n.rows])
        widths: list[int] = []
        for row in grid:
            col = 0
            for text, c in row:
                if c.colspan <= 1:
                    while len(widths) <= col:
                        widths.append(0)
                    widths[col] = max(widths[col], _width(text))
                col += max(1, c.colspan)
        total = sum(widths) + 3 * max(0, len(widths) - 1)
        out: list[str] = []

        def rule(kind: str) -> None:
            if kind and (not out or set(out[-1]) - {"-", "="}):
                out.append(("=" if kind == "double" else "-") * max(total, 3))

        for row, cells in zip(n.rows, grid):
            rule(row.rule_above)
            parts, col = [], 0
            for text, c in cells:
                span = max(1, c.colspan)
                w = sum(widths[col:col + span]) + 3 * (span - 1)
                pad = max(0, w - _width(text))
                if c.align == "right":
                    parts.append(" " * pad + text)
                elif c.align == "center":
                    parts.append(" " * (pad // 2) + text + " " * (pad - pad // 2))
                else:
                    parts.append(text + " " * pad)
                col += span
            out.append(" | ".join(parts).rstrip())
            rule(row.rule_below)
        return out

    def display(self, n: DisplayMath) -> list[str]:
        rows = n.rows or []
        if n.linear:
            # the math layer's linear form has one line per row; numbers follow the rows
            # that carry them (the layer lists numbered rows only, in order)
            lines = ["    " + ln for ln in n.linear.split("\n") if ln.strip()] or [""]
            nums = [r.number for r in rows if r.number]
            if nums:
                if len(nums) == len(lines):
                    lines = [ln + f"    ({num})" for ln, num in zip(lines, nums)]
                else:
                    lines[-1] += "    " + " ".join(f"({num})" for num in nums)
            return lines
        if not rows:
            lin = getattr(n, "linear", "") or linear_math(n.tex)
            return ["    " + lin]
        out = []
        for r in rows:
            lin = getattr(r, "linear", "") or linear_math(r.tex)
            out.append("    " + lin + (f"    ({r.number})" if r.number else ""))
        return out

    def theorem(self, n: Theorem) -> list[str]:
        name = self.line(n.name) or (n.kind[:1].upper() + n.kind[1:])
        head = name + (f" {n.number}" if n.number else "")
        if n.note:
            head += f" ({self.line(n.note)})"
        return self.run_in(head + ".", n.children)

    def proof(self, n: Proof) -> list[str]:
        head = (self.line(n.name) or "Proof") + "."
        lines = self.run_in(head, n.children)
        if n.qed:
            lines[-1] = lines[-1] + " ∎"
        return lines

    def run_in(self, head: str, blocks: list) -> list[str]:
        if blocks and isinstance(blocks[0], Paragraph):
            first = self.para(blocks[0].children)
            rest = self.blocks(blocks[1:])
            if first:
                return _join_blocks([[f"{head} {first[0]}"] + first[1:], rest])
            return _join_blocks([[head], rest])
        return _join_blocks([[head], self.blocks(blocks)])

    # ------------------------------------------------------------------ generated
    def contents(self, n: Contents) -> list[str]:
        self.quiet = True
        try:
            return self._contents(n)
        finally:
            self.quiet = False

    def _contents(self, n: Contents) -> list[str]:
        title = self.line(n.title) or {"toc": "Contents", "lof": "List of Figures",
                                       "lot": "List of Tables"}.get(n.kind, "Contents")
        lines: list[str] = []
        if n.entries:
            stack = [(e, 0) for e in reversed(n.entries)]
            while stack:
                e, depth = stack.pop()
                text = self.line(e.title)
                lines.append("  " * depth + (f"{e.number} {text}" if e.number else text))
                stack.extend((c, depth + 1) for c in reversed(e.children))
        elif n.kind == "toc":
            top = None
            for node in walk(self.doc):
                if isinstance(node, Section) and node.in_toc:
                    top = node.level if top is None else min(top, node.level)
            for node in walk(self.doc):
                if isinstance(node, Section) and node.in_toc:
                    text = self.line(node.short_title or node.title)
                    depth = node.level - (top or 0)
                    lines.append("  " * depth + (f"{node.number} {text}"
                                                 if node.number else text))
        else:
            kinds = ("figure",) if n.kind == "lof" else ("table",)
            for node in walk(self.doc):
                if isinstance(node, Figure) and node.kind in kinds:
                    text = self.line(node.short_caption or node.caption)
                    lines.append(f"{node.number} {text}" if node.number else text)
        return _join_blocks([[title], lines])

    def index(self, n: IndexBlock) -> list[str]:
        """The index; its heading is the enclosing unit's unless it has a title."""
        title = self.line(n.title)
        chunks = [[title] if title else []]
        for g in n.groups:
            lines = [g.letter]
            for e in g.entries:
                lines.extend(self.index_entry(e, 1))
            chunks.append(lines)
        return _join_blocks(chunks)

    def index_entry(self, e: IndexEntry, depth: int) -> list[str]:
        parts = [self.line(e.text)]
        locs = [loc.label for loc in e.locators]
        text = parts[0] + (", " + ", ".join(locs) if locs else "")
        for s in e.see:
            text += f", see {self.line(s)}"
        for s in e.see_also:
            text += f", see also {self.line(s)}"
        lines = ["  " * (depth - 1) + text]
        for c in e.children:
            lines.extend(self.index_entry(c, depth + 1))
        return lines

    def bibliography(self, n: Bibliography) -> list[str]:
        """Entries "[label] text" (no label in author-year styles), each followed by its
        back-references when the document loads backref; the heading is the enclosing
        unit's unless the node has a title."""
        title = self.line(n.title)
        labels = not (n.entries and all(_AUTHOR_YEAR_LABEL.match(e.label or "")
                                        for e in n.entries))
        lines = []
        for e in n.entries:
            body = self.line(e.children)
            if len(n.backref) == 3:
                body = (body + " " + self.backrefs(n.backref, e.backrefs)).strip()
            lines.append(f"[{e.label}] {body}" if labels and e.label else body)
        return _join_blocks([[title] if title else [], _join_blocks([[ln] for ln in lines])])

    def backrefs(self, texts: list, cite_ids: list) -> str:
        """backref's "(Cited on pages 1.2, 3.4, and 5.)" with units for pages."""
        if self.places is None:
            self.places = _cite_places(self.doc, self.line)
        places: list[str] = []
        for cid in cite_ids:
            p = self.places.get(cid)
            if p and p not in places:
                places.append(p)
        text = texts[min(len(places), 2)]
        if len(places) <= 2:
            listed = " and ".join(places)
        else:
            listed = ", ".join(places[:-1]) + ", and " + places[-1]
        return " ".join(text.replace("{}", listed).split())

    # ------------------------------------------------------------------ inlines
    def inline(self, nodes: list) -> str:
        if self.depth >= MAX_DEPTH:
            return text_of(nodes)
        self.depth += 1
        try:
            out: list[str] = []
            for n in nodes:
                self.one(n, out)
            return "".join(out)
        finally:
            self.depth -= 1

    def one(self, n, out: list[str]) -> None:
        if isinstance(n, Text):
            out.append(n.text.replace("\n", " "))
        elif isinstance(n, (Emph, Strong, Styled, Span)):
            out.append(self.inline(n.children))
        elif isinstance(n, Math):
            out.append(getattr(n, "linear", "") or linear_math(n.tex))
        elif isinstance(n, Ref):
            out.append(self.inline(n.children) if n.children else f"[{n.target}]")
        elif isinstance(n, Cite):
            if n.children:
                out.append(self.inline(n.children))
            elif n.mode != "nocite":
                out.append("[" + ", ".join(n.keys) + "]")
        elif isinstance(n, Link):
            out.append(self.inline(n.children) if n.children else n.url)
        elif isinstance(n, Note):
            if self.quiet:
                return
            if n.mark:
                n_mark = n.mark
            elif n.kind == "margin":  # margin notes are numbered apart: [m1], [m2] ...
                self.margin_count += 1
                n_mark = f"m{self.margin_count}"
            else:
                self.note_count += 1
                n_mark = str(self.note_count)
            out.append(f"[{n_mark}]")
            if self.deferred:
                self.pending.append(n if n.mark else Note(
                    kind=n.kind, mark=n_mark, children=n.children, loc=n.loc))
        elif isinstance(n, (IndexMark, Anchor)):
            pass
        elif isinstance(n, Image):
            out.append(f"[image: {n.alt or n.src}]")
        elif isinstance(n, LineBreak):
            out.append("\n")
        elif isinstance(n, Code):
            out.append(n.text)
        elif isinstance(n, RawInline):
            if n.format == "text":
                out.append(n.text)
        elif isinstance(n, Node):
            for lst in n.child_lists():
                out.append(self.inline(lst))


_COVERED = Cell()
"""Stands for a grid position covered by a \\multirow cell of an earlier row."""


def _place_rowspans(grid: list) -> list:
    """Rows of (text, cell) with an empty cell inserted wherever a rowspan from above
    covers the position (the tree omits covered cells), so that later cells keep their
    columns."""
    out = []
    covered: dict[int, int] = {}
    """column -> how many more rows it stays covered."""
    for row in grid:
        new_row = []
        col = 0
        cells = list(row)
        while cells or any(c >= col for c in covered):
            if covered.get(col, 0) > 0:
                new_row.append(("", _COVERED))
                col += 1
                continue
            if not cells:
                break
            text, c = cells.pop(0)
            span = max(1, c.colspan)
            if c.rowspan > 1:
                for k in range(col, col + span):
                    covered[k] = c.rowspan  # decremented below, after this row
            new_row.append((text, c))
            col += span
        for k in list(covered):
            covered[k] -= 1
            if covered[k] <= 0:
                del covered[k]
        out.append(new_row)
    return out


def _cite_places(doc: Document, line) -> dict:
    """Cite id -> number of the innermost numbered unit holding it (else the title of
    the outermost unnumbered one)."""
    places: dict = {}
    stack = [(doc.children, "")]
    while stack:
        nodes, where = stack.pop()
        for node in nodes:
            if not isinstance(node, Node):
                continue
            here = where
            if isinstance(node, Section):
                # an unnumbered unit (Notes, Exercises) is placed by its numbered parent
                here = node.number or where or line(node.title)
            elif isinstance(node, Cite) and node.id:
                places[node.id] = where
            for lst in node.child_lists():
                stack.append((lst, here))
    return places


def enum_label(n: int, style: str, depth: int) -> str:
    """LaTeX's enumerate labels: 1. (a) i. A. by depth, or by ``style``."""
    style = style or ("arabic", "alph", "roman", "Alph")[depth % 4]
    if style == "arabic":
        return f"{n}."
    if style == "alph":
        return f"({_alph(n)})"
    if style == "Alph":
        return f"{_alph(n).upper()}."
    if style == "roman":
        return f"{_roman(n).lower()}."
    if style == "Roman":
        return f"{_roman(n)}."
    return f"{n}."


def _alph(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s or "0"


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = ""
    for v, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                   (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                   (4, "IV"), (1, "I")):
        while n >= v:
            out += sym
            n -= v
    return out


# --------------------------------------------------------------------------- math

_MATH_WORDS = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # relations and operators
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪",
    "gg": "≫", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆",
    "supset": "⊃", "supseteq": "⊇", "cup": "∪", "cap": "∩", "setminus": "∖",
    "times": "×", "cdot": "⋅", "div": "÷", "pm": "±", "mp": "∓", "circ": "∘",
    "ast": "∗", "star": "⋆", "oplus": "⊕", "otimes": "⊗", "wedge": "∧", "land": "∧",
    "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬", "forall": "∀", "exists": "∃",
    "nexists": "∄", "emptyset": "∅", "varnothing": "∅", "infty": "∞", "partial": "∂",
    "nabla": "∇", "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬",
    "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "iff": "⟺", "implies": "⟹",
    "mapsto": "↦", "longrightarrow": "⟶", "uparrow": "↑", "downarrow": "↓",
    "perp": "⊥", "parallel": "∥", "mid": "∣", "vdash": "⊢", "models": "⊨",
    "ldots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "dots": "…",
    "prime": "′", "hbar": "ℏ", "ell": "ℓ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ",
    "angle": "∠", "triangle": "△", "langle": "⟨", "rangle": "⟩", "lceil": "⌈",
    "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "lvert": "|", "rvert": "|",
    "vert": "|", "Vert": "‖", "|": "‖", "{": "{", "}": "}", "%": "%", "$": "$",
    "#": "#", "&": "&", "_": "_", "colon": ":", "backslash": "\\", "qquad": "  ",
    "quad": " ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "cdotp": "⋅",
    "bullet": "•", "dagger": "†", "checkmark": "✓", "square": "□", "Box": "□",
}
_MATH_FUNCS = {"sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "lim",
               "max", "min", "sup", "inf", "det", "dim", "ker", "deg", "gcd", "arg",
               "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "Pr", "hom",
               "liminf", "limsup", "lg", "mod", "bmod"}
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
         "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "nonumber",
         "notag", "middle"}
_TEXTLIKE = {"text", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "textrm",
             "textit", "textbf", "operatorname", "mbox", "boldsymbol", "bm", "mathnormal",
             "hbox", "textup", "emph"}
_SUP = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"))
_SUB = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"))
_BB = {c: ch for c, ch in zip("CHNPQRZ", "ℂℍℕℙℚℝℤ")}
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|(\s+)|(.)", re.S)


def linear_math(tex: str) -> str:
    """TeX math source to a one-line Unicode approximation (for text output and alt)."""
    toks = []
    for m in _MATH_TOKEN.finditer(tex):
        if m.group(1):
            toks.append("\\" + m.group(1))
        elif m.group(2) is not None:
            toks.append("\\" + m.group(2))
        elif m.group(3):
            toks.append(" ")
        else:
            toks.append(m.group(4))
    out, _ = _math_seq(toks, 0, None)
    return " ".join(out.split())


def _math_group(toks: list, i: int) -> tuple[str, int]:
    """One argument: a braced group or a single token."""
    while i < len(toks) and toks[i] == " ":
        i += 1
    if i >= len(toks):
        return "", i
    if toks[i] == "{":
        return _math_seq(toks, i + 1, "}")
    return _math_seq(toks[i:i + 1], 0, None)[0], i + 1


def _wrap(s: str) -> str:
    return s if len(s) <= 1 or s.isalnum() else f"({s})"


def _script(s: str, table: dict, mark: str) -> str:
    if s and all(c in table for c in s):
        return "".join(table[c] for c in s)
    return mark + _wrap(s)


def _math_seq(toks: list, i: int, close) -> tuple[str, int]:
    out: list[str] = []
    while i < len(toks):
        t = toks[i]
        i += 1
        if close and t == close:
            return "".join(out), i
        if t == "{":
            s, i = _math_seq(toks, i, "}")
            out.append(s)
        elif t in ("^", "_"):
            s, i = _math_group(toks, i)
            out.append(_script(s, _SUP if t == "^" else _SUB, t))
        elif t == "&":
            continue
        elif t == "~":
            out.append(" ")
        elif t.startswith("\\"):
            name = t[1:]
            if name == "\\":
                out.append("; ")
            elif name == "frac" or name in ("dfrac", "tfrac"):
                a, i = _math_group(toks, i)
                b, i = _math_group(toks, i)
                out.append(f"{_wrap(a)}/{_wrap(b)}")
            elif name == "sqrt":
                if i < len(toks) and toks[i] == "[":
                    j = toks.index("]", i) if "]" in toks[i:] else i
                    i = j + 1
                a, i = _math_group(toks, i)
                out.append("√" + _wrap(a))
            elif name == "mathbb":
                a, i = _math_group(toks, i)
                out.append("".join(_BB.get(c, c) for c in a))
            elif name in _TEXTLIKE:
                a, i = _math_group(toks, i)
                out.append(a)
            elif name in ("hat", "bar", "vec", "tilde", "dot", "ddot", "overline",
                          "widehat", "widetilde", "underline"):
                a, i = _math_group(toks, i)
                mark = {"hat": "\u0302", "bar": "\u0304", "vec": "\u20d7", "tilde": "\u0303",
                        "dot": "\u0307", "ddot": "\u0308", "overline": "\u0305",
                        "widehat": "\u0302", "widetilde": "\u0303",
                        "underline": "\u0332"}[name]
                out.append(a + mark if len(a) == 1 else a)
            elif name in _MATH_WORDS:
                out.append(_MATH_WORDS[name])
            elif name in _MATH_FUNCS:
                out.append(name + " ")
            elif name in _DROP or name in ("begin", "end"):
                if name in ("begin", "end"):
                    _, i = _math_group(toks, i)
            else:
                out.append(t)
        else:
            out.append(t)
    return "".join(out), i
