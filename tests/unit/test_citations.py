"""Citations and .bib formatting (transforms/citations.py, transforms/bibtex.py)."""

from __future__ import annotations

import re

import pytest

from octavo.config import BuildConfig
from octavo.doc.nodes import (
    BibEntry, Bibliography, Cite, Document, Emph, Link, Math, Paragraph, Span, Text,
)
from octavo.doc.walk import text_of, walk
from octavo.errors import Location, Reporter
from octavo.transforms import TransformContext, citations

BIB = r"""
@book{knuth84,
  author = {Donald E. Knuth},
  title = {The {\TeX}book},
  publisher = {Addison-Wesley},
  year = 1984,
  doi = {10.1000/xyz},
}
@article{ghys90,
  author = {{\'E}tienne Ghys and Jos{\'e} M. Garc\'{\i}a and Anna Smith},
  title = {Caf\'e na\"ive {\em structures} of $x^2$},
  journal = {J. Math},
  year = {1990}, volume = 3, pages = {1--10},
  url = {https://example.org/a_b?x=1},
}
@book{lamport94,
  author = {Leslie Lamport},
  title = {{\LaTeX}: A Document Preparation System},
  publisher = {Addison-Wesley},
  year = 1994,
}
@book{knuth86,
  author = {Donald E. Knuth},
  title = {The {\METAFONT}book},
  publisher = {Addison-Wesley},
  year = 1984,
}
"""


def build(tmp_path, cites, style="plain", bib=BIB, **kw):
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    bibl = Bibliography(sources=["refs"], style=style, loc=Location("main.tex", 40, 1))
    doc = Document(children=[Paragraph(children=list(cites)), bibl],
                   source_root=str(tmp_path))
    ctx = TransformContext(config=BuildConfig(), reporter=Reporter(), **kw)
    citations.run(doc, ctx)
    return doc, bibl, ctx.reporter


def shown(c: Cite) -> str:
    return text_of(c.children)


def test_numeric_plain_only_cited_in_style_order(tmp_path):
    cs = [Cite(keys=["lamport94"]), Cite(keys=["knuth84", "lamport94"])]
    doc, bib, rep = build(tmp_path, cs)
    assert [e.key for e in bib.entries] == ["knuth84", "lamport94"]   # sorted by author
    assert [e.label for e in bib.entries] == ["1", "2"]
    assert shown(cs[0]) == "[2]" and shown(cs[1]) == "[1, 2]"
    assert rep.errors == rep.warnings == 0


def test_unsrt_keeps_citation_order(tmp_path):
    cs = [Cite(keys=["lamport94"]), Cite(keys=["knuth84"])]
    _, bib, _ = build(tmp_path, cs, style="unsrt")
    assert [(e.key, e.label) for e in bib.entries] == [("lamport94", "1"), ("knuth84", "2")]
    assert shown(cs[0]) == "[1]"


def test_alpha_labels(tmp_path):
    cs = [Cite(keys=["knuth84"]), Cite(keys=["ghys90"])]
    _, bib, _ = build(tmp_path, cs, style="alpha")
    assert shown(cs[0]) == "[Knu84]" and shown(cs[1]) == "[GGS90]"


def test_ids_backrefs_and_links(tmp_path):
    cs = [Cite(keys=["knuth84"]), Cite(keys=["knuth84"], postnote=[Text("p. 5")])]
    _, bib, _ = build(tmp_path, cs)
    entry = bib.entries[0]
    assert entry.id == "bib-knuth84"
    assert [c.id for c in cs] == ["cite-1", "cite-2"]
    assert entry.backrefs == ["cite-1", "cite-2"]
    link = [n for n in cs[1].children if isinstance(n, Link)][0]
    assert link.internal and link.url == "bib-knuth84"
    assert shown(cs[1]) == "[1, p. 5]"


@pytest.mark.parametrize("mode,pre,post,expected", [
    ("citet", [], [], "Knuth (1984a)"),
    ("citep", [], [], "(Knuth, 1984a)"),
    ("citep", [Text("see")], [Text("p. 5")], "(see Knuth, 1984a, p. 5)"),
    ("citet", [], [Text("ch. 2")], "Knuth (1984a, ch. 2)"),
    ("citealt", [], [], "Knuth 1984a"),
    ("citealp", [], [], "Knuth, 1984a"),
    ("citeauthor", [], [], "Knuth"),
    ("citeyear", [], [], "1984a"),
    ("citeyearpar", [], [], "(1984a)"),
])
def test_natbib_author_year_modes(tmp_path, mode, pre, post, expected):
    c = Cite(keys=["knuth86"], mode=mode, prenote=pre, postnote=post)
    build(tmp_path, [c, Cite(keys=["knuth84"], mode="nocite")], style="plainnat")
    assert shown(c) == expected


def test_author_year_disambiguation_merging_and_et_al(tmp_path):
    both = Cite(keys=["knuth86", "knuth84", "lamport94"], mode="citep")
    textual = Cite(keys=["ghys90"], mode="citet")
    full = Cite(keys=["ghys90"], mode="citet*")
    _, bib, _ = build(tmp_path, [both, textual, full], style="plainnat")
    assert shown(both) == "(Knuth, 1984a, 1984b; Lamport, 1994)"
    assert shown(textual) == "Ghys et al. (1990)"
    assert shown(full) == "Ghys, García, and Smith (1990)"
    assert citations.shows_labels(bib) is False


def test_nocite_star_lists_everything_and_shows_nothing(tmp_path):
    c = Cite(keys=["*"], mode="nocite")
    _, bib, rep = build(tmp_path, [c])
    assert c.children == []
    assert sorted(e.key for e in bib.entries) == ["ghys90", "knuth84", "knuth86", "lamport94"]
    assert rep.warnings == 0


def test_latex_decoding_and_rich_text(tmp_path):
    c = Cite(keys=["ghys90", "knuth84", "lamport94"])
    _, bib, _ = build(tmp_path, [c])
    by_key = {e.key: e for e in bib.entries}
    ghys = by_key["ghys90"]
    text = text_of(ghys.children)
    assert "Étienne Ghys" in text and "José" in text and "García" in text
    assert "Café naïve" in text and "1–10" in text
    assert "\\" not in text and "{" not in text
    assert any(isinstance(n, Math) and n.tex == "x^2" for n in walk(ghys))
    assert any(isinstance(n, Emph) and text_of(n.children) == "structures"
               for n in walk(ghys))
    urls = [n.url for n in walk(ghys) if isinstance(n, Link)]
    assert urls == ["https://example.org/a_b?x=1"]
    knuth = by_key["knuth84"]
    assert "The TeXbook" in text_of(knuth.children)
    assert [n.url for n in walk(knuth) if isinstance(n, Link)] == ["https://doi.org/10.1000/xyz"]
    assert "LaTeX: A Document" in text_of(by_key["lamport94"].children)


def test_undefined_key_is_visible_and_located(tmp_path):
    c = Cite(keys=["knuth84", "nobody"], loc=Location("main.tex", 7, 3))
    _, _, rep = build(tmp_path, [c])
    assert shown(c) == "[1, nobody?]"
    assert any(isinstance(n, Span) and n.classes == ["unresolved"] for n in c.children)
    d = [d for d in rep.diagnostics if d.code == "W-UNDEFINED-CITE"][0]
    assert d.loc == Location("main.tex", 7, 3) and "nobody" in d.message


def test_malformed_bib_is_a_located_diagnostic(tmp_path):
    bad = BIB + "\n@misc{broken,\n  author = {A B,\n  title = {x}\n}\n@misc{after, title={T}, year=2001}\n"
    cs = [Cite(keys=["knuth84", "after"])]
    _, bib, rep = build(tmp_path, cs, bib=bad)
    errs = [d for d in rep.diagnostics if d.code == "E-BIB-SYNTAX"]
    assert errs and errs[0].loc.file == "refs.bib" and errs[0].loc.line > 30
    assert "broken" in errs[0].message
    assert "knuth84" in [e.key for e in bib.entries]
    assert "broken" not in [e.key for e in bib.entries]


def test_missing_bib_file_and_outside_root(tmp_path):
    for src in ["nothere", "../outside"]:
        (tmp_path / "sub").mkdir(exist_ok=True)
        (tmp_path / "outside.bib").write_text(BIB)
        bibl = Bibliography(sources=[src], loc=Location("main.tex", 9, 1))
        doc = Document(children=[Paragraph(children=[Cite(keys=["knuth84"])]), bibl],
                       source_root=str(tmp_path / "sub"))
        ctx = TransformContext(config=BuildConfig(), reporter=Reporter())
        citations.run(doc, ctx)
        codes = [d.code for d in ctx.reporter.diagnostics]
        assert codes[0] == ("E-BIB-READ" if src == "nothere" else "E-PATH-OUTSIDE")
        assert ctx.reporter.diagnostics[0].loc.line == 9
        assert bibl.entries == []


def test_injected_reader_is_used(tmp_path):
    asked = []

    def reader(path: str) -> str:
        asked.append(path)
        return BIB

    bibl = Bibliography(sources=["virtual.bib"])
    c = Cite(keys=["lamport94"])
    doc = Document(children=[Paragraph(children=[c]), bibl], source_root="/nonexistent")
    ctx = TransformContext(config=BuildConfig(), reporter=Reporter(),
                           data={"read_file": reader})
    citations.run(doc, ctx)
    assert asked == ["virtual.bib"] and shown(c) == "[1]"


def test_thebibliography_numbers_and_natbib_labels():
    plain = Bibliography(entries=[BibEntry(key="a", children=[Text("A.")]),
                                  BibEntry(key="b", children=[Text("B.")])])
    c = Cite(keys=["b", "a"])
    doc = Document(children=[Paragraph(children=[c]), plain])
    citations.run(doc, TransformContext(config=BuildConfig(), reporter=Reporter()))
    assert shown(c) == "[2, 1]" and citations.shows_labels(plain)

    nat = Bibliography(entries=[BibEntry(key="k", label="Knuth(1984)")])
    t = Cite(keys=["k"], mode="citet")
    p = Cite(keys=["k"], mode="citep")
    doc = Document(children=[Paragraph(children=[t, p]), nat])
    citations.run(doc, TransformContext(config=BuildConfig(), reporter=Reporter()))
    assert shown(t) == "Knuth (1984)" and shown(p) == "(Knuth, 1984)"
    assert not citations.shows_labels(nat)


def test_safe_ids_are_unique_valid_and_bounded():
    used: set = set()
    a = citations.safe_id("knuth84", "bib", used)
    b = citations.safe_id("knuth84", "bib", used)
    c = citations.safe_id("knuth:84/x \u00e9", "bib", used)
    d = citations.safe_id("k" * 5000, "bib", used)
    assert a == "bib-knuth84" and b != a
    assert len({a, b, c, d}) == 4 and len(d) <= 64
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_.:-]*", x) for x in (a, b, c, d))
