"""The index transform (transforms/index.py): merging, sorting, ranges, see, levels."""

from __future__ import annotations

from octavo.config import BuildConfig
from octavo.doc.nodes import (
    Document, Emph, IndexBlock, IndexMark, Meta, Paragraph, Section, Text,
)
from octavo.doc.walk import text_of
from octavo.errors import Location, Reporter
from octavo.transforms import TransformContext
from octavo.transforms import index


def ctx() -> TransformContext:
    return TransformContext(config=BuildConfig(), reporter=Reporter())


def mark(*levels, **kw) -> IndexMark:
    """mark("a", ("b", "bsort")) -> path [(sort, [Text])...]."""
    path = []
    for lv in levels:
        if isinstance(lv, tuple):
            text, sort = lv
        else:
            text, sort = lv, ""
        path.append((sort, [Text(text)]))
    return IndexMark(path=path, raw="!".join(str(lv) for lv in levels), **kw)


def doc_with(sections: list[list[IndexMark]], *, numbered=True, blocks=None) -> Document:
    secs = []
    for i, ms in enumerate(sections, start=1):
        secs.append(Section(number=str(i) if numbered else "", numbered=numbered,
                            title=[Text(f"Part {i}")],
                            children=[Paragraph(children=[Text("x")] + ms)]))
    blocks = [IndexBlock()] if blocks is None else blocks
    return Document(meta=Meta(title=[Text("T")]), children=secs + blocks)


def entries(block: IndexBlock) -> list[str]:
    return [text_of(e.text) for g in block.groups for e in g.entries]


def test_sorting_ignores_case_and_accents_symbols_numbers_first():
    words = ["zebra", "Étienne", "apple", "eagle", "Ezra", "10", "2", "$x$", "Banana"]
    doc = doc_with([[mark(w) for w in words]])
    index.run(doc, ctx())
    block = doc.children[-1]
    assert entries(block) == ["$x$", "2", "10", "apple", "Banana", "eagle", "Étienne",
                              "Ezra", "zebra"]
    assert [g.letter for g in block.groups] == ["Symbols", "Numbers", "A", "B", "E", "Z"]
    e_group = [g for g in block.groups if g.letter == "E"][0]
    assert [text_of(e.text) for e in e_group.entries] == ["eagle", "Étienne", "Ezra"]


def test_at_sort_key_orders_by_key_but_prints_text():
    doc = doc_with([[mark(("alpha", "a")), mark(("\u03b1-particle", "alpha particle")),
                     mark("beta")]])
    index.run(doc, ctx())
    assert entries(doc.children[-1]) == ["alpha", "\u03b1-particle", "beta"]


def test_same_entry_merges_locators_in_document_order_and_dedupes():
    doc = doc_with([[mark("graph"), mark("graph")], [mark("tree")], [mark("graph")]])
    index.run(doc, ctx())
    g = doc.children[-1].groups[0].entries[0]
    assert text_of(g.text) == "graph"
    assert [loc.label for loc in g.locators] == ["1", "3"]
    # every locator links to a mark id, and every mark received one
    marks = [n for s in doc.children[:-1] for n in s.children[0].children
             if isinstance(n, IndexMark)]
    assert all(m.id and m.id.startswith("idx-") for m in marks)
    assert len({m.id for m in marks}) == len(marks)
    assert g.locators[0].target == marks[0].id


def test_three_levels_nest_and_sort():
    doc = doc_with([[mark("animal", "mammal", "whale"), mark("animal", "bird"),
                     mark("animal", "mammal", "cat"), mark("animal")]])
    index.run(doc, ctx())
    animal = doc.children[-1].groups[0].entries[0]
    assert [text_of(c.text) for c in animal.children] == ["bird", "mammal"]
    mammal = animal.children[1]
    assert [text_of(c.text) for c in mammal.children] == ["cat", "whale"]
    assert [loc.label for loc in animal.locators] == ["1"]
    assert mammal.locators == []


def test_same_text_different_sort_key_are_different_entries():
    doc = doc_with([[mark(("Lie", "Lie group")), mark("Lie")]])
    index.run(doc, ctx())
    assert entries(doc.children[-1]) == ["Lie", "Lie"]


def test_range_becomes_one_locator_linking_to_its_start():
    open_ = mark("proof", range="open")
    close = mark("proof", range="close")
    doc = doc_with([[open_], [mark("other")], [close]])
    index.run(doc, ctx())
    proof = [e for g in doc.children[-1].groups for e in g.entries
             if text_of(e.text) == "proof"][0]
    assert len(proof.locators) == 1
    loc = proof.locators[0]
    assert loc.label == "1\u20133" and loc.range == "open" and loc.target == open_.id


def test_unbalanced_range_warns_with_location():
    c = ctx()
    bad = mark("x", range="close", loc=Location("a.tex", 4, 2))
    doc = doc_with([[bad]])
    index.run(doc, c)
    assert [d.code for d in c.reporter.diagnostics] == ["W-INDEX-RANGE"]
    assert c.reporter.diagnostics[0].loc.line == 4
    assert [loc.label for loc in doc.children[-1].groups[0].entries[0].locators] == ["1"]


def test_see_and_see_also_have_no_locator():
    doc = doc_with([[mark("car", see=[Text("automobile")]),
                     mark("bike", see_also=[Emph(children=[Text("cycle")])]),
                     mark("bike")]])
    index.run(doc, ctx())
    es = {text_of(e.text): e for g in doc.children[-1].groups for e in g.entries}
    assert es["car"].locators == [] and [text_of(s) for s in es["car"].see] == ["automobile"]
    assert [text_of(s) for s in es["bike"].see_also] == ["cycle"]
    assert len(es["bike"].locators) == 1


def test_encap_is_kept_and_hyperpage_dropped():
    doc = doc_with([[mark("key", encap="textbf"), mark("key", encap="hyperpage")], []])
    index.run(doc, ctx())
    locs = doc.children[-1].groups[0].entries[0].locators
    assert [(loc.label, loc.encap) for loc in locs] == [("1", "textbf"), ("1", "")]


def test_unnumbered_sections_give_their_title():
    doc = doc_with([[mark("a")]], numbered=False)
    index.run(doc, ctx())
    assert doc.children[-1].groups[0].entries[0].locators[0].label == "Part 1"


def test_multiple_indexes_and_unplaced_index():
    doc = doc_with([[mark("word"), mark("Knuth", index="names"), mark("x", index="other")]],
                   blocks=[IndexBlock(name="default"), IndexBlock(name="names")])
    c = ctx()
    index.run(doc, c)
    default, names = doc.children[-2:]
    assert entries(default) == ["word"]
    assert entries(names) == ["Knuth"]
    assert "other" in c.data["index"]          # built, just not placed
    assert c.reporter.warnings == 0


def test_no_printindex_no_crash():
    doc = doc_with([[mark("a")]], blocks=[])
    c = ctx()
    index.run(doc, c)
    assert c.data["index"]["default"][0].entries[0].sort_key == "a"
