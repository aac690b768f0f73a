"""Formulas per second of the math layer over all math of corpus documents.

Usage: .venv/bin/python bench/formulas.py [DOC ...] [--corpus DIR] [--repeat N]

For each document (default: the five math-heavy ones), every formula of its .tex files
is found with `octavo.math.scan` (regular expressions; author macros are NOT expanded,
so their commands count as unknown and render as <merror>), tokenized once, then
converted N times (``convert_inline`` / ``convert_display``) with the best time kept.
Prints a Markdown table: document, source size, formulas, tokens, best seconds,
formulas/s, tokens/s, and how many formulas have an <merror> (undefined author macros).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from octavo.errors import Reporter
from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.math.scan import find_formulas
from octavo.tex.tokenizer import tokenize_string

DOCS = ["yellowpaper", "hott", "realanal", "diffyqs", "sphere-eversion-blueprint"]


def load(doc_dir: Path):
    size = 0
    formulas = []
    for f in sorted(doc_dir.rglob("*.tex")):
        text = f.read_text(encoding="utf-8", errors="replace")
        size += len(text.encode("utf-8"))
        for found in find_formulas(text):
            formulas.append((found, tokenize_string(found.body.strip(), name=str(f))))
    return size, formulas


def run_once(formulas) -> tuple[float, int]:
    ctx = SimpleContext(reporter=Reporter(max_messages=0))
    merrors = 0
    start = time.perf_counter()
    for found, toks in formulas:
        if found.display:
            r = convert_display(found.env, toks, ctx)
        else:
            r = convert_inline(toks, ctx)
        if "<merror>" in r.mathml:
            merrors += 1
    return time.perf_counter() - start, merrors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="*", default=DOCS)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    print("| document | source | formulas | tokens | best s | formulas/s | tokens/s | with merror |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total_n = total_t = 0
    for doc in args.docs:
        d = corpus / doc
        if not d.is_dir():
            print(f"bench/formulas.py: no corpus document {d}", file=sys.stderr)
            return 2
        size, formulas = load(d)
        ntok = sum(len(t) for _, t in formulas)
        best = float("inf")
        merrors = 0
        for _ in range(max(1, args.repeat)):
            t, merrors = run_once(formulas)
            best = min(best, t)
        total_n += len(formulas)
        total_t += best
        print(f"| {doc} | {size / 1e6:.2f} MB | {len(formulas)} | {ntok} | {best:.2f} | "
              f"{len(formulas) / best:,.0f} | {ntok / best:,.0f} | {merrors} |")
    if total_t:
        print(f"| **all** | | {total_n} | | {total_t:.2f} | {total_n / total_t:,.0f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
