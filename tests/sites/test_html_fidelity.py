"""What the document says about its own headings reaches the HTML edition: the heading of
the table of contents (\\contentsname, babel's word), the word before a chapter's or
part's number (\\chaptername, \\partname, \\appendixname) and backref's wording of the
back-references from bibliography entries (\\backrefalt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from edition import build_with_cli

BOOK = r"""\documentclass{book}
\usepackage{hyperref}
%(packages)s
\renewcommand\contentsname{Table of Contents}
\title{Fidelity}
\begin{document}
\maketitle
\tableofcontents
\part{Beginning}
\chapter{One}
Text citing \cite{a} and \cite{b}.
\section{Inner}
Again \cite{a}.
\section*{Notes}
Unnumbered, placed by its chapter: \cite{a}.
\chapter{Two}
More \cite{a}.
\appendix
\chapter{Extra}
Appendix text.
\begin{thebibliography}{9}
\bibitem{a} Author A, \emph{Book}.
\bibitem{b} Author B, Paper.
\bibitem{c} Author C, Uncited.
\end{thebibliography}
\end{document}
"""

BACKREF = r"""\usepackage[hyperpageref]{backref}
\renewcommand*{\backrefalt}[4]{\ifcase #1 (Not cited.)\or (Cited on page #2.)\else (Cited on pages #2.)\fi}"""


def _build(tmp_path: Path, packages: str = "") -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "book.tex").write_text(BOOK % {"packages": packages}, "utf-8")
    out = tmp_path / "site"
    r = build_with_cli(src / "book.tex", out, "--no-tex")
    assert r.returncode in (0, 1), r.stderr
    return out


def _page(out: Path, name: str):
    return HTMLParser((out / name).read_text("utf-8"))


def _heading(out: Path, name: str):
    return _page(out, name).css_first("h1.unit-title")


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("fidelity"))


@pytest.fixture(scope="module")
def backref_site(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("fidelity-backref"), BACKREF)


def test_contents_heading_is_the_documents_contentsname(plain_site):
    nav = _page(plain_site, "index.html").css_first("nav#contents")
    assert nav.css_first("h2").text() == "Table of Contents"
    assert nav.attributes["aria-label"] == "Table of Contents"


def test_contents_without_a_title_keeps_the_default(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.tex").write_text("\\documentclass{article}\n\\begin{document}\n\\tableofcontents\n"
                               "\\section{A}\nx\n\\section{B}\ny\n\\end{document}\n", "utf-8")
    r = build_with_cli(src / "a.tex", tmp_path / "site", "--no-tex")
    assert r.returncode in (0, 1), r.stderr
    nav = _page(tmp_path / "site", "index.html").css_first("nav#contents")
    assert nav.css_first("h2").text() == "Contents"


def test_chapter_part_and_appendix_headings_carry_the_class_word(plain_site):
    for name, word, number, title in (("1-one.html", "Chapter", "1", "One"),
                                      ("2-two.html", "Chapter", "2", "Two"),
                                      ("a-extra.html", "Appendix", "A", "Extra"),
                                      ("i-beginning.html", "Part", "I", "Beginning")):
        h = _heading(plain_site, name)
        num = h.css_first("span.secnum")
        assert "secnum-named" in num.attributes["class"].split()
        assert num.css_first("span.secprefix").text() == word
        assert num.text() == f"{word} {number}"
        assert h.text() == f"{word} {number} {title}"


def test_sections_show_the_number_alone(plain_site):
    h = _heading(plain_site, "1-1-inner.html")
    assert h.css_first("span.secprefix") is None
    assert h.css_first("span.secnum").text() == "1.1"


def test_koma_chapters_without_prefix_show_the_number_alone(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "k.tex").write_text("\\documentclass{scrbook}\n\\begin{document}\n\\chapter{One}\nx\n"
                               "\\chapter{Two}\ny\n\\end{document}\n", "utf-8")
    r = build_with_cli(src / "k.tex", tmp_path / "site", "--no-tex")
    assert r.returncode in (0, 1), r.stderr
    h = _heading(tmp_path / "site", "1-one.html")
    assert h.css_first("span.secprefix") is None
    assert h.css_first("span.secnum").text() == "1"


def _backrefs(out: Path) -> list:
    bib = _page(out, "bibliography.html")
    return [dd.css_first("span.backrefs") for dd in bib.css("dl.bib-entries dd")]


def test_without_backref_entries_link_back_to_the_citing_pages(plain_site):
    a, b, c = _backrefs(plain_site)
    assert a.text().startswith("Cited in ") and b.text() == "Cited in 1."
    assert c is None  # never cited: nothing to link back to


def test_backref_wording_and_places_follow_the_document(backref_site):
    a, b, c = _backrefs(backref_site)
    # places are the citing sections (the unnumbered Notes counts as its chapter, 1)
    assert a.text() == "(Cited on pages 1, 1.1, and 2.)"
    assert b.text() == "(Cited on page 1.)"
    assert c.text() == "(Not cited.)"
    links = [(x.text(), x.attributes["href"], x.attributes["role"]) for x in a.css("a")]
    assert [t for t, _, _ in links] == ["1", "1.1", "2"]
    assert all(role == "doc-backlink" for _, _, role in links)
    # each place links to its first citation, which links back to the entry
    for _, href, _ in links:
        page, frag = href.split("#")
        cite = _page(backref_site, page).css_first(f"#{frag}")
        assert "cite" in cite.attributes["class"].split()
        assert cite.css_first("a").attributes["href"].startswith("bibliography.html#")


LISTS = r"""\documentclass{article}
\begin{document}
\begin{enumerate}
\item one
\item[2$'$.] two, labelled by the author
\item three
\end{enumerate}
\begin{enumerate}
\item plain
\item numbers
\end{enumerate}
\end{document}
"""


def test_author_labels_in_numbered_lists_are_kept(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "lists.tex").write_text(LISTS, "utf-8")
    out = tmp_path / "site"
    build_with_cli(src / "lists.tex", out)
    tree = HTMLParser((out / "index.html").read_text("utf-8"))
    first, second = tree.css("ol.list-enumerate")
    # \item[..] does not step LaTeX's counter: every item shows the tree's label, so the
    # third is "2." as in the PDF, not the browser's 3
    labels = [li.css_first(".item-label") for li in first.css("li")]
    assert [lab.text(deep=True).replace("′", "'") for lab in labels] == ["1.", "2'.", "2."]
    assert labels[1].css_first("math") is not None
    # a list of counter labels only keeps the browser's numbering
    assert not second.css(".item-label") and not second.css("li.labelled")
