"""Build the index as data: gather `IndexMark` nodes and fill every `IndexBlock`.

Contract: ``run(doc, ctx)``

- gives every IndexMark an ``id`` (``idx-N`` in document order) when it has none, so each
  locator links to the exact spot of its \\index;
- merges marks as makeindex does: levels ``a!b!c`` (``IndexMark.path``, up to three),
  two marks name the same entry when both the sort key (``a@b``) and the printed text
  agree; ``|see``/``|seealso`` become the entry's ``see``/``see_also`` (no locator);
  ``|(`` ... ``|)`` become one locator labelled ``start–end`` (en dash) that links to the
  opening mark, with ``range='open'``; ``|encap`` is kept on the locator for styling;
  repeated locators with the same label and encap collapse into the first;
- sorts entries case- and accent-insensitively (Étienne files under E): symbols first,
  then numbers (numerically), then letters, ties broken by the original text;
- groups top-level entries by initial into `IndexGroup` (``Symbols``, ``Numbers``,
  ``A`` ...);
- locator labels are the enclosing section's number, or its title when it is unnumbered
  (see `octavo.transforms.xrefs.section_locator`);
- fills every IndexBlock whose ``name`` matches the mark's ``index`` (several indexes);
  marks of an index without \\printindex stay unplaced, and every built index is left in
  ``ctx.data['index']`` (name -> groups) for the site to use.

Problems (a range closed but never opened, or never closed) warn ``W-INDEX-RANGE``.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass, field

from octavo.doc.nodes import (
    Document, IndexBlock, IndexEntry, IndexGroup, IndexLocator, IndexMark,
)
from octavo.doc.walk import text_of
from octavo.transforms.toc import fresh_id, id_tools
from octavo.transforms.xrefs import plain_copy, section_locator, walk_in_sections

_NO_ENCAP = {"", "hyperpage"}
_FOLD_EXTRA = str.maketrans({
    "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ŀ": "l", "ħ": "h",
})


def run(doc: Document, ctx) -> None:
    reporter = ctx.reporter
    maker, used = id_tools(doc, ctx)
    marks: dict[str, list[tuple[IndexMark, str]]] = {}
    blocks: list[IndexBlock] = []
    count = 0
    for node, secs in walk_in_sections(doc):
        if isinstance(node, IndexMark):
            count += 1
            if not node.id:
                node.id = fresh_id(maker, used, f"idx-{count}")
            marks.setdefault(node.index or "default", []).append(
                (node, section_locator(secs, doc)))
        elif isinstance(node, IndexBlock):
            blocks.append(node)
    built = {name: build_index(ms, reporter) for name, ms in marks.items()}
    first_block: dict = {}
    for block in blocks:
        first_block.setdefault(block.name or "default", block)
    ctx.data["index"] = built
    for block in blocks:
        groups = built.get(block.name or "default", [])
        block.groups = groups if block is first_block.get(block.name or "default") \
            else copy.deepcopy(groups)


# --------------------------------------------------------------------------- sorting


def fold(s: str) -> str:
    """Case- and accent-insensitive form of ``s`` used for sorting and grouping."""
    decomposed = unicodedata.normalize("NFD", s)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold().translate(_FOLD_EXTRA)


def _char_class(c: str) -> int:
    if not c:
        return 0
    if c.isdigit():
        return 1
    if unicodedata.category(c).startswith("L"):
        return 2
    return 0


def sort_key(s: str) -> tuple:
    """makeindex order: symbols, numbers (numeric value), letters; case and accents
    ignored, the original text breaks ties."""
    f = fold(s.strip())
    cls = _char_class(f[:1])
    num = int(f) if cls == 1 and f.isdigit() else -1
    return (cls, num, f, s)


def group_letter(s: str) -> str:
    f = fold(s.strip())
    cls = _char_class(f[:1])
    if cls == 0:
        return "Symbols"
    if cls == 1:
        return "Numbers"
    return f[0].upper()


# --------------------------------------------------------------------------- merging


@dataclass(slots=True)
class _Entry:
    sort: str
    node: IndexEntry
    subs: dict = field(default_factory=dict)
    order: list = field(default_factory=list)
    """(sequence, IndexLocator) so locators come out in document order."""
    open_ranges: dict = field(default_factory=dict)
    """encap -> list of (sequence, mark, label) still open."""


def _level_key(level) -> tuple[str, str, list]:
    sort, inlines = level[0], level[1]
    text = text_of(inlines)
    return (sort or text), text, inlines


def build_index(marks: list[tuple[IndexMark, str]], reporter) -> list[IndexGroup]:
    """Merge marks (in document order, each with its locator label) into sorted groups."""
    top: dict = {}
    for seq, (mark, label) in enumerate(marks):
        if not mark.path:
            reporter.warning("W-INDEX-EMPTY", f"empty index entry '{mark.raw}'", mark.loc)
            continue
        level_map = top
        entry: _Entry | None = None
        for level in mark.path[:3]:
            sort, text, inlines = _level_key(level)
            key = (sort, text)
            entry = level_map.get(key)
            if entry is None:
                entry = _Entry(sort, IndexEntry(text=plain_copy(inlines), sort_key=sort,
                                                loc=mark.loc))
                level_map[key] = entry
            level_map = entry.subs
        assert entry is not None
        _add_mark(entry, seq, mark, label, reporter)
    for entry in _all_entries(top):
        for encap, pending in entry.open_ranges.items():
            for seq, mark, label in pending:
                reporter.warning("W-INDEX-RANGE",
                                 f"index range '{mark.raw}' is opened but never closed",
                                 mark.loc)
                entry.order.append((seq, IndexLocator(target=mark.id, label=label,
                                                      encap=encap, range="open")))
    return _groups(top)


def _add_mark(entry: _Entry, seq: int, mark: IndexMark, label: str, reporter) -> None:
    node = entry.node
    if mark.see is not None:
        if not any(text_of(s) == text_of(mark.see) for s in node.see):
            node.see.append(plain_copy(mark.see))
        return
    if mark.see_also is not None:
        if not any(text_of(s) == text_of(mark.see_also) for s in node.see_also):
            node.see_also.append(plain_copy(mark.see_also))
        return
    encap = "" if mark.encap in _NO_ENCAP else mark.encap
    if mark.range == "open":
        entry.open_ranges.setdefault(encap, []).append((seq, mark, label))
        return
    if mark.range == "close":
        pending = entry.open_ranges.get(encap) or entry.open_ranges.get("")
        if not pending:
            reporter.warning("W-INDEX-RANGE",
                             f"index range '{mark.raw}' is closed but was never opened",
                             mark.loc)
        else:
            start_seq, start, start_label = pending.pop()
            shown = start_label if start_label == label else f"{start_label}\u2013{label}"
            entry.order.append((start_seq, IndexLocator(
                target=start.id, label=shown, encap=encap, range="open", loc=start.loc)))
            return
    for _, loc in entry.order:
        if loc.label == label and loc.encap == encap and not loc.range:
            return
    entry.order.append((seq, IndexLocator(target=mark.id, label=label, encap=encap,
                                          loc=mark.loc)))


def _all_entries(level_map: dict):
    stack = list(level_map.values())
    while stack:
        e = stack.pop()
        yield e
        stack.extend(e.subs.values())


def _finish(level_map: dict) -> list[IndexEntry]:
    out = []
    for key in sorted(level_map, key=lambda k: sort_key(k[0]) + (k[1],)):
        e = level_map[key]
        e.order.sort(key=lambda pair: pair[0])
        e.node.locators = [loc for _, loc in e.order]
        e.node.children = _finish(e.subs)
        out.append(e.node)
    return out


def _groups(top: dict) -> list[IndexGroup]:
    groups: list[IndexGroup] = []
    for entry in _finish(top):
        letter = group_letter(entry.sort_key)
        if not groups or groups[-1].letter != letter:
            groups.append(IndexGroup(letter=letter))
        groups[-1].entries.append(entry)
    return groups
