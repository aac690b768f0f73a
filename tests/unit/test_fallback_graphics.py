"""PDF/EPS figures to SVG (octavo.fallback.graphics); needs poppler-utils and ghostscript."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from octavo.fallback.cache import Cache
from octavo.fallback.graphics import convert_graphic

pytestmark = pytest.mark.needs_tex
HAVE = shutil.which("gs") and (shutil.which("pdftocairo") or shutil.which("dvisvgm"))
skip = pytest.mark.skipif(not HAVE, reason="converters not installed: apt-get install "
                          "poppler-utils ghostscript")

EPS = b"""%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 100 50
newpath 10 10 moveto 90 40 lineto 2 setlinewidth 1 0 0 setrgbcolor stroke
showpage
"""

EVIL_EPS = b"""%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 100 50
/f (/etc/passwd) (r) file def
newpath 0 0 moveto 10 10 lineto stroke
showpage
"""


def make_pdf(text: str = "PDF-FIGURE") -> bytes:
    content = f"BT /F1 24 Tf 10 20 Td ({text}) Tj ET 0 0 m 200 60 l S".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 60] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def size_em(svg: bytes) -> float:
    m = re.search(rb"<svg[^>]*\bwidth=['\"]([0-9.]+)em", svg)
    assert m, svg[:300]
    return float(m.group(1))


@skip
def test_pdf_and_eps_become_svg_and_are_cached(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / "fig").mkdir(parents=True)
    (root / "fig" / "a.pdf").write_bytes(make_pdf())
    (root / "fig" / "b.eps").write_bytes(EPS)
    cache = Cache(tmp_path / "cache")
    pdf = convert_graphic("fig/a.pdf", root, cache)
    eps = convert_graphic("fig/b.eps", root, cache)
    assert pdf.svg and eps.svg, (pdf.error, eps.error)
    assert abs(size_em(pdf.svg) - 20.0) < 0.5      # 200 pt wide = 20 em
    assert abs(size_em(eps.svg) - 10.0) < 0.5      # EPSCrop: the 100 pt BoundingBox, not a page
    assert b"<script" not in pdf.svg
    calls = []
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = convert_graphic("fig/a.pdf", root, cache)
    assert again.cached and again.svg == pdf.svg and calls == []


@skip
def test_outside_root_and_unsafe_postscript_refused(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (tmp_path / "outside.pdf").write_bytes(make_pdf())
    (root / "evil.eps").write_bytes(EVIL_EPS)
    (root / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    assert "outside the source directory" in convert_graphic("../outside.pdf", root, None).error
    assert "outside the source directory" in convert_graphic("link.pdf", root, None).error
    bad = convert_graphic("evil.eps", root, None)
    assert bad.svg is None and "gs failed" in bad.error      # -dSAFER: no file access
    assert "not a PDF or EPS" in convert_graphic("x.png", root, None).error
