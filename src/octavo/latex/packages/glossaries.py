"""glossaries (and glossaries-extra basics): entries become text, the glossary a list.

- ``\\newglossaryentry{label}{name=..., description=..., text=..., plural=..., symbol=...}``
  and ``\\newacronym[opts]{label}{short}{long}`` record entries (per conversion, in
  ``L.data['glossaries']``); ``\\loadglsentries{file}`` reads the file that holds them;
- ``\\gls{label}`` prints the entry's text (its name unless ``text=`` is given; an acronym
  prints "long (short)" on first use, then "short"), \\glspl the plural, \\glsname,
  \\glssymbol, \\glsdesc and the \\glsentry... forms the fields, \\glslink{label}{text}
  its text; the capitalised forms (\\Gls ...) capitalise the first letter where it is plain;
- ``\\glsadd{label}`` / \\glsaddall only mark entries as used;
- ``\\printglossary[title=...]`` (and \\printglossaries, \\printnoidxglossary) prints an
  unnumbered heading (a chapter in classes with chapters) and a description list of the
  used entries -- name, then description -- in the order of first use (sort=use) or of
  definition; unknown labels warn ``W-GLOSSARY`` once and show the label.
"""

from __future__ import annotations

from octavo.latex.kernel import counters
from octavo.latex.kernel.blocks import keyvals
from octavo.tex import catcodes as C
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import CS, Token


def _data(L) -> dict:
    return L.data.setdefault("glossaries", {"entries": {}, "order": [], "used": [], "first": set()})


def _toks(s: str) -> list:
    return list(tokenize_string(s))


def _label(L, tokens) -> str:
    return L.string(tokens).strip()


def new_entry(L, t, label, kv) -> None:
    d = _data(L)
    name = _label(L, label)
    fields = {k: v or [] for k, v in keyvals(kv)}
    if "name" not in fields:
        fields["name"] = _toks(name)
    d["entries"][name] = fields
    if name not in d["order"]:
        d["order"].append(name)


def new_acronym(L, t, opts, label, short, long) -> None:
    d = _data(L)
    name = _label(L, label)
    fields = {k: v or [] for k, v in keyvals(opts)} if opts else {}
    fields.update({"name": list(short), "short": list(short), "long": list(long), "acronym": True})
    fields.setdefault("description", list(long))
    d["entries"][name] = fields
    if name not in d["order"]:
        d["order"].append(name)


def _use(L, name: str) -> None:
    d = _data(L)
    if name not in d["used"]:
        d["used"].append(name)


def _entry(L, t, name: str):
    e = _data(L)["entries"].get(name)
    if e is None:
        L.warn_once("W-GLOSSARY", f"glossary entry {name!r} is not defined", t, ("gls", name))
    return e


def _capitalise(tokens: list) -> list:
    out = list(tokens)
    for i, tk in enumerate(out):
        if tk.cat == C.SPACE:
            continue
        if tk.cat in (C.LETTER, 17) and tk.text:
            out[i] = Token(tk.cat, tk.text[:1].upper() + tk.text[1:], tk.src, tk.pos)
        break
    return out


def reference(field: str, upper: bool = False, mark: bool = True):
    """\\gls-like command printing ``field`` of the entry (with fallbacks)."""
    def handler(L, t, star, opts, label, extra=None):
        name = _label(L, label)
        e = _entry(L, t, name)
        if e is None:
            L.engine.push(_toks(name))
            return
        if mark:
            _use(L, name)
        d = _data(L)
        if e.get("acronym") and field in ("text", "plural"):
            first = name not in d["first"]
            d["first"].add(name)
            toks = (e["long"] + [Token(C.SPACE, " ")] + _toks("(") + e["short"] + _toks(")")) if first else e["short"]
            if field == "plural":
                toks = toks + _toks("s")
        elif field == "text":
            toks = e.get("text") or e.get("name") or []
        elif field == "plural":
            toks = e.get("plural") or ((e.get("text") or e.get("name") or []) + _toks("s"))
        else:
            toks = e.get(field) or []
        toks = list(toks)
        if upper:
            toks = _capitalise(toks)
        if extra:
            toks = toks + list(extra)
        L.engine.push([Token(C.BEGIN, "{")] + toks + [Token(C.END, "}")])
    return handler


def glsadd(L, t, opts, label) -> None:
    name = _label(L, label)
    if _entry(L, t, name) is not None:
        _use(L, name)


def glsaddall(L, t, opts) -> None:
    for name in _data(L)["order"]:
        _use(L, name)


def glslink(L, t, star, opts, label, text) -> None:
    _use(L, _label(L, label))
    L.engine.push([Token(C.BEGIN, "{")] + list(text or []) + [Token(C.END, "}")])


def load_entries(L, t, opts, name) -> None:
    L.engine.input_file(L.string(name).strip(), t)


def print_glossary(L, t, opts) -> None:
    d = _data(L)
    kv = {k: v for k, v in keyvals(opts)} if opts else {}
    title = kv.get("title")
    if title is None:
        title = [Token(CS, "glossaryname")]
    names = d["used"] if d["used"] else []
    if L.packages.get("glossaries") is not None and "sort=def" in L.packages.get("glossaries", []):
        names = [n for n in d["order"] if n in d["used"]]
    heading = "chapter" if counters.exists(L, "chapter") else "section"
    out = [Token(CS, heading), Token(C.OTHER, "*"), Token(C.BEGIN, "{")] + list(title) + [Token(C.END, "}")]
    if names:
        out += [Token(CS, "begin"), Token(C.BEGIN, "{")] + _toks("description") + [Token(C.END, "}")]
        for n in names:
            e = d["entries"].get(n)
            if e is None:
                continue
            out += [Token(CS, "item"), Token(C.OTHER, "["), Token(C.BEGIN, "{")] + list(e.get("name") or []) \
                + [Token(C.END, "}"), Token(C.OTHER, "]"), Token(C.SPACE, " ")] + list(e.get("description") or [])
        out += [Token(CS, "end"), Token(C.BEGIN, "{")] + _toks("description") + [Token(C.END, "}")]
    L.engine.push(out)


def print_glossaries(L, t) -> None:
    print_glossary(L, t, None)


def install(L, options) -> None:
    L.tex(r"\providecommand\glossaryname{Glossary}\providecommand\acronymname{Acronyms}")
    L.command("newglossaryentry", "m m", new_entry)
    L.command("longnewglossaryentry", "m m m",
              lambda L, t, label, kv, desc: new_entry(L, t, label, list(kv) + _toks(",description=")
                                                      + [Token(C.BEGIN, "{")] + list(desc) + [Token(C.END, "}")]))
    L.command("newacronym", "o m m m", new_acronym)
    L.command("newabbreviation", "o m m m", new_acronym)
    L.command("loadglsentries", "o m", load_entries)
    for name, field, upper in (("gls", "text", False), ("Gls", "text", True), ("GLS", "text", False),
                               ("glspl", "plural", False), ("Glspl", "plural", True),
                               ("glstext", "text", False), ("Glstext", "text", True),
                               ("glsname", "name", False), ("Glsname", "name", True),
                               ("glssymbol", "symbol", False), ("Glssymbol", "symbol", True),
                               ("glsdesc", "description", False), ("Glsdesc", "description", True),
                               ("acrshort", "short", False), ("acrlong", "long", False),
                               ("acrfull", "text", False)):
        L.command(name, "s o m", reference(field, upper))
    for name, field in (("glsentryname", "name"), ("glsentrytext", "text"), ("glsentrydesc", "description"),
                        ("glsentrysymbol", "symbol"), ("glsentryplural", "plural"),
                        ("Glsentryname", "name"), ("Glsentrytext", "text")):
        L.command(name, "m", lambda L, t, label, _f=field, _n=name: reference(_f, _n[0] == "G", False)(
            L, t, False, None, label))
    L.command("glsadd", "o m", glsadd)
    L.command("glsaddall", "o", glsaddall)
    L.command("glslink", "s o m m", glslink)
    L.command("printglossary", "o", print_glossary)
    L.command("printnoidxglossary", "o", print_glossary)
    L.command("printglossaries", "", print_glossaries)
    L.command("printnoidxglossaries", "", print_glossaries)
    for name, spec in (("makeglossaries", ""), ("makenoidxglossaries", ""), ("setglossarystyle", "m"),
                       ("glossarystyle", "m"), ("newglossary", "s o m m m o"), ("setacronymstyle", "m"),
                       ("setabbreviationstyle", "o m"), ("glsSetCompositor", "m"),
                       ("setglossarysection", "m"), ("glsnoidxdisplayloc", "m m m m"),
                       ("GlsSetQuote", "m"), ("glsdisablehyper", ""), ("glsenablehyper", ""),
                       ("newglossarystyle", "m m"), ("renewglossarystyle", "m m"),
                       ("setupglossaries", "m"), ("glstoctrue", ""), ("glstocfalse", "")):
        L.ignore(name, spec)
