#!/usr/bin/env python3
"""Side-by-side benchmark: octavo against pandoc, LaTeXML, make4ht and latex2html.

Usage:
    bench/compare.py [--doc NAME ...] [--tools octavo,pandoc,latexml,make4ht,latex2html]
                     [--repeat N] [--timeout S] [--out docs/benchmarks.md]
                     [--results bench/results/results.json] [--no-tex] [--keep]

For every corpus document (``$OCTAVO_CORPUS``, else ``<repo>/../shared/corpus``) and
every tool it:

* copies the document's sources into a fresh scratch folder (converters write
  junk next to the sources; the corpus is read-only) and runs the tool there
  (command lines: `bench/anchors.py`) with a time limit (LaTeXML 900 s, others
  300 s, or ``--timeout``) and a memory limit (``--mem-limit``, 8 GiB);
* measures wall time and the peak memory of the whole process tree: every
  50 ms it sums the resident set size of all processes in the session the tool
  was started in (each tool is started as a session leader, so children and
  grandchildren - TeX runs, Ghostscript, orphans - are all counted; shared
  pages are counted once per process, so the sum is an upper bound).  A /proc
  scan costs about 1 ms, 2-3 % of one core;
* records exit status, the number of HTML pages, fidelity against the
  document's ``reference.txt`` (``shared/tools/fidelity.py --json``: prose
  recall/precision, recall/precision, unresolved references, math elements)
  and, for octavo, the number of warnings it printed;
* times one TeX pass (pdflatex, or xelatex for the blueprints) over the same
  sources with warm aux files (run once unmeasured first) as the physical
  reference: converting to HTML should cost less than typesetting.

Short runs (< 20 s) are repeated ``--repeat`` times, the tools alternating
(A B C A B C ...), and the median is reported; fidelity is taken from the first
run.  Results are merged into ``--results`` (JSON, keyed by document and tool,
so a later ``--doc``/``--tools`` run replaces only its own rows) and the
report (`bench/report.py`) is regenerated from the whole file.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/ holds other scripts (bench/formulas.py) whose names shadow the standard
# library when bench/ is first on sys.path, as it is for `python bench/compare.py`.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == HERE:
    del sys.path[0]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as _dt  # noqa: E402
import fcntl  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402


def load_bench_module(name: str):
    """Import bench/<name>.py by path (bench/ is not a package and not on sys.path)."""
    key = f"octavo_bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


anchors = load_bench_module("anchors")
CORPUS_DOCS, TOOLS, Doc, Tool = anchors.CORPUS_DOCS, anchors.TOOLS, anchors.Doc, anchors.Tool

REPO = anchors.REPO
DEFAULT_RESULTS = os.path.join(HERE, "results", "results.json")
DEFAULT_TOOLS = ("octavo",) + anchors.ANCHORS
SHORT_RUN = 20.0
"""Runs shorter than this (seconds) are repeated and alternated."""
LATEXML_FACTOR = 25.0
LATEXML_MIN_LIMIT = 120.0
"""LaTeXML's limit, unless --timeout: 25x octavo's time on the document (at least 120 s,
at most its 900 s), which decides the goal "20x faster than LaTeXML" either way."""
SAMPLE_EVERY = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")
_WARNING_RE = re.compile(r":\s*warning:\s.*\[[A-Za-z0-9_.-]+\]\s*$")
_ERROR_RE = re.compile(r":\s*error:\s.*\[[A-Za-z0-9_.-]+\]\s*$")


def corpus_root() -> str:
    return os.environ.get("OCTAVO_CORPUS") or os.path.normpath(
        os.path.join(REPO, "..", "shared", "corpus"))


def fidelity_script() -> str:
    return os.environ.get("OCTAVO_FIDELITY") or os.path.join(
        os.path.dirname(corpus_root()), "tools", "fidelity.py")


# ---------------------------------------------------------------- running one process tree

@dataclass(slots=True)
class Measured:
    """One monitored run of a command."""

    status: str
    """``ok``, ``exit N``, ``timeout``, ``memory limit`` or ``cannot start``."""
    exit_code: int | None
    wall: float
    """Seconds from start until the command (and its session) ended or was killed."""
    peak_rss: int
    """Bytes: largest sum of resident memory over the process tree, sampled every 50 ms."""
    stdout: str
    stderr: str


def _session_rss(sid: int) -> int:
    """Resident bytes of all processes whose session id is ``sid``."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                raw = f.read()
        except OSError:
            continue
        fields = raw.rsplit(b")", 1)[-1].split()
        # after "pid (comm)": state ppid pgrp session ... rss is field 24 -> index 21
        if len(fields) > 21 and int(fields[3]) == sid:
            total += int(fields[21]) * _PAGE
    return total


def _session_alive(sid: int) -> bool:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[-1].split()
            except OSError:
                continue
            if len(fields) > 3 and int(fields[3]) == sid and fields[0] != b"Z":
                return True
    return False


def _kill_session(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and _session_alive(pid):
            time.sleep(0.05)


def run_measured(argv: list[str], cwd: str, timeout: float, mem_limit: int,
                 env: dict[str, str] | None = None, log_dir: str | None = None) -> Measured:
    """Run ``argv`` in ``cwd`` as a new session; measure wall time and tree peak RSS."""
    log_dir = log_dir or cwd
    out_path = os.path.join(log_dir, ".bench-stdout")
    err_path = os.path.join(log_dir, ".bench-stderr")
    full_env = dict(os.environ)
    full_env.update(env or {})
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, env=full_env, start_new_session=True)
        except OSError as exc:
            return Measured("cannot start", None, 0.0, 0, "", str(exc))
        peak, status = 0, ""
        try:
            while True:
                code = proc.poll()
                if code is not None:
                    break
                peak = max(peak, _session_rss(proc.pid))
                elapsed = time.perf_counter() - t0
                if elapsed > timeout:
                    status = "timeout"
                elif peak > mem_limit:
                    status = "memory limit"
                if status:
                    _kill_session(proc.pid)
                    proc.wait()
                    break
                time.sleep(SAMPLE_EVERY)
            wall = time.perf_counter() - t0
            code = proc.returncode
        finally:  # also when the harness itself is interrupted
            _kill_session(proc.pid)  # leftovers (daemons, orphaned TeX runs)
            proc.wait()
    if not status:
        status = "ok" if code == 0 else f"exit {code}"
    return Measured(status, None if status in ("timeout", "memory limit") else code,
                    wall, peak, _read_tail(out_path), _read_tail(err_path))


def _read_tail(path: str, limit: int = 200_000) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            return f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


_ERRORISH = re.compile(r"(^!|error|Error|ERROR|fatal|Fatal|exception|Exception|cannot|not found)")


def error_line(m: Measured, work: str, doc: Doc) -> str:
    """The most telling line for a failed run: TeX's ``!`` line, else the last error-ish one."""
    if m.status == "timeout":
        return ""
    texts = [m.stderr, m.stdout]
    log = os.path.join(work, os.path.splitext(doc.main)[0] + ".log")
    if os.path.exists(log):
        texts.append(_read_tail(log))
    for text in texts:
        for line in text.splitlines():
            if line.startswith("! "):
                return line.strip()[:200]
    for text in texts:  # octavo's own diagnostics: the first error
        for line in text.splitlines():
            if _ERROR_RE.search(line):
                return line.strip()[:240]
    for text in texts:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        hits = [i for i, ln in enumerate(lines) if _ERRORISH.search(ln)]
        if not hits and not lines:
            continue
        i = hits[-1] if hits else len(lines) - 1
        line = lines[i]
        if line.endswith(":") and i + 1 < len(lines):  # "Error at FILE (line, col):" + reason
            line += " " + lines[i + 1]
        return line[:240]
    return ""


# ---------------------------------------------------------------- fidelity

def fidelity(reference: str, site: str) -> dict:
    """Run fidelity.py on a site; {} when it cannot be measured."""
    script = fidelity_script()
    if not os.path.exists(script) or not os.path.isdir(site):
        return {}
    py = os.path.join(REPO, ".venv", "bin", "python")
    if not os.path.exists(py):
        py = sys.executable
    try:
        p = subprocess.run([py, script, reference, site, "--json"], capture_output=True,
                           text=True, timeout=900)
        res = json.loads(p.stdout)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        return {}
    keep = ("prose_recall", "prose_precision", "recall", "precision", "html_files",
            "math_elements", "img_elements", "img_with_tex_alt", "unresolved_qq",
            "unresolved_ltx_missing", "unresolved_raw_label_links", "unresolved_l2h_markers")
    out = {k: res.get(k) for k in keep}
    out["unresolved"] = sum(res.get(k, 0) or 0 for k in keep if k.startswith("unresolved_"))
    return out


# ---------------------------------------------------------------- one document

@dataclass(slots=True)
class Row:
    """The result of one tool on one document (what the report shows)."""

    doc: str
    tool: str
    status: str
    version: str = ""
    exit_code: int | None = None
    error: str = ""
    wall_median: float | None = None
    wall_runs: list[float] = field(default_factory=list)
    run_statuses: list[str] = field(default_factory=list)
    """Status of every run, first one first (``status`` is the first run's)."""
    peak_rss: int | None = None
    pages: int | None = None
    warnings: int | None = None
    errors: int | None = None
    fidelity: dict = field(default_factory=dict)
    timeout: float = 0.0
    load_avg: float | None = None
    """1-minute load average when the first run started (other work on the machine)."""
    date: str = ""
    cold_wall: float | None = None
    """octavo only: the first run, with an empty picture cache (not in ``wall_runs``)."""


def _copy_sources(doc: Doc, dest: str) -> str:
    src = os.path.join(corpus_root(), doc.name)
    work = os.path.join(dest, "src")
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("reference.txt"))
    for dirpath, dirnames, filenames in os.walk(work):  # the corpus is read-only
        os.chmod(dirpath, 0o755)
        for fn in filenames:
            os.chmod(os.path.join(dirpath, fn), 0o644)
    if doc.outdir:
        os.makedirs(os.path.join(work, doc.outdir), exist_ok=True)
    return work


def _count_diagnostics(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    return (sum(1 for ln in lines if _WARNING_RE.search(ln)),
            sum(1 for ln in lines if _ERROR_RE.search(ln)))


def bench_document(doc: Doc, tools: list[Tool], repeat: int, timeout: float | None,
                   mem_limit: int, scratch: str, keep: bool, say,
                   octavo_before: float | None = None) -> list[Row]:
    """One document, every tool.  ``octavo_before``: octavo's time from an earlier run
    (results file), for LaTeXML's limit when octavo is not part of this run."""
    reference = os.path.join(corpus_root(), doc.name, "reference.txt")
    # the first octavo run must find no picture cache (anchors.octavo_run puts it here)
    shutil.rmtree(os.path.join(scratch, f"{doc.name}.octavo-cache"), ignore_errors=True)
    rows: dict[str, Row] = {}
    runnable: list[Tool] = []
    tex_work: str | None = None
    for tool in tools:
        why = tool.available()
        row = Row(doc.name, tool.name, why or "", date=_dt.datetime.now().isoformat(timespec="seconds"),
                  timeout=timeout or tool.timeout)
        rows[tool.name] = row
        if why:
            say(f"  {tool.name}: {why}")
            continue
        row.version = tool.version()
        runnable.append(tool)
        if tool.is_reference:
            # Warm-up pass: writes the aux files the measured passes read.
            base = tempfile.mkdtemp(prefix=f"{doc.name}-tex-", dir=scratch)
            tex_work = _copy_sources(doc, base)
            inv = tool.run(doc, tex_work, os.path.join(base, "site"))
            warm = run_measured(inv.argv, tex_work, row.timeout, mem_limit, inv.env)
            say(f"  {tool.name}: warm-up pass {warm.status} in {warm.wall:.1f} s")

    octavo_time: float | None = octavo_before

    def one_run(tool: Tool, first: bool) -> float | None:
        row = rows[tool.name]
        if tool.is_reference:
            assert tex_work is not None
            work, base = tex_work, os.path.dirname(tex_work)
        else:
            base = tempfile.mkdtemp(prefix=f"{doc.name}-{tool.name}-", dir=scratch)
            work = _copy_sources(doc, base)
        site = os.path.join(base, "site")
        inv = tool.run(doc, work, site)
        if first:
            row.load_avg = round(os.getloadavg()[0], 2)
        m = run_measured(inv.argv, work, row.timeout, mem_limit, inv.env, log_dir=base)
        row.wall_runs.append(round(m.wall, 3))
        row.run_statuses.append(m.status)
        row.peak_rss = max(row.peak_rss or 0, m.peak_rss)
        say(f"  {tool.name}: {m.status} in {m.wall:.2f} s, peak {m.peak_rss / 2**20:.0f} MiB")
        if first:
            row.status, row.exit_code = m.status, m.exit_code
            if m.status != "ok":
                row.error = error_line(m, work, doc)
                if row.error:
                    say(f"    {row.error}")
            if tool.name == "octavo":
                row.warnings, row.errors = _count_diagnostics(m.stderr + "\n" + m.stdout)
            if not tool.is_reference and os.path.isdir(inv.site):
                row.pages = anchors.count_pages(inv.site)
                if row.pages:
                    row.fidelity = fidelity(reference, inv.site)
                    f = row.fidelity
                    if f:
                        say(f"    pages {row.pages}, prose recall {f.get('prose_recall')}, "
                            f"precision {f.get('prose_precision')}, unresolved {f.get('unresolved')}")
        if not tool.is_reference and not keep:
            shutil.rmtree(base, ignore_errors=True)
        if m.status in ("timeout", "memory limit"):
            return None
        return m.wall

    short: list[Tool] = []
    for tool in runnable:
        if tool.name == "latexml" and timeout is None and octavo_time:
            # enough time to decide the goal "20x faster than LaTeXML" either way, not
            # LaTeXML's full 900 s on every book it cannot finish
            rows[tool.name].timeout = min(tool.timeout, max(LATEXML_MIN_LIMIT,
                                                            LATEXML_FACTOR * octavo_time))
        wall = one_run(tool, first=True)
        if tool.name == "octavo" and wall is not None:
            # the first run filled the picture cache (as TeX's warm-up pass wrote the
            # aux files): keep it apart and measure rebuilds, as for the TeX pass
            row = rows[tool.name]
            row.cold_wall = row.wall_runs.pop()
            row.run_statuses.pop()
            wall = one_run(tool, first=False)
            octavo_time = wall
        if wall is not None and wall < SHORT_RUN:
            short.append(tool)
    for _ in range(1, repeat):
        for tool in short:  # alternate: A B C, A B C, ...
            one_run(tool, first=False)
    for row in rows.values():
        if row.wall_runs:
            row.wall_median = round(statistics.median(row.wall_runs), 3)
    if tex_work and not keep:
        shutil.rmtree(os.path.dirname(tex_work), ignore_errors=True)
    return list(rows.values())


# ---------------------------------------------------------------- results file

def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem,
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


@contextlib.contextmanager
def locked(path: str):
    """Hold an exclusive lock beside ``path`` (two harness runs may merge at once)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def load_results(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if isinstance(data, dict) and isinstance(data.get("rows"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {"rows": {}}


def save_results(path: str, data: dict) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def merge_rows(data: dict, rows: list[Row]) -> None:
    data["machine"] = machine_info()
    data["octavo_commit"] = anchors.octavo_commit()
    data["updated"] = _dt.datetime.now().isoformat(timespec="seconds")
    for row in rows:
        data["rows"][f"{row.doc}/{row.tool}"] = asdict(row)


# ---------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doc", action="append", default=[],
                    help="document name (repeatable, or comma-separated); default: all")
    ap.add_argument("--tools", default=",".join(DEFAULT_TOOLS),
                    help="comma-separated tools (default: %(default)s); the TeX "
                         "reference pass 'tex' is added unless --no-tex")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per tool where a run takes under 20 s (default 3)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="time limit per run in seconds (default: 900 LaTeXML, 300 others)")
    ap.add_argument("--mem-limit", type=float, default=8.0,
                    help="GiB; a process tree above this is killed (default 8)")
    ap.add_argument("--no-tex", action="store_true", help="skip the TeX reference pass")
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.md"),
                    help="report to write (the chart goes next to it as .svg); '' for none")
    ap.add_argument("--results", default=DEFAULT_RESULTS, help="JSON results file to merge into")
    ap.add_argument("--scratch", default=None, help="folder for scratch copies (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep scratch copies and outputs")
    ap.add_argument("--quiet", action="store_true")
    return ap.parse_args(argv)


def _terminate(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)  # unwinds through run_measured's cleanup


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    say = (lambda s: None) if a.quiet else (lambda s: print(s, flush=True))
    names = [n for d in a.doc for n in d.split(",") if n]
    known = {d.name: d for d in CORPUS_DOCS}
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"compare.py: unknown document(s): {', '.join(unknown)}; "
              f"known: {', '.join(known)}", file=sys.stderr)
        return 2
    tool_names = [t for t in a.tools.split(",") if t]
    bad = [t for t in tool_names if t not in TOOLS]
    if bad:
        print(f"compare.py: unknown tool(s): {', '.join(bad)}; known: "
              f"{', '.join(DEFAULT_TOOLS)}", file=sys.stderr)
        return 2
    if not os.path.isdir(corpus_root()):
        print(f"compare.py: corpus not found at {corpus_root()} (set OCTAVO_CORPUS)",
              file=sys.stderr)
        return 2
    docs = [known[n] for n in names] if names else list(CORPUS_DOCS)
    tools = [TOOLS[t] for t in tool_names if t != "tex"]
    if "tex" in tool_names or not a.no_tex:
        tools.append(TOOLS["tex"])
    scratch = a.scratch or tempfile.mkdtemp(prefix="octavo-bench-")
    os.makedirs(scratch, exist_ok=True)
    mem_limit = int(a.mem_limit * 2**30)
    try:
        for doc in docs:
            if not os.path.isdir(os.path.join(corpus_root(), doc.name)):
                say(f"{doc.name}: not in the corpus, skipped")
                continue
            say(f"{doc.name} ({doc.main}, {doc.engine})")
            before = load_results(a.results)["rows"].get(f"{doc.name}/octavo") or {}
            rows = bench_document(doc, tools, max(1, a.repeat), a.timeout, mem_limit,
                                  scratch, a.keep, say, before.get("wall_median"))
            with locked(a.results):  # re-read: another run may have merged rows
                data = load_results(a.results)
                merge_rows(data, rows)
                save_results(a.results, data)
                if a.out:
                    load_bench_module("report").write(data, a.out)
    finally:
        if not a.keep and not a.scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if a.out:
        say(f"report: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
