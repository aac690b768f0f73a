"""Lists: itemize, enumerate, description (nested to any depth), the generic list and
trivlist environments, \\item[label], and enumitem's options and \\newlist.

Contract:
- each list environment opens a `List(kind)` on its group; \\item closes the previous
  `Item` and opens the next, so item bodies are digested by the stomach and may hold
  any blocks (nested lists, displays, tables);
- enumerate numbers come from the LaTeX counters enumi..enumiv (one per nesting level,
  as the class defines them): the printed label is \\labelenumN expanded at the \\item,
  ``List.start`` is the first number, and the item becomes what a following \\label
  names (kind "item", the number \\p@enumN\\theenumN);
- \\item[x] gives the item the label x (the term in description lists) and does not
  step the counter; bullets keep ``label=None`` unless the document changed them
  (enumitem ``label=``);
- enumitem: label=, label*=, ref=, start=, resume, resume*, series=; every other key
  (noitemsep, nosep, leftmargin=, itemsep= ...) is print-only and accepted silently;
  \\setlist and friends are ignored;
- material before the first \\item (an error in LaTeX) is kept in an unlabelled item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK
from octavo.latex.kernel import counters
from octavo.latex.kernel.blocks import keyvals
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token, split_run

LEVEL_NAMES = ("i", "ii", "iii", "iv")
DEFAULT_STYLES = ("arabic", "alph", "roman", "Alph")
STAR_FORMATS = {"arabic", "alph", "Alph", "roman", "Roman", "fnsymbol"}


@dataclass(slots=True)
class ListState:
    node: N.List
    frame: object
    kind: str
    """itemize, enumerate, description, list."""
    counter: str = ""
    """enumi ... for enumerate lists; '' otherwise."""
    item_frame: object = None
    label_tokens: list | None = None
    """Tokens printed as the label of items without [x] (None: the class default)."""
    series: str = ""
    extra: list = field(default_factory=list)


def _states(L) -> list:
    return L.data.setdefault("lists", [])


def _depth(L, kind: str) -> int:
    return sum(1 for s in _states(L) if s.kind == kind)


def _star_to_counter(tokens: list, counter: str) -> list:
    """enumitem's \\arabic* (\\alph*, \\roman* ...) -> \\arabic{counter}."""
    flat = []
    for t in tokens:
        flat.extend(split_run(t) if t.cat == RUN else [t])
    out = []
    i = 0
    while i < len(flat):
        t = flat[i]
        if t.cat == CS and t.text in STAR_FORMATS and i + 1 < len(flat) \
                and flat[i + 1].cat == C.OTHER and flat[i + 1].text == "*":
            out += [t, Token(C.BEGIN, "{")] + [Token(C.LETTER, ch) for ch in counter] + [Token(C.END, "}")]
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _style_of(tokens: list) -> str:
    for t in tokens:
        if t.cat == CS and t.text in STAR_FORMATS:
            return t.text
    return ""


def list_begin(kind: str, base: str | None = None):
    """\\begin{kind}[enumitem options]; ``base`` is the list type of a \\newlist."""
    base = base or kind

    def begin(L, t, g, opts):
        open_list(L, t, g, kind, base, opts)
    return begin


def open_list(L, t, g, kind: str, base: str, opts, default_label=None) -> ListState:
    b = L.builder
    node = N.List(kind=base, loc=L.loc(t))
    states = _states(L)
    fr = b.open_block(node, attr="items", group=g, on_close=lambda n: _close_list(L, n))
    st = ListState(node, fr, base, label_tokens=default_label)
    if base == "enumerate":
        level = _depth(L, "enumerate") + 1
        if level > 4:
            L.reporter.warning("W-LIST-DEPTH", "enumerate lists nested more than four deep; "
                               "the fourth level's numbering is reused", L.loc(t), once=("enumdepth",))
        name = "enum" + LEVEL_NAMES[min(level, 4) - 1]
        st.counter = name
        if not counters.exists(L, name):
            counters.new_counter(L, name)
        node.style = DEFAULT_STYLES[min(level, 4) - 1]
    states.append(st)
    start = None
    for key, value in keyvals(opts):
        k = key.strip()
        if k in ("label", "label*") and value is not None:
            toks = _star_to_counter(value, st.counter) if st.counter else value
            st.label_tokens = toks
            node.style = _style_of(value) or node.style
            if st.counter:
                # enumitem: \ref shows the label unless ref= says otherwise
                L.engine.state.set_value("enum-ref:" + st.counter, toks)
        elif k == "ref" and value is not None and st.counter:
            L.engine.state.set_value("enum-ref:" + st.counter, _star_to_counter(value, st.counter))
        elif k == "start" and value is not None:
            try:
                start = int(L.string(value).strip())
            except ValueError:
                L.reporter.warning("W-LIST-OPTION", f"start={L.string(value)!r} is not a number",
                                   L.loc(t))
        elif k in ("resume", "resume*") and st.counter:
            series = L.string(value).strip() if value else ""
            last = L.data.setdefault("list_resume", {}).get(series or ("level", st.counter), 0)
            start = last + 1
        elif k == "series" and value is not None:
            st.series = L.string(value).strip()
    if st.counter:
        if start is None:
            start = 1
        node.start = start
        counters.set_value(L, st.counter, start - 1, t)
    return st


def _close_list(L, node: N.List) -> None:
    states = _states(L)
    st = None
    for i in range(len(states) - 1, -1, -1):
        if states[i].node is node:
            st = states.pop(i)
            break
    # text before the first \item: keep it in an unlabelled item
    items = node.items
    if any(not isinstance(x, N.Item) for x in items):
        fixed: list = []
        stray = None
        for x in items:
            if isinstance(x, N.Item):
                fixed.append(x)
                stray = None
            elif stray is not None:
                stray.children.append(x)
            else:
                stray = N.Item(children=[x], loc=x.loc)
                fixed.append(stray)
        node.items = fixed
    if st is not None and st.counter:
        last = counters.value(L, st.counter)
        resume = L.data.setdefault("list_resume", {})
        resume[("level", st.counter)] = last
        if st.series:
            resume[st.series] = last


def item(L, t, label) -> None:
    b = L.builder
    states = _states(L)
    if not states or states[-1].frame not in b.frames:
        L.reporter.error("E-ITEM", "\\item outside a list (kept as a paragraph)", L.loc(t))
        if label:
            L.engine.push(label)
        b.end_paragraph() if b.top.kind != BLOCK else None
        return
    st = states[-1]
    if st.item_frame is not None:
        b.close_frame(st.item_frame)
    else:
        # close anything (a paragraph of stray text) down to the list frame
        while b.frames and b.frames[-1] is not st.frame:
            b.close_frame(b.frames[-1]) if b.frames[-1].kind == BLOCK else b.end_paragraph()
    node = N.Item(loc=L.loc(t), term=st.kind == "description")
    st.item_frame = b.open_block(node)
    if label is not None:
        L.inlines(label, lambda inl: setattr(node, "label", inl), t)
        return
    if st.counter:
        counters.step(L, st.counter, t)
        ref_toks = L.engine.state.get_value("enum-ref:" + st.counter)
        if ref_toks:
            number = L.string([Token(CS, "p@" + st.counter)] + list(ref_toks)).strip()
        else:
            number = L.string([Token(CS, "p@" + st.counter), Token(CS, "the" + st.counter)]).strip()
        b.set_target(node, "item", number)
        toks = list(st.label_tokens) if st.label_tokens is not None \
            else [Token(CS, "label" + st.counter)]
        L.inlines(toks, lambda inl: setattr(node, "label", inl), t)
    elif st.label_tokens is not None:
        L.inlines(list(st.label_tokens), lambda inl: setattr(node, "label", inl), t)


def generic_list_begin(L, t, g, label, settings) -> None:
    """\\begin{list}{default label}{settings}: items show the default label."""
    st = open_list(L, t, g, "list", "list", None, default_label=list(label or []) or None)
    # \usecounter{c} in the settings numbers the items with counter c
    flat = []
    for x in settings or []:
        flat.extend(split_run(x) if x.cat == RUN else [x])
    for i, x in enumerate(flat):
        if x.cat == CS and x.text == "usecounter":
            rest = flat[i + 1:]
            name = ""
            if rest and rest[0].cat == C.BEGIN:
                for y in rest[1:]:
                    if y.cat == C.END:
                        break
                    name += y.text
            else:
                name = rest[0].text if rest else ""
            name = name.strip()
            if name:
                if not counters.exists(L, name):
                    counters.new_counter(L, name)
                counters.set_value(L, name, 0, t)
                st.counter = name
                st.node.kind = "enumerate"
                if st.label_tokens is None:
                    st.label_tokens = [Token(CS, "the" + name)]


def trivlist_begin(L, t, g) -> None:
    open_list(L, t, g, "trivlist", "list", None)


def newlist(L, t, name, kind, depth) -> None:
    """enumitem's \\newlist{name}{type}{depth}: a list environment of an existing type."""
    n = L.string(name).strip()
    k = L.string(kind).strip().rstrip("*")
    if k not in ("itemize", "enumerate", "description"):
        L.reporter.warning("W-LIST-OPTION", f"\\newlist: unknown list type {k!r} (itemize assumed)",
                           L.loc(t))
        k = "itemize"
    if n:
        L.environment(n, begin=list_begin(n, k), spec="o")


def install(L) -> None:
    for kind in ("itemize", "enumerate", "description"):
        L.environment(kind, begin=list_begin(kind), spec="o")
    # enumitem's starred inline forms and paralist's / mdwlist's relatives
    for name, base in (("itemize*", "itemize"), ("enumerate*", "enumerate"),
                       ("description*", "description"), ("compactitem", "itemize"),
                       ("compactenum", "enumerate"), ("compactdesc", "description"),
                       ("inparaenum", "enumerate"), ("asparaenum", "enumerate"),
                       ("asparaitem", "itemize"), ("inparaitem", "itemize"),
                       ("dinglist", "itemize"), ("checklist", "itemize")):
        L.environment(name, begin=list_begin(name, base), spec="o")
    L.environment("list", begin=generic_list_begin, spec="m m")
    L.environment("trivlist", begin=trivlist_begin)
    L.command("item", "o", item)
    L.command("newlist", "m m m", newlist)
    L.command("renewlist", "m m m", newlist)
    for name, spec in (("setlist", "s o m"), ("setlistdepth", "m"), ("setenumerate", "o m"),
                       ("setitemize", "o m"), ("setdescription", "o m"), ("SetLabelAlign", "m m"),
                       ("SetEnumitemKey", "m m"), ("SetEnumitemValue", "m m m"),
                       ("AddEnumerateCounter", "s m m m"), ("restartlist", "m"),
                       ("usecounter", "m"), ("makelabel", "m")):
        L.ignore(name, spec)
