"""Math commands that need more than a symbol-table lookup.

`COMMANDS` maps a control-sequence name to ``handler(parser, token) -> node | None``;
the handler runs with ``parser.pos`` just after the command token and reads its own
arguments through the parser's helpers.  Handlers never raise on bad input: they warn
(located at ``token``) and return what can still be shown.
"""

from __future__ import annotations

from types import MappingProxyType

from octavo.math import symbols as S
from octavo.math.nodes import (Accent, Enclose, Fenced, Frac, Leaf, Phantom, Root, Row,
                               Scripts, Space, Style, Table, Text, UnderOver)
from octavo.math.textmode import read_text
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, source_text

# Stop conditions of Parser.parse_list.
TOP, GROUP, RIGHT, CELL = 0, 1, 2, 3

COLORS = MappingProxyType({
    "black": "black", "white": "white", "red": "red", "green": "green", "blue": "blue",
    "cyan": "cyan", "magenta": "magenta", "yellow": "yellow", "gray": "gray",
    "grey": "gray", "darkgray": "darkgray", "lightgray": "lightgray", "brown": "brown",
    "lime": "lime", "olive": "olive", "orange": "orange", "pink": "pink",
    "purple": "purple", "teal": "teal", "violet": "violet",
})
"""xcolor's base colour names -> CSS colour names (the only names accepted)."""


def fn_leaf(text: str, limits: bool) -> Leaf:
    """A function name (\\sin, \\lim, \\operatorname): an upright identifier, or for
    names taking limits an operator whose limits move aside in inline math."""
    if limits:
        return Leaf("mo", text, "fn", {"form": "prefix", "movablelimits": "true",
                                       "lspace": "0", "rspace": "0.1667em"}, limits=True)
    return Leaf("mi", text, "fn")


# -- fractions and roots ----------------------------------------------------------------
def _frac(style=None, thickness=None, left="", right="", bevelled=False):
    def handler(p, t):
        if t.text == "cfrac":
            p.read_optional()
        if t.text == "unitfrac":
            opt = p.read_optional()
        else:
            opt = None
        num = p.math_arg()
        den = p.math_arg()
        node = Frac(num, den, thickness, style, left, right, bevelled)
        if opt:
            return Row([Row(p.sub_parser(opt).parse_list(TOP)), Space(3 / 18), node])
        return node
    return handler


def _genfrac(p, t):
    left = p.read_group()
    right = p.read_group()
    thick = p.read_group()
    style = "".join(x.text for x in p.read_group()).strip()
    num = p.math_arg()
    den = p.math_arg()
    th = p.dimension(thick) if thick else None
    return Frac(num, den, None if not thick else ("0" if th == 0 else f"{th}em"),
                {"0": "display", "1": "text"}.get(style), _delim_of(p, left),
                _delim_of(p, right))


def _delim_of(p, tokens) -> str:
    toks = [x for x in tokens if x.cat != C.SPACE]
    if not toks:
        return ""
    d = S.delimiter_text(toks[0].text, toks[0].cat == CS)
    return d or ""


def _sqrt(p, t):
    index = p.read_optional()
    body = p.math_arg()
    if index:
        return Root(body, Row(p.sub_parser(index).parse_list(TOP)))
    return Root(body)


def _root(p, t):
    idx = []
    while p.pos < p.n and not p.toks[p.pos].is_cs("of"):
        idx.append(p.toks[p.pos])
        p.pos += 1
    p.pos += 1
    return Root(p.math_arg(), Row(p.sub_parser(idx).parse_list(TOP)))


# -- delimiters ---------------------------------------------------------------------------
def _read_delim(p, t) -> str | None:
    d = p.peek()
    if d is None:
        p.warn("W-MATH-DELIM", f"missing delimiter after \\{t.text}", t)
        return None
    text = S.delimiter_text(d.text, d.cat == CS)
    if text is None:
        p.warn("W-MATH-DELIM", f"\\{t.text} needs a delimiter, found "
               f"{source_text([d])!r}", d)
        return None
    p.pos += 1
    return text


def _left(p, t):
    open_ = _read_delim(p, t)
    body = p.parse_list(RIGHT)
    nxt = p.peek()
    close = ""
    if nxt is not None and nxt.is_cs("right"):
        p.pos += 1
        close = _read_delim(p, nxt) or ""
    else:
        p.error("E-MATH-DELIM", "\\left without matching \\right", t)
    return Fenced(open_ or "", close, Row(body))


def _middle(p, t):
    d = _read_delim(p, t)
    if d is None:
        return None
    return Leaf("mo", d, "rel", {"stretchy": "true", "lspace": "0.0556em",
                                 "rspace": "0.0556em"})


def _stray_right(p, t):
    p.warn("W-MATH-DELIM", "\\right without matching \\left", t)
    d = _read_delim(p, t)
    return Leaf("mo", d, "close", {"stretchy": "false"}) if d else None


def _big(size, cls):
    def handler(p, t):
        d = _read_delim(p, t)
        if d is None:
            return None
        if d == "":
            return Space(0.12)
        kind = cls
        if kind is None:
            kind = {"(": "open", "[": "open", "{": "open", "\u27e8": "open",
                    ")": "close", "]": "close", "}": "close", "\u27e9": "close"}.get(d, "ord")
        size_s = f"{size}em"
        attrs = {"stretchy": "true", "minsize": size_s, "maxsize": size_s}
        if kind == "open":
            attrs["form"] = "prefix"
        elif kind == "close":
            attrs["form"] = "postfix"
        elif kind == "rel":
            attrs["form"] = "infix"
        return Leaf("mo", d, kind, attrs)
    return handler


# -- accents and stacked material -------------------------------------------------------------
def _accent(p, t):
    spec = S.ACCENTS[t.text]
    body = p.math_arg()
    return Accent(body, spec.char, spec.over, spec.stretchy, t.text)


def _overset(p, t):
    top = p.math_arg()
    base = p.math_arg()
    if t.text == "underset":
        return UnderOver(base, under=top, cls=_class_of(base))
    if t.text == "stackrel":
        return UnderOver(base, over=top, cls="rel")
    return UnderOver(base, over=top, cls=_class_of(base))


def _class_of(node) -> str:
    while isinstance(node, Row) and len(node.items) == 1:
        node = node.items[0]
    if isinstance(node, Leaf):
        return "op" if node.cls == "op" and node.limits else node.cls
    return "ord"


def _xarrow(p, t):
    below = p.read_optional()
    above = p.math_arg()
    arrow = Leaf("mo", S.X_ARROWS[t.text], "rel", {"stretchy": "true"})
    under = Row(p.sub_parser(below).parse_list(TOP)) if below else None
    return UnderOver(arrow, under=under, over=above if above.items else None, cls="rel")


def _substack(p, t):
    sub = p.sub_parser(p.read_group())
    table = Table(kind="substack", aligns=["center"], small=True)
    sub.parse_table(table, None, top=False)
    return table


# -- operators -----------------------------------------------------------------------------------
def _operatorname(p, t):
    star = p.take_star()
    toks = p.read_group()
    text = "".join(x.text if x.cat != CS else S.SYMBOLS[x.text].text
                   if x.text in S.SYMBOLS else "" for x in toks
                   if x.cat not in (C.BEGIN, C.END, C.SPACE))
    if "-" in text:
        text = text.replace("-", "\u2010")
    if not text:
        return Row(p.sub_parser(toks).parse_list(TOP))
    return fn_leaf(text, star)


def _mathclass(cls):
    def handler(p, t):
        body = p.math_arg()
        items = body.items
        if len(items) == 1 and isinstance(items[0], Leaf):
            leaf = items[0]
            if cls == "op":
                if leaf.tag == "mi" and len(leaf.text) > 1:
                    return fn_leaf(leaf.text, True)
                leaf.cls = "op"
                leaf.limits = True
                return leaf
            if leaf.tag == "mo" or cls in ("bin", "rel", "punct"):
                return Leaf("mo", leaf.text, cls, leaf.attrs)
            return leaf
        if cls == "op":
            return UnderOver(body, cls="op")
        return body
    return handler


def _not(p, t):
    nxt = p.peek()
    if nxt is None:
        return Leaf("mo", "/", "rel")
    node = p.parse_atom(single=True)
    if isinstance(node, Leaf) and node.tag == "mo":
        neg = S.NEGATIONS.get(node.text)
        return Leaf("mo", neg or node.text + "\u0338", "rel")
    if isinstance(node, Leaf):
        return Leaf(node.tag, node.text + "\u0338", node.cls, node.attrs)
    return Row([Leaf("mo", "/", "rel"), node] if node is not None else [])


def _mod(p, t):
    name = t.text
    if name == "bmod":
        return Leaf("mo", "mod", "bin", {"lspace": "0.2222em", "rspace": "0.2222em"})
    arg = p.math_arg()
    word = Leaf("mi", "mod", "fn")
    if name == "mod":
        return Row([Space(1.0), word, Space(1 / 3), arg])
    if name == "pod":
        return Row([Space(1.0), _paren("("), arg, _paren(")")])
    return Row([Space(1.0), _paren("("), word, Space(1 / 3), arg, _paren(")")])


def _paren(ch):
    return Leaf("mo", ch, "open" if ch == "(" else "close", {"stretchy": "false"})


def _dots(p, t):
    # \dots: centred between binary operators / relations, else on the baseline.
    nxt = p.peek()
    centred = False
    if nxt is not None:
        if nxt.cat == C.OTHER and nxt.text in "+-=<>*":
            centred = True
        elif nxt.cat == CS and nxt.text in S.SYMBOLS and S.SYMBOLS[nxt.text].kind in ("bin", "rel"):
            centred = True
    return Leaf("mo", "\u22ef" if centred else "\u2026", "inner")


def _colon(p, t):
    return Leaf("mo", ":", "punct", {"lspace": "0", "rspace": "0.2778em"})


# -- text, spacing, boxes ------------------------------------------------------------------------
def _hspace(p, t):
    p.take_star()
    return Space(p.dimension(p.read_group()))


def _kern(p, t):
    # \kern / \mkern / \hskip take a dimension without braces: read up to its unit.
    toks = []
    while p.pos < p.n and len(toks) < 12:
        x = p.toks[p.pos]
        if x.cat == C.SPACE and toks:
            break
        if x.cat == CS or x.cat in (C.BEGIN, C.END):
            break
        toks.append(x)
        p.pos += 1
        if x.cat == C.LETTER and len(toks) >= 2 and toks[-2].cat == C.LETTER:
            break
    return Space(p.dimension(toks))


def _phantom(p, t):
    return Phantom(p.math_arg(), t.text)


def _strut(p, t):
    return Phantom(Leaf("mo", "(", "open", {"stretchy": "false"}), "vphantom")


def _textcolor(p, t):
    color = p.color()
    body = p.math_arg()
    return Style(body, color=color) if color else body


def _colorbox(p, t):
    p.color()
    return p.text_arg("")


def _boxed(p, t):
    return Enclose(p.math_arg(), "box")


def _fbox(p, t):
    return Enclose(p.text_arg(""), "box")


def _cancel(p, t):
    return Enclose(p.math_arg(), t.text)


def _cancelto(p, t):
    value = p.math_arg()
    body = p.math_arg()
    return Scripts(Enclose(body, "cancel"), sup=value)


def _tcbox(p, t):
    """tcolorbox's \\tcboxmath[options]{formula}: a framed formula."""
    p.read_optional()
    return Enclose(p.math_arg(), "box")



def split_top_level(toks: list, is_sep, most: int | None = None) -> list[list]:
    """``toks`` cut at the separators (``is_sep(token)``) outside braces, separators
    dropped; at most ``most`` cuts (None: all).  Always at least one part."""
    parts, depth, start = [], 0, 0
    for i, u in enumerate(toks):
        if u.cat == C.BEGIN:
            depth += 1
        elif u.cat == C.END:
            depth -= 1
        elif depth == 0 and (most is None or len(parts) < most) and is_sep(u):
            parts.append(toks[start:i])
            start = i + 1
    parts.append(toks[start:])
    return parts

def _braket(left: str, right: str, stretchy: bool):
    """braket's \\bra \\ket \\braket \\set and their growing capitals: the argument
    between the delimiters, a | at its top level shown as a (growing) bar; in \\set and
    \\Set only the first | separates, with spaces around it."""
    is_set = left == "{"

    def handler(p, t):
        parts = split_top_level(p.read_group(), lambda u: u.cat == C.OTHER and u.text == "|",
                                1 if is_set else None)
        items: list = []
        for k, part in enumerate(parts):
            if k:
                attrs = {"stretchy": "true" if stretchy else "false"}
                if is_set:
                    attrs.update(lspace="0.2778em", rspace="0.2778em")
                items.append(Leaf("mo", "|", "rel" if is_set else "ord", attrs))
            items.extend(p.sub_math(part).items)
        if stretchy:
            return Fenced(left, right, Row(items))
        return Row([Leaf("mo", left, "open", {"stretchy": "false"}), *items,
                    Leaf("mo", right, "close", {"stretchy": "false"})])
    return handler


def _text_in_math(p, t):
    return p.text_arg("")


def _clap(p, t):
    return p.math_arg()


def _raisebox(p, t):
    p.read_group()
    p.read_optional()
    p.read_optional()
    return p.text_arg("")


def _rotatebox(p, t):
    """graphicx's \\rotatebox[opts]{angle}{text} (and \\scalebox{s}[v]{text},
    \\reflectbox{text}, \\resizebox{w}{h}{text}) in a formula: the box's text, not
    transformed (MathML Core has no rotation)."""
    name = t.text
    if name == "rotatebox":
        p.read_optional()
        p.read_group()
    elif name == "scalebox":
        p.read_group()
        p.read_optional()
    elif name in ("resizebox", "resizebox*"):
        p.read_group()
        p.read_group()
    return p.text_arg("")


def _ensuremath(p, t):
    return p.math_arg()


def _mathchoice(p, t):
    first = p.math_arg()
    for _ in range(3):
        p.read_group()
    return first


def _ignore(p, t):
    return None


def _par(p, t):
    p.warn("W-MATH-PAR", "paragraph break (blank line) inside math ignored", t,
           per_formula="par")
    return None


def _link(p, t):
    """\\hyperlink{dest}{body}, \\hypertarget{name}{body}, \\href{url}{body}: the body.
    The target is not linked inside MathML; a refused URL scheme still warns (G8)."""
    target = p.read_group()
    if t.text == "href":
        from octavo.site.urls import safe_href
        url = "".join(tok.text for tok in (target or []) if hasattr(tok, "text"))
        if safe_href(url) is None:
            p.warn("W-URL-SCHEME", f"link to {url[:60]!r} dropped: scheme not allowed", t)
    return p.math_arg()


def _ignore_arg(p, t):
    p.read_group()
    return None


def _ignore_opt(p, t):
    """\\MoveEqLeft[n]: layout only."""
    p.read_optional()
    return None


def _setbox(p, t):
    """\\setbox<n>=\\hbox{...}: a box stored for measuring, never shown."""
    while p.pos < p.n:
        u = p.toks[p.pos]
        if u.cat == C.BEGIN:
            p.read_group()
            break
        p.pos += 1
    return None


def _joinrel(p, t):
    """\\joinrel: the -3mu that glues two relation pieces (\\relbar\\joinrel\\rightarrow)."""
    return Space(-3 / 18)


def _ooalign(p, t):
    """\\ooalign{row\\cr row ...}: the rows (text mode, as TeX's \\halign) drawn over one
    another; every row but the last takes no width."""
    rows: list = [[]]
    for tok in p.read_group():
        if tok.cat == CS and tok.text == "cr":
            rows.append([])
        else:
            rows[-1].append(tok)
    rows = [r for r in rows if r]
    items = [Phantom(read_text(r, "", p), "overlay") for r in rows[:-1]]
    if rows:
        items.append(read_text(rows[-1], "", p))
    return Row(items)


def _reflectbox(p, t):
    """graphicx's \\reflectbox{text}: the box mirrored left to right."""
    return Enclose(p.text_arg(""), "reflect")


def _shove(p, t):
    """amsmath's \\shoveleft/\\shoveright{formula} in multline: the formula (the row keeps
    the alignment of its environment)."""
    return p.math_arg()


def _leftrightarroweq(p, t):
    """stmaryrd's \\leftrightarroweq: a double-headed arrow over an equals sign."""
    return UnderOver(Leaf("mo", "=", "rel"), over=Leaf("mo", "\u2194", "rel"), cls="rel")


def _multicolumn(p, t):
    """\\multicolumn{n}{spec}{cell} in an array: the cell (no column span in MathML Core)."""
    p.read_group()
    p.read_group()
    return p.math_arg()


def _parbox(p, t):
    """\\parbox[pos][height][inner]{width}{text}: the text."""
    for _ in range(3):
        if p.read_optional() is None:
            break
    p.read_group()
    return p.text_arg("")


def _inferrule(p, t):
    """mathpartir's \\inferrule*[options]{premises}{conclusion}: a fraction whose
    numerator is the premises (separated by \\\\) spaced apart."""
    p.take_star()
    p.read_optional()
    rows = []
    for _ in range(2):
        parts = split_top_level(p.read_group(), lambda u: u.cat == CS and u.text == "\\")
        items: list = []
        for k, part in enumerate(parts):
            if k:
                items.append(Space(2.0))
            items.extend(p.sub_math(part).items)
        rows.append(Row(items))
    return Frac(rows[0], rows[1])


def _qed(p, t):
    return Leaf("mo", "\u220e", "ord")


# -- numbering -----------------------------------------------------------------------------------
def _tag(p, t):
    star = p.take_star()
    text = p.text_arg("")
    meta = p.sh.meta
    if meta is None:
        p.warn("W-MATH-TAG", "\\tag outside a display is ignored", t)
        return None
    if meta.tag is not None:
        p.warn("W-MATH-TAG", "second \\tag in one equation ignored", t)
        return None
    meta.tag = text  # a Text node; api renders it
    meta.tag_star = star
    return None


def _label(p, t):
    p.label(p.read_group(), t.loc)
    return None


def _nonumber(p, t):
    if p.sh.meta is not None:
        p.sh.meta.numbered = False
    return None


def _begin(p, t):
    return p.environment(t)


def _stray_end(p, t):
    name = p.read_name()
    p.warn("W-MATH-ENV", f"\\end{{{name}}} without \\begin ignored", t)
    return None


def _reference(p, t):
    p.take_star()
    p.read_optional()
    node = p.reference(t.text, p.read_group(), t.loc)
    return Text([node])


def _intertext(p, t):
    p.warn("W-MATH-INTERTEXT", f"\\{t.text} outside an alignment shown inline", t)
    return p.text_arg("")


def _unsupported_rule(p, t):
    p.read_optional()
    w = p.dimension(p.read_group())
    p.read_group()
    return Space(w)


_TABLE = {
    "frac": _frac(), "dfrac": _frac("display"), "tfrac": _frac("text"),
    "cfrac": _frac("display"), "nicefrac": _frac(bevelled=True),
    "sfrac": _frac(bevelled=True), "unitfrac": _frac(bevelled=True),
    "binom": _frac(None, "0", "(", ")"), "dbinom": _frac("display", "0", "(", ")"),
    "tbinom": _frac("text", "0", "(", ")"), "genfrac": _genfrac,
    "sqrt": _sqrt, "root": _root,
    "left": _left, "middle": _middle, "right": _stray_right,
    "overset": _overset, "underset": _overset, "stackrel": _overset,
    "substack": _substack,
    "operatorname": _operatorname, "mathop": _mathclass("op"),
    "mathbin": _mathclass("bin"), "mathrel": _mathclass("rel"),
    "mathord": _mathclass("ord"), "mathopen": _mathclass("open"),
    "mathclose": _mathclass("close"), "mathpunct": _mathclass("punct"),
    "mathinner": _mathclass("inner"),
    "not": _not, "mod": _mod, "bmod": _mod, "pmod": _mod, "pod": _mod,
    "dots": _dots, "colon": _colon,
    "hspace": _hspace, "mspace": _hspace, "kern": _kern, "mkern": _kern,
    "hskip": _kern, "mskip": _kern,
    "phantom": _phantom, "hphantom": _phantom, "vphantom": _phantom, "smash": _phantom,
    "mathstrut": _strut, "strut": _strut,
    "textcolor": _textcolor, "colorbox": _colorbox,
    "boxed": _boxed, "fbox": _fbox, "cancel": _cancel, "bcancel": _cancel,
    "xcancel": _cancel, "cancelto": _cancelto,
    "mathclap": _clap, "mathllap": _clap, "mathrlap": _clap, "clap": _clap,
    "llap": _clap, "rlap": _clap, "raisebox": _raisebox,
    "rotatebox": _rotatebox, "scalebox": _rotatebox,
    "resizebox": _rotatebox, "ensuremath": _ensuremath,
    "mathchoice": _mathchoice,
    "tag": _tag, "label": _label, "nonumber": _nonumber, "notag": _nonumber,
    "begin": _begin, "end": _stray_end,
    "ref": _reference, "eqref": _reference, "cref": _reference, "Cref": _reference,
    "autoref": _reference, "cite": _reference,
    "intertext": _intertext, "shortintertext": _intertext,
    "rule": _unsupported_rule, "par": _par,
    "hyperlink": _link, "hypertarget": _link, "href": _link, "Hy@raisedlink": _clap,
    "xspace": _ignore, "MoveEqLeft": _ignore_opt, "setbox": _setbox, "qed": _qed,
    "qedsymbol": _qed, "ArrowBetweenLines": _ignore_opt, "adjustlimits": _ignore,
    "smashoperator": _ignore_opt, "mathtoolsset": _ignore_arg, "tcboxmath": _tcbox,
    "tcbhighmath": _tcbox, "parbox": _parbox, "inferrule": _inferrule,
    "bra": _braket("\u27e8", "|", False), "ket": _braket("|", "\u27e9", False),
    "braket": _braket("\u27e8", "\u27e9", False), "set": _braket("{", "}", False),
    "Bra": _braket("\u27e8", "|", True), "Ket": _braket("|", "\u27e9", True),
    "Braket": _braket("\u27e8", "\u27e9", True), "Set": _braket("{", "}", True),
    "qedhere": _ignore, "tiny": _ignore, "scriptsize": _ignore, "footnotesize": _ignore,
    "small": _ignore, "normalsize": _ignore, "large": _ignore, "Large": _ignore,
    "LARGE": _ignore, "huge": _ignore, "Huge": _ignore,
    "hline": _ignore, "hdashline": _ignore, "relax": _ignore, "nobreak": _ignore,
    "allowbreak": _ignore, "protect": _ignore, "nolinebreak": _ignore,
    "leavevmode": _ignore, "-": _ignore, "/": _ignore, "displaybreak": _ignore,
    "mathsurround": _ignore, "index": _ignore_arg, "cline": _ignore_arg,
    "vcenter": _clap, "nonscript": _ignore, "limits": _ignore, "nolimits": _ignore,
    "joinrel": _joinrel, "ooalign": _ooalign, "reflectbox": _reflectbox,
    "shoveleft": _shove, "shoveright": _shove, "leftrightarroweq": _leftrightarroweq,
    "multicolumn": _multicolumn, "centering": _ignore, "raggedright": _ignore,
    "raggedleft": _ignore,
}
for _name in S.ACCENTS:
    _TABLE[_name] = _accent
for _name in S.X_ARROWS:
    _TABLE[_name] = _xarrow
for _size, _em in S.BIG_SIZES.items():
    _TABLE[_size] = _big(_em, None)
    _TABLE[_size + "l"] = _big(_em, "open")
    _TABLE[_size + "r"] = _big(_em, "close")
    _TABLE[_size + "m"] = _big(_em, "rel")

COMMANDS = MappingProxyType(_TABLE)
"""Command name -> handler(parser, token)."""

