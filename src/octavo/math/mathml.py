"""Math AST -> MathML Core markup (strings).

Contract: every text and attribute value is escaped here; the output is well-formed
MathML Core that Chromium, Firefox and Safari render natively (no menclose, no
mathvariant other than "normal", table alignment through CSS on <mtd>).  `render` never
raises on any tree `parser` makes.  Equation numbers of multi-row displays become a last
<mtd class="eqno"> column (and a leading spacer column) that math.css places at the
right; see `api` for the single-number layout.
"""

from __future__ import annotations

from octavo.math.nodes import (Accent, Enclose, Error, Fenced, Frac, Leaf, Link, Phantom,
                               Root, Row, Scripts, Space, Style, Table, Text, UnderOver)

_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(s: str) -> str:
    return s.translate(_ESC)


def math_element(body: str, display: bool, alttext: str, extra: str = "") -> str:
    mode = "block" if display else "inline"
    return f'<math display="{mode}" alttext="{esc(alttext)}"{extra}>{body}</math>'


def render(node) -> str:
    """Markup of ``node`` as a sequence of elements (a Row renders its items unwrapped)."""
    out: list[str] = []
    if isinstance(node, Row):
        _items(node.items, out)
    else:
        _node(node, out)
    return "".join(out)


def _attrs(d: dict | None) -> str:
    if not d:
        return ""
    return "".join(f' {k}="{esc(v)}"' for k, v in d.items())


def _leaf(n: Leaf, out: list, extra: dict | None = None) -> None:
    attrs = n.attrs
    if extra:
        attrs = {**(attrs or {}), **extra}
    out.append(f"<{n.tag}{_attrs(attrs)}>{esc(n.text)}</{n.tag}>")


def _one(node, out: list) -> None:
    """Exactly one element (an <mrow> for a Row of zero or several items)."""
    if isinstance(node, Row):
        items = node.items
        if len(items) == 1 and not isinstance(items[0], Row):
            _node(items[0], out)
            return
        out.append("<mrow>")
        _items(items, out)
        out.append("</mrow>")
    elif node is None:
        out.append("<mrow></mrow>")
    else:
        _node(node, out)


def _first_leaf(node):
    while True:
        if isinstance(node, Scripts):
            node = node.base
        elif isinstance(node, Row) and node.items:
            node = node.items[0]
        elif isinstance(node, UnderOver):
            node = node.base
        else:
            return node


_UNARY_AFTER = frozenset({"bin", "rel", "open", "punct", "op"})


def _items(items: list, out: list) -> None:
    n = len(items)
    prev = None
    for i, it in enumerate(items):
        if (type(it) is Leaf and it.cls == "bin" and it.tag == "mo" and i and
                type(prev) is Leaf and prev.tag == "mo" and prev.cls in _UNARY_AFTER):
            _leaf(it, out, {"form": "prefix"})  # TeX makes a binary after these unary
        else:
            _node(it, out)
        prev = it
        base = _first_leaf(it)
        if isinstance(base, Leaf) and base.cls == "fn" and base.tag == "mi" and i + 1 < n:
            nxt = _first_leaf(items[i + 1])
            if isinstance(nxt, Leaf) and nxt.tag == "mo" and nxt.cls in ("bin", "rel", "punct", "close"):
                continue
            if isinstance(nxt, (Leaf, Frac, Root, Text, Fenced, Accent)):
                if isinstance(nxt, Fenced) or (isinstance(nxt, Leaf) and nxt.cls == "open"):
                    out.append("<mo>\u2061</mo>")
                else:
                    out.append('<mo rspace="0.1667em">\u2061</mo>')


def _node(n, out: list) -> None:
    t = type(n)
    if t is Leaf:
        _leaf(n, out)
    elif t is Row:
        _one(n, out)
    elif t is Scripts:
        _scripts(n, out)
    elif t is Frac:
        _frac(n, out)
    elif t is Root:
        if n.index is None:
            out.append("<msqrt>")
            _items(n.body.items if isinstance(n.body, Row) else [n.body], out)
            out.append("</msqrt>")
        else:
            out.append("<mroot>")
            _one(n.body, out)
            _one(n.index, out)
            out.append("</mroot>")
    elif t is Fenced:
        out.append("<mrow>")
        if n.open:
            out.append(f'<mo fence="true" form="prefix" stretchy="true">{esc(n.open)}</mo>')
        _items(n.body.items, out)
        if n.close:
            out.append(f'<mo fence="true" form="postfix" stretchy="true">{esc(n.close)}</mo>')
        out.append("</mrow>")
    elif t is Accent:
        _accent(n, out)
    elif t is UnderOver:
        tag = "munderover" if n.under is not None and n.over is not None else (
            "munder" if n.under is not None else "mover")
        out.append(f"<{tag}>")
        _one(n.base, out)
        if n.under is not None:
            _one(n.under, out)
        if n.over is not None:
            _one(n.over, out)
        out.append(f"</{tag}>")
    elif t is Text:
        _text(n, out)
    elif t is Link:
        if n.href:
            out.append(f'<mtext><a href="{esc(n.href)}">{esc(n.text)}</a></mtext>')
        else:
            out.append(f"<mtext>{esc(n.text)}</mtext>")
    elif t is Space:
        if n.width >= 0:
            out.append(f'<mspace width="{_em(n.width)}"></mspace>')
        else:
            out.append(f'<mspace style="margin-left:{_em(n.width)}"></mspace>')
    elif t is Phantom:
        _phantom(n, out)
    elif t is Style:
        attrs = {}
        if n.displaystyle is not None:
            attrs["displaystyle"] = "true" if n.displaystyle else "false"
        if n.scriptlevel is not None:
            attrs["scriptlevel"] = str(n.scriptlevel)
        if n.color:
            attrs["mathcolor"] = n.color
        out.append(f"<mstyle{_attrs(attrs)}>")
        _items(n.body.items if isinstance(n.body, Row) else [n.body], out)
        out.append("</mstyle>")
    elif t is Enclose:
        out.append(f'<mrow class="{n.notation}" style="{_ENCLOSE.get(n.notation, "")}">')
        _items(n.body.items if isinstance(n.body, Row) else [n.body], out)
        out.append("</mrow>")
    elif t is Table:
        table(n, out)
    elif t is Error:
        out.append(f"<merror><mtext>{esc(n.text)}</mtext></merror>")
    elif n is None:
        out.append("<mrow></mrow>")
    else:  # an unexpected object: visible, never a crash
        out.append(f"<merror><mtext>{esc(type(n).__name__)}</mtext></merror>")


_STRIKE = ("linear-gradient(to top {dir},transparent calc(50% - 0.04em),currentColor "
           "calc(50% - 0.04em),currentColor calc(50% + 0.04em),transparent calc(50% + 0.04em))")
_ENCLOSE = {
    "box": "border:0.06em solid;padding:0.2em 0.3em",
    "reflect": "transform:scaleX(-1)",
    "cancel": "background:" + _STRIKE.format(dir="right"),
    "bcancel": "background:" + _STRIKE.format(dir="left"),
    "xcancel": "background:" + _STRIKE.format(dir="right") + "," + _STRIKE.format(dir="left"),
}


def _em(x: float) -> str:
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    return (s if s not in ("", "-0") else "0") + "em"


def _scripts(n: Scripts, out: list) -> None:
    base = n.base
    if n.limits:
        tag = "munderover" if n.sub is not None and n.sup is not None else (
            "munder" if n.sub is not None else "mover")
    else:
        tag = "msubsup" if n.sub is not None and n.sup is not None else (
            "msub" if n.sub is not None else "msup")
    out.append(f"<{tag}>")
    if isinstance(base, Leaf) and base.explicit_limits and n.limits and base.tag == "mo":
        _leaf(base, out, {"movablelimits": "false"})
    else:
        _one(base, out)
    if n.sub is not None:
        _one(n.sub, out)
    if n.sup is not None:
        _one(n.sup, out)
    out.append(f"</{tag}>")


def _frac(n: Frac, out: list) -> None:
    wrap = n.style is not None
    if wrap:
        out.append('<mstyle displaystyle="true" scriptlevel="0">' if n.style == "display"
                   else '<mstyle displaystyle="false" scriptlevel="0">')
    if n.left or n.right:
        out.append("<mrow>")
        if n.left:
            out.append(f'<mo fence="true" form="prefix" stretchy="true">{esc(n.left)}</mo>')
    if n.bevelled:
        out.append("<mrow><msup><mrow></mrow>")
        _one(n.num, out)
        out.append('</msup><mo lspace="0" rspace="0">/</mo><msub><mrow></mrow>')
        _one(n.den, out)
        out.append("</msub></mrow>")
    else:
        out.append("<mfrac>" if n.thickness is None else
                   f'<mfrac linethickness="{esc(n.thickness)}">')
        _one(n.num, out)
        _one(n.den, out)
        out.append("</mfrac>")
    if n.left or n.right:
        if n.right:
            out.append(f'<mo fence="true" form="postfix" stretchy="true">{esc(n.right)}</mo>')
        out.append("</mrow>")
    if wrap:
        out.append("</mstyle>")


def _accent(n: Accent, out: list) -> None:
    stretchy = "true" if n.stretchy else "false"
    brace = n.char in "\u23de\u23df\u23dc\u23dd\u23b4\u23b5"
    if n.over:
        out.append("<mover>" if brace else '<mover accent="true">')
    else:
        out.append("<munder>" if brace else '<munder accentunder="true">')
    _one(n.base, out)
    out.append(f'<mo stretchy="{stretchy}">{esc(n.char)}</mo>')
    out.append("</mover>" if n.over else "</munder>")


def _phantom(n: Phantom, out: list) -> None:
    kind = n.kind
    if kind == "overlay":  # visible, no width: what follows is drawn over it (\ooalign)
        out.append('<mpadded width="0">')
        _one(n.body, out)
        out.append("</mpadded>")
        return
    if kind == "smash":
        out.append('<mpadded height="0" depth="0">')
        _one(n.body, out)
        out.append("</mpadded>")
        return
    if kind == "hphantom":
        out.append('<mpadded height="0" depth="0">')
    elif kind == "vphantom":
        out.append('<mpadded width="0">')
    out.append("<mphantom>")
    _one(n.body, out)
    out.append("</mphantom>")
    if kind in ("hphantom", "vphantom"):
        out.append("</mpadded>")


_TEXT_STYLE = {"bold": "font-weight:bold", "italic": "font-style:italic",
               "mono": "font-family:monospace", "sans": "font-family:sans-serif"}


def _mtext(s: str, style: str, out: list) -> None:
    if s[:1] == " ":
        s = "\u00a0" + s[1:]
    if s[-1:] == " ":
        s = s[:-1] + "\u00a0"
    st = _TEXT_STYLE.get(style)
    attr = f' style="{st}"' if st else ""
    out.append(f"<mtext{attr}>{esc(s)}</mtext>")


def _text(n: Text, out: list, inherited: str = "") -> None:
    style = n.style or inherited
    parts = [p for p in n.parts if p != ""]
    if len(parts) == 1 and isinstance(parts[0], str):
        _mtext(parts[0], style, out)
        return
    if not parts:
        out.append("<mtext></mtext>")
        return
    out.append("<mrow>")
    for p in parts:
        if isinstance(p, str):
            _mtext(p, style, out)
        elif isinstance(p, Text):
            _text(p, out, style)
        else:
            _node(p, out)
    out.append("</mrow>")


# -- tables ---------------------------------------------------------------------------------
# Chromium aligns the (block-level) content of an <mtd> only with the -webkit- values;
# the plain value comes first for engines that do not know them.
_LEFT = "text-align:left;text-align:-webkit-left"
_RIGHT = "text-align:right;text-align:-webkit-right"
def _column_styles(t: Table, ncols: int) -> list:
    styles = []
    kind = t.kind
    for i in range(ncols):
        if kind == "align":
            if i % 2 == 0:
                s = _RIGHT + ";padding-right:0"
                if i and t.gap:
                    s += f";padding-left:{_em(t.gap)}"
                elif i:
                    s += ";padding-left:0"
            else:
                s = _LEFT + ";padding-left:0"
        elif kind == "cases":
            s = _LEFT + (";padding-left:1em" if i == 1 else ";padding-left:0")
        elif kind == "substack":
            s = "padding:0"
        else:
            al = t.aligns[i] if i < len(t.aligns) else (t.aligns[-1] if t.aligns else "center")
            s = "" if al == "center" else (_LEFT if al == "left" else _RIGHT)
        v = t.vlines.get(i)
        if v:
            s += (";" if s else "") + f"border-left:0.06em {v}"
        if i == ncols - 1 and t.vlines.get(ncols):
            s += (";" if s else "") + f"border-right:0.06em {t.vlines[ncols]}"
        styles.append(s)
    return styles


def table(t: Table, out: list, numbers: list | None = None) -> None:
    """Render ``t``; ``numbers`` (top-level displays) gives per row (text, anchor) or
    None, and adds the spacer and number columns."""
    ncols = max((len(r.cells) for r in t.rows), default=1) or 1
    styles = _column_styles(t, ncols)
    attrs = []
    if t.display:
        attrs.append('displaystyle="true"')
    if t.small and t.kind != "substack":
        attrs.append('scriptlevel="1"')
    if numbers is not None:
        attrs.append('class="eqnos"')
    elif t.kind == "multline":
        attrs.append('style="width:100%"')
    out.append("<mtable" + ("".join(" " + a for a in attrs)) + ">")
    last = len(t.rows) - 1
    for r, row in enumerate(t.rows):
        rule = ""
        if row.hline:
            rule = f"border-top:0.06em {row.hline}"
        if r == last and t.hline_below:
            rule += (";" if rule else "") + f"border-bottom:0.06em {t.hline_below}"
        out.append("<mtr>")
        if numbers is not None:
            out.append('<mtd class="eqpad"></mtd>')
        if row.text is not None:
            out.append(f'<mtd columnspan="{ncols}" style="{_LEFT}">')
            _text(row.text, out)
            out.append("</mtd>")
        else:
            cells = row.cells
            for c in range(ncols):
                s = styles[c]
                if t.kind == "multline" and len(t.rows) > 1:
                    s = _LEFT if r == 0 else _RIGHT if r == last else ""
                if rule:
                    s = (s + ";" if s else "") + rule
                out.append(f'<mtd style="{s}">' if s else "<mtd>")
                if c < len(cells):
                    items = cells[c].items
                    if t.kind == "align" and c % 2 == 1 and items:
                        _cell_after_amp(items, out)
                    else:
                        _items(items, out)
                out.append("</mtd>")
        if numbers is not None:
            num = numbers[r] if r < len(numbers) else None
            if num is None:
                out.append('<mtd class="eqno"></mtd>')
            else:
                text, anchor = num
                ida = f' id="{esc(anchor)}"' if anchor else ""
                inner = f"<mtext>{esc(text)}</mtext>" if text else ""
                out.append(f'<mtd class="eqno"{ida}>{inner}</mtd>')
        out.append("</mtr>")
    out.append("</mtable>")


def _cell_after_amp(items: list, out: list) -> None:
    """A cell right of an alignment point: a leading relation keeps its infix spacing
    (TeX puts an empty atom before it)."""
    first = items[0]
    if isinstance(first, Leaf) and first.tag == "mo" and first.cls in ("rel", "bin"):
        _leaf(first, out, {"form": "infix"})
        _items(items[1:], out)
    else:
        _items(items, out)
