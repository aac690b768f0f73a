"""Anchor ids and file-name slugs (hostile.md B2, F3; property P6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from octavo.site.ids import ID_RE, IdMaker, slug

READABLE = [
    ("sec:memex", "sec:memex"),
    ("fig:plot-1", "fig:plot-1"),
    ("eq.3_a", "eq.3_a"),
    ("Sec:A", "Sec:A"),
]


@pytest.mark.parametrize("label,ident", READABLE)
def test_valid_labels_are_their_own_id(label, ident):
    assert IdMaker().make(label) == ident


@pytest.mark.parametrize(
    "label,prefix",
    [
        ("fig 1", "fig-1-"),
        ('x" onclick="alert(1)', "x-onclick-alert-1-"),
        ("</script>", "script-"),
        ("a b", "a-b-"),
        ("café", "cafe-"),
        ("1intro", "x-1intro-"),
        ("../../x", "x-"),
    ],
)
def test_other_labels_get_a_readable_base_and_a_hash(label, prefix):
    ident = IdMaker().make(label)
    assert ID_RE.match(ident)
    assert ident.startswith(prefix)


HOSTILE = ['x" onclick="alert(1)', "</script>", "a b", "", " ", "\0", "é", "\u202e", "-", "9", "a" * 5000, "<>&'\""]


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_give_safe_capped_ids(label):
    m = IdMaker()
    ident = m.make(label)
    assert ID_RE.match(ident)
    assert len(ident) <= m.max_len


def test_same_label_same_id_and_order_independent():
    a = IdMaker()
    b = IdMaker()
    labels = ["fig 1", "sec:x", "a b", "café"]
    ids_a = [a.make(x) for x in labels]
    ids_b = [b.make(x) for x in reversed(labels)][::-1]
    assert ids_a == ids_b
    assert a.make("fig 1") == ids_a[0]


@pytest.mark.parametrize(
    "pair",
    [("Sec:A", "sec:a"), ("café", "cafe"), ("cafe\u0301", "café"), ("fig 1", "fig-1"), ("a b", "a\tb"), ("a" * 100, "a" * 101)],
)
def test_distinct_labels_distinct_ids(pair):
    m = IdMaker()
    x, y = (m.make(p) for p in pair)
    assert x != y


def test_clash_with_a_hash_lookalike_is_resolved():
    m = IdMaker()
    lossy = m.make("fig 1")
    lookalike = m.make(lossy)  # a label spelled exactly like the other's id
    assert lookalike != lossy
    assert ID_RE.match(lookalike)
    assert m.make(lossy) == lookalike


def test_reserved_template_ids_are_avoided():
    m = IdMaker(reserved=frozenset({"content", "search"}))
    assert m.make("content") != "content"
    assert m.make("other") == "other"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=40))
def test_p6_ids_safe_and_injective(labels):
    m = IdMaker()
    ids = {}
    for label in labels:
        ident = m.make(label)
        assert ID_RE.match(ident), ident
        assert len(ident) <= m.max_len
        ids.setdefault(label, ident)
        assert ids[label] == ident  # deterministic
    assert len(set(ids.values())) == len(ids)  # injective


# ------------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Introduction", "introduction"),
        ("The Memex, revisited!", "the-memex-revisited"),
        ("../../../pwn", "pwn"),
        ("Über die Straße", "uber-die-strasse"),
        ("", "page"),
        ("!!!", "page"),
        ("数学", "page"),
        ("index", "index-page"),
        ("Index", "index-page"),
        ("CON", "con-page"),
        ("aux", "aux-page"),
        ("nul", "nul-page"),
        ("COM1", "com1-page"),
        ("lpt9", "lpt9-page"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_slug_is_capped_at_a_word_boundary():
    s = slug("word " * 40)
    assert len(s) <= 60
    assert not s.endswith("-")
    assert s.startswith("word-word")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_slug_property(text):
    s = slug(text)
    assert s and len(s) <= 60
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in s)
    assert s not in {"index", "con", "prn", "aux", "nul"}
    assert not s.startswith("-") and not s.endswith("-")
