"""Sum up fuzzing logs: executions, exec/s, coverage, artifacts per target.

    .venv/bin/python fuzz/summarize.py [fuzz/logs]

Reads every ``<target>*.log`` written by campaign.py (or by hand with libFuzzer's
-print_final_stats=1) and prints one Markdown table row per target: executions (sum of
``stat::number_of_executed_units`` over all segments), mean exec/s ("<1" below one),
segments, the highest ``cov``/``ft``/corpus figures libFuzzer printed, slowest unit,
peak RSS, and the crash/timeout/uncaught-exception reports seen.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
_COV = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", re.M)
_BAD = re.compile(r"(Uncaught Python exception|ERROR: libFuzzer: (timeout|out-of-memory)[^\n]*)")


def main() -> int:
    logs = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent / "logs")
    rows = defaultdict(lambda: {"exec": 0, "secs_weighted": 0, "segments": 0, "cov": 0, "ft": 0, "corp": 0,
                                "slowest": 0, "rss": 0, "bad": 0})
    for f in sorted(logs.glob("*.log")):
        target = f.stem.split("-")[0]
        text = f.read_text(errors="replace")
        r = rows[target]
        for seg in re.split(r"^=== segment ", text, flags=re.M):
            stats = {k: int(v) for k, v in _STAT.findall(seg)}
            if not stats:
                continue
            r["segments"] += 1
            n = stats.get("number_of_executed_units", 0)
            r["exec"] += n
            rate = stats.get("average_exec_per_sec", 0)
            r["secs_weighted"] += n / rate if rate else 0
            r["slowest"] = max(r["slowest"], stats.get("slowest_unit_time_sec", 0))
            r["rss"] = max(r["rss"], stats.get("peak_rss_mb", 0))
        for _, cov, ft, corp, _size in _COV.findall(text):
            r["cov"], r["ft"], r["corp"] = max(r["cov"], int(cov)), max(r["ft"], int(ft)), max(r["corp"], int(corp))
        r["bad"] += len(_BAD.findall(text))
    print("| target | executions | exec/s | segments | cov | ft | corpus | slowest unit (s) | peak RSS (MB) | crash/timeout reports |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t, r in sorted(rows.items()):
        rate = r["exec"] / r["secs_weighted"] if r["secs_weighted"] else 0
        shown = f"{rate:.0f}" if rate >= 1 else "<1"
        print(f"| {t} | {r['exec']:,} | {shown} | {r['segments']} | {r['cov']} | {r['ft']} | {r['corp']} "
              f"| {r['slowest']} | {r['rss']} | {r['bad']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
