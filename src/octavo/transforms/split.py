"""Split the document into pages: ``run(doc, ctx)``; the last pass before the writers.

Contract (after toc, which gave every Section an id):

* pages: ``index.html`` (title block, the full table of contents, everything before the
  first unit) and one page per unit down to the split level.  The level comes from
  ``ctx.config.split``: ``''`` → ``section`` (a book's chapters and sections, an
  article's sections); a name (part, chapter, section, subsection, subsubsection,
  paragraph); a depth ``N`` ≥ 1 (the N topmost levels the document uses); ``0`` → one page.
  An `IndexBlock` or `Bibliography` with a title is a unit of its own (a top-level page)
  when it stands at the top level after the first unit, or sits inside a unit while the
  level LaTeX gives it (chapter in book/report, section otherwise) is split; otherwise it
  stays where it stands;
* file names: from the unit's label (``sec:memex`` → ``sec-memex.html``), else number and
  title (``2-3-converters.html``), else the title; lower-case ``[a-z0-9-]``, unique.
  Labelled units are named first, so their names never depend on the rest of the book;
* a page whose child units went to pages of their own ends with a mini-TOC of them
  (a `Contents` of kind ``mini``);
* every `Note` gets an id (``fn-N``) and a mark id, and is listed, in order, in the
  ``footnotes`` of the page that shows its mark;
* every id shown on a page maps to that page: ``ctx.data['page_of']`` (id → file name);
  every `Ref.href` becomes ``page.html#id`` ('' when its target is nowhere), and so does
  every ``href="#id"`` of a reference inside a formula's MathML;
* more pages than ``ctx.config.limits.pages``: error E-LIMIT-PAGES, and the next coarser
  split is tried (down to one page);
* results in ``ctx.data``: ``pages`` (list of `Page`, reading order), ``page_of``,
  ``noterefs`` (note id → id of its mark), ``contents_href``, ``index_href``.

The tree itself is not rearranged: a unit page shows a shallow copy of its Section that
omits the child units shown on other pages.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Optional

from octavo.doc.nodes import (
    Bibliography,
    Cite,
    Contents,
    ContentsEntry,
    DisplayMath,
    Document,
    Footnotes,
    IndexBlock,
    Link,
    Math,
    Node,
    Note,
    Ref,
    Section,
)
from octavo.site.ids import slug
from octavo.transforms.toc import fresh_id, id_tools, iter_tree, section_entries, title_text

LEVELS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
          "paragraph": 4, "subparagraph": 5}
_PLAIN_COPIES = (Ref, Cite, Link, Contents, IndexBlock)
SINGLE = -99
BOOK_CLASSES = frozenset({"book", "report", "amsbook", "memoir", "scrbook", "scrreprt", "extbook",
                          "extreport"})
"""Split level meaning: no units, everything on index.html."""


@dataclass(slots=True, eq=False)
class Page:
    """One HTML file of the edition."""

    filename: str
    """Relative file name (``index.html``, ``sec-memex.html``)."""
    title: list
    """Inlines naming the page (short title when the unit has one)."""
    number: str = ""
    """The unit's number ('' for the title page and unnumbered units)."""
    unit: Optional[Node] = None
    """The Section, IndexBlock or Bibliography the page shows; None for the title page."""
    level: int = -2
    """The unit's sectioning level (headings count from it); -2 for the title page."""
    blocks: list = field(default_factory=list)
    """Blocks shown in the page's main part, in order."""
    footnotes: Optional[Footnotes] = None
    """The notes whose marks are on this page (None when there are none)."""
    index: int = 0
    """Position in reading order (0 = index.html)."""
    depth: int = 0
    """0 for the title page, 1 for top units, 2 for their children ..."""
    prev: Optional["Page"] = field(default=None, repr=False)
    next: Optional["Page"] = field(default=None, repr=False)
    up: Optional["Page"] = field(default=None, repr=False)
    children: list = field(default_factory=list, repr=False)
    """Pages of the child units, in order."""

    @property
    def anchor(self) -> str:
        """The id of the unit shown ('' for the title page)."""
        return self.unit.id or "" if self.unit is not None else ""


# --------------------------------------------------------------------------- split level


def top_level(doc: Document, ctx) -> Optional[int]:
    """The shallowest sectioning level in ``doc`` (None without sections); toc leaves it."""
    if "top_level" not in ctx.data:
        levels = [n.level for n in iter_tree(doc) if isinstance(n, Section)]
        ctx.data["top_level"] = min(levels) if levels else None
    return ctx.data["top_level"]


def split_level(doc: Document, ctx) -> int:
    """The deepest sectioning level that gets pages (SINGLE for one page)."""
    spec = (ctx.config.split or "").strip().lower()
    top = top_level(doc, ctx)
    if spec == "":
        return 1
    if spec in LEVELS:
        return LEVELS[spec]
    if spec.isdigit():
        depth = int(spec)
        if depth == 0 or top is None:
            return SINGLE
        return top + depth - 1
    ctx.reporter.warning("W-SPLIT", f"unknown split level '{spec}' (use chapter, section, "
                         "subsection, a depth number, or 0 for one page); splitting at sections")
    return 1


# --------------------------------------------------------------------------- page building


def _is_unit(node, level: int) -> bool:
    return isinstance(node, Section) and node.level <= level


def _is_back_unit(node) -> bool:
    return isinstance(node, (IndexBlock, Bibliography)) and bool(node.title)


def _unit_title(sec: Section) -> list:
    return list(sec.short_title if sec.short_title else sec.title)


def _mini_toc(units: list) -> Contents:
    entries = []
    for u in units:
        entries.append(ContentsEntry(target=u.id or "", number=u.number if u.numbered else "",
                                     title=_unit_title(u), level=u.level,
                                     children=section_entries(u), loc=u.loc))
    return Contents(kind="mini", entries=entries, loc=units[0].loc)


def _build_pages(doc: Document, level: int, top_level: Optional[int], toc_entries: list, maker,
                 used: set) -> list:
    """Pages in reading order for one split level (without names and links)."""
    title_page = Page(filename="index.html", title=list(doc.meta.title), level=-2)
    pages = [title_page]
    front: list = []
    seen_unit = False
    last_top: Optional[Page] = None
    # thebibliography and theindex start a \chapter* (book, report) or a \section*
    # (article): when that level is split, they get a page even if the tree has them
    # inside the last section.
    back_level = 0 if doc.meta.docclass in BOOK_CLASSES else 1
    hoist = level != SINGLE and back_level <= level
    pending: list = []

    def moved(node) -> bool:
        return hoist and _is_back_unit(node)

    def back_page(node) -> Page:
        if not node.id:
            node.id = fresh_id(maker, used, slug(title_text(node.title)))
        page = Page(filename="", title=list(node.title), unit=node,
                    level=top_level if top_level is not None else back_level,
                    blocks=[node], depth=1, up=title_page)
        title_page.children.append(page)
        pages.append(page)
        return page

    def unit_pages(root: Section, parent: Page) -> Page:
        # iterative pre-order over the units below ``root``
        first = None
        stack = [(root, parent)]
        while stack:
            sec, up = stack.pop()
            kept = [c for c in sec.children if not _is_unit(c, level) and not moved(c)]
            pending.extend(c for c in sec.children if moved(c))
            sub = [c for c in sec.children if _is_unit(c, level)]
            if sub:
                kept.append(_mini_toc(sub))
            page = Page(filename="", title=_unit_title(sec), number=sec.number if sec.numbered else "",
                        unit=sec, level=sec.level, blocks=[dataclasses.replace(sec, children=kept)],
                        depth=up.depth + 1, up=up)
            up.children.append(page)
            pages.append(page)
            first = first or page
            stack.extend((c, page) for c in reversed(sub))
        return first

    for node in doc.children:
        if level != SINGLE and _is_unit(node, level):
            seen_unit = True
            last_top = unit_pages(node, title_page)
            while pending:
                last_top = back_page(pending.pop(0))
        elif level != SINGLE and seen_unit and _is_back_unit(node):
            last_top = back_page(node)
        elif not seen_unit or last_top is None:
            front.append(node)
        else:
            last_top.blocks.append(node)

    # The title page always shows the full table of contents once.
    if toc_entries and not any(isinstance(b, Contents) and b.kind == "toc" for b in front):
        contents = Contents(kind="toc", entries=toc_entries)
        contents.id = "contents" if "contents" not in used else fresh_id(maker, used, "contents")
        used.add(contents.id)
        at = next((i for i, b in enumerate(front) if isinstance(b, Section)), len(front))
        front.insert(at, contents)
    title_page.blocks = front
    return pages


# --------------------------------------------------------------------------- file names


def _name_pages(doc: Document, pages: list) -> None:
    label_of: dict[str, str] = {}
    for label, target in doc.labels.items():
        if target.id and target.id not in label_of:
            label_of[target.id] = label
    taken = {"index"}

    def claim(stem: str) -> str:
        name, k = stem, 2
        while name in taken:
            name = f"{stem}-{k}"
            k += 1
        taken.add(name)
        return name

    rest = []
    for page in pages[1:]:
        ident = page.unit.id if page.unit is not None else None
        if ident and ident in label_of:
            page.filename = claim(slug(label_of[ident])) + ".html"
        else:
            rest.append(page)
    for page in rest:
        title = title_text(page.title)
        if page.number:
            stem = slug(f"{page.number} {title}")
        elif isinstance(page.unit, (IndexBlock, Bibliography)) and page.unit.id:
            stem = slug(page.unit.id)
        else:
            stem = slug(title)
        page.filename = claim(stem) + ".html"


# --------------------------------------------------------------------------- page contents


def page_nodes(blocks: list):
    """Pre-order walk of what a page shows, skipping copies that the writer renders plain
    (Ref, Cite and Link texts; generated contents lists; index entries)."""
    for b in blocks:
        if isinstance(b, Node):
            yield from iter_tree(b, _PLAIN_COPIES)


def _index_ids(node: IndexBlock) -> list:
    return [n.id for n in iter_tree(node) if n.id]


def _group_ids(block: IndexBlock, maker, used: set) -> None:
    base = block.id or "index"
    for g in block.groups:
        if not g.id:
            g.id = fresh_id(maker, used, f"{base}-{slug(g.letter)}")


def _collect(doc: Document, pages: list, maker, used: set, ctx) -> tuple[dict, dict]:
    page_of: dict[str, str] = {}
    noterefs: dict[str, str] = {}
    counter = 0
    indexed = set()
    for page in pages:
        shown = list(page.blocks)
        if page.index == 0:
            shown = [doc.meta] + shown
        notes = []
        for n in page_nodes(shown):
            if isinstance(n, IndexBlock):
                _group_ids(n, maker, used)
                indexed.add(id(page))
            if isinstance(n, (Contents, IndexBlock)):
                for ident in ([n.id] if n.id else []) + (_index_ids(n) if isinstance(n, IndexBlock) else []):
                    page_of.setdefault(ident, page.filename)
                continue
            if isinstance(n, Note):
                counter += 1
                if not n.id:
                    n.id = fresh_id(maker, used, f"fn-{counter}")
                if not n.mark:
                    n.mark = str(counter)
                if n.id not in noterefs:
                    noterefs[n.id] = fresh_id(maker, used, f"fnref-{n.id}")
                    notes.append(n)
                    page_of.setdefault(noterefs[n.id], page.filename)
            if n.id:
                if n.id in page_of and page_of[n.id] != page.filename and not isinstance(n, Section):
                    ctx.reporter.warning("W-DUPLICATE-ID", f"id '{n.id}' is used more than once",
                                         n.loc, once=("dup-id", n.id))
                page_of.setdefault(n.id, page.filename)
        page.footnotes = Footnotes(notes=notes) if notes else None
    return page_of, noterefs, indexed


def _link_pages(pages: list) -> None:
    for i, page in enumerate(pages):
        page.index = i
        page.prev = pages[i - 1] if i > 0 else None
        page.next = pages[i + 1] if i + 1 < len(pages) else None


_MATH_HREF = re.compile(r'<a href="#([^"]*)">')


def _set_ref_hrefs(doc: Document, page_of: dict, ctx) -> None:
    for n in iter_tree(doc):
        if isinstance(n, (Math, DisplayMath)) and '<a href="#' in n.mathml:
            n.mathml = _MATH_HREF.sub(lambda m: f'<a href="{page_of[m.group(1)]}#{m.group(1)}">'
                                      if m.group(1) in page_of else m.group(0), n.mathml)
            continue
        if not isinstance(n, Ref):
            continue
        target = None
        for label in [n.target] + (n.target.split(",") if "," in n.target else []):
            target = doc.labels.get(label.strip())
            if target is not None:
                break
        ident = target.id if target is not None else None
        if ident and ident in page_of:
            n.href = f"{page_of[ident]}#{ident}"
        else:
            n.href = ""
            if target is not None and n.resolved:
                ctx.reporter.warning("W-REF-NOWHERE", f"label '{n.target}' names nothing shown on any page",
                                     n.loc, once=("ref-nowhere", n.target))


def run(doc: Document, ctx) -> None:
    maker, used = id_tools(doc, ctx)
    toc_entries = ctx.data.get("toc")
    if toc_entries is None:
        toc_entries = section_entries(doc)
    level = split_level(doc, ctx)
    top = top_level(doc, ctx)
    limit = ctx.config.limits.pages
    while True:
        pages = _build_pages(doc, level, top, toc_entries, maker, used)
        if len(pages) <= limit or level == SINGLE:
            break
        ctx.reporter.error("E-LIMIT-PAGES", f"the split gives {len(pages)} pages, more than the limit "
                           f"of {limit}; splitting more coarsely", once="limit-pages")
        level = level - 1 if top is not None and level - 1 >= top else SINGLE
    _link_pages(pages)
    _name_pages(doc, pages)
    page_of, noterefs, indexed = _collect(doc, pages, maker, used, ctx)
    _set_ref_hrefs(doc, page_of, ctx)

    contents_href = "index.html"
    for b in pages[0].blocks:
        if isinstance(b, Contents) and b.kind == "toc" and b.id:
            contents_href = f"index.html#{b.id}"
            break
    index_href = ""
    for page in pages:
        if id(page) not in indexed:
            continue  # no IndexBlock anywhere on this page (_collect walked it): skip the walk
        hit = next((n for n in page_nodes(page.blocks) if isinstance(n, IndexBlock)), None)
        if hit is not None:
            index_href = page.filename if page.unit is hit else f"{page.filename}#{hit.id}" if hit.id else page.filename
            break
    ctx.data["pages"] = pages
    ctx.data["page_of"] = page_of
    ctx.data["noterefs"] = noterefs
    ctx.data["contents_href"] = contents_href
    ctx.data["index_href"] = index_href
