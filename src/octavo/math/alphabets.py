"""Math alphabets: \\mathbb, \\mathcal, \\mathbf ... as Unicode mathematical alphanumerics.

MathML Core honours only ``mathvariant="normal"``, so a styled letter must be the
styled character itself (ℝ, 𝒞, 𝐯).  `styled(ch, font)` maps one character; characters
without a styled form come back unchanged.  `FONT_COMMANDS` maps LaTeX commands to the
font names used here.

Font names: bb, cal, scr, frak, bf, it, bfit, bsym (\\boldsymbol: bold italic letters,
bold upright capitals Greek), sf, sfbf, sfit, tt, rm.
"""

from __future__ import annotations

from types import MappingProxyType

FONT_COMMANDS = MappingProxyType({
    "mathbb": "bb", "mathbbm": "bb", "Bbb": "bb", "mathds": "bb",
    "mathcal": "cal", "mathscr": "scr", "mathfrak": "frak", "frak": "frak",
    "mathbf": "bf", "mathbfit": "bfit", "boldsymbol": "bsym", "bm": "bsym", "pmb": "bsym",
    "mathit": "it", "mathnormal": "", "mathsf": "sf", "mathsfbf": "sfbf", "mathbfsf": "sfbf",
    "mathsfit": "sfit", "mathtt": "tt", "mathrm": "rm", "mathup": "rm",
})
"""Commands taking one argument."""

FONT_SWITCHES = MappingProxyType({
    "rm": "rm", "bf": "bf", "it": "it", "sf": "sf", "tt": "tt", "cal": "cal", "mit": "",
    "boldmath": "bsym", "unboldmath": "",
})
"""Old-style declarations that change the font until the end of the group."""

# Start of each Latin style (A; a follows 26 later).
_LATIN = {"bf": 0x1D400, "it": 0x1D434, "bfit": 0x1D468, "cal": 0x1D49C, "scr": 0x1D49C,
          "bfscr": 0x1D4D0, "frak": 0x1D504, "bb": 0x1D538, "bffrak": 0x1D56C,
          "sf": 0x1D5A0, "sfbf": 0x1D5D4, "sfit": 0x1D608, "sfbfit": 0x1D63C,
          "tt": 0x1D670}
# Letters living in the Letterlike Symbols block instead of their slot.
_HOLES = {
    ("it", "h"): "\u210e",
    ("cal", "B"): "\u212c", ("cal", "E"): "\u2130", ("cal", "F"): "\u2131",
    ("cal", "H"): "\u210b", ("cal", "I"): "\u2110", ("cal", "L"): "\u2112",
    ("cal", "M"): "\u2133", ("cal", "R"): "\u211b", ("cal", "e"): "\u212f",
    ("cal", "g"): "\u210a", ("cal", "o"): "\u2134",
    ("frak", "C"): "\u212d", ("frak", "H"): "\u210c", ("frak", "I"): "\u2111",
    ("frak", "R"): "\u211c", ("frak", "Z"): "\u2128",
    ("bb", "C"): "\u2102", ("bb", "H"): "\u210d", ("bb", "N"): "\u2115",
    ("bb", "P"): "\u2119", ("bb", "Q"): "\u211a", ("bb", "R"): "\u211d",
    ("bb", "Z"): "\u2124",
}
_DIGITS = {"bf": 0x1D7CE, "bb": 0x1D7D8, "sf": 0x1D7E2, "sfbf": 0x1D7EC, "tt": 0x1D7F6}
# Greek styles: start of capital Alpha; the block order is Α..Ω (with ϴ in the gap at
# U+03A2), ∇, α..ω, ∂ ϵ ϑ ϰ ϕ ϱ ϖ.
_GREEK = {"bf": 0x1D6A8, "it": 0x1D6E2, "bfit": 0x1D71C, "sfbf": 0x1D756,
          "sfbfit": 0x1D790}
_GREEK_TAIL = "\u2202\u03f5\u03d1\u03f0\u03d5\u03f1\u03d6"


def _greek_index(ch: str) -> int | None:
    o = ord(ch)
    if 0x391 <= o <= 0x3A9:
        return o - 0x391
    if ch == "\u03f4":
        return 17
    if ch == "\u2207":
        return 25
    if 0x3B1 <= o <= 0x3C9:
        return 26 + o - 0x3B1
    i = _GREEK_TAIL.find(ch)
    return 51 + i if i >= 0 else None


def styled(ch: str, font: str) -> str:
    """``ch`` in math alphabet ``font`` (unchanged if that alphabet lacks it)."""
    if not font or font == "rm":
        return ch
    if font == "bsym":
        if ch.isdigit():
            font = "bf"
        elif "A" <= ch <= "Z" or "a" <= ch <= "z":
            font = "bfit"
        else:
            gi = _greek_index(ch)
            if gi is None:
                return ch
            font = "bf" if gi < 25 else "bfit"
    o = ord(ch)
    if "A" <= ch <= "Z" or "a" <= ch <= "z":
        base = _LATIN.get(font)
        if base is None:
            return ch
        hole = _HOLES.get((("cal" if font == "scr" else font), ch))
        if hole:
            return hole
        return chr(base + (o - 65 if ch <= "Z" else 26 + o - 97))
    if "0" <= ch <= "9":
        base = _DIGITS.get(font)
        return chr(base + o - 48) if base else ch
    base = _GREEK.get(font)
    if base is not None:
        gi = _greek_index(ch)
        if gi is not None:
            if font == "bf" and gi >= 25:
                return ch  # \mathbf leaves lowercase Greek alone, as LaTeX does
            return chr(base + gi)
    return ch


def styled_text(text: str, font: str) -> str:
    return "".join(styled(c, font) for c in text)


def is_upright_font(font: str) -> bool:
    """Fonts whose single letters need mathvariant="normal" to stay upright."""
    return font == "rm"
