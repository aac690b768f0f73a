"""HTML for the blocks the transforms generate: contents lists, the index, the
bibliography and a page's footnotes.

Each function takes the page's `HtmlRenderer` (for escaping rules, ids and links) and one
node, and returns HTML as ``str`` (text and attribute values from the tree escaped with
`escape.esc`, exactly once).  Titles copied into lists are rendered plain (no ids, no
notes, no nested links), so a section title shown in a TOC never duplicates an anchor.
"""

from __future__ import annotations

import re

from octavo.doc import nodes as N
from octavo.writers.html import index_page
from octavo.writers.html.escape import esc

CONTENTS_TITLES = {"toc": "Contents", "lof": "List of Figures", "lot": "List of Tables"}


def _secnum(number: str) -> str:
    return f'<span class="secnum">{esc(number)}</span> ' if number else ""


def entry_href(r, target: str) -> str:
    """Link for a TOC entry: the page itself for a page's unit, else ``page.html#id``
    (not escaped)."""
    page = r.links.page_of.get(target)
    if not page:
        return ""
    shown = r.links.pages.get(page)
    if shown is not None and shown.unit is not None and shown.unit.id == target:
        return page
    return f"{page}#{target}"


def contents_list(r, entries, tag: str = "ol") -> str:
    items = []
    for e in entries:
        text = _secnum(e.number) + r.plain_inlines(e.title)
        href = entry_href(r, e.target)
        link = f'<a href="{esc(href)}">{text}</a>' if href else text
        sub = contents_list(r, e.children, tag) if e.children else ""
        items.append(f"<li>{link}{sub}</li>\n")
    if not items:
        return ""
    return f'<{tag}>\n{"".join(items)}</{tag}>\n'


def contents(r, c: N.Contents) -> str:
    if not c.entries:
        return ""
    if c.kind == "mini":
        kind = getattr(getattr(r.page, "unit", None), "kind", "") or "part"
        return (f'<nav{r.id_attr(c)} class="minitoc" aria-label="In this {esc(kind)}">\n'
                f"{contents_list(r, c.entries)}</nav>\n")
    title = esc(CONTENTS_TITLES.get(c.kind, "Contents"))
    h = 2
    return (f'<nav{r.id_attr(c)} class="toc toc-{esc(c.kind)}" aria-label="{title}">\n<h{h}>{title}</h{h}>\n'
            f"{contents_list(r, c.entries)}</nav>\n")


def _level(r, node) -> int:
    """Heading level of an index or bibliography: h1 when it is the page's unit, else one
    below the enclosing section (or at the top sectioning level outside sections)."""
    if r.page is not None and r.page.unit is node:
        return 1
    if r.section_level is not None:
        return r.heading_level(r.section_level + 1)
    return r.heading_level(r.links.top_level)


def _own_heading(r, node, title) -> str:
    if not title:
        return ""
    h = _level(r, node)
    return f"<h{h}>{r.inlines(title)}</h{h}>\n"


def index_block(r, b: N.IndexBlock) -> str:
    return index_page.index_block(r, b, _own_heading(r, b, b.title), _level(r, b))


def _backrefs(r, entry: N.BibEntry) -> str:
    seen = set()
    links = []
    for cid in entry.backrefs:
        page = r.links.page_of.get(cid)
        if not page or page in seen:
            continue
        seen.add(page)
        shown = r.links.pages.get(page)
        if shown is not None and shown.number:
            label = esc(shown.number)
        elif shown is not None:
            label = r.plain_inlines(shown.title) or "↑"
        else:
            label = "↑"
        links.append(f'<a href="{esc(page)}#{esc(cid)}" role="doc-backlink">{label}</a>')
    if not links:
        return ""
    return f' <span class="backrefs">Cited in {", ".join(links)}.</span>'


_AUTHOR_YEAR_LABEL = re.compile(r"^.*\(.*\)\s*$", re.S)


def bibliography(r, b: N.Bibliography) -> str:
    """A numbered or labelled list (``[12]``, ``[Knu84]``) shows its labels; an author-year
    list (natbib ``Knuth (1984)`` labels, as plainnat makes) shows none, as in print: its
    entries begin with the authors and hang."""
    if b.entries and all(_AUTHOR_YEAR_LABEL.match(e.label or "") for e in b.entries):
        items = [f"<li{r.id_attr(e)}>{r.inlines(e.children)}{_backrefs(r, e)}</li>\n" for e in b.entries]
        body = f'<ul class="bib-entries bib-author-year">\n{"".join(items)}</ul>\n'
        return f'<section{r.id_attr(b)} class="bibliography">\n{_own_heading(r, b, b.title)}{body}</section>\n'
    items = []
    for e in b.entries:
        label = f'<dt{r.id_attr(e)} class="bib-label">[{esc(e.label or e.key)}]</dt>\n'
        items.append(f"{label}<dd>{r.inlines(e.children)}{_backrefs(r, e)}</dd>\n")
    body = f'<dl class="bib-entries">\n{"".join(items)}</dl>\n' if items else ""
    return f'<section{r.id_attr(b)} class="bibliography">\n{_own_heading(r, b, b.title)}{body}</section>\n'


def footnotes(r, f: N.Footnotes) -> str:
    items = []
    for n in f.notes:
        ref = r.links.noterefs.get(n.id or "")
        if ref:
            mark = (f'<a class="fn-back" href="{esc(r.page_file)}#{esc(ref)}" role="doc-backlink" '
                    f'aria-label="Back to note {esc(n.mark)} in the text">{esc(n.mark)}</a> ')
        else:
            mark = f"{esc(n.mark)} "
        cls = "footnote note-" + n.kind if n.kind.isalpha() else "footnote"
        items.append(f'<li{r.id_attr(n)} class="{esc(cls)}">{r._lead_blocks(n.children, mark)}</li>\n')
    if not items:
        return ""
    return ('<section class="footnotes" aria-label="Footnotes">\n<ol class="footnote-list">\n'
            f'{"".join(items)}</ol>\n</section>\n')
