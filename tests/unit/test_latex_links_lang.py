"""Small pure helpers: URL clean-up, key=value options, BCP 47 tags."""

from octavo.latex.kernel.lang import bcp47
from octavo.latex.kernel.links import clean_url
from octavo.latex.kernel.verbatim import keyvals


def test_clean_url_undoes_tex_escapes_only():
    assert clean_url(r"http://x.org/a\_b\%20\#c") == "http://x.org/a_b%20#c"
    assert clean_url(' http://x/"onmouseover="a\n') == 'http://x/"onmouseover="a'
    assert clean_url("javascript:alert(1)") == "javascript:alert(1)"


def test_keyvals():
    assert keyvals("language=Python, caption={A, B}, label=x,numbers") == {
        "language": "Python", "caption": "A, B", "label": "x", "numbers": ""}
    assert keyvals("title={{braced}}") == {"title": "{braced}"}
    assert keyvals("") == {}


def test_bcp47():
    assert bcp47("ngerman") == "de"
    assert bcp47("british") == "en-GB"
    assert bcp47("American") == "en"
    assert bcp47("klingon") == ""
