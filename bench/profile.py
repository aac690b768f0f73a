"""Profile one corpus build phase by phase.

    .venv/bin/python bench/profile.py DOC [-t html|text] [--cprofile N] [--phase NAME]
                                         [--out DIR] [--no-tex]

DOC is a corpus name (hott, openlogic, yellowpaper, ...: the main file is taken from
bench/anchors.py) or a path to a .tex file.  The build is the one ``octavo build`` does,
cut into phases that are timed separately (wall and process CPU):

- ``setup``: engine, LaTeX layer and builder made (kernel bindings activated);
- ``read``: the engine reads the whole document (tokenizer, expander, stomach, bindings,
  math, builder);
- one row per transform pass (``xrefs``, ``citations`` ...);
- ``write``: the writer (``render_text`` for text; for html ``write_site``: pages,
  static files, search index, written into ``--out`` or a scratch directory).

``--cprofile N`` runs everything under cProfile and prints the N functions with the most
own time, overall and (with ``--phase``) for one phase only.  Peak memory is the
process's maximum resident set size.  This is a measuring tool: nothing asserts.
"""

from __future__ import annotations

import sys

# this file is named like the standard library's `profile`, which cProfile imports: take
# the script's own folder off the path first
_HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path[:] = [p for p in sys.path if p not in ("", ".", _HERE)]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("OCTAVO_SRC") or str(ROOT / "src"))  # OCTAVO_SRC: profile another tree

CORPUS = Path(os.environ.get("OCTAVO_CORPUS", ROOT.parent / "shared" / "corpus"))


def main_file(doc: str) -> Path:
    p = Path(doc)
    if p.suffix == ".tex" and p.is_file():
        return p
    known = {"hott": "hott-online.tex", "openlogic": "open-logic-complete.tex",
             "yellowpaper": "Paper.tex", "sphere-eversion-blueprint": "print.tex",
             "pfr-blueprint": "print.tex", "blake3": "blake3.tex", "diffyqs": "diffyqs.tex",
             "realanal": "realanal.tex", "forallx-yyc": "forallxyyc.tex"}
    if doc in known:
        return CORPUS / doc / known[doc]
    raise SystemExit(f"profile.py: unknown document {doc!r}")


class Phases:
    """Times named phases (wall and CPU); optionally profiles one of them."""

    def __init__(self, profile_phase: str | None, prof: cProfile.Profile | None):
        self.rows: list[tuple[str, float, float]] = []
        self.profile_phase = profile_phase
        self.prof = prof

    def run(self, name: str, fn, *args):
        on = self.prof is not None and self.profile_phase in (None, name)
        w0, c0 = time.perf_counter(), time.process_time()
        if on:
            self.prof.enable()
        try:
            return fn(*args)
        finally:
            if on:
                self.prof.disable()
            self.rows.append((name, time.perf_counter() - w0, time.process_time() - c0))


def build(source: Path, fmt: str, out_dir: Path, ph: Phases, no_tex: bool) -> tuple:
    """Errors, warnings, expansion steps and tokens pushed."""
    from octavo.config import BuildConfig
    from octavo.convert import _read_confined
    from octavo.doc.builder import Builder
    from octavo.errors import Location, Reporter
    from octavo.latex.registry import activate
    from octavo.site.ids import IdMaker
    from octavo.tex.engine import Engine
    from octavo.tex.files import FileAccess
    from octavo.transforms import PIPELINE, TransformContext
    import importlib

    reporter = Reporter(stream=io.StringIO())
    cfg = BuildConfig(source=source, output=str(out_dir), format=fmt, no_tex=no_tex)
    cfg.cache_dir = out_dir / ".octavo-cache"
    main = Path(os.path.realpath(source))

    def setup():
        files = FileAccess(cfg.source_root, cfg.allow_read, cfg.texinputs, cfg.limits, reporter)
        engine = Engine(cfg.limits, reporter, files=files, jobname=main.stem)
        ids = IdMaker()
        builder = Builder(reporter, ids.make)
        layer = activate(engine, builder, cfg, reporter)
        layer.data["ids"] = ids
        return files, engine, builder, layer

    files, engine, builder, layer = ph.run("setup", setup)

    def read():
        display = files.display_path(main)
        st = files.read_source(main, Location(display))
        engine.push_source(st.text, display, main)
        engine.run()
        doc = builder.finish()
        doc.source_root = str(cfg.source_root)
        return doc

    doc = ph.run("read", read)
    ctx = TransformContext(cfg, reporter)
    ctx.data["files"] = files
    ctx.data["idmaker"] = layer.data.get("ids")
    ctx.data["read_file"] = lambda rel: _read_confined(files, rel)
    for name in PIPELINE[fmt]:
        mod = importlib.import_module(f"octavo.transforms.{name}")
        ph.run(name, mod.run, doc, ctx)

    if fmt == "text":
        from octavo.writers.text import render_text
        data = ph.run("write", render_text, doc)
        (out_dir / "out.txt").write_text(data, encoding="utf-8")
    elif fmt == "json":
        from octavo.writers.json import render_json
        ph.run("write", render_json, doc)
    else:
        from octavo.site.build import write_site
        from octavo.site.output import OutputDir

        def write():
            out = OutputDir(out_dir / "site", cfg.source_root, reporter)
            write_site(doc, ctx, out)
            out.finish(clean=False)
        ph.run("write", write)
    return reporter.errors, reporter.warnings, engine.steps, engine.tokens_made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("doc")
    ap.add_argument("-t", "--to", default="html", choices=("html", "text", "json"))
    ap.add_argument("--cprofile", type=int, default=0, metavar="N")
    ap.add_argument("--phase", default=None, help="profile only this phase")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    ap.add_argument("--out", default=None, help="output directory (default: a scratch one)")
    ap.add_argument("--no-tex", action="store_true", help="pictures become placeholders")
    ap.add_argument("--save", default=None, help="write the raw cProfile data here")
    a = ap.parse_args()

    source = main_file(a.doc)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    prof = cProfile.Profile() if a.cprofile or a.save else None
    ph = Phases(a.phase, prof)
    with tempfile.TemporaryDirectory(prefix="octavo-profile-") as tmp:
        out_dir = Path(a.out) if a.out else Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        errors, warnings, steps, made = build(source, a.to, out_dir, ph, a.no_tex)
        total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"{source.name} -t {a.to}  (load average {load:.1f}; "
          f"{'under cProfile, times inflated' if prof else 'no profiler'})")
    print(f"{'phase':<12} {'wall s':>8} {'cpu s':>8} {'cpu %':>6}")
    cpu_total = sum(r[2] for r in ph.rows) or 1.0
    for name, wall, cpu in ph.rows:
        print(f"{name:<12} {wall:8.2f} {cpu:8.2f} {100 * cpu / cpu_total:6.1f}")
    print(f"{'total':<12} {total:8.2f} {cpu_total:8.2f}")
    print(f"peak RSS {peak:.0f} MiB; {steps:,} expansions, {made:,} tokens pushed; "
          f"{errors} errors, {warnings} warnings")
    if prof is not None:
        if a.save:
            prof.dump_stats(a.save)
        s = io.StringIO()
        st = pstats.Stats(prof, stream=s)
        st.sort_stats(a.sort).print_stats(a.cprofile or 30)
        print(s.getvalue())


if __name__ == "__main__":
    main()
