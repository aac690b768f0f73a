"""The picture pass with real TeX (octavo.transforms.pictures + octavo.fallback.*).

Needs ``latex`` and ``dvisvgm`` (Debian: texlive-latex-base texlive-latex-recommended
texlive-pictures dvisvgm; pgfplots needs texlive-latex-extra); skipped otherwise, except
the no-TeX placeholder tests, which run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from octavo.config import BuildConfig, Limits
from octavo.doc.nodes import Document, Meta, Placeholder
from octavo.errors import Location, Reporter
from octavo.transforms import TransformContext
from octavo.transforms import pictures

HAVE_TEX = shutil.which("latex") is not None and shutil.which("dvisvgm") is not None
needs_tex = [pytest.mark.needs_tex, pytest.mark.skipif(
    not HAVE_TEX, reason="TeX not installed: apt-get install texlive-latex-base "
    "texlive-latex-recommended texlive-pictures texlive-latex-extra dvisvgm")]

PREAMBLE = r"""
\usepackage{geometry}
\usepackage{tikz}
\usepackage{tikz-cd}
\usepackage{pgfplots}
\pgfplotsset{compat=1.18}
\usepackage{hyperref}
\newcommand{\arr}{\rightarrow}
"""

SAMPLES = {
    "tikz": r"""\begin{tikzpicture}
\draw[->] (0,0) -- (2,1) node[right] {$x \arr y$};
\draw (1,0) circle (0.5);
\end{tikzpicture}""",
    "tikzcd": r"""\begin{tikzcd}
A \arrow[r, "f"] \arrow[d] & B \arrow[d, "g"] \\
C \arrow[r] & D
\end{tikzcd}""",
    "picture": r"""\begin{picture}(60,40)
\put(0,0){\line(1,1){30}}
\put(30,30){\circle{20}}
\put(40,5){\makebox(0,0){$\int f$}}
\end{picture}""",
    "pgfplots": r"""\begin{tikzpicture}
\begin{axis}[width=6cm]
\addplot[domain=0:3,samples=20] {x^2};
\end{axis}
\end{tikzpicture}""",
}

if HAVE_TEX and not subprocess.run(["kpsewhich", "pgfplots.sty"], capture_output=True,
                                   text=True).stdout.strip():
    del SAMPLES["pgfplots"]  # texlive-latex-extra absent: the other samples still run

BROKEN = "\\begin{tikzpicture}\n\\draw (0,0) -- (1,1);\n\\undefinedfoo\n\\end{tikzpicture}"


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "main.tex").write_text("\\documentclass{article}\n" + PREAMBLE.lstrip("\n")
                                   + "\\begin{document}\nx\n\\end{document}\n")
    return root


def make_doc(root: Path, sources: list[str]) -> Document:
    nodes = [Placeholder(reason="picture", source=s, loc=Location("main.tex", 10 * (i + 1), 1))
             for i, s in enumerate(sources)]
    return Document(meta=Meta(docclass="article"), children=nodes,
                    preamble=PREAMBLE, source_root=str(root))


def run_pass(root: Path, sources: list[str], cache: Path, **limits) -> tuple[Document, TransformContext]:
    cfg = BuildConfig(source=root / "main.tex", cache_dir=cache, limits=Limits(**limits))
    doc = make_doc(root, sources)
    ctx = TransformContext(cfg, Reporter())
    pictures.run(doc, ctx)
    return doc, ctx


def viewbox(svg: bytes) -> list[float]:
    m = re.search(rb"viewBox=['\"]([^'\"]+)['\"]", svg)
    assert m, svg[:200]
    return [float(x) for x in m.group(1).split()]


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    if not HAVE_TEX:
        pytest.skip("TeX not installed: apt-get install texlive-latex-base "
                    "texlive-latex-recommended texlive-pictures dvisvgm")
    tmp = tmp_path_factory.mktemp("pictures")
    root = make_project(tmp)
    cache = tmp / "cache"
    sources = list(SAMPLES.values()) + [BROKEN]
    doc, ctx = run_pass(root, sources, cache)
    return tmp, root, cache, sources, doc, ctx


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.needs_tex
def test_sample_becomes_svg_with_real_bounding_box(cold, name):
    _, _, _, sources, doc, ctx = cold
    node = doc.children[sources.index(SAMPLES[name])]
    assert node.image and node.image.startswith("pictures/") and node.image.endswith(".svg")
    svg = ctx.data["pictures"][node.image]
    x, y, w, h = viewbox(svg)
    assert w > 10 and h > 10, (name, w, h)          # points: a real drawing, not a dot
    assert re.search(rb"<svg[^>]*\bwidth=['\"][0-9.]+em['\"]", svg)   # sized in em
    assert b"currentColor" in svg                   # default black follows the text
    assert b"<script" not in svg and b"<!--" not in svg
    assert node.alt == f"{SAMPLES[name]} ({node.loc})"


@pytest.mark.needs_tex
def test_broken_picture_degrades_only_itself_with_located_error(cold):
    _, _, _, sources, doc, ctx = cold
    broken = doc.children[sources.index(BROKEN)]
    assert broken.image is None
    errs = [d for d in ctx.reporter.diagnostics if d.code == "E-PICTURE-TEX"]
    assert len(errs) == 1
    # the fragment starts at main.tex:50; \undefinedfoo is its third line
    assert (errs[0].loc.file, errs[0].loc.line) == ("main.tex", 52)
    assert "Undefined control sequence" in errs[0].message and "undefinedfoo" in errs[0].message
    assert ctx.data["pictures_stats"]["typeset"] == len(SAMPLES)
    # geometry and hyperref never reached the snippets, nothing else was dropped
    assert not [d for d in ctx.reporter.diagnostics if "PREAMBLE" in d.code]


@pytest.mark.needs_tex
def test_warm_rebuild_starts_no_process(cold, monkeypatch):
    _, root, cache, sources, doc0, ctx0 = cold
    spawned = []
    real = subprocess.Popen

    def spy(*a, **k):
        spawned.append(a[0] if a else k.get("args"))
        return real(*a, **k)

    monkeypatch.setattr(subprocess, "Popen", spy)
    t0 = time.perf_counter()
    doc, ctx = run_pass(root, sources, cache)
    assert time.perf_counter() - t0 < 30  # hang detector; 'no process started' is the test
    assert spawned == []
    assert [n.image for n in doc.children] == [n.image for n in doc0.children]
    assert ctx.data["pictures"] == ctx0.data["pictures"]
    # the broken picture's error is remembered, not recomputed, and reported again
    assert [d.format() for d in ctx.reporter.diagnostics] == \
        [d.format() for d in ctx0.reporter.diagnostics]


@pytest.mark.needs_tex
def test_shell_escape_and_absolute_writes_do_nothing(tmp_path):
    root = make_project(tmp_path)
    target = tmp_path / "pwned"
    evil = tmp_path / "evil.txt"
    sources = [
        "\\begin{tikzpicture}\\immediate\\write18{touch %s}\\draw (0,0)--(1,1);\\end{tikzpicture}"
        % target,
        "\\begin{tikzpicture}\\newwrite\\f\\immediate\\openout\\f=%s\\immediate\\write\\f{x}"
        "\\immediate\\closeout\\f\\draw (0,0)--(1,1);\\end{tikzpicture}" % evil,
    ]
    doc, ctx = run_pass(root, sources, tmp_path / "cache")
    assert not target.exists() and not evil.exists()
    assert sorted(p.name for p in root.iterdir()) == [".octavo-cache", "main.tex"] or \
        sorted(p.name for p in root.iterdir()) == ["main.tex"]
    assert doc.children[0].image is not None        # \write18 is ignored, picture drawn


@pytest.mark.needs_tex
def test_reading_outside_is_refused(tmp_path):
    root = make_project(tmp_path)
    secret = tmp_path / "secret.tex"
    secret.write_text("OCTAVOSENTINEL")
    sources = ["\\begin{tikzpicture}\\node {\\input{/etc/passwd}};\\end{tikzpicture}",
               "\\begin{tikzpicture}\\node {\\input{%s}};\\end{tikzpicture}" % secret,
               "\\begin{tikzpicture}\\node {\\input{../secret}};\\end{tikzpicture}"]
    doc, ctx = run_pass(root, sources, tmp_path / "cache")
    assert [n.image for n in doc.children] == [None, None, None]
    errs = [d for d in ctx.reporter.diagnostics if d.code == "E-PICTURE-TEX"]
    assert len(errs) == 3 and all("not found" in d.message for d in errs), errs
    assert all(b"OCTAVOSENTINEL" not in v for v in ctx.data["pictures"].values())


@pytest.mark.needs_tex
def test_file_written_by_one_build_is_not_seen_by_the_next(tmp_path):
    root = make_project(tmp_path)
    writer = ("\\begin{tikzpicture}\\newwrite\\f\\immediate\\openout\\f=x.tex"
              "\\immediate\\write\\f{\\string\\def\\string\\leak{L}}\\immediate\\closeout\\f"
              "\\draw (0,0)--(1,1);\\end{tikzpicture}")
    reader = "\\begin{tikzpicture}\\input{x.tex}\\node {\\leak};\\end{tikzpicture}"
    doc1, _ = run_pass(root, [writer], tmp_path / "cache")
    assert doc1.children[0].image is not None
    doc2, ctx2 = run_pass(root, [reader], tmp_path / "cache")
    assert doc2.children[0].image is None
    assert not (root / "x.tex").exists()


@pytest.mark.needs_tex
def test_failing_preamble_statements_are_left_out_with_located_warnings(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "bad.sty").write_text("\\ProvidesPackage{bad}\n\\undefinedinsty\n")
    preamble = ("\\usepackage{tikz}\n"
                "\\usepackage{no-such-package-octavo}\n"
                "\\usepackage{bad}\n"
                "\\undefinedinpreamble{x}\n"
                "\\newcommand{\\lbl}{L}\n")
    (root / "main.tex").write_text("\\documentclass{article}\n" + preamble
                                   + "\\begin{document}\n\\end{document}\n")
    cfg = BuildConfig(source=root / "main.tex", cache_dir=tmp_path / "cache")
    doc = Document(meta=Meta(docclass="article"), preamble=preamble, source_root=str(root),
                   children=[Placeholder(reason="picture", loc=Location("main.tex", 8, 1),
                                         source="\\begin{tikzpicture}\\node {\\lbl};\\end{tikzpicture}")])
    ctx = TransformContext(cfg, Reporter())
    pictures.run(doc, ctx)
    assert doc.children[0].image is not None
    warned = sorted((d.loc.line, d.code) for d in ctx.reporter.diagnostics)
    assert warned == [(3, "W-PICTURE-PREAMBLE"), (4, "W-PICTURE-PREAMBLE"),
                      (5, "W-PICTURE-PREAMBLE")], ctx.reporter.diagnostics
    assert ctx.reporter.errors == 0


def _children_of_us() -> list[str]:
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:  # ppid
            found.append(f"{stat.parent.name}:{fields[0]}")
    return found


@pytest.mark.needs_tex
def test_infinite_loop_is_killed_at_the_time_limit(tmp_path):
    root = make_project(tmp_path)
    loop = "\\begin{tikzpicture}\\def\\a{\\a}\\a\\end{tikzpicture}"
    ok = SAMPLES["tikz"]
    t0 = time.perf_counter()
    # CPU limit 2 s kills the loop; the 4 s wall limit leaves room on a loaded machine
    doc, ctx = run_pass(root, [loop, ok], tmp_path / "cache", tex_wall_seconds=4,
                        tex_cpu_seconds=2)
    elapsed = time.perf_counter() - t0
    assert elapsed < 20, elapsed       # batch killed, then the loop alone killed again
    assert doc.children[0].image is None and doc.children[1].image is not None
    errs = [d for d in ctx.reporter.diagnostics if d.code == "E-PICTURE-TEX"]
    assert len(errs) == 1 and "time limit" in errs[0].message
    assert _children_of_us() == []     # every TeX process reaped, none left running
    # a timeout is not remembered as this picture's result: the next build tries again
    cache_errs = list((tmp_path / "cache").rglob("*.err"))
    assert cache_errs == []


def test_no_tex_flag_keeps_visible_placeholders(tmp_path):
    root = make_project(tmp_path)
    cfg = BuildConfig(source=root / "main.tex", no_tex=True, cache_dir=tmp_path / "c")
    doc = make_doc(root, [SAMPLES["tikz"]])
    ctx = TransformContext(cfg, Reporter())
    pictures.run(doc, ctx)
    node = doc.children[0]
    assert node.image is None and node.source == SAMPLES["tikz"]
    assert node.alt == SAMPLES["tikz"] + " (main.tex:10:1)"
    assert ctx.reporter.errors == 0 and ctx.data["pictures"] == {}
    assert not (tmp_path / "c").exists()


def test_missing_tex_gives_one_warning_naming_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    root = make_project(tmp_path)
    cfg = BuildConfig(source=root / "main.tex")
    doc = make_doc(root, [SAMPLES["tikz"], SAMPLES["picture"]])
    ctx = TransformContext(cfg, Reporter())
    pictures.run(doc, ctx)
    assert [n.image for n in doc.children] == [None, None]
    assert ctx.reporter.errors == 0 and ctx.reporter.warnings == 1
    (d,) = ctx.reporter.diagnostics
    assert d.code == "W-TEX-MISSING"
    for pkg in ("texlive-latex-base", "texlive-latex-recommended", "texlive-pictures", "dvisvgm"):
        assert pkg in d.message


def _chromium() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401  (only checking it is installed)
    except ImportError:
        return None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.needs_tex
def test_pictures_show_in_headless_chromium_light_and_dark(cold):
    exe = _chromium()
    if exe is None:
        pytest.skip("headless Chromium not installed: apt-get install chromium; pip install playwright")
    from playwright.sync_api import sync_playwright
    tmp, _, _, sources, doc, ctx = cold
    site = tmp / "site"
    for rel, data in ctx.data["pictures"].items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    imgs = "".join(f'<img src="{n.image}" alt="">' for n in doc.children if n.image)
    (site / "index.html").write_text(
        "<!doctype html><style>body{font-size:20px;background:#fff}img{margin:8px}"
        "@media (prefers-color-scheme: dark){body{background:#17181a}}</style>" + imgs)
    shots = Path(os.environ.get("OCTAVO_ARTIFACTS",
                                Path(__file__).resolve().parents[2] / "test-artifacts")) / "pictures"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            for scheme in ("light", "dark"):
                page = browser.new_page(color_scheme=scheme, viewport={"width": 900, "height": 500})
                # served from one http origin (file: would taint the canvas read below)
                page.route("http://octavo.test/**", lambda route: route.fulfill(
                    path=str(site / route.request.url.split("http://octavo.test/", 1)[1])))
                page.goto("http://octavo.test/index.html")
                sizes = page.eval_on_selector_all(
                    "img", "els => els.map(e => [e.naturalWidth, e.getBoundingClientRect().width])")
                assert len(sizes) == len(SAMPLES) and all(nw > 20 and w > 20 for nw, w in sizes), sizes
                # 1em = 10pt of TeX: at 20px/em the tikz sample (~2.9cm wide) is > 100px
                shot = shots / f"fallback-{scheme}.png"
                page.screenshot(path=str(shot))
                # the drawing's ink follows the scheme: dark strokes on light, light on dark
                ink = page.evaluate("""async () => {
                  const img = document.images[0]; const c = document.createElement('canvas');
                  c.width = img.width * 4; c.height = img.height * 4; const g = c.getContext('2d');
                  g.drawImage(img, 0, 0, c.width, c.height);
                  const d = g.getImageData(0, 0, c.width, c.height).data; let lum = 0, n = 0;
                  for (let i = 0; i < d.length; i += 4) if (d[i+3] > 128) { lum += d[i]; n++; }
                  return [n, n ? lum / n : 0]; }""")
                assert ink[0] > 50, ink
                assert (ink[1] < 100) if scheme == "light" else (ink[1] > 150), (scheme, ink)
                assert shot.stat().st_size > 1000
        finally:
            browser.close()


@pytest.mark.needs_tex
def test_prooftrees_tableau_environment_is_typeset(tmp_path):
    """prooftrees' ``tableaux`` option names the environment ``tableau``; its fragment
    must end with \\end{tableau} (it ended with \\endtableau: 'LaTeX Error: \\begin{tableau}
    ... ended by \\end{preview}', openlogic's 10 failing pictures).  The document's own
    command form (\\tableau{} ... \\endtableau) is typeset too."""
    if not HAVE_TEX or not subprocess.run(["kpsewhich", "prooftrees.sty"], capture_output=True,
                                          text=True).stdout.strip():
        pytest.skip("TeX or prooftrees.sty (texlive-pictures) not installed")
    src = tmp_path / "main.tex"
    src.write_text("\\documentclass{article}\n\\usepackage[tableaux]{prooftrees}\n"
                   "\\newenvironment{oltableau}{\\center\\tableau{}}{\\endtableau\\endcenter}\n"
                   "\\begin{document}\nHere:\n\\begin{center}\n\\begin{tableau}{}\n"
                   "  [A, just=Ass [B, just={R}]]\n\\end{tableau}{}\n\\end{center}\n"
                   "And:\n\\begin{oltableau}\n  [C, just=X [D]]\n\\end{oltableau}\n"
                   "\\end{document}\n", encoding="utf-8")
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "octavo", "build", str(src), "-o", str(out),
                        "--cache-dir", str(tmp_path / "cache")],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "E-PICTURE" not in r.stderr, r.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    imgs = re.findall(r'<img src="(pictures/[0-9a-f]+\.svg)"', page)
    assert len(imgs) == 2, page
    for img in imgs:
        assert viewbox((out / img).read_bytes())[2] > 10


@pytest.mark.needs_tex
def test_pictures_side_by_side_in_align_star_are_typeset(tmp_path):
    """A display drawn as a picture (tikzpictures in align* with \\intertext, as
    openlogic's graphs) goes to TeX in its environment: in \\[ \\] its & was 'Misplaced
    alignment tab character'."""
    if not HAVE_TEX:
        pytest.skip("TeX not installed")
    src = tmp_path / "main.tex"
    src.write_text("\\documentclass{article}\n\\usepackage{amsmath,tikz}\n\\begin{document}\n"
                   "\\begin{align*}\n& \\begin{tikzpicture}\\draw (0,0)--(1,1);\\end{tikzpicture}\n"
                   "\\intertext{and then}\n& \\begin{tikzpicture}\\draw (0,0)--(1,0);\\end{tikzpicture}\n"
                   "\\end{align*}\n\\end{document}\n", encoding="utf-8")
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "octavo", "build", str(src), "-o", str(out)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and "E-PICTURE" not in r.stderr, r.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img src="(pictures/[0-9a-f]+\.svg)"', page)) == 1, page
