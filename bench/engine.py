"""Engine throughput: tokenizer and expander on prose and on macro-heavy input.

    .venv/bin/python bench/engine.py [--repeat N]

Prints a table (best of N runs, one core):
- prose, tokenizer only: MB/s of plain paragraphs read as runs;
- prose, tokenizer + expander + stomach + LaTeX kernel + document builder: MB/s;
- macro-heavy: thousands of \\newcommand uses, delimited-parameter macros and
  conditionals; expanded tokens per second (tokens pushed by expansion) and steps/s.
Goals (issue 2): >= 5 MB/s of prose through tokenizer+expander, >= 300,000 expanded
tokens/s on macro-heavy input.  This is a benchmark, not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from octavo.config import Limits  # noqa: E402
from octavo.errors import Reporter  # noqa: E402
from octavo.tex.engine import Engine  # noqa: E402
from octavo.tex.tokenizer import tokenize_string  # noqa: E402

WORDS = ("The memex would store a scholar's books, records and letters, and let its owner "
         "tie any two items together; a trail of such links could be replayed later. ")


def _clock() -> float:
    """CPU time of this process: on a machine shared with other jobs wall time says more
    about the neighbours than about octavo (use --wall for wall-clock time)."""
    return time.perf_counter() if WALL else time.process_time()


WALL = False


def prose(mb: float) -> str:
    para = "\n".join(WORDS[i:i + 72] for i in range(0, len(WORDS), 72))
    block = (para + "\n") * 8 + "\n"
    return block * int(mb * 1e6 / len(block) + 1)


MACROS = r"""
\newcommand{\R}{\mathbf{R}}
\newcommand{\norm}[1]{\|#1\|}
\newcommand{\pair}[2]{(#1,#2)}
\newcommand{\opt}[2][x]{#1:#2}
\def\swap#1#2{#2#1}
\def\upto#1.{[#1]}
\def\delim(#1,#2){#2-#1}
\newif\ifdraft
\newcount\n
"""
BODY = (r"\R \norm{v} \pair{a}{b} \opt{y} \opt[z]{w} \swap ab \upto text. \delim(1,2) "
        r"\ifdraft D\else F\fi \ifnum\n<5 small\else big\fi \advance\n by 1 "
        "\n")


def macro_heavy(n: int) -> str:
    return MACROS + BODY * n


def run_engine(src: str) -> tuple[float, Engine]:
    """The real front half: engine + LaTeX layer (kernel bindings) + document builder."""
    from octavo.config import BuildConfig
    from octavo.doc.builder import Builder
    from octavo.latex.registry import activate
    from octavo.site.ids import IdMaker
    rep = Reporter()
    e = Engine(Limits(expansions=10**9, tokens=10**10, wall_seconds=10**6), rep)
    activate(e, Builder(rep, IdMaker().make), BuildConfig(), rep)
    steps0, made0 = e.steps, e.tokens_made
    e.push_source(src, "bench.tex")
    t0 = _clock()
    e.run()
    dt = _clock() - t0
    e.steps -= steps0
    e.tokens_made -= made0
    return dt, e


def best(fn, repeat: int):
    times = []
    result = None
    for _ in range(repeat):
        dt, result = fn()
        times.append(dt)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--prose-mb", type=float, default=4.0)
    ap.add_argument("--macro-lines", type=int, default=20000)
    ap.add_argument("--wall", action="store_true", help="measure wall-clock instead of CPU time")
    a = ap.parse_args()
    global WALL
    WALL = a.wall

    text = prose(a.prose_mb)
    mb = len(text.encode()) / 1e6

    def tok_only():
        t0 = _clock()
        toks = tokenize_string(text, runs=True)
        return _clock() - t0, toks

    dt_tok, toks = best(tok_only, a.repeat)
    dt_prose, _ = best(lambda: run_engine(text), a.repeat)
    heavy = macro_heavy(a.macro_lines)
    dt_macro, e = best(lambda: run_engine(heavy), a.repeat)

    rows = [
        ("prose: tokenizer only", f"{mb:.1f} MB", f"{mb / dt_tok:.1f} MB/s", f"{len(toks) / dt_tok:,.0f} tokens/s"),
        ("prose: engine + LaTeX layer + builder", f"{mb:.1f} MB", f"{mb / dt_prose:.1f} MB/s", "goal >= 5 MB/s"),
        ("macro-heavy: expansion", f"{len(heavy) / 1e6:.2f} MB",
         f"{e.tokens_made / dt_macro:,.0f} expanded tokens/s",
         f"{e.steps / dt_macro:,.0f} expansions/s; goal >= 300,000 tokens/s"),
    ]
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"octavo engine benchmark (best of {a.repeat}, one core, {'wall' if WALL else 'CPU'} time)")
    for r in rows:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
