"""Hostile text stays text; unsafe URLs and raw HTML never reach a page; builds are
byte-identical.  (Issue 4.)"""

from __future__ import annotations

import json
import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import build_site
from sample_tree import SCRIPT, book


def all_html(built):
    return {rel: built.read(rel) for rel in built.files if rel.endswith(".html")}


def test_hostile_titles_are_escaped_everywhere(hostile_site):
    pages = all_html(hostile_site)
    for rel, text in pages.items():
        # the only scripts are octavo's own
        scripts = re.findall(r"<script\b[^>]*>", text)
        assert scripts == ['<script src="static/octavo.js" defer>'], rel
        assert "<script>alert" not in text, rel
        tree = HTMLParser(text)
        assert not [n.tag for n in tree.css("*") if any(k.startswith("on") for k in n.attributes)], rel
    index = pages["index.html"]
    # the hostile words are visible as text in the title, TOC and side TOC
    tree = HTMLParser(index)
    assert SCRIPT in tree.css_first("h1.doc-title").text()
    assert any(SCRIPT in a.text() for a in tree.css("nav#contents a"))
    assert any(SCRIPT in a.text() for a in tree.css("#octavo-sidetoc a"))
    assert SCRIPT in tree.css_first("title").text()
    memex = HTMLParser(pages["sec-memex.html"])
    assert memex.css_first("img").attributes["alt"] == "The memex desk " + SCRIPT
    index_page = HTMLParser(pages["the-index.html"])
    assert all(SCRIPT in t.text() for t in index_page.css(".index-term"))


def test_search_index_has_no_markup_and_keeps_the_text(hostile_site):
    js = hostile_site.read("search-index.js")
    assert "</" not in js and "<" not in js
    prefix = "window.OCTAVO_SEARCH = "
    body = js[js.index(prefix) + len(prefix):].rstrip().rstrip(";")
    data = json.loads(body)
    titles = [e[2] for e in data["entries"]]
    assert any(SCRIPT in t for t in titles)
    assert data["pages"][0] == "index.html"


def test_unsafe_link_keeps_text_without_href(site):
    tree = HTMLParser(site.read("2-1-latex2html.html"))
    refused = tree.css_first("span.link-refused")
    assert refused.text() == "script link"
    assert all("javascript" not in (a.attributes.get("href") or "") for a in tree.css("a"))
    assert tree.css_first('a.url').attributes["href"] == "https://www.latex2html.org/"
    assert "W-URL-SCHEME" in site.codes()


def test_raw_html_dropped_unless_trusted(site, tmp_path):
    assert "class='raw'" not in site.read("2-1-latex2html.html")
    assert "<b>bold</b>" not in site.read("2-1-latex2html.html")
    assert "W-RAW-DROPPED" in site.codes()
    trusted = build_site(tmp_path, trust=True)
    page = trusted.read("2-1-latex2html.html")
    assert "<b>bold</b>" in page and "class='raw'" in page


def test_code_is_highlighted_and_escaped(site):
    tree = HTMLParser(site.read("2-1-latex2html.html"))
    code = tree.css("pre.code")
    assert code[0].css_first("code").attributes["class"] == "language-python"
    assert code[0].css("span.k")  # Pygments token classes
    assert "<b>" in code[0].text()  # shown, not interpreted
    assert code[1].text() == "plain & simple <text>\n"


def test_two_builds_are_byte_identical(tmp_path):
    a = build_site(tmp_path / "a")
    b = build_site(tmp_path / "b")
    assert a.files == b.files
    for rel in a.files:
        assert (a.out / rel).read_bytes() == (b.out / rel).read_bytes(), rel


def test_signature_date_comes_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    fixed = build_site(tmp_path / "e", source_date_epoch=0)
    assert HTMLParser(fixed.read("index.html")).css_first(".signature").text() == \
        "As We May Think: A Hypertext Reader, 1970-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    from_env = build_site(tmp_path / "v", source_date_epoch=None)
    assert from_env.read("index.html").count("1970-01-02") == 1
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    undated = build_site(tmp_path / "u", source_date_epoch=None)
    assert HTMLParser(undated.read("index.html")).css_first(".signature").text() == \
        "As We May Think: A Hypertext Reader, 1 July 1945"
    own = build_site(tmp_path / "s", signature="Printed by <me>")
    assert "Printed by &lt;me&gt;" in own.read("sec-memex.html")


def test_user_template_overrides_builtin(tmp_path):
    tpl = tmp_path / "theme"
    (tpl / "static").mkdir(parents=True)
    (tpl / "page.html").write_text(
        '{% extends "octavo/page.html" %}{% block footer %}<footer class="mine">{{ signature }}</footer>'
        "{% endblock %}", "utf-8")
    (tpl / "static" / "octavo.css").write_text("body { color: teal; }\n", "utf-8")
    built = build_site(tmp_path / "b", template_dir=tpl)
    page = built.read("sec-memex.html")
    assert '<footer class="mine">' in page and 'class="navpanel navpanel-top"' in page
    assert built.read("static/octavo.css") == "body { color: teal; }\n"


def test_broken_user_template_is_a_located_error(tmp_path):
    import pytest
    from octavo.errors import OctavoError
    tpl = tmp_path / "theme"
    tpl.mkdir()
    (tpl / "page.html").write_text("line one\n{% if %}\n", "utf-8")
    with pytest.raises(OctavoError) as info:
        build_site(tmp_path / "b", template_dir=tpl)
    assert info.value.code == "E-TEMPLATE" and info.value.loc.line == 2


def test_missing_and_unsupported_images_show_alt_text(tmp_path):
    from octavo.doc.nodes import Image, Paragraph
    doc = book()
    doc.children.insert(0, Paragraph(children=[Image(src="figs/plot.pdf", alt="A plot"),
                                               Image(src="../etc/passwd", alt="escape")]))
    built = build_site(tmp_path, doc)
    tree = HTMLParser(built.read("index.html"))
    missing = [s.text() for s in tree.css(".image-missing")]
    assert missing == ["[A plot]", "[escape]"]
    assert built.codes().count("W-IMAGE") == 2
    assert not any("passwd" in f for f in built.files)


def test_svg_images_are_sanitised_when_copied(tmp_path):
    from octavo.doc.nodes import Image, Paragraph
    doc = book()
    doc.children.insert(0, Paragraph(children=[Image(src="figs/diagram", alt="Diagram")]))
    src = tmp_path / "src" / "figs"
    src.mkdir(parents=True)
    (src / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
        "<script>alert(2)</script><rect width=\"10\" height=\"10\"/></svg>", "utf-8")
    built = build_site(tmp_path, doc)
    assert "img/figs/diagram.svg" in built.files
    svg = built.read("img/figs/diagram.svg")
    assert "<rect" in svg and "alert" not in svg
    img = HTMLParser(built.read("index.html")).css_first('img[alt="Diagram"]')
    assert img.attributes["src"] == "img/figs/diagram.svg"


def test_search_can_be_turned_off(tmp_path):
    built = build_site(tmp_path, search=False)
    assert "search-index.js" not in built.files
    page = built.read("sec-memex.html")
    assert 'id="octavo-search"' not in page and 'id="octavo-search-results"' not in page
