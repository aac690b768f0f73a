"""xfig/Inkscape figure overlays typeset by real TeX: the overlay's picture labels plus the
PDF it includes (octavo.latex.packages.import.overlay, octavo.fallback.included, the
runner's copies and the dvisvgm graphics driver of the snippets).

The TeX tests need ``latex``, ``dvisvgm`` and ``pdflatex`` (to make the small PDF);
they are skipped otherwise, with the reason shown.  The pure tests run everywhere.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.doc.nodes import Placeholder
from octavo.doc.walk import walk
from octavo.errors import Reporter
from octavo.fallback.included import digest, graphics_dirs, included_files

HAVE_TEX = all(shutil.which(p) for p in ("latex", "dvisvgm", "pdflatex"))
SKIP_REASON = ("TeX not installed (latex, dvisvgm, pdflatex): apt-get install "
               "texlive-latex-base texlive-latex-recommended texlive-pictures dvisvgm "
               "ghostscript")

# what xfig exports as name.pdf_t: the drawing (a PDF beside it) and the TeX labels
OVERLAY = r"""\begin{picture}(0,0)%
\includegraphics{NAME}%
\end{picture}%
\setlength{\unitlength}{4144sp}%
\begin{picture}(2000,1000)(0,0)
\put(300,300){\makebox(0,0)[lb]{\smash{$x_0$}}}%
\end{picture}%
"""

MAIN = r"""\documentclass{article}
\usepackage{graphicx}
\usepackage{color}
\usepackage{import}
\begin{document}
Before.

BODY

After.
\end{document}
"""


def _pdf(folder: Path, name: str) -> None:
    """A one-page PDF holding a filled rectangle, made by pdflatex."""
    work = folder / "_make"
    work.mkdir(parents=True, exist_ok=True)
    (work / "g.tex").write_text("\\documentclass{article}\\pagestyle{empty}\\begin{document}"
                                "\\noindent\\rule{3cm}{1.5cm}\\end{document}\n")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "g.tex"],
                   cwd=work, capture_output=True, timeout=120, check=True)
    shutil.copyfile(work / "g.pdf", folder / name)
    shutil.rmtree(work)


def _build(root: Path, body: str, tmp: Path):
    (root / "main.tex").write_text(MAIN.replace("BODY", body))
    rep = Reporter()
    cfg = BuildConfig(source=root / "main.tex", cache_dir=tmp / "cache")
    conv = convert(cfg, rep)
    pics = [n for n in walk(conv.document) if isinstance(n, Placeholder) and n.reason == "picture"]
    return conv, rep, pics


@pytest.fixture()
def project(tmp_path):
    if not HAVE_TEX:
        pytest.skip(SKIP_REASON)
    root = tmp_path / "book"
    (root / "figures").mkdir(parents=True)
    _pdf(root / "figures", "box.pdf")
    return root


@pytest.mark.needs_tex
def test_overlay_in_subfolder_becomes_svg_with_the_pdf_drawing(project, tmp_path):
    root = project
    (root / "figures" / "box.pdf_t").write_text(OVERLAY.replace("NAME", "box.pdf"))
    conv, rep, pics = _build(root, "\\subimport*{figures/}{box.pdf_t}", tmp_path)
    assert len(pics) == 1
    node = pics[0]
    # the fragment names the overlay's folder for graphicx; the reader's words do not
    assert node.source.startswith("\\graphicspath{{figures/}}\\begin{picture}")
    assert "graphicspath" not in node.alt and node.alt.startswith("\\begin{picture}")
    errs = [d for d in rep.diagnostics if d.code.startswith("E-PICTURE")]
    assert not errs, [(d.code, d.message) for d in errs]
    assert node.image and node.image.endswith(".svg")
    svg = conv.context.data["pictures"][node.image]
    # the label (a glyph path) and the PDF's rectangle (Ghostscript's drawing) are there
    assert svg.count(b"<path") >= 2 or b"<image" in svg, svg[:400]
    assert len(svg) > 600
    # the copy went into the run's directory only: nothing was written beside the source
    assert sorted(p.name for p in (root / "figures").iterdir()) == ["box.pdf", "box.pdf_t"]


@pytest.mark.needs_tex
def test_overlay_importing_an_overlay_is_one_picture(project, tmp_path):
    root = project
    (root / "figures" / "box.pdf_t").write_text(OVERLAY.replace("NAME", "box.pdf"))
    (root / "figures" / "sub").mkdir()
    shutil.copyfile(root / "figures" / "box.pdf", root / "figures" / "sub" / "in.pdf")
    (root / "figures" / "sub" / "in.pdf_t").write_text(OVERLAY.replace("NAME", "in"))
    (root / "figures" / "both.pdf_t").write_text(
        "\\parbox{2in}{\\subimport*{}{box.pdf_t}}\n\\parbox{1in}{$f(x)$}\n"
        "\\subimport*{sub/}{in.pdf_t}\n")
    conv, rep, pics = _build(root, "\\subimport*{figures/}{both.pdf_t}", tmp_path)
    assert len(pics) == 1
    src = pics[0].source
    assert src.startswith("\\graphicspath{{figures/}{figures/sub/}}\\parbox{2in}{\\begin{picture}")
    assert "subimport" not in src and src.count("\\includegraphics") == 2
    assert not [d for d in rep.diagnostics if d.code.startswith("E-")], rep.diagnostics
    assert pics[0].image and pics[0].alt.startswith("\\parbox{2in}")


@pytest.mark.needs_tex
def test_graphic_without_extension_is_found(project, tmp_path):
    root = project
    (root / "figures" / "box.pdf_t").write_text(OVERLAY.replace("NAME", "box"))
    conv, rep, pics = _build(root, "\\subimport*{figures/}{box.pdf_t}", tmp_path)
    assert pics[0].image, [(d.code, d.message) for d in rep.diagnostics]


@pytest.mark.parametrize("name", ["../outside.pdf", "ABS"])
@pytest.mark.needs_tex
def test_graphic_outside_the_root_is_not_copied_and_fails_located(project, tmp_path, name):
    root = project
    outside = tmp_path / "outside.pdf"
    shutil.copyfile(root / "figures" / "box.pdf", outside)
    if name == "ABS":
        name = str(outside)
    body = "\\begin{picture}(10,10)\\includegraphics{%s}\\end{picture}" % name
    # an overlay in the root itself: its text goes to TeX unchanged
    (root / "fig.pdf_t").write_text(body)
    conv, rep, pics = _build(root, "Text\n\\subimport*{./}{fig.pdf_t}", tmp_path)
    assert len(pics) == 1 and pics[0].image is None
    assert pics[0].source == body  # in the root: no \graphicspath added
    assert included_files(body, [], root, 1 << 20) == []
    errs = [d for d in rep.diagnostics if d.code == "E-PICTURE-TEX"]
    assert len(errs) == 1
    assert Path(errs[0].loc.file).name == "main.tex" and errs[0].loc.line == 9
    assert "not found" in errs[0].message or "Unable to load" in errs[0].message, errs[0].message
    assert not any("Traceback" in d.message for d in rep.diagnostics)


# -- pure: what is looked up and copied ---------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "figures").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "figures" / "a.pdf").write_bytes(b"%PDF-1.4 a")
    (root / "img" / "b.png").write_bytes(b"\x89PNG b")
    (root / "img" / "b.eps").write_bytes(b"%!PS b")
    (root / "big.pdf").write_bytes(b"x" * 5000)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF secret")
    (root / "figures" / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    return root


def test_included_files_follow_graphicspath_and_extensions(tmp_path):
    root = _tree(tmp_path)
    src = "\\graphicspath{{figures/}}\\includegraphics[width=2cm]{a.pdf}\\includegraphics{b}"
    assert included_files(src, ["img/"], root, 1 << 20) == ["figures/a.pdf", "img/b.eps",
                                                            "img/b.png"]
    assert graphics_dirs("\\graphicspath{ {x/} {y/}}% \\graphicspath{{z/}}") == ["x/", "y/"]
    # commented out: nothing
    assert included_files("% \\includegraphics{figures/a.pdf}", [], root, 1 << 20) == []


def test_included_files_are_confined(tmp_path):
    root = _tree(tmp_path)
    for name in ["../secret.pdf", str(tmp_path / "secret.pdf"), "figures/link.pdf",
                 "figures/../../secret.pdf", "~/secret.pdf", "\\dir/a.pdf", "figures"]:
        assert included_files("\\includegraphics{%s}" % name, [], root, 1 << 20) == [], name
    # a \graphicspath leaving the root does not lead out either
    assert included_files("\\includegraphics{secret.pdf}", ["../", "/" + str(tmp_path)],
                          root, 1 << 20) == []
    # the document's file size limit applies
    assert included_files("\\includegraphics{big.pdf}", [], root, 4999) == []
    assert included_files("\\includegraphics{big.pdf}", [], root, 5000) == ["big.pdf"]


def test_digest_changes_with_the_graphic(tmp_path):
    root = _tree(tmp_path)
    d1 = digest(root, ["figures/a.pdf"])
    (root / "figures" / "a.pdf").write_bytes(b"%PDF-1.4 changed")
    assert digest(root, ["figures/a.pdf"]) != d1 and digest(root, []) == ""


def test_overlay_text_gets_the_folder_only_when_it_includes_a_graphic(tmp_path):
    from importlib import import_module
    imp = import_module("octavo.latex.packages.import")
    root = tmp_path / "r"
    (root / "figs" / "sub").mkdir(parents=True)
    f = root / "figs" / "sub" / "x.pdf_t"
    assert imp.graphics_dir("\\includegraphics{x.pdf}", [f.parent], root) == \
        "\\graphicspath{{figs/sub/}}"
    assert imp.graphics_dir("\\includegraphics{x.pdf}", [f.parent, root / "figs", root],
                            root) == "\\graphicspath{{figs/sub/}{figs/}}"
    assert imp.graphics_dir("\\begin{picture}(1,1)\\end{picture}", [f.parent], root) == ""
    assert imp.graphics_dir("\\includegraphics{x.pdf}", [root], root) == ""
    assert imp.graphics_dir("\\includegraphics{x.pdf}", [tmp_path], root) == ""
