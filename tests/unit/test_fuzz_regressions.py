"""Every input the fuzzers under fuzz/ found a bug with, replayed through the same
target's invariants (fuzz/<target>.py `check`): no exception other than OctavoError, no
E-INTERNAL diagnostic, the target's invariants hold, and each input finishes within
`TIME_LIMIT` seconds (libFuzzer's -timeout for these targets).

Inputs live in fuzz/regressions/<target>/ (one file each).  A bug that is known and not
yet fixed is listed in `KNOWN_OPEN` and expected to fail (strict: when it is fixed the
test says so, and the entry must go).  atheris is not needed: the targets' `check`
functions are plain Python.
"""

from __future__ import annotations

import importlib.util
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
REGRESSIONS = FUZZ / "regressions"
TIME_LIMIT = 5

# "target/file name" -> why it still fails (see docs/fuzzing.md)
KNOWN_OPEN: dict = {}


def _cases():
    if not REGRESSIONS.is_dir():
        return []
    out = []
    for d in sorted(p for p in REGRESSIONS.iterdir() if p.is_dir()):
        for f in sorted(p for p in d.iterdir() if p.is_file()):
            key = f"{d.name}/{f.name}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[key])] if key in KNOWN_OPEN else []
            out.append(pytest.param(d.name, f, id=key, marks=marks))
    return out


def _target(name: str):
    mod_name = f"fuzz_{name}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    sys.path.insert(0, str(FUZZ))
    spec = importlib.util.spec_from_file_location(mod_name, FUZZ / f"{mod_name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = mod
    spec.loader.exec_module(mod)
    return mod


class TookTooLong(BaseException):
    """BaseException: the engine turns an Exception raised inside it into E-INTERNAL."""


@contextmanager
def time_limit(seconds: int):
    def alarm(signum, frame):
        raise TookTooLong(f"input took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_known_open_entries_exist():
    for key in KNOWN_OPEN:
        assert (REGRESSIONS / key).is_file(), f"KNOWN_OPEN names a missing file: {key}"


@pytest.mark.parametrize("target,path", _cases())
def test_fuzz_regression(target, path, monkeypatch):
    # the budgets of hostile.md §7.2 (10^5 steps, 10^6 tokens), under which these were
    # found; campaigns run the expander target under smaller ones (fuzz/fuzz_expand.py)
    monkeypatch.setenv("OCTAVO_FUZZ_BUDGET", "plan")
    check = _target(target).check
    with time_limit(TIME_LIMIT):
        check(path.read_bytes())  # raises on an exception, E-INTERNAL or broken invariant
