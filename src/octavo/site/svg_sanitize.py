"""Sanitising SVG before octavo inlines or publishes it (guarantee G9, hostile.md C6, C7).

Contract: `sanitize_svg(data)` returns a UTF-8 SVG document that can be inlined in a page,
or None when the input is not well-formed XML, its root is not ``<svg>``, it declares
entities (an internal DTD subset), nests deeper than `MAX_DEPTH`, or is larger than
`MAX_BYTES`.  A bare ``<!DOCTYPE svg PUBLIC …>`` (as Inkscape writes) is accepted and
dropped: without an internal subset it can define nothing, and the parser never loads
external DTDs.  The result has

* no ``script``, ``foreignObject``, ``iframe``, ``object``, ``embed``, ``handler``,
  ``listener`` elements (nor anything inside them);
* no animation (``set``, ``animate*``) that targets an ``href`` or an event attribute;
* no attribute named ``on*``, ``xml:base``, ``src``, ``action``, ``formaction``;
* ``href``/``xlink:href`` only when a local fragment (``#id``) or a
  ``data:image/png|jpeg|gif`` URL;
* no ``url(…)`` other than ``url(#id)`` in any attribute, and no ``<style>`` element
  containing ``@import``, ``expression``, ``javascript:`` or a non-local ``url(``;
* no comments, processing instructions (``<?xml-stylesheet …?>``) or XML declaration.

The parser is expat, driven directly and streaming: output is written as events arrive,
so deep or long documents cost linear time and no recursion.
"""

from __future__ import annotations

import re
from xml.parsers import expat

MAX_DEPTH = 256
MAX_BYTES = 20 * 1024 * 1024

_DROP_WITH_CONTENT = frozenset({"script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "frame",
                                "frameset", "applet", "meta", "link", "base"})
_ANIMATION = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
_DROP_ATTRS = frozenset({"src", "action", "formaction", "xml:base", "base"})
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|jpg|gif)(;[a-z0-9=._+-]*)*,", re.I)
_LOCAL_REF = re.compile(r"^#[^\s\"'<>()]*$")
_URL_CALL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^'\")\s]*)", re.I)
_URL_WORD = re.compile(r"url\s*\(", re.I)
_BAD_CSS = re.compile(r"@import|expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|\\", re.I)


class _Refused(Exception):
    """The document must not be used at all."""


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


def _escape_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _css_is_safe(css: str) -> bool:
    if _BAD_CSS.search(css):
        return False
    return all(m.group(2).startswith("#") for m in _URL_CALL.finditer(css))


def _href_is_safe(value: str) -> bool:
    v = value.strip()
    return bool(_LOCAL_REF.match(v) or _DATA_IMAGE.match(v))


def _keep_attr(name: str, value: str) -> bool:
    local = _local(name)
    lname = name.lower()
    if local.startswith("on") or lname in _DROP_ATTRS or local in _DROP_ATTRS:
        return False
    if local == "href":
        return _href_is_safe(value)
    if local == "style" or "\\" in value or _URL_WORD.search(value):
        return _css_is_safe(value)
    return True


class _Sanitizer:
    __slots__ = ("out", "stack", "skip", "style_buf", "root_seen", "depth")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip = 0  # > 0 while inside a dropped element
        self.style_buf: list[str] | None = None
        self.root_seen = False
        self.depth = 0

    # expat handlers
    def doctype(self, name, sysid, pubid, has_internal_subset):
        if has_internal_subset:
            raise _Refused("DTD internal subset")

    def entity_decl(self, *args):
        raise _Refused("entity declaration")

    def external_entity(self, *args):
        raise _Refused("external entity")

    def start(self, name: str, attrs: list) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused("nested too deeply")
        local = _local(name)
        if not self.root_seen:
            self.root_seen = True
            if local != "svg":
                raise _Refused("root is not svg")
        if self.skip:
            self.skip += 1
            return
        pairs = list(zip(attrs[::2], attrs[1::2]))
        if local in _DROP_WITH_CONTENT:
            self.skip = 1
            return
        if local in _ANIMATION:
            target = next((v for k, v in pairs if _local(k) == "attributename"), "")
            t = target.strip().lower()
            if _local(t) == "href" or t.startswith("on") or _local(t) in ("style", "src"):
                self.skip = 1
                return
            for k, v in pairs:
                if _local(k) in ("to", "from", "values", "by") and ("script:" in v.lower() or "url(" in v.lower()):
                    self.skip = 1
                    return
        kept = "".join(f' {k}="{_escape_attr(v)}"' for k, v in pairs if _keep_attr(k, v))
        self.out.append(f"<{name}{kept}>")
        self.stack.append(name)
        if local == "style":
            self.style_buf = []

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            return
        self.stack.pop()
        if self.style_buf is not None and _local(name) == "style":
            css = "".join(self.style_buf)
            self.style_buf = None
            if _css_is_safe(css):
                self.out.append(_escape_text(css))
            # else: the element stays, empty
        self.out.append(f"</{name}>")

    def text(self, data: str) -> None:
        if self.skip or not self.stack:
            return
        if self.style_buf is not None:
            self.style_buf.append(data)
        else:
            self.out.append(_escape_text(data))


def sanitize_svg(data: bytes) -> bytes | None:
    """A safe copy of the SVG document `data`, or None (see module doc)."""
    if len(data) > MAX_BYTES:
        return None
    s = _Sanitizer()
    p = expat.ParserCreate()
    p.buffer_text = True
    p.ordered_attributes = True
    p.StartDoctypeDeclHandler = s.doctype
    p.EntityDeclHandler = s.entity_decl
    p.UnparsedEntityDeclHandler = s.entity_decl
    p.NotationDeclHandler = s.entity_decl
    p.ExternalEntityRefHandler = s.external_entity
    p.StartElementHandler = s.start
    p.EndElementHandler = s.end
    p.CharacterDataHandler = s.text
    try:
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.Parse(data, True)
    except (_Refused, expat.ExpatError, ValueError, RecursionError, UnicodeError, LookupError):  # LookupError: encoding="UTF-4"
        return None
    if not s.root_seen:
        return None
    return "".join(s.out).encode("utf-8")
