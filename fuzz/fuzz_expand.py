"""Fuzz target 2: the TeX engine (expander + stomach) on arbitrary input (hostile.md §7.2).

    .venv/bin/python fuzz/fuzz_expand.py -dict=fuzz/latex.dict -max_len=4096 -timeout=5 fuzz/corpus/expand fuzz/seeds

The input is decoded as UTF-8 (invalid bytes replaced; the decoder has its own target)
and digested by a fresh `Engine` with the plain primitives and a text sink, under one of
two sets of budgets (environment variable ``OCTAVO_FUZZ_BUDGET``):

* ``campaign`` (default, for atheris runs): 2,000 expansion steps, 20,000 tokens, 2,000
  tokens per expansion, 0.3 s wall time.  The budget checks are the same code whatever
  the figures.  With the plan's figures an input that reaches a budget costs up to 2 s,
  the mean corpus input 30 ms uninstrumented, and the target ran at 3-12 executions a
  second (1 M executions: 1-4 days); with these the mean corpus input takes ~1 ms uninstrumented (5,000 steps: ~2 ms).
* ``plan`` (hostile.md §7.2 and P3): 10^5 steps, 10^6 tokens, 10^5 tokens per expansion,
  2 s wall.  `fuzz/replay.py expand --budget plan` runs every input a campaign kept (its
  corpus: one input per coverage feature found) under these, and the regression test
  replays fuzz/regressions/expand/ under them.

A crash is: any exception other than `OctavoError` escaping the engine; an
``E-INTERNAL`` diagnostic (the engine caught an internal bug; its traceback is
re-raised here); a diagnostic with a negative location; typeset text that does not
encode as UTF-8 (a lone surrogate from \\char"D800, G10); an input that took more than
`SLOW_SECONDS` (5 s) of CPU time.  CPU time, not wall time: the machine the campaigns
ran on was shared and loaded, so libFuzzer's wall-clock -timeout is set higher (20 s)
as a backstop for real hangs.  Inputs slower than 1 s (wall) are saved by libFuzzer
with -report_slow_units=1.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, assert_valid_location, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.config import Limits
    from octavo.errors import OctavoError, Reporter
    from octavo.tex.engine import Engine

SLOW_SECONDS = 5.0


BUDGETS = {
    "campaign": dict(expansions=2_000, tokens=20_000, expansion_size=2_000, wall_seconds=0.3,
                     conditionals=2_000),
    "plan": dict(expansions=100_000, tokens=1_000_000, expansion_size=100_000, wall_seconds=2.0,
                 conditionals=100_000),
}


def fuzz_limits() -> Limits:
    name = os.environ.get("OCTAVO_FUZZ_BUDGET", "campaign")
    return Limits(**BUDGETS.get(name, BUDGETS["campaign"]))


def check(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    rep = Reporter(max_messages=200)
    t0 = time.process_time()
    engine = Engine(fuzz_limits(), rep)
    try:
        engine.push_source(text, "fuzz.tex")
        engine.run()
    except OctavoError:
        pass
    elapsed = time.process_time() - t0
    for d in rep.diagnostics:
        if d.code == "E-INTERNAL":
            raise FuzzFailure(f"{d.format()}\n{getattr(engine, 'last_traceback', '')}")
        assert_valid_location(d.loc)
    if elapsed > SLOW_SECONDS:
        raise FuzzFailure(f"input took {elapsed:.1f} s of CPU (limit {SLOW_SECONDS} s)")
    try:
        engine.sink.result().encode("utf-8")
    except UnicodeEncodeError as e:
        raise FuzzFailure(f"typeset text is not valid Unicode (G10): {e}") from e


if __name__ == "__main__":
    main(check)
