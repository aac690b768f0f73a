"""CI smoke test of the benchmark harness (bench/compare.py), issue 6.

Runs octavo alone on the smallest corpus document, once, into a temporary
results file and report, and checks that the harness measured what the full
comparison relies on: a row with exit status, wall time, peak memory, pages
and prose recall, and a report that shows it.  The full comparison with the
anchors is not part of CI (it takes hours).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "bench")
CORPUS = os.environ.get("OCTAVO_CORPUS") or os.path.normpath(
    os.path.join(REPO, "..", "shared", "corpus"))
DOC = "sphere-eversion-blueprint"


def _compare_module():
    """bench/compare.py, imported by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "octavo_bench_compare", os.path.join(BENCH, "compare.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _require_inputs() -> None:
    if not os.path.isfile(os.path.join(CORPUS, DOC, "reference.txt")):
        pytest.skip(f"corpus not found at {CORPUS} (set OCTAVO_CORPUS)")
    if not os.path.isfile(os.path.join(CORPUS, "..", "tools", "fidelity.py")):
        pytest.skip("shared/tools/fidelity.py not found beside the corpus")
    if not os.path.exists(os.path.join(REPO, "src", "octavo", "cli", "main.py")):
        pytest.skip("octavo CLI not written yet (src/octavo/cli/main.py)")
    if not os.access(os.path.join(REPO, ".venv", "bin", "octavo"), os.X_OK):
        pytest.skip(".venv/bin/octavo missing: make venv")
    if not os.path.exists("/usr/share/dict/words"):
        pytest.skip("word list not installed: apt-get install wamerican")


def test_compare_measures_octavo_on_one_document(tmp_path):
    _require_inputs()
    results = tmp_path / "results.json"
    out = tmp_path / "benchmarks.md"
    proc = subprocess.run(
        [sys.executable, os.path.join(BENCH, "compare.py"), "--doc", DOC, "--tools", "octavo",
         "--repeat", "1", "--no-tex", "--timeout", "120", "--results", str(results),
         "--out", str(out), "--scratch", str(tmp_path / "scratch"), "--quiet"],
        capture_output=True, text=True, timeout=240, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(results.read_text(encoding="utf-8"))
    row = data["rows"][f"{DOC}/octavo"]
    assert row["status"] in ("ok", "exit 1"), row  # 0: clean, 1: built with errors
    assert row["exit_code"] in (0, 1)
    assert row["wall_median"] is not None and 0 < row["wall_median"] < 120
    assert row["wall_runs"] and len(row["wall_runs"]) == 1
    # the first run (empty picture cache) is kept apart from the measured rebuilds
    assert row["cold_wall"] is not None and 0 < row["cold_wall"] < 120
    assert len(row["run_statuses"]) == len(row["wall_runs"])
    assert row["peak_rss"] and row["peak_rss"] > 1 << 20  # a Python process is > 1 MiB
    assert row["pages"] and row["pages"] >= 1
    fid = row["fidelity"]
    assert 0.0 < fid["prose_recall"] <= 1.0
    assert 0.0 < fid["prose_precision"] <= 1.0
    assert isinstance(fid["unresolved"], int)
    assert isinstance(row["warnings"], int)
    assert data["machine"]["nproc"] >= 1
    text = out.read_text(encoding="utf-8")
    assert f"## {DOC}" in text
    assert "| octavo |" in text


def test_compare_rejects_unknown_document(tmp_path):
    proc = subprocess.run(
        [sys.executable, os.path.join(BENCH, "compare.py"), "--doc", "no-such-book",
         "--results", str(tmp_path / "r.json"), "--out", ""],
        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 2
    assert "unknown document" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "r.json").exists()


def test_run_measured_counts_the_whole_process_tree(tmp_path):
    """Peak memory must include children: a shell whose child holds ~200 MiB."""
    compare = _compare_module()
    code = "b = bytearray(200 * 2**20); import time; time.sleep(0.6)"
    m = compare.run_measured(["sh", "-c", f'"{sys.executable}" -c "{code}"; exit 3'],
                             str(tmp_path), timeout=30, mem_limit=8 << 30)
    assert m.status == "exit 3" and m.exit_code == 3
    assert m.peak_rss > 180 * 2**20
    assert m.wall >= 0.6


def test_run_measured_enforces_the_time_limit(tmp_path):
    compare = _compare_module()
    m = compare.run_measured(["sh", "-c", "sleep 30 & sleep 30; wait"], str(tmp_path),
                             timeout=0.5, mem_limit=8 << 30)
    assert m.status == "timeout" and m.exit_code is None
    assert m.wall < 10
