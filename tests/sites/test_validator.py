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


def check(vnu, files: list, css: bool = False) -> list:
    args = vnu + ["--errors-only", "--format", "json"] + (["--css"] if css else []) + [str(f) for f in files]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
            for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_page_of_the_sample_book_is_valid(vnu, tmp_path):
    normal = build_site(tmp_path / "book")
    hostile = build_site(tmp_path / "hostile", hostile=True)
    single = build_site(tmp_path / "single", split="0")
    pages = [b.out / f for b in (normal, hostile, single) for f in b.files if f.endswith(".html")]
    assert len(pages) == 23
    errors = check(vnu, pages)
    assert errors == []


def test_stylesheets_are_valid_css(vnu, tmp_path):
    built = build_site(tmp_path / "book")
    errors = check(vnu, [built.out / "static/octavo.css", built.out / "static/pygments.css"], css=True)
    assert errors == []
