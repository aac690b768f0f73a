"""Issue 4's "Done when", checked on books octavo was not tuned for.  (Issue 4.)

Each book is built with the command line a reader uses (``python -m octavo build
BOOK.tex -o OUT``, SOURCE_DATE_EPOCH set) and every page it wrote is parsed:

* the build exits 0 (and the essay, a clean book, prints no diagnostic);
* every internal link resolves: the page exists and its #fragment is an id on it;
* every page carries the five navigation rels (next, prev, up, contents, index) in the
  head and in both panels, except where one cannot exist: the title page has no prev and
  no up (it is the top and the start), the last page has no next;
* the index page links to at least as many exact spots as the source has \\index
  commands (counted here with a regular expression), each link landing on an index mark;
* no reader sees '??', a control sequence, a brace or a '$' outside code;
* footnotes link to their notes and back, citations to their entries and back;
* \\pageref shows a section number and links to the labelled spot, \\eqref an equation;
* two builds are byte-identical and the signature carries SOURCE_DATE_EPOCH's date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition import EPOCH_DATE, ROOT, Edition, build_with_cli, count_commands, source_body

ESSAY = ROOT / "tests/sites/books/essay/essay.tex"
REVIEW = ROOT / "tests/sites/books/essay/review.tex"
EXAMPLE = ROOT / "examples/book/book.tex"
BOOKS = {"essay": ESSAY, "example": EXAMPLE, "review": REVIEW}
RELS = ("next", "prev", "up", "contents", "index")


@pytest.fixture(scope="module", params=sorted(BOOKS))
def book(request, tmp_path_factory):
    source = BOOKS[request.param]
    out = tmp_path_factory.mktemp(request.param) / "site"
    proc = build_with_cli(source, out)
    assert proc.returncode == 0, proc.stderr
    return request.param, source, out, proc, Edition(out)


@pytest.fixture(scope="module")
def essay(tmp_path_factory):
    out = tmp_path_factory.mktemp("essay-again") / "site"
    proc = build_with_cli(ESSAY, out)
    assert proc.returncode == 0, proc.stderr
    return out, proc, Edition(out)


def test_the_essay_builds_clean(essay):
    out, proc, ed = essay
    assert proc.stderr == ""
    # title page, preface, 3 chapters, 7 sections, bibliography, index
    assert len(ed.pages) == 14


def test_every_internal_link_and_fragment_resolves(book):
    name, _, _, _, ed = book
    broken, checked = [], 0
    for page in ed.pages.values():
        assert page.duplicate_ids == [], (page.name, page.duplicate_ids)
        for a in page.links:
            target = ed.resolve(page, a.href)
            if target is None:
                continue
            path, frag = target
            checked += 1
            if path not in ed.pages:
                if not (ed.out / path).is_file():
                    broken.append(f"{page.name}: {a.href} (no such file)")
                continue
            if frag and frag not in ed.pages[path].ids:
                broken.append(f"{page.name}: {a.href} (no id {frag!r})")
    assert broken == []
    assert checked > 20


def test_every_page_carries_the_five_rels(book):
    name, _, _, _, ed = book
    order = ed.reading_order()
    assert sorted(order) == sorted(ed.pages), "every page is reached by rel=next from the title page"
    missing = []
    for i, file in enumerate(order):
        page = ed.pages[file]
        expected = set(RELS)
        if i == 0:
            expected -= {"prev", "up"}
        if i == len(order) - 1:
            expected -= {"next"}
        if name == "review":
            expected -= {"index"}          # an article without an index
        for where, rels in (("head", page.head_rels), ("top", page.panel_rels("navpanel-top")),
                            ("bottom", page.panel_rels("navpanel-bottom"))):
            lacking = expected - set(rels)
            if lacking:
                missing.append(f"{file} {where}: {sorted(lacking)}")
            for rel in expected & set(rels):
                assert ed.resolve(page, rels[rel])[0] in ed.pages
        if i > 0:
            prev = ed.resolve(page, page.head_rels["prev"])[0]
            assert prev == order[i - 1]
    assert missing == []


def test_index_links_every_index_command_to_its_spot(book):
    name, source, _, _, ed = book
    if name == "review":
        pytest.skip("the review has no index")
    expected = count_commands(source_body(source), "index")
    index = ed.index_page()
    assert index is not None
    spots = set()
    for a in index.links:
        if not a.inside("index-entries"):
            continue
        path, frag = ed.resolve(index, a.href)
        assert frag, f"index link without a fragment: {a.href}"
        target = ed.pages[path]
        if "index-mark" in target.id_classes.get(frag, ()):
            spots.add((path, frag))
        else:
            # the only other links an entry has are see-references to entries of the index
            assert path == index.name and target.id_tags.get(frag) == "li", a.href
    assert len(spots) >= expected, (len(spots), expected)


def test_no_unresolved_reference_or_raw_latex_is_visible(book):
    """'??' and control sequences nowhere (text or formulas); no '$' in the text; no brace
    in the text unless the source typesets one (\\{ … \\}), and then only in pairs (in
    formulas a brace is mathematics: {a, b})."""
    name, source, _, _, ed = book
    braces_typeset = bool(re.search(r"\\[{}]|\\textbrace", source_body(source)))
    problems = []
    for page in ed.pages.values():
        for text, checks in ((page.prose, ((r"\?\?", "??"), (r"\\[A-Za-z@]+", "control sequence"),
                                           (r"\$", "dollar"))),
                             (page.math, ((r"\?\?", "??"), (r"\\[A-Za-z@]+", "control sequence")))):
            for pattern, what in checks:
                for m in re.finditer(pattern, text):
                    problems.append(f"{page.name}: {what}: …{text[max(0, m.start() - 30):m.end() + 30]}…")
        depth = 0
        for m in re.finditer(r"[{}]", page.prose):
            depth += 1 if m.group() == "{" else -1
            if depth < 0 or not braces_typeset:
                problems.append(f"{page.name}: brace: …{page.prose[max(0, m.start() - 30):m.end() + 30]}…")
                depth = max(depth, 0)
        if depth:
            problems.append(f"{page.name}: {depth} unclosed brace(s) in the text")
    assert problems == []


def test_footnotes_link_both_ways(book):
    name, source, _, _, ed = book
    notes = 0
    for page in ed.pages.values():
        for a in page.links:
            if a.role != "doc-noteref":
                continue
            notes += 1
            path, frag = ed.resolve(page, a.href)
            assert path == page.name, "a footnote is on the page of its mark"
            assert a.id, "the mark has an id to come back to"
            back = [b for b in page.links if b.inside_id(frag) and b.role == "doc-backlink"]
            assert [ed.resolve(page, b.href) for b in back] == [(page.name, a.id)]
    assert notes == count_commands(source_body(source), "footnote")


def test_citations_link_to_entries_and_entries_back(book):
    name, source, _, _, ed = book
    body = source_body(source)
    cites = sum(count_commands(body, c) for c in ("cite", "citet", "citep"))
    keys = sum(len(re.findall(r",", m)) + 1
               for m in re.findall(r"\\cite[tp]?\*?(?:\[[^\]]*\])*\{([^}]*)\}", body))
    links = 0
    for page in ed.pages.values():
        for a in page.links:
            if not a.inside("cite"):
                continue
            links += 1
            path, frag = ed.resolve(page, a.href)
            entry = ed.pages[path]
            assert entry.id_tags[frag] in ("dt", "li")
            # the entry (its <dt> and the <dd> after it, or its <li>) lists a backlink here
            backs = [ed.resolve(entry, b.href) for b in entry.links if b.role == "doc-backlink"
                     and b.inside("bib-entries")]
            assert any(p == page.name for p, _ in backs), (page.name, a.href)
    assert cites > 0 and links >= keys, (links, keys)
    # and every backlink lands on a citation that links to an entry
    for page in ed.pages.values():
        for b in page.links:
            if b.role == "doc-backlink" and b.inside("bib-entries"):
                path, frag = ed.resolve(page, b.href)
                assert "cite" in ed.pages[path].id_classes.get(frag, ()), b.href


def test_pageref_shows_a_section_number_and_links_to_the_spot(book):
    name, source, _, _, ed = book
    body = source_body(source)
    labels = re.findall(r"\\pageref\{([^}]*)\}", body)
    found = {}
    for page in ed.pages.values():
        for a in page.links:
            if "ref-pageref" in a.classes:
                path, frag = ed.resolve(page, a.href)
                found.setdefault(frag, []).append((a.text, path))
    assert sorted(found) == sorted(set(labels))
    for label, shown in found.items():
        for text, path in shown:
            assert re.fullmatch(r"[A-Z0-9]+(\.\d+)*", text), (label, text)
            tag = ed.pages[path].id_tags[label]
            # the labelled spot itself, which is inside the numbered section shown
            assert tag != "main"
    eqrefs = re.findall(r"\\eqref\{([^}]*)\}", body)
    for page in ed.pages.values():
        for a in page.links:
            if "ref-eqref" in a.classes:
                path, frag = ed.resolve(page, a.href)
                assert frag in eqrefs and re.fullmatch(r"\(\d+(\.\d+)*\)", a.text), (a.href, a.text)
                eqrefs = [e for e in eqrefs if e != frag] + [e for e in eqrefs if e == frag][1:]
    assert eqrefs == []


def test_labelled_spot_inside_a_section_is_exact(essay):
    """\\label{pt:pope} stands in the middle of section 2.3: \\pageref shows 2.3 and
    links to that spot, not to the top of the page."""
    out, proc, ed = essay
    refs = [(a.text, a.href) for p in ed.pages.values() for a in p.links
            if "ref-pageref" in a.classes and a.href.endswith("#pt:pope")]
    assert refs == [("2.3", "sec-back.html#pt:pope")]


def test_two_builds_are_identical_and_signed_with_the_date(book, essay, tmp_path):
    name, source, out, _, ed = book
    again = tmp_path / "again"
    proc = build_with_cli(source, again)
    assert proc.returncode == 0
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                   and ".octavo-cache" not in p.parts)
    files2 = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file()
                    and ".octavo-cache" not in p.parts)
    assert files == files2
    different = [f for f in files if (out / f).read_bytes() != (again / f).read_bytes()]
    assert different == []
    signatures = {page.signature for page in ed.pages.values()}
    assert len(signatures) == 1 and signatures.pop().endswith(EPOCH_DATE)


def test_author_year_references_read_as_in_print(tmp_path):
    """natbib + plainnat: citations read 'Cruden (1737)' and '(Knuth, 1998, ch. 6)', and
    the reference list shows no bracketed labels, entries begin with the authors."""
    out = tmp_path / "site"
    assert build_with_cli(REVIEW, out).returncode == 0
    ed = Edition(out)
    text = " ".join(p.prose for p in ed.pages.values())
    assert "Cruden (1737) compiled" in text and "(Knuth, 1998, ch. 6)" in text
    assert "(Locke, 1706; Bacon, 1625)" in text and "Wheatley (1879, p. 3)" in text
    refs = next(p for p in ed.pages.values() if "bib-bacon1625" in p.ids)
    assert "[Bacon" not in refs.prose and "Francis Bacon. The Essayes" in refs.prose


def test_marks_and_notes_in_headings_stay_at_the_heading(tmp_path):
    """\\index and \\footnote in a heading belong to the heading: the contents lists show
    the title without them, and the index links the mark once, to the heading's page.  A
    \\label after an \\index that follows a heading still names the section (its page
    is named from the label)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "t.tex").write_text(r"""\documentclass{book}
\usepackage{makeidx}
\makeindex
\begin{document}
\title{Headings\thanks{A test.}}
\maketitle
\tableofcontents
\chapter{Start\index{start}}\label{ch:start}
Text.
\section{Middle\footnote{A note in a title.}}
\index{middle}
\label{sec:middle}
More text, in Section~\ref{sec:middle}.
\printindex
\end{document}
""", "utf-8")
    out = tmp_path / "site"
    proc = build_with_cli(src / "t.tex", out)
    assert proc.returncode == 0, proc.stderr
    ed = Edition(out)
    index = ed.index_page()
    marks = [(a.text, a.href) for a in index.links if a.inside("index-entries")]
    assert marks == [("1.1", "sec-middle.html#idx-2"), ("1", "ch-start.html#idx-1")]
    assert "A note in a title" not in ed.pages["index.html"].prose


def test_the_essay_index_reads_like_a_book_index(essay):
    """Ranges read start–end, a second mention under the same locator reads [2], a see
    entry keeps its spot and links to the entry it names, Étienne files under E."""
    out, proc, ed = essay
    index = ed.index_page()
    text = index.prose
    for expected in ("commonplace book, 1–1.2", "Locke, John, 1.1.2 [2]", "sorting, 2.2–2.2.1",
                     "Panizzi, Antonio, 3.1.1 [2]", "Boswell, James, 1.2; see Johnson, Samuel",
                     "anthology, 1.1; see also commonplace book", "Erasmus, Desiderius, 1.1.1 "
                     "Étienne, Robert, 2.1.1 G"):
        assert expected in text, expected
    see = [a for a in index.links if a.text == "Johnson, Samuel"]
    assert len(see) == 1 and see[0].href.startswith("#")
    assert index.id_tags[see[0].href[1:]] == "li"
