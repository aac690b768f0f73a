"""The standard classes at the level of sectioning and front matter: article, report, book,
amsart, amsbook, the KOMA classes, memoir (and what behaves like them).

A class sets up the counters with their reset lists and formats (chapter-relative
numbering in books), secnumdepth/tocdepth, the names (\\chaptername, \\refname ...) and
what its headings and front matter look like (`ClassSpec`), measured against the real
class files.  Print-only class options (a4paper, 11pt, twoside ...) are accepted
silently.  Class-specific commands live in ``koma.py`` and ``memoir.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from octavo.latex.kernel import counters


@dataclass(slots=True, frozen=True)
class ClassSpec:
    """What octavo needs to know of a document class."""

    book: bool = False
    """Has \\chapter (figures, equations, sections counted within chapters)."""
    secnumdepth: int = 3
    tocdepth: int = 3
    matter: bool = False
    """Defines \\frontmatter, \\mainmatter and \\backmatter."""
    matter_unnumbered: bool = True
    """Chapters of the front and back matter are unnumbered (all but amsbook)."""
    chapter_prefix: bool = True
    """A chapter heading shows "Chapter 3" above the title (KOMA: the number alone)."""
    part_format: str = r"\Roman{part}"
    chapter_relative: bool = True
    """\\thesection is "3.1" (amsbook: "1", reset per chapter all the same)."""
    thanks: str = "fnsymbol"
    """How \\thanks marks are numbered: fnsymbol (* † ‡) or arabic (book, report)."""
    appendix_sections_named: bool = False
    """amsart: sections of the appendix read "Appendix A. Title"."""
    ams: bool = False
    """AMS classes: starred units are in the table of contents too, \\maketitle shows a
    date only when \\date gave one, and an abstract before \\maketitle joins the title
    block."""
    koma: bool = False
    memoir: bool = False


ARTICLE = ClassSpec()
REPORT = ClassSpec(book=True, secnumdepth=2, tocdepth=2, thanks="arabic")
BOOK = ClassSpec(book=True, secnumdepth=2, tocdepth=2, matter=True, thanks="arabic")
AMSART = ClassSpec(tocdepth=2, appendix_sections_named=True, ams=True)
AMSBOOK = ClassSpec(book=True, secnumdepth=3, tocdepth=1, matter=True, matter_unnumbered=False,
                    part_format=r"\arabic{part}", chapter_relative=False, ams=True)
SCRARTCL = ClassSpec(koma=True)
SCRREPRT = ClassSpec(book=True, secnumdepth=2, tocdepth=2, chapter_prefix=False, koma=True)
SCRBOOK = ClassSpec(book=True, secnumdepth=2, tocdepth=2, matter=True, chapter_prefix=False,
                    koma=True)
MEMOIR = ClassSpec(book=True, secnumdepth=1, tocdepth=1, matter=True, memoir=True)

SPECS = {
    "article": ARTICLE, "extarticle": ARTICLE, "report": REPORT, "extreport": REPORT,
    "book": BOOK, "extbook": BOOK, "octavo-book": BOOK, "tufte-book": BOOK,
    "amsart": AMSART, "amsproc": AMSART, "amsbook": AMSBOOK, "scrartcl": SCRARTCL,
    "scrreprt": SCRREPRT, "scrbook": SCRBOOK, "memoir": MEMOIR,
}
CLASSES = set(SPECS) | {"letter", "minimal", "standalone", "revtex4", "revtex4-1", "revtex4-2",
                        "elsarticle", "IEEEtran", "llncs", "acmart", "beamer", "subfiles",
                        "tufte-handout", "jsarticle", "ltxdoc"}
BOOKLIKE = {name for name, spec in SPECS.items() if spec.book}

NAMES_COMMON = {
    "contentsname": "Contents", "listfigurename": "List of Figures",
    "listtablename": "List of Tables", "indexname": "Index", "figurename": "Figure",
    "tablename": "Table", "partname": "Part", "appendixname": "Appendix",
    "abstractname": "Abstract", "proofname": "Proof", "seename": "see", "alsoname": "see also",
    "chaptername": "Chapter", "ccname": "cc", "enclname": "encl", "pagename": "Page",
    "headtoname": "To", "glossaryname": "Glossary",
}


def spec_of(L) -> ClassSpec:
    """The spec of the document's class (article's before \\documentclass)."""
    return L.data.get("class_spec") or ARTICLE


def install(L, name: str, options: list) -> None:
    if L.data.get("class_installed"):
        return
    spec = SPECS.get(name, ARTICLE)
    L.data["class_installed"] = name
    L.data["class_spec"] = spec
    L.builder.doc.meta.docclass = name
    _counters_and_names(L, spec)
    from octavo.latex.kernel import sectioning
    if spec.matter:
        sectioning.install_matter(L)
    L.data["chapter_prefix"] = spec.chapter_prefix
    if spec.koma:
        from octavo.latex.classes import koma
        koma.install(L, options)
    elif spec.memoir:
        from octavo.latex.classes import memoir
        memoir.install(L, options)


def _counters_and_names(L, spec: ClassSpec) -> None:
    eng = L.engine
    book = spec.book
    for k, v in NAMES_COMMON.items():
        eng.define_macro(k, v)
    eng.define_macro("refname", "Bibliography" if book else "References")
    eng.define_macro("bibname", "Bibliography")
    eng.define_macro("@chapapp", r"\chaptername")
    counters.new_counter(L, "secnumdepth")
    counters.new_counter(L, "tocdepth")
    counters.new_counter(L, "part", the=spec.part_format)
    if book:
        counters.new_counter(L, "chapter", the=r"\arabic{chapter}")
        sec_the = r"\thechapter.\arabic{section}" if spec.chapter_relative else r"\arabic{section}"
        counters.new_counter(L, "section", "chapter", the=sec_the)
    else:
        counters.new_counter(L, "section", the=r"\arabic{section}")
    counters.set_value(L, "secnumdepth", spec.secnumdepth)
    counters.set_value(L, "tocdepth", spec.tocdepth)
    counters.new_counter(L, "subsection", "section", the=r"\thesection.\arabic{subsection}")
    counters.new_counter(L, "subsubsection", "subsection", the=r"\thesubsection.\arabic{subsubsection}")
    counters.new_counter(L, "paragraph", "subsubsection", the=r"\thesubsubsection.\arabic{paragraph}")
    counters.new_counter(L, "subparagraph", "paragraph", the=r"\theparagraph.\arabic{subparagraph}")
    within = "chapter" if book else None
    prefix = r"\thechapter." if book and spec.chapter_relative else ""
    for c in ("equation", "figure", "table"):
        counters.new_counter(L, c, within, the=(prefix + rf"\arabic{{{c}}}"))
    counters.new_counter(L, "footnote", within, the=r"\arabic{footnote}")
    counters.new_counter(L, "mpfootnote", the=r"\alph{mpfootnote}")
    counters.new_counter(L, "enumi", the=r"\arabic{enumi}")
    counters.new_counter(L, "enumii", "enumi", the=r"\alph{enumii}")
    counters.new_counter(L, "enumiii", "enumii", the=r"\roman{enumiii}")
    counters.new_counter(L, "enumiv", "enumiii", the=r"\Alph{enumiv}")
    counters.new_counter(L, "page", the=r"\arabic{page}")
    counters.set_value(L, "page", 1)
    eng.define_macro("p@enumii", r"\theenumi")
    eng.define_macro("p@enumiii", r"\theenumi(\theenumii)")
    eng.define_macro("p@enumiv", r"\p@enumiii\theenumiii")
    for k, v in (("labelenumi", r"\theenumi."), ("labelenumii", r"(\theenumii)"),
                 ("labelenumiii", r"\theenumiii."), ("labelenumiv", r"\theenumiv."),
                 ("labelitemi", "\u2022"), ("labelitemii", "\u2013"), ("labelitemiii", "\u2217"),
                 ("labelitemiv", "\u00b7")):
        eng.define_macro(k, v)
    L.data["booklike"] = book
