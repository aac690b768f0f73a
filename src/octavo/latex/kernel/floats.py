"""Floats and captions: figure, table (starred, sideways, wrapped), \\caption[short]{long},
\\captionof, subcaption's subfigure/subtable and \\subcaption, subfig's \\subfloat, the
subfigure package's \\subfigure, and new float kinds from float's \\newfloat and
newfloat's \\DeclareFloatingEnvironment.

Contract:
- a float environment opens a `Figure(kind)` on its group; \\caption numbers it with the
  counter of its kind (figure and table are chapter-relative in books, as the class set
  them up), fills ``caption``/``short_caption`` and makes the float what a following
  \\label names (kind = the counter, number = \\p@X\\theX, title = the caption);
- \\caption*{..} and captions of unnumbered floats carry no number; a second \\caption in
  the same float becomes a figure of its own at that point;
- a minipage inside a float is a figure of the float's kind without a number until a
  \\caption in it numbers it (two captioned images side by side);
- subfigures are numbered (a), (b) ... with their own counter, reset in each float; the
  number a \\label records is the parent's number followed by the letter, filled in when
  the parent's own number is known (its caption usually comes last);
- \\caption outside any float warns (W-CAPTION-OUTSIDE) and keeps its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.doc import nodes as N
from octavo.latex.kernel import counters
from octavo.tex.tokens import CS, Token

FLOAT_ENVS = {"figure": "figure", "figure*": "figure", "table": "table", "table*": "table",
              "sidewaysfigure": "figure", "sidewaysfigure*": "figure", "sidewaystable": "table",
              "sidewaystable*": "table", "SCfigure": "figure", "SCtable": "table",
              "figwindow@": "figure", "floatingfigure": "figure", "floatingtable": "table",
              "marginfigure": "figure", "margintable": "table", "listing": "listing",
              "algorithm": "algorithm"}
SUB_ENVS = {"subfigure": "figure", "subtable": "table", "subfigure*": "figure"}


@dataclass(slots=True)
class FloatState:
    node: N.Figure
    kind: str
    """The counter that numbers this float's caption (figure, table, subfigure ...)."""
    frame: object = None
    container: bool = False
    """A minipage standing inside a float."""
    longtable: bool = False
    subs: list = field(default_factory=list)
    """Subfigure nodes inside this float (their label numbers wait for ours)."""


def _floats(L) -> list:
    return L.data.setdefault("floats", [])


def _ensure_counter(L, kind: str) -> None:
    if counters.exists(L, kind):
        return
    if kind.startswith("sub") and kind != "sub":
        counters.new_counter(L, kind, the=rf"\alph{{{kind}}}")
        L.engine.define_macro("p@" + kind, "")
        return
    book = L.data.get("booklike") and counters.exists(L, "chapter")
    counters.new_counter(L, kind, "chapter" if book else None,
                         the=(r"\thechapter." if book else "") + rf"\arabic{{{kind}}}")


def open_float(L, t, g, kind: str, placement: str, container: bool = False,
               longtable: bool = False, sub: bool = False) -> FloatState:
    """Open a Figure of ``kind`` on group ``g`` (closed with it)."""
    node = N.Figure(kind=("sub" + kind) if sub else kind, placement=placement, loc=L.loc(t))
    st = FloatState(node, node.kind, container=container, longtable=longtable)
    floats = _floats(L)
    if sub and floats:
        floats[-1].subs.append(node)
    if not sub and not container:
        # each float restarts its subfigure letters
        for s in ("subfigure", "subtable"):
            if counters.exists(L, s):
                counters.set_value(L, s, 0)
    st.frame = L.builder.open_block(node, group=g, on_close=lambda n: _close_float(L, st))
    floats.append(st)
    return st


def _close_float(L, st: FloatState) -> None:
    floats = _floats(L)
    if st in floats:
        floats.remove(st)
    if st.subs and st.node.number:
        labels = L.builder.doc.labels
        by_id = {s.id: s for s in st.subs if s.id}
        for lt in labels.values():
            sub = by_id.get(lt.id)
            if sub is not None and lt.kind == sub.kind and lt.number == sub.number:
                lt.number = st.node.number + sub.number


def _innermost(L) -> FloatState | None:
    frames = L.builder.frames
    for st in reversed(_floats(L)):
        if st.frame in frames:
            return st
    return None


def caption(L, t, star, short, long) -> None:
    st = _innermost(L)
    if st is None:
        L.reporter.warning("W-CAPTION-OUTSIDE", "\\caption outside a float (its text is kept)", L.loc(t))
        L.builder.end_paragraph() if L.builder.top.kind != 0 else None
        L.engine.push(list(long or []))
        return
    if st.longtable:
        from octavo.latex.kernel import tabular
        tabular._caption_row_hook(L)
    node = st.node
    if node.caption or node.number:
        # a second caption in one float: a figure of its own at this point
        node = N.Figure(kind=st.kind, loc=L.loc(t))
        L.builder.add_block(node)
    set_caption(L, t, node, st.kind, star, short, long, st)


def set_caption(L, t, node: N.Figure, kind: str, star: bool, short, long, st=None) -> None:
    b = L.builder
    if not star:
        _ensure_counter(L, kind)
        full = counters.refstep(L, kind, t).strip()
        node.number = counters.formatted(L, kind).strip()
        b.set_target(node, kind, full)
        if node.id is None:
            node.id = b.new_id(kind.replace("*", ""))
    target = b.target

    def got(inl):
        node.caption = inl
        if target.node is node and b.target is target:
            target.title = inl
        for lt in b.doc.labels.values():
            if lt.id == node.id and not lt.title:
                lt.title = inl

    if short is not None:
        L.inlines(short, lambda inl: setattr(node, "short_caption", inl), t)
    L.inlines(long, got, t)


def captionof(L, t, star, kind, short, long) -> None:
    """\\captionof{type}[short]{long}: what came before it in the same box is the figure."""
    b = L.builder
    k = L.string(kind).strip() or "figure"
    fr = b.block_frame()
    node = N.Figure(kind=k, loc=L.loc(t))
    if isinstance(fr.node, N.Div) and fr.attr == "children":
        node.children = list(fr.node.children)
        fr.node.children[:] = []
    fr.items.append(node)
    set_caption(L, t, node, k, star, short, long)


def float_env(kind: str):
    def begin(L, t, g, placement):
        open_float(L, t, g, kind, L.string(placement).strip() if placement else "")
    return begin


def sub_env(kind: str):
    def begin(L, t, g, pos, height, inner, width):
        open_float(L, t, g, kind, "", sub=True)
    return begin


def wrap_env(kind: str):
    def begin(L, t, g, lines, place, overhang, width):
        open_float(L, t, g, kind, L.string(place).strip())
    return begin


def wrap_command(kind: str):
    """\\wrapfigure[lines]{place}[overhang]{width} used as a command (as a document's own
    environment does it, \\wrapfigure ... \\endwrapfigure): the figure lasts as long as
    the group it is opened in."""
    def handler(L, t, lines, place, overhang, width):
        groups = L.engine.state.groups
        if not groups:
            L.reporter.warning("W-FLOAT", f"\\wrap{kind} outside any environment", L.loc(t))
            return
        open_float(L, t, groups[-1], kind, L.string(place).strip())
    return handler


def subcaption(L, t, star, short, long) -> None:
    st = _innermost(L)
    if st is not None and (st.kind.startswith("sub") or st.container):
        kind = st.kind if st.kind.startswith("sub") else "sub" + st.kind
        node = st.node
        if node.caption or node.number:
            node = N.Figure(kind=kind, loc=L.loc(t))
            L.builder.add_block(node)
        node.kind = kind
        st.kind = kind
        parents = [s for s in _floats(L) if not s.container and not s.kind.startswith("sub")]
        if parents and node not in parents[-1].subs:
            parents[-1].subs.append(node)
        set_caption(L, t, node, kind, star, short, long, st)
        return
    caption(L, t, star, short, long)


def subfloat(L, t, list_entry, cap, body) -> None:
    """subfig's \\subfloat[list entry][caption]{body} (one optional: the caption)."""
    parent = _innermost(L)
    base = parent.kind if parent is not None else "figure"
    base = base[3:] if base.startswith("sub") else base
    kind = "sub" + base
    node = N.Figure(kind=kind, loc=L.loc(t))
    if parent is not None:
        parent.subs.append(node)
    L.wrap_block(node, list(body or []), t)
    text = cap if cap is not None else list_entry
    if text is not None:
        set_caption(L, t, node, kind, False, None, text)


def newfloat(L, t, name, placement, ext, within) -> None:
    """float's \\newfloat{type}{placement}{ext}[within]."""
    n = L.string(name).strip()
    if not n:
        return
    w = L.string(within).strip() if within else None
    if not counters.exists(L, n):
        counters.new_counter(L, n, w, the=(rf"\the{w}." if w else "") + rf"\arabic{{{n}}}")
    L.environment(n, begin=float_env(n), spec="o")
    L.environment(n + "*", begin=float_env(n), spec="o")
    L.engine.define_macro(n + "name", n[:1].upper() + n[1:])


def declare_floating_env(L, t, opts, name) -> None:
    """newfloat's \\DeclareFloatingEnvironment[options]{name}."""
    from octavo.latex.kernel.blocks import keyvals
    n = L.string(name).strip()
    if not n:
        return
    within = "chapter" if L.data.get("booklike") and counters.exists(L, "chapter") else None
    display = n[:1].upper() + n[1:]
    for k, v in keyvals(opts):
        if k == "within":
            w = L.string(v).strip() if v else ""
            within = None if w in ("", "none") else w
        elif k == "name" and v:
            display = L.string(v).strip()
    if not counters.exists(L, n):
        counters.new_counter(L, n, within, the=(rf"\the{within}." if within else "") + rf"\arabic{{{n}}}")
    L.environment(n, begin=float_env(n), spec="o")
    L.environment(n + "*", begin=float_env(n), spec="o")
    L.engine.define_macro(n + "name", display)


def phantomcaption(L, t) -> None:
    st = _innermost(L)
    if st is not None:
        _ensure_counter(L, st.kind)
        counters.refstep(L, st.kind, t)


def install(L) -> None:
    for env, kind in FLOAT_ENVS.items():
        if env.endswith("@"):
            continue
        L.environment(env, begin=float_env(kind), spec="o")
    for env, kind in SUB_ENVS.items():
        L.environment(env, begin=sub_env(kind), spec="o o o m")
    L.environment("wrapfigure", begin=wrap_env("figure"), spec="o m o m")
    L.environment("wraptable", begin=wrap_env("table"), spec="o m o m")
    L.environment("wrapfloat", begin=lambda L, t, g, kind, lines, place, oh, w: open_float(
        L, t, g, L.string(kind).strip() or "figure", L.string(place).strip()), spec="m o m o m")
    for kind in ("figure", "table"):
        L.command("wrap" + kind, "o m o m", wrap_command(kind))
        L.ignore("endwrap" + kind, "")
    L.command("caption", "s o m", caption)
    L.command("captionof", "s m o m", captionof)
    L.command("subcaption", "s o m", subcaption)
    L.command("subcaptionbox", "s o m o o o m", lambda L, t, s, short, long, w, p, ip, body: (
        subfloat(L, t, None, long, body)))
    L.command("subfloat", "o o m", subfloat)
    L.command("subfigure", "o o m", subfloat)
    L.command("subtable", "o o m", subfloat)
    L.command("phantomcaption", "", phantomcaption)
    L.command("phantomsubcaption", "", phantomcaption)
    L.command("newfloat", "m m m o", newfloat)
    L.command("DeclareFloatingEnvironment", "o m", declare_floating_env)
    for name, spec in (("captionsetup", "s o m"), ("clearcaptionsetup", "o m"),
                       ("DeclareCaptionFormat", "m m"), ("DeclareCaptionLabelFormat", "m m"),
                       ("DeclareCaptionLabelSeparator", "m m"), ("DeclareCaptionFont", "m m"),
                       ("DeclareCaptionStyle", "m o m"), ("DeclareCaptionJustification", "m m"),
                       ("DeclareCaptionTextFormat", "m m"), ("DeclareCaptionSubType", "s o m"),
                       ("ContinuedFloat", "s"), ("floatstyle", "m"), ("restylefloat", "s m"),
                       ("floatplacement", "m m"), ("floatname", "m m"), ("capstart", ""),
                       ("FloatBarrier", ""), ("SetFloatCounter@", ""), ("sidecaptionvpos", "m m"),
                       ("setfloatlocations", "m m"), ("suppressfloats", "o"), ("listof", "m m"),
                       ("SetupFloatingEnvironment", "m m"), ("captionlistentry", "o m"),
                       ("setcaptiontype@", "")):
        if name.endswith("@"):
            continue
        L.ignore(name, spec)
    # a document's private copy of wrapfig.sty sees wrapfig as loaded and keeps the binding
    L.tex(r"\newcount\c@WF@wrappedlines", "<octavo floats>")
    L.engine.define_macro("@captype", "figure")
