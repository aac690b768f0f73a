"""HTML for an index: every \\index of the source becomes one link to its exact spot.

Contract:

* `index_mentions(doc)` gathers, once per edition and only when an index is rendered, every
  `IndexMark` that has an id, keyed by ``(index name, entry path)`` the way
  `octavo.transforms.index` merges them, each with the locator label of its spot (the
  enclosing section's number or title);
* `index_block(r, block)` renders the letter bar and the entries.  An entry shows its
  mentions in document order, grouped like makeindex's locators: a plain mention is its
  label, linked to the spot; a range ``|(`` … ``|)`` is ``start–end`` with the start
  linked to the opening mark and the end to the closing one; further mentions under the
  same label are ``[2]``, ``[3]`` … after the first, each linked to its own spot; a
  ``|see``/``|seealso`` mention is listed like a plain one (the name does stand there) and
  its cross-reference links to the named entry when the index has it.  ``|textbf``-like
  encapsulators style the label.  So the index page carries one link per \\index, and
  each link's fragment is the id of an index mark;
* when the tree has entries but no marks were gathered for one (a tree built by hand), the
  entry's own `IndexLocator` list is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.doc import nodes as N
from octavo.doc.walk import NODE_FIELDS, child_nodes, text_of
from octavo.transforms.index import _level_key
from octavo.transforms.xrefs import section_locator
from octavo.writers.html.escape import esc

_NO_ENCAP = {"", "hyperpage"}
ENCAP_TAGS = {"textbf": "strong", "textit": "em", "emph": "em"}


class IndexMentions:
    """(index name, path key) -> [(IndexMark, locator label)] in document order, read with
    ``get``.  The marks are gathered on the first ``get``: an edition that prints no index
    never walks its tree for them."""

    __slots__ = ("_doc", "_found")

    def __init__(self, doc: N.Document):
        self._doc = doc
        self._found: dict | None = None

    def get(self, key, default=None):
        if self._found is None:
            self._found = _gather_mentions(self._doc)
        return self._found.get(key, default)


def index_mentions(doc: N.Document) -> IndexMentions:
    """The mentions of every index of ``doc`` (gathered when first asked for)."""
    return IndexMentions(doc)


_LEAVE = object()
"""Marks the end of a Section's children on the walk's stack."""
_LEAVES = frozenset(cls for cls, names in NODE_FIELDS.items() if not names)
"""Node types without child nodes (Text, Math, Code ...): the walk does not look inside."""


def _gather_mentions(doc: N.Document) -> dict:
    out: dict = {}
    labels: dict = {}  # innermost Section -> its locator label (the same for all its marks)
    secs: list = []
    stack: list = [doc]
    pop, push = stack.pop, stack.extend
    while stack:  # pre-order, document order, as `xrefs.walk_in_sections`
        node = pop()
        if node is _LEAVE:
            secs.pop()
            continue
        cls = type(node)
        if cls in _LEAVES:
            continue
        if cls is N.IndexMark:
            if node.id and node.path:
                key = tuple(_level_key(level)[:2] for level in node.path[:3])
                where = id(secs[-1]) if secs else None
                label = labels.get(where)
                if label is None:
                    label = labels[where] = section_locator(tuple(secs), doc)
                out.setdefault((node.index or "default", key), []).append((node, label))
        if cls is N.Section:
            secs.append(node)
            stack.append(_LEAVE)
        kids = child_nodes(node)
        if kids:
            kids.reverse()
            push(kids)
    return out


@dataclass(slots=True)
class _Item:
    """One shown locator: a label and the marks it links to (first the main one)."""
    label: str
    encap: str
    first: N.IndexMark
    end: N.IndexMark | None = None
    end_label: str = ""
    more: list = field(default_factory=list)
    """Further marks shown as [2], [3] ...: (mark, True when it closes a range)."""


def _items(mentions: list) -> list[_Item]:
    items: list[_Item] = []
    pending: dict = {}
    for mark, label in mentions:
        encap = "" if mark.encap in _NO_ENCAP or mark.see is not None or mark.see_also is not None \
            else mark.encap
        if mark.range == "open" and mark.see is None and mark.see_also is None:
            item = _Item(label, encap, mark)
            pending.setdefault(encap, []).append(item)
            items.append(item)
            continue
        if mark.range == "close":
            stack = pending.get(encap) or pending.get("")
            if not stack and not encap:  # a bare |) closes the latest open |(encap range
                latest = [st for st in pending.values() if st]
                stack = max(latest, key=lambda st: items.index(st[-1])) if latest else None
            if stack:
                item = stack.pop()
                item.end, item.end_label = mark, label
                continue
        items.append(_Item(label, encap, mark))
    # a closing mark under the opening mark's label, and repeats under one label, become [n]
    shown: list[_Item] = []
    by_label: dict = {}
    for item in items:
        if item.end is not None and item.end_label == item.label:
            item.more.append((item.end, True))
            item.end = None
        if item.end is None:
            same = by_label.get((item.label, item.encap))
            if same is not None:
                same.more.append((item.first, False))
                same.more.extend(item.more)
                continue
            by_label[(item.label, item.encap)] = item
        shown.append(item)
    return shown


def _link(r, mark: N.IndexMark, text: str, title: str = "") -> str:
    href = r.href_id(mark.id)
    if not href:
        return text
    if title:
        return f'<a href="{esc(href)}" title="{esc(title)}">{text}</a>'
    return f'<a href="{esc(href)}">{text}</a>'


def _styled(label: str, encap: str) -> str:
    text = esc(label)
    tag = ENCAP_TAGS.get(encap)
    return f"<{tag}>{text}</{tag}>" if tag else text


def _render_item(r, item: _Item) -> str:
    out = _link(r, item.first, _styled(item.label, item.encap))
    if item.end is not None:
        out += "\u2013" + _link(r, item.end, _styled(item.end_label, item.encap),
                                f"End of the range in {item.end_label}")
    for n, (mark, closes) in enumerate(item.more, start=2):
        title = f"End of the range in {item.label}" if closes else f"{item.label}, mention {n}"
        out += " " + _link(r, mark, f'<span class="index-again">[{n:d}]</span>', title)
    return out


def _locator(r, loc: N.IndexLocator) -> str:
    text = _styled(loc.label, loc.encap)
    href = r.href_id(loc.target)
    return f'<a href="{esc(href)}">{text}</a>' if href else text


@dataclass(slots=True)
class _Ctx:
    name: str
    mentions: dict
    see_ids: dict
    """Printed text path ('a', 'a!b') -> id given to that entry's <li>."""


def _entry_key(e: N.IndexEntry) -> tuple:
    return e.sort_key or text_of(e.text), text_of(e.text)


def _entries(r, c: _Ctx, entries, path: tuple, texts: tuple) -> str:
    items = []
    for e in entries:
        key = path + (_entry_key(e),)
        shown = texts + (text_of(e.text).strip(),)
        parts = [f'<span class="index-term">{r.plain_inlines(e.text)}</span>']
        mentions = c.mentions.get((c.name, key))
        locs = [_render_item(r, it) for it in _items(mentions)] if mentions \
            else [_locator(r, loc) for loc in e.locators]
        if locs:
            parts.append(", " + ", ".join(locs))
        for label, refs in (("see", e.see), ("see also", e.see_also)):
            if refs:
                parts.append(f'; <em>{label}</em> {", ".join([_see(r, c, x) for x in refs])}')
        if e.children:
            parts.append("\n" + _entries(r, c, e.children, key, shown))
        ident = c.see_ids.get("!".join(shown))
        attr = f' id="{esc(ident)}"' if ident and not r.plain and ident not in r.ids else ""
        if attr:
            r.ids.add(ident)
        items.append(f'<li{attr or r.id_attr(e)}>{"".join(parts)}</li>\n')
    return f'<ul class="index-entries">\n{"".join(items)}</ul>\n' if items else ""


def _see(r, c: _Ctx, inlines) -> str:
    text = r.plain_inlines(inlines)
    ident = c.see_ids.get(_see_path(inlines))
    if ident and not r.plain:
        return f'<a href="#{esc(ident)}">{text}</a>'
    return text


def _see_path(inlines) -> str:
    return "!".join(p.strip() for p in text_of(inlines).split("!"))


def _see_targets(block: N.IndexBlock) -> dict:
    """Ids for the entries a |see or |seealso of this index names (and that exist)."""
    wanted: set = set()
    paths: list = []

    def walk(entries, texts):
        for e in entries:
            shown = texts + (text_of(e.text).strip(),)
            paths.append("!".join(shown))
            for refs in (e.see, e.see_also):
                for x in refs:
                    wanted.add(_see_path(x))
            walk(e.children, shown)

    for g in block.groups:
        walk(g.entries, ())
    base = block.id or "index"
    out = {}
    for n, p in enumerate(paths, start=1):
        if p in wanted and p not in out:
            out[p] = f"{base}-entry-{n}"
    return out


def index_block(r, b: N.IndexBlock, heading: str, level: int) -> str:
    c = _Ctx(b.name or "default", r.links.index_mentions, _see_targets(b))
    letters = []
    groups = []
    # the letters sit one level below the index's own heading, or where that heading would
    # be when the index has none (it then follows the heading of its enclosing unit)
    h = min(6, level + 1) if heading else level
    for g in b.groups:
        ident = r.id_attr(g)
        if g.id:
            letters.append(f'<a href="#{esc(g.id)}">{esc(g.letter)}</a>')
        groups.append(f'<div{ident} class="index-group">\n<h{h:d} class="index-letter">{esc(g.letter)}</h{h:d}>\n'
                      f"{_entries(r, c, g.entries, (), ())}</div>\n")
    nav = f'<nav class="index-letters" aria-label="Index letters">{" ".join(letters)}</nav>\n' \
        if letters else ""
    return f'<section{r.id_attr(b)} class="index">\n{heading}{nav}{"".join(groups)}</section>\n'
