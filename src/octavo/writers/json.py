"""JSON writer: the document tree as versioned, deterministic JSON, and back.

Contract:

- ``render_json(doc) -> str`` gives ``{"octavo": "document", "version": 1, "document":
  …}``; every node is an object ``{"type": "Paragraph", "loc": "file:line:col", "id":
  …, <fields in declaration order>}``.  Every field is written, defaults included, so the
  output documents itself; the same tree always gives the same bytes (UTF-8, no ASCII
  escaping, one-space indent, trailing newline).  ``loc`` is always ``file:line:col``
  with the numbers as stored (0 = unknown); a file name may itself contain colons.
  Non-finite floats (never produced by the builder) are written as 0.0.
- ``load_json(text) -> Document`` reverses it: ``load_json(render_json(d)) == d`` for
  every tree (``render_json`` handles any depth; a tree nested beyond Python's
  recursion limit is refused by ``load_json`` with ``E-JSON-DEPTH``).  A wrong header, version or node type raises `OctavoError`
  (``E-JSON-…``); absent fields take their defaults, unknown fields are ignored (so a
  reader of version 1 accepts output of a later, compatible writer).
- ``FIELD_KINDS`` says what each field holds; `schema()` builds the JSON Schema
  (docs/schema/document.schema.json) from it and from the docstrings of
  octavo/doc/nodes.py.  ``python -m octavo.writers.json --schema`` prints it.
"""

from __future__ import annotations

import ast
import json
import math
import sys
from dataclasses import fields
from pathlib import Path

from octavo.doc import nodes as N
from octavo.errors import Location, OctavoError

VERSION = 1
HEADER = "document"

NODE_CLASSES = dict(N.NODE_TYPES)
NODE_CLASSES["LabelTarget"] = N.LabelTarget

# Field kinds: str int bool float str? inlines inlines? blocks content inline-lists strs
# attrs labels meta path pair, or "list:<Type>" for a list of one node type.
FIELD_KINDS: dict[str, dict[str, str]] = {
    "Document": {"meta": "meta", "children": "blocks", "labels": "labels",
                 "preamble": "str", "source_root": "str", "ref_names": "attrs"},
    "Meta": {"title": "inlines", "authors": "inline-lists", "date": "inlines",
             "abstract": "blocks", "lang": "str", "docclass": "str", "thanks": "blocks"},
    "LabelTarget": {"kind": "str", "number": "str", "title": "inlines"},
    "Section": {"kind": "str", "level": "int", "title": "inlines",
                "short_title": "inlines?", "number": "str", "numbered": "bool",
                "in_toc": "bool", "matter": "str", "children": "blocks", "prefix": "str?"},
    "Paragraph": {"children": "inlines"},
    "List": {"kind": "str", "items": "list:Item", "start": "int", "style": "str"},
    "Item": {"children": "blocks", "label": "inlines?", "term": "bool"},
    "Quote": {"kind": "str", "children": "blocks", "attribution": "inlines"},
    "CodeBlock": {"text": "str", "language": "str", "caption": "inlines", "number": "str",
                  "show_spaces": "bool", "first_line": "int"},
    "Figure": {"kind": "str", "children": "blocks", "caption": "inlines",
               "short_caption": "inlines?", "number": "str", "placement": "str"},
    "Cell": {"children": "content", "align": "str", "colspan": "int", "rowspan": "int",
             "header": "bool", "borders": "str"},
    "Row": {"cells": "list:Cell", "rule_above": "str", "rule_below": "str"},
    "Table": {"rows": "list:Row", "colspec": "strs", "env": "str"},
    "DisplayMath": {"tex": "str", "env": "str", "rows": "list:MathRow", "mathml": "str",
                    "linear": "str"},
    "MathRow": {"tex": "str", "number": "str"},
    "Theorem": {"kind": "str", "name": "inlines", "number": "str", "note": "inlines",
                "style": "str", "children": "blocks"},
    "Proof": {"name": "inlines", "children": "blocks", "qed": "bool"},
    "Div": {"classes": "strs", "children": "blocks", "attrs": "attrs"},
    "HorizontalRule": {},
    "RawBlock": {"format": "str", "text": "str"},
    "Placeholder": {"reason": "str", "source": "str", "image": "str?", "alt": "str"},
    "Contents": {"kind": "str", "entries": "list:ContentsEntry", "title": "inlines"},
    "ContentsEntry": {"target": "str", "number": "str", "title": "inlines", "level": "int",
                      "children": "list:ContentsEntry"},
    "IndexBlock": {"name": "str", "title": "inlines", "groups": "list:IndexGroup"},
    "IndexGroup": {"letter": "str", "entries": "list:IndexEntry"},
    "IndexEntry": {"text": "inlines", "sort_key": "str", "locators": "list:IndexLocator",
                   "see": "inline-lists", "see_also": "inline-lists",
                   "children": "list:IndexEntry"},
    "IndexLocator": {"target": "str", "label": "str", "encap": "str", "range": "str"},
    "Bibliography": {"title": "inlines", "entries": "list:BibEntry", "style": "str",
                     "sources": "strs", "backref": "strs"},
    "BibEntry": {"key": "str", "label": "str", "children": "inlines", "backrefs": "strs",
                 "author_year": "pair"},
    "Footnotes": {"notes": "list:Note"},
    "Text": {"text": "str"},
    "Emph": {"children": "inlines"},
    "Strong": {"children": "inlines"},
    "Styled": {"style": "str", "children": "inlines", "color": "str", "background": "str"},
    "Math": {"tex": "str", "mathml": "str", "display": "bool", "linear": "str"},
    "Ref": {"kind": "str", "target": "str", "children": "inlines", "resolved": "bool",
            "href": "str"},
    "Cite": {"keys": "strs", "mode": "str", "prenote": "inlines", "postnote": "inlines",
             "children": "inlines"},
    "Link": {"url": "str", "children": "inlines", "internal": "bool"},
    "Note": {"kind": "str", "mark": "str", "children": "blocks"},
    "IndexMark": {"index": "str", "path": "path", "see": "inlines?", "see_also": "inlines?",
                  "range": "str", "encap": "str", "raw": "str"},
    "Anchor": {},
    "Image": {"src": "str", "alt": "str", "width": "str", "height": "str",
              "scale": "float", "angle": "float"},
    "LineBreak": {},
    "Span": {"classes": "strs", "children": "inlines", "attrs": "attrs"},
    "Code": {"text": "str", "language": "str"},
    "RawInline": {"format": "str", "text": "str"},
}


NODE_SUMMARIES = {
    "Paragraph": "A paragraph of running text; children are inlines.",
    "List": "itemize, enumerate, description or a custom list; items are Item nodes.",
    "Item": "One list item: blocks, with an optional label (\\item[...] or the computed "
            "enumerate label) or a description term.",
    "Quote": "quote, quotation, verse, epigraph: indented blocks, optional attribution.",
    "CodeBlock": "Verbatim text (verbatim, lstlisting, minted ...), optionally numbered "
                 "and captioned.",
    "Figure": "A float (figure, table, listing, subfigure or a newfloat name) with its "
              "caption and number.",
    "Cell": "One table cell.",
    "Row": "One table row with the rules drawn above and below it.",
    "Table": "A tabular grid: rows of cells and per-column alignment.",
    "DisplayMath": "Displayed mathematics (equation, align ...).",
    "MathRow": "One line of a multi-line display with its own number.",
    "Theorem": "A theorem-like environment (theorem, lemma, definition ...).",
    "Proof": "A proof; qed says whether the end mark is shown.",
    "HorizontalRule": "A horizontal rule (\\hrule, \\rule across the line).",
    "ContentsEntry": "One line of a table of contents or list of figures/tables.",
    "IndexGroup": "The index entries that start with one letter (or Symbols, Numbers).",
    "IndexEntry": "One index entry with its locators, cross-references and sub-entries.",
    "IndexLocator": "A link from an index entry to the spot of one \\index.",
    "Text": "A run of text (NFC, ligatures applied).",
    "Cite": "A citation (\\cite, \\citet, \\parencite ...); the citations transform fills "
            "children with the label text and links.",
    "Link": "A hyperlink (\\href, \\url); internal links (\\hyperlink, citations) carry "
            "the target anchor id as url.",
    "BibEntry": "One bibliography entry: key, the label citations show, formatted inlines "
                "and back-references to the citing Cite ids.",
    "Emph": "\\emph: emphasised inlines.",
    "Strong": "\\textbf: bold inlines.",
    "Math": "Inline mathematics ($...$, \\(...\\)).",
    "Note": "A footnote, \\thanks or margin note; children are blocks.",
    "Anchor": "An invisible link target.",
    "Image": "\\includegraphics: an image in the source tree.",
    "LineBreak": "\\\\ or \\newline: a forced line break.",
    "Code": "\\verb and inline code.",
    "RawInline": "Inline content for one output format only.",
    "LabelTarget": "What a \\label names: the labelled node's id, its counter kind, "
                   "number and title.",
}
"""Descriptions for node types whose class in nodes.py has no docstring."""


# --------------------------------------------------------------------------- writing


def render_json(doc: N.Document) -> str:
    """The versioned JSON text of ``doc`` (built iteratively: any depth)."""
    return _emit({"octavo": HEADER, "version": VERSION, "document": doc}) + "\n"


def _loc(loc: Location) -> str:
    return f"{loc.file}:{loc.line}:{loc.col}"


def _members(v) -> list | None:
    """(key, value) pairs of an object-like value, or None when ``v`` is not one."""
    if isinstance(v, (N.Node, N.LabelTarget)):
        out = [("type", type(v).__name__), ("loc", _loc(v.loc)), ("id", getattr(v, "id", None))]
        out.extend((f.name, getattr(v, f.name)) for f in fields(v)
                   if f.name not in ("loc", "id"))
        return out
    if isinstance(v, dict):
        return [(str(k), x) for k, x in v.items()]
    return None


def _scalar(v) -> str:
    if isinstance(v, float) and not math.isfinite(v):
        v = 0.0
    elif isinstance(v, Location):
        v = _loc(v)
    elif not (v is None or isinstance(v, (str, int, float, bool))):
        v = str(v)
    return json.dumps(v, ensure_ascii=False)


def _emit(root) -> str:
    """JSON text as ``json.dumps(..., indent=1, ensure_ascii=False)`` would write it,
    with an explicit stack instead of recursion (hostile inputs nest deeply)."""
    out: list[str] = []
    stack: list = [(False, root, 0)]
    while stack:
        raw, v, ind = stack.pop()
        if raw:
            out.append(v)
            continue
        members = _members(v)
        if members is not None:
            if not members:
                out.append("{}")
                continue
            out.append("{")
            pad = "\n" + " " * (ind + 1)
            todo: list = []
            for i, (k, x) in enumerate(members):
                todo.append((True, ("," if i else "") + pad + json.dumps(k, ensure_ascii=False)
                             + ": ", 0))
                todo.append((False, x, ind + 1))
            todo.append((True, "\n" + " " * ind + "}", 0))
            stack.extend(reversed(todo))
        elif isinstance(v, (list, tuple)):
            if not v:
                out.append("[]")
                continue
            out.append("[")
            pad = "\n" + " " * (ind + 1)
            todo = []
            for i, x in enumerate(v):
                todo.append((True, ("," if i else "") + pad, 0))
                todo.append((False, x, ind + 1))
            todo.append((True, "\n" + " " * ind + "]", 0))
            stack.extend(reversed(todo))
        else:
            out.append(_scalar(v))
    return "".join(out)


# --------------------------------------------------------------------------- reading


def load_json(text: str) -> N.Document:
    """The Document written by `render_json` (raises OctavoError on bad input)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise OctavoError("document nests too deeply to load", code="E-JSON-DEPTH") from None
    except ValueError as exc:
        raise OctavoError(f"not JSON: {exc}", code="E-JSON-SYNTAX") from None
    if not isinstance(data, dict) or data.get("octavo") != HEADER:
        raise OctavoError("not an octavo document (missing \"octavo\": \"document\")",
                          code="E-JSON-HEADER")
    if data.get("version") != VERSION:
        raise OctavoError(f"unsupported document version {data.get('version')!r} "
                          f"(this octavo reads version {VERSION})", code="E-JSON-VERSION")
    try:
        doc = _decode(data.get("document"), "Document")
    except RecursionError:
        raise OctavoError("document nests too deeply to load", code="E-JSON-DEPTH") from None
    if not isinstance(doc, N.Document):
        raise OctavoError("\"document\" is not a Document node", code="E-JSON-NODE")
    return doc


def _parse_loc(s) -> Location:
    if not isinstance(s, str):
        return N.UNKNOWN
    parts = s.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(parts[0], int(parts[1]), int(parts[2]))
    return Location(s)


def _decode(v, where: str = ""):
    if isinstance(v, dict) and "type" in v and isinstance(v["type"], str):
        return _decode_node(v)
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    return v


def _decode_node(obj: dict):
    name = obj["type"]
    cls = NODE_CLASSES.get(name)
    if cls is None:
        raise OctavoError(f"unknown node type '{name}'", code="E-JSON-NODE")
    kinds = FIELD_KINDS.get(name, {})
    kwargs = {}
    for f in fields(cls):
        if f.name == "loc":
            kwargs["loc"] = _parse_loc(obj.get("loc"))
            continue
        if f.name not in obj:
            continue
        raw = obj[f.name]
        kind = kinds.get(f.name, "")
        if kind == "path":
            val = [tuple(_decode(x) for x in level) if isinstance(level, list) else level
                   for level in (raw or [])]
        elif kind == "pair" or isinstance(f.default, tuple):
            val = tuple(_decode(raw)) if isinstance(raw, list) else raw
        else:
            val = _decode(raw)
        kwargs[f.name] = val
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise OctavoError(f"bad {name} node: {exc}", code="E-JSON-NODE") from None


# --------------------------------------------------------------------------- schema


def _docstrings() -> tuple[dict, dict]:
    """(class docstrings, field docstrings) read from octavo/doc/nodes.py."""
    src = Path(N.__file__).read_text(encoding="utf-8")
    tree = ast.parse(src)
    cls_docs: dict[str, str] = {}
    field_docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        cls_docs[node.name] = " ".join((ast.get_docstring(node) or "").split())
        docs: dict[str, str] = {}
        body = node.body
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                nxt = body[i + 1] if i + 1 < len(body) else None
                if (isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant)
                        and isinstance(nxt.value.value, str)):
                    docs[stmt.target.id] = " ".join(nxt.value.value.split())
        field_docs[node.name] = docs
    return cls_docs, field_docs


def _kind_schema(kind: str) -> dict:
    if kind.startswith("list:"):
        return {"type": "array", "items": {"$ref": f"#/$defs/{kind[5:]}"}}
    simple = {
        "str": {"type": "string"},
        "int": {"type": "integer"},
        "bool": {"type": "boolean"},
        "float": {"type": "number"},
        "str?": {"type": ["string", "null"]},
        "inlines": {"$ref": "#/$defs/inlines"},
        "inlines?": {"anyOf": [{"$ref": "#/$defs/inlines"}, {"type": "null"}]},
        "blocks": {"$ref": "#/$defs/blocks"},
        "content": {"anyOf": [{"$ref": "#/$defs/inlines"}, {"$ref": "#/$defs/blocks"}]},
        "inline-lists": {"type": "array", "items": {"$ref": "#/$defs/inlines"}},
        "strs": {"type": "array", "items": {"type": "string"}},
        "attrs": {"type": "object", "additionalProperties": {"type": "string"}},
        "labels": {"type": "object", "additionalProperties": {"$ref": "#/$defs/LabelTarget"}},
        "meta": {"$ref": "#/$defs/Meta"},
        "path": {"type": "array", "maxItems": 3, "items": {
            "type": "array", "prefixItems": [{"type": "string"}, {"$ref": "#/$defs/inlines"}],
            "minItems": 2, "maxItems": 2}},
        "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}],
                 "minItems": 2, "maxItems": 2},
    }
    return dict(simple.get(kind, {}))


def _dispatch(description: str, types: tuple) -> dict:
    """One of ``types``, chosen by the "type" member (if/then, so a validator checks
    only the matching definition: linear time, clear errors)."""
    names = [c.__name__ for c in types]
    return {
        "description": description,
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": names}},
        "allOf": [{"if": {"properties": {"type": {"const": n}}},
                   "then": {"$ref": f"#/$defs/{n}"}} for n in names],
    }


def schema() -> dict:
    """The JSON Schema (draft 2020-12) of `render_json` output."""
    cls_docs, field_docs = _docstrings()
    node_docs = field_docs.get("Node", {})
    defs: dict = {
        "loc": {"type": "string", "pattern": "^[\\s\\S]*:[0-9]+:[0-9]+$",
                "description": "Source position file:line:col (0 when unknown). "
                               + node_docs.get("loc", "")},
        "id": {"type": ["string", "null"],
               "description": node_docs.get("id", "Anchor id or null.")},
        "inline": _dispatch("Any inline node.", N.INLINE_TYPES),
        "block": _dispatch("Any block node.", N.BLOCK_TYPES),
        "inlines": {"type": "array", "items": {"$ref": "#/$defs/inline"},
                    "description": "A list of inline nodes."},
        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"},
                   "description": "A list of block nodes."},
    }
    for name, cls in NODE_CLASSES.items():
        kinds = FIELD_KINDS.get(name, {})
        props: dict = {
            "type": {"const": name},
            "loc": {"$ref": "#/$defs/loc"},
            "id": {"$ref": "#/$defs/id"},
        }
        for f in fields(cls):
            if f.name in ("loc", "id"):
                continue
            s = _kind_schema(kinds.get(f.name, ""))
            doc = field_docs.get(name, {}).get(f.name)
            if doc:
                s["description"] = doc
            props[f.name] = s
        category = ("block" if issubclass(cls, N.Block) else
                    "inline" if issubclass(cls, N.Inline) else "part")
        desc = cls_docs.get(name) or NODE_SUMMARIES.get(name) or f"{name} ({category} node)."
        defs[name] = {"type": "object", "description": f"[{category}] {desc}",
                      "properties": props, "required": list(props),
                      "additionalProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:octavo:schema:document:1",
        "title": "Octavo document tree (JSON writer output, version 1)",
        "description": "Written by `octavo build --format json`; see docs/document-tree.md.",
        "type": "object",
        "properties": {
            "octavo": {"const": HEADER},
            "version": {"const": VERSION},
            "document": {"$ref": "#/$defs/Document"},
        },
        "required": ["octavo", "version", "document"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--schema"]:
        sys.stdout.write(schema_text())
    else:
        sys.stderr.write("usage: python -m octavo.writers.json --schema\n")
        sys.exit(2)
