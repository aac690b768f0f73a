"""Locations, diagnostics and the per-conversion reporter.

Contract: every problem octavo finds in its input becomes a `Diagnostic` with a
`Location` and is printed as ``file:line:col: severity: message [code]``.  Python
exceptions never reach the user: stages raise `OctavoError` subclasses, which carry a
diagnostic, and the CLI turns anything else into a located internal error.

One `Reporter` exists per conversion (no module-level mutable state), so several
conversions can run in one process (``octavo batch``, ``octavo serve``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

ERROR = "error"
WARNING = "warning"
NOTE = "note"


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a source file; lines and columns count from 1."""

    file: str
    """Path as the user should see it (relative to the working directory when possible)."""
    line: int = 0
    """1-based line; 0 when unknown."""
    col: int = 0
    """1-based column in characters; 0 when unknown."""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


UNKNOWN = Location("<unknown>")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One message for the user."""

    severity: str
    """``error``, ``warning`` or ``note``."""
    code: str
    """Stable identifier such as ``E-LIMIT-EXPANSION`` or ``W-UNDEFINED-MACRO``."""
    message: str
    """Human-readable, one line."""
    loc: Location = UNKNOWN
    """Where in the source the problem is."""

    def format(self) -> str:
        msg = " ".join(self.message.split())  # one line, always
        if len(msg) > MAX_MESSAGE_CHARS:  # a message quoting 40 kB of hostile source
            msg = msg[:MAX_MESSAGE_CHARS] + "..."
        return f"{self.loc}: {self.severity}: {msg} [{self.code}]"


MAX_MESSAGE_CHARS = 500
"""Longest message text printed (what it quotes of the input is cut, the code kept)."""


class OctavoError(Exception):
    """An error that carries a diagnostic; stages raise it instead of bare exceptions."""

    code = "E-OCTAVO"

    def __init__(self, message: str, loc: Location = UNKNOWN, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.loc = loc
        if code:
            self.code = code

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(ERROR, self.code, self.message, self.loc)


class LimitExceeded(OctavoError):
    """A resource budget (steps, tokens, depth, time, pages) ran out."""

    code = "E-LIMIT"


class UsageError(OctavoError):
    """Bad command line or configuration: exit 2, nothing written."""

    code = "E-USAGE"


class PathRefused(OctavoError):
    """A read or write outside what the confinement policy allows."""

    code = "E-PATH-OUTSIDE"


@dataclass(slots=True)
class Reporter:
    """Collects diagnostics of one conversion and prints them as they come.

    ``once`` keys let a caller warn once per name (an unknown macro is reported at its
    first use only).  ``max_messages`` bounds what a hostile input can make us print.
    `hold` keeps what is reported from then on off the stream until `release` prints it
    (in the order reported) or `discard` forgets it, counts and ``once`` keys included:
    the diagnostics of a reading that a second reading replaces (convert.py).
    """

    stream: TextIO | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    max_messages: int = 1000
    _once: set = field(default_factory=set)
    errors: int = 0
    warnings: int = 0
    suppressed: int = 0
    _holds: list = field(default_factory=list)

    def hold(self) -> None:
        """Keep what is reported from now on off the stream (holds nest)."""
        self._holds.append((len(self.diagnostics), self.errors, self.warnings, self.suppressed,
                            set(self._once)))

    def release(self) -> None:
        """End the innermost hold: print what it kept (unless an outer hold still holds)."""
        mark = self._holds.pop()[0]
        if not self._holds and self.stream is not None:
            for d in self.diagnostics[mark:]:
                print(d.format(), file=self.stream)

    def held(self) -> list[Diagnostic]:
        """What the innermost hold keeps (up to ``max_messages``)."""
        return self.diagnostics[self._holds[-1][0]:] if self._holds else []

    def discard(self) -> None:
        """End the innermost hold and forget what was reported during it, as if it never was."""
        mark, self.errors, self.warnings, self.suppressed, self._once = self._holds.pop()
        del self.diagnostics[mark:]

    def report(self, d: Diagnostic, once: object = None) -> None:
        if once is not None:
            if once in self._once:
                return
            self._once.add(once)
        if d.severity == ERROR:
            self.errors += 1
        elif d.severity == WARNING:
            self.warnings += 1
        if len(self.diagnostics) >= self.max_messages:
            self.suppressed += 1
            return
        self.diagnostics.append(d)
        if self.stream is not None and not self._holds:
            print(d.format(), file=self.stream)

    def error(self, code: str, message: str, loc: Location = UNKNOWN, once: object = None) -> None:
        self.report(Diagnostic(ERROR, code, message, loc), once)

    def warning(self, code: str, message: str, loc: Location = UNKNOWN, once: object = None) -> None:
        self.report(Diagnostic(WARNING, code, message, loc), once)

    def note(self, code: str, message: str, loc: Location = UNKNOWN) -> None:
        self.report(Diagnostic(NOTE, code, message, loc))

    def finish(self) -> None:
        if self.suppressed and self.stream is not None:
            print(f"octavo: note: {self.suppressed} more diagnostics not shown", file=self.stream)


def stderr_reporter() -> Reporter:
    return Reporter(stream=sys.stderr)
