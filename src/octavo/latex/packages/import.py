"""import: \\import{dir}{file} and \\subimport{dir}{file} (starred forms, \\inputfrom,
\\subinputfrom, \\includefrom, \\subincludefrom) read ``dir/file``.  \\subimport's directory is
relative to the file being read, \\import's to the main file's directory (octavo's
\\input already looks beside the current file first, then in the source root); the
confinement policy of tex/files.py applies as for every \\input.
"""

from __future__ import annotations

import re
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
    placeholder (its two picture environments overlap on the page).  Overlays it imports
    itself (realanal's ``funcimags_full.pdf_t`` puts ``funcimags.pdf_t`` beside a parbox) are
    inlined, and the folders of their graphics named in a ``\\graphicspath``."""
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
        folders: list[Path] = [Path(path).parent]
        text = _inline(files, st.text.strip(), Path(path).parent, L.loc(t), folders, 0)
        src = graphics_dir(text, folders, Path(files.root)) + text
        L.builder.add_block(N.Placeholder(reason="picture", source=src, alt=picture_words(text),
                                          loc=L.loc(t)))
    return True


_NESTED = re.compile(r"\\(sub)?(?:import|inputfrom)\*?\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
MAX_NESTED = 4


def _inline(files, text: str, folder: Path, loc, folders: list[Path], depth: int) -> str:
    """``text`` with each overlay it imports replaced by that overlay's own text (through
    the file access policy; at most MAX_NESTED levels); the folders they sit in are added
    to ``folders``."""
    def one(m: re.Match) -> str:
        name = _join(m.group(2), m.group(3))
        if depth >= MAX_NESTED or not name.lower().endswith(OVERLAYS):
            return m.group(0)
        try:
            p = files.resolve(name, loc, exts=(), base_dir=folder)
            st = files.read_source(p, loc) if p is not None else None
        except Exception:
            return m.group(0)
        if st is None:
            return m.group(0)
        if Path(p).parent not in folders:
            folders.append(Path(p).parent)
        return _inline(files, st.text.strip(), Path(p).parent, loc, folders, depth + 1) + "%\n"
    return _NESTED.sub(one, text)


def graphics_dir(text: str, folders: list[Path], root: Path) -> str:
    """``\\graphicspath{{dir/}...}`` naming the overlays' folders (relative to the source
    root, where the picture snippet runs) when the text includes a graphic: each graphic
    is named relative to its overlay; '' when none is needed (all in the root itself)."""
    if "\\includegraphics" not in text:
        return ""
    dirs = []
    for folder in folders:
        try:
            rel = folder.resolve().relative_to(root.resolve()).as_posix()
        except (OSError, RuntimeError, ValueError):
            continue
        if rel in ("", ".") or any(c in rel for c in "{}%#\\") or rel in dirs:
            continue
        dirs.append(rel)
    return "\\graphicspath{%s}" % "".join("{%s/}" % d for d in dirs) if dirs else ""


def install(L, options) -> None:
    for name, inc in (("import", False), ("subimport", False), ("inputfrom", False),
                      ("subinputfrom", False), ("includefrom", True), ("subincludefrom", True)):
        L.command(name, "s m m", importer(inc))
