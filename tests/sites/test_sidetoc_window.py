"""The side table of contents of a very broad document stays small (issue 8, bounded
output): an article with hundreds of top-level sections shows a window of entries around
the current page and "…" links to the full contents, instead of every section on every
page (6,000 sections made 2.7 GB of pages before)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from octavo.site.navigation import LEVEL_LIMIT, LEVEL_WINDOW

SECTIONS = 200


def _build(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "broad.tex"
    body = "\n".join(f"\\section{{Part {i}}}\nText of part {i}." for i in range(1, n + 1))
    src.write_text("\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "octavo", "build", str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def _top_entries(tree):
    ol = tree.css_first("#octavo-sidetoc > ol")
    return [li for li in ol.iter() if li.tag == "li"]


def test_broad_document_gets_a_window_of_the_side_toc(tmp_path):
    out = _build(tmp_path, SECTIONS)
    pages = sorted(p for p in out.glob("*.html"))
    section_pages = [p for p in pages if p.name != "index.html"]
    assert len(section_pages) == SECTIONS
    sizes = []
    for page in section_pages:
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        entries = _top_entries(tree)
        real = [li for li in entries if "sidetoc-more" not in (li.attributes.get("class") or "")]
        more = [li for li in entries if "sidetoc-more" in (li.attributes.get("class") or "")]
        assert len(real) == LEVEL_WINDOW, page.name
        assert 1 <= len(more) <= 2
        for li in more:
            a = li.css_first("a")
            assert a.attributes["href"] == "index.html#contents"
        # the current page is always inside the window, marked
        current = tree.css('#octavo-sidetoc a[aria-current="page"]')
        assert [a.attributes["href"] for a in current] == [page.name]
        sizes.append(page.stat().st_size)
    # the title page's full table of contents still lists every section
    index = HTMLParser((out / "index.html").read_text(encoding="utf-8"))
    hrefs = {a.attributes["href"] for a in index.css("nav#contents a")}
    assert {p.name for p in section_pages} <= hrefs
    # a page does not grow with the number of sections
    assert max(sizes) < 40_000, max(sizes)


def test_narrow_level_is_shown_whole(tmp_path):
    out = _build(tmp_path, LEVEL_LIMIT)
    page = sorted(out.glob("*.html"))[1]
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    assert len(_top_entries(tree)) == LEVEL_LIMIT
    assert not tree.css(".sidetoc-more")
