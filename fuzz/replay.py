"""Replay saved inputs through a fuzz target's `check` (no atheris, no instrumentation)
and report failures and CPU time per input.

    .venv/bin/python fuzz/replay.py expand fuzz/corpus/expand --budget plan
    .venv/bin/python fuzz/replay.py tokenize fuzz/corpus/tokenize

Used after a campaign to run every input it kept (one per coverage feature found) under
the plan's budgets (hostile.md P3: 10^5 steps finish within 1 s), which the campaign
itself uses smaller figures for (fuzz/fuzz_expand.py).  Appends one JSON line to
fuzz/logs/replays.jsonl: inputs, failures, CPU seconds p50/p99/max, the slowest input.
Exit status 1 if any input failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

FUZZ = Path(__file__).resolve().parent


def load_target(name: str):
    path = FUZZ / f"fuzz_{name}.py"
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(FUZZ))
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--budget", default=None, help="OCTAVO_FUZZ_BUDGET for the expand target")
    a = ap.parse_args()
    if a.budget:
        os.environ["OCTAVO_FUZZ_BUDGET"] = a.budget
    mod = load_target(a.target)
    files = sorted(p for d in a.dirs for p in Path(d).iterdir() if p.is_file())
    times: list[float] = []
    failures: list[str] = []
    slowest = ("", 0.0)
    skipped = 0
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:  # a running campaign replaced it with a smaller input meanwhile
            skipped += 1
            continue
        t0 = time.process_time()
        try:
            mod.check(data)
        except Exception as e:  # noqa: BLE001 - a failure of the target is what we count
            failures.append(f"{f}: {type(e).__name__}: {str(e)[:200]}")
        dt = time.process_time() - t0
        times.append(dt)
        if dt > slowest[1]:
            slowest = (str(f), dt)
    times.sort()
    summary = {
        "target": a.target, "budget": a.budget or "default", "dirs": a.dirs,
        "inputs": len(times), "vanished": skipped, "failures": len(failures),
        "cpu_p50": round(statistics.median(times), 4) if times else 0,
        "cpu_p99": round(times[min(len(times) - 1, int(0.99 * len(times)))], 4) if times else 0,
        "cpu_max": round(slowest[1], 4), "slowest": slowest[0],
        "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    for line in failures:
        print(line)
    (FUZZ / "logs").mkdir(exist_ok=True)
    with open(FUZZ / "logs" / "replays.jsonl", "a") as log:
        log.write(json.dumps(summary) + "\n")
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
