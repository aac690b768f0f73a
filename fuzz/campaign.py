"""Run one fuzz target until it has executed N inputs, restarting libFuzzer after each
crash or timeout (atheris has no working -fork mode), and summarise the run.

    .venv/bin/python fuzz/campaign.py expand --runs 1000000 --hours 2 -- -max_len=4096 -timeout=5 \
        -rss_limit_mb=1024 -report_slow_units=1 -dict=fuzz/latex.dict

Corpus: fuzz/corpus/<target> (kept between segments and runs) plus the seed directory;
artifacts (crash-*, timeout-*, oom-*, slow-unit-*): fuzz/artifacts/<target>/; the log of
every segment is appended to fuzz/logs/<target>.log and one JSON summary line per
campaign to fuzz/logs/campaigns.jsonl (executions, seconds, exec/s, coverage, artifacts).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
SEEDS = {"svg_sanitize": "seeds_svg"}
_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
_COV = re.compile(r"cov: (\d+) ft: (\d+) corp: (\d+)/")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("target")
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--workers", type=int, default=1,
                    help="libFuzzer processes on the shared corpus, each running its share of --runs")
    a, flags = ap.parse_known_args()
    a.flags = [f for f in flags if f != "--"]
    script = FUZZ / f"fuzz_{a.target}.py"
    corpus = FUZZ / "corpus" / a.target
    artifacts = FUZZ / "artifacts" / a.target
    logs = FUZZ / "logs"
    for d in (corpus, artifacts, logs):
        d.mkdir(parents=True, exist_ok=True)
    dirs = [str(corpus)]
    seeds = FUZZ / SEEDS.get(a.target, "seeds")
    if not a.no_seeds and seeds.is_dir():
        dirs.append(str(seeds))
    start = time.time()
    deadline = start + a.hours * 3600
    before = set(p.name for p in artifacts.iterdir())
    share = [a.runs // a.workers + (1 if i < a.runs % a.workers else 0) for i in range(a.workers)]
    with ThreadPoolExecutor(a.workers) as pool:
        results = list(pool.map(
            lambda i: _worker(a, i, share[i], deadline, script, dirs, artifacts, logs, before),
            range(a.workers)))
    done = sum(r["done"] for r in results)
    segments = sum(r["segments"] for r in results)
    cov = max(r["cov"] for r in results)
    ft = max(r["ft"] for r in results)
    corp = max(r["corp"] for r in results)
    found = sorted(set(p.name for p in artifacts.iterdir()) - before)
    secs = time.time() - start
    summary = {"target": a.target, "flags": a.flags, "workers": a.workers, "executions": done, "seconds": round(secs),
               "exec_per_s": round(done / secs, 1) if secs else 0, "segments": segments, "cov": cov, "ft": ft,
               "corpus": corp, "artifacts": found, "finished": time.strftime("%Y-%m-%d %H:%M:%S")}
    with open(logs / "campaigns.jsonl", "a") as f:
        f.write(json.dumps(summary) + "\n")
    print(json.dumps(summary))
    return 0


def _worker(a, index, runs, deadline, script, dirs, artifacts, logs, before) -> dict:
    """One libFuzzer process after another (a new one after each crash) until ``runs``
    inputs have been executed or the deadline has passed; its log is
    fuzz/logs/<target>.log (worker 0) or <target>-w<index>.log."""
    name = a.target if index == 0 else f"{a.target}-w{index}"
    logfile = logs / f"{name}.log"
    done = segments = cov = ft = corp = 0
    seen: set[str] = set(before)
    while done < runs and time.time() < deadline:
        left = int(deadline - time.time())
        if left < 10:
            break
        cmd = [sys.executable, str(script), f"-runs={runs - done}", f"-max_total_time={left}",
               f"-artifact_prefix={artifacts}/", "-print_final_stats=1", *a.flags, *dirs]
        with open(logfile, "a") as log:
            log.write(f"\n=== segment {segments} {time.strftime('%H:%M:%S')}: {' '.join(cmd)}\n")
            log.flush()
            seg_start = log.tell()
            rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=FUZZ.parent)
        text = logfile.read_text(errors="replace")[seg_start:]
        stats = {k: int(v) for k, v in _STAT.findall(text)}
        done += stats.get("number_of_executed_units", 0)
        segments += 1
        covs = _COV.findall(text)
        if covs:
            cov, ft, corp = (max(cov, int(covs[-1][0])), max(ft, int(covs[-1][1])), int(covs[-1][2]))
        new = sorted(set(p.name for p in artifacts.iterdir()) - seen)
        seen.update(new)
        print(f"worker {index} segment {segments}: rc={rc} "
              f"executed={stats.get('number_of_executed_units', 0)} total={done} new artifacts={new}",
              flush=True)
        if rc == 0:
            break
    return {"done": done, "segments": segments, "cov": cov, "ft": ft, "corp": corp}


if __name__ == "__main__":
    raise SystemExit(main())
