"""Builds the LaTeX layer of one conversion: the kernel modules, in order.

Order matters where one module's definitions use another's: internals first (the
\\makeatletter macros everything else is written in), then definitions, environments,
files and classes, counters, and the modules for the chapters of the LaTeX manual.
Packages are not activated here: \\usepackage loads them (latex/kernel/files.py).
"""

from __future__ import annotations

import importlib

from octavo.config import BuildConfig
from octavo.doc.builder import Builder
from octavo.errors import Reporter
from octavo.latex.layer import LatexLayer
from octavo.tex.engine import Engine

KERNEL_MODULES = (
    "internals",      # \@ifnextchar, \@namedef ... and etoolbox basics, as TeX source
    "definitions",    # \newcommand, \newenvironment, xparse
    "environments",   # \begin / \end
    "files",          # \documentclass, \usepackage, \input, \include, document env
    "counters",       # \newcounter ... \arabic, \the<counter>
    "sectioning",     # \chapter ... \subparagraph, front matter, \maketitle
    "text",           # fonts, accents, symbols, spaces, boxes
    "math",           # $...$, displays -> octavo.math
)
OPTIONAL_KERNEL_MODULES = (
    "lists", "floats", "tabular", "crossref", "footnotes", "index", "bibliography", "verbatim",
    "theorems", "links", "color", "graphics", "pictures", "lang", "blocks", "boxes", "expl3",
)


def activate(engine: Engine, builder: Builder, config: BuildConfig, reporter: Reporter) -> LatexLayer:
    L = LatexLayer(engine, builder, config, reporter)
    builder.engine = engine
    engine.sink = builder
    for name in KERNEL_MODULES:
        importlib.import_module(f"octavo.latex.kernel.{name}").install(L)
    for name in OPTIONAL_KERNEL_MODULES:
        try:
            mod = importlib.import_module(f"octavo.latex.kernel.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"octavo.latex.kernel.{name}":
                raise
            continue
        mod.install(L)
    builder.handlers["undefined"] = lambda t: undefined(L, t)
    return L


def undefined(L: LatexLayer, t) -> None:
    """An undefined command: one warning per name; what follows stays as text."""
    name = t.text if t.cat == 16 else t.text
    L.unknown_macros[name] = L.unknown_macros.get(name, 0) + 1
    eng = L.engine
    # a token typed in the file being read is reported where it stands; one that came out
    # of a macro body is reported where reading is now (the use, not the definition)
    cur = eng.file_stack[-1].src if eng.file_stack else None
    loc = t.loc if (cur is not None and t.src is cur) else eng.here()
    L.reporter.warning("W-UNDEFINED-MACRO", f"undefined control sequence \\{name}; its arguments are "
                       "kept as text", loc, once=("undef", name))
