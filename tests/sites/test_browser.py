"""The edition in a real browser: headless Debian Chromium driven by Playwright.  (Issue 4.)

Walks the book by rel=next and back by rel=prev, uses the arrow keys, follows an index
entry, searches, toggles the side TOC on a phone, and fails on any console error.
Screenshots (desktop and a 360 px phone) go to test-artifacts/.  Every wait is on a
condition; nothing sleeps.  Chromium comes from Debian (`apt-get install chromium`, or
.ci/install-browser-deps.sh); Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import build_site

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("OCTAVO_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: apt-get install chromium (or run .ci/install-browser-deps.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: .venv/bin/pip install playwright")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def book_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("browser"))


class Console:
    """Collects console errors and uncaught exceptions of a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


def url(site, rel: str) -> str:
    return (site.out / rel).as_uri()


def open_page(browser, width=1280, height=900):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    return ctx, page, Console(page)


def current(page) -> str:
    return page.url.rsplit("/", 1)[-1]


def walk(page, link: str, most: int) -> list[str]:
    """Follow the link ``link`` (a CSS selector) from page to page until a page has none,
    waiting for each page to load; the pages visited, the first included (at most
    ``most``: a loop in the panels fails the test instead of running forever)."""
    seen = [current(page)]
    while page.locator(link).count():
        a = page.locator(link)
        target = a.get_attribute("href")
        a.click()
        page.wait_for_url(f"**/{target}")
        seen.append(current(page))
        assert len(seen) <= most, seen
    return seen


def test_walk_by_next_to_the_end_and_back_by_prev(browser, book_site):
    order = [p.filename for p in book_site.pages]
    ctx, page, console = open_page(browser)
    page.goto(url(book_site, "index.html"))
    assert walk(page, 'nav.navpanel-top a[rel="next"]', len(order)) == order
    assert walk(page, 'nav.navpanel-bottom a[rel="prev"]', len(order)) == list(reversed(order))
    assert console.errors == []
    ctx.close()


def test_arrow_keys_move_between_pages_but_not_while_typing(browser, book_site):
    ctx, page, console = open_page(browser)
    page.goto(url(book_site, "sec-memex.html"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/1-2-trails.html")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/sec-memex.html")
    page.keyboard.press("/")
    search = page.locator("#octavo-search-input")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'octavo-search-input'")
    page.keyboard.press("ArrowRight")  # moves the caret, not the page
    assert current(page) == "sec-memex.html"
    assert search.is_visible()
    assert console.errors == []
    ctx.close()


def test_index_entry_leads_to_the_marked_spot(browser, book_site):
    from playwright.sync_api import expect
    ctx, page, console = open_page(browser, 1280, 500)
    page.goto(url(book_site, "the-index.html"))
    entry = page.locator(".index-entries li", has_text="latex2html").locator("a").first
    href = entry.get_attribute("href")
    assert href == "2-1-latex2html.html#idx-6"
    entry.click()
    page.wait_for_url("**/2-1-latex2html.html#idx-6")
    expect(page.locator('[id="idx-6"]')).to_be_in_viewport()
    # and a footnote mark leads to its note and back
    page.locator('a[role="doc-noteref"]').first.click()
    page.wait_for_url("**/2-1-latex2html.html#fn-4")
    expect(page.locator('[id="fn-4"]')).to_be_in_viewport()
    page.locator('[id="fn-4"] a.fn-back').click()
    page.wait_for_url("**#fnref-fn-4")
    expect(page.locator('[id="fnref-fn-4"]')).to_be_in_viewport()
    assert console.errors == []
    ctx.close()


def test_search_finds_and_opens_a_section(browser, book_site):
    from playwright.sync_api import expect
    ctx, page, console = open_page(browser)
    page.goto(url(book_site, "index.html"))
    box = page.locator("#octavo-search-input")
    expect(box).to_be_visible()
    box.click()
    box.type("encyclop")
    hit = page.locator("#octavo-search-results a.search-hit").first
    expect(hit).to_be_visible()
    assert hit.inner_text() == "1.1 The Memex"
    mark = page.locator("#octavo-search-results li mark").first
    assert mark.inner_text().lower() == "encyclop"
    hit.click()
    page.wait_for_url("**/sec-memex.html")
    # a subsection kept on its parent's page is found by its anchor
    box = page.locator("#octavo-search-input")
    box.fill("selection association")
    sub = page.locator("#octavo-search-results a.search-hit").first
    expect(sub).to_have_attribute("href", "1-2-trails.html#sec-1-2-1")
    box.fill("zzzz-nothing")
    expect(page.locator("#octavo-search-results [role=status]")).to_contain_text("No results")
    assert console.errors == []
    ctx.close()


def test_screenshots_and_phone_layout(browser, book_site):
    from playwright.sync_api import expect
    ARTIFACTS.mkdir(exist_ok=True)
    ctx, page, console = open_page(browser, 1280, 900)
    page.goto(url(book_site, "sec-memex.html"))
    expect(page.locator("#octavo-sidetoc")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "desktop-sec-memex.png"))
    page.goto(url(book_site, "index.html"))
    page.screenshot(path=str(ARTIFACTS / "desktop-index.png"), full_page=True)
    ctx.close()

    ctx, page, console2 = open_page(browser, 360, 740)
    page.goto(url(book_site, "2-1-latex2html.html"))
    # no horizontal scrolling of the page itself on a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    toc = page.locator("#octavo-sidetoc")
    toggle = page.locator(".toc-toggle")
    expect(toc).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.screenshot(path=str(ARTIFACTS / "phone-2-1-latex2html.png"), full_page=True)
    toggle.click()
    expect(toc).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=str(ARTIFACTS / "phone-toc-open.png"))
    assert console.errors == [] and console2.errors == []
    ctx.close()
    for name in ("desktop-sec-memex.png", "desktop-index.png", "phone-2-1-latex2html.png", "phone-toc-open.png"):
        assert (ARTIFACTS / name).stat().st_size > 1000


# --------------------------------------------------------------------------- real books
# The same walk on editions the command line builds from real sources: the example book
# and the essay octavo was not tuned for (tests/sites/books/essay).

from edition import ROOT, Edition, build_with_cli  # noqa: E402

REAL_BOOKS = {"example": ROOT / "examples/book/book.tex",
              "essay": ROOT / "tests/sites/books/essay/essay.tex"}


@pytest.fixture(scope="module", params=sorted(REAL_BOOKS))
def real_book(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("real-" + request.param) / "site"
    proc = build_with_cli(REAL_BOOKS[request.param], out)
    assert proc.returncode == 0, proc.stderr
    return request.param, out, Edition(out)


def test_real_book_walk_every_page_without_console_errors(browser, real_book):
    name, out, ed = real_book
    order = ed.reading_order()
    assert sorted(order) == sorted(ed.pages)
    ctx, page, console = open_page(browser)
    page.goto((out / "index.html").as_uri())
    assert walk(page, 'nav.navpanel-top a[rel="next"]', len(order)) == order
    assert walk(page, 'nav.navpanel-bottom a[rel="prev"]', len(order)) == list(reversed(order))
    assert console.errors == []
    ctx.close()


def test_real_book_index_entries_lead_to_their_spots(browser, real_book):
    from playwright.sync_api import expect
    name, out, ed = real_book
    index = ed.index_page()
    links = [a.href for a in index.links if a.inside("index-entries") and not a.href.startswith("#")]
    assert links
    ctx, page, console = open_page(browser, 1280, 500)
    # the first, a middle and the last entry: each lands with its mark in view
    for href in sorted({links[0], links[len(links) // 2], links[-1]}, key=links.index):
        page.goto((out / index.name).as_uri())
        page.locator(f'.index-entries a[href="{href}"]').first.click()
        page.wait_for_url(f"**/{href}")
        frag = href.split("#", 1)[1]
        expect(page.locator(f'[id="{frag}"]')).to_be_in_viewport()
    assert console.errors == []
    ctx.close()


def test_real_book_search_opens_a_result(browser, real_book):
    from playwright.sync_api import expect
    name, out, ed = real_book
    word = {"example": "intertwingled", "essay": "parchment"}[name]
    ctx, page, console = open_page(browser)
    page.goto((out / "index.html").as_uri())
    box = page.locator("#octavo-search-input")
    box.click()
    box.type(word)
    hit = page.locator("#octavo-search-results a.search-hit").first
    expect(hit).to_be_visible()
    href = hit.get_attribute("href")
    hit.click()
    page.wait_for_url("**/" + href)
    assert word in page.locator("main").inner_text().lower()
    assert console.errors == []
    ctx.close()


def test_real_book_screenshots_and_phone_width(browser, real_book):
    name, out, ed = real_book
    ARTIFACTS.mkdir(exist_ok=True)
    order = ed.reading_order()
    middle = order[len(order) // 2]
    ctx, page, console = open_page(browser, 1280, 900)
    page.goto((out / middle).as_uri())
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop-{middle[:-5]}.png"))
    page.goto((out / ed.index_page().name).as_uri())
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop-index.png"), full_page=True)
    ctx.close()
    ctx, page, console2 = open_page(browser, 360, 740)
    wide = []
    for file in order:  # no page scrolls sideways on a phone
        page.goto((out / file).as_uri())
        if page.evaluate("document.documentElement.scrollWidth") > 360:
            wide.append(file)
    page.goto((out / middle).as_uri())
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone-{middle[:-5]}.png"), full_page=True)
    assert wide == []
    assert console.errors == [] and console2.errors == []
    ctx.close()
