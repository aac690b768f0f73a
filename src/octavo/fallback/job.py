"""The TeX side of the pictures pass, on a background thread.

Contract: `PictureJob(typesetter, cache, repair_key, record, missing)` typesets the
fragments ``missing`` (cache key -> source, in document order) when `start` is called:
on one thread it (1) repairs the snippet preamble unless ``record`` (the cached repair)
is given, (2) typesets the fragments in the batches `Typesetter.typeset` makes of that
list, (3) sanitizes every SVG and stores it, and every failure that is not transient, in
the cache.  The TeX runs are separate processes and the thread mostly waits for them
with the GIL released, so the Python work of the build goes on meanwhile.

The thread only computes: it reports nothing and touches no document node.  `result()`
waits for it and returns a `JobResult`; the pass then gives every diagnostic on the
calling thread, in document order, so the output does not depend on thread timing.  An
exception the thread met is raised again by `result()`.  `stop()` kills the TeX
processes still running and starts no new one (`octavo.fallback.sandbox.Stop`); it is
called when the build is interrupted, and `result()` calls it itself when the wait is.
Nothing is cached after a stop.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from octavo.fallback.cache import Cache
from octavo.fallback.runner import Outcome, Typesetter
from octavo.fallback.sandbox import Stop
from octavo.site.svg_sanitize import sanitize_svg


@dataclass(slots=True)
class JobResult:
    """What became of the fragments a job typeset."""

    svgs: dict = field(default_factory=dict)
    """Key -> sanitized SVG (as dvisvgm made it; `svgpost.finish` comes later)."""
    errors: dict = field(default_factory=dict)
    """Key -> (TeX's message, line inside the fragment)."""
    record: dict | None = None
    """The preamble repair: ``{"skip": [...], "dropped": [[index, message], ...]}``."""
    tex_runs: int = 0
    typeset: int = 0


class PictureJob:
    """One document's uncached fragments, typeset on a background thread."""

    def __init__(self, typesetter: Typesetter, cache: Cache, repair_key: str,
                 record: dict | None, missing: dict[str, str]):
        self.typesetter = typesetter
        self.cache = cache
        self.repair_key = repair_key
        self.record = record
        self.missing = dict(missing)
        self._stop = typesetter.stop if typesetter.stop is not None else Stop()
        typesetter.stop = self._stop
        self._thread: threading.Thread | None = None
        self._result: JobResult | None = None
        self._error: BaseException | None = None

    # -- the thread ----------------------------------------------------------------

    def start(self) -> PictureJob:
        if self._thread is not None or self._result is not None:
            return self
        if not self.missing:  # a warm build: nothing to wait for, no thread
            self._result = JobResult(record=self.record)
            return self
        self._thread = threading.Thread(target=self._main, name="octavo-pictures", daemon=True)
        self._thread.start()
        return self

    def _main(self) -> None:
        try:
            self._result = self._work()
        except BaseException as e:  # handed to the thread that joins
            self._error = e

    def _work(self) -> JobResult:
        ts, cache = self.typesetter, self.cache
        res = JobResult(record=self.record)
        if res.record is None:
            dropped = ts.repair_preamble()
            res.record = {"skip": sorted(ts.skip), "dropped": [[k, m] for k, m in dropped]}
            if not any(k < 0 for k, _ in dropped) and not self._stop.stopped:
                cache.put_json(self.repair_key, res.record)
        else:
            ts.skip = frozenset(int(k) for k in res.record.get("skip", []))
        order = list(self.missing)
        fatal = [m for k, m in res.record.get("dropped", []) if not isinstance(k, int) or k < 0]
        if fatal:  # the preamble itself fails: no fragment can work, do not try each one
            outcomes = [Outcome(error=f"the snippet preamble fails: {fatal[0]}", transient=True)
                        for _ in order]
        else:
            outcomes = ts.typeset([self.missing[k] for k in order])
        res.tex_runs = ts.runs
        keep = not self._stop.stopped
        for key, out in zip(order, outcomes):
            if out.svg is not None:
                # the cache may sit inside the published output directory: store only
                # sanitized SVG there (hostile C6), never dvisvgm's raw output
                safe = sanitize_svg(out.svg)
                if safe is None:
                    res.errors[key] = ("the SVG TeX made was rejected by the sanitizer", 0)
                    continue
                res.svgs[key] = safe
                if keep:
                    cache.put(key, safe, "svg")
                res.typeset += 1
            else:
                res.errors[key] = (out.error, out.line)
                if keep and not out.transient:
                    cache.put_json(key, {"error": out.error, "line": out.line}, "err")
        return res

    # -- the caller's side ---------------------------------------------------------

    @property
    def done(self) -> bool:
        if self._thread is None:
            return self._result is not None
        return not self._thread.is_alive()

    def result(self) -> JobResult:
        """Wait for the thread (starting it if needed) and return what it found."""
        self.start()
        if self._thread is not None:
            try:
                self._thread.join()
            except BaseException:  # interrupted while waiting: no TeX child may outlive us
                self.stop()
                raise
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def stop(self) -> None:
        """Kill the TeX runs still going and start no new one (returns at once)."""
        self._stop.stop()
