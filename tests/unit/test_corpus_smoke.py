"""Smoke test over the real books of ../shared/corpus (issue 3): each converts with
``octavo build --no-tex -t text``, exits 0 or 1 (warnings allowed, no failure), prints no
Python traceback, and keeps its prose recall against the text of the PDF (measured with
the shared fidelity ruler) above the floor measured when this test was written, less a
small margin.  Two conversions run at a time (the machine has two cores).

Skipped when the corpus or the fidelity tool is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CORPUS = Path("/work/shared/corpus")
FIDELITY = Path("/work/shared/tools/fidelity.py")
OCTAVO = [sys.executable, "-m", "octavo"]

# name -> (main file, prose recall measured when written)
DOCUMENTS = {
    "hott": ("hott-online.tex", 0.994),
    "openlogic": ("open-logic-complete.tex", 0.971),
    "diffyqs": ("diffyqs.tex", 0.978),
    "realanal": ("realanal.tex", 0.985),
    "forallx-yyc": ("forallxyyc.tex", 0.983),
    "yellowpaper": ("Paper.tex", 0.995),
    "blake3": ("blake3.tex", 0.994),
    "pfr-blueprint": ("print.tex", 0.980),
    "sphere-eversion-blueprint": ("print.tex", 0.999),
}
MARGIN = 0.02


def _convert(name: str, main: str, out_dir: Path) -> tuple[str, subprocess.CompletedProcess, Path]:
    out = out_dir / f"{name}.txt"
    proc = subprocess.run(OCTAVO + ["build", str(CORPUS / name / main), "--no-tex", "-t", "text",
                                    "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    return name, proc, out


@pytest.mark.slow
def test_corpus_converts_faithfully(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    if not FIDELITY.is_file():
        pytest.skip(f"fidelity tool not present at {FIDELITY}")
    present = {n: v for n, v in DOCUMENTS.items() if (CORPUS / n / v[0]).is_file()}
    if not present:
        pytest.skip("no corpus document present")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda item: _convert(item[0], item[1][0], tmp_path), present.items()))
    failures = []
    for name, proc, out in results:
        if "Traceback" in proc.stderr or "internal error" in proc.stderr:
            failures.append(f"{name}: traceback or internal error:\n{proc.stderr[-2000:]}")
            continue
        if proc.returncode not in (0, 1):
            failures.append(f"{name}: exit status {proc.returncode}:\n{proc.stderr[-2000:]}")
            continue
        fid = subprocess.run([sys.executable, str(FIDELITY), "--json",
                              str(CORPUS / name / "reference.txt"), str(out)],
                             capture_output=True, text=True, timeout=120)
        recall = json.loads(fid.stdout)["prose_recall"]
        floor = present[name][1] - MARGIN
        if recall < floor:
            failures.append(f"{name}: prose recall {recall:.4f} below the floor {floor:.4f}")
    assert not failures, "\n".join(failures)
