"""Shared helpers of the atheris fuzz targets under fuzz/ (see fuzz/README.md).

Contract: every target module defines ``check(data: bytes) -> None``, which raises on a
bug (any exception other than `octavo.errors.OctavoError`, an ``E-INTERNAL`` diagnostic
or a broken invariant) and returns otherwise.  `main(check)` runs it under atheris with
coverage instrumentation of the ``octavo`` package; without atheris the same `check`
functions replay saved inputs (tests/unit/test_fuzz_regressions.py).

Nothing here imports octavo at module level, so a target can import octavo inside
`instrumented()` and get its bytecode instrumented for coverage.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

FUZZ_DIR = Path(__file__).resolve().parent
REPO = FUZZ_DIR.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))


class FuzzFailure(AssertionError):
    """A broken invariant or an internal error octavo caught and reported."""


def instrumented(active: bool):
    """Context manager: instrument octavo modules imported inside it (only when fuzzing)."""
    if not active:
        return contextlib.nullcontext()
    import atheris

    return atheris.instrument_imports(include=["octavo"])


def decode_source(data: bytes):
    """(text or None, reporter): `data` decoded exactly as octavo decodes a .tex file
    (FileAccess.read_source), without touching the file system."""
    from octavo.errors import Reporter
    from octavo.tex.files import FileAccess

    class MemoryFileAccess(FileAccess):
        __slots__ = ("data",)

        def _read_raw(self, path, loc):
            return self.data

    rep = Reporter()
    fa = MemoryFileAccess(_scratch_dir(), reporter=rep)
    fa.data = data
    st = fa.read_source(Path(fa.root) / "fuzz.tex")
    return (None if st is None else st.text), rep


_SCRATCH: list[Path] = []


def _scratch_dir() -> Path:
    """A per-process empty temp dir (created once; the fuzzer runs one process)."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="octavo-fuzz-")))
    return _SCRATCH[0]


def assert_no_internal(reporter, extra: str = "") -> None:
    for d in reporter.diagnostics:
        if d.code == "E-INTERNAL":
            raise FuzzFailure(f"E-INTERNAL diagnostic: {d.format()}\n{extra}")


def assert_valid_location(loc, text_lines: int | None = None) -> None:
    if loc.line < 0 or loc.col < 0:
        raise FuzzFailure(f"negative location {loc}")
    if text_lines is not None and loc.line > text_lines:
        raise FuzzFailure(f"location {loc} beyond last line {text_lines}")


def main(check, argv: list[str] | None = None) -> None:
    import atheris

    def one_input(data: bytes) -> None:
        check(data)

    atheris.Setup(list(argv if argv is not None else sys.argv), one_input)
    atheris.Fuzz()


def replay(check, paths) -> list[tuple[str, BaseException]]:
    """Run `check` on every file in `paths` (files or directories); the failures."""
    failures = []
    for p in paths:
        p = Path(p)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            try:
                check(f.read_bytes())
            except BaseException as e:  # noqa: BLE001 - we report every failure
                failures.append((str(f), e))
    return failures


