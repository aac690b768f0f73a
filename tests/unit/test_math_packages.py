"""Commands of packages a document loads (and of the LaTeX kernel) inside math: shown,
never as an <merror>.  Shapes taken from ../shared/corpus/openlogic (extarrows,
stmaryrd, graphicx's \\reflectbox, amsmath's multline, bussproofs in a display)."""

from __future__ import annotations

import pytest

from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.tex.tokenizer import tokenize_string

CASES = [
    # extarrows: long arrows with a label above
    (r"M \xLongrightarrow{\beta} N", ["\u27f9", "<mover", "\u03b2"]),
    (r"M \xLongrightarrow{} N", ["\u27f9"]),
    (r"a \xlongrightarrow[u]{o} b \xLongleftarrow{x} c \xLongleftrightarrow{y} d",
     ["\u27f6", "\u27f8", "\u27fa", "<munderover"]),
    # kernel pieces of composed relations: \Relbar, \relbar, \joinrel, \mapstochar
    (r"\mathrel{||}\joinrel\Relbar", ["<mo", "=", "-0.1667em"]),
    (r"a \relbar\joinrel\rightarrow b", ["\u2212", "\u2192"]),
    # \ooalign overlays its rows: \pto of openlogic
    (r"f\colon A \mathrel{\ooalign{\hfil$\mapstochar\mkern5mu$\hfil\cr$\to$}} B",
     ['<mpadded width="0"', "\u2192", "\u2223"]),
    # stmaryrd
    (r"a \leftrightarroweq b", ["\u2194", "="]),
    # graphicx: the box is shown mirrored
    (r"{^{\reflectbox{\tiny\#}}}{x}", ["scaleX(-1)", "#"]),
    # \bigg in a text box (\raisebox{1ex}{\bigg\rbrace}): a delimiter, as in LaTeX
    (r"x\raisebox{1ex}{\bigg\rbrace}", ["}", "minsize="]),
]


@pytest.mark.parametrize("tex,needles", CASES, ids=[c[0][:40] for c in CASES])
def test_package_command_in_math(tex, needles):
    ctx = SimpleContext()
    r = convert_inline(tokenize_string(tex, name="t.tex"), ctx)
    assert "<merror>" not in r.mathml, r.mathml
    for needle in needles:
        assert needle in r.mathml, (needle, r.mathml)
    assert not [d for d in ctx.reporter.diagnostics if d.code == "W-MATH-UNKNOWN"]


def test_shove_in_multline():
    ctx = SimpleContext()
    tex = r"\shoveleft{\mathbb{Z} = \{0, 1\}} \\ \shoveright{x = y} \\ z"
    r = convert_display("multline*", tokenize_string(tex, name="t.tex"), ctx)
    assert "<merror>" not in r.mathml, r.mathml
    assert "\u2124" in r.mathml and "<mi>y</mi>" in r.mathml


def test_tabular_inside_a_display_has_text_cells():
    """openlogic's machine table: a tabular inside \\[...\\] (text cells, \\multicolumn,
    \\cline, \\centering)."""
    ctx = SimpleContext()
    tex = (r"\centering\begin{tabular}{lll}\cline{2-3}"
           r"\multicolumn{1}{l|}{} & \multicolumn{1}{c|}{$q_0$} & in state one \\ \cline{1-3}"
           r"a word & $x$ & \phantom{wide} \end{tabular}")
    r = convert_display("\\[", tokenize_string(tex, name="t.tex"), ctx)
    assert "<merror>" not in r.mathml, r.mathml
    assert "<mtext>in state one</mtext>" in r.mathml and "<mtext>a word</mtext>" in r.mathml
    assert "<msub><mi>q</mi><mn>0</mn></msub>" in r.mathml
    assert "<mphantom><mtext>wide</mtext></mphantom>" in r.mathml


def test_multicolumn_in_array_is_math():
    ctx = SimpleContext()
    tex = r"\begin{array}{cc} \multicolumn{2}{c}{x+y} \\ a & b \end{array}"
    r = convert_inline(tokenize_string(tex, name="t.tex"), ctx)
    assert "<merror>" not in r.mathml and "<mi>x</mi><mo>+</mo><mi>y</mi>" in r.mathml
