"""hyperref: its commands are part of the kernel (latex/kernel/links.py, crossref.py);
this binding only acts on the options that change the text: ``backref`` and
``pagebackref`` load the backref package (the bibliography says where each entry is
cited).  Every other option is print-only."""

from __future__ import annotations

from octavo.latex.packages import backref


def install(L, options: list) -> None:
    if backref.enabled_by_hyperref(options):
        backref.install(L, [])
