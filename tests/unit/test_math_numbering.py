"""Equation numbers, tags and labels of displays (issue 5): which rows are numbered, what
number_row receives, and where numbers and anchors land in the HTML."""

import re

import pytest

from octavo.math.api import SimpleContext, convert_display
from octavo.tex.tokenizer import tokenize_string


def display(env, tex):
    ctx = SimpleContext()
    r = convert_display(env, tokenize_string(tex), ctx)
    return r, [(label, tag, numbered) for label, tag, numbered, _ in ctx.calls]


CASES = [
    # env, body, calls to number_row (label, tag, numbered), rows of the result
    ("equation", "x", [(None, None, True)], [("1", "eq-1")]),
    ("equation", r"x \label{e}", [("e", None, True)], [("1", "eq:e")]),
    ("equation*", "x", [(None, None, False)], []),
    ("equation", r"x \nonumber", [(None, None, False)], []),
    ("equation", r"x \tag{A}", [(None, "A", True)], [("A", "eq-tag-1")]),
    ("equation*", r"x \tag{B} \label{b}", [("b", "B", True)], [("B", "eq:b")]),
    ("\\[", "x", [(None, None, False)], []),
    ("$$", "x", [(None, None, False)], []),
    ("displaymath", "x", [(None, None, False)], []),
    ("align", r"a &= b \\ c &= d", [(None, None, True), (None, None, True)],
     [("1", "eq-1"), ("2", "eq-2")]),
    ("align", r"a &= b \label{x} \\ c &= d \notag \\ e &= f \label{y}",
     [("x", None, True), (None, None, False), ("y", None, True)],
     [("1", "eq:x"), ("2", "eq:y")]),
    ("align*", r"a &= b \\ c &= d \tag{T}", [(None, None, False), (None, "T", True)],
     [("T", "eq-tag-2")]),
    ("align", r"a &= b \\", [(None, None, True)], [("1", "eq-1")]),
    ("gather", r"a \\ b \nonumber", [(None, None, True), (None, None, False)],
     [("1", "eq-1")]),
    ("eqnarray", r"a &=& b \\ c &=& d", [(None, None, True), (None, None, True)],
     [("1", "eq-1"), ("2", "eq-2")]),
    ("alignat", r"{2} a &= b & c &= d", [(None, None, True)], [("1", "eq-1")]),
    ("multline", r"a + b \\ + c \label{m}", [("m", None, True)], [("1", "eq:m")]),
    ("multline*", r"a \\ b", [(None, None, False)], []),
    ("equation", r"\begin{split} a &= b \\ &= c \end{split} \label{s}",
     [("s", None, True)], [("1", "eq:s")]),
    ("equation", r"\begin{aligned} a &= b \label{in} \\ c &= d \end{aligned}",
     [("in", None, True)], [("1", "eq:in")]),
    ("align", r"a &= b \\ \intertext{so} c &= d",
     [(None, None, True), (None, None, True)], [("1", "eq-1"), ("2", "eq-2")]),
]


@pytest.mark.parametrize("env,tex,calls,rows", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_numbering(env, tex, calls, rows):
    r, got_calls = display(env, tex)
    assert got_calls == calls
    assert r.rows == rows


def test_single_number_is_outside_the_math_with_its_anchor():
    r, _ = display("equation", r"E = mc^2 \label{energy}")
    assert r.html == f'<div class="equation">{r.mathml}<span class="eqno" id="eq:energy">(1)</span></div>'
    assert "(1)" not in r.mathml


def test_tag_star_shows_no_parentheses():
    r, _ = display("equation", r"x \tag*{Q}")
    assert r.html.endswith('<span class="eqno" id="eq-tag-1">Q</span></div>')


def test_multi_row_numbers_are_a_last_column_with_anchors():
    r, _ = display("align", r"a &= b \label{x} \\ c &= d \nonumber")
    assert r.html.startswith('<div class="equation multi"><math display="block"')
    rows = re.findall(r"<mtr>.*?</mtr>", r.mathml)
    assert len(rows) == 2
    assert rows[0].startswith('<mtr><mtd class="eqpad"></mtd>')
    assert rows[0].endswith('<mtd class="eqno" id="eq:x"><mtext>(1)</mtext></mtd></mtr>')
    assert rows[1].endswith('<mtd class="eqno"></mtd></mtr>')


def test_unnumbered_multi_row_display_has_no_number_column():
    r, _ = display("align*", r"a &= b \\ c &= d")
    assert "eqno" not in r.html and "eqpad" not in r.html


def test_labelled_unnumbered_row_keeps_its_anchor():
    r, _ = display("equation*", r"x \label{here}")
    assert r.rows == []
    assert '<span class="eqno" id="eq:here"></span>' in r.html


def test_linear_has_one_line_per_row_and_alttext_the_environment():
    r, _ = display("align*", r"a &= b \\ c &\le d")
    assert r.linear == "a = b\nc ≤ d"
    assert r.tex == r"\begin{align*}a &= b \\ c &\le d\end{align*}"


def test_second_label_in_one_row_warns():
    ctx = SimpleContext()
    convert_display("equation", tokenize_string(r"x \label{a} \label{b}"), ctx)
    assert [d.code for d in ctx.reporter.diagnostics] == ["W-MATH-LABEL"]
    assert ctx.calls[0][0] == "a"
