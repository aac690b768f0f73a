"""The builder: the API bindings use to make the document tree; the engine's sink.

It keeps a stack of open frames (containers).  Block frames (Document, Section, Quote,
Div, Item ...) receive blocks; text opens a Paragraph on demand; inline frames (Link,
Span, Note ...) receive inlines.  A frame opened with `open_in_group` closes when the TeX
group that was innermost at that moment ends, so ``\\href{u}{text}`` and
``\\begin{quote}...\\end{quote}`` need no recursion: the binding opens a group and a
frame, pushes the tokens back, and the stomach does the rest.

Fonts are state, not frames: the LaTeX layer keeps the current font in the engine's
scoped values (``font``: a tuple of style names, ``color``), and `text` wraps each chunk
in the matching Strong/Emph/Styled nodes, merging with the previous chunk when the font
is the same.  Grouping (``{\\bfseries x}``) therefore scopes fonts exactly as in TeX.

Paragraph text is finished when the paragraph closes: TeX ligatures (`` '' -- --- ?` !`)
outside monospace, blanks collapsed, NFC normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from octavo.doc import nodes as N
from octavo.errors import Location, Reporter, UNKNOWN
from octavo.tex import catcodes as C
from octavo.tex.tokens import Token

BLOCK = 0
INLINE = 1
PARA = 2

_FONT_NODE = {
    "bold": lambda kids: N.Strong(children=kids),
    "emph": lambda kids: N.Emph(children=kids),
}

_LIGATURES = re.compile(r"---|--|``|''|`|'|\?`|!`|<<|>>|,,")
_LIG_MAP = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "`": "\u2018",
            "'": "\u2019", "?`": "\u00bf", "!`": "\u00a1", "<<": "\u00ab", ">>": "\u00bb",
            ",,": "\u201e"}
_SPACES = re.compile(r"[ \t\r\n]{2,}")
_TEXT_CHUNK = 2048
_Text = N.Text


@dataclass(slots=True)
class Frame:
    node: N.Node
    kind: int
    """BLOCK, INLINE or PARA."""
    attr: str = "children"
    """Name of the list attribute that receives content."""
    on_close: Callable | None = None
    font: tuple = ()
    """For font wrapper frames: the font they stand for."""
    reopen: bool = False
    """Inline frames that continue in the next paragraph when a paragraph breaks inside."""

    @property
    def items(self) -> list:
        return getattr(self.node, self.attr)


@dataclass(slots=True)
class Target:
    """What a \\label names right now (LaTeX's \\@currentlabel)."""

    node: N.Node | None
    kind: str = ""
    number: str = ""
    title: list = field(default_factory=list)


class Builder:
    def __init__(self, reporter: Reporter, make_id: Callable[[str], str]):
        self.reporter = reporter
        self.make_id = make_id
        self.doc = N.Document()
        self.frames: list[Frame] = [Frame(self.doc, BLOCK)]
        self.sections: list[N.Section] = []
        self.engine = None
        self.handlers: dict = {}
        """Hooks the LaTeX layer installs: 'math_shift', 'align_tab', 'undefined', 'other'."""
        self.target = Target(None)
        self.auto_ids = 0
        self.font_key = "font"
        self.color_key = "color"
        self.mode = "vertical"
        self.pending_reopen: list[Frame] = []
        self.capturing = 0
        self.in_preamble = True
        self.matter = "main"

    # ------------------------------------------------------------------ utilities
    def loc(self, tok: Token | None) -> Location:
        if tok is not None and tok.src.text:
            return tok.loc
        return self.engine.here() if self.engine is not None else UNKNOWN

    def new_id(self, prefix: str) -> str:
        self.auto_ids += 1
        return f"{prefix}-{self.auto_ids}"

    @property
    def top(self) -> Frame:
        return self.frames[-1]

    # ------------------------------------------------------------------ blocks
    def block_frame(self) -> Frame:
        """Close an open paragraph (and its inline frames) and return the block frame."""
        if self.top.kind != BLOCK:
            self.end_paragraph()
        return self.frames[-1]

    def add_block(self, node: N.Node) -> None:
        f = self.block_frame()
        f.items.append(node)

    def open_block(self, node: N.Node, attr: str = "children", group=None, on_close=None) -> Frame:
        """Open a block container; closed by `close_frame` or when ``group`` ends."""
        self.block_frame().items.append(node)
        fr = Frame(node, BLOCK, attr, on_close)
        self.frames.append(fr)
        if group is not None:
            group.closers.append(fr)
        return fr

    def open_detached(self, node: N.Node, kind: int = BLOCK, attr: str = "children", group=None,
                      on_close=None) -> Frame:
        """Open a frame whose node is not added to the tree (captures: titles, captions,
        the blocks of a \\thanks).  A paragraph open below it stays open: the captured
        material goes to ``node`` and the paragraph goes on when the frame closes."""
        fr = Frame(node, kind, attr, on_close)
        self.frames.append(fr)
        if group is not None:
            group.closers.append(fr)
        return fr

    def close_frame(self, fr: Frame) -> None:
        """Close ``fr`` and everything opened above it."""
        if fr not in self.frames:
            return
        while self.frames:
            top = self.frames[-1]
            if top is fr:
                self.frames.pop()
                if top.on_close is not None:
                    top.on_close(top.node)
                return
            if top.kind == PARA:
                self.end_paragraph()
            else:
                self.frames.pop()
                if top.on_close is not None:
                    top.on_close(top.node)

    # ------------------------------------------------------------------ paragraphs
    def start_paragraph(self, tok: Token | None = None) -> Frame:
        p = N.Paragraph(loc=self.loc(tok))
        self.frames[-1].items.append(p)
        fr = Frame(p, PARA)
        self.frames.append(fr)
        self.mode = "horizontal"
        if self.pending_reopen:
            reopen = self.pending_reopen
            self.pending_reopen = []
            for old in reopen:
                node = _clone_empty(old.node)
                self.frames[-1].items.append(node)
                nf = Frame(node, INLINE, old.attr, old.on_close, old.font, True)
                self.frames.append(nf)
                # the group that would close `old` must close the clone
                self._retarget(old, nf)
        return fr

    def _retarget(self, old: Frame, new: Frame) -> None:
        if self.engine is None:
            return
        for g in self.engine.state.groups:
            cl = g.closers
            for i, f in enumerate(cl):
                if f is old:
                    cl[i] = new

    def end_paragraph(self) -> None:
        """\\par: close inline frames (remembering the reopenable ones) and the paragraph."""
        frames = self.frames
        carried = []
        while frames and frames[-1].kind == INLINE:
            fr = frames.pop()
            if fr.reopen:
                carried.append(fr)
            elif fr.on_close is not None:
                fr.on_close(fr.node)
        if frames and frames[-1].kind == PARA:
            fr = frames.pop()
            finish_paragraph(fr.node)
            if not fr.node.children:
                parent = frames[-1].items
                if parent and parent[-1] is fr.node:
                    parent.pop()
        carried.reverse()
        self.pending_reopen = carried + self.pending_reopen if carried else self.pending_reopen
        if frames and frames[-1].kind == BLOCK:
            self.mode = "vertical"

    def inline_frame(self, tok: Token | None = None) -> Frame:
        """The frame that receives inlines, opening a paragraph if needed."""
        fr = self.frames[-1]
        if fr.kind == BLOCK:
            return self.start_paragraph(tok)
        return fr

    def add_inline(self, node: N.Node, tok: Token | None = None) -> None:
        self.inline_frame(tok).items.append(node)

    def open_inline(self, node: N.Node, group=None, attr: str = "children", reopen: bool = False,
                    on_close=None, tok: Token | None = None) -> Frame:
        self.inline_frame(tok).items.append(node)
        fr = Frame(node, INLINE, attr, on_close, (), reopen)
        self.frames.append(fr)
        if group is not None:
            group.closers.append(fr)
        return fr

    # ------------------------------------------------------------------ the sink protocol
    def text(self, tok: Token) -> None:
        s = tok.text
        fr = self.frames[-1]
        if fr.kind == BLOCK:
            if s.isspace():
                return  # blanks between paragraphs
            fr = self.start_paragraph(tok)
        eng = self.engine
        if eng is not None:
            # the common case of `_append_text` inlined: no font, no colour, and a Text
            # node to extend
            values = eng.state.values
            if not values.get("font") and not values.get("color"):
                items = getattr(fr.node, fr.attr)
                if items:
                    last = items[-1]
                    if type(last) is _Text and len(last.text) < _TEXT_CHUNK:
                        last.text += s
                        return
        self._append_text(s, fr, tok)

    def char(self, ch: str, tok: Token) -> None:
        fr = self.frames[-1]
        if fr.kind == BLOCK:
            fr = self.start_paragraph(tok)
        self._append_text(ch, fr, tok, literal=True)

    def _append_text(self, s: str, fr: Frame, tok: Token | None, literal: bool = False) -> None:
        values = self.engine.state.values if self.engine is not None else {}
        font = values.get("font", ())
        color = values.get("color", "")
        items = fr.items
        if literal:
            s = s.replace("'", "\x00apos").replace("`", "\x00grave").replace("-", "\x00hyph") \
                if any(c in s for c in "'`-") else s
        if not font and not color:
            # extend the last Text node, but start a new one past a few KiB: appending to a
            # string attribute copies it, and one paragraph of a whole book would be quadratic
            if items and type(items[-1]) is N.Text and len(items[-1].text) < _TEXT_CHUNK:
                items[-1].text += s
            else:
                items.append(N.Text(text=s, loc=self.loc(tok) if tok is not None else UNKNOWN))
            return
        key = (font, color)
        if items:
            last = items[-1]
            if type(last) in _WRAPPERS and _wrapper_key(last) == key:
                inner = _innermost(last)
                if inner.children and type(inner.children[-1]) is N.Text \
                        and len(inner.children[-1].text) < _TEXT_CHUNK:
                    inner.children[-1].text += s
                else:
                    inner.children.append(N.Text(text=s))
                return
        items.append(_wrap(font, color, N.Text(text=s, loc=self.loc(tok) if tok is not None else UNKNOWN)))

    def par(self, tok: Token) -> None:
        if self.frames[-1].kind != BLOCK:
            self.end_paragraph()

    def space(self, tok: Token) -> None:
        if self.frames[-1].kind != BLOCK:
            self._append_text(" ", self.frames[-1], tok)

    def _dispatch(self, name: str, tok: Token, fallback) -> None:
        """Hand ``tok`` to the hook the LaTeX layer installed under ``name``, if any."""
        h = self.handlers.get(name)
        if h is not None:
            h(tok)
        else:
            fallback(tok)

    def math_shift(self, tok: Token) -> None:
        self._dispatch("math_shift", tok, self.text)

    def align_tab(self, tok: Token) -> None:
        self._dispatch("align_tab", tok, lambda t: self.reporter.error(
            "E-MISPLACED-TAB", "misplaced alignment tab character &", self.loc(t),
            once=("misplaced&", self.loc(t))))

    def other(self, tok: Token) -> None:
        self._dispatch("other", tok, self.text)

    def undefined(self, tok: Token) -> None:
        self._dispatch("undefined", tok, lambda t: self.reporter.warning(
            "W-UNDEFINED-MACRO", f"undefined control sequence \\{t.text}", self.loc(t),
            once=("undef", t.text)))

    def raw_html(self, text: str, tok: Token) -> None:
        h = self.handlers.get("raw_html")
        if h is not None:
            h(text, tok)

    def group_begin(self, group) -> None:
        pass

    def group_end(self, group) -> None:
        closers = group.closers
        if closers:
            for fr in reversed(closers):
                self.close_frame(fr)

    # ------------------------------------------------------------------ captures
    def capture_inlines(self, tokens: list, done: Callable[[list], None], tok: Token | None = None) -> None:
        """Digest ``tokens`` as inline material and call ``done(inlines)`` when finished.

        The tokens are pushed back inside a group; the callback runs when that group
        closes, so no Python recursion is involved."""
        eng = self.engine
        holder = N.Span(classes=["capture"])
        g = eng.begin_group("simple", tok)
        fr = self.open_detached(holder, INLINE, group=g, on_close=lambda node: done(_trim(node.children)))
        fr.reopen = False
        eng.push_one(Token(C.END, "}"))
        eng.push(tokens)

    def capture_blocks(self, tokens: list, done: Callable[[list], None], tok: Token | None = None) -> None:
        eng = self.engine
        holder = N.Div(classes=["capture"])
        g = eng.begin_group("simple", tok)
        self.open_detached(holder, BLOCK, group=g, on_close=lambda node: done(node.children))
        eng.push_one(Token(C.END, "}"))
        eng.push(tokens)

    # ------------------------------------------------------------------ sections
    def start_section(self, node: N.Section) -> None:
        """Close units of the same or a deeper level, then open ``node``."""
        # close everything down to the innermost section/document frame
        while len(self.frames) > 1:
            top = self.frames[-1]
            if isinstance(top.node, (N.Section, N.Document)) and top.kind == BLOCK:
                break
            if top.kind == PARA:
                self.end_paragraph()
                continue
            if not isinstance(top.node, (N.Section, N.Document)):
                # a section inside an environment: nest it there
                break
        self.pending_reopen = []
        top = self.frames[-1]
        if isinstance(top.node, (N.Section, N.Document)):
            while len(self.frames) > 1 and isinstance(self.frames[-1].node, N.Section) \
                    and self.frames[-1].node.level >= node.level:
                self.frames.pop()
        node.matter = self.matter
        self.frames[-1].items.append(node)
        self.frames.append(Frame(node, BLOCK))
        self.mode = "vertical"

    # ------------------------------------------------------------------ labels
    def set_target(self, node: N.Node | None, kind: str, number: str, title: list | None = None) -> None:
        self.target = Target(node, kind, number, title or [])

    def label(self, name: str, tok: Token | None) -> None:
        loc = self.loc(tok)
        if name in self.doc.labels:
            self.reporter.warning("W-DUPLICATE-LABEL", f"label {name!r} defined twice (first at "
                                  f"{self.doc.labels[name].loc})", loc)
            return
        t = self.target
        node = t.node
        if node is None or self.capturing:
            anchor = N.Anchor(loc=loc)
            anchor.id = self.make_id(name)
            self.add_inline(anchor, tok)
            self.doc.labels[name] = N.LabelTarget(anchor.id, t.kind, t.number, list(t.title), loc)
            return
        if node.id is None:
            node.id = self.make_id(name)
        self.doc.labels[name] = N.LabelTarget(node.id, t.kind, t.number, list(t.title), loc)

    def anchor(self, name: str, tok: Token | None) -> str:
        a = N.Anchor(loc=self.loc(tok))
        a.id = self.make_id(name)
        self.add_inline(a, tok)
        return a.id

    # ------------------------------------------------------------------ end
    def finish(self) -> N.Document:
        while len(self.frames) > 1:
            top = self.frames[-1]
            if top.kind == PARA:
                self.end_paragraph()
            else:
                self.frames.pop()
                if top.on_close is not None:
                    top.on_close(top.node)
        return self.doc


_WRAPPERS = (N.Strong, N.Emph, N.Styled)


def _wrap(font: tuple, color: str, inner: N.Node) -> N.Node:
    node = inner
    for style in reversed(font):
        f = _FONT_NODE.get(style)
        node = f([node]) if f is not None else N.Styled(style=style, children=[node])
    if color:
        node = N.Styled(style="color", color=color, children=[node])
    return node


def _wrapper_key(node: N.Node):
    """Reconstruct (font, color) from a wrapper chain made by `_wrap`."""
    font = []
    color = ""
    n = node
    if type(n) is N.Styled and n.style == "color":
        color = n.color
        if len(n.children) != 1:
            return None
        n = n.children[0]
    while type(n) in _WRAPPERS:
        if type(n) is N.Strong:
            font.append("bold")
        elif type(n) is N.Emph:
            font.append("emph")
        else:
            if n.style == "color":
                return None
            font.append(n.style)
        kids = n.children
        if not kids:
            return None
        last = kids[-1]
        if type(last) is N.Text:
            if len(kids) != 1 and any(type(k) is not N.Text for k in kids):
                return None
            return (tuple(font), color)
        if len(kids) != 1:
            return None
        n = last
    return None


def _innermost(node: N.Node) -> N.Node:
    n = node
    while n.children and type(n.children[-1]) in _WRAPPERS:
        n = n.children[-1]
    return n


def _clone_empty(node: N.Node) -> N.Node:
    import copy
    c = copy.copy(node)
    if hasattr(c, "children"):
        c.children = []
    c.id = None
    return c


def _trim(inlines: list) -> list:
    """Strip blanks at both ends of captured inline material (titles, captions)."""
    while inlines and type(inlines[0]) is N.Text and not inlines[0].text.strip():
        inlines.pop(0)
    while inlines and type(inlines[-1]) is N.Text and not inlines[-1].text.strip():
        inlines.pop()
    if inlines and type(inlines[0]) is N.Text:
        inlines[0].text = inlines[0].text.lstrip()
    if inlines and type(inlines[-1]) is N.Text:
        inlines[-1].text = inlines[-1].text.rstrip()
    finish_inlines(inlines, mono=False)
    return inlines


def finish_paragraph(p: N.Paragraph) -> None:
    kids = p.children
    finish_inlines(kids, mono=False)
    while kids and type(kids[0]) is N.Text and not kids[0].text.strip():
        kids.pop(0)
    while kids and type(kids[-1]) is N.Text and not kids[-1].text.strip():
        kids.pop()
    if kids and type(kids[0]) is N.Text:
        kids[0].text = kids[0].text.lstrip()
    if kids and type(kids[-1]) is N.Text:
        kids[-1].text = kids[-1].text.rstrip()


def finish_text(s: str, mono: bool) -> str:
    if not mono and ("-" in s or "'" in s or "`" in s or "<" in s or ">" in s or "," in s or "!" in s or "?" in s):
        s = _LIGATURES.sub(lambda m: _LIG_MAP[m.group()], s)
    if "\x00" in s:
        s = s.replace("\x00apos", "'").replace("\x00grave", "`").replace("\x00hyph", "-")
    if "  " in s or "\t" in s or "\n" in s or "\r" in s:
        s = _SPACES.sub(" ", s)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return s


def finish_inlines(inlines: list, mono: bool) -> None:
    """Ligatures, blanks and NFC on every Text below ``inlines`` (iteratively)."""
    stack = [(inlines, mono)]
    while stack:
        lst, m = stack.pop()
        for n in lst:
            t = type(n)
            if t is N.Text:
                n.text = finish_text(n.text, m)
            elif t is N.Code or t is N.Math:
                continue
            else:
                kids = getattr(n, "children", None)
                if isinstance(kids, list) and kids:
                    stack.append((kids, m or (t is N.Styled and n.style == "mono")))
