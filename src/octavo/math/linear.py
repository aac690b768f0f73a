"""Math AST -> linear Unicode text for the plain-text writer and search.

``α² + β_i ≤ ∑_{k=1}^n x_k``: Unicode symbols, superscript digits where Unicode has
them, TeX-like ``_``/``^`` otherwise, ``a/b`` fractions (parenthesised when compound),
one line per row of a display.  Never raises on any tree `parser` makes.
"""

from __future__ import annotations

import unicodedata

from octavo.math.nodes import (Accent, Enclose, Error, Fenced, Frac, Leaf, Link, Phantom,
                               Root, Row, Scripts, Space, Style, Table, Text, UnderOver)
from octavo.math.symbols import ACCENTS

_SUP = str.maketrans("0123456789+\u2212=()", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076"
                     "\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e")
_SUB = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087"
                     "\u2088\u2089")
_SUP_OK = frozenset("0123456789+\u2212=()")


def linear(node, top_rows: bool = False) -> str:
    """Linear text of ``node``; with ``top_rows`` a top-level table puts one row per line."""
    if top_rows:
        inner = node
        while isinstance(inner, Row) and len(inner.items) == 1:
            inner = inner.items[0]
        if isinstance(inner, Table):
            return unicodedata.normalize(
                "NFC", "\n".join(_row_text(inner, r) for r in inner.rows))
    return unicodedata.normalize("NFC", _clean(_lin(node)))


def _clean(s: str) -> str:
    return " ".join(s.split())


def _row_text(t: Table, row) -> str:
    if row.text is not None:
        return _clean(_lin(row.text))
    return _clean(" ".join(_lin(c) for c in row.cells))


def _kind(node) -> str:
    while True:
        if isinstance(node, Leaf):
            return node.cls
        if isinstance(node, Scripts):
            node = node.base
        elif isinstance(node, Row) and len(node.items) == 1:
            node = node.items[0]
        elif isinstance(node, UnderOver):
            return node.cls
        elif isinstance(node, Fenced):
            return "inner"
        else:
            return "ord"


def _items(items: list, tight: bool = False) -> str:
    out = []
    prev = None
    n = len(items)
    for i, it in enumerate(items):
        s = _lin(it)
        k = _kind(it)
        if k == "bin":
            if prev is None or prev in ("bin", "rel", "open", "punct", "op"):
                out.append(s)
                k = "ord"
            else:
                out.append(s if tight else f" {s} ")
        elif k == "rel":
            out.append(s if tight else f" {s} ")
        elif k == "punct":
            out.append(s if tight else s + " ")
        elif k in ("fn", "op"):
            nxt = _kind(items[i + 1]) if i + 1 < n else None
            out.append(s + (" " if nxt not in (None, "open", "punct", "close", "bin", "rel")
                            else ""))
        else:
            out.append(s)
        prev = k
    return "".join(out)


def _compound(s: str) -> bool:
    return len(s) > 1 and not s.isalnum() and not (s[0] in "([{|" and s[-1] in ")]}|")


def _script(s: str, mark: str) -> str:
    s = s.strip()
    if not s:
        return ""
    if mark == "^" and all(c in _SUP_OK for c in s):
        return s.translate(_SUP)
    if mark == "_" and s.isdigit() and s.isascii():
        return s.translate(_SUB)
    if mark == "^" and all(c in "\u2032\u2033\u2034\u2057" for c in s):
        return s
    if len(s) == 1:
        return mark + s
    return mark + "{" + s + "}"


def _tight(n) -> str:
    """Script content: no blanks around operators (x_{k=1})."""
    if isinstance(n, Row):
        return _items(n.items, True)
    return _lin(n)


def _lin(n) -> str:
    t = type(n)
    if t is Leaf:
        return n.text
    if t is Row:
        return _items(n.items)
    if t is Scripts:
        base = _lin(n.base)
        if _compound(base) and not isinstance(n.base, (Fenced, Frac)):
            base = "(" + base + ")"
        out = base
        if n.sub is not None:
            out += _script(_tight(n.sub), "_")
        if n.sup is not None:
            sup = _tight(n.sup)
            if sup[:1] in "\u2032\u2033\u2034\u2057" and len(sup) > 1:
                out += sup[0] + _script(sup[1:], "^")
            else:
                out += _script(sup, "^")
        return out
    if t is Frac:
        num, den = _clean(_lin(n.num)), _clean(_lin(n.den))
        if n.thickness == "0":
            body = f"({num} over {den})" if not n.left else f"{num} over {den}"
        else:
            body = f"{_paren(num)}/{_paren(den)}"
        return f"{n.left}{body}{n.right}"
    if t is Root:
        body = _clean(_lin(n.body))
        body = f"({body})" if len(body) > 1 and not body.isalnum() else body
        if n.index is None:
            return "\u221a" + body
        idx = _clean(_lin(n.index))
        sign = {"3": "\u221b", "4": "\u221c"}.get(idx)
        if sign:
            return sign + body
        return (idx.translate(_SUP) if all(c in _SUP_OK for c in idx) else f"({idx})") + "\u221a" + body
    if t is Fenced:
        return f"{n.open}{_items(n.body.items)}{n.close}"
    if t is Accent:
        base = _clean(_lin(n.base))
        spec = ACCENTS.get(n.name)
        if spec is not None and spec.combining and len(base) == 1:
            return base + spec.combining
        if spec is not None and spec.combining and n.name in ("overline", "widebar", "underline"):
            return "".join(c + spec.combining for c in base)
        if n.name in ("overbrace", "underbrace", "overparen", "underparen", "overbracket",
                      "underbracket"):
            return base
        return f"{n.name}({base})"
    if t is UnderOver:
        base = _lin(n.base)
        if n.over is not None:
            base += _script(_clean(_tight(n.over)), "^")
        if n.under is not None:
            base += _script(_clean(_tight(n.under)), "_")
        return base
    if t is Text:
        return "".join(p if isinstance(p, str) else _lin(p) for p in n.parts)
    if t is Link:
        return n.text
    if t is Space:
        return " " if n.width >= 0.2 else ""
    if t is Phantom:
        return _lin(n.body) if n.kind in ("smash", "overlay") else ""
    if t is Style:
        return _lin(n.body)
    if t is Enclose:
        return _lin(n.body)
    if t is Table:
        rows = []
        for r in n.rows:
            rows.append(_clean(_lin(r.text)) if r.text is not None else
                        _clean(" ".join(_lin(c) for c in r.cells)))
        return "; ".join(rows)
    if t is Error:
        return n.text
    return ""


def _paren(s: str) -> str:
    if len(s) <= 1 or s.isalnum() or (s[0] == "(" and s[-1] == ")" and s.count("(") == 1):
        return s
    return f"({s})"
