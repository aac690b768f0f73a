"""amsrefs: its commands (bibdiv, bibsection, bibchapter, biblist, \\bib, \\cite{k}*{note})
live in the kernel (latex/kernel/bibliography.py), which reads this package's options
(alphabetic, shortalphabetic) from ``L.packages``; loading it needs nothing more."""


def install(L, options) -> None:
    pass
