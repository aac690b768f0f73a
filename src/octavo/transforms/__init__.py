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
