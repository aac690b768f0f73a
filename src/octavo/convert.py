"""One conversion, front to back: read the source, build the tree, run the transforms.

    document = convert(config, reporter)

The caller (the CLI, later ``octavo serve`` and ``octavo batch``) picks a writer.  All
state lives in objects made here: nothing is shared between conversions.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from octavo.config import BuildConfig
from octavo.doc import nodes as N
from octavo.doc.builder import Builder
from octavo.errors import Location, OctavoError, Reporter
from octavo.latex.layer import LatexLayer
from octavo.latex.registry import activate
from octavo.site.ids import IdMaker
from octavo.tex.engine import Engine
from octavo.tex.files import FileAccess
from octavo.transforms import TransformContext, run_pipeline


@dataclass(slots=True)
class Conversion:
    document: N.Document
    layer: LatexLayer
    context: TransformContext
    timings: dict = field(default_factory=dict)


def read_document(config: BuildConfig, reporter: Reporter) -> tuple[N.Document, LatexLayer]:
    """Source -> document tree (no transforms)."""
    root = config.source_root
    limits = config.limits
    files = FileAccess(root, config.allow_read, config.texinputs, limits, reporter)
    main = Path(os.path.realpath(config.source))
    display = files.display_path(main)
    engine = Engine(limits, reporter, files=files, jobname=main.stem)
    ids = IdMaker()
    builder = Builder(reporter, ids.make)
    layer = activate(engine, builder, config, reporter)
    layer.data["ids"] = ids
    st = files.read_source(main, Location(display))
    if st is not None:
        engine.push_source(st.text, display, main)
        engine.run()
    report_unclosed(engine, reporter)
    if not layer.data.get("document_begun") and st is not None:
        reporter.warning("W-DOCUMENT", "no \\begin{document}: the whole file was read as the document",
                         Location(display))
    elif layer.data.get("document_begun") and not layer.data.get("document_ended") and not engine.stopped:
        reporter.warning("W-DOCUMENT", "missing \\end{document}", Location(display))
    doc = builder.finish()
    doc.source_root = str(root)
    return doc, layer


def report_unclosed(engine: Engine, reporter: Reporter) -> None:
    """Groups and environments still open when reading ended: one located error each for
    the outermost brace group and for every environment (at most a few)."""
    groups = list(engine.state.groups)
    seen_brace = False
    shown = 0
    for g in groups:
        if g.kind.startswith("env:"):
            reporter.error("E-UNCLOSED", f"\\begin{{{g.kind[4:]}}} is never ended", g.loc)
            shown += 1
        elif not seen_brace and g.kind in ("simple", "semi"):
            what = "{" if g.kind == "simple" else "\\begingroup"
            reporter.error("E-UNCLOSED", f"this {what} is never closed", g.loc)
            seen_brace = True
            shown += 1
        if shown >= 10:
            break


def convert(config: BuildConfig, reporter: Reporter, stages: str = "html") -> Conversion:
    """Read and transform; ``stages`` names the output the transforms prepare for."""
    t0 = time.perf_counter()
    deadline = time.monotonic() + config.limits.wall_seconds
    doc, layer = read_document(config, reporter)
    t1 = time.perf_counter()
    ctx = TransformContext(config, reporter, deadline=deadline,
                           where=Location(layer.engine.files.display_path(
                               Path(os.path.realpath(config.source))), 1, 1))
    files = layer.engine.files
    ctx.data["files"] = files
    ctx.data["idmaker"] = layer.data.get("ids")
    ctx.data["read_file"] = lambda rel: _read_confined(files, rel)
    run_pipeline(doc, ctx, stages)
    t2 = time.perf_counter()
    return Conversion(doc, layer, ctx, {"read": t1 - t0, "transforms": t2 - t1})


def _read_confined(files: FileAccess, rel: str) -> str:
    """Text of a file named by the document (.bib ...), through the confinement policy;
    raises OctavoError when it cannot be read."""
    path = files.resolve(rel, Location(rel), exts=(".bib",))
    if path is None:
        raise OctavoError(f"file {rel!r} not found", code="E-FILE-MISSING")
    st = files.read_source(path, Location(files.display_path(path)))
    if st is None:
        raise OctavoError(f"file {rel!r} could not be read", code="E-FILE")
    return st.text


__all__ = ["convert", "read_document", "Conversion", "OctavoError"]
