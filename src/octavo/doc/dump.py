"""A readable, stable text dump of the document tree (golden `.tree` files, debugging).

One node per line, indented by depth: the type, then its non-empty scalar fields;
text is shown quoted.  Locations are left out (they make goldens brittle) except when
asked for.
"""

from __future__ import annotations

from dataclasses import fields

from octavo.doc.nodes import Node, Text

_SKIP = {"loc"}


def dump(node: Node, with_loc: bool = False) -> str:
    out: list[str] = []
    stack = [(node, 0, "")]
    while stack:
        n, depth, role = stack.pop()
        pad = "  " * depth
        if isinstance(n, Text):
            out.append(f"{pad}{role}{n.text!r}")
            continue
        attrs = []
        kids = []
        for f in fields(n):
            if f.name in _SKIP:
                continue
            v = getattr(n, f.name)
            if isinstance(v, Node):
                kids.append((f.name, [v]))
            elif isinstance(v, list):
                if v and all(isinstance(x, Node) for x in v):
                    kids.append((f.name, v))
                elif v and all(isinstance(x, list) for x in v):
                    for i, sub in enumerate(v):
                        kids.append((f"{f.name}[{i}]", sub))
                elif v:
                    attrs.append(f"{f.name}={v!r}")
            elif isinstance(v, dict):
                if v:
                    attrs.append(f"{f.name}={{{', '.join(sorted(map(str, v)))}}}")
            elif v not in (None, "", False, 0) or (f.name == "numbered" and v is False):
                if f.name in ("preamble", "source_root"):
                    continue
                attrs.append(f"{f.name}={v!r}")
        if with_loc:
            attrs.append(f"@{n.loc}")
        out.append(f"{pad}{role}{type(n).__name__}" + (" " + " ".join(attrs) if attrs else ""))
        items = []
        for name, lst in kids:
            lbl = "" if name in ("children",) else f"{name}: "
            for x in lst:
                items.append((x, depth + 1, lbl))
        stack.extend(reversed(items))
    return "\n".join(out) + "\n"
