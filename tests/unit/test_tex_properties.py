"""Properties of the tokenizer and the engine on arbitrary input (hypothesis).

P1 totality: any text tokenizes and digests without an exception other than octavo's own.
P2 positions: tokens come in source order and every position is a valid line:col.
P3 budget: with a small expansion budget, any TeX-ish program ends quickly.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from octavo.config import Limits
from octavo.errors import Reporter
from octavo.tex.engine import Engine
from octavo.tex.tokenizer import normalise_newlines, tokenize_string

FRAGMENTS = [
    "{", "}", "\\def\\a{", "\\def\\b#1{#1#1}", "#1", "\\expandafter", "\\csname a\\endcsname",
    "\\catcode`\\{=12 ", "\\catcode`\\a=13 ", "^^41", "^^", "%", "\n", "\n\n", "$", "&", "\\a",
    "\\b", "\\b{x}", "\\edef\\c{\\a}", "\\ifx\\a\\b", "\\else", "\\fi", "\\iftrue", "\\number",
    "\\advance\\count1 by 2 ", "\\the\\count1", "x", " ", "\\begingroup", "\\endgroup", "~",
    "\\let\\a\\b", "\\futurelet\\n", "\\uppercase{", "\\string", "\\meaning\\a", "\\relax",
]
texish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_tokenizer_total_and_ordered(text):
    for runs in (False, True):
        toks = tokenize_string(text, runs=runs)
        src = normalise_newlines(text)
        last = -1
        for t in toks:
            assert t.pos > last or t.pos == last == -1
            last = t.pos
            assert 0 <= t.pos <= len(src)
            loc = t.loc
            assert loc.line >= 1 and loc.col >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_runs_and_single_tokens_give_the_same_text(text):
    single = "".join(t.text for t in tokenize_string(text))
    runs = "".join(t.text for t in tokenize_string(text, runs=True))
    assert single == runs


def _digest(src: str, limits: Limits) -> Reporter:
    rep = Reporter()
    e = Engine(limits, rep)
    e.push_source(src, "p.tex")
    e.run()
    return rep


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texish)
def test_engine_total_and_bounded(src):
    limits = Limits(expansions=100_000, tokens=1_000_000, expansion_size=100_000,
                    conditionals=100_000, wall_seconds=5)
    t0 = time.monotonic()
    rep = _digest(src, limits)
    assert time.monotonic() - t0 < 30  # hang detector (budgets bound the work)
    assert not any(d.code == "E-INTERNAL" for d in rep.diagnostics), rep.diagnostics


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_engine_total_on_any_text(src):
    rep = _digest(src, Limits(expansions=100_000, tokens=1_000_000, wall_seconds=5))
    assert not any(d.code == "E-INTERNAL" for d in rep.diagnostics), rep.diagnostics
