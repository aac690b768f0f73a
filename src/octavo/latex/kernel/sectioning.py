"""Sectioning and front matter: \\part ... \\subparagraph (starred, short titles),
\\@startsection and \\secdef for classes that define their own, \\appendix,
\\frontmatter/\\mainmatter/\\backmatter, \\tableofcontents and the lists of figures and
tables, \\title/\\author/\\date/\\thanks/\\maketitle, abstract.

Numbers come from the LaTeX counters (\\thesection, as the class defines it) at the
moment the heading is read, honouring secnumdepth and tocdepth.
"""

from __future__ import annotations

import datetime
import os

from octavo.doc import nodes as N
from octavo.latex.kernel import counters

LEVELS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
          "paragraph": 4, "subparagraph": 5}


def _depth(L, name: str, default: int) -> int:
    if counters.exists(L, name):
        return counters.value(L, name)
    return default


def start_section(L, t, kind: str, level: int, star: bool, short, title) -> None:
    b = L.builder
    matter = b.matter
    numbered = (not star) and level <= _depth(L, "secnumdepth", 3) and \
        not (matter in ("front", "back") and level <= 0)
    number = ""
    if numbered and counters.exists(L, kind):
        number = counters.refstep(L, kind, t)
    elif not star and counters.exists(L, kind) and level > _depth(L, "secnumdepth", 3):
        counters.step(L, kind, t)  # LaTeX steps the counter even beyond secnumdepth
    in_toc = (not star) and level <= _depth(L, "tocdepth", 3)
    node = N.Section(kind=kind, level=level, number=number, numbered=numbered, in_toc=in_toc,
                     loc=L.loc(t))
    # the section opens now, so that a \label right after the heading names it
    b.start_section(node)
    b.set_target(node, kind, number)

    def got_title(inlines):
        node.title = inlines
        b.target.title = inlines if b.target.node is node else b.target.title

    def got_short(inlines):
        node.short_title = inlines

    if short is not None:
        L.inlines(short, got_short, t)
    L.inlines(title, got_title, t)


def section_command(kind: str):
    level = LEVELS[kind]

    def handler(L, t, star, short, title):
        start_section(L, t, kind, level, star, short, title)
    return handler


def startsection(L, t, name, level, indent, before, after, style):
    eng = L.engine
    kind = L.string(name).strip()
    try:
        lev = int(L.string(level).strip() or "1")
    except ValueError:
        lev = LEVELS.get(kind, 1)
    star = eng.read_star()
    short = eng.read_optional(t)
    title = eng.read_undelimited(t)
    start_section(L, t, kind, lev, star, short, title)


def secdef(L, t, numbered_cmd, starred_cmd):
    eng = L.engine
    if eng.read_star():
        eng.push(starred_cmd)
    else:
        eng.push(numbered_cmd)


def appendix(L, t) -> None:
    b = L.builder
    b.matter = "appendix"
    eng = L.engine
    if counters.exists(L, "chapter"):
        counters.set_value(L, "chapter", 0)
        counters.set_value(L, "section", 0)
        eng.define_macro("thechapter", r"\Alph{chapter}")
        eng.define_macro("@chapapp", r"\appendixname")
    else:
        counters.set_value(L, "section", 0)
        counters.set_value(L, "subsection", 0)
        eng.define_macro("thesection", r"\Alph{section}")


def set_matter(kind: str):
    def handler(L, t):
        L.builder.matter = kind
    return handler


def contents(kind: str):
    def handler(L, t):
        L.builder.add_block(N.Contents(kind=kind, loc=L.loc(t)))
    return handler


def addcontentsline(L, t, toc, level, text):
    """A starred heading followed by \\addcontentsline goes to the table of contents."""
    if L.string(toc).strip() != "toc":
        return
    for fr in reversed(L.builder.frames):
        if isinstance(fr.node, N.Section):
            if not fr.node.numbered:
                fr.node.in_toc = True
            return


def _meta_setter(field: str):
    def handler(L, t, short, arg):
        meta = L.builder.doc.meta

        def done(inlines):
            if field == "authors":
                meta.authors = _split_authors(inlines)
            else:
                setattr(meta, field, inlines)
        L.inlines(arg, done, t)
    return handler


def _split_authors(inlines: list) -> list:
    out = [[]]
    for n in inlines:
        if isinstance(n, N.Span) and "and" in n.classes:
            out.append([])
        else:
            out[-1].append(n)
    return [a for a in out if a]


def and_(L, t):
    L.builder.add_inline(N.Span(classes=["and"], loc=L.loc(t)), t)


def thanks(L, t, arg):
    note = N.Note(kind="thanks", loc=L.loc(t))
    L.builder.add_inline(note, t)
    L.blocks(arg, lambda blocks: setattr(note, "children", blocks), t)


def maketitle(L, t):
    L.builder.add_block(N.Div(classes=["maketitle"], loc=L.loc(t)))


def today_string(L) -> str:
    epoch = L.config.source_date_epoch
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    d = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date() if epoch is not None \
        else datetime.date.today()
    return d.strftime("%B ") + str(d.day) + d.strftime(", %Y")


def abstract_begin(L, t, g):
    div = N.Div(classes=["abstract"], loc=L.loc(t))
    if L.builder.in_preamble:
        L.builder.open_detached(div, group=g, on_close=lambda node: setattr(L.builder.doc.meta, "abstract",
                                                                             node.children))
    else:
        L.builder.open_block(div, group=g)


def install(L) -> None:
    for kind in LEVELS:
        L.command(kind, "s o m", section_command(kind))
    L.command("@startsection", "m m m m m m", startsection)
    L.command("secdef", "m m", secdef)
    L.command("@chapter", "o m", lambda L, t, s, ti: start_section(L, t, "chapter", 0, False, s, ti))
    L.command("@schapter", "m", lambda L, t, ti: start_section(L, t, "chapter", 0, True, None, ti))
    L.command("@part", "o m", lambda L, t, s, ti: start_section(L, t, "part", -1, False, s, ti))
    L.command("@spart", "m", lambda L, t, ti: start_section(L, t, "part", -1, True, None, ti))
    L.command("appendix", "", appendix)
    L.command("frontmatter", "", set_matter("front"))
    L.command("mainmatter", "", set_matter("main"))
    L.command("backmatter", "", set_matter("back"))
    L.command("tableofcontents", "", contents("toc"))
    L.command("listoffigures", "", contents("lof"))
    L.command("listoftables", "", contents("lot"))
    L.command("addcontentsline", "m m m", addcontentsline)
    L.ignore("addtocontents", "m m")
    L.command("title", "o m", _meta_setter("title"))
    L.command("author", "o m", _meta_setter("authors"))
    L.command("date", "o m", _meta_setter("date"))
    L.command("and", "", and_)
    L.command("thanks", "m", thanks)
    L.command("maketitle", "", maketitle)
    L.ignore("subtitle", "m")
    L.command("today", "", lambda L, t: L.engine.sink.char(today_string(L), t))
    L.environment("abstract", begin=abstract_begin)
    L.environment("titlepage")
