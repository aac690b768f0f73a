"""Navigation between the pages of an edition: the panels and the side table of contents.

Contract:

* `nav_links(page, ...)` gives the panel's links in a fixed order: ``prev``, ``up``,
  ``next``, ``contents``, ``index``.  ``prev``/``next`` follow reading order, ``up`` is the
  parent unit's page (the title page for top units); the title page has no ``prev`` and
  no ``up``.  ``contents`` points at the full table of contents (``index.html#contents``),
  ``index`` at the page holding the first `IndexBlock` and is present only when the
  document has one.  Each link carries a label for people (``Next: 2.3 Converters``) and
  the same words as plain text for ``<link title>``;
* `side_toc(page, ...)` lists the top units, and below every unit on the way to the
  current page its child units, so its size stays proportional to the book's breadth,
  not its length; a level with more than `LEVEL_LIMIT` entries (an article with
  thousands of sections) shows a window of `LEVEL_WINDOW` entries around the way to the
  current page and a "…" entry linking to the full contents for the rest, so that a page
  stays small however broad the book (6,000 sections used to make 2.7 GB of pages);
  the current page's entry has ``aria-current="page"``;
* `plain_text(inlines)` is the text a title reads as, without notes or index marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from octavo.doc import nodes as N
from octavo.writers.html.escape import esc

from octavo.transforms.toc import title_text as plain_text


@dataclass(slots=True, frozen=True)
class NavLink:
    rel: str
    """next, prev, up, contents, index."""
    href: str
    label: str
    """What the link is: Next, Previous, Up, Contents, Index."""
    title: Markup
    """The target's number and title, rendered plain ('' for contents and index): HTML,
    wrapped for the template."""
    text: str
    """``label: number title`` as plain text."""


def page_text(page) -> str:
    """``2.3 Converters``: a page's number and title as plain text."""
    title = plain_text(page.title)
    return f"{page.number} {title}" if page.number else title


def _titled(r, page) -> str:
    """A page's number and title as navigation shows them, as HTML (a plain copy: the same
    on every page, so it is rendered once per site)."""
    key = ("titled", id(page))
    got = r.memo.get(key)
    if got is None or got[0] is not page:
        num = f'<span class="secnum">{esc(page.number)}</span> ' if page.number else ""
        got = r.memo[key] = (page, num + r.plain_inlines(one_line(page.title)))  # page kept: ids stay unique
    return got[1]


def one_line(inlines: list) -> list:
    """``inlines`` with top-level line breaks (``\\\\`` in a title) read as spaces, so a
    link label in a panel stays on one line."""
    if not any(isinstance(n, N.LineBreak) for n in inlines):
        return inlines
    return [N.Text(" ", loc=n.loc) if isinstance(n, N.LineBreak) else n for n in inlines]


def nav_links(page, r, contents_href: str, index_href: str) -> list[NavLink]:
    links: list[NavLink] = []
    for rel, label, target in (("prev", "Previous", page.prev), ("up", "Up", page.up), ("next", "Next", page.next)):
        if target is not None:
            links.append(NavLink(rel, target.filename, label, Markup(_titled(r, target)),
                                 f"{label}: {page_text(target)}"))
    if contents_href:
        links.append(NavLink("contents", contents_href, "Contents", Markup(""), "Contents"))
    if index_href:
        links.append(NavLink("index", index_href, "Index", Markup(""), "Index"))
    return links


LEVEL_LIMIT = 60
LEVEL_WINDOW = 40


def _window(level_pages: list, open_path: set) -> tuple[int, int]:
    """The slice of a level the side TOC shows: all of it up to `LEVEL_LIMIT` entries,
    else `LEVEL_WINDOW` entries centred on the one on the way to the current page."""
    n = len(level_pages)
    if n <= LEVEL_LIMIT:
        return 0, n
    at = next((i for i, q in enumerate(level_pages) if q.index in open_path), 0)
    lo = max(0, min(at - LEVEL_WINDOW // 2, n - LEVEL_WINDOW))
    return lo, lo + LEVEL_WINDOW


def side_toc(page, pages: list, r) -> Markup:
    """The side table of contents for ``page`` (see the module contract), as one Markup
    for the template."""
    if not pages:
        return Markup("")
    open_path = set()
    p = page
    while p is not None:
        open_path.add(p.index)
        p = p.up

    memo = r.memo

    root = pages[0]
    more_href = esc(root.filename + "#contents")

    def more(count: int) -> str:
        return (f'<li class="sidetoc-more"><a href="{more_href}" aria-label="{count} more '
                f'entries: the full table of contents">…</a></li>\n')

    def items(level_pages) -> str:
        out = []
        lo, hi = _window(level_pages, open_path)
        if lo:
            out.append(more(lo))
        for q in level_pages[lo:hi]:
            is_open = bool(q.children) and q.index in open_path
            if q is not page and not is_open:
                # a closed entry is the same on every page: rendered once per site
                got = memo.get(("li", id(q)))
                if got is None or got[0] is not q:
                    got = memo[("li", id(q))] = (q, f'<li><a href="{esc(q.filename)}">{_titled(r, q)}</a></li>\n')
                out.append(got[1])
                continue
            current = ' aria-current="page"' if q is page else ""
            sub = items(q.children) if is_open else ""
            out.append(f'<li><a href="{esc(q.filename)}"{current}>{_titled(r, q)}</a>{sub}</li>\n')
        if hi < len(level_pages):
            out.append(more(len(level_pages) - hi))
        return f'<ol>\n{"".join(out)}</ol>\n'

    home = ' aria-current="page"' if page is root else ""
    head = (f'<p class="sidetoc-home"><a href="{esc(root.filename)}"{home}>'
            f'{r.plain_inlines(root.title) or "Title page"}</a></p>\n')
    return Markup(head + (items(root.children) if root.children else ""))
