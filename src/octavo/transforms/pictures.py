"""Pass: typeset the fragments octavo could not translate with real TeX, as SVG.

Contract: `run(doc, ctx)` finds every `Placeholder` with ``reason == "picture"``, sets its
``alt`` to the fragment's source and ``(file:line)``, and when TeX is usable sets
``image`` to ``pictures/<hash>.svg`` and puts the SVG bytes in
``ctx.data["pictures"][relpath]`` for the site writer.  Results are content-addressed
(`octavo.fallback.cache`): a warm rebuild reads them back and starts no process.  Each
fragment that TeX cannot typeset keeps ``image = None`` (the writer shows its source) and
gets one diagnostic at its own file and line with TeX's message.  Without TeX, or with
``config.no_tex``, every fragment stays a visible placeholder and one diagnostic says
what to install; the build goes on.

``ctx.data["pictures_stats"]`` records what happened (cached, typeset, failed, TeX runs).

The TeX work may have been started earlier: `start` (the pass ``pictures_start``, right
after reading) looks the fragments up in the cache and typesets the others on a
background thread (`octavo.fallback.job`); `run` then only joins it.  `run` alone does
the same synchronously.  Either way every diagnostic comes from `run`, in document order,
and the output is the same.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from octavo.doc.nodes import Placeholder
from octavo.doc.walk import walk
from octavo.errors import Location
from octavo.fallback.cache import make_key, open_cache, tools_fingerprint
from octavo.fallback.included import digest, graphics_dirs, included_files
from octavo.fallback.job import PictureJob
from octavo.fallback.preamble import SnippetPreamble, extract, split_document
from octavo.fallback.runner import INSTALL_HINT, Budget, Typesetter, tex_available
from octavo.fallback.sandbox import RunLimits
from octavo.fallback.svgpost import finish

OUT_DIR = "pictures"
TOOLS = ["latex", "dvisvgm"]
TIMEOUT_BUDGET_RUNS = 3
"""Timed-out runs a document may spend, in units of the per-run wall limit."""


@dataclass(slots=True)
class PreambleSource:
    text: str
    file: str
    first_line: int
    prelude: str = ""
    prelude_file: str = ""


def _read_inside(root: Path, path: Path, limit: int) -> str | None:
    try:
        real = path.resolve()
        if not real.is_relative_to(root.resolve()) or not real.is_file():
            return None
        if real.stat().st_size > limit:
            return None
        return real.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def locate_preamble(doc, config, root: Path) -> PreambleSource:
    """Where the preamble came from: the main file when it holds ``\\documentclass``;
    otherwise (HoTT's ``hott-online.tex`` sets options then ``\\input{main}``) the main
    file is the prelude and the ``\\input`` file with the class holds the preamble."""
    limit = config.limits.file_size
    main = Path(config.source)
    if not main.is_absolute():
        main = (Path.cwd() / main)
    text = _read_inside(root, main, limit) or ""
    rel_main = os.path.relpath(main, root) if text else "<preamble>"
    before, cls, body, line = split_document(text)
    if cls:
        return _fit(doc.preamble, PreambleSource(body, rel_main, line, before, rel_main), text)
    for name in re.findall(r"\\input\s*\{([^{}]+)\}", text):
        cand = root / (name if name.endswith(".tex") else name + ".tex")
        sub = _read_inside(root, cand, limit)
        if sub is None:
            continue
        _, cls2, body2, line2 = split_document(sub)
        if cls2:
            rel = os.path.relpath(cand, root)
            return _fit(doc.preamble, PreambleSource(body2, rel, line2, text, rel_main), sub)
    return PreambleSource(doc.preamble, rel_main, 1)


def _fit(given: str, found: PreambleSource, file_text: str) -> PreambleSource:
    """Prefer the tree's preamble text; find its first line in the file when it differs."""
    if not given.strip() or given.strip() == found.text.strip():
        return found
    at = file_text.find(given.strip()[:200])
    line = file_text.count("\n", 0, at) + 1 if at >= 0 else 1
    return PreambleSource(given, found.file, line, found.prelude, found.prelude_file)


def _location(loc: Location, line: int) -> Location:
    if line and loc.line:
        return Location(loc.file, loc.line + line - 1, 1 if line > 1 else loc.col)
    return loc


_OVERLAY_DIR = re.compile(r"\A\\graphicspath\{(?:\{[^{}]*/\})+\}")
"""What `octavo.latex.packages.import.overlay` puts before an overlay's text."""


JOB = "pictures_job"
"""``ctx.data`` key of the `Plan` started by `start` and taken over by `run`."""


@dataclass(slots=True)
class Plan:
    """The fragments of one document, looked up in the cache, and the background job
    typesetting the rest."""

    pre: SnippetPreamble
    keys: dict
    """Fragment source -> cache key."""
    svgs: dict
    """Key -> SVG found in the cache."""
    errors: dict
    """Key -> (message, line) found in the cache."""
    job: PictureJob

    def covers(self, sources) -> bool:
        return all(s in self.keys for s in sources)


def _picture_nodes(doc) -> list:
    return [n for n in walk(doc) if isinstance(n, Placeholder) and n.reason == "picture"]


def _usable(cfg) -> bool:
    return not cfg.no_tex and tex_available()


def start(doc, ctx) -> None:
    """Start typesetting the document's pictures on a background thread (the pass
    ``pictures_start``, right after reading); `run` joins it.  Reports nothing: every
    diagnostic comes from `run`, at the pass's own place in the pipeline."""
    if JOB in ctx.data or not _usable(ctx.config):
        return
    nodes = _picture_nodes(doc)
    if nodes:
        plan = make_plan(doc, ctx, nodes)
        ctx.data[JOB] = plan
        ctx.background.append(plan.job.stop)
        plan.job.start()


def make_plan(doc, ctx, nodes: list) -> Plan:
    """Snippet preamble, cache lookups, and a (not yet started) job for what is missing."""
    cfg = ctx.config
    root = Path(doc.source_root or cfg.source_root)
    src = locate_preamble(doc, cfg, root)
    pre = extract(src.text, doc.meta.docclass or "article", root, src.file, src.first_line,
                  src.prelude, src.prelude_file)
    cache = open_cache(cfg.cache_dir, root)
    fingerprint = tools_fingerprint(TOOLS)
    base = pre.key_text()
    dirs = graphics_dirs("\n".join(st.text for st in pre.statements))
    files: dict[str, list[str]] = {}
    keys: dict[str, str] = {}
    svgs: dict[str, bytes] = {}
    errors: dict[str, tuple[str, int]] = {}
    missing: dict[str, str] = {}
    for n in nodes:
        if n.source in keys:
            continue
        rels = files[n.source] = included_files(n.source, dirs, root, cfg.limits.file_size)
        key = keys[n.source] = make_key(base, n.source, fingerprint, digest(root, rels)) \
            if rels else make_key(base, n.source, fingerprint)
        if key in svgs or key in errors or key in missing:
            continue
        data = cache.get(key, "svg")
        if data is not None:
            svgs[key] = data
            continue
        err = cache.get_json(key, "err")
        if err is not None:
            errors[key] = (str(err.get("error", "")), int(err.get("line", 0) or 0))
            continue
        missing[key] = n.source
    repair_key = make_key("repair", base, fingerprint)
    limits = RunLimits(cfg.limits.tex_wall_seconds, cfg.limits.tex_cpu_seconds,
                       cfg.limits.tex_memory)
    ts = Typesetter(pre, root, limits, workers=max(1, os.cpu_count() or 1),
                    budget=Budget(TIMEOUT_BUDGET_RUNS * limits.wall_seconds))
    ts.file_size, ts.files = cfg.limits.file_size, files
    job = PictureJob(ts, cache, repair_key, cache.get_json(repair_key), missing)
    return Plan(pre, keys, svgs, errors, job)


def run(doc, ctx) -> None:
    plan = ctx.data.pop(JOB, None)
    try:
        _run(doc, ctx, plan)
    finally:
        if plan is not None:  # joined, or not needed any more
            plan.job.stop()
            if plan.job.stop in ctx.background:
                ctx.background.remove(plan.job.stop)


def _run(doc, ctx, plan: Plan | None) -> None:
    cfg, rep = ctx.config, ctx.reporter
    nodes = _picture_nodes(doc)
    pictures = ctx.data.setdefault("pictures", {})
    stats = ctx.data.setdefault("pictures_stats",
                                {"fragments": len(nodes), "cached": 0, "typeset": 0,
                                 "failed": 0, "tex_runs": 0})
    for n in nodes:  # (the folder an overlay's graphic is in is no reader's concern)
        n.alt = f"{_OVERLAY_DIR.sub('', n.source, count=1)} ({n.loc})"
    if not nodes:
        return
    if cfg.no_tex:
        rep.note("N-NO-TEX", f"{len(nodes)} picture(s) left as source placeholders (--no-tex)")
        return
    if not tex_available():
        rep.warning("W-TEX-MISSING",
                    f"TeX not found: {len(nodes)} picture(s) shown as source; to typeset them "
                    f"install TeX Live and dvisvgm ({INSTALL_HINT})", once="W-TEX-MISSING")
        return

    plans = [plan] if plan is not None else []
    if plan is None or not plan.covers(n.source for n in nodes):
        # no job yet (the pass runs alone), or a pass after reading made new fragments:
        # those are typeset now, after the running job (whose results the cache then has)
        if plan is not None:
            plan.job.result()
        late = [n for n in nodes if plan is None or n.source not in plan.keys]
        plans.append(make_plan(doc, ctx, late))
    svgs: dict[str, bytes] = {}
    errors: dict[str, tuple[str, int]] = {}
    keys: dict[str, str] = {}
    record = None
    for p in plans:
        res = p.job.result()
        keys.update(p.keys)
        svgs.update(p.svgs)
        errors.update(p.errors)
        svgs.update(res.svgs)
        errors.update(res.errors)
        stats["cached"] += len(p.svgs) + len(p.errors)
        stats["typeset"] += res.typeset
        stats["tex_runs"] += res.tex_runs
        record = res.record if res.record is not None else record
    _report_repairs(rep, plans[-1].pre, record)

    for n in nodes:
        key = keys[n.source]
        if key in svgs:
            relpath = f"{OUT_DIR}/{key[:20]}.svg"
            if relpath not in pictures:
                final = finish(svgs[key], "p" + key[:8])
                if final is None:
                    rep.warning("W-PICTURE-UNSAFE",
                                "the SVG TeX made for this picture was rejected by the "
                                "sanitizer; showing its source", n.loc)
                    stats["failed"] += 1
                    continue
                pictures[relpath] = final
            n.image = relpath
        else:
            msg, line = errors.get(key, ("not typeset", 0))
            stats["failed"] += 1
            rep.error("E-PICTURE-TEX", f"picture not typeset, showing its source: {msg}",
                      _location(n.loc, line))


def _report_repairs(rep, pre: SnippetPreamble, record: dict | None) -> None:
    """One warning per preamble statement left out of the snippets because TeX failed on
    it, at the statement's own file and line."""
    if not record:
        return
    for k, msg in record.get("dropped", []):
        if isinstance(k, int) and 0 <= k < len(pre.statements):
            st = pre.statements[k]
            rep.warning("W-PICTURE-PREAMBLE",
                        f"left out of picture snippets because TeX failed on it: {msg}",
                        Location(st.file, st.line, 1))
        else:
            rep.error("E-PICTURE-PREAMBLE",
                      f"the preamble fails in picture snippets: {msg}")
