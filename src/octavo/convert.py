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
    readings: int = 1
    """How many times the source was read: 2 when labels were tested before they were
    defined (LaTeX's second run, see `convert`)."""


def read_document(config: BuildConfig, reporter: Reporter, *, known_labels: frozenset | None = None,
                  deadline: float | None = None) -> tuple[N.Document, LatexLayer]:
    """Source -> document tree (no transforms).  ``known_labels``: the labels of an earlier
    reading, which \\@ifundefined{r@...} then finds defined (crossref.label_defined);
    ``deadline`` (time.monotonic) replaces the expander's own wall-time deadline."""
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
    if known_labels is not None:
        layer.data["labels_known"] = known_labels
    if deadline is not None:
        engine.deadline = deadline
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
    doc, layer, readings = _read(config, reporter, deadline)
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
    return Conversion(doc, layer, ctx, {"read": t1 - t0, "transforms": t2 - t1}, readings)


# budgets whose overrun stops a reading (tex/engine.py): a second reading is not tried then
_STOPPING = frozenset({"E-LIMIT", "E-LIMIT-TIME", "E-LIMIT-EXPANSION", "E-LIMIT-TOKENS",
                       "E-LIMIT-CONDITIONALS", "E-LIMIT-NESTING"})


def _read(config: BuildConfig, reporter: Reporter, deadline: float) -> tuple[N.Document, LatexLayer, int]:
    """Read the document; read it again, as LaTeX's second run, when the reading tested
    labels as undefined that it defined later (``labels_late``, crossref.label: names
    made by macros, which the label pre-scan cannot see), now with every label of the
    first reading known.  The second tree is kept; the first reading's diagnostics are
    held and dropped then (released, in order, when one reading is enough).  Both readings
    have their own budgets and share the conversion's wall-time ``deadline``; a first
    reading stopped by a budget is kept as it is."""
    reporter.hold()
    try:
        doc, layer = read_document(config, reporter, deadline=deadline)
    except BaseException:
        reporter.release()
        raise
    if not layer.data.get("labels_late") or time.monotonic() > deadline or \
            any(d.code in _STOPPING for d in reporter.held()):
        # one reading is enough, or the first stopped at a budget: a second would stop
        # there too (or sooner, out of time) and show less
        reporter.release()
        return doc, layer, 1
    reporter.discard()
    known = frozenset(doc.labels) | layer.data.get("label_scan", frozenset())
    del doc, layer  # the first tree is garbage before the second is built
    doc, layer = read_document(config, reporter, known_labels=known, deadline=deadline)
    return doc, layer, 2


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
