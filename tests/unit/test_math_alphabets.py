"""Math alphabets -> Unicode mathematical alphanumerics (MathML Core has no mathvariant)."""

import pytest

from octavo.math.alphabets import styled, styled_text

CASES = [
    ("R", "bb", "\u211d"), ("N", "bb", "\u2115"), ("A", "bb", "\U0001d538"),
    ("1", "bb", "\U0001d7d9"), ("C", "cal", "\U0001d49e"), ("B", "cal", "\u212c"),
    ("L", "scr", "\u2112"), ("g", "frak", "\U0001d524"), ("R", "frak", "\u211c"),
    ("v", "bf", "\U0001d42f"), ("2", "bf", "\U0001d7d0"), ("\u0393", "bf", "\U0001d6aa"),
    ("\u03b1", "bf", "\u03b1"),  # \mathbf leaves lowercase Greek alone
    ("\u03b1", "bsym", "\U0001d736"), ("x", "bsym", "\U0001d499"),
    ("\u0393", "bsym", "\U0001d6aa"), ("h", "it", "\u210e"), ("x", "it", "\U0001d465"),
    ("a", "sf", "\U0001d5ba"), ("T", "tt", "\U0001d683"), ("x", "rm", "x"),
    ("+", "bb", "+"), ("\u2202", "bsym", "\U0001d74f"),
]


@pytest.mark.parametrize("ch,font,expected", CASES)
def test_styled(ch, font, expected):
    assert styled(ch, font) == expected


def test_styled_text_maps_every_letter():
    assert styled_text("KEC", "tt") == "\U0001d67a\U0001d674\U0001d672"
