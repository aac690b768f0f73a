"""KOMA-Script classes (scrartcl, scrreprt, scrbook): their own commands.

- \\addpart \\addchap \\addsec (and starred): unnumbered units that are in the table of
  contents (starred: not);
- \\minisec{title}: a bold free-standing heading that is no unit (a paragraph);
- the title page extras \\subject \\publishers \\dedication \\titlehead
  \\uppertitleback \\lowertitleback \\extratitle: kept as text of the title block
  (they print in \\maketitle);
- \\dictum[author]{text}: a quotation with its attribution;
- options (class options and \\KOMAoptions{chapterprefix=true, ...}): chapterprefix /
  appendixprefix decide whether a chapter heading shows "Chapter 3"; everything else is
  print-only and accepted silently, as are \\setkomafont, \\addtokomafont, \\usekomafont,
  \\setkomavar, \\deffootnote and the layout commands.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.latex.kernel import sectioning
from octavo.latex.kernel.sectioning import LEVELS

TRUE = {"true", "on", "yes", ""}


def apply_options(L, options: list) -> None:
    for opt in options:
        key, _, val = opt.partition("=")
        key, val = key.strip(), val.strip().lower()
        if key in ("chapterprefix", "appendixprefix") and L.data.get("booklike"):
            on = val in TRUE
            if key == "chapterprefix":
                L.data["chapter_prefix"] = on


def _options(L, t, arg) -> None:
    apply_options(L, [o for o in L.string(arg).split(",") if o.strip()])


def _option(L, t, key, val) -> None:
    apply_options(L, [f"{L.string(key).strip()}={L.string(val).strip()}"])


def add_unit(kind: str):
    """\\addchap[short]{title}: unnumbered but in the table of contents (starred: not)."""
    def handler(L, t, star, short, title):
        sectioning.start_section(L, t, kind, LEVELS[kind], True, short, title, in_toc=not star)
    return handler


def minisec(L, t, title) -> None:
    b = L.builder
    b.block_frame()
    para = N.Paragraph(loc=L.loc(t))
    b.add_block(para)
    strong = N.Strong()
    para.children.append(strong)
    L.inlines(title, lambda inl: setattr(strong, "children", inl), t)


def title_extra(cls: str):
    """Title-page text (\\subject, \\publishers, \\dedication ...): a paragraph of the
    title block, kept where \\maketitle puts it (before the body)."""
    def handler(L, t, arg):
        extras = L.data.setdefault("title_extras", [])
        para = N.Paragraph(loc=L.loc(t))
        holder = N.Div(classes=[cls], children=[para], loc=L.loc(t))
        extras.append(holder)
        L.inlines(arg, lambda inl: setattr(para, "children", inl), t)
    return handler


def dictum(L, t, author, text) -> None:
    quote = N.Quote(kind="dictum", loc=L.loc(t))
    L.builder.add_block(quote)
    para = N.Paragraph(loc=L.loc(t))
    quote.children.append(para)
    L.inlines(text, lambda inl: setattr(para, "children", inl), t)
    if author:
        L.inlines(author, lambda inl: setattr(quote, "attribution", inl), t)


def install(L, options: list) -> None:
    apply_options(L, options)
    L.command("KOMAoptions", "m", _options)
    L.command("KOMAoption", "m m", _option)
    L.command("addpart", "s o m", add_unit("part"))
    L.command("addchap", "s o m", add_unit("chapter" if L.data.get("booklike") else "section"))
    L.command("addsec", "s o m", add_unit("section"))
    L.command("minisec", "m", minisec)
    for name in ("subject", "publishers", "dedication", "titlehead", "uppertitleback",
                 "lowertitleback", "extratitle"):
        L.command(name, "m", title_extra(name))
    L.command("dictum", "o m", dictum)
    L.symbol("KOMAScript", "KOMA-Script")
    for name, spec in (("setkomafont", "m m"), ("addtokomafont", "m m"), ("usekomafont", "m"),
                       ("setkomavar", "s m o m"), ("usekomavar", "s o m"),
                       ("deffootnote", "o m m m"), ("deffootnotemark", "m"),
                       ("setcapindent", "s m"), ("setcaphanging", ""), ("setcapwidth", "o m"),
                       ("setcapmargin", "s o m"), ("setchapterpreamble", "o o m"),
                       ("setpartpreamble", "o o m"), ("recalctypearea", ""),
                       ("typearea", "o m"), ("areaset", "o m m"), ("raggedsection", ""),
                       ("raggeddictum", ""), ("raggeddictumtext", ""),
                       ("raggeddictumauthor", ""), ("ifthispageodd", "m m"),
                       ("RedeclareSectionCommand", "o m"), ("RedeclareSectionCommands", "o m"),
                       ("DeclareSectionCommand", "o m"), ("DeclareNewTOC", "o m"),
                       ("addtotoclist", "o m"), ("setuptoc", "m m"),
                       ("setparsizes", "m m m"), ("KOMAClassName", "")):
        L.ignore(name, spec)
    L.engine.define_macro("chapterformat", r"\thechapter\autodot\enskip")
    L.engine.define_macro("autodot", "")
    L.command("captionabove", "o m", _caption)
    L.command("captionbelow", "o m", _caption)


def _caption(L, t, short, text) -> None:
    """\\captionabove / \\captionbelow are \\caption placed above or below."""
    from octavo.tex import catcodes as C
    from octavo.tex.tokens import CS, Token
    toks = [Token(CS, "caption")]
    if short is not None:
        toks += [Token(C.OTHER, "[")] + list(short) + [Token(C.OTHER, "]")]
    toks += [Token(C.BEGIN, "{")] + list(text or []) + [Token(C.END, "}")]
    L.engine.push(toks)
