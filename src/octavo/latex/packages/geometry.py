"""geometry: page size and margins, which a web edition does not have.  Its commands are
read with their arguments and dropped (``\\newgeometry{noheadfoot,top=0pt}`` in the HoTT
book's front matter printed its options as text before this binding)."""

from __future__ import annotations


def install(L, options) -> None:
    for name, spec in (("geometry", "m"), ("newgeometry", "m"), ("restoregeometry", ""),
                       ("savegeometry", "m"), ("loadgeometry", "m")):
        L.ignore(name, spec)
