"""Pass: start typesetting the picture fragments with real TeX, in the background.

Contract: `run(doc, ctx)` looks the document's picture fragments up in the cache and
starts the TeX runs for the others on a background thread (`octavo.fallback.job`); it
reports nothing and changes no node.  The pass `pictures`, later in the pipeline, joins
that work and gives every diagnostic in document order.  See `transforms.pictures`.
"""

from __future__ import annotations

from octavo.transforms.pictures import start


def run(doc, ctx) -> None:
    start(doc, ctx)
