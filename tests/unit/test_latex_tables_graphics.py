"""Column specifications of tabular (parse_colspec) and graphicx lengths (css_length)."""

from __future__ import annotations

import re

import pytest

from octavo.latex.kernel.graphics import css_length
from octavo.latex.kernel.tabular import parse_colspec
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import to_str


def spec(text, coltypes=None):
    cols, problems = parse_colspec(tokenize_string(text), coltypes)
    return cols, problems


@pytest.mark.parametrize("text, aligns", [
    ("lcr", ["left", "center", "right"]),
    ("|l|c|r|", ["left", "center", "right"]),
    ("p{3cm}m{2em}b{1in}", ["justify"] * 3),
    ("*{3}{c}l", ["center", "center", "center", "left"]),
    ("*{2}{*{2}{r}}", ["right"] * 4),
    ("@{}ll@{}", ["left", "left"]),
    ("XlX", ["justify", "left", "justify"]),
    ("LCRJ", ["left", "center", "right", "justify"]),
    (">{\\centering}p{2cm}>{\\raggedleft\\arraybackslash}p{1cm}", ["center", "right"]),
    ("S[table-format=2.1]c", ["center", "center"]),
    ("w{r}{3cm}D{.}{.}{2}", ["right", "center"]),
])
def test_alignments(text, aligns):
    cols, problems = spec(text)
    assert [c.align for c in cols] == aligns
    assert problems == []


def test_rules_and_widths():
    cols, _ = spec("||l|p{3cm}!{\\vrule}c")
    assert [(c.rule_left, c.rule_right) for c in cols] == [(2, 1), (0, 1), (0, 0)]
    assert cols[1].width == "3cm"


def test_before_after_and_at_text():
    cols, _ = spec(">{$}c<{$}@{.}l")
    assert to_str(cols[0].before) == "$"
    # the @{..} text stays after the column it follows
    assert to_str(cols[0].after) == "$."
    assert cols[1].before == [] and cols[1].after == []


def test_at_text_before_first_column():
    cols, _ = spec("@{[}l")
    assert to_str(cols[0].before) == "["


def test_newcolumntype_with_argument():
    body = tokenize_string(">{\\raggedright\\arraybackslash}p{#1}")
    cols, problems = spec("L{4cm}c", {"L": (1, body)})
    assert [c.align for c in cols] == ["left", "center"]
    assert cols[0].width == "4cm"
    assert problems == []


def test_unknown_letter_is_reported_and_acts_as_l():
    cols, problems = spec("lZ")
    assert [c.align for c in cols] == ["left", "left"]
    assert problems and "'Z'" in problems[0]


def test_recursive_column_type_terminates():
    cols, problems = spec("Y", {"Y": (0, tokenize_string("YY"))})
    assert problems and "without end" in problems[0]


def test_huge_repeat_is_bounded():
    cols, _ = spec("*{100000}{c}")
    assert 0 < len(cols) <= 200


@pytest.mark.parametrize("tex, css", [
    ("0.5\\textwidth", "50%"),
    (".45\\linewidth", "45%"),
    ("\\columnwidth", "100%"),
    ("3cm", "3cm"),
    ("2.5in", "2.5in"),
    ("12mm", "12mm"),
    ("20pt", "2em"),
    ("72bp", "7.227em"),
    ("1.5em", "1.5em"),
    ("0.3\\textheight", ""),
    ("-2cm", ""),
    ("3furlongs", ""),
    ("\\mywidth", ""),
    ("", ""),
    ("1cm;background:url(x)", ""),
    ("1e9cm", ""),
])
def test_css_length(tex, css):
    assert css_length(tex) == css


def test_css_length_is_always_safe():
    safe = re.compile(r"^\d{1,5}(\.\d{1,4})?(%|em|ex|cm|mm|in)$")
    for tex in ("0.123456\\textwidth", "99999cm", "0.00001pt", "1.23456789in", "5\\hsize"):
        out = css_length(tex)
        assert out == "" or safe.match(out), out


def test_tabu_x_options():
    cols, problems = spec("X[.5,c,m] ||X[1,l,m] |X[2]")
    assert [c.align for c in cols] == ["center", "left", "justify"]
    assert problems == []
