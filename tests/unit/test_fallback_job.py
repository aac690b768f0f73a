"""TeX on a background thread: octavo.fallback.job, sandbox.Stop, and the two picture
passes (``pictures_start`` starts the work, ``pictures`` joins it).

The tests without ``needs_tex`` replace the Typesetter by a scripted one (no process),
so they check the threading itself: diagnostics in document order whatever the timing,
the join, interruption, errors of the thread.  The ``needs_tex`` ones run real TeX.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from octavo import transforms
from octavo.config import BuildConfig, Limits
from octavo.doc.nodes import Document, Meta, Placeholder
from octavo.errors import Location, Reporter
from octavo.fallback.runner import Outcome
from octavo.fallback.sandbox import STOPPED, RunLimits, Stop, run_limited
from octavo.transforms import TransformContext, pictures, pictures_start, run_pipeline

HAVE_TEX = shutil.which("latex") is not None and shutil.which("dvisvgm") is not None

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="20pt" height="10pt" '
       b'viewBox="0 0 20 10"><path d="M0 0L%d 10" stroke="#000"/></svg>')


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "main.tex").write_text("\\documentclass{article}\n\\usepackage{tikz}\n"
                                   "\\begin{document}\nx\n\\end{document}\n")
    return root


def make_doc(root: Path, sources: list[str]) -> Document:
    nodes = [Placeholder(reason="picture", source=s, loc=Location("main.tex", 10 * (i + 1), 1))
             for i, s in enumerate(sources)]
    return Document(meta=Meta(docclass="article"), children=nodes,
                    preamble="\\usepackage{tikz}\n", source_root=str(root))


def make_ctx(root: Path, cache: Path, **limits) -> TransformContext:
    cfg = BuildConfig(source=root / "main.tex", cache_dir=cache, limits=Limits(**limits))
    return TransformContext(cfg, Reporter())


class Scripted:
    """Stands in for `runner.Typesetter`: a fragment holding BAD fails at its line 2,
    every other one becomes an SVG; each fragment takes ``delay`` seconds (random
    when ``jitter``), so the thread finishes before or after the pass asks."""

    delay = 0.0
    jitter = False
    raise_in_typeset: BaseException | None = None
    block_until_stopped = False
    made: list = []

    def __init__(self, pre, root, limits, workers=2, budget=None):
        self.skip = frozenset()
        self.runs = 0
        self.stop = None
        Scripted.made.append(self)

    def repair_preamble(self):
        self.runs += 1
        return []

    def typeset(self, sources):
        self.runs += 1
        if self.raise_in_typeset is not None:
            raise self.raise_in_typeset
        if self.block_until_stopped:
            t0 = time.monotonic()
            while not self.stop.stopped and time.monotonic() - t0 < 20:
                time.sleep(0.01)
            return [Outcome(error=STOPPED, transient=True) for _ in sources]
        out = []
        for i, s in enumerate(sources):
            time.sleep(random.uniform(0, self.delay) if self.jitter else self.delay)
            if "BAD" in s:
                out.append(Outcome(error=f"Undefined control sequence ({s})", line=2))
            else:
                out.append(Outcome(svg=SVG % (i + 1)))
        return out


@pytest.fixture
def scripted(monkeypatch):
    monkeypatch.setattr(pictures, "Typesetter", Scripted)
    monkeypatch.setattr(pictures, "tex_available", lambda: True)
    monkeypatch.setattr(Scripted, "made", [])
    return Scripted


SOURCES = ["\\tikz \\draw (0,0)--(1,1);", "\\tikz BAD one;", "\\tikz \\draw (0,0)--(2,1);",
           "\\tikz \\draw (0,0)--(1,1);", "\\tikz BAD two;", "\\tikz \\draw (0,0)--(3,1);"]


def outcome(doc, ctx):
    return ([n.image for n in doc.children], [n.alt for n in doc.children],
            [d.format() for d in ctx.reporter.diagnostics], dict(ctx.data["pictures"]))


def test_diagnostics_and_images_do_not_depend_on_thread_timing(tmp_path, scripted, monkeypatch):
    root = make_root(tmp_path)
    results = []
    for i, (delay, jitter, wait) in enumerate([(0, False, 0), (0.05, True, 0), (0.05, True, 1.0),
                                               (0.02, False, 0.05), (0.0, False, 0.3)]):
        monkeypatch.setattr(Scripted, "delay", delay)
        monkeypatch.setattr(Scripted, "jitter", jitter)
        doc, ctx = make_doc(root, SOURCES), make_ctx(root, tmp_path / f"cache{i}")
        pictures_start.run(doc, ctx)
        time.sleep(wait)  # the passes in between: the thread may or may not be done
        pictures.run(doc, ctx)
        results.append(outcome(doc, ctx))
    # the pass alone (no background start) gives the same
    doc, ctx = make_doc(root, SOURCES), make_ctx(root, tmp_path / "cache-sync")
    pictures.run(doc, ctx)
    results.append(outcome(doc, ctx))
    assert all(r == results[0] for r in results[1:])
    images, alts, diags, files = results[0]
    assert [im is None for im in images] == ["BAD" in s for s in SOURCES]
    assert images[0] == images[3]  # identical fragments share one file
    assert len(files) == 3
    # one error per failing fragment, in document order, at the fragment's line 2
    assert diags == [f"main.tex:{line}:1: error: picture not typeset, showing its source: "
                     f"Undefined control sequence ({SOURCES[k]}) [E-PICTURE-TEX]"
                     for k, line in ((1, 21), (4, 51))]
    assert alts[1] == f"{SOURCES[1]} (main.tex:20:1)"


def test_the_pictures_pass_joins_the_thread_and_leaves_nothing_running(tmp_path, scripted,
                                                                          monkeypatch):
    monkeypatch.setattr(Scripted, "delay", 0.1)
    root = make_root(tmp_path)
    doc, ctx = make_doc(root, SOURCES), make_ctx(root, tmp_path / "cache")
    pictures_start.run(doc, ctx)
    plan = ctx.data[pictures.JOB]
    assert not plan.job.done and ctx.background  # working while other passes run
    pictures.run(doc, ctx)
    assert plan.job.done and ctx.background == [] and pictures.JOB not in ctx.data
    assert ctx.data["pictures_stats"] == {"fragments": 6, "cached": 0, "typeset": 3,
                                          "failed": 2, "tex_runs": 2}
    # the results are cached: a warm build starts no job that typesets anything
    doc2, ctx2 = make_doc(root, SOURCES), make_ctx(root, tmp_path / "cache")
    pictures_start.run(doc2, ctx2)
    assert ctx2.data[pictures.JOB].job.missing == {}
    pictures.run(doc2, ctx2)
    assert outcome(doc2, ctx2) == outcome(doc, ctx)
    assert ctx2.data["pictures_stats"]["cached"] == 5


def test_a_fragment_made_after_reading_is_typeset_by_the_pass(tmp_path, scripted):
    root = make_root(tmp_path)
    doc, ctx = make_doc(root, SOURCES[:2]), make_ctx(root, tmp_path / "cache")
    pictures_start.run(doc, ctx)
    late = Placeholder(reason="picture", source="\\tikz \\draw (5,5)--(6,6);",
                       loc=Location("main.tex", 99, 1))
    doc.children.append(late)  # e.g. a pass between start and join copied or made one
    pictures.run(doc, ctx)
    assert late.image is not None and doc.children[0].image is not None
    assert len(Scripted.made) == 2


def test_an_error_of_the_thread_is_raised_by_the_pass(tmp_path, scripted, monkeypatch):
    monkeypatch.setattr(Scripted, "raise_in_typeset", RuntimeError("injected-by-test"))
    root = make_root(tmp_path)
    doc, ctx = make_doc(root, SOURCES), make_ctx(root, tmp_path / "cache")
    pictures_start.run(doc, ctx)
    with pytest.raises(RuntimeError, match="injected-by-test"):
        pictures.run(doc, ctx)
    assert ctx.background == []


def test_an_interrupted_pipeline_stops_the_tex_work(tmp_path, scripted, monkeypatch):
    monkeypatch.setattr(Scripted, "block_until_stopped", True)
    from octavo.transforms import xrefs

    def interrupted(doc, ctx):
        raise KeyboardInterrupt

    monkeypatch.setattr(xrefs, "run", interrupted)
    monkeypatch.setitem(transforms.PIPELINE, "html", ("pictures_start", "xrefs", "pictures"))
    root = make_root(tmp_path)
    doc, ctx = make_doc(root, SOURCES), make_ctx(root, tmp_path / "cache")
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(doc, ctx, "html")
    (ts,) = Scripted.made
    assert ts.stop.stopped and ctx.background == []
    plan = ctx.data[pictures.JOB]
    plan.job._thread.join(10)
    assert plan.job.done and time.monotonic() - t0 < 10
    # a stopped job caches no fragment (its outcomes are not the fragments' results);
    # the preamble repair finished before the stop, so its record may stay
    assert not list((tmp_path / "cache").rglob("*.svg"))
    assert not list((tmp_path / "cache").rglob("*.err"))


def test_no_tex_starts_nothing(tmp_path, scripted):
    root = make_root(tmp_path)
    cfg = BuildConfig(source=root / "main.tex", no_tex=True, cache_dir=tmp_path / "c")
    doc, ctx = make_doc(root, SOURCES), TransformContext(cfg, Reporter())
    run_pipeline(doc, ctx, "html")
    assert Scripted.made == [] and pictures.JOB not in ctx.data
    assert [d.code for d in ctx.reporter.diagnostics] == ["N-NO-TEX"]
    assert all(n.image is None for n in doc.children)


# -- sandbox.Stop -------------------------------------------------------------------


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stop_kills_the_running_process_group_and_starts_no_new_run(tmp_path):
    stop = Stop()
    got = []
    argv = ["sh", "-c", "echo $$ > pid; sleep 300 & sleep 300; wait"]
    th = threading.Thread(target=lambda: got.append(
        run_limited(argv, str(tmp_path), RunLimits(wall_seconds=120), stop)))
    t0 = time.monotonic()
    th.start()
    while not (tmp_path / "pid").exists() or not (tmp_path / "pid").read_text().strip():
        assert time.monotonic() - t0 < 10, "the child never started"
        time.sleep(0.02)
    pgid = int((tmp_path / "pid").read_text())
    assert _group_alive(pgid)
    stop.stop()
    th.join(10)
    assert not th.is_alive() and time.monotonic() - t0 < 10
    (res,) = got
    assert res.timed_out and res.returncode == -9
    for _ in range(100):  # the background sleep (a grandchild) is gone too
        if not _group_alive(pgid):
            break
        time.sleep(0.02)
    assert not _group_alive(pgid)
    # after a stop nothing starts
    (tmp_path / "pid").unlink()
    res = run_limited(argv, str(tmp_path), RunLimits(), stop)
    assert (res.returncode, res.output, res.timed_out) == (-9, STOPPED, True)
    assert not (tmp_path / "pid").exists()


# -- real TeX -------------------------------------------------------------------------

needs_tex = [pytest.mark.needs_tex, pytest.mark.skipif(not HAVE_TEX, reason="TeX not installed")]

GOOD = "\\begin{tikzpicture}\\draw (0,0) -- (2,1);\\end{tikzpicture}"
BROKEN = "\\begin{tikzpicture}\n\\draw (0,0) -- (1,1);\n\\undefinedfoo\n\\end{tikzpicture}"
LOOP = "\\begin{tikzpicture}\\def\\a{\\a}\\a\\end{tikzpicture}"


def _children_of_us() -> list[str]:
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.append(stat.parent.name)
    return found


@pytest.mark.needs_tex
@pytest.mark.skipif(not HAVE_TEX, reason="TeX not installed")
def test_background_and_synchronous_passes_give_the_same_result(tmp_path):
    root = make_root(tmp_path)
    sources = [GOOD, BROKEN, "\\tikz \\node {$x^2$};", GOOD]
    doc1, ctx1 = make_doc(root, sources), make_ctx(root, tmp_path / "c1")
    pictures.run(doc1, ctx1)
    doc2, ctx2 = make_doc(root, sources), make_ctx(root, tmp_path / "c2")
    pictures_start.run(doc2, ctx2)
    pictures.run(doc2, ctx2)
    assert outcome(doc1, ctx1) == outcome(doc2, ctx2)
    images = [n.image for n in doc2.children]
    assert images[1] is None and None not in (images[0], images[2], images[3])
    (err,) = ctx2.reporter.diagnostics
    assert err.code == "E-PICTURE-TEX" and err.loc.line == 22  # \undefinedfoo: line 3
    assert _children_of_us() == []


@pytest.mark.needs_tex
@pytest.mark.skipif(not HAVE_TEX, reason="TeX not installed")
def test_interrupt_while_tex_runs_kills_it_and_caches_nothing(tmp_path, monkeypatch):
    from octavo.transforms import xrefs

    def slow_then_interrupted(doc, ctx):
        time.sleep(1.5)  # TeX is running the loop by now
        raise KeyboardInterrupt

    monkeypatch.setattr(xrefs, "run", slow_then_interrupted)
    monkeypatch.setitem(transforms.PIPELINE, "html", ("pictures_start", "xrefs", "pictures"))
    root = make_root(tmp_path)
    doc, ctx = make_doc(root, [LOOP, GOOD]), make_ctx(root, tmp_path / "cache",
                                                      tex_wall_seconds=60, tex_cpu_seconds=60)
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(doc, ctx, "html")
    ctx.data[pictures.JOB].job._thread.join(20)
    assert time.monotonic() - t0 < 15  # not the 60 s time limit
    assert _children_of_us() == []
    assert not list((tmp_path / "cache").rglob("*.svg"))
    assert not list((tmp_path / "cache").rglob("*.err"))


def _processes_in(directory: Path) -> list[str]:
    """Processes whose working directory lies under ``directory`` (TeX runs there)."""
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        try:
            if os.readlink(cwd).startswith(str(directory)):
                found.append(cwd.parent.name)
        except OSError:
            continue
    return found


@pytest.mark.needs_tex
@pytest.mark.skipif(not HAVE_TEX, reason="TeX not installed")
@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["SIGINT", "SIGTERM"])
def test_cli_interrupted_while_tex_runs_exits_at_once_and_keeps_the_old_site(tmp_path, sig, code):
    root = make_root(tmp_path)
    main = root / "main.tex"
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}  # the TeX runs' directories land here
    cmd = [sys.executable, "-m", "octavo", "build", str(main), "-o", str(out)]
    old = subprocess.run(cmd + ["--no-tex"], env=env, capture_output=True, timeout=120)
    assert old.returncode == 0, old.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    main.write_text("\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\nNew.\n"
                    + LOOP + "\n\\end{document}\n")
    proc = subprocess.Popen(cmd + ["--tex-timeout", "60"], env=env, stderr=subprocess.PIPE)
    t0 = time.monotonic()
    while not _processes_in(scratch):  # wait until TeX works on the looping picture
        assert proc.poll() is None and time.monotonic() - t0 < 60, "TeX never started"
        time.sleep(0.05)
    time.sleep(1.0)
    t1 = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert time.monotonic() - t1 < 10, "waited for TeX instead of killing it"
    assert b"Traceback" not in err
    time.sleep(0.2)
    assert _processes_in(scratch) == []  # no TeX run left behind
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {p: d for p, d in after.items() if ".octavo-cache" not in p.parts} == before
    assert not [p for p in after if p.suffix in (".svg", ".err")]
