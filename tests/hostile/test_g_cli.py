"""hostile.md §6 G: process and CLI contract (G6)."""

from __future__ import annotations

import signal

import pytest
from hostile_harness import assert_safe

MARK = "RESTMARKER"


def doc(*body: str) -> str:
    return "\n".join(["\\documentclass{article}", "\\begin{document}", *body, MARK, "\\end{document}", ""])


def test_g1_internal_error_is_one_located_line(hostile):
    r = hostile.run({"main.tex": doc("\\section{A}", "Text.")}, env={"OCTAVO_TEST_FAULT": "keyerror-in-html-writer"})
    assert_safe(r, hostile, expect_codes=(2,))
    assert "Traceback" not in r.stderr
    internal = [line for line in r.stderr.splitlines() if "internal error" in line.lower()]
    assert len(internal) == 1, r.explain()
    assert "KeyError" in internal[0] or "injected-by-test" in internal[0], internal
    assert "log" in r.stderr.lower(), "the diagnostic should say where the traceback was logged\n" + r.explain()


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_g2_interrupted_run(hostile, sig, code):
    old = hostile.run({"main.tex": doc("\\section{A}", "Old.")})
    assert old.returncode in (0, 1), old.explain()
    busy = doc("\\section{A}", "New.", "\\def\\a{\\a}\\a")
    r = hostile.run({"main.tex": busy}, args=["--max-expansions", "1000000000", "--timeout", "60"],
                    kill_after=1.5, kill_signal=sig, limit=20)
    assert "Traceback" not in r.stderr, r.explain()
    assert r.returncode == code, r.explain()
    assert not [rel for rel in r.files if ".octavo-tmp-" in rel]
    assert r.files == old.files, "previous output changed by an interrupted run"


@pytest.mark.parametrize(
    "args",
    [["--max-expansions", "0"], ["--max-expansions", "-5"], ["--max-tokens", "-1"],
     ["--max-expansions", "1" + "0" * 40], ["--timeout", "-1"], ["--timeout", "nan"], ["--frobnicate"],
     ["--split", "abc"], ["--split", "-3"], ["--split", "99999999999999999999"]],
    ids=["zero", "negative", "negative-tokens", "huge", "negative-timeout", "nan-timeout", "unknown-option",
         "split-word", "split-negative", "split-huge"],
)
def test_g3_bad_options(hostile, args):
    r = hostile.run({"main.tex": doc("x")}, args=args)
    assert_safe(r, hostile, expect_codes=(2,))
    assert r.files == {}, "nothing may be written on a usage error"
    assert r.stderr.strip(), "a usage error must say what is wrong"


@pytest.mark.parametrize("source,what", [(".", "is a directory"), ("/dev/zero", "is not a regular file"),
                                         ("missing.tex", "no such file")])
def test_g4_source_that_is_not_a_file(hostile, source, what):
    r = hostile.run({"main.tex": doc("x")}, main=source)
    assert_safe(r, hostile, expect_codes=(2,))
    assert r.files == {} and what in r.stderr, r.explain()
