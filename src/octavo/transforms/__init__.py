"""Pure passes over the document tree, run in the explicit order of `PIPELINE`.

Each pass is ``run(doc, ctx) -> None`` and mutates the tree in place.  The order matters
and the reason for each position is written beside it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from octavo.config import BuildConfig
from octavo.errors import UNKNOWN, LimitExceeded, Location, Reporter


@dataclass(slots=True)
class TransformContext:
    config: BuildConfig
    reporter: Reporter
    data: dict = field(default_factory=dict)
    """Results one pass leaves for a later one (e.g. 'pages' from split)."""
    background: list = field(default_factory=list)
    """Stop functions of work a pass left running for a later pass to join (the TeX runs
    `pictures_start` starts); called when the pipeline is interrupted or fails."""

    deadline: float = float("inf")
    """`time.monotonic()` by which the whole conversion must be done (the document's wall
    time budget, hostile.md G5: the expander checks it while reading, the passes and the
    site writer after)."""
    where: Location = UNKNOWN
    """The main file, for the located error when the deadline passes after reading."""

    def check_time(self, stage: str) -> None:
        """Raise `LimitExceeded` (E-LIMIT-TIME) when the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"conversion took longer than {self.config.limits.wall_seconds:g} s "
                f"(--timeout); stopped while {stage}", self.where, "E-LIMIT-TIME")

    def stop_background(self) -> None:
        while self.background:
            self.background.pop()()


Pass = Callable[[object, TransformContext], None]


# Order and reasons:
#   pictures_start (html) first: starts real TeX on the fragments in the background, so
#              the TeX processes run while the passes below (and split) do Python work
#   xrefs      first: numbers and labels are final once the builder is done
#   citations  formats the bibliography; cite ids exist before anything links to them
#   index      gathers IndexMarks into IndexBlocks (locators name enclosing sections)
#   toc        gives every section an id and fills Contents (needs final titles)
#   pictures   (html) joins that work: sets image/alt, reports failures in document order
#   split      (html) decides pages; must come last: it maps every id to its page
PIPELINE: dict[str, tuple[str, ...]] = {
    "html": ("pictures_start", "xrefs", "citations", "index", "toc", "pictures", "split"),
    "text": ("xrefs", "citations", "index", "toc"),
    "json": ("xrefs", "citations", "index", "toc"),
}


def run_pipeline(doc, ctx: TransformContext, output: str) -> None:
    import importlib
    try:
        for name in PIPELINE[output]:
            ctx.check_time(f"running the {name} pass")
            mod = importlib.import_module(f"octavo.transforms.{name}")
            mod.run(doc, ctx)
    except BaseException:  # interrupted (SIGINT, SIGTERM) or failed: no TeX child left
        ctx.stop_background()
        raise
