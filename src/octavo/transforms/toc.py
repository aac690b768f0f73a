"""Section ids and tables of contents: ``run(doc, ctx)``.

Contract (runs after labels, xrefs, citations and index; before split):

* every `Section` ends with an ``id``: the one it has; else the id of a label that names
  it (a `LabelTarget` of a sectioning kind whose number matches and whose id is not yet
  used in the tree); else ``sec-<number>`` for a numbered unit; else the slug of its
  title.  Every id is unique in the document.  Floats listed in a list of figures or
  tables get ``fig-<number>``/``tab-<number>`` the same way when they have no id;
* every `Contents` node gets its ``entries``: ``toc`` a nested tree of `ContentsEntry`
  over the sections with ``in_toc`` (nesting follows the tree, so a unit left out of the
  TOC lifts its listed descendants to its own parent), ``lof`` the figures, ``lot`` the
  tables; entry titles use the short title/caption when there is one;
* the first ``toc`` Contents node gets the id ``contents`` when it has none;
* ``ctx.data['toc']`` holds the full TOC entry list (split uses it for mini-TOCs and the
  title page), ``ctx.data['ids']`` the set of ids in use, ``ctx.data['idmaker']`` the
  conversion's `IdMaker` (created here when no earlier pass left one).

Pure apart from filling ids and entries in place; no recursion (deep trees are safe).
"""

from __future__ import annotations

from dataclasses import fields

from octavo.doc.nodes import (
    Anchor,
    Code,
    Contents,
    ContentsEntry,
    Div,
    Document,
    Figure,
    IndexMark,
    LineBreak,
    Math,
    Node,
    Note,
    RawInline,
    Section,
    Text,
)
from octavo.doc.walk import NODE_FIELDS, children
from octavo.site.ids import IdMaker, slug

SECTION_KINDS = frozenset(
    {"part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph"}
)
TEMPLATE_IDS = frozenset({"octavo-main", "octavo-sidetoc", "octavo-search", "octavo-search-input",
                          "octavo-search-results", "octavo-top"})
"""Ids the page template uses; no node may take them."""




def iter_tree(root, skip: tuple = ()):
    """Pre-order walk of ``root`` and its descendants, without recursion; does not descend
    into nodes of the ``skip`` types (they are still yielded).  Same order as doc.walk."""
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        if skip and isinstance(n, skip):
            continue
        names = NODE_FIELDS.get(type(n))
        if names is None:
            names = tuple(f.name for f in fields(n) if f.name not in ("loc", "id"))
        if not names:
            continue
        kids = []
        for name in names:
            v = getattr(n, name)
            if isinstance(v, Node):
                kids.append(v)
            elif isinstance(v, list):
                for c in v:
                    if isinstance(c, Node):
                        kids.append(c)
                    elif isinstance(c, list):
                        kids.extend(x for x in c if isinstance(x, Node))
        kids.reverse()
        stack.extend(kids)


def title_text(inlines) -> str:
    """Text of inlines as a reader sees a title: notes, index marks and raw parts left out."""
    out: list[str] = []
    stack = list(reversed(inlines))
    while stack:
        n = stack.pop()
        if isinstance(n, (Text, Code)):
            out.append(n.text)
        elif isinstance(n, Math):
            out.append(n.tex)
        elif isinstance(n, LineBreak):
            out.append(" ")
        elif isinstance(n, (Note, IndexMark, RawInline, Anchor)):
            continue
        elif isinstance(n, Node):
            stack.extend(reversed(list(children(n))))
    return " ".join("".join(out).split())


def id_tools(doc: Document, ctx, nodes=None) -> tuple[IdMaker, set]:
    """The conversion's IdMaker and the set of ids already used in ``doc`` (shared via ctx.data)."""
    maker = ctx.data.get("idmaker")
    if maker is None:
        maker = IdMaker(reserved=TEMPLATE_IDS)
        ctx.data["idmaker"] = maker
    used = ctx.data.get("ids")
    if used is None:
        used = {n.id for n in (nodes if nodes is not None else iter_tree(doc)) if n.id}
        used |= TEMPLATE_IDS
        ctx.data["ids"] = used
    return maker, used


def fresh_id(maker: IdMaker, used: set, base: str) -> str:
    """A new id made from ``base`` that no node uses yet; recorded in ``used``."""
    ident = maker.make(base)
    k = 2
    while ident in used:
        ident = maker.make(f"{base}-{k}")
        k += 1
    used.add(ident)
    return ident


def _section_ids(doc: Document, nodes: list, maker: IdMaker, used: set) -> None:
    # Labels whose id names no node: a builder may have recorded the label but not
    # stamped the section.  Match them by kind and number.
    orphan: dict[tuple[str, str], str] = {}
    for target in doc.labels.values():
        if target.kind in SECTION_KINDS and target.id and target.id not in used:
            orphan.setdefault((target.kind, target.number), target.id)
    for node in nodes:
        if not isinstance(node, Section) or node.id:
            continue
        key = (node.kind, node.number)
        if node.number and key in orphan:
            node.id = orphan.pop(key)
            used.add(node.id)
        elif node.number:
            node.id = fresh_id(maker, used, "sec-" + node.number.replace(".", "-"))
        else:
            node.id = fresh_id(maker, used, slug(title_text(node.title)))


def _title_copy(inlines: list) -> list:
    """A title as a contents list shows it: a copy without the notes, index marks and
    anchors of the original (they belong to the heading's spot; sharing them would put
    one node twice in the tree)."""
    from octavo.transforms.xrefs import plain_copy
    return plain_copy(inlines)


def section_entries(root: Node) -> list:
    """The TOC tree (ContentsEntry list) of the sections below ``root`` that are in the TOC."""
    top: list = []
    # stack of (node, entry list that this node's listed sections go into)
    stack = [(c, top) for c in reversed(getattr(root, "children", []))]
    while stack:
        node, into = stack.pop()
        if isinstance(node, Section):
            if node.in_toc:
                entry = ContentsEntry(
                    target=node.id or "",
                    number=node.number if node.numbered else "",
                    title=_title_copy(node.short_title if node.short_title else node.title),
                    level=node.level,
                    loc=node.loc,
                )
                into.append(entry)
                sub = entry.children
            else:
                sub = into
            stack.extend((c, sub) for c in reversed(node.children))
        elif isinstance(node, Div):
            # Sections may sit inside a Div (an appendix wrapper); look through it.
            stack.extend((c, into) for c in reversed(node.children))
    return top


def _float_entries(nodes: list, kind: str, maker: IdMaker, used: set) -> list:
    prefix = "fig" if kind == "figure" else "tab"
    out = []
    for node in nodes:
        if isinstance(node, Figure) and node.kind == kind and node.caption:
            if not node.id:
                base = f"{prefix}-{node.number.replace('.', '-')}" if node.number else prefix
                node.id = fresh_id(maker, used, base)
            out.append(ContentsEntry(
                target=node.id,
                number=node.number,
                title=_title_copy(node.short_caption if node.short_caption else node.caption),
                level=0,
                loc=node.loc,
            ))
    return out


def run(doc: Document, ctx) -> None:
    nodes = list(iter_tree(doc))
    maker, used = id_tools(doc, ctx, nodes)
    _section_ids(doc, nodes, maker, used)
    levels = [n.level for n in nodes if isinstance(n, Section)]
    ctx.data["top_level"] = min(levels) if levels else None
    toc = section_entries(doc)
    ctx.data["toc"] = toc
    first_toc = True
    lists: dict[str, list] = {}
    for node in nodes:
        if not isinstance(node, Contents):
            continue
        if node.kind == "toc":
            node.entries = section_entries(doc)
            if first_toc and not node.id:
                node.id = "contents" if "contents" not in used else fresh_id(maker, used, "contents")
                used.add(node.id)
            first_toc = False
        elif node.kind in ("lof", "lot"):
            fkind = "figure" if node.kind == "lof" else "table"
            if fkind not in lists:
                lists[fkind] = _float_entries(nodes, fkind, maker, used)
            node.entries = [ContentsEntry(target=e.target, number=e.number, title=list(e.title),
                                          level=0, loc=e.loc) for e in lists[fkind]]
        else:
            ctx.reporter.warning("W-CONTENTS-KIND", f"unknown contents list '{node.kind}'",
                                 node.loc, once=("contents-kind", node.kind))
