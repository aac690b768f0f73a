"""The index: \\index{entry} with makeidx syntax, \\makeindex, \\printindex, several indexes
(imakeidx's \\index[name]{...} and \\makeindex[name=...,title=...], the index package's
\\newindex), \\indexsee/\\indexseealso, hyperref's \\hyperpage encap, \\glossary (ignored).

Contract: ``\\index{a@b!c|encap}`` adds an `IndexMark` where it stands (at the end of the
previous paragraph when it comes between paragraphs) with ``path`` = one
``(sort_key, inlines)`` per level (``a!b!c``; the sort key is the text before ``@`` or
empty), ``see``/``see_also`` inlines for ``|see{x}``/``|seealso{x}``, ``range`` 'open'
or 'close' for ``|(`` and ``|)``, ``encap`` the command name of ``|textbf`` etc., and
``raw`` the argument as written (a bare ``|)`` takes the encap of the ``|(enc`` it
closes, as makeindex pairs them).  ``"`` quotes the next character at any brace depth (``"!`` is a
literal !), whether ``"`` is an ordinary or an active (babel) character; ``\\"`` is an accent.
The argument is split at the token level and never expanded, so an entry written
through a macro (\\newcommand\\indexdef[1]{\\index{#1|defstyle}}) works the same.
Entry texts are digested like any text (math, fonts).  \\printindex[name] starts the unnumbered
unit LaTeX's theindex starts (\\chapter*{\\indexname} with chapters, \\section*
otherwise; the index's own title when imakeidx/index gave one) and leaves in it an
untitled `IndexBlock` the index transform fills.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK
from octavo.tex import catcodes as C
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import CS, RUN, Token, split_run, to_str

MAX_LEVELS = 3


def flatten(tokens: list) -> list:
    """Runs split into single character tokens."""
    out = []
    for t in tokens:
        if t.cat == RUN:
            out.extend(split_run(t))
        else:
            out.append(t)
    return out


def _is(t: Token, ch: str) -> bool:
    return t.cat in (C.OTHER, C.LETTER, C.ACTIVE) and t.text == ch


def split_entry(tokens: list) -> tuple[list, list | None]:
    """Split an \\index argument into levels ``[(sort tokens or None, text tokens)]`` and
    the encap tokens after ``|`` (None when there is no ``|``)."""
    # runs stay whole unless they hold a character that matters here
    toks = []
    for tk in tokens:
        if tk.cat == RUN and any(c in tk.text for c in '"!@|'):
            toks.extend(split_run(tk))
        else:
            toks.append(tk)
    levels: list = []
    sort = None
    cur: list = []
    encap = None
    depth = 0
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        i += 1
        if t.cat == C.BEGIN:
            depth += 1
        elif t.cat == C.END:
            depth -= 1
        elif _is(t, '"'):
            # the quote works at any depth (as in makeindex): the next token is literal
            if i < n:
                cur.append(toks[i])
                i += 1
            continue
        elif depth == 0 and t.cat != CS:
            if _is(t, "|"):
                encap = toks[i:]
                break
            if _is(t, "!"):
                levels.append((sort, cur))
                sort, cur = None, []
                continue
            if _is(t, "@") and sort is None:
                sort, cur = cur, []
                continue
        cur.append(t)
    levels.append((sort, cur))
    return levels, encap


def parse_encap(tokens: list) -> tuple[str, str, list | None, list | None]:
    """(range, encap, see tokens, see-also tokens) of what follows ``|``."""
    toks = flatten(tokens)
    while toks and toks[0].cat == C.SPACE:
        toks.pop(0)
    rng = ""
    if toks and toks[0].cat != CS and toks[0].text in "()":
        rng = "open" if toks[0].text == "(" else "close"
        toks = toks[1:]
    word = []
    j = 0
    while j < len(toks) and toks[j].cat == C.LETTER:
        word.append(toks[j].text)
        j += 1
    name = "".join(word)
    rest = toks[j:]
    while rest and rest[0].cat == C.SPACE:
        rest = rest[1:]
    if name in ("see", "seealso") and rest and rest[0].cat == C.BEGIN:
        depth = 0
        for k, t in enumerate(rest):
            if t.cat == C.BEGIN:
                depth += 1
            elif t.cat == C.END:
                depth -= 1
                if depth == 0:
                    body = rest[1:k]
                    return rng, "", (body if name == "see" else None), (body if name == "seealso" else None)
        body = rest[1:]
        return rng, "", (body if name == "see" else None), (body if name == "seealso" else None)
    encap = to_str(toks).strip()
    if encap.startswith("\\"):
        encap = encap[1:].strip()
    return rng, encap, None, None


def _strip_blanks(tokens: list) -> list:
    toks = list(tokens)
    while toks and toks[0].cat == C.SPACE:
        toks.pop(0)
    while toks and toks[-1].cat == C.SPACE:
        toks.pop()
    return toks


def place_inline(L, node: N.Node, t: Token) -> None:
    """Add an invisible inline: between paragraphs it joins the end of the previous
    paragraph instead of opening an empty one."""
    b = L.builder
    fr = b.frames[-1]
    if fr.kind == BLOCK and fr.items and isinstance(fr.items[-1], N.Paragraph):
        fr.items[-1].children.append(node)
        return
    b.add_inline(node, t)


def _shown(raw: str, most: int = 80) -> str:
    """An entry as quoted in a message: its start, not 40 kB of it."""
    return raw if len(raw) <= most else raw[:most] + "..."


def make_mark(L, t: Token, index_name: str, arg: list, place=None) -> N.IndexMark | None:
    """Make the mark; ``place(mark)`` puts it in the tree before its texts are digested
    (a capture opens a frame at once, so the mark must be placed first)."""
    raw = to_str(arg).strip()
    mark = N.IndexMark(index=index_name or "default", raw=raw, loc=L.loc(t))
    levels, encap = split_entry(arg)
    if len(levels) > MAX_LEVELS:
        L.reporter.warning("W-INDEX-LEVELS", f"index entry '{_shown(raw)}' has more than {MAX_LEVELS} "
                           "levels; the deeper ones are joined to the third", L.loc(t))
        joined = list(levels[MAX_LEVELS - 1][1])
        for s, txt in levels[MAX_LEVELS:]:  # extended in place: 20,000 levels took 6 s
            joined += [Token(C.OTHER, ","), Token(C.SPACE, " ")]
            joined += txt
        levels = levels[:MAX_LEVELS - 1] + [(levels[MAX_LEVELS - 1][0], joined)]
    if encap is not None:
        rng, enc, see, see_also = parse_encap(encap)
        mark.range = rng
        mark.encap = enc
        if rng:
            _pair_range(L, mark, levels)
    else:
        see = see_also = None
    mark.path = [("", []) for _ in levels]
    captures = []
    for i, (sort, text) in enumerate(levels):
        text = _strip_blanks(text)
        key = L.string(sort, expand=False).strip() if sort is not None else ""
        if not text and sort is not None:
            text = _strip_blanks(sort)
        captures.append((i, key, text))
    if all(not txt for _, _, txt in captures):
        L.reporter.warning("W-INDEX-EMPTY", f"empty index entry '{_shown(raw)}' is ignored", L.loc(t))
        return None
    if place is not None:
        place(mark)
    for i, key, text in captures:
        def done(inlines, i=i, key=key):
            mark.path[i] = (key, inlines)
        L.inlines(text, done, t)
    if see is not None:
        L.inlines(_strip_blanks(see), lambda inl: setattr(mark, "see", inl), t)
    if see_also is not None:
        L.inlines(_strip_blanks(see_also), lambda inl: setattr(mark, "see_also", inl), t)
    return mark


def _pair_range(L, mark: N.IndexMark, levels: list) -> None:
    """makeindex closes ``|(textbf`` with a bare ``|)``: the closing mark takes the
    encap of the range it closes, so both halves agree."""
    key = (mark.index,) + tuple((to_str(s) if s is not None else None, to_str(txt).strip())
                                for s, txt in levels)
    stack = L.data.setdefault("index_open_ranges", {}).setdefault(key, [])
    if mark.range == "open":
        stack.append(mark.encap)
    elif stack:
        if mark.encap and mark.encap in stack:
            stack.reverse()
            stack.remove(mark.encap)
            stack.reverse()
        else:
            mark.encap = stack.pop()


def index(L, t, name, arg) -> None:
    if not L.data.get("index_enabled", True):
        return
    iname = L.string(name, expand=False).strip() if name else "default"
    make_mark(L, t, iname, arg or [], lambda m: place_inline(L, m, t))


def _keyvals(text: str) -> dict:
    from octavo.latex.kernel.verbatim import keyvals
    return keyvals(text)


def makeindex(L, t, opts) -> None:
    """\\makeindex[name=x,title=Y] (imakeidx) records the index and its title."""
    if not opts:
        return
    kv = _keyvals(to_str(opts))
    name = kv.get("name", "default").strip() or "default"
    title = kv.get("title")
    if title is not None:
        L.data.setdefault("index_titles", {})[name] = tokenize_string(title)
    else:
        L.data.setdefault("index_titles", {}).setdefault(name, None)


def newindex(L, t, tag, ext_in, ext_out, title) -> None:
    """The index package: \\newindex{tag}{ext}{ext}{title}."""
    name = L.string(tag, expand=False).strip() or "default"
    L.data.setdefault("index_titles", {})[name] = list(title or [])


def printindex(L, t, opt) -> None:
    name = "default"
    if opt:
        s = to_str(opt).strip()
        kv = _keyvals(s) if "=" in s else {}
        name = (kv.get("name", "") if kv else s).strip() or "default"
    title = L.data.get("index_titles", {}).get(name)
    if title is None:
        title = [Token(CS, "indexname")]
    # theindex starts \\chapter*{\\indexname} (\\section* in articles): the unit is the
    # heading, the IndexBlock has no title of its own
    from octavo.latex.kernel.sectioning import open_unit
    block = N.IndexBlock(name=name, loc=L.loc(t))
    open_unit(L, t, title, "index", then=lambda: L.builder.add_block(block))


def see(L, t, what, page) -> None:
    """makeidx's \\see{x}{page}: "see x" (the page is not shown)."""
    L.engine.push([Token(CS, "emph"), Token(C.BEGIN, "{"), Token(CS, "seename"), Token(C.END, "}"),
                   Token(C.SPACE, " ")] + list(what or []))


def seealso(L, t, what, page) -> None:
    L.engine.push([Token(CS, "emph"), Token(C.BEGIN, "{"), Token(CS, "alsoname"), Token(C.END, "}"),
                   Token(C.SPACE, " ")] + list(what or []))


def indexsee(kind: str):
    """\\indexsee{entry}{target} / \\indexseealso: a cross-reference entry."""
    def handler(L, t, name, entry, target):
        body = list(entry or []) + [Token(C.OTHER, "|")] + [Token(C.LETTER, c) for c in kind] + \
            [Token(C.BEGIN, "{")] + list(target or []) + [Token(C.END, "}")]
        index(L, t, name, body)
    return handler


def install(L) -> None:
    eng = L.engine
    L.command("index", "o m", index)
    L.command("makeindex", "o", makeindex)
    L.command("newindex", "m m m m", newindex)
    L.command("renewindex", "m m m m", newindex)
    L.command("printindex", "o", printindex)
    L.command("see", "m m", see)
    L.command("seealso", "m m", seealso)
    L.command("indexsee", "o m m", indexsee("see"))
    L.command("indexseealso", "o m m", indexsee("seealso"))
    L.passthrough("hyperpage", "m")
    L.passthrough("hyperindexformat", "m m")
    for name, spec in (("glossary", "m"), ("makeglossary", ""), ("indexspace", ""),
                       ("indexsetup", "m"), ("indexprologue", "o m"), ("splitindex", "o"),
                       ("indexentry", "m m")):
        L.ignore(name, spec)
    for name, default in (("seename", "see"), ("alsoname", "see also"), ("indexname", "Index")):
        if name not in eng.state.meanings:
            eng.define_macro(name, default)
