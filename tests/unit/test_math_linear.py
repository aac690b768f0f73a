"""Math -> linear Unicode text for the plain-text writer (table-driven)."""

import pytest

from octavo.math.api import SimpleContext, convert_inline
from octavo.tex.tokenizer import tokenize_string

CASES = [
    (r"\alpha^2 + \beta_i \leq \sum_{k=1}^n x_k", "α² + β_i ≤ ∑_{k=1}^n x_k"),
    (r"x_1 + x_{10}", "x₁ + x₁₀"),
    (r"\frac{a}{b}", "a/b"),
    (r"\frac{a+b}{c}", "(a + b)/c"),
    (r"\sqrt{x}", "√x"),
    (r"\sqrt[3]{x+1}", "∛(x + 1)"),
    (r"\left( \frac12 \right)", "(1/2)"),
    (r"f'(x) = -g''", "f′(x) = −g″"),
    (r"\sin x + \cos(y)", "sin x + cos(y)"),
    (r"\lim_{n\to\infty} a_n", "lim_{n→∞} a_n"),
    (r"\mathbb{R}^n \to \mathbb{C}", "ℝ^n → ℂ"),
    (r"\hat{x} + \bar{y} + \vec{v}", "x̂ + ȳ + v⃗"),
    (r"\text{if } x > 0", "if x > 0"),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", "(a b; c d)"),
    (r"a, b; c", "a, b; c"),
    (r"\{ x \mid x > 0 \}", "{x ∣ x > 0}"),
    (r"e^{i\pi} = -1", "e^{iπ} = −1"),
    (r"x^{2n}", "x^{2n}"),
    (r"\foo", "\\foo"),
]


@pytest.mark.parametrize("tex,expected", CASES, ids=[c[0] for c in CASES])
def test_linear(tex, expected):
    assert convert_inline(tokenize_string(tex), SimpleContext()).linear == expected
