"""JSON writer (writers/json.py): shape, determinism, schema validity, round trip."""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octavo.doc import nodes as N
from octavo.errors import Location, OctavoError
from octavo.writers.json import FIELD_KINDS, NODE_CLASSES, load_json, render_json, schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "schema" / "document.schema.json"


@pytest.fixture(scope="module")
def validator():
    s = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def sample() -> N.Document:
    loc = Location("ch1.tex", 3, 7)
    sec = N.Section(number="1", title=[N.Text("Intro")], id="sec-intro", loc=loc, children=[
        N.Paragraph(children=[
            N.Text("See "), N.Ref(kind="cref", target="a,b", children=[N.Text("x")]),
            N.Cite(keys=["k"], postnote=[N.Text("p. 2")]),
            N.IndexMark(path=[("a", [N.Text("α")]), ("b", [N.Text("b")])],
                        see=[N.Text("c")], id="idx-1"),
            N.Image(src="a.png", scale=0.5),
            N.Note(mark="1", children=[N.Paragraph(children=[N.Text("note")])]),
        ]),
        N.Table(rows=[N.Row(cells=[N.Cell(children=[N.Text("1")], align="right")])],
                colspec=["right"]),
        N.Bibliography(entries=[N.BibEntry(key="k", label="1", author_year=("K", "1984"),
                                           backrefs=["cite-1"])]),
        N.Div(classes=["center"], attrs={"data-x": "1"}),
    ])
    return N.Document(
        meta=N.Meta(title=[N.Text("T")], authors=[[N.Text("A")], [N.Text("B")]]),
        children=[sec],
        labels={"sec:intro": N.LabelTarget("sec-intro", "section", "1", [N.Text("Intro")],
                                           loc=loc)},
        source_root="/src")


def test_header_node_shape_and_key_order():
    data = json.loads(render_json(sample()))
    assert list(data) == ["octavo", "version", "document"]
    assert data["octavo"] == "document" and data["version"] == 1
    sec = data["document"]["children"][0]
    assert list(sec)[:3] == ["type", "loc", "id"]
    assert sec["type"] == "Section" and sec["loc"] == "ch1.tex:3:7" and sec["id"] == "sec-intro"
    assert list(sec)[3:] == [f.name for f in fields(N.Section) if f.name not in ("loc", "id")]
    para = sec["children"][0]
    assert para["children"][0] == {"type": "Text", "loc": "<unknown>:0:0", "id": None,
                                   "text": "See "}
    mark = para["children"][3]
    assert mark["path"] == [["a", [{"type": "Text", "loc": "<unknown>:0:0", "id": None,
                                    "text": "α"}]],
                            ["b", [{"type": "Text", "loc": "<unknown>:0:0", "id": None,
                                    "text": "b"}]]]


def test_output_is_deterministic_and_unescaped():
    a, b = render_json(sample()), render_json(sample())
    assert a == b and "α" in a and a.endswith("\n")


def test_round_trip_sample():
    d = sample()
    back = load_json(render_json(d))
    assert back == d
    assert isinstance(back.children[0].children[0].children[3].path[0], tuple)
    assert back.children[0].children[2].entries[0].author_year == ("K", "1984")


def test_file_names_with_colons_round_trip():
    d = N.Document(children=[N.Paragraph(loc=Location("C:/x:y.tex", 12, 3))])
    assert load_json(render_json(d)).children[0].loc == Location("C:/x:y.tex", 12, 3)


def test_sample_validates_against_schema(validator):
    validator.validate(json.loads(render_json(sample())))


def test_schema_file_is_current():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == schema(), \
        "regenerate: python -m octavo.writers.json --schema > docs/schema/document.schema.json"


def test_every_field_of_every_node_has_a_kind_and_description():
    s = schema()
    for name, cls in NODE_CLASSES.items():
        assert name in s["$defs"], name
        assert s["$defs"][name]["description"], name
        for f in fields(cls):
            if f.name not in ("loc", "id"):
                assert f.name in FIELD_KINDS[name], f"{name}.{f.name} has no kind"


def test_schema_rejects_malformed_documents(validator):
    data = json.loads(render_json(sample()))
    data["document"]["children"][0]["children"][0]["children"][0]["type"] = "Bogus"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
    data = json.loads(render_json(sample()))
    data["document"]["children"][0]["level"] = "one"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


@pytest.mark.parametrize("text,code", [
    ("{", "E-JSON-SYNTAX"),
    ('{"octavo": "site", "version": 1}', "E-JSON-HEADER"),
    ('{"octavo": "document", "version": 99, "document": {}}', "E-JSON-VERSION"),
    ('{"octavo": "document", "version": 1, "document": {"type": "Nope"}}', "E-JSON-NODE"),
    ('{"octavo": "document", "version": 1, "document": {"type": "Text"}}', "E-JSON-NODE"),
])
def test_bad_input_raises_located_octavo_errors(text, code):
    with pytest.raises(OctavoError) as info:
        load_json(text)
    assert info.value.code == code


def test_absent_fields_take_defaults_and_unknown_fields_are_ignored():
    text = ('{"octavo": "document", "version": 1, "document": {"type": "Document", '
            '"future": 1, "children": [{"type": "Paragraph"}]}}')
    d = load_json(text)
    assert d == N.Document(children=[N.Paragraph()])


# --------------------------------------------------------------------------- property

_text = st.text(max_size=8)
_locs = st.builds(Location, st.text(min_size=1, max_size=6), st.integers(0, 9999),
                  st.integers(0, 300))
_ids = st.none() | st.text(alphabet="abcxyz-0123", min_size=1, max_size=6)


_CACHE: dict = {}


def typed(name: str, depth: int):
    """Strategy for node type ``name`` whose subtrees are at most ``depth`` deep (a
    depth bound keeps trees small: every container type may nest any other)."""
    key = (name, depth)
    if key not in _CACHE:
        if name == "LabelTarget":
            _CACHE[key] = st.builds(N.LabelTarget, id=_text, kind=_text, number=_text,
                                    title=_kind("inlines", depth), loc=_locs)
        else:
            kw = {"loc": _locs, "id": _ids}
            for field_name, kind in FIELD_KINDS[name].items():
                kw[field_name] = _kind(kind, depth)
            _CACHE[key] = st.builds(NODE_CLASSES[name], **kw)
    return _CACHE[key]


def inline(depth: int):
    return st.one_of([typed(c.__name__, depth) for c in N.INLINE_TYPES])


def block(depth: int):
    return st.one_of([typed(c.__name__, depth) for c in N.BLOCK_TYPES])


def _kind(kind: str, depth: int):
    d = depth - 1
    if d < 0 and kind not in _SCALARS:
        empty = {"inlines?": st.none(), "meta": st.builds(N.Meta), "labels": st.just({}),
                 "attrs": st.just({}), "strs": st.just([]), "pair": st.just(("", ""))}
        return empty.get(kind, st.just([]))
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind.startswith("list:"):
        return st.lists(typed(kind[5:], d), max_size=2)
    return {
        "inlines": st.lists(inline(d), max_size=3),
        "inlines?": st.none() | st.lists(inline(d), max_size=2),
        "blocks": st.lists(block(d), max_size=2),
        "content": st.lists(inline(d), max_size=2) | st.lists(block(d), max_size=2),
        "inline-lists": st.lists(st.lists(inline(d), max_size=2), max_size=2),
        "strs": st.lists(_text, max_size=3),
        "attrs": st.dictionaries(_text, _text, max_size=2),
        "labels": st.dictionaries(_text, typed("LabelTarget", d), max_size=2),
        "meta": typed("Meta", d),
        "path": st.lists(st.tuples(_text, st.lists(inline(d), max_size=2)), max_size=3),
        "pair": st.tuples(_text, _text),
    }[kind]


_SCALARS = {
    "str": _text, "int": st.integers(-5, 10**6), "bool": st.booleans(),
    "float": st.floats(allow_nan=False, allow_infinity=False, width=64),
    "str?": st.none() | _text,
}
DOCS = typed("Document", 4)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCS)
def test_round_trip_property(doc):
    assert load_json(render_json(doc)) == doc


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCS)
def test_generated_trees_validate(validator, doc):
    validator.validate(json.loads(render_json(doc)))


def test_deep_trees_render_and_refuse_to_load_cleanly():
    # deeper than the recursion limit of this process (the CLI raises it, and tests may
    # have run the CLI in-process before this one)
    depth = max(3000, sys.getrecursionlimit() + 1000)
    node = N.Text("x")
    for _ in range(depth):
        node = N.Emph(children=[node])
    text = render_json(N.Document(children=[N.Paragraph(children=[node])]))
    assert text.count('"Emph"') == depth
    with pytest.raises(OctavoError) as info:
        load_json(text)
    assert info.value.code == "E-JSON-DEPTH"
