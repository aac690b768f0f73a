"""HTML for the blocks the transforms generate: contents lists, the index, the
bibliography and a page's footnotes.

Each function takes the page's `HtmlRenderer` (for escaping rules, ids and links) and one
node, and returns Markup.  Titles copied into lists are rendered plain (no ids, no
notes, no nested links), so a section title shown in a TOC never duplicates an anchor.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from octavo.doc import nodes as N
from octavo.writers.html import index_page

CONTENTS_TITLES = {"toc": "Contents", "lof": "List of Figures", "lot": "List of Tables"}


def _secnum(number: str) -> Markup:
    return Markup('<span class="secnum">%s</span> ') % number if number else Markup("")


def entry_href(r, target: str) -> str:
    """Link for a TOC entry: the page itself for a page's unit, else ``page.html#id``."""
    page = r.links.page_of.get(target)
    if not page:
        return ""
    shown = r.links.pages.get(page)
    if shown is not None and shown.unit is not None and shown.unit.id == target:
        return page
    return f"{page}#{target}"


def contents_list(r, entries, tag: str = "ol") -> Markup:
    items = []
    for e in entries:
        text = _secnum(e.number) + r.plain_inlines(e.title)
        href = entry_href(r, e.target)
        link = Markup('<a href="%s">%s</a>') % (href, text) if href else text
        sub = contents_list(r, e.children, tag) if e.children else Markup("")
        items.append(Markup("<li>%s%s</li>\n") % (link, sub))
    if not items:
        return Markup("")
    return Markup("<%s>\n%s</%s>\n") % (tag, Markup("").join(items), tag)


def contents(r, c: N.Contents) -> Markup:
    if not c.entries:
        return Markup("")
    if c.kind == "mini":
        kind = getattr(getattr(r.page, "unit", None), "kind", "") or "part"
        return Markup('<nav%s class="minitoc" aria-label="In this %s">\n%s</nav>\n') % (
            r.id_attr(c), kind, contents_list(r, c.entries))
    title = CONTENTS_TITLES.get(c.kind, "Contents")
    h = 2
    return Markup('<nav%s class="toc toc-%s" aria-label="%s">\n<h%d>%s</h%d>\n%s</nav>\n') % (
        r.id_attr(c), c.kind, title, h, title, h, contents_list(r, c.entries))


def _level(r, node) -> int:
    """Heading level of an index or bibliography: h1 when it is the page's unit, else one
    below the enclosing section (or at the top sectioning level outside sections)."""
    if r.page is not None and r.page.unit is node:
        return 1
    if r.section_level is not None:
        return r.heading_level(r.section_level + 1)
    return r.heading_level(r.links.top_level)


def _own_heading(r, node, title) -> Markup:
    if not title:
        return Markup("")
    h = _level(r, node)
    return Markup("<h%d>%s</h%d>\n") % (h, r.inlines(title), h)


def index_block(r, b: N.IndexBlock) -> Markup:
    return index_page.index_block(r, b, _own_heading(r, b, b.title), _level(r, b))


def _backrefs(r, entry: N.BibEntry) -> Markup:
    seen = set()
    links = []
    for cid in entry.backrefs:
        page = r.links.page_of.get(cid)
        if not page or page in seen:
            continue
        seen.add(page)
        shown = r.links.pages.get(page)
        if shown is not None and shown.number:
            label = Markup("%s") % shown.number
        elif shown is not None:
            label = r.plain_inlines(shown.title) or Markup("↑")
        else:
            label = Markup("↑")
        links.append(Markup('<a href="%s#%s" role="doc-backlink">%s</a>') % (page, cid, label))
    if not links:
        return Markup("")
    return Markup(' <span class="backrefs">Cited in %s.</span>') % Markup(", ").join(links)


_AUTHOR_YEAR_LABEL = re.compile(r"^.*\(.*\)\s*$", re.S)


def bibliography(r, b: N.Bibliography) -> Markup:
    """A numbered or labelled list (``[12]``, ``[Knu84]``) shows its labels; an author-year
    list (natbib ``Knuth (1984)`` labels, as plainnat makes) shows none, as in print: its
    entries begin with the authors and hang."""
    if b.entries and all(_AUTHOR_YEAR_LABEL.match(e.label or "") for e in b.entries):
        items = [Markup('<li%s>%s%s</li>\n') % (r.id_attr(e), r.inlines(e.children), _backrefs(r, e))
                 for e in b.entries]
        body = Markup('<ul class="bib-entries bib-author-year">\n%s</ul>\n') % Markup("").join(items)
        return Markup('<section%s class="bibliography">\n%s%s</section>\n') % (
            r.id_attr(b), _own_heading(r, b, b.title), body)
    items = []
    for e in b.entries:
        label = Markup('<dt%s class="bib-label">[%s]</dt>\n') % (r.id_attr(e), e.label or e.key)
        items.append(label + Markup("<dd>%s%s</dd>\n") % (r.inlines(e.children), _backrefs(r, e)))
    body = Markup('<dl class="bib-entries">\n%s</dl>\n') % Markup("").join(items) if items else Markup("")
    return Markup('<section%s class="bibliography">\n%s%s</section>\n') % (
        r.id_attr(b), _own_heading(r, b, b.title), body)


def footnotes(r, f: N.Footnotes) -> Markup:
    items = []
    for n in f.notes:
        ref = r.links.noterefs.get(n.id or "")
        mark = Markup('<a class="fn-back" href="%s#%s" role="doc-backlink" aria-label="Back to note %s in the text">'
                      "%s</a> ") % (r.page_file, ref, n.mark, n.mark) if ref else Markup("%s ") % n.mark
        items.append(Markup('<li%s class="%s">%s</li>\n') % (
            r.id_attr(n), "footnote note-" + n.kind if n.kind.isalpha() else "footnote",
            r._lead_blocks(n.children, mark)))
    if not items:
        return Markup("")
    return Markup('<section class="footnotes" aria-label="Footnotes">\n<ol class="footnote-list">\n%s</ol>\n'
                  "</section>\n") % Markup("").join(items)
