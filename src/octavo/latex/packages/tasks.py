"""tasks: ``\\begin{tasks}[options](columns) \\task ... \\end{tasks}`` is an enumerated list
labelled a), b), c) ...; columns are layout only.  \\task* (full width) and \\task[label]
are items; \\settasks is accepted silently."""

from __future__ import annotations


def install(L, options) -> None:
    L.tex(r"\NewDocumentEnvironment{tasks}{O{} D(){1}}"
          r"{\begin{enumerate}\renewcommand\theenumi{\alph{enumi}}\renewcommand\labelenumi{\theenumi)}}"
          r"{\end{enumerate}}"
          r"\NewDocumentCommand\task{s}{\item}")
    L.ignore("settasks", "m")
