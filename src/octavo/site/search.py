"""The search index: one entry per section anchor, written as ``search-index.js``.

Contract:

* `search_entries(doc, pages)` gives, in reading order, one `SearchEntry` per page top and
  per section shown on a page (subsections that stay on their parent's page included):
  the page's file name, the anchor ('' for a page top), the title as plain text
  (``2.3 Converters``) and the section's own text (its blocks up to its first
  subsection; notes, index marks, raw blocks and generated lists left out), whitespace
  collapsed and cut at `MAX_TEXT` characters;
* `search_script(entries)` is a JavaScript file that assigns one global,
  ``window.OCTAVO_SEARCH = {"v": 1, "pages": [...], "entries": [[page, anchor, title,
  text], ...]}``, so it loads from ``file://`` with a script tag (no fetch).  It contains no
  ``<`` at all (written ``\\u003c``; U+2028/2029 escaped too), so no ``</script>`` can end
  it early, and its bytes depend only on the document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType

from octavo.doc import nodes as N
from octavo.doc.walk import child_nodes
from octavo.site.navigation import page_text, plain_text

MAX_TEXT = 20_000
_SKIP = (N.Note, N.IndexMark, N.RawInline, N.RawBlock, N.Contents, N.IndexBlock, N.Footnotes,
         N.Anchor)


@dataclass(slots=True, frozen=True)
class SearchEntry:
    page: str
    anchor: str
    title: str
    text: str


_SEPARATE, _TEXT, _CODE, _MATH, _DISPLAY, _SKIPPED, _BLOCK, _BREAK, _INLINE, _NOT_A_NODE = range(10)


def _kind(cls) -> int:
    """What `block_text` does with a node of class ``cls``."""
    if issubclass(cls, str):
        return _SEPARATE
    if issubclass(cls, (N.Section,) + _SKIP):
        return _SKIPPED
    if issubclass(cls, N.Text):
        return _TEXT
    if issubclass(cls, (N.Code, N.CodeBlock)):
        return _CODE
    if issubclass(cls, N.Math):
        return _MATH
    if issubclass(cls, N.DisplayMath):
        return _DISPLAY
    if not issubclass(cls, N.Node):
        return _NOT_A_NODE
    if issubclass(cls, N.Block):
        return _BLOCK
    if issubclass(cls, N.LineBreak):
        return _BREAK
    return _INLINE


_KINDS = MappingProxyType({cls: _kind(cls) for cls in (str, *N.ALL_TYPES)})
"""`_kind` of every node class, computed once (read-only)."""


def block_text(blocks) -> str:
    """Plain text of blocks, words separated across block boundaries; stops at Sections."""
    out: list[str] = []
    size = 0
    stack = list(reversed(blocks))
    pop, push, add = stack.pop, stack.extend, out.append
    kinds = _KINDS
    while stack and size < MAX_TEXT:
        n = pop()
        kind = kinds.get(type(n))
        if kind is None:
            kind = _kind(type(n))
        if kind == _TEXT:
            add(n.text)
            size += len(n.text)
        elif kind == _BLOCK:
            kids = child_nodes(n)
            kids.reverse()
            push((" ", *kids, " "))
        elif kind == _INLINE:
            kids = child_nodes(n)
            kids.reverse()
            push(kids)
        elif kind == _SEPARATE:
            add(n)
        elif kind == _CODE:
            add(n.text)
            size += len(n.text)
        elif kind == _MATH:
            add(n.tex)
        elif kind == _DISPLAY:
            add(" " + n.tex + " ")
        elif kind == _BREAK:
            add(" ")
    text = " ".join("".join(out).split())
    return text[:MAX_TEXT]


def _sections(blocks):
    """Sections shown in ``blocks`` (iterative, document order)."""
    stack = list(reversed(blocks))
    while stack:
        n = stack.pop()
        if isinstance(n, N.Section):
            yield n
            stack.extend(reversed(n.children))
        elif isinstance(n, (N.Div, N.Quote)):
            stack.extend(reversed(n.children))


def search_entries(doc: N.Document, pages: list) -> list[SearchEntry]:
    entries: list[SearchEntry] = []
    for page in pages:
        if page.unit is None:
            title = plain_text(doc.meta.title) or "Title page"
            entries.append(SearchEntry(page.filename, "", title, block_text(list(doc.meta.abstract) + page.blocks)))
            continue
        first = True
        for sec in _sections(page.blocks):
            if first:
                title, anchor = page_text(page), ""
                first = False
            else:
                num = sec.number if sec.numbered else ""
                name = plain_text(sec.short_title or sec.title)
                title, anchor = (f"{num} {name}" if num else name), sec.id or ""
            entries.append(SearchEntry(page.filename, anchor, title, block_text(sec.children)))
        if first:  # an index or bibliography page
            text = ""
            if isinstance(page.unit, N.Bibliography):
                text = " ".join(plain_text(e.children) for e in page.unit.entries)[:MAX_TEXT]
            entries.append(SearchEntry(page.filename, "", page_text(page), text))
    return entries


def search_script(entries: list[SearchEntry]) -> str:
    pages: list[str] = []
    where: dict[str, int] = {}
    rows = []
    for e in entries:
        if e.page not in where:
            where[e.page] = len(pages)
            pages.append(e.page)
        rows.append([where[e.page], e.anchor, e.title, e.text])
    data = json.dumps({"v": 1, "pages": pages, "entries": rows}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "/* Octavo search index */\nwindow.OCTAVO_SEARCH = " + data + ";\n"
