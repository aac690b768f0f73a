"""Citations and bibliographies as data.

Contract:

- \\cite[post]{a,b}, \\cite[pre][post]{...}, natbib's \\citet \\citep \\citealt \\citealp
  \\citeauthor \\citeyear \\citeyearpar \\citenum and their capitalised and starred forms,
  biblatex's \\parencite \\textcite \\autocite \\smartcite \\supercite \\footcite \\cites
  (several keys with notes each), amsrefs' ``\\cite{key}*{post}``, \\nocite → a `Cite`
  (keys as written, mode = the command name, ``*`` appended for starred forms, prenote
  and postnote digested to inlines).  \\footcite puts its Cite in a footnote.
- thebibliography{widest} with \\bibitem[label]{key} → a `Bibliography` (title from
  \\bibname in books, \\refname otherwise) whose `BibEntry` children are the item texts.
  Every bibliography with a heading starts the unnumbered unit LaTeX gives it
  (\\chapter*{\\bibname} / \\section*{\\refname}: sectioning.open_unit), so the
  Bibliography node itself carries no title.
- \\bibliography{a,b} (+ \\bibliographystyle, before or after) and biblatex's
  \\addbibresource + \\printbibliography → a `Bibliography` with ``sources`` (paths of the
  .bib files relative to the source root, found like TeX finds them, confined) and
  ``style``; the citations transform formats them.  A missing .bib file warns at the
  command; when none is found, the document's own ``<jobname>.bbl`` is read instead.
- amsrefs: bibdiv/bibsection/bibchapter give the title, biblist collects
  \\bib{key}{type}{fields} as formatted BibEntries (labels by the package's
  alphabetic/shortalphabetic option, else numbers given by the transform).
"""

from __future__ import annotations

import os

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK, PARA, Frame
from octavo.errors import OctavoError
from octavo.tex import catcodes as C
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import CS, Token, strip_outer_braces, to_str

CITE_COMMANDS = (
    "cite", "citet", "citep", "citealt", "citealp", "citeauthor", "citeyear", "citeyearpar",
    "citenum", "Citet", "Citep", "Citealt", "Citealp", "Citeauthor", "citetitle", "citedate",
    "parencite", "Parencite", "textcite", "Textcite", "autocite", "Autocite", "smartcite",
    "Smartcite", "supercite", "Cite",
)
MULTI_CITE = ("cites", "Cites", "parencites", "Parencites", "textcites", "Textcites",
              "autocites", "Autocites")
BIBLATEX_STYLES_AUTHORYEAR = ("authoryear", "authortitle", "apa", "chicago", "verbose")


# --------------------------------------------------------------------------- citations

def _keys(L, tokens) -> list:
    s = L.string(tokens, expand=False)
    return [k.strip() for k in s.split(",") if k.strip()]


def _peek_raw(L, ch: str) -> bool:
    """True (and consumed) if the very next token is the character ``ch`` (no blanks
    skipped, so the space after a citation stays)."""
    eng = L.engine
    nt = eng.get_token()
    if nt is None:
        return False
    if nt.cat in (C.OTHER, C.LETTER) and nt.text == ch:
        return True
    eng.push_one(nt)
    return False


def add_cite(L, t, mode: str, keys: list, pre, post, place=None) -> N.Cite:
    node = N.Cite(keys=keys, mode=mode, loc=L.loc(t))
    if place is None:
        from octavo.latex.kernel.index import place_inline
        if mode == "nocite":
            place_inline(L, node, t)
        else:
            L.builder.add_inline(node, t)
    else:
        place(node)
    if pre:
        L.inlines(pre, lambda inl: setattr(node, "prenote", inl), t)
    if post:
        L.inlines(post, lambda inl: setattr(node, "postnote", inl), t)
    return node


def cite_command(mode: str):
    def handler(L, t, star, o1, o2, keys):
        pre, post = (o1, o2) if o2 is not None else (None, o1)
        if "amsrefs" in L.packages and _peek_raw(L, "*"):
            post = L.engine.read_undelimited(t)
        add_cite(L, t, mode + ("*" if star else ""), _keys(L, keys), pre, post)
    return handler


def multi_cite(mode: str):
    """\\cites(pre)(post)[pre][post]{k1}[pre][post]{k2}...: one Cite, all keys."""
    def handler(L, t):
        eng = L.engine
        keys, first_pre, last_post = [], None, None
        # the global notes in parentheses
        for _ in range(2):
            nt = eng.skip_spaces()
            if nt is not None and nt.cat == C.OTHER and nt.text == "(":
                eng.get_token()
                from octavo.tex.argspec import read_until_char
                read_until_char(eng, ")", t)
        first = True
        while True:
            nt = eng.skip_spaces() if first else _next_nonspace_is_arg(L)
            if nt is None or not (nt.cat == C.BEGIN or (nt.cat == C.OTHER and nt.text == "[")):
                break
            o1 = eng.read_optional(t)
            o2 = eng.read_optional(t)
            pre, post = (o1, o2) if o2 is not None else (None, o1)
            k = eng.read_undelimited(t)
            if first:
                first_pre = pre
            last_post = post
            keys.extend(_keys(L, k))
            first = False
        add_cite(L, t, mode, keys, first_pre, last_post)
    return handler


def _next_nonspace_is_arg(L):
    """Peek past blanks for another [ or { of \\cites; the blanks stay when there is none."""
    eng = L.engine
    spaces = []
    while True:
        nt = eng.get_token()
        if nt is None:
            break
        if nt.cat == C.SPACE:
            spaces.append(nt)
            continue
        eng.push_one(nt)
        if nt.cat == C.BEGIN or (nt.cat == C.OTHER and nt.text == "["):
            return nt
        break
    for sp in reversed(spaces[:1]):
        eng.push_one(sp)
    return None


def nocite(L, t, keys) -> None:
    add_cite(L, t, "nocite", _keys(L, keys), None, None)


def footcite(L, t, star, o1, o2, keys) -> None:
    """\\footcite: a footnote whose text is the citation."""
    from octavo.latex.kernel import counters
    pre, post = (o1, o2) if o2 is not None else (None, o1)
    mark = ""
    if counters.exists(L, "footnote"):
        counters.step(L, "footnote", t)
        mark = counters.formatted(L, "footnote")
    note = N.Note(kind="footnote", mark=mark, loc=L.loc(t))
    L.builder.add_inline(note, t)
    para = N.Paragraph(loc=L.loc(t))
    note.children = [para]
    add_cite(L, t, "footcite", _keys(L, keys), pre, post, place=lambda c: para.children.append(c))


# --------------------------------------------------------------------------- titles

def _title_tokens(L) -> list:
    return [Token(CS, "bibname" if L.data.get("booklike") else "refname")]


def _heading(L, tokens, t, level_shift: int = 0, in_toc: bool | None = None, then=None) -> None:
    """The unnumbered unit a bibliography starts, as in LaTeX: \\chapter*{\\bibname} in
    classes with chapters, \\section*{\\refname} otherwise (the Bibliography node itself
    then has no title of its own).  ``then()`` adds the unit's content: it must run
    before the title is read (see sectioning.start_section)."""
    if tokens:
        from octavo.latex.kernel.sectioning import open_unit
        open_unit(L, t, tokens, "bib", level_shift=level_shift, in_toc=in_toc, then=then)
    elif then is not None:
        then()


# --------------------------------------------------------------------------- thebibliography

def thebibliography_begin(L, t, g, widest) -> None:
    b = L.builder
    title = L.data.pop("amsrefs_title", None)
    bib = N.Bibliography(loc=L.loc(t), style=L.data.get("bibstyle", ""))
    state = {"bib": bib, "entry": None}
    catcher = N.Div(classes=["capture"])

    def fill():
        b.add_block(bib)
        b.open_detached(catcher, BLOCK, group=g, on_close=lambda node: _flush(L, state, catcher))
        L.data.setdefault("thebib_stack", []).append((state, catcher))
    _heading(L, title if title is not None else _title_tokens(L), t, then=fill)


def thebibliography_end(L, t, g) -> None:
    L.builder.block_frame()
    stack = L.data.get("thebib_stack")
    if stack:
        stack.pop()


def _flush(L, state: dict, catcher: N.Div) -> None:
    """Move paragraphs that followed a blank line inside an entry into that entry."""
    kids = catcher.children
    if not kids:
        return
    catcher.children = []
    entry = state["entry"]
    for blk in kids:
        if isinstance(blk, N.Paragraph):
            if entry is None:
                if blk.children:
                    L.reporter.warning("W-BIB-CONTENT", "text before the first \\bibitem is dropped",
                                       blk.loc)
                continue
            if entry.children:
                entry.children.append(N.Text(text=" "))
            entry.children.extend(blk.children)
        else:
            L.reporter.warning("W-BIB-CONTENT", f"a {type(blk).__name__} inside a bibliography "
                               "entry is not kept", blk.loc)


def bibitem(L, t, label, key) -> None:
    stack = L.data.get("thebib_stack")
    if not stack:
        L.reporter.warning("W-BIBITEM", "\\bibitem outside a bibliography", L.loc(t))
        return
    state, catcher = stack[-1]
    b = L.builder
    b.block_frame()
    _flush(L, state, catcher)
    entry = N.BibEntry(key=L.string(key, expand=False).strip(),
                       label=L.string(label).strip() if label is not None else "", loc=L.loc(t))
    state["bib"].entries.append(entry)
    state["entry"] = entry
    b.frames.append(Frame(entry, PARA))
    b.mode = "horizontal"


# --------------------------------------------------------------------------- .bib sources

def _resolve_bib(L, name: str, t) -> str | None:
    files = L.engine.files
    name = name.strip()
    if not name or files is None:
        return None
    try:
        path = files.resolve(name, L.loc(t), exts=(".bib",))
    except OctavoError as e:
        L.reporter.error(e.code, e.message, L.loc(t))
        return None
    if path is None:
        L.reporter.warning("W-BIB-MISSING", f"bibliography file '{name}' not found", L.loc(t))
        return None
    rel = os.path.relpath(path, files.root)
    return rel.replace(os.sep, "/")


def bibliographystyle(L, t, arg) -> None:
    style = L.string(arg).strip()
    L.data["bibstyle"] = style
    for bib in L.data.get("bib_nodes", []):
        if not bib.style:
            bib.style = style


def bibliography(L, t, arg) -> None:
    names = [n for n in L.string(arg).split(",") if n.strip()]
    if "biblatex" in L.packages:
        # biblatex's legacy form: a resource declaration
        for n in names:
            rel = _resolve_bib(L, n, t)
            if rel:
                L.data.setdefault("bibresources", []).append(rel)
        return
    sources = [s for s in (_resolve_bib(L, n, t) for n in names) if s]
    if not sources and _input_bbl(L, t):
        return
    bib = N.Bibliography(sources=sources, style=L.data.get("bibstyle", ""), loc=L.loc(t))
    L.data.setdefault("bib_nodes", []).append(bib)
    _heading(L, _title_tokens(L), t, then=lambda: L.builder.add_block(bib))


def _input_bbl(L, t) -> bool:
    files = L.engine.files
    if files is None:
        return False
    try:
        path = files.resolve(L.engine.jobname + ".bbl", L.loc(t), exts=())
    except OctavoError:
        return False
    if path is None:
        return False
    return L.engine.input_file(L.engine.jobname + ".bbl", t, exts=(), missing_ok=True)


def addbibresource(L, t, opts, arg) -> None:
    rel = _resolve_bib(L, L.string(arg).strip(), t)
    if rel:
        L.data.setdefault("bibresources", []).append(rel)


def _biblatex_style(L) -> str:
    from octavo.latex.kernel.verbatim import keyvals
    kv = keyvals(",".join(L.packages.get("biblatex", [])))
    return (kv.get("style") or kv.get("bibstyle") or "numeric").strip()


def printbibliography(L, t, opts) -> None:
    from octavo.latex.kernel.verbatim import keyvals
    kv = keyvals(to_str(opts)) if opts else {}
    bib = N.Bibliography(sources=list(L.data.get("bibresources", [])), style=_biblatex_style(L),
                         loc=L.loc(t))
    heading = kv.get("heading", "bibliography").strip()
    if heading == "none":
        L.builder.add_block(bib)
        return
    # biblatex's predefined headings: sub* one level down, *intoc in the contents
    title = tokenize_string(kv["title"]) if "title" in kv else _title_tokens(L)
    _heading(L, title, t, level_shift=1 if heading.startswith("sub") else 0,
             in_toc=True if heading.endswith("intoc") else None,
             then=lambda: L.builder.add_block(bib))


# --------------------------------------------------------------------------- amsrefs

def bibdiv_begin(kind: str):
    """bibdiv (\\section*{\\refname}) and bibchapter (\\chapter*{\\bibname}) start the
    unit; the lists inside add no heading of their own."""
    def begin(L, t, g, title):
        if title is None:
            title = [Token(CS, "bibname")] if kind == "chapter" else [Token(CS, "refname")]
        from octavo.latex.kernel.sectioning import open_unit
        open_unit(L, t, title, "bib")
        L.data["amsrefs_title"] = []
    return begin


def bibdiv_end(L, t, g) -> None:
    L.data.pop("amsrefs_title", None)


def biblist_begin(L, t, g, opt) -> None:
    title = L.data.pop("amsrefs_title", None)
    bib = N.Bibliography(loc=L.loc(t), style="amsrefs")
    _heading(L, title, t, then=lambda: L.builder.add_block(bib))
    L.data.setdefault("biblist_stack", []).append(bib)


def biblist_end(L, t, g) -> None:
    stack = L.data.get("biblist_stack")
    if not stack:
        return
    bib = stack.pop()
    lasts = L.data.pop("biblist_lasts", {})
    opts = set(L.packages.get("amsrefs", []))
    if "shortalphabetic" in opts or "alphabetic" in opts:
        _alpha_labels(bib, lasts, short="shortalphabetic" in opts)
    for e in bib.entries:
        e.author_year = (_and_names(lasts.get(id(e), [])), e.author_year[1])


def _alpha_labels(bib: N.Bibliography, all_lasts: dict, short: bool) -> None:
    bases = []
    for e in bib.entries:
        lasts = all_lasts.get(id(e), [])
        base = "".join(n[:1].upper() for n in lasts[:3] if n) or e.key[:3]
        if not short:
            year = e.author_year[1]
            base += year[-2:] if len(year) >= 2 else ""
        bases.append(base)
    counts: dict = {}
    for b in bases:
        counts[b] = counts.get(b, 0) + 1
    seen: dict = {}
    for e, b in zip(bib.entries, bases):
        if counts[b] > 1:
            seen[b] = seen.get(b, 0) + 1
            e.label = f"{b}{seen[b]}" if short else f"{b}{chr(96 + seen[b])}"
        else:
            e.label = b


def _and_names(names: list) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _split_fields(tokens: list) -> list:
    """``key={value}, key=value`` at depth 0 -> [(key, value tokens)]."""
    from octavo.latex.kernel.index import flatten
    out = []
    cur: list = []
    depth = 0
    parts = []
    for tk in flatten(tokens):
        if tk.cat == C.BEGIN:
            depth += 1
        elif tk.cat == C.END:
            depth -= 1
        if depth == 0 and tk.cat == C.OTHER and tk.text == ",":
            parts.append(cur)
            cur = []
            continue
        cur.append(tk)
    parts.append(cur)
    for p in parts:
        eq = next((i for i, tk in enumerate(p) if tk.cat == C.OTHER and tk.text == "="), None)
        if eq is None:
            continue
        key = "".join(tk.text for tk in p[:eq] if tk.cat != C.SPACE).strip().lower()
        val = p[eq + 1:]
        while val and val[0].cat == C.SPACE:
            val = val[1:]
        while val and val[-1].cat == C.SPACE:
            val = val[:-1]
        val = strip_outer_braces(val)
        out.append((key, val))
    return out


def _text(s: str) -> list:
    """Tokens of literal text, keeping blanks at both ends."""
    core = s.strip(" ")
    lead = len(s) - len(s.lstrip(" "))
    trail = len(s) - len(s.rstrip(" ")) if core else 0
    return [Token(C.SPACE, " ")] * min(lead, 1) + (tokenize_string(core) if core else []) + \
        [Token(C.SPACE, " ")] * min(trail, 1)


def _name_tokens(L, val: list) -> tuple[list, str]:
    """'Last, First' -> tokens of 'First Last', and the last name as a string."""
    from octavo.latex.kernel.index import flatten
    toks = flatten(val)
    depth = 0
    for i, tk in enumerate(toks):
        if tk.cat == C.BEGIN:
            depth += 1
        elif tk.cat == C.END:
            depth -= 1
        elif depth == 0 and tk.cat == C.OTHER and tk.text == ",":
            last, first = toks[:i], toks[i + 1:]
            while first and first[0].cat == C.SPACE:
                first = first[1:]
            return first + [Token(C.SPACE, " ")] + last, L.string(last, expand=False).strip()
    words = L.string(toks, expand=False).split()
    return toks, (words[-1] if words else "")


_ORDINAL = {"1": "1st", "2": "2nd", "3": "3rd"}


def _edition(L, val: list) -> list:
    s = L.string(val, expand=False).strip()
    if s.isdigit():
        n = int(s)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return _text(f"{n}{suffix} ed.")
    return list(val) + _text(" ed.")


def bib(L, t, star, key, kind, fields) -> None:
    stack = L.data.get("biblist_stack")
    if not stack:
        L.reporter.warning("W-BIBITEM", "\\bib outside a biblist environment", L.loc(t))
        return
    bibnode = stack[-1]
    f = _split_fields(fields or [])
    typ = L.string(kind, expand=False).strip().lower()
    authors = [v for k, v in f if k == "author"] or [v for k, v in f if k == "editor"]
    one = {}
    for k, v in f:
        one.setdefault(k, v)
    names, lasts = [], []
    for a in authors:
        toks, last = _name_tokens(L, a)
        names.append(toks)
        lasts.append(last)
    parts: list = []
    if names:
        joined: list = []
        for i, nm in enumerate(names):
            if i:
                joined += _text(" and " if len(names) == 2 else (", and " if i == len(names) - 1 else ", "))
            joined += nm
        parts.append(joined)
    if "title" in one:
        title = [Token(CS, "textit"), Token(C.BEGIN, "{")] + list(one["title"]) + [Token(C.END, "}")]
        if "subtitle" in one:
            title += _text(": ") + [Token(CS, "textit"), Token(C.BEGIN, "{")] + list(one["subtitle"]) + \
                [Token(C.END, "}")]
        parts.append(title)
    date = one.get("date") or one.get("year") or []
    if "journal" in one or "booktitle" in one:
        j = list(one.get("journal") or one.get("booktitle"))
        if "volume" in one:
            j += _text(" ") + list(one["volume"])
        if date:
            j += _text(" (") + list(date) + _text(")")
        parts.append(j)
        if "number" in one and "volume" not in one:
            parts.append(_text("no. ") + list(one["number"]))
    if "edition" in one:
        parts.append(_edition(L, one["edition"]))
    for k in ("series", "publisher", "organization", "institution", "school", "place", "address"):
        if k in one:
            parts.append(list(one[k]))
    if date and not ("journal" in one or "booktitle" in one):
        parts.append(list(date))
    if "pages" in one and ("journal" in one or "booktitle" in one):
        parts.append(list(one["pages"]))
    body: list = []
    for i, p in enumerate(parts):
        if i:
            body += _text(", ")
        body += p
    for k in ("note", "status", "eprint", "url"):
        if k in one:
            if body:
                body += _text(". ")
            body += ([Token(CS, "url"), Token(C.BEGIN, "{")] + list(one[k]) + [Token(C.END, "}")]
                     if k == "url" else list(one[k]))
    if body:
        body += _text(".")
    year = L.string(date, expand=False).strip()[:4] if date else ""
    entry = N.BibEntry(key=L.string(key, expand=False).strip(), loc=L.loc(t), author_year=("", year))
    bibnode.entries.append(entry)
    L.data.setdefault("biblist_lasts", {})[id(entry)] = lasts
    if typ and typ not in _AMSREFS_TYPES:
        L.warn_once("W-BIB-TYPE", f"unknown amsrefs entry type '{typ}'", t, ("bibtype", typ))
    L.inlines(body, lambda inl: setattr(entry, "children", inl), t)


_AMSREFS_TYPES = {"article", "book", "misc", "report", "techreport", "thesis", "inproceedings",
                  "incollection", "collection", "proceedings", "unpublished", "manual",
                  "innerbook", "partial", "conference", "periodical", "webpage", "online"}


# --------------------------------------------------------------------------- install

def install(L) -> None:
    for name in CITE_COMMANDS:
        L.command(name, "s o o m", cite_command(name))
    for name in MULTI_CITE:
        L.command(name, "", multi_cite(name))
    L.command("nocite", "m", nocite)
    L.command("footcite", "s o o m", footcite)
    L.command("footcitetext", "s o o m", footcite)
    L.environment("thebibliography", begin=thebibliography_begin, end=thebibliography_end, spec="m")
    L.command("bibitem", "o m", bibitem)
    L.command("newblock", "", lambda L, t: L.engine.sink.space(t))
    L.command("bibliography", "m", bibliography)
    L.command("bibliographystyle", "m", bibliographystyle)
    L.command("addbibresource", "o m", addbibresource)
    L.command("addglobalbib", "o m", addbibresource)
    L.command("printbibliography", "o", printbibliography)
    for name in ("bibdiv", "bibsection"):
        L.environment(name, begin=bibdiv_begin("section"), end=bibdiv_end, spec="o")
    L.environment("bibchapter", begin=bibdiv_begin("chapter"), end=bibdiv_end, spec="o")
    L.environment("biblist", begin=biblist_begin, end=biblist_end, spec="o")
    L.command("bib", "s m m m", bib)
    for name, spec in (("bibpunct", "o m m m m m m"), ("setcitestyle", "m"), ("citestyle", "m"),
                       ("defbibheading", "m o m"), ("defbibnote", "m m"), ("ExecuteBibliographyOptions", "o m"),
                       ("DeclareFieldFormat", "o m m"), ("renewbibmacro", "s m m"),
                       ("newbibmacro", "s m o o m"), ("AtEveryBibitem", "m"), ("AtEveryCitekey", "m"),
                       ("DeclareNameAlias", "m m"), ("bibliographyunit", "o"), ("citeindextrue", ""),
                       ("citeindexfalse", ""), ("DeclareSourcemap", "m"), ("defbibfilter", "m m"),
                       ("DeclareBibliographyCategory", "m"), ("addtocategory", "m m"),
                       ("BibSpec", "m m"), ("DefineName", "m m"), ("bibselect", "m"),
                       ("printbibheading", "o")):
        L.ignore(name, spec)
    L.command("defcitealias", "m m", lambda L, t, k, v: L.data.setdefault("citealias", {}).__setitem__(
        L.string(k, expand=False).strip(), list(v or [])))
    L.command("citetalias", "o o m", _citealias(False))
    L.command("citepalias", "o o m", _citealias(True))
    eng = L.engine
    for name, default in (("refname", "References"), ("bibname", "Bibliography")):
        if name not in eng.state.meanings:
            eng.define_macro(name, default)


def _citealias(paren: bool):
    def handler(L, t, o1, o2, key):
        k = L.string(key, expand=False).strip()
        text = L.data.get("citealias", {}).get(k)
        if text is None:
            add_cite(L, t, "citep" if paren else "citet", [k], None, None)
            return
        toks = list(text)
        if paren:
            toks = [Token(C.OTHER, "(")] + toks + [Token(C.OTHER, ")")]
        L.engine.push(toks)
    return handler
