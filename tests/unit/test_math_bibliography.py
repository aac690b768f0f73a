"""Formulas in .bib fields stay formulas (issue 5: every formula of the source is a
<math> element), whatever commands they hold: pybtex decodes LaTeX to Unicode with
latexcodec, which would otherwise turn ``$\\omega$`` into a bare "ω"."""

from __future__ import annotations

from octavo.config import BuildConfig
from octavo.doc.nodes import Bibliography, Cite, Document, Math, Paragraph
from octavo.doc.walk import text_of, walk
from octavo.errors import Location, Reporter
from octavo.transforms import TransformContext, citations

BIB = r"""
@article{a, author={Ann Berg}, title={Types are weak $\omega$-groupoids}, journal={J}, year=2011}
@article{b, author={Bo Cole}, title={A survey of $(\infty, 1)$-categories and $\lambda$-terms},
  journal={J. {\'E}tudes}, year=2011}
"""


def test_formulas_in_bib_fields_stay_formulas(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    bibl = Bibliography(sources=["refs"], style="plain", loc=Location("main.tex", 4, 1))
    doc = Document(children=[Paragraph(children=[Cite(keys=["a", "b"])]), bibl],
                   source_root=str(tmp_path))
    citations.run(doc, TransformContext(config=BuildConfig(), reporter=Reporter()))
    by_key = {e.key: e for e in bibl.entries}
    assert [n.tex for n in walk(by_key["a"]) if isinstance(n, Math)] == ["\\omega"]
    assert [n.tex for n in walk(by_key["b"]) if isinstance(n, Math)] == ["(\\infty, 1)",
                                                                          "\\lambda"]
    text = text_of(by_key["b"].children)
    assert "Études" in text  # text outside formulas is still decoded
    assert "\ue002" not in text
