"""The plain-text writer (writers/text.py) on hand-built trees."""

from __future__ import annotations

import unicodedata

import pytest

from octavo.doc.nodes import (
    BibEntry, Bibliography, Cell, Cite, CodeBlock, Contents, DisplayMath, Document, Emph,
    Div, Figure, Footnotes, Image, IndexBlock, IndexEntry, IndexGroup, IndexLocator, Item,
    LineBreak, List, Math, MathRow, Meta, Note, Paragraph, Proof, Quote, Ref, Row,
    Section, Span, Table, Text, Theorem,
)
from octavo.writers.text import enum_label, linear_math, render_text


def P(*parts) -> Paragraph:
    return Paragraph(children=[Text(p) if isinstance(p, str) else p for p in parts])


def doc(*blocks, **meta) -> Document:
    return Document(meta=Meta(**meta), children=list(blocks))


def test_title_block_headings_and_paragraphs():
    d = doc(
        Div(classes=["maketitle"]),
        Section(kind="chapter", level=0, number="2", title=[Text("Tools")], children=[
            P("Intro ", Emph(children=[Text("text")]), "."),
            Section(number="2.3", title=[Text("Converters")], children=[P("Body.")]),
            Section(number="", numbered=False, title=[Text("Notes")], children=[]),
        ]),
        title=[Text("The Book")], authors=[[Text("Ann")], [Text("Bob")]],
        date=[Text("2024")])
    assert render_text(d) == (
        "The Book\nAnn\nBob\n2024\n\n"
        "Chapter 2\nTools\n\nIntro text.\n\n2.3 Converters\n\nBody.\n\nNotes\n")
    # without \\maketitle (a Div of class maketitle) there is no title block, as in print
    d.children.pop(0)
    assert render_text(d).startswith("Chapter 2\nTools\n")


def test_footnotes_follow_their_paragraph():
    note = Note(mark="1", children=[P("A note.")])
    d = doc(Section(number="1", title=[Text("S")], children=[
        P("Text", note, " here."), P("Next.")]))
    assert render_text(d) == "1 S\n\nText[1] here.\n\n[1] A note.\n\nNext.\n"


def test_footnotes_blocks_hold_notes_when_present():
    note = Note(mark="1", children=[P("A note.")])
    d = doc(P("Text", note, "."), P("Next."), Footnotes(notes=[note]))
    assert render_text(d) == "Text[1].\n\nNext.\n\n[1] A note.\n"


def test_lists_bullets_numbers_labels_nested():
    inner = List(kind="itemize", items=[Item(children=[P("deep")])])
    d = doc(
        List(kind="itemize", items=[Item(children=[P("one")]),
                                    Item(children=[P("two"), inner])]),
        List(kind="enumerate", items=[Item(children=[P("a")]), Item(children=[P("b")])]),
        List(kind="enumerate", items=[Item(label=[Text("(iv)")], children=[P("x")])]),
        List(kind="description", items=[Item(label=[Text("Term")], term=True,
                                             children=[P("meaning")])]),
    )
    assert render_text(d) == (
        "• one\n• two\n\n  – deep\n\n1. a\n2. b\n\n(iv) x\n\nTerm — meaning\n")


@pytest.mark.parametrize("n,style,depth,label", [
    (1, "", 0, "1."), (2, "", 1, "(b)"), (4, "", 2, "iv."), (3, "", 3, "C."),
    (14, "Roman", 0, "XIV."), (27, "alph", 0, "(aa)"),
])
def test_enumerate_labels(n, style, depth, label):
    assert enum_label(n, style, depth) == label


def test_quote_code_and_display_math():
    d = doc(
        Quote(children=[P("Wise words.")], attribution=[Text("Someone")]),
        CodeBlock(text="def f():\n    return 1\n"),
        DisplayMath(tex=r"\alpha^2 + \beta_1", rows=[MathRow(tex=r"\alpha^2 \le x", number="3.1")]),
        DisplayMath(tex=r"\frac{a+b}{2} \to \infty"),
    )
    assert render_text(d) == (
        "    Wise words.\n    — Someone\n\n"
        "def f():\n    return 1\n\n"
        "    α² ≤ x    (3.1)\n\n"
        "    (a+b)/2 → ∞\n")


def test_table_columns_are_aligned():
    def row(*cells, **kw):
        return Row(cells=[Cell(children=[Text(c)], align=a) for c, a in cells], **kw)
    t = Table(rows=[
        row(("Name", "left"), ("Qty", "right"), rule_above="toprule", rule_below="midrule"),
        row(("apple", "left"), ("3", "right")),
        row(("kiwi", "left"), ("120", "right"), rule_below="bottomrule"),
    ])
    fig = Figure(kind="table", number="1", caption=[Text("Fruit")], children=[t])
    assert render_text(doc(fig)) == (
        "Table 1: Fruit\n\n"
        "-----------\n"
        "Name  | Qty\n"
        "-----------\n"
        "apple |   3\n"
        "kiwi  | 120\n"
        "-----------\n")


def test_figure_caption_theorem_and_proof():
    d = doc(
        Figure(number="1.2", caption=[Text("A cat.")],
               children=[P(Image(src="cat.png", alt="cat"))]),
        Theorem(kind="theorem", name=[Text("Theorem")], number="2.1",
                note=[Text("Fermat")], children=[P("No solutions."), P("Really.")]),
        Proof(children=[P("Trivial.")]),
    )
    assert render_text(d) == (
        "[image: cat]\n\nFigure 1.2: A cat.\n\n"
        "Theorem 2.1 (Fermat). No solutions.\n\nReally.\n\n"
        "Proof. Trivial. ∎\n")


def test_contents_from_sections_when_unfilled():
    d = doc(Contents(),
            Section(kind="chapter", level=0, number="1", title=[Text("Start")], children=[
                Section(level=1, number="1.1", title=[Text("Sub")])]),
            Section(kind="chapter", level=0, number="", numbered=False,
                    title=[Text("Extra")]))
    out = render_text(d)
    assert out.startswith("Contents\n\n1 Start\n  1.1 Sub\nExtra\n\nChapter 1\nStart\n")


def test_index_and_bibliography():
    """Titled blocks show their title; untitled ones (the LaTeX layer puts them in an
    unnumbered unit that carries the heading) show none."""
    idx = IndexBlock(title=[Text("Index")], groups=[IndexGroup(letter="G", entries=[
        IndexEntry(text=[Text("graph")], locators=[
            IndexLocator(target="idx-1", label="1.2"),
            IndexLocator(target="idx-4", label="2.1–2.3", range="open")],
            children=[IndexEntry(text=[Text("directed")],
                                 locators=[IndexLocator(label="3")])],
            see_also=[[Text("tree")]])])])
    bib = Bibliography(title=[Text("Bibliography")],
                       entries=[BibEntry(key="k", label="1", children=[Text("Knuth.")])])
    ay = Section(kind="chapter", level=0, number="", numbered=False, title=[Text("Works")],
                 children=[Bibliography(entries=[BibEntry(key="k", label="Knuth (1984)",
                                                          children=[Text("Knuth.")])])])
    out = render_text(doc(idx, bib, ay, docclass="book"))
    assert out == ("Index\n\nG\ngraph, 1.2, 2.1–2.3, see also tree\n  directed, 3\n\n"
                   "Bibliography\n\n[1] Knuth.\n\nWorks\n\nKnuth.\n")


def test_backrefs_name_the_citing_units():
    """With backref loaded, each entry ends with the document's wording and the numbers
    of the units that cite it (pages do not exist in the edition)."""
    texts = ["(No citations.)", "(Cited on page {}.)", "(Cited on pages {}.)"]
    bib = Bibliography(backref=texts, entries=[
        BibEntry(key="a", label="1", children=[Text("A.")], backrefs=["c1", "c2", "c3", "c4"]),
        BibEntry(key="b", label="2", children=[Text("B.")], backrefs=["c5"]),
        BibEntry(key="c", label="3", children=[Text("C.")])])
    body = [Section(number="1.1", title=[Text("S")], children=[
                P("x", Cite(keys=["a"], id="c1"), Cite(keys=["a"], id="c2"))]),
            Section(number="1.2", title=[Text("T")], children=[P(Cite(keys=["a", "b"], id="c3"))]),
            Section(number="", numbered=False, title=[Text("Notes")], children=[
                P(Cite(keys=["a"], id="c4"), Cite(keys=["b"], id="c5")),
                Section(number="", numbered=False, title=[Text("More")], children=[
                    P(Cite(keys=["b"], id="c6"))])]),
            Section(kind="chapter", level=0, number="2", title=[Text("C")], children=[
                Section(number="", numbered=False, title=[Text("Exercises")], children=[
                    P(Cite(keys=["b"], id="c7"))])])]
    bib.entries[1].backrefs += ["c6", "c7"]
    out = render_text(doc(*body, bib))
    assert "[1] A. (Cited on pages 1.1, 1.2, and Notes.)" in out
    assert "[2] B. (Cited on pages Notes and 2.)" in out
    assert "[3] C. (No citations.)" in out


def test_margin_notes_are_numbered_apart_from_footnotes():
    d = doc(P("a", Note(kind="margin", children=[P("side")]), " b",
              Note(mark="1", children=[P("foot")]), " c",
              Note(kind="margin", children=[P("other")])))
    assert render_text(d) == "a[m1] b[1] c[m2]\n\n[m1] side\n\n[1] foot\n\n[m2] other\n"


def test_rowspan_keeps_later_cells_in_their_columns():
    t = Table(rows=[Row(cells=[Cell(children=[Text("big")], rowspan=2), Cell(children=[Text("a")]),
                               Cell(children=[Text("b")])]),
                    Row(cells=[Cell(children=[Text("c")]), Cell(children=[Text("d")])]),
                    Row(cells=[Cell(children=[Text("e")]), Cell(children=[Text("f")]),
                               Cell(children=[Text("g")])])])
    assert render_text(doc(t)) == "big | a | b\n    | c | d\ne   | f | g\n"


def test_refs_unresolved_spans_linebreaks_and_nfc():
    d = doc(P("See ", Ref(target="x", children=[Text("2.1")], resolved=True), ", ",
              Span(classes=["unresolved"], children=[Text("[y]")]), LineBreak(),
              "Cafe\u0301 ", Math(tex=r"x_1 + \mathbb{R}")))
    out = render_text(d)
    assert out == "See 2.1, [y]\nCafé x₁ + ℝ\n"
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("tex,lin", [
    (r"\alpha + \beta", "α + β"),
    (r"x^{2n} \leq y_{i+1}", "x²ⁿ ≤ y_(i+1)"),
    (r"\sqrt{x+1}", "√(x+1)"),
    (r"\sin x", "sin x"),
    (r"\left( a \right)", "( a )"),
    (r"\text{if } x", "if x"),
    (r"\unknownmacro", "\\unknownmacro"),
])
def test_linear_math(tex, lin):
    assert linear_math(tex) == lin


class Mystery(Paragraph):
    """A node type no writer knows about."""
    __slots__ = ()


def test_unknown_block_renders_children():
    assert render_text(doc(Mystery(children=[Text("still here")]))) == "still here\n"


def test_hostile_nesting_does_not_recurse_forever():
    node = Paragraph(children=[Text("deep")])
    for _ in range(600):
        node = List(items=[Item(children=[node])])
    inl = Text("x")
    for _ in range(2000):
        inl = Emph(children=[inl])
    out = render_text(doc(node, Paragraph(children=[inl])))
    assert "deep" in out and out.rstrip().endswith("x")
