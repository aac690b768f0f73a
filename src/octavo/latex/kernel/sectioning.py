"""Sectioning and front matter: \\part ... \\subparagraph (starred, short titles),
\\@startsection and \\secdef for classes that define their own, \\appendix (and the
appendices environment), \\frontmatter/\\mainmatter/\\backmatter (in the classes that
have them), \\tableofcontents and the lists of figures and tables, \\title/\\author/
\\date/\\thanks/\\subtitle/\\maketitle, \\today, abstract.

Contract:
- numbers come from the LaTeX counters (\\thesection, as the class defines it) at the
  moment the heading is read; a unit beyond secnumdepth, starred, or a chapter of the
  front/back matter is unnumbered and does not step its counter (as LaTeX's \\@sect);
  a unit is in the table of contents up to tocdepth (AMS classes: starred ones too), or
  when \\addcontentsline{toc} stands right after its heading or right before it
  (\\addcontentsline{toc}{chapter}{\\indexname}\\printindex);
- ``Section.prefix`` is the word the class prints before a chapter's or part's number
  (\\chaptername, \\appendixname after \\appendix, \\partname; '' in KOMA-Script);
- `open_unit` is the unnumbered \\chapter* (book-like classes) or \\section* that LaTeX's
  theindex and thebibliography start; the index and bibliography bindings use it;
- \\maketitle leaves ``Div(classes=["maketitle"])`` (once; its children are class extras
  such as KOMA's \\publishers) that writers fill from ``doc.meta``; without \\date it
  dates the document \\today (not in AMS classes); \\thanks notes are marked * † ‡ (1 2 3
  in book and report); \\today honours SOURCE_DATE_EPOCH and the document language;
- Contents blocks carry their heading (\\contentsname ... as it reads there).
"""

from __future__ import annotations

import datetime
import os

from octavo.doc import nodes as N
from octavo.doc.builder import PARA
from octavo.latex.classes import base
from octavo.latex.kernel import counters
from octavo.tex.tokens import CS, Token

LEVELS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
          "paragraph": 4, "subparagraph": 5}


def _depth(L, name: str, default: int) -> int:
    if counters.exists(L, name):
        return counters.value(L, name)
    return default


def start_section(L, t, kind: str, level: int, star: bool, short, title,
                  in_toc: bool | None = None, then=None) -> N.Section:
    """Open a unit: numbered unless starred, beyond secnumdepth or a chapter of the front
    or back matter; in the table of contents up to tocdepth (or when ``in_toc`` says so,
    or a \\addcontentsline announced it).  ``then()`` runs once the unit is open, before its
    title is read (a binding adds the unit's first blocks there: the title is digested
    after the handler returns, and adding a block would cut that capture short)."""
    b = L.builder
    spec = base.spec_of(L)
    matter = b.matter
    unnumbered_matter = kind == "chapter" and matter in ("front", "back") and spec.matter_unnumbered
    numbered = (not star) and level <= _depth(L, "secnumdepth", 3) and not unnumbered_matter
    number = ""
    if numbered and counters.exists(L, kind):
        number = counters.refstep(L, kind, t)  # (beyond secnumdepth LaTeX does not step)
    if in_toc is None:
        in_toc = (not star or spec.ams) and level <= _depth(L, "tocdepth", 3)
    if L.data.pop("pending_toc", None) is not None and not in_toc:
        in_toc = True  # \addcontentsline{toc}{..}{..} right before \printindex & co.
    node = N.Section(kind=kind, level=level, number=number, numbered=numbered, in_toc=in_toc,
                     loc=L.loc(t))
    if number:
        node.prefix = _prefix(L, kind, matter, spec)
    # the section opens now, so that a \label right after the heading names it
    b.start_section(node)
    b.set_target(node, kind, number)

    def got_title(inlines):
        node.title = inlines
        b.target.title = inlines if b.target.node is node else b.target.title

    def got_short(inlines):
        node.short_title = inlines

    if then is not None:
        then()
    if short is not None:
        L.inlines(short, got_short, t)
    L.inlines(title, got_title, t)
    return node


def _prefix(L, kind: str, matter: str, spec) -> str | None:
    """The word before a heading's number, as the class prints it (None: no word)."""
    if kind == "part":
        return L.string([Token(CS, "partname")]).strip()
    if kind == "chapter":
        if not L.data.get("chapter_prefix", True):
            return ""
        return L.string([Token(CS, "@chapapp")]).strip()
    if kind == "section" and matter == "appendix" and spec.appendix_sections_named:
        return L.string([Token(CS, "appendixname")]).strip()
    return None


def open_unit(L, t, title, what: str = "", level_shift: int = 0,
              in_toc: bool | None = None, then=None) -> N.Section:
    """The unnumbered heading LaTeX's theindex and thebibliography start with:
    \\chapter*{title} in classes with chapters, \\section*{title} otherwise (``level_shift``
    levels lower for biblatex's subbibliography); in the table of contents only with
    tocbibind, ``in_toc`` or after \\addcontentsline."""
    level = (0 if L.data.get("booklike") else 1) + level_shift
    kind = next((k for k, v in LEVELS.items() if v == level), "subparagraph")
    opts = L.packages.get("tocbibind")
    if in_toc is None and opts is not None and ("not" + what) not in opts:
        in_toc = True
    return start_section(L, t, kind, level, True, None, title, in_toc=in_toc, then=then)


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
        if kind == "back" and not base.spec_of(L).matter_unnumbered:
            L.data["chapter_prefix"] = False  # amsbook: \let\chaptername\relax
    return handler


def contents(kind: str, name: str):
    """\\tableofcontents (memoir's starred form too): a Contents block titled by
    \\contentsname (\\listfigurename, \\listtablename) as it reads at that point."""
    def handler(L, t, star):
        node = N.Contents(kind=kind, loc=L.loc(t))
        L.builder.add_block(node)
        L.inlines([Token(CS, name)], lambda inl: setattr(node, "title", inl), t)
    return handler


def addcontentsline(L, t, toc, level, text):
    """A starred heading right before or after \\addcontentsline{toc} goes to the table
    of contents (\\chapter*{X}\\addcontentsline{toc}{chapter}{X}, and the idiom
    \\addcontentsline{toc}{chapter}{\\indexname}\\printindex)."""
    if L.string(toc).strip() != "toc":
        return
    frames = L.builder.frames
    for i in range(len(frames) - 1, -1, -1):
        node = frames[i].node
        if isinstance(node, N.Section):
            if not node.numbered and not node.in_toc and _fresh(frames, i):
                node.in_toc = True
                return
            break
    L.data["pending_toc"] = L.loc(t)


def _fresh(frames, i: int) -> bool:
    """Nothing but blanks was written in the unit of frame ``i`` yet."""
    sec = frames[i].node
    if any(not isinstance(c, N.Paragraph) or _has_text(c.children) for c in sec.children):
        return False
    return all(fr.kind == PARA and not _has_text(fr.node.children) for fr in frames[i + 1:])


def _has_text(inlines) -> bool:
    for n in inlines:
        if not isinstance(n, N.Text) or n.text.strip():
            if not isinstance(n, (N.Anchor, N.IndexMark)):
                return True
    return False


# --------------------------------------------------------------------------- front matter

def _meta_setter(field: str):
    def handler(L, t, short, arg):
        meta = L.builder.doc.meta
        if field == "date":
            L.data["date_given"] = True

        def done(inlines):
            if field == "authors":
                meta.authors = _split_authors(inlines)
            elif field == "title":
                meta.title = inlines + _subtitle(L)
            else:
                setattr(meta, field, inlines)
        L.inlines(arg, done, t)
    return handler


def _subtitle(L) -> list:
    sub = L.data.get("subtitle")
    return [N.LineBreak(), N.Span(classes=["subtitle"], children=sub)] if sub else []


def subtitle(L, t, arg) -> None:
    """KOMA-Script's (and others') \\subtitle: shown under the title."""
    meta = L.builder.doc.meta

    def done(inlines):
        had = L.data.get("subtitle")
        L.data["subtitle"] = inlines
        if had:  # a second \subtitle replaces the first
            meta.title = meta.title[:-2]
        if meta.title:
            meta.title = meta.title + _subtitle(L)
    L.inlines(arg, done, t)


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
    """A note of the title block, marked * † ‡ (arabic in book and report, as there)."""
    n = L.data["thanks_count"] = L.data.get("thanks_count", 0) + 1
    arabic = base.spec_of(L).thanks == "arabic" or n >= len(counters.FNSYMBOLS)  # a tenth note
    mark = str(n) if arabic else counters.fnsymbol(n)
    note = N.Note(kind="thanks", mark=mark, loc=L.loc(t))
    L.builder.add_inline(note, t)
    from octavo.latex.kernel.footnotes import note_blocks
    note_blocks(L, arg, lambda blocks: setattr(note, "children", blocks), t)


def maketitle(L, t):
    """Where the title block goes: a ``Div(classes=["maketitle"])`` the writers fill from
    the document's meta.  Without \\date, LaTeX prints \\today."""
    meta = L.builder.doc.meta
    if L.data.get("maketitle_done"):
        return  # LaTeX's \\maketitle \\relax-es itself
    L.data["maketitle_done"] = True
    if not L.data.get("date_given") and not meta.date and not base.spec_of(L).ams:
        meta.date = [N.Text(text=today_string(L), loc=L.loc(t))]
    extras = L.data.pop("title_extras", [])  # KOMA's \\subject, \\publishers ...
    L.builder.add_block(N.Div(classes=["maketitle"], children=extras, loc=L.loc(t)))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def today_date(L) -> datetime.date:
    """The date of the build: SOURCE_DATE_EPOCH (config or environment) when set."""
    epoch = L.config.source_date_epoch
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"].strip())
    if epoch is not None:
        try:
            return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()


MONTH_NAMES = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
          "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
}


def format_date(d: datetime.date, lang: str) -> str:
    """\\today as babel prints it in ``lang`` (BCP 47; US English otherwise)."""
    base = lang.split("-")[0]
    if base in MONTH_NAMES:
        month = MONTH_NAMES[base].split()[d.month - 1]
        if base == "de":
            return f"{d.day}. {month} {d.year}"
        if base == "fr":
            return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"
        if base in ("es", "pt"):
            return f"{d.day} de {month} de {d.year}"
        return f"{d.day} {month} {d.year}"
    if lang in ("en-GB", "en-AU", "en-NZ"):
        suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        return f"{d.day}{suffix} {MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def today_string(L) -> str:
    lang = L.engine.state.values.get("lang") or L.builder.doc.meta.lang or "en"
    return format_date(today_date(L), lang)


def abstract_begin(L, t, g):
    div = N.Div(classes=["abstract"], loc=L.loc(t))
    if L.builder.in_preamble or (base.spec_of(L).ams and not L.data.get("maketitle_done")):
        L.builder.open_detached(div, group=g, on_close=lambda node: setattr(L.builder.doc.meta, "abstract",
                                                                             node.children))
    else:
        L.builder.open_block(div, group=g)


def appendices_begin(L, t, g):
    """The appendix package's appendices environment: \\appendix inside."""
    appendix(L, t)


# --------------------------------------------------------------------------- install

def install_matter(L) -> None:
    """\\frontmatter \\mainmatter \\backmatter: only the classes that have them."""
    L.command("frontmatter", "", set_matter("front"))
    L.command("mainmatter", "", set_matter("main"))
    L.command("backmatter", "", set_matter("back"))


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
    L.environment("appendices", begin=appendices_begin)
    L.environment("subappendices")
    L.ignore("appendixpage", "")
    L.ignore("addappheadtotoc", "")
    L.command("tableofcontents", "s", contents("toc", "contentsname"))
    L.command("listoffigures", "s", contents("lof", "listfigurename"))
    L.command("listoftables", "s", contents("lot", "listtablename"))
    L.command("addcontentsline", "m m m", addcontentsline)
    L.ignore("addtocontents", "m m")
    L.command("title", "o m", _meta_setter("title"))
    L.command("author", "o m", _meta_setter("authors"))
    L.command("date", "o m", _meta_setter("date"))
    L.command("subtitle", "m", subtitle)
    L.command("and", "", and_)
    L.command("thanks", "m", thanks)
    L.command("maketitle", "", maketitle)
    L.command("today", "", lambda L, t: L.engine.sink.char(today_string(L), t))
    L.environment("abstract", begin=abstract_begin)
    L.environment("titlepage")
    # running heads are print-only: the marks a class sets (a user's \\renewcommand of
    # \\chaptermark still works) and what \\leftmark/\\rightmark would print
    L.tex(r"\def\chaptermark#1{}\def\sectionmark#1{}\def\subsectionmark#1{}"
          r"\def\subsubsectionmark#1{}\def\paragraphmark#1{}\def\subparagraphmark#1{}"
          r"\def\partmark#1{}\def\leftmark{}\def\rightmark{}\def\@mkboth#1#2{}", "<sectioning>")
