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

from octavo.doc import nodes as N
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


def block_text(blocks) -> str:
    """Plain text of blocks, words separated across block boundaries; stops at Sections."""
    out: list[str] = []
    size = 0
    stack = list(reversed(blocks))
    while stack and size < MAX_TEXT:
        n = stack.pop()
        if isinstance(n, str):
            out.append(n)
            continue
        if isinstance(n, (N.Section,) + _SKIP):
            continue
        if isinstance(n, N.Text):
            out.append(n.text)
            size += len(n.text)
        elif isinstance(n, (N.Code, N.CodeBlock)):
            out.append(n.text)
            size += len(n.text)
        elif isinstance(n, N.Math):
            out.append(n.tex)
        elif isinstance(n, N.DisplayMath):
            out.append(" " + n.tex + " ")
        elif isinstance(n, N.Node):
            kids = []
            for lst in n.child_lists():
                for c in lst:
                    if isinstance(c, N.Node):
                        kids.append(c)
                    elif isinstance(c, list):
                        kids.extend(x for x in c if isinstance(x, N.Node))
            if isinstance(n, N.Block):
                kids = [" "] + kids + [" "]
            elif isinstance(n, N.LineBreak):
                kids = [" "]
            stack.extend(reversed(kids))
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
