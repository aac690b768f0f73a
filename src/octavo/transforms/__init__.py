"""Pure passes over the document tree, run in the explicit order of `PIPELINE`.

Each pass is ``run(doc, ctx) -> None`` and mutates the tree in place.  The order matters
and the reason for each position is written beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from octavo.config import BuildConfig
from octavo.errors import Reporter


@dataclass(slots=True)
class TransformContext:
    config: BuildConfig
    reporter: Reporter
    data: dict = field(default_factory=dict)
    """Results one pass leaves for a later one (e.g. 'pages' from split)."""


Pass = Callable[[object, TransformContext], None]


# Order and reasons:
#   xrefs      first: numbers and labels are final once the builder is done
#   citations  formats the bibliography; cite ids exist before anything links to them
#   index      gathers IndexMarks into IndexBlocks (locators name enclosing sections)
#   toc        gives every section an id and fills Contents (needs final titles)
#   pictures   (html) typesets fallback fragments with real TeX
#   split      (html) decides pages; must come last: it maps every id to its page
PIPELINE: dict[str, tuple[str, ...]] = {
    "html": ("xrefs", "citations", "index", "toc", "pictures", "split"),
    "text": ("xrefs", "citations", "index", "toc"),
    "json": ("xrefs", "citations", "index", "toc"),
}


def run_pipeline(doc, ctx: TransformContext, output: str) -> None:
    import importlib
    for name in PIPELINE[output]:
        mod = importlib.import_module(f"octavo.transforms.{name}")
        mod.run(doc, ctx)
