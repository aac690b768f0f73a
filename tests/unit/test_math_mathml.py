"""TeX math -> MathML Core, construct by construct (table-driven)."""

import re

import pytest

from octavo.errors import Reporter
from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.tex.tokenizer import tokenize_string


def body(tex: str, ctx=None) -> str:
    r = convert_inline(tokenize_string(tex), ctx or SimpleContext())
    m = re.fullmatch(r'<math display="inline" alttext="[^"]*">(.*)</math>', r.mathml, re.S)
    assert m, r.mathml
    return m.group(1)


CASES = [
    ("x", "<mi>x</mi>"),
    ("12.5", "<mn>12.5</mn>"),
    ("a+b", "<mi>a</mi><mo>+</mo><mi>b</mi>"),
    ("-x", "<mo>\u2212</mo><mi>x</mi>"),
    ("a=-b", '<mi>a</mi><mo>=</mo><mo form="prefix">\u2212</mo><mi>b</mi>'),
    ("x^2", "<msup><mi>x</mi><mn>2</mn></msup>"),
    ("x^23", "<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>"),
    ("x_i^2", "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"),
    ("f'", "<msup><mi>f</mi><mo>\u2032</mo></msup>"),
    ("f''^2", "<msup><mi>f</mi><mrow><mo>\u2033</mo><mn>2</mn></mrow></msup>"),
    ("{}^a", "<msup><mrow></mrow><mi>a</mi></msup>"),
    # graphicx boxes in a formula show their text, untransformed (forall x's \maththe)
    (r"\rotatebox[origin=c]{180}{$\iota$}x", "<mrow><mi>ι</mi></mrow><mi>x</mi>"),
    (r"\scalebox{2}[1]{$y$}", "<mrow><mi>y</mi></mrow>"),
    (r"\frac{a}{b}", "<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
    (r"\frac12", "<mfrac><mn>1</mn><mn>2</mn></mfrac>"),
    (r"\dfrac{a}{b}", '<mstyle displaystyle="true" scriptlevel="0"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>'),
    (r"a \over b", "<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
    (r"\binom{n}{k}", '<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac><mo fence="true" form="postfix" stretchy="true">)</mo></mrow>'),
    (r"\sqrt{x}", "<msqrt><mi>x</mi></msqrt>"),
    (r"\sqrt[3]{x}", "<mroot><mi>x</mi><mn>3</mn></mroot>"),
    (r"\left( x \right)", '<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mi>x</mi><mo fence="true" form="postfix" stretchy="true">)</mo></mrow>'),
    (r"\left. x \right|", '<mrow><mi>x</mi><mo fence="true" form="postfix" stretchy="true">|</mo></mrow>'),
    (r"\bigl( x \bigr)", '<mo stretchy="true" minsize="1.2em" maxsize="1.2em" form="prefix">(</mo><mi>x</mi><mo stretchy="true" minsize="1.2em" maxsize="1.2em" form="postfix">)</mo>'),
    (r"\sum_{k=1}^n", "<munderover><mo>\u2211</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"),
    (r"\sum\nolimits_k", "<msub><mo>\u2211</mo><mi>k</mi></msub>"),
    (r"\int_0^1", "<msubsup><mo>\u222b</mo><mn>0</mn><mn>1</mn></msubsup>"),
    (r"\int\limits_0^1", '<munderover><mo movablelimits="false">\u222b</mo><mn>0</mn><mn>1</mn></munderover>'),
    (r"\lim_{n}", '<munder><mo form="prefix" movablelimits="true" lspace="0" rspace="0.1667em">lim</mo><mi>n</mi></munder>'),
    (r"\sin x", '<mi>sin</mi><mo rspace="0.1667em">\u2061</mo><mi>x</mi>'),
    (r"\sin(x)", '<mi>sin</mi><mo>\u2061</mo><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>'),
    (r"\operatorname{rank} A", '<mi>rank</mi><mo rspace="0.1667em">\u2061</mo><mi>A</mi>'),
    (r"\operatorname*{argmax}_x", '<munder><mo form="prefix" movablelimits="true" lspace="0" rspace="0.1667em">argmax</mo><mi>x</mi></munder>'),
    (r"\mathbb{R}^n", "<msup><mi>\u211d</mi><mi>n</mi></msup>"),
    (r"\mathrm{d}x", '<mi mathvariant="normal">d</mi><mi>x</mi>'),
    (r"\mathrm{max}", "<mi>max</mi>"),
    (r"\mathbf{v}", "<mi>\U0001d42f</mi>"),
    (r"\Gamma", '<mi mathvariant="normal">\u0393</mi>'),
    (r"\alpha", "<mi>\u03b1</mi>"),
    (r"\infty", "<mi>\u221e</mi>"),
    (r"\leq", "<mo>\u2264</mo>"),
    (r"\not=", "<mo>\u2260</mo>"),
    (r"\not\in", "<mo>\u2209</mo>"),
    (r"\not\prec", "<mo>\u2280</mo>"),
    (r"\hat{x}", "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">\u02c6</mo></mover>"),
    (r"\widehat{xy}", '<mover accent="true"><mrow><mi>x</mi><mi>y</mi></mrow><mo stretchy="true">^</mo></mover>'),
    (r"\overline{x}", '<mover accent="true"><mi>x</mi><mo stretchy="true">\u203e</mo></mover>'),
    (r"\underbrace{x}_{n}", '<munder><munder><mi>x</mi><mo stretchy="true">\u23df</mo></munder><mi>n</mi></munder>'),
    (r"\overset{a}{=}", "<mover><mo>=</mo><mi>a</mi></mover>"),
    (r"\stackrel{a}{\to}", "<mover><mo>\u2192</mo><mi>a</mi></mover>"),
    (r"\xrightarrow{f}", '<mover><mo stretchy="true">\u2192</mo><mi>f</mi></mover>'),
    (r"\text{if } x", "<mtext>if\u00a0</mtext><mi>x</mi>"),
    (r"\text{a $b$}", "<mrow><mtext>a\u00a0</mtext><mi>b</mi></mrow>"),
    (r"\textbf{B}", '<mtext style="font-weight:bold">B</mtext>'),
    (r"a\,b", '<mi>a</mi><mspace width="0.1667em"></mspace><mi>b</mi>'),
    (r"a\!b", '<mi>a</mi><mspace style="margin-left:-0.1667em"></mspace><mi>b</mi>'),
    (r"\quad", '<mspace width="1em"></mspace>'),
    (r"\hspace{2em}", '<mspace width="2em"></mspace>'),
    (r"\hspace{10pt}", '<mspace width="1em"></mspace>'),
    (r"\phantom{x}", "<mphantom><mi>x</mi></mphantom>"),
    (r"\color{red} x", '<mstyle mathcolor="red"><mi>x</mi></mstyle>'),
    (r"\textcolor[HTML]{00FF00}{x}", '<mstyle mathcolor="#00ff00"><mi>x</mi></mstyle>'),
    (r"\boxed{x}", '<mrow class="box" style="border:0.06em solid;padding:0.2em 0.3em"><mi>x</mi></mrow>'),
    (r"a \bmod b", '<mi>a</mi><mo lspace="0.2222em" rspace="0.2222em">mod</mo><mi>b</mi>'),
    (r"\begin{matrix} a & b \end{matrix}", "<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr></mtable>"),
    (r"\begin{pmatrix} a \\ b \end{pmatrix}", '<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable><mo fence="true" form="postfix" stretchy="true">)</mo></mrow>'),
    (r"\begin{array}{r|l} a & b \end{array}", '<mtable><mtr><mtd style="text-align:right;text-align:-webkit-right"><mi>a</mi></mtd><mtd style="text-align:left;text-align:-webkit-left;border-left:0.06em solid"><mi>b</mi></mtd></mtr></mtable>'),
    (r"\substack{a\\b}", '<mtable><mtr><mtd style="padding:0"><mi>a</mi></mtd></mtr><mtr><mtd style="padding:0"><mi>b</mi></mtd></mtr></mtable>'),
    ("a<b", "<mi>a</mi><mo>&lt;</mo><mi>b</mi>"),
    (r"\{x\}", '<mo stretchy="false">{</mo><mi>x</mi><mo stretchy="false">}</mo>'),
]


@pytest.mark.parametrize("tex,expected", CASES, ids=[c[0] for c in CASES])
def test_construct(tex, expected):
    ctx = SimpleContext()
    assert body(tex, ctx) == expected
    assert ctx.reporter.diagnostics == []


def test_alttext_holds_escaped_source():
    r = convert_inline(tokenize_string(r'a<b \text{"q"} & c'), SimpleContext())
    assert r.mathml.startswith('<math display="inline" alttext="a&lt;b \\text{&quot;q&quot;} &amp; c">')
    assert r.html == r.mathml


def test_display_math_is_block():
    r = convert_display("equation*", tokenize_string("x"), SimpleContext())
    assert r.mathml.startswith('<math display="block"')
    assert r.html == f'<div class="equation">{r.mathml}</div>'


def test_align_cells_alternate_right_left_and_keep_relation_spacing():
    r = convert_display("align*", tokenize_string("a &= b"), SimpleContext())
    assert ('<mtd style="text-align:right;text-align:-webkit-right;padding-right:0"><mi>a</mi></mtd>'
            '<mtd style="text-align:left;text-align:-webkit-left;padding-left:0"><mo form="infix">=</mo>'
            '<mi>b</mi></mtd>') in r.mathml


def test_formula_in_a_box_in_a_formula_in_a_box():
    # the inner $...$ does not end the outer one (forall x: \fbox{$\enot(\fbox{$S$})$})
    got = body(r"\fbox{$a(\fbox{$S$})$}")
    assert got.count('class="box"') == 2 and "<mi>S</mi>" in got and "merror" not in got


def test_intertext_after_a_row_without_line_break():
    # amsmath ends the row itself when \intertext follows no \\
    r = convert_display("align*", tokenize_string(r"a &= b.\intertext{then} c &= d"), SimpleContext())
    assert r.mathml.count("<mtr>") == 3 and "<mtext>then</mtext>" in r.mathml
