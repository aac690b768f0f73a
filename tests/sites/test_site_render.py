"""The HTML visitor on single nodes: every node type, unknown nodes, depth, attributes.
(Issue 4.)"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from octavo.config import BuildConfig
from octavo.doc import nodes as N
from octavo.errors import Reporter
from octavo.transforms import TransformContext
from octavo.writers.html.render import HtmlRenderer, SiteLinks


class _Page:
    filename = "p.html"
    unit = None
    level = -2
    title: list = []
    number = ""


def renderer(**config):
    ctx = TransformContext(BuildConfig(**config), Reporter(stream=io.StringIO()))
    r = HtmlRenderer(ctx, SiteLinks(page_of={"x": "p.html"}, top_level=0))
    r.start_page(_Page())
    return r, ctx


def T(s):
    return N.Text(text=s)


def test_every_node_type_has_a_method():
    r, _ = renderer()
    missing = [name for name, cls in N.NODE_TYPES.items()
               if issubclass(cls, (N.Block, N.Inline)) and cls not in r.block_methods and cls not in r.inline_methods]
    assert missing == []


@dataclass(slots=True)
class Mystery(N.Block):
    children: list = field(default_factory=list)


def test_unknown_node_renders_children_and_warns_once():
    r, ctx = renderer()
    html = r.blocks([Mystery(children=[N.Paragraph(children=[T("inside")])]),
                     Mystery(children=[N.Paragraph(children=[T("again")])])])
    assert html == "<p>inside</p>\n<p>again</p>\n"
    assert [d.code for d in ctx.reporter.diagnostics] == ["W-UNKNOWN-NODE"]


def test_deep_nesting_does_not_overflow():
    r, ctx = renderer()
    node = T("bottom")
    for _ in range(5000):
        node = N.Emph(children=[node])
    html = r.blocks([N.Paragraph(children=[node])])
    assert "bottom" in html
    assert "W-DEPTH" in [d.code for d in ctx.reporter.diagnostics]


def test_table_spans_alignment_and_header():
    r, _ = renderer()
    t = N.Table(rows=[
        N.Row(cells=[N.Cell(children=[T("a")], header=True), N.Cell(children=[T("b")], header=True)]),
        N.Row(cells=[N.Cell(children=[T("c")], colspan=2, align="right")], rule_above="hline"),
        N.Row(cells=[N.Cell(children=[T("d")], rowspan=2), N.Cell(children=[T("e")], align="center")]),
        N.Row(cells=[N.Cell(children=[N.Paragraph(children=[T("f")])])]),
    ])
    tree = HTMLParser(str(r.block(t)))
    assert [th.attributes["scope"] for th in tree.css("thead th")] == ["col", "col"]
    c = tree.css_first("td.align-right")
    assert c.attributes["colspan"] == "2" and c.parent.attributes["class"] == "rule-above-hline"
    assert tree.css_first('td[rowspan="2"]').text() == "d"
    assert tree.css_first("td.align-center").text() == "e"
    assert tree.css_first("td p").text() == "f"


def test_attributes_and_classes_are_filtered():
    r, ctx = renderer()
    html = str(r.block(N.Div(classes=["center", 'x" onclick="y', "ok-2"],
                             attrs={"onclick": "alert(1)", "title": '"><script>', "data-kind": "k"},
                             children=[])))
    tree = HTMLParser(html)
    div = tree.css_first("div")
    assert div.attributes == {"class": "center ok-2", "data-kind": "k", "title": '"><script>'}
    assert "W-ATTRIBUTE" in [d.code for d in ctx.reporter.diagnostics]


def test_styles_colours_and_lengths_are_validated():
    r, _ = renderer()
    good = str(r.inline(N.Styled(style="smallcaps", color="#a00", children=[T("x")])))
    assert good == '<span class="smallcaps" style="color: #a00">x</span>'
    bad = str(r.inline(N.Styled(style="large", color="red; background: url(x)", children=[T("x")])))
    assert bad == '<span class="size-large">x</span>'
    assert str(r.inline(N.Styled(style="superscript", children=[T("2")]))) == "<sup>2</sup>"


def test_theorem_and_proof_run_in_headings():
    r, _ = renderer()
    html = str(r.blocks([
        N.Theorem(kind="lemma", name=[T("Lemma")], number="2", note=[T("Zorn")], id="x",
                  children=[N.Paragraph(children=[T("Chains have bounds.")])]),
        N.Proof(children=[N.Paragraph(children=[T("Obvious.")])]),
    ]))
    tree = HTMLParser(html)
    thm = tree.css_first("div.theorem.theorem-lemma")
    assert thm.attributes["id"] == "x"
    assert " ".join(thm.css_first("p").text().split()) == "Lemma 2 (Zorn). Chains have bounds."
    assert tree.css_first("div.proof p").text() == "Proof. Obvious. ∎"


def test_math_is_embedded_and_missing_mathml_falls_back_to_tex():
    r, _ = renderer()
    assert str(r.inline(N.Math(tex="x", mathml="<math><mi>x</mi></math>"))) == "<math><mi>x</mi></math>"
    # a formula without MathML is converted now, escaped; one that cannot be read shows its source
    assert str(r.inline(N.Math(tex="a<b"))) == ('<math display="inline" alttext="a&lt;b"><mi>a</mi>'
                                                '<mo>&lt;</mo><mi>b</mi></math>')
    assert str(r.inline(N.Math(tex=r"\left( a<b"))) == '<span class="math-tex">\\left( a&lt;b</span>'
    dm = str(r.block(N.DisplayMath(tex="a", mathml='<math display="block"><mi>a</mi></math>',
                                   rows=[N.MathRow(number="3", id="eq")])))
    assert '<span id="eq" class="eqno">(3)</span>' in dm


def test_lists_and_description():
    r, _ = renderer()
    ol = str(r.block(N.List(kind="enumerate", style="Alph", start=3,
                            items=[N.Item(children=[N.Paragraph(children=[T("c")])])])))
    assert ol.startswith('<ol class="list list-enumerate" type="A" start="3">')
    dl = str(r.block(N.List(kind="description", items=[N.Item(label=[T("term")], term=True, children=[])])))
    assert "<dt>term</dt>" in dl


def test_ids_written_once_per_page():
    r, _ = renderer()
    html = str(r.blocks([N.Paragraph(id="x", children=[T("a")]), N.Paragraph(id="x", children=[T("b")])]))
    assert html.count('id="x"') == 1


def test_internal_link_to_unknown_target_warns():
    r, ctx = renderer()
    html = str(r.inline(N.Link(url="nowhere", internal=True, children=[T("t")])))
    assert html == '<span class="link-broken">t</span>'
    assert "W-LINK-TARGET" in [d.code for d in ctx.reporter.diagnostics]
    assert str(r.inline(N.Link(url="x", internal=True, children=[T("t")]))) == \
        '<a class="internal" href="p.html#x">t</a>'


def test_note_with_inline_children_gets_one_paragraph():
    from octavo.writers.html.backmatter import footnotes
    r, _ = renderer()
    r.links.noterefs["n1"] = "fnref-n1"
    note = N.Note(id="n1", mark="1", children=[T("loose "), N.Emph(children=[T("text")])])
    html = str(footnotes(r, N.Footnotes(notes=[note])))
    assert '<p><a class="fn-back" href="p.html#fnref-n1"' in html
    assert html.count("<p>") == 1 and "loose <em>text</em>" in html


def test_display_numbered_by_the_math_module_is_not_numbered_twice():
    r, _ = renderer()
    html = ('<div class="equation"><math display="block"><mi>a</mi></math>'
            '<span class="eqno" id="eq:one">(1.1)</span></div>')
    out = str(r.block(N.DisplayMath(tex="a", mathml=html, rows=[N.MathRow(number="1.1", id="eq:one")])))
    assert out.count('id="eq:one"') == 1 and out.count("(1.1)") == 1


def test_formula_made_after_reading_is_set_as_mathml():
    """A transform's formula without MathML ($(\\infty,1)$ in a .bib title) is converted
    when the page is written; a broken one still carries its source as alttext."""
    r, ctx = renderer()
    html = str(r.inlines([T("A survey of "), N.Math(tex=r"(\infty,1)"), T("-categories")]))
    tree = HTMLParser(html)
    assert tree.css_first("math").attributes["alttext"] == r"(\infty,1)"
    assert "∞" in tree.css_first("math").text() and "\\infty" not in tree.text()
    broken = HTMLParser(str(r.inlines([N.Math(tex=r"\frac{1}{")])))
    assert broken.css_first("math").attributes["alttext"] == r"\frac{1}{"
    assert ctx.reporter.diagnostics == []
