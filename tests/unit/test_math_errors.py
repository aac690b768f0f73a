"""Malformed and unknown math: never an exception, always a <math>, located warnings."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.tex.tokenizer import tokenize_string


def run(tex, env=None):
    ctx = SimpleContext()
    toks = tokenize_string(tex, name="t.tex")
    r = convert_display(env, toks, ctx) if env else convert_inline(toks, ctx)
    return r, ctx.reporter.diagnostics


def test_unknown_command_is_visible_and_warned_once_with_location():
    r, diags = run(r"a + \foo + \foo{x} + \bar")
    assert r.mathml.count("<merror><mtext>\\foo</mtext></merror>") == 2
    unknown = [d for d in diags if d.code == "W-MATH-UNKNOWN"]
    assert [d.format() for d in unknown] == [
        "t.tex:1:5: warning: unknown math command \\foo [W-MATH-UNKNOWN]"]


MALFORMED = [
    ("{a", "W-MATH-BRACE"),
    ("a}", "W-MATH-BRACE"),
    (r"\left( x", "E-MATH-DELIM"),
    (r"x \right)", "W-MATH-DELIM"),
    (r"\left\foo x \right)", "W-MATH-DELIM"),
    (r"\frac{a}", "W-MATH-ARG"),
    (r"x^", "W-MATH-ARG"),
    (r"\begin{pmatrix} a & b", "W-MATH-ENV"),
    (r"\begin{pmatrix} a \end{bmatrix}", "W-MATH-ENV"),
    (r"\end{cases}", "W-MATH-ENV"),
    (r"\begin{nosuchenv} a \end{nosuchenv}", "W-MATH-ENV"),
    ("a & b", "W-MATH-ALIGN"),
    (r"x^2^3", "W-MATH-SCRIPT"),
    (r"\color{nosuchcolour} x", "W-MATH-COLOR"),
    (r"\textcolor{#ff0000\"onload}{x}", "W-MATH-COLOR"),
    (r"\text{see \eqref{e}}", "W-MATH-REF"),
    ("\\frac{" * 10000, "W-MATH-DEPTH"),
    ("{" * 5000 + "x" + "}" * 5000, "W-MATH-DEPTH"),
    (r"\left(" * 3000, "W-MATH-DEPTH"),
    (r"\begin{matrix}" * 2000, "W-MATH-DEPTH"),
    (r"\sqrt[" * 2000, "W-MATH-ARG"),
]


@pytest.mark.parametrize("tex,code", MALFORMED, ids=[m[0][:30] for m in MALFORMED])
def test_malformed_input_warns_and_still_renders(tex, code):
    start = time.perf_counter()
    r, diags = run(tex)
    # a hang detector, not a speed test (speed is measured in bench/): generous so a
    # loaded CI machine never makes it flaky
    assert time.perf_counter() - start < 60
    assert r.mathml.startswith("<math ") and r.mathml.endswith("</math>")
    assert code in {d.code for d in diags}
    assert all(d.loc.line >= 1 for d in diags)
    assert len(diags) < 10  # one problem, not a flood
    assert "E-MATH-INTERNAL" not in {d.code for d in diags}


def test_colour_values_never_reach_attributes_unvalidated():
    r, _ = run(r'\textcolor{red" onmouseover="x}{y}')
    assert "onmouseover" not in r.mathml.replace("alttext=", "").split('">', 1)[1]


def test_deep_but_legal_nesting_renders():
    r, diags = run("{" * 40 + "x" + "}" * 40)
    assert diags == []
    assert "<mi>x</mi>" in r.mathml


_PIECES = ["a", "1", "+", "=", "^", "_", "'", "{", "}", "&", r"\\", r"\frac", r"\sqrt",
           "[", "]", r"\left(", r"\right)", r"\middle|", r"\begin{matrix}", r"\end{matrix}",
           r"\begin{cases}", r"\end{cases}", r"\text{", "$", r"\label{x}", r"\tag{1}",
           r"\over", r"\hat", r"\sum", r"\limits", r"\color{red}", r"\not", r"\mathbb{",
           r"\foo", " ", r"\hline", r"\intertext{t}", r"\operatorname*{", r"\substack{",
           r"\overbrace", r"\xrightarrow[", r"\big", r"\nonumber", r"\\ ", "#", "~"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40),
       st.sampled_from([None, "equation", "align", "multline*", "gather", "alignat"]))
def test_any_token_soup_converts_without_exception(pieces, env):
    r, diags = run("".join(pieces), env)
    assert r.mathml.count("<math ") == 1
    assert "E-MATH-INTERNAL" not in {d.code for d in diags}
    # well-nested output: every opened element is closed
    tags = re.findall(r"<(/?)([a-z]+)[^>]*?>", r.mathml)
    stack = []
    for closing, name in tags:
        if closing:
            assert stack and stack.pop() == name
        else:
            stack.append(name)
    assert stack == []


@pytest.mark.parametrize("tex,code", [(r"a \\ b \\ c", "W-MATH-NEWLINE"),
                                      ("a & b & c", "W-MATH-ALIGN"),
                                      (r"x^2^3^4", "W-MATH-SCRIPT"),
                                      ("a $ b $ c", "W-MATH-SHIFT")])
def test_once_per_formula_means_each_formula_once(tex, code):
    """A warning reported "once per formula" is reported once by every formula that has
    it, however many formulas share the reporter (the key must not be the identity of
    a temporary object, which Python reuses once the object is freed)."""
    ctx = SimpleContext()
    for _ in range(300):
        convert_inline(tokenize_string(tex, name="t.tex"), ctx)
    got = [d for d in ctx.reporter.diagnostics if d.code == code]
    assert len(got) == 300
