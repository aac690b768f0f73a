"""Box registers: what \\setbox stores is shown where \\box, \\copy, \\usebox ... use it.

Contract:
- ``\\setbox<n>[=]<box>`` (also after \\global) digests the box's content at once, as TeX
  typesets it then (macros expand with their meaning at that moment), into a detached
  node list kept in box register <n>: ``\\hbox{..}``/``\\hbox to <dim>{..}`` gives inline
  nodes, ``\\vbox{..}``/``\\vtop{..}`` block nodes; the group may be opened by ``{`` or
  ``\\bgroup``; ``\\box<n>``/``\\copy<n>`` as the box stores (copies) another register;
  anything else (\\lastbox, \\vsplit ...) stores an empty box;
- registers follow TeX's grouping (a local \\setbox is undone at the end of the group;
  \\global\\setbox is not);
- ``\\box<n>``, ``\\unhbox<n>``, ``\\unvbox<n>`` emit the stored nodes where they stand
  and void the register; ``\\copy<n>``, ``\\unhcopy<n>``, ``\\unvcopy<n>`` emit a copy;
  inline content in vertical mode starts a paragraph, block content ends one;
- LaTeX: ``\\newsavebox{\\cmd}`` allocates a register, ``\\sbox{\\cmd}{text}``,
  ``\\savebox{\\cmd}[w][pos]{text}`` and the ``lrbox`` environment fill it, ``\\usebox{\\cmd}``
  shows it; \\ifvoid<n> is true for an empty register (``\\ifhbox``/``\\ifvbox`` by kind);
- inside a formula (the math collector runs \\setbox, \\box ... as assignments: the
  engine's ``executing`` is not their token) a box is kept as its tokens, unexpanded
  (`TokenBox`), and \\box<n>/\\copy<n> give them back as ``\\hbox{tokens}`` for the
  formula (a box stored in text gives its plain text there); in text such a box is read
  as ``\\hbox{tokens}`` too;
- nothing typed in a box is lost unless the box is never used — as in the PDF.
"""

from __future__ import annotations

import copy

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK, INLINE
from octavo.tex import catcodes as C
from octavo.tex import conditionals
from octavo.tex import registers as R
from octavo.tex.tokens import CS, Token

BOX_MAKERS = {"hbox": INLINE, "vbox": BLOCK, "vtop": BLOCK}


class TokenBox:
    """A box made inside a formula: its tokens, digested where the box is used."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: list):
        self.tokens = tokens

    def __deepcopy__(self, memo):
        return self  # never changed once made


def _in_formula(L, t: Token) -> bool:
    """True when ``t``'s command runs inside a formula's collection, not in the stomach."""
    return L.engine.executing is not t


def _key(n: int):
    return ("boxreg", n)


def _get(L, n: int):
    """(kind, nodes) stored in register n, or None when void."""
    return L.engine.state.values.get(_key(n))


def _put(L, n: int, value, glob: bool) -> None:
    L.engine.state.set_value(_key(n), value, glob)


def _maker_kind(L, tok: Token):
    """INLINE/BLOCK if ``tok`` means \\hbox, \\vbox or \\vtop (also after \\let)."""
    if tok.cat != CS:
        return None
    m = L.engine.meaning(tok)
    name = getattr(m, "name", None)
    for cand in (name, tok.text):
        if cand in BOX_MAKERS:
            return BOX_MAKERS[cand]
    return None


def setbox(L, t) -> None:
    eng = L.engine
    glob = "global" in eng.take_prefixes()
    n = R.scan_int(eng, t)
    nt = eng.get_x_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = eng.get_x_token()
    if nt is not None and nt.cat == C.OTHER and nt.text == "=":
        nt = eng.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = eng.get_x_token()
    if nt is None:
        return
    kind = _maker_kind(L, nt)
    if kind is not None:
        if _in_formula(L, t):
            _capture_tokens(L, nt, n, kind, glob)
        else:
            _capture(L, nt, n, kind, glob)
        return
    if nt.cat == CS and nt.text in ("box", "copy"):
        m = R.scan_int(eng, nt)
        v = _get(L, m)
        _put(L, n, copy.deepcopy(v) if v is not None else None, glob)
        if nt.text == "box":
            _put(L, m, None, False)
        return
    # \lastbox, \vsplit<n> to <dim>, \vcenter ...: an empty box
    if nt.cat == CS and nt.text == "vsplit":
        R.scan_int(eng, nt)
        R.scan_keyword(eng, "to")
        R.scan_dimen(eng, nt)
    _put(L, n, None, glob)


def _box_group_start(L, maker: Token, n: int, glob: bool) -> Token | None:
    """After \\hbox/\\vbox of \\setbox<n>: read 'to'/'spread <dim>' and the group's {
    (spaces and \\relax skipped; \\bgroup expands to nothing, it is a \\let to {).  None
    when no group follows: then anything else is not a box, its token stays for the text
    and box <n> is void."""
    eng = L.engine
    if R.scan_keyword(eng, "to") or R.scan_keyword(eng, "spread"):
        R.scan_dimen(eng, maker)
    nt = eng.get_x_token()
    while nt is not None and (nt.cat == C.SPACE or (nt.cat == CS and nt.text == "relax")):
        nt = eng.get_x_token()
    if nt is None:
        return None
    if nt.cat != C.BEGIN:
        eng.push_one(nt)
        _put(L, n, None, glob)
        return None
    return nt


def _capture(L, maker: Token, n: int, kind: int, glob: bool) -> None:
    """Digest the box's group into a detached holder; store it when the group ends."""
    nt = _box_group_start(L, maker, n, glob)
    if nt is not None:
        _open_capture(L, nt, n, kind, glob)


def _capture_tokens(L, maker: Token, n: int, kind: int, glob: bool) -> None:
    """\\setbox<n>\\hbox{..} inside a formula: keep the group's tokens as they are."""
    nt = _box_group_start(L, maker, n, glob)
    if nt is not None:
        _put(L, n, (kind, TokenBox(L.engine.read_group_body(nt, maker))), glob)


def _plain_text(nodes) -> str:
    """What a reader sees of a box's nodes, formulas as their linear text."""
    from octavo.doc.walk import children
    out = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, N.Text):
            out.append(node.text)
        elif isinstance(node, N.Math):
            out.append(node.linear or node.tex)
        else:
            kids = list(children(node))
            kids.reverse()
            stack.extend(kids)
    return "".join(out)


def _open_capture(L, tok: Token, n: int, kind: int, glob: bool, group=None) -> None:
    eng = L.engine
    g = group if group is not None else eng.begin_group("simple", tok)
    holder = N.Span(classes=["box"]) if kind == INLINE else N.Div(classes=["box"])

    def done(node, _n=n, _kind=kind, _glob=glob):
        # the group of the box has ended: the store is made in the enclosing scope
        _put(L, _n, (_kind, list(node.children)), _glob)
    fr = L.builder.open_detached(holder, kind, group=g, on_close=done)
    fr.reopen = False


def use_box(copying: bool):
    def fn(L, t) -> None:
        n = R.scan_int(L.engine, t)
        v = _get(L, n)
        if v is None:
            return
        if not copying:
            _put(L, n, None, False)
        kind, nodes = v
        if isinstance(nodes, TokenBox) or _in_formula(L, t):
            # back as \hbox{..}: for the formula being collected, or a formula's box in text
            body = nodes.tokens if isinstance(nodes, TokenBox) else R.string_tokens(_plain_text(nodes))
            L.engine.push([Token(CS, "hbox"), Token(C.BEGIN, "{")] + list(body) + [Token(C.END, "}")])
            return
        nodes = copy.deepcopy(nodes) if copying else nodes
        b = L.builder
        for node in nodes:
            if isinstance(node, N.Block):
                b.add_block(node)
            else:
                b.add_inline(node, t)
    return fn


def sbox(L, t, cs, text) -> None:
    eng = L.engine
    eng.push([Token(CS, "setbox")] + list(cs) + [Token(CS, "hbox"), Token(C.BEGIN, "{")] +
             list(text or []) + [Token(C.END, "}")])


def savebox(L, t, cs, w, pos, text) -> None:
    sbox(L, t, cs, text)


def usebox(L, t, cs) -> None:
    L.engine.push([Token(CS, "copy")] + list(cs) + [Token(CS, "relax")])


def newsavebox(L, t, cs) -> None:
    L.engine.push([Token(CS, "newbox")] + list(cs))


def lrbox_begin(L, t, g, cs) -> None:
    eng = L.engine
    eng.push(list(cs) + [Token(CS, "relax")])
    n = R.scan_int(eng, t)
    _open_capture(L, t, n, INLINE, False, group=g)


def if_box(test):
    def fn(x, t):
        conditionals._eval(x, t, lambda: test(x.state.values.get(_key(R.scan_int(x, t)))))
    return fn


def install(L) -> None:
    eng = L.engine
    eng.define_primitive("setbox", lambda x, t: setbox(L, t), binding=True, assignment=True)
    for name, copying in (("box", False), ("copy", True), ("unhbox", False), ("unvbox", False),
                          ("unhcopy", True), ("unvcopy", True)):
        L.command(name, "", use_box(copying)).assignment = True  # formulas run it too
    L.command("sbox", "m m", sbox)
    L.command("savebox", "m o o m", savebox)
    L.command("usebox", "m", usebox)
    L.command("newsavebox", "m", newsavebox)
    L.environment("lrbox", begin=lrbox_begin, spec="m")
    for name, test in (("ifvoid", lambda v: v is None), ("ifhbox", lambda v: v is not None and
                                                         v[0] == INLINE),
                       ("ifvbox", lambda v: v is not None and v[0] == BLOCK)):
        eng.define_primitive(name, if_box(test), expandable=True, conditional=True)
