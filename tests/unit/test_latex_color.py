"""Colour arithmetic of latex/kernel/color.py: every result is #rrggbb."""

import re

import pytest

from octavo.latex.kernel.color import ColorError, from_model, parse_expr, to_hex

HEX = re.compile(r"^#[0-9a-f]{6}$")


@pytest.mark.parametrize("expr, want", [
    ("red", "#ff0000"), ("red!50", "#ff8080"), ("red!50!black", "#800000"),
    ("blue!20!white", "#ccccff"), ("-red", "#00ffff"), ("black!100", "#000000"),
    ("ForestGreen", "#00e000"), ("red!50!blue!50!white", "#bf80bf"),
])
def test_expressions(expr, want):
    assert to_hex(parse_expr(expr, {})) == want


@pytest.mark.parametrize("model, spec, want", [
    ("rgb", "0,0.5,0", "#008000"), ("RGB", "255,128,0", "#ff8000"), ("HTML", "1F2E3D", "#1f2e3d"),
    ("gray", "0.25", "#404040"), ("cmyk", "0,0,0,0.8", "#333333"), ("cmy", "1,0,0", "#00ffff"),
    ("rgb/cmyk", "1,0,0/0,1,1,0", "#ff0000"), ("rgb", "2,-1,0.5", "#ff0080"),
])
def test_models(model, spec, want):
    assert to_hex(from_model(model, spec, {})) == want


@pytest.mark.parametrize("model, spec", [
    ("HTML", "red;x"), ("HTML", "12345"), ("rgb", "1,0"), ("rgb", "a,b,c"), ("lab", "1,2,3"),
])
def test_bad_specs_raise(model, spec):
    with pytest.raises(ColorError):
        from_model(model, spec, {})


def test_user_text_never_reaches_output():
    with pytest.raises(ColorError):
        parse_expr("red;background:url(x)", {})
    with pytest.raises(ColorError):
        parse_expr('red!50!"onload', {})
    defined = {"mine": (0.1, 0.2, 0.3)}
    assert HEX.match(to_hex(parse_expr("mine!40", defined)))
