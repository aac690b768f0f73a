"""Whole-site structure: links resolve, navigation is complete, the index, citations and
footnotes link both ways, file names follow labels.  (Issue 4.)"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import build_site
from sample_tree import book
from octavo.doc.nodes import Paragraph, Section, Text


def parse(built, rel):
    return HTMLParser(built.read(rel))


def html_pages(built):
    return [f for f in built.files if f.endswith(".html")]


def ids_of(tree) -> list:
    return [n.attributes["id"] for n in tree.css("[id]")]


def test_page_files_and_names(site):
    names = [p.filename for p in site.pages]
    assert names[0] == "index.html"
    # labels give names; unlabelled units get number + title
    assert "sec-memex.html" in names and "ch-origins.html" in names
    assert "1-2-trails.html" in names and "2-2-converters.html" in names
    assert "a-digression.html" in names
    # back matter at the top level after the chapters gets its own pages
    assert names[-2:] == ["bibliography.html", "the-index.html"]
    assert len(set(names)) == len(names)
    for name in names:
        assert name in site.files
    assert {"static/octavo.css", "static/octavo.js", "static/pygments.css", "search-index.js",
            "img/figs/memex.png"} <= set(site.files)


def test_every_internal_link_and_fragment_resolves(site):
    ids = {rel: set(ids_of(parse(site, rel))) for rel in html_pages(site)}
    checked = 0
    for rel in html_pages(site):
        tree = parse(site, rel)
        for node in tree.css("a[href], link[href], img[src], script[src]"):
            url = node.attributes.get("href") or node.attributes.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external
            target = unquote(parts.path) or rel
            assert (site.out / target).is_file(), f"{rel}: {url} points to a missing file"
            if parts.fragment and target.endswith(".html"):
                assert unquote(parts.fragment) in ids[target], f"{rel}: {url} names a missing id"
            checked += 1
    assert checked > 200


def test_ids_unique_on_every_page(site):
    for rel in html_pages(site):
        found = ids_of(parse(site, rel))
        assert len(found) == len(set(found)), f"duplicate ids in {rel}"


def test_section_pages_have_all_five_rels(site):
    pages = site.pages
    for page in pages[1:]:
        tree = parse(site, page.filename)
        for where in ("top", "bottom"):
            panel = tree.css_first(f"nav.navpanel-{where}")
            rels = {a.attributes["rel"]: a.attributes["href"] for a in panel.css("a[rel]")}
            expected = {"prev", "up", "contents", "index"} | ({"next"} if page is not pages[-1] else set())
            assert set(rels) == expected, page.filename
            assert rels["prev"] == page.prev.filename
            assert rels["up"] == page.up.filename
            assert rels["contents"] == "index.html#contents"
            assert rels["index"] == "the-index.html"
        head = {lk.attributes["rel"] for lk in tree.css("head link[rel]")} - {"stylesheet"}
        assert head == expected


def test_navigation_labels_name_the_target(site):
    tree = parse(site, "sec-memex.html")
    panel = tree.css_first("nav.navpanel-top")
    texts = {a.attributes["rel"]: " ".join(a.text().split()) for a in panel.css("a[rel]")}
    assert texts["next"] == "Next: 1.2 Trails"
    assert texts["up"] == "Up: 1 Origins"
    assert texts["prev"] == "Previous: 1 Origins"
    link = tree.css_first('head link[rel="next"]')
    assert link.attributes["title"] == "Next: 1.2 Trails"


def test_next_chain_visits_every_page_once_in_reading_order(site):
    seen = []
    rel = "index.html"
    while rel:
        seen.append(rel)
        nxt = parse(site, rel).css_first('nav.navpanel-top a[rel="next"]')
        rel = nxt.attributes["href"] if nxt else None
        assert len(seen) <= len(site.pages)
    assert seen == [p.filename for p in site.pages]


def test_side_toc_marks_current_page(site):
    for page in site.pages:
        tree = parse(site, page.filename)
        current = tree.css('#octavo-sidetoc a[aria-current="page"]')
        assert [a.attributes["href"] for a in current] == [page.filename]


def test_title_page_has_title_block_contents_and_front_matter(site):
    tree = parse(site, "index.html")
    assert tree.css_first("h1.doc-title").text() == "As We May Think: A Hypertext Reader"
    assert "Vannevar Bush" in tree.css_first(".doc-authors").text()
    toc = tree.css_first("nav#contents")
    hrefs = [a.attributes["href"] for a in toc.css("a")]
    assert hrefs[:3] == ["ch-origins.html", "sec-memex.html", "1-2-trails.html"]
    assert "1-2-trails.html#sec-1-2-1" in hrefs  # a subsection kept on its parent's page
    assert "A preface before the first chapter." in tree.css_first("main").text()
    assert tree.css_first("nav.toc-lof a").attributes["href"] == "sec-memex.html#fig:memex"


def test_chapter_page_gets_mini_toc_of_split_children(site):
    tree = parse(site, "ch-converters.html")
    mini = tree.css_first("nav.minitoc")
    assert [a.attributes["href"] for a in mini.css("a")] == [
        "2-1-latex2html.html", "a-digression.html", "2-2-converters.html"]
    # the child sections' text is not repeated on the chapter page
    assert "The classic converter" not in tree.css_first("main").text()


def test_index_entries_link_to_index_marks(site):
    tree = parse(site, "the-index.html")
    links = tree.css(".index-entries a[href]")
    assert len(links) == 10
    for a in links:
        page, frag = a.attributes["href"].split("#")
        if not page:
            # a see-reference: it leads to the entry it names, on the index page
            assert a.text() == "memex" and tree.css_first(f'li[id="{frag}"] .index-term').text() == "memex"
            continue
        target = parse(site, page).css_first(f'[id="{frag}"]')
        assert target is not None and "index-mark" in target.attributes["class"]
    memex = [" ".join(li.text().split()) for li in tree.css(".index-entries li")
             if li.css_first(".index-term").text() == "memex"][0]
    assert memex == "memex, 1, 1.1, 1.2.1, 2.1"  # document order


def test_footnotes_link_both_ways(site):
    marks = 0
    for rel in html_pages(site):
        tree = parse(site, rel)
        for a in tree.css('a[role="doc-noteref"]'):
            marks += 1
            page, frag = a.attributes["href"].split("#")
            assert page == rel  # the note text is on the same page
            li = tree.css_first(f'li[id="{frag}"]')
            assert li is not None and li.parent.parent.attributes["class"] == "footnotes"
            back = li.css_first("a.fn-back").attributes["href"]
            assert back == f"{rel}#{a.attributes['id']}"
            assert a.text() == li.css_first("a.fn-back").text()
    assert marks == 5


def test_citations_and_backrefs_link_both_ways(site):
    tree = parse(site, "sec-memex.html")
    cite = tree.css_first("span.cite a")
    assert cite.attributes["href"] == "bibliography.html#bib-bush1945"
    bib = parse(site, "bibliography.html")
    backs = [a.attributes["href"] for a in bib.css("dd .backrefs a")]
    assert backs == ["sec-memex.html#cite-1", "a-digression.html#cite-3", "2-1-latex2html.html#cite-2"]


def test_refs_point_at_their_targets(site):
    tree = parse(site, "2-1-latex2html.html")
    refs = {a.text(): a.attributes["href"] for a in tree.css("a.ref")}
    assert refs["1.1"] in ("sec-memex.html#sec:memex", "1-2-trails.html#thm:trail")
    assert refs["(1.1)"] == "sec-memex.html#eq:trails"
    assert refs["The Memex"] == "sec-memex.html#sec:memex"
    assert refs["2.1"] == "2-1-latex2html.html#tab:converters"


def test_labelled_page_names_survive_edits_elsewhere(tmp_path):
    first = build_site(tmp_path / "a")
    doc = book()
    new = Section(kind="chapter", level=0, number="1", title=[Text(text="A new first chapter")],
                  children=[Paragraph(children=[Text(text="Inserted.")])])
    at = next(i for i, b in enumerate(doc.children) if isinstance(b, Section))
    doc.children.insert(at, new)
    second = build_site(tmp_path / "b", doc)
    before = {p.unit.id: p.filename for p in first.pages[1:] if p.unit.id in first.doc.labels}
    after = {p.unit.id: p.filename for p in second.pages[1:] if p.unit.id in second.doc.labels}
    assert before and before == after


def test_split_levels(tmp_path):
    chapters = build_site(tmp_path / "c", split="chapter")
    assert [p.filename for p in chapters.pages] == [
        "index.html", "ch-origins.html", "ch-converters.html", "app-sources.html",
        "bibliography.html", "the-index.html"]
    assert "sec:memex" in {n.attributes.get("id") for n in parse(chapters, "ch-origins.html").css("[id]")}
    depth1 = build_site(tmp_path / "d", split="1")
    assert [p.filename for p in depth1.pages] == [p.filename for p in chapters.pages]
    one = build_site(tmp_path / "o", split="0")
    assert [p.filename for p in one.pages] == ["index.html"]
    tree = parse(one, "index.html")
    assert tree.css_first('[id="sec:memex"]') and tree.css_first('[id="the-index"]')
    assert tree.css_first('a.ref').attributes["href"].startswith("index.html#")
    assert len(tree.css("section.footnotes li")) == 5


def test_page_limit_falls_back_to_coarser_split(tmp_path):
    limited = build_site(tmp_path / "l", limits=_limits(pages=6))
    assert "E-LIMIT-PAGES" in limited.codes()
    assert len(limited.pages) == 6
    tiny = build_site(tmp_path / "t", limits=_limits(pages=2))
    assert [p.filename for p in tiny.pages] == ["index.html"]


def _limits(**kw):
    from octavo.config import Limits
    return Limits(**kw)
