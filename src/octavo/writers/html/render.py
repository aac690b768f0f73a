"""HTML for the document tree: a visitor over every node type of `octavo.doc.nodes`.

Contract:

* every text and attribute value is escaped (markupsafe); ids come from the tree (the
  label and split passes made them safe) and each id is written at most once per page;
  class names are kept only when they match ``[A-Za-z][A-Za-z0-9_-]*``;
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
pages share.  The methods return ``Markup`` (safe HTML strings).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from octavo.doc import nodes as N
from octavo.doc.walk import text_of
from octavo.errors import Reporter
from octavo.site.urls import safe_href, url_policy_reason
from octavo.writers.html import backmatter

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
    index_mentions: dict = field(default_factory=dict)
    """(index name, entry path) -> [(IndexMark, locator label)] (`index_page.index_mentions`)."""


class _InlineRun:
    """Consecutive inlines found among blocks, rendered as one paragraph."""

    __slots__ = ("children",)
    _octavo_run = True
    id = None

    def __init__(self):
        self.children = []


def css_class(*names) -> str:
    """Joined class names, keeping only safe ones."""
    return " ".join(n for n in names if n and _CLASS_RE.match(n))


class HtmlRenderer:
    """Renders nodes of one conversion to HTML (Markup)."""

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

    def id_attr(self, node) -> Markup:
        ident = getattr(node, "id", None)
        if not ident or self.plain or ident in self.ids:
            return Markup("")
        self.ids.add(ident)
        return Markup(' id="%s"') % ident

    def href_id(self, ident: str) -> str:
        """``page.html#id`` for an id shown somewhere, else ''."""
        page = self.links.page_of.get(ident)
        return f"{page}#{ident}" if page else ""

    def warn_once(self, code: str, message: str, loc, key) -> None:
        self.reporter.warning(code, message, loc, once=(code, key))

    # ------------------------------------------------------------------ dispatch

    def blocks(self, nodes) -> Markup:
        out = []
        run = []
        for n in nodes:
            if isinstance(n, N.Inline):  # a stray inline among blocks: give it a paragraph
                run.append(n)
                continue
            if run:
                out.append(Markup("<p>%s</p>\n") % self.inlines(run))
                run = []
            out.append(self.block(n))
        if run:
            out.append(Markup("<p>%s</p>\n") % self.inlines(run))
        return Markup("").join(out)

    def block(self, node) -> Markup:
        if not isinstance(node, N.Node):
            return Markup("")
        if self.depth >= MAX_DEPTH:
            return self._too_deep(node, block=True)
        method = self.block_methods.get(type(node))
        self.depth += 1
        try:
            if method is not None:
                return method(node)
            if isinstance(node, N.Inline):
                return Markup("<p>%s</p>\n") % self.inline(node)
            return self._unknown(node, block=True)
        finally:
            self.depth -= 1

    def inlines(self, nodes) -> Markup:
        return Markup("").join(self.inline(n) for n in nodes)

    def inline(self, node) -> Markup:
        if not isinstance(node, N.Node):
            return Markup("")
        if self.depth >= MAX_DEPTH:
            return self._too_deep(node, block=False)
        method = self.inline_methods.get(type(node))
        self.depth += 1
        try:
            if method is not None:
                return method(node)
            if isinstance(node, N.Block):  # a block inside a paragraph: keep its text
                return escape(text_of([node]))
            return self._unknown(node, block=False)
        finally:
            self.depth -= 1

    def plain_inlines(self, nodes) -> Markup:
        """Inlines as a copy: no ids, no notes, no links (for TOCs, navigation, link texts)."""
        self.plain += 1
        try:
            return self.inlines(nodes)
        finally:
            self.plain -= 1

    def _unknown(self, node, block: bool) -> Markup:
        name = type(node).__name__
        self.warn_once("W-UNKNOWN-NODE", f"the HTML writer does not know node type {name}; "
                       "showing its content", node.loc, name)
        kids = [c for lst in node.child_lists() for c in lst if isinstance(c, N.Node)]
        return self.blocks(kids) if block else self.inlines(kids)

    def _too_deep(self, node, block: bool) -> Markup:
        self.warn_once("W-DEPTH", f"content nested more than {MAX_DEPTH} levels deep is shown as "
                       "plain text", node.loc, "depth")
        text = escape(text_of([node]))
        return Markup("<p>%s</p>\n") % text if block else text

    def _lead_blocks(self, children, lead: Markup, tail: Markup = Markup("")) -> Markup:
        """Blocks with ``lead`` run into the first paragraph and ``tail`` into the last."""
        kids = []
        for k in children:  # inlines standing where blocks belong share one paragraph
            if isinstance(k, N.Inline):
                if not kids or not getattr(kids[-1], "_octavo_run", False):
                    kids.append(_InlineRun())
                kids[-1].children.append(k)
            else:
                kids.append(k)
        if not kids:
            return Markup("<p>%s%s</p>\n") % (lead, tail)
        first_p = isinstance(kids[0], (N.Paragraph, _InlineRun))
        last_p = isinstance(kids[-1], (N.Paragraph, _InlineRun))
        out = []
        for i, k in enumerate(kids):
            pre = lead if i == 0 and first_p else Markup("")
            post = tail if i == len(kids) - 1 and last_p else Markup("")
            if pre or post or isinstance(k, _InlineRun):
                out.append(Markup("<p%s>%s%s%s</p>\n") % (self.id_attr(k), pre, self.inlines(k.children), post))
            else:
                out.append(self.block(k))
        if lead and not first_p:
            out.insert(0, Markup("<p>%s</p>\n") % lead)
        if tail and not last_p:
            out.append(Markup("<p>%s</p>\n") % tail)
        return Markup("").join(out)

    # ------------------------------------------------------------------ structure

    def b_Section(self, s: N.Section) -> Markup:
        h = self.heading_level(s.level)
        num = Markup('<span class="secnum">%s</span> ') % s.number if s.number and s.numbered else Markup("")
        head = Markup('<section%s class="%s">\n<h%d class="unit-title">%s%s</h%d>\n') % (
            self.id_attr(s), css_class("unit", "unit-" + s.kind, "matter-" + s.matter), h, num,
            self.inlines(s.title), h)
        outer, self.section_level = self.section_level, s.level
        try:
            body = self.blocks(s.children)
        finally:
            self.section_level = outer
        return head + body + Markup("</section>\n")

    def b_Paragraph(self, p: N.Paragraph) -> Markup:
        if not any(isinstance(c, N.Block) for c in p.children):
            return Markup("<p%s>%s</p>\n") % (self.id_attr(p), self.inlines(p.children))
        # A display inside a paragraph: close the paragraph around it.
        out, run = [], []
        for c in p.children:
            if isinstance(c, N.Block):
                if run:
                    out.append(Markup("<p>%s</p>\n") % self.inlines(run))
                    run = []
                out.append(self.block(c))
            else:
                run.append(c)
        if run:
            out.append(Markup("<p>%s</p>\n") % self.inlines(run))
        return Markup("").join(out)

    def b_List(self, lst: N.List) -> Markup:
        if lst.kind == "description":
            items = []
            for it in lst.items:
                items.append(Markup("<dt%s>%s</dt>\n<dd>%s</dd>\n") % (
                    self.id_attr(it), self.inlines(it.label or []), self.blocks(it.children)))
            return Markup('<dl%s class="description">\n%s</dl>\n') % (self.id_attr(lst), Markup("").join(items))
        ordered = lst.kind == "enumerate"
        tag = "ol" if ordered else "ul"
        attrs = Markup("")
        if ordered:
            if lst.style in _LIST_TYPES and lst.style != "arabic":
                attrs += Markup(' type="%s"') % _LIST_TYPES[lst.style]
            if lst.start != 1:
                attrs += Markup(' start="%d"') % int(lst.start)
        items = []
        for it in lst.items:
            if it.label is not None and not ordered or (ordered and it.label and lst.style not in _LIST_TYPES):
                label = Markup('<span class="item-label">%s</span> ') % self.inlines(it.label)
                items.append(Markup('<li%s class="labelled">%s</li>\n') % (
                    self.id_attr(it), self._lead_blocks(it.children, label)))
            else:
                items.append(Markup("<li%s>%s</li>\n") % (self.id_attr(it), self.blocks(it.children)))
        return Markup('<%s%s class="%s"%s>\n%s</%s>\n') % (
            tag, self.id_attr(lst), css_class("list", "list-" + lst.kind), attrs, Markup("").join(items), tag)

    def b_Item(self, it: N.Item) -> Markup:  # an Item outside a List
        return Markup('<div%s class="item">%s</div>\n') % (self.id_attr(it), self.blocks(it.children))

    def b_Quote(self, q: N.Quote) -> Markup:
        ident = self.id_attr(q)
        body = Markup('<blockquote%s class="%s">\n%s</blockquote>\n') % (
            Markup("") if q.attribution else ident, css_class("quote", q.kind), self.blocks(q.children))
        if not q.attribution:
            return body
        return Markup('<figure%s class="quotation">\n%s<figcaption class="attribution">— %s</figcaption>\n'
                      "</figure>\n") % (ident, body, self.inlines(q.attribution))

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

    def b_CodeBlock(self, c: N.CodeBlock) -> Markup:
        text = c.text.replace(" ", "\u2423") if c.show_spaces else c.text
        lexer = self.lexer(c.language, c.loc) if c.language else None
        if lexer is None:
            body = escape(text)
        else:
            body = Markup(highlight(text, lexer, self.formatter))
        lang = css_class("language-" + c.language.lower()) if c.language else ""
        bare = not c.caption and not c.number
        pre = Markup('<pre%s class="code highlight"><code%s>%s</code></pre>\n') % (
            self.id_attr(c) if bare else Markup(""), Markup(' class="%s"') % lang if lang else Markup(""), body)
        if bare:
            return pre
        label = Markup('<span class="float-name">Listing %s:</span> ') % c.number if c.number else Markup("")
        return Markup('<figure%s class="float float-listing">\n<figcaption>%s%s</figcaption>\n%s</figure>\n') % (
            self.id_attr(c), label, self.inlines(c.caption), pre)

    def b_Figure(self, f: N.Figure) -> Markup:
        name = FLOAT_NAMES.get(f.kind, f.kind.capitalize())
        if f.number:
            label = f"{name} {f.number}:" if name else f"({f.number})"
            label_html = Markup('<span class="float-name">%s</span> ') % label
        else:
            label_html = Markup("")
        cap = Markup("")
        if f.caption or f.number:
            cap = Markup("<figcaption>%s%s</figcaption>\n") % (label_html, self.inlines(f.caption))
        body = self.blocks(f.children)
        inner = cap + body if f.kind in ("table", "subtable") else body + cap
        return Markup('<figure%s class="%s">\n%s</figure>\n') % (
            self.id_attr(f), css_class("float", "float-" + f.kind), inner)

    def b_Table(self, t: N.Table) -> Markup:
        rows = list(t.rows)
        head = []
        while rows and rows[0].cells and all(c.header for c in rows[0].cells) and len(rows) > 1:
            head.append(rows.pop(0))
        parts = []
        if head:
            parts.append(Markup("<thead>\n%s</thead>\n") % Markup("").join(self._row(r, True) for r in head))
        if rows:
            parts.append(Markup("<tbody>\n%s</tbody>\n") % Markup("").join(self._row(r, False) for r in rows))
        return Markup('<div class="table-wrap"><table%s class="%s">\n%s</table></div>\n') % (
            self.id_attr(t), css_class("tabular", "env-" + t.env), Markup("").join(parts))

    def _row(self, r: N.Row, in_head: bool) -> Markup:
        cls = css_class("rule-above-" + r.rule_above if r.rule_above else "",
                        "rule-below-" + r.rule_below if r.rule_below else "")
        cells = []
        for c in r.cells:
            tag = "th" if c.header else "td"
            attrs = Markup("")
            if c.colspan > 1:
                attrs += Markup(' colspan="%d"') % int(c.colspan)
            if c.rowspan > 1:
                attrs += Markup(' rowspan="%d"') % int(c.rowspan)
            if in_head:
                attrs += Markup(' scope="col"')
            ccls = css_class("align-" + c.align, *("border-" + b for b in c.borders if b in "tblr"))
            if any(isinstance(k, N.Block) for k in c.children):
                content = self.blocks(c.children)
            else:
                content = self.inlines(c.children)
            cells.append(Markup('<%s%s class="%s"%s>%s</%s>') % (tag, self.id_attr(c), ccls, attrs, content, tag))
        return Markup("<tr%s>%s</tr>\n") % (Markup(' class="%s"') % cls if cls else Markup(""),
                                            Markup("").join(cells))

    def b_DisplayMath(self, m: N.DisplayMath) -> Markup:
        if m.mathml:
            body = Markup(m.mathml)  # trusted: built by octavo.math, escaped there
        else:
            body = Markup('<pre class="math-tex">%s</pre>') % m.tex
        # octavo.math places numbers (and their anchors) inside its markup; add ours
        # only when the markup has none.
        numbered_inside = bool(m.mathml) and "eqno" in m.mathml
        nos = [] if numbered_inside else [r for r in m.rows if r.number]
        eqnos = Markup("")
        if nos:
            eqnos = Markup('<div class="eqnos">%s</div>') % Markup("").join(
                Markup('<span%s class="eqno">(%s)</span>') % (self.id_attr(r), r.number) for r in nos)
        if numbered_inside:
            for r in m.rows:  # their anchors are written by the MathML
                if r.id:
                    self.ids.add(r.id)
        ident = Markup("") if m.id and f'id="{m.id}"' in m.mathml else self.id_attr(m)
        return Markup('<div%s class="%s">\n<div class="math-body">%s</div>%s\n</div>\n') % (
            ident, css_class("displaymath", "env-" + m.env.rstrip("*")), body, eqnos)

    def b_Theorem(self, t: N.Theorem) -> Markup:
        head = Markup('<span class="theorem-name">%s</span>') % self.inlines(t.name or [N.Text(text=t.kind.capitalize())])
        if t.number:
            head += Markup(' <span class="theorem-number">%s</span>') % t.number
        if t.note:
            head += Markup(' <span class="theorem-note">(%s)</span>') % self.inlines(t.note)
        lead = Markup('<span class="theorem-heading">%s.</span> ') % head
        return Markup('<div%s class="%s">\n%s</div>\n') % (
            self.id_attr(t), css_class("theorem", "theorem-" + t.kind, "theorem-style-" + t.style),
            self._lead_blocks(t.children, lead))

    def b_Proof(self, p: N.Proof) -> Markup:
        name = self.inlines(p.name) if p.name else Markup("Proof")
        lead = Markup('<span class="proof-heading">%s.</span> ') % name
        tail = Markup(' <span class="qed">∎</span>') if p.qed else Markup("")
        return Markup('<div%s class="proof">\n%s</div>\n') % (self.id_attr(p), self._lead_blocks(p.children, lead, tail))

    def b_Div(self, d: N.Div) -> Markup:
        return Markup("<div%s%s%s>\n%s</div>\n") % (
            self.id_attr(d), self._class_attr(d.classes), self._safe_attrs(d.attrs, d.loc), self.blocks(d.children))

    def _class_attr(self, classes) -> Markup:
        cls = css_class(*classes)
        return Markup(' class="%s"') % cls if cls else Markup("")

    def _safe_attrs(self, attrs: dict, loc) -> Markup:
        out = Markup("")
        for k in sorted(attrs):
            if k in _SAFE_ATTRS or _DATA_ATTR.match(k):
                out += Markup(' %s="%s"') % (k, str(attrs[k]))
            else:
                self.warn_once("W-ATTRIBUTE", f"attribute '{k}' is not allowed and was dropped", loc, k)
        return out

    def b_HorizontalRule(self, _: N.HorizontalRule) -> Markup:
        return Markup("<hr>\n")

    def b_RawBlock(self, r: N.RawBlock) -> Markup:
        return self._raw(r) + Markup("\n") if self.trust and r.format == "html" else self._raw(r)

    def i_RawInline(self, r: N.RawInline) -> Markup:
        return self._raw(r)

    def _raw(self, r) -> Markup:
        if r.format != "html":
            return Markup("")
        if not self.trust:
            self.reporter.warning("W-RAW-DROPPED", "raw HTML dropped (convert with --trust to keep it)", r.loc)
            return Markup("")
        return Markup(r.text)

    def b_Placeholder(self, p: N.Placeholder) -> Markup:
        if p.image:
            src = safe_href(p.image)
            if src and not re.match(r"^[a-z]+:|^//", src):
                return Markup('<figure%s class="placeholder picture"><img src="%s" alt="%s"></figure>\n') % (
                    self.id_attr(p), src, p.alt or p.reason)
        return Markup('<figure%s class="placeholder">\n<pre class="placeholder-source">%s</pre>\n'
                      '<figcaption>Not converted: %s</figcaption>\n</figure>\n') % (
            self.id_attr(p), p.source, p.reason or "unsupported construct")

    # generated blocks live in backmatter.py
    def b_Contents(self, c: N.Contents) -> Markup:
        return backmatter.contents(self, c)

    def b_IndexBlock(self, b: N.IndexBlock) -> Markup:
        return backmatter.index_block(self, b)

    def b_Bibliography(self, b: N.Bibliography) -> Markup:
        return backmatter.bibliography(self, b)

    def b_Footnotes(self, f: N.Footnotes) -> Markup:
        return backmatter.footnotes(self, f)

    # ------------------------------------------------------------------ inlines

    def i_Text(self, t: N.Text) -> Markup:
        return escape(t.text)

    def i_Emph(self, e: N.Emph) -> Markup:
        return Markup("<em%s>%s</em>") % (self.id_attr(e), self.inlines(e.children))

    def i_Strong(self, s: N.Strong) -> Markup:
        return Markup("<strong%s>%s</strong>") % (self.id_attr(s), self.inlines(s.children))

    def i_Styled(self, s: N.Styled) -> Markup:
        inner = self.inlines(s.children)
        style = []
        if s.color and _COLOR_RE.match(s.color):
            style.append(f"color: {s.color}")
        if s.background and _COLOR_RE.match(s.background):
            style.append(f"background-color: {s.background}")
        style_attr = Markup(' style="%s"') % "; ".join(style) if style else Markup("")
        tag = _STYLE_TAGS.get(s.style)
        if tag:
            return Markup("<%s%s%s>%s</%s>") % (tag, self.id_attr(s), style_attr, inner, tag)
        cls = ("size-" + s.style) if s.style in _SIZES else s.style
        return Markup("<span%s%s%s>%s</span>") % (self.id_attr(s), self._class_attr([cls]), style_attr, inner)

    def i_Math(self, m: N.Math) -> Markup:
        mathml = m.mathml or self._late_mathml(m.tex)
        if mathml:
            body = Markup(mathml)  # trusted MathML, made by octavo.math
        else:
            body = Markup('<span class="math-tex">%s</span>') % m.tex
        ident = self.id_attr(m)
        return Markup('<span%s class="math">%s</span>') % (ident, body) if ident else body

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

    def i_Ref(self, r: N.Ref) -> Markup:
        shown = self.plain_inlines(r.children) if r.children else Markup("??")
        cls = css_class("ref", "ref-" + r.kind)
        if r.href and not self.plain:
            return Markup('<a class="%s" href="%s">%s</a>') % (cls, r.href, shown)
        if not r.href:
            cls = css_class("ref", "ref-" + r.kind, "ref-unresolved")
        return Markup('<span class="%s">%s</span>') % (cls, shown)

    def i_Cite(self, c: N.Cite) -> Markup:
        if c.mode == "nocite":
            return Markup("")
        targets = [self.href_id(self.links.bib_of[k]) for k in c.keys if k in self.links.bib_of]
        has_links = any(isinstance(k, (N.Link, N.Ref)) for k in c.children)
        if has_links or not targets or self.plain:
            inner = self.inlines(c.children) if has_links and not self.plain else self.plain_inlines(c.children)
        else:
            inner = Markup('<a href="%s">%s</a>') % (targets[0], self.plain_inlines(c.children))
        return Markup('<span%s class="%s">%s</span>') % (self.id_attr(c), css_class("cite", "cite-" + c.mode), inner)

    def i_Link(self, link: N.Link) -> Markup:
        shown = self.plain_inlines(link.children) if link.children else escape(link.url)
        if self.plain:
            return shown
        if link.internal:
            ident = link.url
            if ident not in self.links.page_of and ident in self.links.labels:
                ident = self.links.labels[ident].id
            href = self.href_id(ident)
            if not href:
                self.warn_once("W-LINK-TARGET", f"link target '{link.url}' is not defined", link.loc, link.url)
                return Markup('<span class="link-broken">%s</span>') % shown
            return Markup('<a%s class="internal" href="%s">%s</a>') % (self.id_attr(link), href, shown)
        href = safe_href(link.url)
        if href is None:
            reason = url_policy_reason(link.url) or "refused"
            self.reporter.warning("W-URL-SCHEME", f"link not emitted: {reason}", link.loc)
            return Markup('<span%s class="link-refused">%s</span>') % (self.id_attr(link), shown)
        return Markup('<a%s class="url" href="%s">%s</a>') % (self.id_attr(link), href, shown)

    def i_Note(self, n: N.Note) -> Markup:
        if self.plain:
            return Markup("")
        ref = self.links.noterefs.get(n.id or "")
        if not ref or ref in self.ids:
            return Markup("")
        self.ids.add(ref)
        return Markup('<sup class="%s"><a id="%s" href="%s" role="doc-noteref">%s</a></sup>') % (
            css_class("fnref", "note-" + n.kind), ref, self.href_id(n.id), n.mark)

    def i_IndexMark(self, m: N.IndexMark) -> Markup:
        ident = self.id_attr(m)
        return Markup('<span%s class="index-mark"></span>') % ident if ident else Markup("")

    def i_Anchor(self, a: N.Anchor) -> Markup:
        ident = self.id_attr(a)
        return Markup("<span%s></span>") % ident if ident else Markup("")

    def i_Image(self, img: N.Image) -> Markup:
        out = self.links.images.get(img.src, "")
        alt = img.alt or ""
        if not out:
            return Markup('<span%s class="image-missing">[%s]</span>') % (self.id_attr(img), alt or img.src)
        style = []
        for prop, val in (("width", img.width), ("height", img.height)):
            if val and _LENGTH_RE.match(val):
                style.append(f"{prop}: {val}")
        if img.angle:
            style.append(f"transform: rotate({-float(img.angle):g}deg)")
        style_attr = Markup(' style="%s"') % "; ".join(style) if style else Markup("")
        return Markup('<img%s src="%s" alt="%s"%s loading="lazy">') % (self.id_attr(img), out, alt, style_attr)

    def i_LineBreak(self, _: N.LineBreak) -> Markup:
        return Markup("<br>")

    def i_Span(self, s: N.Span) -> Markup:
        return Markup("<span%s%s%s>%s</span>") % (
            self.id_attr(s), self._class_attr(s.classes), self._safe_attrs(s.attrs, s.loc), self.inlines(s.children))

    def i_Code(self, c: N.Code) -> Markup:
        return Markup("<code%s>%s</code>") % (self.id_attr(c), c.text)

    # ------------------------------------------------------------------ title block

    def title_block(self, meta: N.Meta) -> Markup:
        parts = [Markup('<h1 class="doc-title">%s</h1>\n') % self.inlines(meta.title)]
        if meta.authors:
            parts.append(Markup('<p class="doc-authors">%s</p>\n') % Markup('<span class="sep">, </span>').join(
                Markup('<span class="author">%s</span>') % self.inlines(a) for a in meta.authors))
        if meta.date:
            parts.append(Markup('<p class="doc-date">%s</p>\n') % self.inlines(meta.date))
        if meta.thanks:
            parts.append(Markup('<div class="thanks">\n%s</div>\n') % self.blocks(meta.thanks))
        if meta.abstract:
            parts.append(Markup('<section class="abstract">\n<h2>Abstract</h2>\n%s</section>\n')
                         % self.blocks(meta.abstract))
        return Markup('<header class="titlepage">\n%s</header>\n') % Markup("").join(parts)
