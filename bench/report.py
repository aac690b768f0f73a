#!/usr/bin/env python3
"""Write docs/benchmarks.md and docs/benchmarks.svg from bench/results/*.json.

Usage:
    bench/report.py [--results bench/results/results.json] [--out docs/benchmarks.md]

Contract: `write(data, out_md)` renders the merged results of `bench/compare.py`
(``{"machine", "octavo_commit", "updated", "rows": {"doc/tool": row}}``) into a
Markdown page, one table per document, and a chart next to it (same stem,
``.svg``) with two panels: wall time per document and tool (log scale, the TeX
pass drawn as a reference mark) and prose recall per document and tool.  The
report is a pure function of the results file, so it can be regenerated
without re-running anything.  The chart needs matplotlib; without it only
the Markdown is written (and says so).
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/formulas.py would shadow the standard library's math (matplotlib needs it).
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == HERE:
    del sys.path[0]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402


def _anchors():
    key = "octavo_bench_anchors"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, os.path.join(HERE, "anchors.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


CORPUS_DOCS, TOOLS = _anchors().CORPUS_DOCS, _anchors().TOOLS

TOOL_ORDER = [t for t in TOOLS if t != "tex"]
COLORS = {"octavo": "#1b7837", "pandoc": "#2166ac", "latexml": "#b2182b",
          "make4ht": "#e08214", "latex2html": "#8073ac"}
FAILED = ("timeout", "memory limit", "cannot start")


def _doc_order(rows: dict) -> list[str]:
    present = {r["doc"] for r in rows.values()}
    ordered = [d.name for d in CORPUS_DOCS if d.name in present]
    return ordered + sorted(present - set(ordered))


def _fmt_time(row: dict) -> str:
    if row.get("status") in ("timeout",):
        return f"> {row.get('timeout', 0):.0f} s"
    t = row.get("wall_median")
    if t is None:
        return "–"
    n = len(row.get("wall_runs") or [])
    s = f"{t:.2f} s" if t < 10 else f"{t:.1f} s" if t < 100 else f"{t:.0f} s"
    return s + (f" (×{n})" if n > 1 else "")


def _fmt_mem(row: dict) -> str:
    b = row.get("peak_rss")
    if not b:
        return "–"
    return f"{b / 2**20:.0f} MiB" if b < 2**30 else f"{b / 2**30:.1f} GiB"


def _fmt(v, digits: int = 3) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _status(row: dict) -> str:
    s = row.get("status") or "–"
    if s.startswith("not available") or s.endswith(")"):
        return "not available"
    runs = row.get("run_statuses") or []
    if len(set(runs)) > 1:  # the runs disagree: say so
        return s + " (" + ", ".join(f"{runs.count(x)}× {x}" for x in dict.fromkeys(runs)) + ")"
    return s


def _versions(rows: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rows.values():
        if r.get("version"):
            out.setdefault(r["tool"], r["version"])
    return out


def _summary(rows: dict) -> list[str]:
    """Octavo against the goals of issue 6, one line per document."""
    docs = [d for d in _doc_order(rows) if f"{d}/octavo" in rows]
    if not docs:
        return []
    out = ["", "## Summary: octavo against the goals", "",
           "Goals: exit 0 or 1; time ≤ one TeX pass and < pandoc; ≥ 20× faster than "
           "LaTeXML; prose recall and precision ≥ 0.97 and not below the best anchor; "
           "peak memory < 1 GiB.", "",
           "| document | octavo status | octavo time | octavo cold | TeX pass | × TeX | × pandoc | "
           "LaTeXML ÷ octavo | prose recall (best anchor) | prose precision | peak memory |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for doc in docs:
        o = rows[f"{doc}/octavo"]
        ot = o.get("wall_median") if o.get("status") not in FAILED else None
        tex = rows.get(f"{doc}/tex") or {}
        tt = tex.get("wall_median") if tex.get("status") == "ok" else None
        pan = rows.get(f"{doc}/pandoc") or {}
        pt = pan.get("wall_median") if pan.get("status") == "ok" else None
        lx = rows.get(f"{doc}/latexml") or {}
        if ot and lx.get("status") == "timeout":
            lx_ratio = f"> {lx.get('timeout', 0) / ot:.0f}"
        elif ot and lx.get("wall_median") and lx.get("status") not in FAILED:
            lx_ratio = f"{lx['wall_median'] / ot:.0f}"
        else:
            lx_ratio = "–"
        best, best_tool = None, ""
        for tool in TOOL_ORDER:
            if tool == "octavo":
                continue
            r = rows.get(f"{doc}/{tool}") or {}
            rec = (r.get("fidelity") or {}).get("prose_recall")
            if r.get("status") in FAILED:
                continue
            if rec is not None and (best is None or rec > best):
                best, best_tool = rec, tool
        f = o.get("fidelity") or {}
        best_s = f" ({best:.3f} {best_tool})" if best is not None else ""
        cold = o.get("cold_wall")
        cold_s = "–" if cold is None else (f"{cold:.2f} s" if cold < 10 else f"{cold:.1f} s")
        out.append(f"| {doc} | {_status(o)} | {_fmt_time(o)} | {cold_s} | "
                   f"{_fmt_time(tex) if tex else '–'} | "
                   f"{f'{ot / tt:.2f}' if ot and tt else '–'} | "
                   f"{f'{ot / pt:.2f}' if ot and pt else '–'} | {lx_ratio} | "
                   f"{_fmt(f.get('prose_recall'))}{best_s} | {_fmt(f.get('prose_precision'))} | "
                   f"{_fmt_mem(o)} |")
    return out


def markdown(data: dict, svg_name: str | None) -> str:
    rows = data.get("rows", {})
    m = data.get("machine", {})
    lines = ["# Benchmarks: octavo beside pandoc, LaTeXML, make4ht and latex2html", ""]
    lines.append("Generated by `make bench` (`bench/compare.py`, then `bench/report.py`); "
                 "do not edit by hand. Method: `bench/README.md`. Profiles of octavo (HoTT, "
                 "openlogic) and the before/after figures of its optimisations: "
                 "`docs/performance.md` (`bench/profile.py`).")
    lines.append("")
    mem = m.get("memory", 0) / 2**30
    lines.append(f"- Machine: {m.get('nproc', '?')} cores, {m.get('cpu', '?')}, "
                 f"{mem:.0f} GiB memory, {m.get('system', '')}. Other work was running on "
                 "the machine at the same time (load average per document below), so "
                 "times are rough.")
    lines.append(f"- Date: {data.get('updated', '?')}.")
    octavo_vers: dict[str, list[str]] = {}
    for r in rows.values():
        if r["tool"] == "octavo" and r.get("version"):
            octavo_vers.setdefault(r["version"], []).append(r["doc"])
    if len(octavo_vers) > 1:
        lines.append("- octavo rows were measured at more than one commit: " + "; ".join(
            f"{v}: {', '.join(ds)}" for v, ds in octavo_vers.items()) + ".")
    lines.append(f"- Repository HEAD at the last update: `{data.get('octavo_commit', '?')}` "
                 "(\"src modified\" in a version means the work tree had uncommitted changes "
                 "under src/). Rows can come from separate runs of `compare.py`, some side by "
                 "side: each document's line gives the date and the load average.")
    vers = _versions(rows)
    if len(octavo_vers) > 1:
        vers.pop("octavo", None)
    if vers:
        lines.append("- Versions: " + "; ".join(f"{k}: {v}" for k, v in
                                             sorted(vers.items(), key=lambda kv: list(TOOLS).index(kv[0]) if kv[0] in TOOLS else 99)) + ".")
    lines.append("- Time: wall clock, median over the runs (×N) where a run took under 20 s, "
                 "tools alternating. Memory: peak of the summed resident memory of the tool's "
                 "whole process tree. Pages: distinct HTML files. Prose recall/precision: "
                 "dictionary words of the PDF's text found in the site / of the site's words "
                 "found in the PDF (`shared/tools/fidelity.py`). Unresolved: `??`, LaTeXML "
                 "missing markers, raw-label links, latex2html `[*]`.")
    lines.append("- *TeX pass*: one pdflatex (xelatex for the blueprints) pass over the same "
                 "sources with warm aux files: the cost of typesetting the book once. "
                 "*× TeX* is the tool's time divided by it.")
    lines.append("- *octavo time* is a rebuild into a fresh output folder with the picture cache "
                 "of an earlier run (warm, as the TeX pass has its aux files); *octavo cold* is "
                 "its first run, which typesets every picture with real TeX. LaTeXML's limit is "
                 "25× octavo's time (120–900 s): enough to decide the 20× goal.")
    if svg_name:
        lines += ["", f"![time and prose recall per document and tool]({svg_name})"]
    lines += _summary(rows)
    for doc in _doc_order(rows):
        tex = rows.get(f"{doc}/tex")
        tex_t = tex.get("wall_median") if tex and tex.get("status") == "ok" else None
        lines += ["", f"## {doc}", ""]
        extra = []
        if tex:
            if tex_t is not None:
                engine = {d.name: d.engine for d in CORPUS_DOCS}.get(doc, "pdflatex")
                extra.append(f"TeX pass ({engine}): {_fmt_time(tex)}, {_fmt_mem(tex)}")
            else:
                extra.append(f"TeX pass: {tex.get('status')} {tex.get('error', '')}".strip())
        loads = [r.get("load_avg") for r in rows.values() if r["doc"] == doc and r.get("load_avg") is not None]
        if loads:
            extra.append(f"load average {min(loads):.1f}–{max(loads):.1f}")
        dates = sorted(r.get("date", "") for r in rows.values() if r["doc"] == doc and r.get("date"))
        if dates:
            extra.append(f"measured {dates[0][:10]}")
        if extra:
            lines += ["; ".join(extra) + ".", ""]
        lines.append("| tool | status | time | × TeX | peak memory | pages | prose recall | "
                     "prose precision | recall | unresolved | warnings |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
        notes = []
        for tool in TOOL_ORDER:
            r = rows.get(f"{doc}/{tool}")
            if not r:
                continue
            killed = r.get("status") in FAILED  # a killed run's leftovers are not a site
            f = {} if killed else (r.get("fidelity") or {})
            pages = "–" if killed else _fmt(r.get("pages"))
            ratio = "–"
            if tex_t and r.get("wall_median") is not None and r.get("status") not in FAILED:
                ratio = f"{r['wall_median'] / tex_t:.1f}"
            elif tex_t and r.get("status") == "timeout":
                ratio = f"> {r.get('timeout', 0) / tex_t:.0f}"
            warnings = _fmt(r.get("warnings")) if tool == "octavo" else "–"
            lines.append(f"| {tool} | {_status(r)} | {_fmt_time(r)} | {ratio} | {_fmt_mem(r)} | "
                         f"{pages} | {_fmt(f.get('prose_recall'))} | "
                         f"{_fmt(f.get('prose_precision'))} | {_fmt(f.get('recall'))} | "
                         f"{_fmt(f.get('unresolved'))} | {warnings} |")
            if r.get("error"):
                notes.append(f"- {tool}: `{r['error'].replace('`', chr(39))}`")
            elif _status(r) == "not available":
                notes.append(f"- {tool}: {r.get('status')}")
        if notes:
            lines += ["", "Errors:", ""] + notes
    lines.append("")
    return "\n".join(lines)


def chart(data: dict, path: str) -> bool:
    """Two-panel SVG; False when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = data.get("rows", {})
    docs = _doc_order(rows)
    tools = [t for t in TOOL_ORDER if any(f"{d}/{t}" in rows for d in docs)]
    if not docs or not tools:
        return False
    plt.rcParams["svg.hashsalt"] = "octavo-bench"
    plt.rcParams["svg.fonttype"] = "none"
    fig, (ax_t, ax_r) = plt.subplots(2, 1, figsize=(12, 8.5), sharex=True)
    width = 0.8 / len(tools)
    top = 1.0
    for i, tool in enumerate(tools):
        xs, ts, failed_x, failed_t, xr, rs = [], [], [], [], [], []
        for j, doc in enumerate(docs):
            r = rows.get(f"{doc}/{tool}")
            if not r:
                continue
            x = j - 0.4 + width * (i + 0.5)
            t = r.get("wall_median")
            if r.get("status") == "timeout":
                failed_x.append(x)
                failed_t.append(r.get("timeout") or t or 1)
            elif t is not None and r.get("status") not in FAILED and r.get("pages"):
                xs.append(x)  # made a site (exit 1 included: "built with errors")
                ts.append(max(t, 0.01))
            elif t is not None:
                failed_x.append(x)
                failed_t.append(max(t, 0.01))
            top = max(top, failed_t[-1] if failed_x and failed_x[-1] == x else t or 0)
            rec = (r.get("fidelity") or {}).get("prose_recall")
            if rec is not None and r.get("status") not in FAILED:
                xr.append(x)
                rs.append(rec)
        color = COLORS.get(tool, "grey")
        ax_t.bar(xs, ts, width, color=color, label=tool)
        ax_t.bar(failed_x, failed_t, width, color="none", edgecolor=color, hatch="///",
                 linewidth=0.8)
        ax_r.bar(xr, rs, width, color=color, label=tool)
    tex_x, tex_t = [], []
    for j, doc in enumerate(docs):
        r = rows.get(f"{doc}/tex")
        if r and r.get("status") == "ok" and r.get("wall_median"):
            tex_x.append(j)
            tex_t.append(r["wall_median"])
    if tex_x:
        ax_t.hlines(tex_t, [x - 0.45 for x in tex_x], [x + 0.45 for x in tex_x], colors="black",
                    linewidth=2)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, LogLocator

    ax_t.set_yscale("log")
    ax_t.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax_t.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax_t.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_t.set_ylabel("wall time, s (log scale)")
    ax_t.set_title("Time to build the site (hatched: no site made, timed out or killed)")
    ax_t.set_ylim(top=top * 8)
    ax_t.grid(axis="y", which="major", alpha=0.3)
    handles = [Patch(facecolor=COLORS.get(t, "grey"), label=t) for t in tools]
    handles.append(Patch(facecolor="none", edgecolor="grey", hatch="///", label="no site"))
    if tex_x:
        handles.append(Line2D([0], [0], color="black", linewidth=2, label="one TeX pass"))
    ax_t.legend(handles=handles, ncol=len(handles), fontsize=8, loc="upper left")
    ax_r.set_ylim(0, 1.02)
    ax_r.axhline(0.97, color="black", linewidth=0.8, linestyle="--")
    ax_r.text(len(docs) - 0.55, 0.96, "goal 0.97", ha="right", va="top", fontsize=8)
    ax_r.set_ylabel("prose recall")
    ax_r.set_title("Words of the PDF that reach the site (no bar: no output)")
    ax_r.grid(axis="y", alpha=0.3)
    ax_r.set_xticks(range(len(docs)))
    ax_r.set_xticklabels(docs, rotation=20, ha="right")
    fig.tight_layout()
    fmt = os.path.splitext(path)[1].lstrip(".") or "svg"
    fig.savefig(path, format=fmt, metadata={"Date": None} if fmt == "svg" else None, dpi=70)
    plt.close(fig)
    return True


PERFORMANCE_MD = os.path.join(os.path.dirname(HERE), "docs", "performance.md")


def optimisations(path: str = PERFORMANCE_MD) -> str:
    """The "Before and after" section of docs/performance.md (the profiles of HoTT and
    openlogic and the measured effect of each optimisation), one heading level down, so
    the report carries those figures beside the comparison without a second copy to keep."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return ""
    start = text.find("\n## Before and after")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    section = text[start + 1:end if end > 0 else len(text)].rstrip()
    lines = ["#" + ln if ln.startswith("#") else ln for ln in section.splitlines()]
    lines[0] = "## Octavo's optimisations: before and after (from docs/performance.md)"
    return "\n" + "\n".join(lines) + "\n"


def write(data: dict, out_md: str) -> None:
    svg = os.path.splitext(out_md)[0] + ".svg"
    os.makedirs(os.path.dirname(os.path.abspath(out_md)) or ".", exist_ok=True)
    has_chart = chart(data, svg)
    text = markdown(data, os.path.basename(svg) if has_chart else None)
    if not has_chart:
        text += "\n(The chart needs matplotlib: bench/setup.sh installs it.)\n"
    text += optimisations()
    with open(out_md, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--results", default=os.path.join(HERE, "results", "results.json"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(HERE), "docs", "benchmarks.md"))
    a = ap.parse_args(argv)
    try:
        with open(a.results, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"report.py: cannot read {a.results}: {exc}", file=sys.stderr)
        return 2
    write(data, a.out)
    print(f"report.py: wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
