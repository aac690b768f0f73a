"""backref (also loaded by hyperref's backref= and pagebackref= options): every entry of
the bibliography says where it is cited.

The PDF prints page numbers ("(Cited on pages 12, 40, and 41.)" with the document's own
\\backrefalt, or the bare list by default); the edition has no pages, so the places are
the numbers of the sections that cite the entry.  This binding only records how the
document words it: at \\end{document} every `Bibliography` gets ``backref`` = the three
texts \\backrefalt makes for no, one and several citing places, with ``{}`` where the list
goes.  The writers fill in the list (transforms give each BibEntry its citing Cites).
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.doc.walk import walk
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, Token

PLACE = "QQoctavoBackrefListQQ"


def enabled_by_hyperref(options: list) -> bool:
    for opt in options:
        key, _, val = opt.partition("=")
        if key.strip() in ("backref", "pagebackref") and \
                val.strip().lower() not in ("false", "none", "off"):
            return True
    return False


def _arg(text: str) -> list:
    return [Token(C.BEGIN, "{")] + [Token(C.LETTER if c.isalpha() else C.OTHER, c) for c in text] + \
        [Token(C.END, "}")]


def templates(L) -> list:
    """[none, one, several] as the document's \\backrefalt prints them."""
    out = []
    for count in ("0", "1", "2"):
        toks = [Token(CS, "backrefalt")] + _arg(count) + _arg(PLACE) + _arg(count) + _arg(PLACE)
        text = " ".join(L.string(toks).split())
        out.append(text.replace(PLACE, "{}"))
    return out


def fill(L, t) -> None:
    if not L.data.get("backref"):
        return
    texts = None
    for node in walk(L.builder.doc):
        if isinstance(node, N.Bibliography):
            if texts is None:
                texts = templates(L)
            node.backref = list(texts)


def install(L, options: list) -> None:
    if L.data.get("backref"):
        return
    L.data["backref"] = True
    L.tex(r"\providecommand*\backrefalt[4]{\ifnum#1>0 \backref{#2}\fi}"
          r"\providecommand*\backref{}\providecommand*\backrefpagesname{pages}"
          r"\providecommand*\backrefsectionsname{sections}"
          r"\providecommand*\backrefsep{, }\providecommand*\backreftwosep{ and~}"
          r"\providecommand*\backreflastsep{, and~}\providecommand*\backrefsetup[1]{}",
          "<backref>")
    if "pageref" in options or "ref" in options:
        L.tex(r"\def\backref{\backrefpagesname\ }" if "pageref" in options
              else r"\def\backref{\backrefsectionsname\ }", "<backref>")
    L.engine.define_primitive("\x00backref", lambda eng, tok: fill(L, tok))
    L.at_end_document.append([Token(CS, "\x00backref")])
