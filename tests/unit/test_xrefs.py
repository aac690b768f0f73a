"""Cross-reference resolution (transforms/xrefs.py) on hand-built trees."""

from __future__ import annotations

import pytest

from octavo.config import BuildConfig
from octavo.doc.nodes import (
    DisplayMath, Document, Figure, LabelTarget, Meta, Paragraph, Ref, Section, Span, Text,
    Theorem,
)
from octavo.doc.walk import text_of
from octavo.errors import Location, Reporter
from octavo.transforms import TransformContext
from octavo.transforms import xrefs


def ctx() -> TransformContext:
    return TransformContext(config=BuildConfig(), reporter=Reporter())


def book() -> tuple[Document, Paragraph]:
    """Chapter 2 with sections 2.1, 2.2, 2.3, an unnumbered section holding a figure,
    an equation, a theorem and a lemma."""
    para = Paragraph(children=[])
    fig = Figure(caption=[Text("A cat")], number="2.1", id="fig-cat")
    eq = DisplayMath(tex="x=1", id="eq-one")
    thm = Theorem(kind="theorem", number="2.4", id="thm-main")
    lem = Theorem(kind="lemma", number="2.5", id="lem-aux")
    star = Section(kind="section", level=1, title=[Text("Notes")], numbered=False,
                   children=[fig], id="sec-notes")
    secs = [Section(kind="section", level=1, number=f"2.{i}", title=[Text(f"S{i}")],
                    id=f"sec-{i}", children=[]) for i in (1, 2, 3)]
    secs[0].children = [para, eq, thm, lem]
    chap = Section(kind="chapter", level=0, number="2", title=[Text("Converters")],
                   id="chap-2", children=secs + [star])
    labels = {
        "chap:conv": LabelTarget("chap-2", "chapter", "2", [Text("Converters")]),
        "sec:a": LabelTarget("sec-1", "section", "2.1", [Text("S1")]),
        "sec:b": LabelTarget("sec-2", "section", "2.2", [Text("S2")]),
        "sec:c": LabelTarget("sec-3", "section", "2.3", [Text("S3")]),
        "sec:notes": LabelTarget("sec-notes", "section", "", [Text("Notes")]),
        "fig:cat": LabelTarget("fig-cat", "figure", "2.1", [Text("A cat")]),
        "eq:one": LabelTarget("eq-one", "equation", "2.7"),
        "thm:main": LabelTarget("thm-main", "theorem", "2.4"),
        "lem:aux": LabelTarget("lem-aux", "lemma", "2.5"),
    }
    doc = Document(meta=Meta(title=[Text("Book")]), children=[chap], labels=labels)
    return doc, para


def resolve(kind: str, target: str) -> tuple[Ref, Reporter]:
    doc, para = book()
    ref = Ref(kind=kind, target=target, loc=Location("main.tex", 12, 5))
    para.children.append(ref)
    c = ctx()
    xrefs.run(doc, c)
    return ref, c.reporter


@pytest.mark.parametrize("kind,target,shown", [
    ("ref", "sec:b", "2.2"),
    ("ref", "fig:cat", "2.1"),
    ("ref", "sec:notes", "Notes"),          # unnumbered: the title, never '??'
    ("eqref", "eq:one", "(2.7)"),
    ("pageref", "fig:cat", "Notes"),        # enclosing section is unnumbered
    ("pageref", "eq:one", "2.1"),           # innermost numbered section
    ("nameref", "chap:conv", "Converters"),
    ("autoref", "fig:cat", "Figure\u00a02.1"),
    ("autoref", "sec:a", "section\u00a02.1"),
    ("autoref", "eq:one", "Equation\u00a02.7"),
    ("autoref", "lem:aux", "Lemma\u00a02.5"),
    ("cref", "eq:one", "eq.\u00a0(2.7)"),
    ("Cref", "eq:one", "Equation\u00a0(2.7)"),
    ("cref", "fig:cat", "fig.\u00a02.1"),
    ("Cref", "chap:conv", "Chapter\u00a02"),
    ("cref", "thm:main", "theorem\u00a02.4"),
    ("cref", "sec:a,sec:b", "sections\u00a02.1 and 2.2"),
    ("cref", "sec:a,sec:b,sec:c", "sections\u00a02.1 to 2.3"),
    ("Cref", "sec:a,fig:cat", "Section\u00a02.1 and fig.\u00a02.1"),
    ("crefrange", "sec:a,sec:c", "sections\u00a02.1 to 2.3"),
])
def test_reference_kinds(kind, target, shown):
    ref, rep = resolve(kind, target)
    assert text_of(ref.children) == shown
    assert ref.resolved
    assert rep.warnings == 0


def test_undefined_label_is_visible_and_located():
    ref, rep = resolve("ref", "sec:nowhere")
    assert not ref.resolved
    assert "??" not in text_of(ref.children)
    span = ref.children[0]
    assert isinstance(span, Span) and span.classes == ["unresolved"]
    assert text_of(ref.children) == "[sec:nowhere]"
    d = rep.diagnostics[0]
    assert d.code == "W-UNDEFINED-REF"
    assert (d.loc.line, d.loc.col) == (12, 5)
    assert "sec:nowhere" in d.message


def test_partly_undefined_cref_keeps_known_part():
    ref, rep = resolve("cref", "sec:a,nope")
    assert not ref.resolved
    assert text_of(ref.children) == "section\u00a02.1, [nope]"
    assert rep.warnings == 1


def test_hyperref_keeps_author_text():
    doc, para = book()
    ref = Ref(kind="hyperref", target="sec:b", children=[Text("the second part")])
    para.children.append(ref)
    xrefs.run(doc, ctx())
    assert ref.resolved and text_of(ref.children) == "the second part"


def test_refs_in_titles_resolve_and_copied_titles_drop_ids():
    doc, para = book()
    chap = doc.children[0]
    inner = Ref(kind="ref", target="sec:c")
    chap.children[1].title.append(inner)
    ref = Ref(kind="nameref", target="sec:b")
    para.children.append(ref)
    xrefs.run(doc, ctx())
    assert text_of(inner.children) == "2.3"
    # nameref copies the title: no id may be duplicated by the copy
    assert all(n.id is None for n in ref.children)


def test_pageref_before_any_section_uses_document_title():
    p = Paragraph(children=[], id="p1")
    ref = Ref(kind="pageref", target="top")
    doc = Document(meta=Meta(title=[Text("My Book")]),
                   children=[p, Paragraph(children=[ref])],
                   labels={"top": LabelTarget("p1", "", "")})
    xrefs.run(doc, ctx())
    assert text_of(ref.children) == "My Book"
