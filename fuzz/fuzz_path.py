"""Fuzz target: confined file lookup `FileAccess.resolve` (hostile.md P7, G2).

    .venv/bin/python fuzz/fuzz_path.py -dict=fuzz/latex.dict -max_len=512 fuzz/corpus/path

A real tree is made once per process in a temp dir::

    proj/main.tex  proj/sub/a.tex  proj/sub/b.bib  proj/fifo (a FIFO)
    proj/out.tex -> ../outside/secret.tex      proj/root -> /      proj/in.tex -> sub/a.tex
    proj/up -> ..                              outside/secret.tex, outside/secret.bib

The first input byte picks the base directory (none, proj, proj/sub) and the extension
list (.tex / .bib / .png,.pdf / none); the rest, as UTF-8 with invalid bytes replaced, is
the name.  Invariants: `resolve` raises nothing but `OctavoError`; when it returns a
path, that path's real path is inside proj, is a regular file (never the FIFO), and
reading it with `read_source` gives no sentinel text; the lookup never blocks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.errors import OctavoError, Reporter
    from octavo.tex.files import FileAccess

SENTINEL = "OCTAVO_FUZZ_SENTINEL"
EXTS = [(".tex",), (".bib",), (".png", ".pdf"), ("",)]
_TREE: list[Path] = []


def tree() -> Path:
    """The temp dir holding proj/ and outside/ (made once per process)."""
    if _TREE:
        return _TREE[0]
    top = Path(os.path.realpath(tempfile.mkdtemp(prefix="octavo-fuzz-path-")))
    proj, outside = top / "proj", top / "outside"
    (proj / "sub").mkdir(parents=True)
    outside.mkdir()
    (proj / "main.tex").write_text("main")
    (proj / "sub" / "a.tex").write_text("a")
    (proj / "sub" / "b.bib").write_text("@misc{k,}")
    (outside / "secret.tex").write_text(SENTINEL)
    (outside / "secret.bib").write_text(SENTINEL)
    os.mkfifo(proj / "fifo")
    os.symlink("../outside/secret.tex", proj / "out.tex")
    os.symlink("/", proj / "root")
    os.symlink("sub/a.tex", proj / "in.tex")
    os.symlink("..", proj / "up")
    _TREE.append(top)
    return top


def check(data: bytes) -> None:
    top = tree()
    proj = top / "proj"
    sel = data[0] if data else 0
    base = [None, proj, proj / "sub"][sel % 3]
    exts = EXTS[(sel // 3) % len(EXTS)]
    name = data[1:].decode("utf-8", "replace")
    rep = Reporter()
    fa = FileAccess(proj, reporter=rep)
    try:
        found = fa.resolve(name, exts=exts, base_dir=base)
    except OctavoError:
        return
    if found is None:
        return
    real = Path(os.path.realpath(found))
    if real != proj and proj not in real.parents:
        raise FuzzFailure(f"{name!r} resolved outside the root: {real}")
    if not real.is_file() or real.name == "fifo":
        raise FuzzFailure(f"{name!r} resolved to a non-regular file: {real}")
    try:
        st = fa.read_source(found)
    except OctavoError:
        return
    if st is not None and SENTINEL in st.text:
        raise FuzzFailure(f"{name!r} read the sentinel")


if __name__ == "__main__":
    main(check)
