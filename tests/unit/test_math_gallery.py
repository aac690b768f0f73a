"""Golden gallery: tests/features/math/gallery.tex -> gallery.mathml (issue 5).

Every formula of the gallery (shapes taken from the corpus documents) is converted; the
concatenated HTML is compared with the golden file (`pytest --update-golden` rewrites
it).  The gallery uses only commands octavo knows, so no formula may warn or contain
<merror>.
"""

from pathlib import Path

from octavo.errors import Reporter
from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.math.scan import find_formulas
from octavo.tex.tokenizer import tokenize_string

GALLERY = Path(__file__).parents[1] / "features" / "math" / "gallery.tex"
GOLDEN = GALLERY.with_suffix(".mathml")


def gallery_formulas():
    return find_formulas(GALLERY.read_text(encoding="utf-8"))


def render_gallery(ctx):
    out = []
    for i, f in enumerate(gallery_formulas(), 1):
        toks = tokenize_string(f.body.strip(), name=f"gallery#{i}")
        if f.display:
            r = convert_display(f.env, toks, ctx)
        else:
            r = convert_inline(toks, ctx)
        out.append(f"<!-- {i} {f.env} -->\n{r.html}\n")
    return "".join(out)


def test_gallery_has_at_least_200_formulas():
    assert len(gallery_formulas()) >= 200


def test_gallery_renders_without_errors_or_warnings():
    rep = Reporter()
    html = render_gallery(SimpleContext(reporter=rep))
    assert "<merror>" not in html
    assert [d.format() for d in rep.diagnostics] == []
    assert html.count("<math ") == len(gallery_formulas())


def test_gallery_matches_golden(update_golden):
    html = render_gallery(SimpleContext())
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8")
