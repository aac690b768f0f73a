"""Fuzz target 3: the whole conversion, LaTeX source to text or HTML (hostile.md §7.2).

    .venv/bin/python fuzz/fuzz_convert.py -dict=fuzz/latex.dict -max_len=4096 -timeout=10 fuzz/corpus/convert fuzz/seeds

The input is written as ``main.tex`` into a temp dir made once per process (octavo's
reader needs a real root for its confinement checks; nothing else is there) and
converted with no TeX fallback and test budgets (10^5 steps, 10^6 tokens, 2 s wall, 50
pages).  The length of the input picks the output, so every input replays the same
way: even length → ``convert(cfg, rep, "text")`` + `render_text` (what ``-t text`` does); odd length →
``convert(cfg, rep, "html")`` and every page (at most 10) rendered through the page
template in memory, nothing written.

A crash is: an exception other than `OctavoError`; an ``E-INTERNAL`` diagnostic; output
that does not encode as UTF-8; an HTML page that breaks §6 (g) of hostile.md when parsed
with html5lib — a ``<script>`` other than the template's ``static/octavo.js``, an
attribute named ``on*``, or an ``href``/``src``/``xlink:href``/``action``/``formaction``
whose browser-normalised scheme is not http, https or mailto.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, _scratch_dir, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.config import BuildConfig, Limits
    from octavo.convert import convert
    from octavo.errors import OctavoError, Reporter
    from octavo.site import build as site_build
    from octavo.site.urls import ALLOWED_SCHEMES
    from octavo.writers.html.render import HtmlRenderer
    from octavo.writers.text import render_text

import html5lib  # noqa: E402
from fuzz_url import browser_scheme  # noqa: E402

URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "poster", "data"}
MAX_PAGES = 10


def fuzz_limits() -> Limits:
    return Limits(expansions=100_000, tokens=1_000_000, expansion_size=100_000, wall_seconds=2.0,
                  conditionals=100_000, pages=50)


def check_page(html: str, name: str) -> None:
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag == "script" and el.attrib.get("src") != "static/octavo.js":
            raise FuzzFailure(f"{name}: <script> in the page: {html5lib.serialize(el)[:200]}")
        for k, v in el.attrib.items():
            k = (k[1] if isinstance(k, tuple) else k).lower()
            local = k.rsplit("}", 1)[-1].rsplit(":", 1)[-1]  # {namespace}href, xlink:href
            if local.startswith("on"):
                raise FuzzFailure(f"{name}: event attribute {k}={v!r} on <{tag}>")
            if k in URL_ATTRS or local in URL_ATTRS:
                scheme = browser_scheme(v)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    raise FuzzFailure(f"{name}: {k}={v!r} on <{tag}>")


def _html_pages(conv) -> list[tuple[str, str]]:
    doc, ctx = conv.document, conv.context
    if "pages" not in ctx.data:
        from octavo.transforms import split, toc
        toc.run(doc, ctx)
        split.run(doc, ctx)
    env = site_build.template_env(None)
    template = env.get_template("page.html")
    r = HtmlRenderer(ctx, site_build.site_links(doc, ctx, {}))
    common = {"pages": ctx.data["pages"], "contents_href": ctx.data.get("contents_href", "index.html"),
              "index_href": ctx.data.get("index_href", ""), "signature": site_build.signature(doc, ctx.config),
              "search": True, "stylesheets": ["octavo.css"]}
    return [(p.filename, site_build.render_page(p, doc, r, template, common)) for p in ctx.data["pages"][:MAX_PAGES]]


def check(data: bytes) -> None:
    root = _scratch_dir()
    main_tex = root / "main.tex"
    main_tex.write_bytes(data)
    html_mode = len(data) % 2 == 1
    fmt = "html" if html_mode else "text"
    cfg = BuildConfig(source=main_tex, output="-", format=fmt, no_tex=True, limits=fuzz_limits(),
                      cache_dir=root / "cache", search=False, source_date_epoch=0)
    rep = Reporter(max_messages=300)
    outputs: list[tuple[str, str]] = []
    try:
        conv = convert(cfg, rep, fmt)
        if html_mode:
            outputs = _html_pages(conv)
        else:
            outputs = [("text", render_text(conv.document))]
    except OctavoError:
        pass
    for d in rep.diagnostics:
        if d.code == "E-INTERNAL":
            raise FuzzFailure(d.format())
    for name, text in outputs:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise FuzzFailure(f"{name}: output is not valid UTF-8: {e}") from e
        if html_mode:
            check_page(text, name)


if __name__ == "__main__":
    main(check)
