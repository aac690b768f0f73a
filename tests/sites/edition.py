"""Helpers for whole-edition tests: build a book with the CLI and read the pages it wrote.

`build_with_cli(source, out)` runs ``python -m octavo build SOURCE -o OUT`` the way a
user does (SOURCE_DATE_EPOCH set), and `Edition(out)` parses every page with the
standard library's HTML parser into what the tests check: element ids, links (with the
element and classes they sit in), ``rel`` links of the head and the panels, index marks,
footnote and citation links, and the text a reader sees (split into prose and code, and
without MathML annotations, which browsers do not show).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_700_000_000
EPOCH_DATE = "2023-11-14"

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_HIDDEN = {"script", "style", "annotation", "annotation-xml", "template", "title"}
_CODE = {"pre", "code", "kbd", "samp"}


def build_with_cli(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "octavo", "build", str(source), "-o", str(out), *extra],
                          capture_output=True, text=True, env=env, cwd=source.parent, timeout=600)


@dataclass(slots=True)
class A:
    """One ``<a href>``: where it points and what it sits in."""
    href: str
    id: str
    rel: str
    role: str
    classes: tuple
    ancestors: tuple
    """(tag, id, classes) of every open element around the link, outermost first."""
    text: str = ""

    def inside(self, cls: str = "", tag: str = "") -> bool:
        return any((not cls or cls in c) and (not tag or t == tag) for t, _, c in self.ancestors)

    def inside_id(self, ident: str) -> bool:
        return any(i == ident for _, i, _ in self.ancestors)


@dataclass(slots=True)
class Page:
    name: str
    ids: set = field(default_factory=set)
    id_classes: dict = field(default_factory=dict)
    """id -> classes of the element that carries it."""
    id_tags: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    head_rels: dict = field(default_factory=dict)
    """rel -> href of the <link> elements in <head> (stylesheets excluded)."""
    prose: str = ""
    """Visible text outside code, formulas and scripts."""
    math: str = ""
    """Visible text of the formulas (<math> without its annotations), one per line."""
    code: str = ""
    signature: str = ""
    """Text of the element with class ``signature`` (the footer line)."""
    duplicate_ids: list = field(default_factory=list)
    has_index: bool = False
    """The page shows an index (``<section class="index">``)."""

    def panel_rels(self, panel: str) -> dict:
        return {a.rel: a.href for a in self.links if a.rel and a.inside(panel)}


class _PageParser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, str, tuple]] = []
        self.open_a: list[A] = []
        self.prose: list[str] = []
        self.code: list[str] = []
        self.math: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = tuple((a.get("class") or "").split())
        ident = a.get("id") or ""
        if ident:
            if ident in self.page.ids:
                self.page.duplicate_ids.append(ident)
            self.page.ids.add(ident)
            self.page.id_classes[ident] = classes
            self.page.id_tags[ident] = tag
        if tag == "section" and "index" in classes:
            self.page.has_index = True
        if tag == "head":
            self.in_head = True
        if tag == "link" and self.in_head and a.get("rel") and a.get("rel") != "stylesheet":
            self.page.head_rels[a["rel"]] = a.get("href", "")
        if tag == "a" and a.get("href") is not None:
            link = A(a["href"], ident, a.get("rel") or "", a.get("role") or "", classes,
                     tuple(self.stack))
            self.page.links.append(link)
            self.open_a.append(link)
        if tag not in _VOID:
            self.stack.append((tag, ident, classes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "math":
            self.math.append("\n")
        if tag == "head":
            self.in_head = False
        if tag == "a" and self.open_a:
            self.open_a.pop()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        tags = {t for t, _, _ in self.stack}
        if tags & _HIDDEN:
            return
        for link in self.open_a:
            link.text += data
        if any("signature" in c for _, _, c in self.stack):
            self.page.signature += data
        if "math" in tags:
            self.math.append(data)
        else:
            (self.code if tags & _CODE else self.prose).append(data)


class Edition:
    """Every page of a built edition, parsed."""

    def __init__(self, out: Path):
        self.out = out
        self.pages: dict[str, Page] = {}
        for f in sorted(out.rglob("*.html")):
            rel = f.relative_to(out).as_posix()
            page = Page(rel)
            p = _PageParser(page)
            p.feed(f.read_text("utf-8"))
            p.close()
            page.prose = re.sub(r"\s+", " ", "".join(p.prose))
            page.code = "".join(p.code)
            page.math = "".join(p.math)
            self.pages[rel] = page

    def resolve(self, page: Page, href: str) -> tuple[str, str] | None:
        """(page name, fragment) of a local link, or None for an external one."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        base = page.name.rsplit("/", 1)[0] + "/" if "/" in page.name else ""
        path = unquote(parts.path)
        target = page.name if not path else os.path.normpath(base + path).replace(os.sep, "/")
        return target, unquote(parts.fragment)

    def reading_order(self) -> list[str]:
        order = ["index.html"]
        while True:
            nxt = self.pages[order[-1]].head_rels.get("next")
            if not nxt or len(order) > len(self.pages):
                return order
            order.append(self.resolve(self.pages[order[-1]], nxt)[0])

    def index_page(self) -> Page | None:
        return next((page for page in self.pages.values() if page.has_index), None)


def source_body(source: Path) -> str:
    """The document body of a .tex file (and the files it \\input s), comments removed."""
    text = source.read_text("utf-8")
    text = re.sub(r"(?<!\\)%.*", "", text)
    start = text.find("\\begin{document}")
    return text[start:] if start >= 0 else text


def count_commands(body: str, name: str) -> int:
    """How many times \\NAME (followed by [, { or *) is written in ``body``."""
    return len(re.findall(r"\\" + name + r"(?![A-Za-z@])\s*[\[{*]", body))
