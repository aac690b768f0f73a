"""Fuzz target: the SVG sanitiser `octavo.site.svg_sanitize.sanitize_svg` (hostile.md G9, C6, C7).

    .venv/bin/python fuzz/fuzz_svg_sanitize.py -dict=fuzz/svg.dict -max_len=4096 fuzz/corpus/svg fuzz/seeds_svg

Invariants: `sanitize_svg` raises nothing; when it returns a document

* it is well-formed XML whose root is ``svg``, without DOCTYPE, comments or processing
  instructions;
* parsed as XML *and* as HTML (html5lib, the way a browser parses inline SVG in a page),
  it has no ``script``/``foreignObject``/``iframe``/``object``/``embed``/``handler``/``meta``
  /``base``/``link`` element, no attribute named ``on*``, ``src``, ``action``,
  ``formaction`` or ``xml:base``, no ``href`` other than ``#…`` or a
  ``data:image/png|jpeg|gif`` URL, and no ``url(`` other than ``url(#…)`` in any other
  attribute (the payload of an accepted data:image href is not CSS);
* sanitising the result again changes nothing (idempotent).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.parsers import expat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.site.svg_sanitize import sanitize_svg

import html5lib  # noqa: E402

_BAD_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "frame",
                 "frameset", "applet", "meta", "link", "base"}
_BAD_ATTRS = {"src", "action", "formaction", "base"}
_OK_HREF = re.compile(r"^\s*(#[^\s\"'<>()]*|data:image/(png|jpeg|jpg|gif)(;[a-z0-9=._+-]*)*,.*)$", re.I | re.S)
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.I)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("}", 1)[-1].lower()


def _check_element(where: str, name: str, attrs: dict) -> None:
    if _local(name) in _BAD_ELEMENTS:
        raise FuzzFailure(f"{where}: element {name!r} kept")
    for k, v in attrs.items():
        k = k[1] if isinstance(k, tuple) else k
        lk = _local(k)
        if lk.startswith("on") or lk in _BAD_ATTRS or k.lower() == "xml:base":
            raise FuzzFailure(f"{where}: attribute {k!r} kept on {name!r}")
        if lk == "href":
            if not _OK_HREF.match(v):
                raise FuzzFailure(f"{where}: href {v!r} kept on {name!r}")
            continue  # a data:image payload may contain "url(": it is not CSS
        for m in _URL.finditer(v):
            if not m.group(1).startswith("#"):
                raise FuzzFailure(f"{where}: url({m.group(1)!r}) kept in {k!r}")


def _xml_check(out: bytes) -> None:
    events = []
    p = expat.ParserCreate()
    p.ordered_attributes = False
    p.StartElementHandler = lambda n, a: events.append((n, a))
    p.CommentHandler = lambda d: (_ for _ in ()).throw(FuzzFailure("comment kept"))
    p.ProcessingInstructionHandler = lambda t, d: (_ for _ in ()).throw(FuzzFailure("PI kept"))
    p.StartDoctypeDeclHandler = lambda *a: (_ for _ in ()).throw(FuzzFailure("DOCTYPE kept"))
    try:
        p.Parse(out, True)
    except expat.ExpatError as e:
        raise FuzzFailure(f"output is not well-formed XML: {e}") from e
    if not events or _local(events[0][0]) != "svg":
        raise FuzzFailure("output root is not svg")
    for name, attrs in events:
        _check_element("xml", name, attrs)
    for m in re.finditer(rb"<style[^>]*>(.*?)</style>", out, re.S | re.I):
        css = m.group(1).decode("utf-8", "replace").lower()
        if "@import" in css or "javascript:" in css or "expression(" in css:
            raise FuzzFailure(f"dangerous CSS kept: {css[:80]!r}")


def _html_check(out: bytes) -> None:
    doc = html5lib.parse("<!DOCTYPE html><html><body><div>" + out.decode("utf-8") + "</div></body></html>",
                         namespaceHTMLElements=False)
    for el in doc.iter():
        if isinstance(el.tag, str):
            _check_element("html", el.tag, dict(el.attrib))
            if _local(el.tag) == "style":
                css = (el.text or "").lower()
                if "@import" in css or "javascript:" in css or "expression(" in css:
                    raise FuzzFailure(f"html: dangerous CSS kept: {css[:80]!r}")


def check(data: bytes) -> None:
    out = sanitize_svg(data)
    if out is None:
        return
    if not isinstance(out, bytes):
        raise FuzzFailure(f"sanitize_svg returned {type(out).__name__}")
    _xml_check(out)
    _html_check(out)
    again = sanitize_svg(out)
    if again != out:
        raise FuzzFailure(f"not idempotent: {out[:200]!r} -> {again[:200] if again else again!r}")


if __name__ == "__main__":
    main(check)
