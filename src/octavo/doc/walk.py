"""Generic traversal of the document tree (iterative: deep trees never hit recursion limits)."""

from __future__ import annotations

from typing import Iterator

from octavo.doc.nodes import Node


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
    while stack:
        n = stack.pop()
        yield n
        kids = list(children(n))
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
