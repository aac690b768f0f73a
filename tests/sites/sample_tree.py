"""A realistic book as the front half and the earlier passes would leave it.

`book()` returns a `Document` in the state the html passes expect (see the pipeline
contract in transforms/toc.py and transforms/split.py): labelled nodes carry their ids
and ``doc.labels`` is filled; every `Ref` has its text and ``resolved``; every `Cite` its
text and id, every `BibEntry` its backrefs; the `IndexBlock` has its groups and every
`IndexMark` its id.  Section without labels have no ids yet (toc gives them).

`book(hostile=True)` puts markup-looking text into the places a careless writer would
emit raw: titles, TOC entries, index terms, captions, code, URLs and attributes.
"""

from __future__ import annotations

from octavo.doc.nodes import (
    Anchor, BibEntry, Bibliography, Cell, Cite, Code, CodeBlock, Contents, DisplayMath,
    Div, Document, Emph, Figure, Image, IndexBlock, IndexEntry, IndexGroup, IndexLocator,
    IndexMark, Item, LabelTarget, LineBreak, Link, List, Math, MathRow, Meta, Note,
    Paragraph, Proof, Quote, RawBlock, RawInline, Ref, Row, Section, Strong, Styled, Table,
    Text, Theorem,
)
from octavo.errors import Location

SCRIPT = "<script>alert('x')</script>"
MATHML_TRAILS = (
    '<math display="block"><mrow><mi>T</mi><mo>=</mo><munderover><mo>∑</mo>'
    "<mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
    "<msub><mi>t</mi><mi>i</mi></msub></mrow></math>"
)
MATHML_INLINE = "<math><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></math>"



def _png(width: int, height: int, rgb: tuple) -> bytes:
    """A solid-colour PNG (tests write it into the source root as figs/memex.png)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


PNG_FIGURE = _png(32, 20, (70, 110, 160))


def T(s: str) -> Text:
    return Text(text=s)


def P(*inl) -> Paragraph:
    return Paragraph(children=[T(x) if isinstance(x, str) else x for x in inl])


def _loc(line: int) -> Location:
    return Location("book.tex", line, 1)


class _Book:
    """Builds the tree and keeps the counters the passes would keep."""

    def __init__(self, hostile: bool):
        self.hostile = hostile
        self.labels: dict = {}
        self.cites: dict = {}   # key -> list of cite ids
        self.marks: dict = {}   # term -> list of (mark id, section number)
        self.n_cite = 0
        self.n_mark = 0

    def word(self, s: str) -> str:
        return f"{s} {SCRIPT}" if self.hostile else s

    def label(self, label: str, kind: str, number: str, title: list, node) -> None:
        node.id = label
        self.labels[label] = LabelTarget(id=label, kind=kind, number=number, title=title)

    def ref(self, label: str, kind: str = "ref") -> Ref:
        t = self.labels[label]
        shown = t.number if kind != "nameref" else None
        kids = [T(shown)] if shown is not None else list(t.title)
        if kind == "eqref":
            kids = [T(f"({t.number})")]
        return Ref(kind=kind, target=label, children=kids, resolved=True)

    def cite(self, key: str, shown: str) -> Cite:
        self.n_cite += 1
        cid = f"cite-{self.n_cite}"
        self.cites.setdefault(key, []).append(cid)
        # as transforms/citations.py does: each label is an internal Link to the entry
        return Cite(keys=[key], id=cid, children=[
            T("["), Link(url=f"bib-{key}", internal=True, children=[T(shown)]), T("]")])

    def mark(self, term: str, secnum: str) -> IndexMark:
        self.n_mark += 1
        mid = f"idx-{self.n_mark}"
        self.marks.setdefault(term, []).append((mid, secnum))
        return IndexMark(path=[(term, [T(term)])], id=mid, raw=term)


def book(hostile: bool = False) -> Document:
    b = _Book(hostile)
    W = b.word

    # --- chapter 1 -------------------------------------------------------------------
    fig = Figure(
        kind="figure", number="1.1",
        children=[Paragraph(children=[Image(src="figs/memex.png", alt=W("The memex desk"), width="50%")])],
        caption=[T(W("The memex, as drawn for ")), Emph(children=[T("Life")])],
    )
    b.label("fig:memex", "figure", "1.1", fig.caption, fig)

    eq = DisplayMath(tex=r"T = \sum_{i=1}^n t_i", env="equation",
                     rows=[MathRow(tex=r"T = \sum_{i=1}^n t_i", number="1.1")], mathml=MATHML_TRAILS)
    b.label("eq:trails", "equation", "1.1", [], eq)

    memex = Section(kind="section", level=1, number="1.1", title=[T(W("The Memex"))], loc=_loc(20))
    b.label("sec:memex", "section", "1.1", memex.title, memex)
    memex.children = [
        P("Consider a future device for individual use", b.mark("memex", "1.1"),
          ", which is a sort of mechanized private file and library.",
          Note(mark="2", children=[P("Bush called it a ", Emph(children=[T("memex")]), ".")])),
        Quote(kind="quotation",
              children=[P("Wholly new forms of encyclopedias will appear, ready made with a mesh of "
                          "associative trails running through them.")],
              attribution=[T("Vannevar Bush, "), Emph(children=[T("As We May Think")])]),
        P("The length of a trail is the sum of its steps:"),
        eq,
        fig,
        P("Figure ", b.ref("fig:memex"), " shows the desk ", b.cite("bush1945", "1"), "."),
    ]

    thm = Theorem(kind="theorem", name=[T("Theorem")], number="1.1", note=[T(W("Trails"))],
                  children=[P("Every trail ", Math(tex="T", mathml="<math><mi>T</mi></math>"),
                              " can be followed in both directions.")])
    b.label("thm:trail", "theorem", "1.1", [], thm)
    assoc = Section(kind="subsection", level=2, number="1.2.1", title=[T("Associative indexing")],
                    children=[P("Selection by association", b.mark("associative indexing", "1.2.1"),
                                " rather than by indexing", b.mark("memex", "1.2.1"), ".")])
    trails = Section(kind="section", level=1, number="1.2", title=[T("Trails")], loc=_loc(60), children=[
        P("A trail ties items together.", b.mark("trails", "1.2"),
          Note(mark="3", children=[P("Nelson later called this ", Strong(children=[T("hypertext")]), ".")])),
        thm,
        Proof(name=[T("Proof")], children=[P("Trails are stored as lists of pairs ",
                                              Math(tex="(a,b)", mathml=MATHML_INLINE), ".")]),
        assoc,
    ])
    ch1 = Section(kind="chapter", level=0, number="1", title=[T(W("Origins"))], loc=_loc(10), children=[
        P("The idea of a linked library is older than the computer",
          b.mark("memex", "1"), ".", Note(mark="1", children=[P(W("See Bush's essay of 1945."))])),
        memex,
        trails,
    ])
    b.label("ch:origins", "chapter", "1", ch1.title, ch1)

    # --- chapter 2 -------------------------------------------------------------------
    table = Table(colspec=["left", "center", "right"], rows=[
        Row(cells=[Cell(children=[T("Tool")], header=True), Cell(children=[T("Year")], header=True),
                   Cell(children=[T("Pages")], header=True)], rule_above="toprule", rule_below="midrule"),
        Row(cells=[Cell(children=[T("latex2html")]), Cell(children=[T("1993")], align="center"),
                   Cell(children=[T("many")], align="right")]),
        Row(cells=[Cell(children=[T(W("octavo"))]), Cell(children=[T("2026")], align="center"),
                   Cell(children=[T("one per section")], align="right", rowspan=2)]),
        Row(cells=[Cell(children=[T("both, compared")], colspan=2, align="center")], rule_below="bottomrule"),
    ])
    tab = Figure(kind="table", number="2.1", children=[table], caption=[T(W("Converters compared"))])
    b.label("tab:converters", "table", "2.1", tab.caption, tab)

    l2h = Section(kind="section", level=1, number="2.1", title=[T("latex2html")], loc=_loc(110), children=[
        P("The classic converter", b.mark("latex2html", "2.1"), " splits a book into pages; see ",
          b.ref("sec:memex"), ", ", b.ref("eq:trails", "eqref"), " and ", b.ref("thm:trail"),
          ", and also ", b.ref("sec:memex", "nameref"), " and ", b.ref("tab:converters"), ". ",
          Link(url="https://www.latex2html.org/", children=[T("Its home page")]),
          " and a refused ", Link(url="javascript:alert(1)", children=[T("script link")]), ".",
          Note(mark="4", children=[P(W("It still works."))])),
        tab,
        CodeBlock(text=("def split(doc):\n    return [u for u in doc if u.level <= 1]  # " + W("<b>") + "\n"),
                  language="python"),
        CodeBlock(text="plain & simple <text>\n", language=""),
        List(kind="itemize", items=[Item(children=[P("One ", Code(text="<tag>"))]),
                                    Item(children=[P("Two")])]),
        List(kind="enumerate", style="roman", items=[Item(children=[P("First")]),
                                                     Item(children=[P("Second")])]),
        List(kind="description", items=[Item(label=[T("memex")], term=True,
                                             children=[P("A desk.", b.mark("memex", "2.1"))])]),
        P(b.cite("nelson1965", "2"), " describes ", Styled(style="smallcaps", children=[T("Xanadu")]),
          ", ", Styled(style="large", children=[T("big")]), Styled(style="mono", color="#aa0000",
                                                                     children=[T("red mono")]),
          LineBreak(), T("next line"), Anchor(id="anchor-here")),
        RawBlock(format="html", text="<div class='raw'>" + SCRIPT + "</div>"),
        P("Raw inline: ", RawInline(format="html", text="<b>bold</b>")),
    ])
    digression = Section(kind="section", level=1, number="", numbered=False, title=[T("A digression")],
                         children=[P("Unnumbered but listed.", b.cite("bush1945", "1"))])
    conv = Section(kind="section", level=1, number="2.2", loc=_loc(150),
                   title=[T(W("Converters")), Note(mark="5", children=[P("A note in a title.")])], children=[
        P("Converters differ in the way they split", b.mark("trails", "2.2"), "."),
        Div(classes=["center"], children=[P("A centred remark.")]),
    ])
    ch2 = Section(kind="chapter", level=0, number="2", title=[T("Converters")], loc=_loc(100), children=[
        P("This chapter compares converters."),
        l2h, digression, conv,
    ])
    b.label("ch:converters", "chapter", "2", ch2.title, ch2)

    app = Section(kind="chapter", level=0, number="A", matter="appendix", title=[T("Sources")],
                  loc=_loc(200), children=[P("Where the texts come from", b.mark("sources", "A"), ".")])
    b.label("app:sources", "chapter", "A", app.title, app)

    # --- back matter -----------------------------------------------------------------
    bib = Bibliography(title=[T("Bibliography")], entries=[
        BibEntry(key="bush1945", label="1", id="bib-bush1945", backrefs=b.cites["bush1945"],
                 children=[T("Vannevar Bush. "), Emph(children=[T("As We May Think")]),
                           T(". The Atlantic Monthly, 1945.")]),
        BibEntry(key="nelson1965", label="2", id="bib-nelson1965", backrefs=b.cites["nelson1965"],
                 children=[T(W("Theodor H. Nelson. Complex information processing. ACM, 1965."))]),
    ])

    def entry(term, sub=None, see_also=None):
        locs = [IndexLocator(target=mid, label=num) for mid, num in b.marks[term]]
        return IndexEntry(text=[T(W(term))], sort_key=term, locators=locs, children=sub or [],
                          see_also=see_also or [])

    index = IndexBlock(title=[T("Index")], id="the-index", groups=[
        IndexGroup(letter="A", entries=[entry("associative indexing")]),
        IndexGroup(letter="L", entries=[entry("latex2html")]),
        IndexGroup(letter="M", entries=[entry("memex")]),
        IndexGroup(letter="S", entries=[entry("sources")]),
        IndexGroup(letter="T", entries=[entry("trails", see_also=[[T("memex")]])]),
    ])

    meta = Meta(title=[T(W("As We May Think")), T(": "), Emph(children=[T("A Hypertext Reader")])],
                authors=[[T("Vannevar Bush")], [T(W("Ted Nelson"))]],
                date=[T("1 July 1945")], docclass="book",
                abstract=[P("An anthology about ", Emph(children=[T("trails")]), " of reading.")])
    doc = Document(meta=meta, children=[
        P("A preface before the first chapter."),
        Contents(kind="toc"),
        Contents(kind="lof"),
        Contents(kind="lot"),
        ch1, ch2, app, bib, index,
    ], labels=b.labels)
    return doc
