"""Generic traversal of the document tree (iterative: deep trees never hit recursion limits)."""

from __future__ import annotations

from dataclasses import fields
from types import MappingProxyType
from typing import Iterator

from octavo.doc.nodes import ALL_TYPES, Node

_SCALAR_TYPES = frozenset({"str", "bool", "int", "float", "Optional[str]", "Location", "dict", "tuple"})
"""Field annotations that never hold child nodes: walks skip those fields."""


def _node_fields(cls) -> tuple:
    return tuple(f.name for f in fields(cls)
                 if f.name not in ("loc", "id") and str(f.type) not in _SCALAR_TYPES)


NODE_FIELDS = MappingProxyType({cls: _node_fields(cls) for cls in ALL_TYPES})
"""Per node class, the fields that may hold child nodes (computed once, read-only; a Text
has none, so walks do no work below it)."""


def child_nodes(node: Node) -> list:
    """``list(children(node))``, without generators: the walks' fast path."""
    names = NODE_FIELDS.get(type(node))
    if names is None:
        names = _node_fields(type(node))
    meta = getattr(node, "meta", None) if names else None
    out = [meta] if isinstance(meta, Node) else []
    for name in names:
        v = getattr(node, name)
        if v and isinstance(v, list):
            first = v[0]
            if isinstance(first, Node):
                lists = (v,)
            elif isinstance(first, list):  # e.g. Meta.authors: list of inline lists
                lists = [sub for sub in v if sub and isinstance(sub, list) and isinstance(sub[0], Node)]
            else:
                continue
            for lst in lists:
                for c in lst:
                    if isinstance(c, Node):
                        out.append(c)
                    elif isinstance(c, list):
                        out.extend(cc for cc in c if isinstance(cc, Node))
    return out


def children(node: Node) -> Iterator[Node]:
    """Direct child nodes, in document order (every list field, then Meta for a Document)."""
    meta = getattr(node, "meta", None)
    if isinstance(meta, Node):
        yield meta
    for lst in node.child_lists():
        for c in lst:
            if isinstance(c, Node):
                yield c
            elif isinstance(c, list):  # e.g. Meta.authors: list of inline lists
                for cc in c:
                    if isinstance(cc, Node):
                        yield cc


def walk(node: Node) -> Iterator[Node]:
    """Pre-order traversal of ``node`` and all its descendants."""
    stack = [node]
    pop = stack.pop
    while stack:
        n = pop()
        yield n
        kids = child_nodes(n)
        if kids:
            kids.reverse()
            stack.extend(kids)


def text_of(nodes) -> str:
    """The plain text of a list of inlines (for titles in navigation, sort keys, alt)."""
    from octavo.doc.nodes import Text, Math, Code
    out = []
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, Code):
            out.append(n.text)
        elif isinstance(n, Math):
            out.append(n.tex)
        elif isinstance(n, Node):
            kids = list(children(n))
            kids.reverse()
            stack.extend(kids)
    return "".join(out)
