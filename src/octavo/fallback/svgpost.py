"""Post-processing of SVG made by dvisvgm/pdftocairo before it enters the edition.

Contract: `finish(svg, prefix)` returns SVG bytes that (1) size in ``em`` (1em = 10pt,
so a drawing scales with the text), (2) draw the default black as ``currentColor`` (an
inline SVG follows the page's text colour; a scoped ``prefers-color-scheme: dark`` style
switches it for ``<img>`` too), (3) carry ids
prefixed with ``prefix`` (several SVGs inlined in one page never share an id), and
(4) passed the site's sanitizer ``octavo.site.svg_sanitize.sanitize_svg`` when that module
exists, else a strict check that rejects any script-capable construct.  It returns None
when the SVG must not be used (the caller reports why).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

PT_PER_EM = 10.0
DARK_FG = "#e6e3da"
"""Text colour of the theme's dark scheme (writers/html/static/octavo.css)."""

_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_DIM = re.compile(rb"""\b(width|height)=(['"])([0-9.]+)pt\2""")
_BLACK = re.compile(rb"""\b(fill|stroke)=(['"])(?:#000|#000000|black)\2""")
_ID = re.compile(rb"""\bid=(['"])([^'"]+)\1""")
_REF = re.compile(rb"""(href=(['"])#)([^'"]+)\2""")
_URLREF = re.compile(rb"""url\(#([^)]+)\)""")

FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "handler",
                  "animate", "set", "animateMotion", "animateTransform", "a"}


def _fmt(v: float) -> bytes:
    s = (b"%.4f" % v).rstrip(b"0").rstrip(b".")
    return s or b"0"


def size_in_em(svg: bytes) -> bytes:
    """Rewrite the root's ``width``/``height`` from pt to em."""
    m = _ROOT.search(svg)
    if not m:
        return svg
    root = _DIM.sub(lambda d: d.group(1) + b"=" + d.group(2) + _fmt(float(d.group(3)) / PT_PER_EM)
                    + b"em" + d.group(2), m.group(0))
    return svg[:m.start()] + root + svg[m.end():]


def current_color(svg: bytes) -> bytes:
    """Default black becomes ``currentColor``; the root fills with it, so glyphs and rules
    without an explicit colour follow the text colour too."""
    svg = _BLACK.sub(lambda m: m.group(1) + b"=" + m.group(2) + b"currentColor" + m.group(2), svg)
    m = _ROOT.search(svg)
    if m and b" fill=" not in m.group(0):
        svg = svg[:m.end() - 1] + b" fill='currentColor'" + svg[m.end() - 1:]
    return svg


def dark_scheme(svg: bytes, prefix: str) -> bytes:
    """Give the root the id ``prefix`` and a style that switches ``currentColor`` to the
    dark theme's text colour under ``prefers-color-scheme: dark``; scoped by the id, so it
    works both for ``<img>`` (where the SVG cannot inherit the page's colour) and inlined."""
    m = _ROOT.search(svg)
    if not m or re.search(rb"\sid=", m.group(0)):
        return svg
    p = prefix.encode("ascii")
    root = m.group(0)[:-1] + b" id='" + p + b"'>"
    style = (b"\n<style>@media (prefers-color-scheme: dark){#" + p + b"{color:"
             + DARK_FG.encode() + b"}}</style>")
    return svg[:m.start()] + root + style + svg[m.end():]


def prefix_ids(svg: bytes, prefix: str) -> bytes:
    p = prefix.encode("ascii")
    svg = _ID.sub(lambda m: b"id=" + m.group(1) + p + b"-" + m.group(2) + m.group(1), svg)
    svg = _REF.sub(lambda m: m.group(1) + p + b"-" + m.group(3) + m.group(2), svg)
    return _URLREF.sub(lambda m: b"url(#" + p + b"-" + m.group(1) + b")", svg)


def strict_check(svg: bytes) -> bytes | None:
    """Fallback sanitizer: the SVG must parse, hold no DOCTYPE, no script-capable element,
    no ``on*`` attribute and no reference other than to a fragment in the same file."""
    if b"<!DOCTYPE" in svg or b"<!ENTITY" in svg:
        return None
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag in FORBIDDEN_TAGS:
            return None
        if tag == "style" and re.search(r"@import|url\(|expression|javascript:|\\", el.text or ""):
            return None
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return None
            if local == "href" and not value.startswith("#"):
                return None
            if "url(" in value and not re.fullmatch(r"[^()]*url\(#[^)]*\)[^()]*", value):
                return None
    return svg


def sanitize(svg: bytes) -> bytes | None:
    """The site's sanitizer when present, else `strict_check`."""
    try:
        from octavo.site.svg_sanitize import sanitize_svg  # written by the site layer
    except ImportError:
        return strict_check(svg)
    try:
        return sanitize_svg(svg)
    except Exception:  # a sanitizer failure means: do not use this SVG
        return None


def finish(svg: bytes, prefix: str, recolor: bool = True) -> bytes | None:
    """All of the above, sanitizing last so it judges the final bytes.  ``recolor=False``
    (the user's own figures) keeps the colours and only sizes, prefixes and sanitizes."""
    svg = re.sub(rb"<!--.*?-->\s*", b"", svg, flags=re.S)
    svg = prefix_ids(size_in_em(svg), prefix)
    if recolor:
        svg = dark_scheme(current_color(svg), prefix)
    return sanitize(svg)
