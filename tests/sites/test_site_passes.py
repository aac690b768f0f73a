"""The toc and split passes on small trees: ids, contents, split levels, names.  (Issue 4.)"""

from __future__ import annotations

import io

import pytest

from octavo.config import BuildConfig
from octavo.doc.nodes import (
    Bibliography, BibEntry, Contents, Document, Figure, LabelTarget, Meta, Note, Paragraph,
    Section, Text,
)
from octavo.errors import Reporter
from octavo.transforms import TransformContext, split, toc


def T(s):
    return Text(text=s)


def sec(kind, level, number, title, *children, **kw):
    return Section(kind=kind, level=level, number=number, title=[T(title)], children=list(children), **kw)


def run(doc, **config):
    ctx = TransformContext(BuildConfig(**config), Reporter(stream=io.StringIO()))
    toc.run(doc, ctx)
    split.run(doc, ctx)
    return ctx


def article():
    return Document(meta=Meta(title=[T("Paper")], docclass="article"), children=[
        Paragraph(children=[T("Abstract-ish opening.")]),
        sec("section", 1, "1", "Introduction", Paragraph(children=[T("intro")]),
            sec("subsection", 2, "1.1", "Motivation", Paragraph(children=[T("why")]))),
        sec("section", 1, "2", "Method", Paragraph(children=[T("how")])),
        sec("section", 1, "", "Acknowledgements", Paragraph(children=[T("thanks")]), numbered=False),
    ])


def names(ctx):
    return [p.filename for p in ctx.data["pages"]]


def test_article_default_split_is_one_page_per_section():
    ctx = run(article())
    assert names(ctx) == ["index.html", "1-introduction.html", "2-method.html", "acknowledgements.html"]
    pages = ctx.data["pages"]
    assert [p.up.filename for p in pages[1:]] == ["index.html"] * 3
    # the subsection stays on its section's page, with an id from its number
    assert ctx.data["page_of"]["sec-1-1"] == "1-introduction.html"


@pytest.mark.parametrize("spec, expected", [
    ("subsection", ["index.html", "1-introduction.html", "1-1-motivation.html", "2-method.html",
                    "acknowledgements.html"]),
    ("2", ["index.html", "1-introduction.html", "1-1-motivation.html", "2-method.html",
           "acknowledgements.html"]),
    ("0", ["index.html"]),
])
def test_split_specs(spec, expected):
    assert names(run(article(), split=spec)) == expected


def test_unknown_split_spec_warns_and_uses_sections():
    ctx = run(article(), split="chapters please")
    assert "W-SPLIT" in [d.code for d in ctx.reporter.diagnostics]
    assert len(names(ctx)) == 4


def test_section_ids_from_orphan_labels_numbers_and_titles():
    doc = article()
    doc.labels = {"sec:method": LabelTarget(id="sec:method", kind="section", number="2")}
    run(doc)
    intro, method, ack = doc.children[1], doc.children[2], doc.children[3]
    assert method.id == "sec:method"  # the label names it, though the builder left no id
    assert intro.id == "sec-1"
    assert ack.id == "acknowledgements"


def test_ids_never_collide_with_existing_ones():
    doc = article()
    doc.children[0].id = "sec-1"  # a paragraph already uses the id a section would get
    run(doc)
    assert doc.children[1].id not in (None, "sec-1")


def test_toc_honours_in_toc_and_short_titles():
    doc = article()
    doc.children.insert(0, Contents(kind="toc"))
    doc.children[2].in_toc = False  # Introduction: its subsection moves up a level
    doc.children[3].short_title = [T("Meth.")]
    run(doc)
    entries = doc.children[0].entries
    assert [(e.number, e.title[0].text) for e in entries] == [
        ("1.1", "Motivation"), ("2", "Meth."), ("", "Acknowledgements")]
    assert doc.children[0].id == "contents"


def test_list_of_figures_gives_floats_ids():
    doc = article()
    fig = Figure(kind="figure", number="1", caption=[T("A plot")])
    doc.children[2].children.append(fig)
    doc.children.insert(0, Contents(kind="lof"))
    run(doc)
    assert fig.id == "fig-1"
    assert [e.target for e in doc.children[0].entries] == ["fig-1"]


def test_title_page_gets_a_toc_when_the_document_has_none():
    ctx = run(article())
    front = ctx.data["pages"][0].blocks
    assert isinstance(front[1], Contents) and front[1].id == "contents"
    assert ctx.data["contents_href"] == "index.html#contents"
    assert ctx.data["index_href"] == ""


def test_untitled_bibliography_stays_where_it_stands():
    doc = article()
    bib = Bibliography(entries=[BibEntry(key="k", label="1", id="bib-k")])
    doc.children[2].children.append(bib)
    ctx = run(doc)
    assert ctx.data["page_of"]["bib-k"] == "2-method.html"


def test_footnotes_collected_per_page_with_ids_and_marks():
    doc = article()
    n1 = Note(children=[Paragraph(children=[T("one")])])
    n2 = Note(children=[Paragraph(children=[T("two")])])
    doc.children[1].children[0].children.append(n1)
    doc.children[2].children[0].children.append(n2)
    ctx = run(doc)
    pages = {p.filename: p for p in ctx.data["pages"]}
    assert pages["1-introduction.html"].footnotes.notes == [n1]
    assert pages["2-method.html"].footnotes.notes == [n2]
    assert (n1.id, n1.mark, n2.id, n2.mark) == ("fn-1", "1", "fn-2", "2")
    assert ctx.data["noterefs"] == {"fn-1": "fnref-fn-1", "fn-2": "fnref-fn-2"}


def test_page_names_are_unique():
    doc = Document(meta=Meta(title=[T("Same")]), children=[
        sec("section", 1, "", "Notes"), sec("section", 1, "", "Notes"), sec("section", 1, "", "Index")])
    assert names(run(doc)) == ["index.html", "notes.html", "notes-2.html", "index-page.html"]


def test_document_without_sections_is_one_page():
    doc = Document(meta=Meta(title=[T("Memo")]), children=[Paragraph(children=[T("Hello.")])])
    ctx = run(doc)
    assert names(ctx) == ["index.html"]
    assert not any(isinstance(b, Contents) for b in ctx.data["pages"][0].blocks)


def test_bibliography_and_index_inside_the_last_section_get_their_own_pages():
    from octavo.doc.nodes import IndexBlock
    doc = article()
    bib = Bibliography(title=[T("References")], entries=[BibEntry(key="k", label="1", id="bib-k")])
    idx = IndexBlock(title=[T("Index")])
    doc.children[3].children += [bib, idx]  # where a builder leaves them: in the last section
    ctx = run(doc)
    assert names(ctx)[-3:] == ["acknowledgements.html", "references.html", "index-page.html"]
    assert ctx.data["page_of"]["bib-k"] == "references.html"
    assert ctx.data["index_href"] == "index-page.html"
    # with one page they stay where they stand
    doc2 = article()
    doc2.children[3].children.append(Bibliography(title=[T("References")], entries=[]))
    assert names(run(doc2, split="0")) == ["index.html"]
