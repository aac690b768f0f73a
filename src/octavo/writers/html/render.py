"""HTML for the document tree: a visitor over every node type of `octavo.doc.nodes`.

Contract:

* the methods build plain ``str`` of HTML; every text and attribute value taken from the
  tree is escaped exactly once, where it is put into the markup (`esc`), and strings a
  method returns are HTML and are never escaped again.  Only the page writer
  (`octavo.site.build`) wraps the finished fragments in ``Markup`` for the template;
* ids come from the tree (the label and split passes made them safe), are escaped too,
  and each id is written at most once per page; class names are kept only when they match
  ``[A-Za-z][A-Za-z0-9_-]*`` (so they need no escaping);
* every URL goes through `octavo.site.urls.safe_href`; a refused `Link` keeps its text,
  loses its href and warns ``W-URL-SCHEME``;
* `RawBlock`/`RawInline` are dropped (``W-RAW-DROPPED`` at each) unless ``config.trust``;
  ``Math.mathml``/``DisplayMath.mathml`` are trusted MathML built by octavo.math and are
  embedded as they are;
* links inside the edition are ``page.html#id``, from `SiteLinks.page_of` (the split pass);
* a node type the visitor does not know renders its children and warns once
  (``W-UNKNOWN-NODE``); trees nested deeper than `MAX_DEPTH` render as plain text
  (``W-DEPTH``) instead of overflowing the stack.

`HtmlRenderer` renders one page at a time (``start_page``); `SiteLinks` holds what all
pages share.  The methods return HTML as ``str``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from octavo.doc import nodes as N
from octavo.doc.walk import text_of
from octavo.errors import Reporter
from octavo.site.urls import safe_href, url_policy_reason
from octavo.writers.html import backmatter
from octavo.writers.html.escape import esc

MAX_DEPTH = 120
_CLASS_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_LENGTH_RE = re.compile(r"^\d{1,5}(\.\d{1,4})?(%|em|rem|ex|ch|px|pt|pc|cm|mm|in|vw|vh)$")
_COLOR_RE = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30})$")
_SAFE_ATTRS = {"lang", "dir", "title"}
_DATA_ATTR = re.compile(r"^data-[a-z][a-z0-9-]{0,40}$")

_STYLE_TAGS = {"italic": "i", "superscript": "sup", "subscript": "sub", "strike": "s", "underline": "u"}
_SIZES = {"tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
          "huge", "Huge"}
_LIST_TYPES = {"arabic": "1", "alph": "a", "Alph": "A", "roman": "i", "Roman": "I"}
_AUTO_LABEL = re.compile(r"[(\[]?[0-9A-Za-z]{1,12}[.)\]:]?\Z")


def _auto_label(label: list) -> bool:
    """True for a label such as the enumerate counter gives (``3.``, ``(b)``, ``iv``):
    plain text of one number or letters; an \\item[...] label with anything else in it
    (a formula, words, a prime) is the author's own."""
    return all(type(n) is N.Text for n in label) and bool(
        _AUTO_LABEL.match("".join(n.text for n in label).strip()))
FLOAT_NAMES = {"figure": "Figure", "table": "Table", "listing": "Listing", "algorithm": "Algorithm",
               "subfigure": "", "subtable": ""}


@dataclass(slots=True)
class SiteLinks:
    """What every page needs to know about the whole edition."""

    page_of: dict = field(default_factory=dict)
    """Anchor id -> file name of the page showing it (from the split pass)."""
    noterefs: dict = field(default_factory=dict)
    """Note id -> id of its mark in the text."""
    labels: dict = field(default_factory=dict)
    """Raw label -> LabelTarget (for \\hyperlink targets)."""
    bib_of: dict = field(default_factory=dict)
    """Citation key -> BibEntry id."""
    images: dict = field(default_factory=dict)
    """Image.src -> output path ('' when the image could not be copied)."""
    pages: dict = field(default_factory=dict)
    """File name -> Page (for back-reference labels)."""
    top_level: int = 0
    """Shallowest sectioning level in the document."""
    index_mentions: object = field(default_factory=dict)
    """(index name, entry path) -> [(IndexMark, locator label)]: a dict, or the lazy
    `index_page.IndexMentions` (read with ``get`` only)."""
    doc: object = None
    """The Document (the places \\backref names are its sections)."""


class _InlineRun:
    """Consecutive inlines found among blocks, rendered as one paragraph."""

    __slots__ = ("children",)
    _octavo_run = True
    id = None

    def __init__(self):
        self.children = []


def css_class(*names) -> str:
    """Joined class names, keeping only safe ones (letters, digits, ``_``, ``-``: nothing to
    escape)."""
    return " ".join(n for n in names if n and _CLASS_RE.match(n))


class HtmlRenderer:
    """Renders nodes of one conversion to HTML (``str``)."""

    def __init__(self, ctx, links: SiteLinks):
        self.ctx = ctx
        self.reporter = ctx.reporter
        self.trust = bool(getattr(ctx.config, "trust", False))
        self.links = links
        self.formatter = HtmlFormatter(nowrap=True)
        self._lexers: dict = {}
        self.page = None
        self.page_file = ""
        self.unit_level = 0
        self.base = 1
        self.depth = 0
        self.section_level = None
        """Level of the Section being rendered (None outside sections)."""
        self.ids: set = set()
        self._late_math: dict = {}
        self.plain = 0
        """>0 while rendering a copy (titles in navigation, link texts): no ids, notes, links."""
        self.memo: dict = {}
        """Fragments that are the same on every page, rendered once per site (navigation
        titles: the side TOC repeats them on every page)."""
        self.block_methods = {}
        self.inline_methods = {}
        for name, cls in N.NODE_TYPES.items():
            m = getattr(self, "b_" + name, None) or getattr(self, "i_" + name, None)
            if m is not None:
                (self.inline_methods if issubclass(cls, N.Inline) else self.block_methods)[cls] = m

    # ------------------------------------------------------------------ page state

    def start_page(self, page) -> None:
        """Reset per-page state: heading levels and the set of ids written."""
        self.page = page
        self.page_file = page.filename
        self.ids = set()
        self.section_level = None
        if page.unit is None:
            self.unit_level, self.base = self.links.top_level, 2
        else:
            self.unit_level, self.base = page.level, 1

    def heading_level(self, level: int) -> int:
        return max(1, min(6, self.base + (level - self.unit_level)))

    def id_attr(self, node) -> str:
        ident = getattr(node, "id", None)
        if not ident or self.plain or ident in self.ids:
            return ""
        self.ids.add(ident)
        return f' id="{esc(ident)}"'

    def href_id(self, ident: str) -> str:
        """``page.html#id`` for an id shown somewhere, else '' (not escaped: a URL to put
        in an attribute through `esc`)."""
        page = self.links.page_of.get(ident)
        return f"{page}#{ident}" if page else ""

    def warn_once(self, code: str, message: str, loc, key) -> None:
        self.reporter.warning(code, message, loc, once=(code, key))

    # ------------------------------------------------------------------ dispatch

    def blocks(self, nodes) -> str:
        out = []
        run = []
        for n in nodes:
            if isinstance(n, N.Inline):  # a stray inline among blocks: give it a paragraph
                run.append(n)
                continue
            if run:
                out.append(f"<p>{self.inlines(run)}</p>\n")
                run = []
            out.append(self.block(n))
        if run:
            out.append(f"<p>{self.inlines(run)}</p>\n")
        return "".join(out)

    def block(self, node) -> str:
        if not isinstance(node, N.Node):
            return ""
        if self.depth >= MAX_DEPTH:
            return self._too_deep(node, block=True)
        method = self.block_methods.get(type(node))
        self.depth += 1
        try:
            if method is not None:
                return method(node)
            if isinstance(node, N.Inline):
                return f"<p>{self.inline(node)}</p>\n"
            return self._unknown(node, block=True)
        finally:
            self.depth -= 1

    def inlines(self, nodes) -> str:
        if self.depth >= MAX_DEPTH:
            return "".join([self.inline(n) for n in nodes])
        text = N.Text
        return "".join([esc(n.text) if type(n) is text else self.inline(n) for n in nodes])

    def inline(self, node) -> str:
        if not isinstance(node, N.Node):
            return ""
        if self.depth >= MAX_DEPTH:
            return self._too_deep(node, block=False)
        method = self.inline_methods.get(type(node))
        self.depth += 1
        try:
            if method is not None:
                return method(node)
            if isinstance(node, N.Block):  # a block inside a paragraph: keep its text
                return esc(text_of([node]))
            return self._unknown(node, block=False)
        finally:
            self.depth -= 1

    def plain_inlines(self, nodes) -> str:
        """Inlines as a copy: no ids, no notes, no links (for TOCs, navigation, link texts)."""
        self.plain += 1
        try:
            return self.inlines(nodes)
        finally:
            self.plain -= 1

    def _unknown(self, node, block: bool) -> str:
        name = type(node).__name__
        self.warn_once("W-UNKNOWN-NODE", f"the HTML writer does not know node type {name}; "
                       "showing its content", node.loc, name)
        kids = [c for lst in node.child_lists() for c in lst if isinstance(c, N.Node)]
        return self.blocks(kids) if block else self.inlines(kids)

    def _too_deep(self, node, block: bool) -> str:
        self.warn_once("W-DEPTH", f"content nested more than {MAX_DEPTH} levels deep is shown as "
                       "plain text", node.loc, "depth")
        text = esc(text_of([node]))
        return f"<p>{text}</p>\n" if block else text

    def _lead_blocks(self, children, lead: str, tail: str = "") -> str:
        """Blocks with ``lead`` run into the first paragraph and ``tail`` into the last
        (both HTML)."""
        kids = []
        for k in children:  # inlines standing where blocks belong share one paragraph
            if isinstance(k, N.Inline):
                if not kids or not getattr(kids[-1], "_octavo_run", False):
                    kids.append(_InlineRun())
                kids[-1].children.append(k)
            else:
                kids.append(k)
        if not kids:
            return f"<p>{lead}{tail}</p>\n"
        first_p = isinstance(kids[0], (N.Paragraph, _InlineRun))
        last_p = isinstance(kids[-1], (N.Paragraph, _InlineRun))
        out = []
        last = len(kids) - 1
        for i, k in enumerate(kids):
            pre = lead if i == 0 and first_p else ""
            post = tail if i == last and last_p else ""
            if pre or post or isinstance(k, _InlineRun):
                out.append(f"<p{self.id_attr(k)}>{pre}{self.inlines(k.children)}{post}</p>\n")
            else:
                out.append(self.block(k))
        if lead and not first_p:
            out.insert(0, f"<p>{lead}</p>\n")
        if tail and not last_p:
            out.append(f"<p>{tail}</p>\n")
        return "".join(out)

    # ------------------------------------------------------------------ structure

    def b_Section(self, s: N.Section) -> str:
        h = self.heading_level(s.level)
        if s.number and s.numbered:
            if s.prefix:  # the class's word before the number: "Chapter 3", "Part II", "Appendix A"
                num = f'<span class="secnum secnum-named"><span class="secprefix">{esc(s.prefix)}</span> ' \
                      f'{esc(s.number)}</span> '
            else:
                num = f'<span class="secnum">{esc(s.number)}</span> '
        else:
            num = ""
        head = (f'<section{self.id_attr(s)} class="{css_class("unit", "unit-" + s.kind, "matter-" + s.matter)}">\n'
                f'<h{h} class="unit-title">{num}{self.inlines(s.title)}</h{h}>\n')
        outer, self.section_level = self.section_level, s.level
        try:
            body = self.blocks(s.children)
        finally:
            self.section_level = outer
        return f"{head}{body}</section>\n"

    def b_Paragraph(self, p: N.Paragraph) -> str:
        if not any(isinstance(c, N.Block) for c in p.children):
            return f"<p{self.id_attr(p)}>{self.inlines(p.children)}</p>\n"
        # A display inside a paragraph: close the paragraph around it.
        out, run = [], []
        for c in p.children:
            if isinstance(c, N.Block):
                if run:
                    out.append(f"<p>{self.inlines(run)}</p>\n")
                    run = []
                out.append(self.block(c))
            else:
                run.append(c)
        if run:
            out.append(f"<p>{self.inlines(run)}</p>\n")
        return "".join(out)

    def b_List(self, lst: N.List) -> str:
        if lst.kind == "description":
            items = []
            for it in lst.items:
                items.append(f"<dt{self.id_attr(it)}>{self.inlines(it.label or [])}</dt>\n"
                             f"<dd>{self.blocks(it.children)}</dd>\n")
            return f'<dl{self.id_attr(lst)} class="description">\n{"".join(items)}</dl>\n'
        ordered = lst.kind == "enumerate"
        tag = "ol" if ordered else "ul"
        attrs = ""
        if ordered:
            if lst.style in _LIST_TYPES and lst.style != "arabic":
                attrs += f' type="{_LIST_TYPES[lst.style]}"'
            if lst.start != 1:
                attrs += f' start="{int(lst.start):d}"'
        # an \item[...] among numbered items: LaTeX does not step the counter for it, a
        # browser's <ol> would; then every item shows the label the tree computed
        own_labels = ordered and (lst.style not in _LIST_TYPES
                                  or any(it.label and not _auto_label(it.label) for it in lst.items))
        items = []
        for it in lst.items:
            if it.label is not None and not ordered or (own_labels and it.label):
                label = f'<span class="item-label">{self.inlines(it.label)}</span> '
                items.append(f'<li{self.id_attr(it)} class="labelled">{self._lead_blocks(it.children, label)}</li>\n')
            else:
                items.append(f"<li{self.id_attr(it)}>{self.blocks(it.children)}</li>\n")
        return (f'<{tag}{self.id_attr(lst)} class="{css_class("list", "list-" + lst.kind)}"{attrs}>\n'
                f'{"".join(items)}</{tag}>\n')

    def b_Item(self, it: N.Item) -> str:  # an Item outside a List
        return f'<div{self.id_attr(it)} class="item">{self.blocks(it.children)}</div>\n'

    def b_Quote(self, q: N.Quote) -> str:
        ident = self.id_attr(q)
        body = (f'<blockquote{"" if q.attribution else ident} class="{css_class("quote", q.kind)}">\n'
                f"{self.blocks(q.children)}</blockquote>\n")
        if not q.attribution:
            return body
        return (f'<figure{ident} class="quotation">\n{body}<figcaption class="attribution">— '
                f"{self.inlines(q.attribution)}</figcaption>\n</figure>\n")

    def lexer(self, language: str, loc):
        key = language.lower()
        if key not in self._lexers:
            try:
                self._lexers[key] = get_lexer_by_name(key, stripnl=False, ensurenl=False) if key else None
            except ClassNotFound:
                self.warn_once("W-CODE-LANGUAGE", f"no highlighter for language '{language}'; "
                               "showing plain text", loc, key)
                self._lexers[key] = None
        return self._lexers[key]

    def b_CodeBlock(self, c: N.CodeBlock) -> str:
        text = c.text.replace(" ", "\u2423") if c.show_spaces else c.text
        lexer = self.lexer(c.language, c.loc) if c.language else None
        if lexer is None:
            body = esc(text)
        else:
            body = highlight(text, lexer, self.formatter)  # Pygments' HtmlFormatter escapes the code
        lang = css_class("language-" + c.language.lower()) if c.language else ""
        bare = not c.caption and not c.number
        code_cls = f' class="{lang}"' if lang else ""
        pre = f'<pre{self.id_attr(c) if bare else ""} class="code highlight"><code{code_cls}>{body}</code></pre>\n'
        if bare:
            return pre
        label = f'<span class="float-name">Listing {esc(c.number)}:</span> ' if c.number else ""
        return (f'<figure{self.id_attr(c)} class="float float-listing">\n'
                f"<figcaption>{label}{self.inlines(c.caption)}</figcaption>\n{pre}</figure>\n")

    def b_Figure(self, f: N.Figure) -> str:
        name = FLOAT_NAMES.get(f.kind, f.kind.capitalize())
        if f.number:
            label = f"{name} {f.number}:" if name else f"({f.number})"
            label_html = f'<span class="float-name">{esc(label)}</span> '
        else:
            label_html = ""
        cap = ""
        if f.caption or f.number:
            cap = f"<figcaption>{label_html}{self.inlines(f.caption)}</figcaption>\n"
        body = self.blocks(f.children)
        inner = cap + body if f.kind in ("table", "subtable") else body + cap
        return f'<figure{self.id_attr(f)} class="{css_class("float", "float-" + f.kind)}">\n{inner}</figure>\n'

    def b_Table(self, t: N.Table) -> str:
        rows = list(t.rows)
        head = []
        while rows and rows[0].cells and all(c.header for c in rows[0].cells) and len(rows) > 1:
            head.append(rows.pop(0))
        parts = []
        if head:
            parts.append(f'<thead>\n{"".join([self._row(r, True) for r in head])}</thead>\n')
        if rows:
            parts.append(f'<tbody>\n{"".join([self._row(r, False) for r in rows])}</tbody>\n')
        return (f'<div class="table-wrap"><table{self.id_attr(t)} class="{css_class("tabular", "env-" + t.env)}">\n'
                f'{"".join(parts)}</table></div>\n')

    def _row(self, r: N.Row, in_head: bool) -> str:
        cls = css_class("rule-above-" + r.rule_above if r.rule_above else "",
                        "rule-below-" + r.rule_below if r.rule_below else "")
        cells = []
        for c in r.cells:
            tag = "th" if c.header else "td"
            attrs = ""
            if c.colspan > 1:
                attrs += f' colspan="{int(c.colspan):d}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{int(c.rowspan):d}"'
            if in_head:
                attrs += ' scope="col"'
            ccls = css_class("align-" + c.align, *("border-" + b for b in c.borders if b in "tblr"))
            if any(isinstance(k, N.Block) for k in c.children):
                content = self.blocks(c.children)
            else:
                content = self.inlines(c.children)
            cells.append(f'<{tag}{self.id_attr(c)} class="{ccls}"{attrs}>{content}</{tag}>')
        row_cls = f' class="{cls}"' if cls else ""
        return f'<tr{row_cls}>{"".join(cells)}</tr>\n'

    def b_DisplayMath(self, m: N.DisplayMath) -> str:
        if m.mathml:
            body = m.mathml  # trusted: built by octavo.math, escaped there
        else:
            body = f'<pre class="math-tex">{esc(m.tex)}</pre>'
        # octavo.math places numbers (and their anchors) inside its markup; add ours
        # only when the markup has none.
        numbered_inside = bool(m.mathml) and "eqno" in m.mathml
        nos = [] if numbered_inside else [r for r in m.rows if r.number]
        eqnos = ""
        if nos:
            spans = "".join([f'<span{self.id_attr(r)} class="eqno">({esc(r.number)})</span>' for r in nos])
            eqnos = f'<div class="eqnos">{spans}</div>'
        if numbered_inside:
            for r in m.rows:  # their anchors are written by the MathML
                if r.id:
                    self.ids.add(r.id)
        ident = "" if m.id and f'id="{m.id}"' in m.mathml else self.id_attr(m)
        return (f'<div{ident} class="{css_class("displaymath", "env-" + m.env.rstrip("*"))}">\n'
                f'<div class="math-body">{body}</div>{eqnos}\n</div>\n')

    def b_Theorem(self, t: N.Theorem) -> str:
        head = f'<span class="theorem-name">{self.inlines(t.name or [N.Text(text=t.kind.capitalize())])}</span>'
        if t.number:
            head += f' <span class="theorem-number">{esc(t.number)}</span>'
        if t.note:
            head += f' <span class="theorem-note">({self.inlines(t.note)})</span>'
        lead = f'<span class="theorem-heading">{head}.</span> '
        cls = css_class("theorem", "theorem-" + t.kind, "theorem-style-" + t.style)
        return f'<div{self.id_attr(t)} class="{cls}">\n{self._lead_blocks(t.children, lead)}</div>\n'

    def b_Proof(self, p: N.Proof) -> str:
        name = self.inlines(p.name) if p.name else "Proof"
        lead = f'<span class="proof-heading">{name}.</span> '
        tail = ' <span class="qed">∎</span>' if p.qed else ""
        return f'<div{self.id_attr(p)} class="proof">\n{self._lead_blocks(p.children, lead, tail)}</div>\n'

    def b_Div(self, d: N.Div) -> str:
        return (f"<div{self.id_attr(d)}{self._class_attr(d.classes)}{self._safe_attrs(d.attrs, d.loc)}>\n"
                f"{self.blocks(d.children)}</div>\n")

    def _class_attr(self, classes) -> str:
        cls = css_class(*classes)
        return f' class="{cls}"' if cls else ""

    def _safe_attrs(self, attrs: dict, loc) -> str:
        out = ""
        for k in sorted(attrs):
            if k in _SAFE_ATTRS or _DATA_ATTR.match(k):
                out += f' {esc(k)}="{esc(str(attrs[k]))}"'
            else:
                self.warn_once("W-ATTRIBUTE", f"attribute '{k}' is not allowed and was dropped", loc, k)
        return out

    def b_HorizontalRule(self, _: N.HorizontalRule) -> str:
        return "<hr>\n"

    def b_RawBlock(self, r: N.RawBlock) -> str:
        return self._raw(r) + "\n" if self.trust and r.format == "html" else self._raw(r)

    def i_RawInline(self, r: N.RawInline) -> str:
        return self._raw(r)

    def _raw(self, r) -> str:
        if r.format != "html":
            return ""
        if not self.trust:
            self.reporter.warning("W-RAW-DROPPED", "raw HTML dropped (convert with --trust to keep it)", r.loc)
            return ""
        return str(r.text)  # --trust: the author's own HTML, as it is

    def b_Placeholder(self, p: N.Placeholder) -> str:
        if p.image:
            src = safe_href(p.image)
            if src and not re.match(r"^[a-z]+:|^//", src):
                return (f'<figure{self.id_attr(p)} class="placeholder picture"><img src="{esc(src)}" '
                        f'alt="{esc(p.alt or p.reason)}"></figure>\n')
        return (f'<figure{self.id_attr(p)} class="placeholder">\n<pre class="placeholder-source">{esc(p.source)}</pre>\n'
                f'<figcaption>Not converted: {esc(p.reason or "unsupported construct")}</figcaption>\n</figure>\n')

    # generated blocks live in backmatter.py
    def b_Contents(self, c: N.Contents) -> str:
        return backmatter.contents(self, c)

    def b_IndexBlock(self, b: N.IndexBlock) -> str:
        return backmatter.index_block(self, b)

    def b_Bibliography(self, b: N.Bibliography) -> str:
        return backmatter.bibliography(self, b)

    def b_Footnotes(self, f: N.Footnotes) -> str:
        return backmatter.footnotes(self, f)

    # ------------------------------------------------------------------ inlines

    def i_Text(self, t: N.Text) -> str:
        return esc(t.text)

    def i_Emph(self, e: N.Emph) -> str:
        return f"<em{self.id_attr(e)}>{self.inlines(e.children)}</em>"

    def i_Strong(self, s: N.Strong) -> str:
        return f"<strong{self.id_attr(s)}>{self.inlines(s.children)}</strong>"

    def i_Styled(self, s: N.Styled) -> str:
        inner = self.inlines(s.children)
        style = []
        if s.color and _COLOR_RE.match(s.color):
            style.append(f"color: {s.color}")
        if s.background and _COLOR_RE.match(s.background):
            style.append(f"background-color: {s.background}")
        style_attr = f' style="{esc("; ".join(style))}"' if style else ""
        tag = _STYLE_TAGS.get(s.style)
        if tag:
            return f"<{tag}{self.id_attr(s)}{style_attr}>{inner}</{tag}>"
        cls = ("size-" + s.style) if s.style in _SIZES else s.style
        return f"<span{self.id_attr(s)}{self._class_attr([cls])}{style_attr}>{inner}</span>"

    def i_Math(self, m: N.Math) -> str:
        mathml = m.mathml or self._late_mathml(m.tex)
        if mathml:
            body = mathml  # trusted MathML, made by octavo.math
        else:
            body = f'<span class="math-tex">{esc(m.tex)}</span>'
        ident = self.id_attr(m)
        return f'<span{ident} class="math">{body}</span>' if ident else body

    def _late_mathml(self, tex: str) -> str:
        """MathML for a formula a transform made after reading (``$(\\infty,1)$`` in a .bib
        title): converted here by octavo.math, without the document's macros; '' when
        that fails (the source is then shown as it is)."""
        if not tex.strip():
            return ""
        if tex not in self._late_math:
            try:
                from octavo.math.api import SimpleContext, convert_inline
                from octavo.tex.tokenizer import tokenize_string
                quiet = Reporter(stream=io.StringIO())
                result = convert_inline(tokenize_string(tex), SimpleContext(reporter=quiet))
                self._late_math[tex] = "" if quiet.errors else result.mathml
            except Exception:  # noqa: BLE001 - a formula must never stop the page
                self._late_math[tex] = ""
        return self._late_math[tex]

    def i_Ref(self, r: N.Ref) -> str:
        shown = self.plain_inlines(r.children) if r.children else "??"
        cls = css_class("ref", "ref-" + r.kind)
        if r.href and not self.plain:
            return f'<a class="{cls}" href="{esc(r.href)}">{shown}</a>'
        if not r.href:
            cls = css_class("ref", "ref-" + r.kind, "ref-unresolved")
        return f'<span class="{cls}">{shown}</span>'

    def i_Cite(self, c: N.Cite) -> str:
        if c.mode == "nocite":
            return ""
        targets = [self.href_id(self.links.bib_of[k]) for k in c.keys if k in self.links.bib_of]
        has_links = any(isinstance(k, (N.Link, N.Ref)) for k in c.children)
        if has_links or not targets or self.plain:
            inner = self.inlines(c.children) if has_links and not self.plain else self.plain_inlines(c.children)
        else:
            inner = f'<a href="{esc(targets[0])}">{self.plain_inlines(c.children)}</a>'
        return f'<span{self.id_attr(c)} class="{css_class("cite", "cite-" + c.mode)}">{inner}</span>'

    def i_Link(self, link: N.Link) -> str:
        shown = self.plain_inlines(link.children) if link.children else esc(link.url)
        if self.plain:
            return shown
        if link.internal:
            ident = link.url
            if ident not in self.links.page_of and ident in self.links.labels:
                ident = self.links.labels[ident].id
            href = self.href_id(ident)
            if not href:
                self.warn_once("W-LINK-TARGET", f"link target '{link.url}' is not defined", link.loc, link.url)
                return f'<span class="link-broken">{shown}</span>'
            return f'<a{self.id_attr(link)} class="internal" href="{esc(href)}">{shown}</a>'
        href = safe_href(link.url)
        if href is None:
            reason = url_policy_reason(link.url) or "refused"
            self.reporter.warning("W-URL-SCHEME", f"link not emitted: {reason}", link.loc)
            return f'<span{self.id_attr(link)} class="link-refused">{shown}</span>'
        return f'<a{self.id_attr(link)} class="url" href="{esc(href)}">{shown}</a>'

    def i_Note(self, n: N.Note) -> str:
        if self.plain:
            return ""
        ref = self.links.noterefs.get(n.id or "")
        if not ref or ref in self.ids:
            return ""
        self.ids.add(ref)
        return (f'<sup class="{css_class("fnref", "note-" + n.kind)}"><a id="{esc(ref)}" '
                f'href="{esc(self.href_id(n.id))}" role="doc-noteref">{esc(n.mark)}</a></sup>')

    def i_IndexMark(self, m: N.IndexMark) -> str:
        ident = self.id_attr(m)
        return f'<span{ident} class="index-mark"></span>' if ident else ""

    def i_Anchor(self, a: N.Anchor) -> str:
        ident = self.id_attr(a)
        return f"<span{ident}></span>" if ident else ""

    def i_Image(self, img: N.Image) -> str:
        out = self.links.images.get(img.src, "")
        alt = img.alt or ""
        if not out:
            return f'<span{self.id_attr(img)} class="image-missing">[{esc(alt or img.src)}]</span>'
        style = []
        for prop, val in (("width", img.width), ("height", img.height)):
            if val and _LENGTH_RE.match(val):
                style.append(f"{prop}: {val}")
        if img.angle:
            style.append(f"transform: rotate({-float(img.angle):g}deg)")
        style_attr = f' style="{esc("; ".join(style))}"' if style else ""
        return f'<img{self.id_attr(img)} src="{esc(out)}" alt="{esc(alt)}"{style_attr} loading="lazy">'

    def i_LineBreak(self, _: N.LineBreak) -> str:
        return "<br>"

    def i_Span(self, s: N.Span) -> str:
        return (f"<span{self.id_attr(s)}{self._class_attr(s.classes)}{self._safe_attrs(s.attrs, s.loc)}>"
                f"{self.inlines(s.children)}</span>")

    def i_Code(self, c: N.Code) -> str:
        return f"<code{self.id_attr(c)}>{esc(c.text)}</code>"

    # ------------------------------------------------------------------ title block

    def title_block(self, meta: N.Meta) -> str:
        parts = [f'<h1 class="doc-title">{self.inlines(meta.title)}</h1>\n']
        if meta.authors:
            authors = '<span class="sep">, </span>'.join(
                [f'<span class="author">{self.inlines(a)}</span>' for a in meta.authors])
            parts.append(f'<p class="doc-authors">{authors}</p>\n')
        if meta.date:
            parts.append(f'<p class="doc-date">{self.inlines(meta.date)}</p>\n')
        if meta.thanks:
            parts.append(f'<div class="thanks">\n{self.blocks(meta.thanks)}</div>\n')
        if meta.abstract:
            parts.append(f'<section class="abstract">\n<h2>Abstract</h2>\n{self.blocks(meta.abstract)}</section>\n')
        return f'<header class="titlepage">\n{"".join(parts)}</header>\n'
