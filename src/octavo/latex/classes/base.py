"""The standard classes at the level of sectioning and front matter: article, report, book,
amsart, amsbook, the KOMA classes, memoir (and what behaves like them).

A class sets up the counters with their reset lists and formats (chapter-relative
numbering in books), secnumdepth/tocdepth, and the names (\\chaptername, \\refname ...).
Print-only class options (a4paper, 11pt, twoside ...) are accepted silently.
"""

from __future__ import annotations

from octavo.latex.kernel import counters

BOOKLIKE = {"book", "report", "amsbook", "scrbook", "scrreprt", "memoir", "octavo-book"}
CLASSES = {"article", "report", "book", "amsart", "amsbook", "scrartcl", "scrreprt", "scrbook",
           "memoir", "amsproc", "letter", "minimal", "standalone", "revtex4", "revtex4-1",
           "revtex4-2", "elsarticle", "IEEEtran", "llncs", "acmart", "beamer", "extarticle",
           "extbook", "extreport", "octavo-book", "subfiles", "tufte-book", "tufte-handout"}

NAMES_COMMON = {
    "contentsname": "Contents", "listfigurename": "List of Figures",
    "listtablename": "List of Tables", "indexname": "Index", "figurename": "Figure",
    "tablename": "Table", "partname": "Part", "appendixname": "Appendix",
    "abstractname": "Abstract", "proofname": "Proof", "seename": "see", "alsoname": "see also",
    "chaptername": "Chapter", "ccname": "cc", "enclname": "encl", "pagename": "Page",
    "headtoname": "To", "glossaryname": "Glossary",
}


def install(L, name: str, options: list) -> None:
    eng = L.engine
    book = name in BOOKLIKE or (name not in CLASSES and name != "article")
    if L.data.get("class_installed"):
        return
    L.data["class_installed"] = name
    L.builder.doc.meta.docclass = name
    for k, v in NAMES_COMMON.items():
        eng.define_macro(k, v)
    eng.define_macro("refname", "Bibliography" if book else "References")
    eng.define_macro("bibname", "Bibliography")
    eng.define_macro("@chapapp", r"\chaptername")
    counters.new_counter(L, "secnumdepth")
    counters.new_counter(L, "tocdepth")
    counters.new_counter(L, "part", the=r"\Roman{part}")
    if book:
        counters.new_counter(L, "chapter", the=r"\arabic{chapter}")
        counters.add_to_reset(L, "chapter", "part") if name == "memoir" else None
        counters.new_counter(L, "section", "chapter", the=r"\thechapter.\arabic{section}")
        counters.set_value(L, "secnumdepth", 2)
        counters.set_value(L, "tocdepth", 2 if name != "memoir" else 1)
    else:
        counters.new_counter(L, "section", the=r"\arabic{section}")
        counters.set_value(L, "secnumdepth", 3)
        counters.set_value(L, "tocdepth", 3)
    counters.new_counter(L, "subsection", "section", the=r"\thesection.\arabic{subsection}")
    counters.new_counter(L, "subsubsection", "subsection", the=r"\thesubsection.\arabic{subsubsection}")
    counters.new_counter(L, "paragraph", "subsubsection", the=r"\thesubsubsection.\arabic{paragraph}")
    counters.new_counter(L, "subparagraph", "paragraph", the=r"\theparagraph.\arabic{subparagraph}")
    within = "chapter" if book else None
    prefix = r"\thechapter." if book else ""
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
    if name.startswith("ams"):
        # amsart numbers sections as "1." in headings but refs as "1"; equations within
        # sections only when the document asks (\numberwithin)
        pass
    L.data["booklike"] = book
