"""titlesec: the look of sectioning titles, which an edition takes from its own theme.

Every command of the package is read with its arguments and dropped, so that the
``\\part`` or ``\\chapter`` named in its first argument is never run: before this binding
``\\titleformat{\\part}[display]{...}`` opened a spurious unnumbered part and the HoTT
book's chapters were numbered from 2.  ``\\chaptertitlename`` (the word the package
prints before a chapter's number: \\chaptername, or \\appendixname in the appendix) is
defined for documents that use it in running text.
"""

from __future__ import annotations

from octavo.tex.argspec import parse_spec, read_args

_FORMAT = parse_spec("m o m m m m o")
_FORMAT_STAR = parse_spec("m m")
_SPACING = parse_spec("m m m m o")


def titleformat(L, t, star) -> None:
    """\\titleformat{cmd}[shape]{format}{label}{sep}{before}[after]; \\titleformat*{cmd}{format}."""
    read_args(L.engine, _FORMAT_STAR if star else _FORMAT, t)


def titlespacing(L, t, star) -> None:
    """\\titlespacing*{cmd}{left}{before}{after}[right]."""
    read_args(L.engine, _SPACING, t)


def install(L, options) -> None:
    L.command("titleformat", "s", titleformat)
    L.command("titlespacing", "s", titlespacing)
    for name, spec in (("titlelabel", "m"), ("titleclass", "m o m o"), ("assignpagestyle", "m m"),
                       ("titlerule", "s o"), ("titleline", "s o m"),
                       ("filleft", ""), ("filright", ""), ("filcenter", ""), ("fillast", ""),
                       ("filinner", ""), ("filouter", ""), ("wordsep", ""), ("newpagestyle", "m o m"),
                       ("renewpagestyle", "m o m"), ("widenhead", "s o m m"), ("sethead", "s o m m m"),
                       ("setfoot", "s o m m m"), ("headrule", ""), ("footrule", ""),
                       ("setheadrule", "m"), ("setfootrule", "m"), ("titleformatdefault", "")):
        L.ignore(name, spec)
    L.tex(r"\def\chaptertitlename{\chaptername}")
