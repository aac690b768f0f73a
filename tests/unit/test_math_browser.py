"""Real-browser check of the math gallery (issue 5): headless Debian Chromium renders every
formula of tests/features/math/gallery.tex with math.css; no <merror>, every <math> has
a non-empty layout box, equation numbers sit to the right of their formula.  The page
screenshot goes to test-artifacts/math-gallery.png.
"""

import shutil
from pathlib import Path

import pytest

from octavo.math.api import SimpleContext, stylesheet_path

from test_math_gallery import render_gallery

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: .venv/bin/pip install playwright")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium not installed: apt-get install -y chromium")
    return sync_playwright


def gallery_page() -> str:
    css = stylesheet_path().read_text(encoding="utf-8")
    body = render_gallery(SimpleContext())
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>math gallery"
            f"</title><style>body{{max-width:50em;margin:1em auto;font-size:18px}}{css}"
            f"</style></head><body>{body}</body></html>")


MEASURE = """() => {
  const maths = [...document.querySelectorAll('math')];
  const boxes = maths.map(m => { const r = m.getBoundingClientRect();
                                 return [r.width, r.height, m.getAttribute('alttext')]; });
  const nums = [...document.querySelectorAll('.eqno')].filter(e => e.textContent.trim())
    .map(e => { const m = e.closest('.equation').querySelector('math');
                const mathRect = (e.tagName.toLowerCase() === 'mtd'
                  ? [...e.parentElement.children].slice(1, -1)
                      .map(c => c.getBoundingClientRect()).reduce((a, b) =>
                         ({right: Math.max(a.right, b.right)}), {right: -1})
                  : m.getBoundingClientRect());
                const r = e.getBoundingClientRect();
                const box = e.closest('.equation').getBoundingClientRect();
                return [r.left, mathRect.right, r.width, e.textContent,
                        box.right - r.right]; });
  return {boxes, merrors: document.querySelectorAll('merror').length, nums,
          mathmlSupported: maths.length > 0 && getComputedStyle(maths[0]).display.includes('math')};
}"""


def test_gallery_renders_in_chromium():
    sync_playwright = _browser()
    html = gallery_page()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "math-gallery.html").write_text(html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                     else shutil.which("chromium"),
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.set_content(html, wait_until="load")
            got = page.evaluate(MEASURE)
            page.screenshot(path=str(ARTIFACTS / "math-gallery.png"), full_page=True)
        finally:
            browser.close()
    assert got["mathmlSupported"], "this Chromium does not lay out MathML"
    assert got["merrors"] == 0
    assert len(got["boxes"]) >= 200
    empty = [alt for w, h, alt in got["boxes"] if not (w > 0 and h > 0)]
    assert empty == []
    assert got["nums"], "the gallery has numbered equations"
    misplaced = [text for left, math_right, w, text, _ in got["nums"]
                 if not (w > 0 and left >= math_right)]
    assert misplaced == []
    # numbers are right-aligned at the edge of the text column, single or multi-row
    far = [(text, gap) for *_, text, gap in got["nums"] if gap > 12]
    assert far == []
