"""Every generated page passes the Nu Html Checker (vnu) with zero errors.  (Issue 4.)

vnu.jar comes from the npm package vnu-jar, installed by .ci/install-browser-deps.sh into
$OCTAVO_TOOLS (default ~/.cache/octavo-tools); $OCTAVO_VNU_JAR names another copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build_site


def vnu_jar() -> Path | None:
    given = os.environ.get("OCTAVO_VNU_JAR")
    if given:
        return Path(given) if Path(given).is_file() else None
    tools = Path(os.environ.get("OCTAVO_TOOLS", Path.home() / ".cache" / "octavo-tools"))
    for candidate in (tools / "node_modules/vnu-jar/build/dist/vnu.jar",
                      Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"):
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def vnu():
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not installed: apt-get install default-jre-headless (or run .ci/install-browser-deps.sh)")
    jar = vnu_jar()
    if jar is None:
        pytest.skip("Nu Html Checker not installed: run .ci/install-browser-deps.sh (npm install vnu-jar)")
    return [java, "-Xss4m", "-jar", str(jar)]


def check(vnu, files: list) -> list:
    args = vnu + ["--errors-only", "--also-check-css", "--format", "json"] + [str(f) for f in files]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
            for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_page_and_stylesheet_is_valid(vnu, tmp_path):
    normal = build_site(tmp_path / "book")
    hostile = build_site(tmp_path / "hostile", hostile=True)
    single = build_site(tmp_path / "single", split="0")
    pages = [b.out / f for b in (normal, hostile, single) for f in b.files if f.endswith(".html")]
    assert len(pages) == 23
    # math.css belongs to octavo.math and uses `display: block math` (MathML Core), which
    # the checker's CSS grammar does not know yet; the site's own sheets are checked.
    sheets = [normal.out / "static/octavo.css", normal.out / "static/pygments.css"]
    errors = check(vnu, pages + sheets)
    assert errors == []


def test_the_checker_reports_errors(vnu, tmp_path):
    """Guard against a silent checker: a broken page and stylesheet must be reported."""
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><foo>x</foo>", "utf-8")
    (tmp_path / "bad.css").write_text("body { colr: red; }\n", "utf-8")
    errors = check(vnu, [tmp_path / "bad.html", tmp_path / "bad.css"])
    assert any("foo" in e for e in errors) and any("colr" in e for e in errors)


@pytest.mark.parametrize("book", ["examples/book/book.tex", "tests/sites/books/essay/essay.tex",
                                  "tests/sites/books/essay/review.tex"])
def test_real_books_are_valid(vnu, tmp_path, book):
    """Editions the command line builds from real sources: every page, zero errors."""
    from edition import ROOT, build_with_cli
    out = tmp_path / "site"
    proc = build_with_cli(ROOT / book, out)
    assert proc.returncode == 0, proc.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 4
    assert check(vnu, pages) == []
