"""import: \\import{dir}{file} and \\subimport{dir}{file} (starred forms, \\inputfrom,
\\subinputfrom, \\includefrom, \\subincludefrom) read ``dir/file``.  \\subimport's directory is
relative to the file being read, \\import's to the main file's directory (octavo's
\\input already looks beside the current file first, then in the source root); the
confinement policy of tex/files.py applies as for every \\input.
"""

from __future__ import annotations

from pathlib import Path

from octavo.doc import nodes as N
from octavo.fallback.words import picture_words

OVERLAYS = (".pdf_t", ".pstex_t", ".eps_tex", ".pdf_tex", ".ps_tex")
"""Figure overlays exported by xfig/Inkscape: a picture of a graphic plus TeX labels."""


def _join(d: str, f: str) -> str:
    d = d.strip()
    f = f.strip()
    if d and not d.endswith("/"):
        d += "/"
    return d + f


def importer(include: bool):
    def handler(L, t, star, d, f):
        name = _join(L.string(d), L.string(f))
        if include:
            L.engine.sink.par(t)
        if name.lower().endswith(OVERLAYS) and overlay(L, t, name):
            return
        L.engine.input_file(name, t)
    return handler


def overlay(L, t, name: str) -> bool:
    """An xfig/Inkscape overlay file is one drawing: its whole text becomes one picture
    placeholder (its two picture environments overlap on the page)."""
    eng = L.engine
    files = eng.files
    if files is None:
        return False
    cur = eng.file_stack[-1].src.path if eng.file_stack else None
    try:
        path = files.resolve(name, L.loc(t), exts=(), base_dir=Path(cur).parent if cur else None)
        st = files.read_source(path, L.loc(t)) if path is not None else None
    except Exception:
        return False
    if st is None:
        return False
    if not L.builder.in_preamble:
        src = st.text.strip()
        L.builder.add_block(N.Placeholder(reason="picture", source=src, alt=picture_words(src),
                                          loc=L.loc(t)))
    return True


def install(L, options) -> None:
    for name, inc in (("import", False), ("subimport", False), ("inputfrom", False),
                      ("subinputfrom", False), ("includefrom", True), ("subincludefrom", True)):
        L.command(name, "s m m", importer(inc))
