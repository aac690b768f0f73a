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
from octavo.transforms.toc import title_text
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
    default = CONTENTS_TITLES.get(c.kind, "Contents")
    if c.title:  # the heading as the document has it (\\contentsname, babel's word ...)
        heading = r.plain_inlines(c.title)
        label = esc(title_text(c.title) or default)
    else:
        heading = label = esc(default)
    h = 2
    return (f'<nav{r.id_attr(c)} class="toc toc-{esc(c.kind)}" aria-label="{label}">\n<h{h}>{heading}</h{h}>\n'
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


def _backrefs(r, entry: N.BibEntry, texts: list) -> str:
    """Links from an entry back to where it is cited: worded as the document's
    \\backrefalt when it loads backref (``texts``, see `_backref_text`), else
    "Cited in 2.3, 4." with one link per page citing it."""
    if len(texts) == 3:
        return _backref_text(r, entry, texts)
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


def cite_places(doc) -> dict:
    """Cite id -> (place, shown): the place is the number of the innermost numbered unit
    holding the citation, else the title of the outermost unnumbered one (the places the
    text writer names); shown is the number as HTML, or that unnumbered Section (its
    title is rendered when shown).  Citations outside every unit have no place."""
    places: dict = {}
    if doc is None:
        return places
    stack = [(doc.children, "", "")]
    while stack:
        nodes, where, shown = stack.pop()
        for node in nodes:
            if not isinstance(node, N.Node):
                continue
            here, here_shown = where, shown
            if isinstance(node, N.Section):
                # an unnumbered unit (Notes, Exercises) is placed by its numbered parent
                if node.number:
                    here, here_shown = node.number, esc(node.number)
                elif not where:
                    here, here_shown = title_text(node.title), node  # its title, rendered when shown
            elif isinstance(node, N.Cite) and node.id:
                places[node.id] = (where, shown)
            for lst in node.child_lists():
                stack.append((lst, here, here_shown))
    return places


def _backref_text(r, entry: N.BibEntry, texts: list) -> str:
    """backref's wording: ``texts`` = [none, one, several] as the document's \\backrefalt
    prints them, ``{}`` standing for the list of places ("1.2, 3, and 4.1", each linked to
    the first citation there)."""
    places = r.memo.get("cite-places")
    if places is None:
        places = r.memo["cite-places"] = cite_places(r.links.doc)
    seen: list = []
    links: list = []
    for cid in entry.backrefs:
        place, shown = places.get(cid, ("", ""))
        if not place or place in seen:
            continue
        seen.append(place)
        if isinstance(shown, N.Section):
            shown = r.plain_inlines(shown.title)
        href = r.href_id(cid)
        links.append(f'<a href="{esc(href)}" role="doc-backlink">{shown}</a>' if href else shown)
    text = texts[min(len(links), 2)]
    if len(links) <= 2:
        listed = " and ".join(links)
    else:
        listed = ", ".join(links[:-1]) + ", and " + links[-1]
    if not links:
        words = " ".join(text.replace("{}", "").split())
        html = esc(words)
    else:
        html = listed.join(esc(part) for part in " ".join(text.split()).split("{}"))
    return f' <span class="backrefs">{html}</span>' if html else ""


_AUTHOR_YEAR_LABEL = re.compile(r"^.*\(.*\)\s*$", re.S)


def bibliography(r, b: N.Bibliography) -> str:
    """A numbered or labelled list (``[12]``, ``[Knu84]``) shows its labels; an author-year
    list (natbib ``Knuth (1984)`` labels, as plainnat makes) shows none, as in print: its
    entries begin with the authors and hang."""
    if b.entries and all(_AUTHOR_YEAR_LABEL.match(e.label or "") for e in b.entries):
        items = [f"<li{r.id_attr(e)}>{r.inlines(e.children)}{_backrefs(r, e, b.backref)}</li>\n" for e in b.entries]
        body = f'<ul class="bib-entries bib-author-year">\n{"".join(items)}</ul>\n'
        return f'<section{r.id_attr(b)} class="bibliography">\n{_own_heading(r, b, b.title)}{body}</section>\n'
    items = []
    for e in b.entries:
        label = f'<dt{r.id_attr(e)} class="bib-label">[{esc(e.label or e.key)}]</dt>\n'
        items.append(f"{label}<dd>{r.inlines(e.children)}{_backrefs(r, e, b.backref)}</dd>\n")
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
