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
  not its length; the current page's entry has ``aria-current="page"``;
* `plain_text(inlines)` is the text a title reads as, without notes or index marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from octavo.doc import nodes as N

from octavo.transforms.toc import title_text as plain_text


@dataclass(slots=True, frozen=True)
class NavLink:
    rel: str
    """next, prev, up, contents, index."""
    href: str
    label: str
    """What the link is: Next, Previous, Up, Contents, Index."""
    title: Markup
    """The target's number and title, rendered plain ('' for contents and index)."""
    text: str
    """``label: number title`` as plain text."""


def page_text(page) -> str:
    """``2.3 Converters``: a page's number and title as plain text."""
    title = plain_text(page.title)
    return f"{page.number} {title}" if page.number else title


def _titled(r, page) -> Markup:
    """A page's number and title as navigation shows them (a plain copy: the same on every
    page, so it is rendered once per site)."""
    key = ("titled", id(page))
    got = r.memo.get(key)
    if got is None or got[0] is not page:
        num = Markup('<span class="secnum">%s</span> ') % page.number if page.number else Markup("")
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
            links.append(NavLink(rel, target.filename, label, _titled(r, target),
                                 f"{label}: {page_text(target)}"))
    if contents_href:
        links.append(NavLink("contents", contents_href, "Contents", Markup(""), "Contents"))
    if index_href:
        links.append(NavLink("index", index_href, "Index", Markup(""), "Index"))
    return links


def side_toc(page, pages: list, r) -> Markup:
    """The side table of contents for ``page`` (see the module contract)."""
    if not pages:
        return Markup("")
    open_path = set()
    p = page
    while p is not None:
        open_path.add(p.index)
        p = p.up

    memo = r.memo

    def items(level_pages) -> Markup:
        out = []
        for q in level_pages:
            is_open = bool(q.children) and q.index in open_path
            if q is not page and not is_open:
                # a closed entry is the same on every page: rendered once per site
                got = memo.get(("li", id(q)))
                if got is None or got[0] is not q:
                    got = memo[("li", id(q))] = (q, Markup('<li><a href="%s"%s>%s</a>%s</li>\n') % (
                        q.filename, Markup(""), _titled(r, q), Markup("")))
                out.append(got[1])
                continue
            current = Markup(' aria-current="page"') if q is page else Markup("")
            sub = Markup("")
            if is_open:
                sub = items(q.children)
            out.append(Markup('<li><a href="%s"%s>%s</a>%s</li>\n') % (q.filename, current, _titled(r, q), sub))
        return Markup("<ol>\n%s</ol>\n") % Markup("").join(out)

    root = pages[0]
    home = Markup(' aria-current="page"') if page is root else Markup("")
    head = Markup('<p class="sidetoc-home"><a href="%s"%s>%s</a></p>\n') % (
        root.filename, home, r.plain_inlines(root.title) or Markup("Title page"))
    return head + (items(root.children) if root.children else Markup(""))
