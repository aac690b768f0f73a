"""Graphics a picture fragment includes: which files of the source tree its TeX run needs.

Contract: `graphics_dirs(text)` lists the folders of the ``\\graphicspath`` commands in a
text; `included_files(source, preamble_dirs, root, limit)` returns the relative paths
(POSIX, sorted) of the files the fragment names with ``\\includegraphics``, looked up as
graphicx does — the name itself, then each ``\\graphicspath`` folder of the fragment and of
the preamble in turn, each tried with the usual extensions when the name has none.  Every
TeX run of the fragment gets copies of them at the same relative path
(`octavo.fallback.runner.Typesetter`), and their bytes are part of the fragment's cache key
(`digest`).

Confinement (as for the preamble's support files): a name that is absolute, starts with
``~`` or has a ``..`` component, or holds a macro, is never looked up; a candidate counts
only when its real path is inside ``root``, it is a regular file and it is at most
``limit`` bytes.  Such a name is simply not copied: TeX then fails on it with its own
located error.  Nothing here raises for odd input.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

GRAPHIC_EXTS = (".pdf", ".png", ".jpg", ".jpeg", ".eps", ".svg")
MAX_NAMES = 64
"""\\includegraphics names looked at per fragment (a bound on file system work)."""

_INCLUDE = re.compile(r"\\includegraphics\s*\*?\s*(?:\[[^\]]*\]\s*){0,2}\{([^{}]*)\}")
_GPATH = re.compile(r"\\graphicspath\s*\{((?:\s*\{[^{}]*\})*)\s*\}")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


def _safe(rel: str) -> str | None:
    """``rel`` as a clean relative POSIX path, or None when it could leave the folder."""
    rel = rel.strip().strip('"')
    if not rel or "\\" in rel or "\0" in rel or rel.startswith(("/", "~", "|")):
        return None
    parts = PurePosixPath(rel).parts
    if not parts or ".." in parts or ":" in parts[0]:
        return None
    return PurePosixPath(*[p for p in parts if p != "."]).as_posix() if parts else None


def graphics_dirs(text: str) -> list[str]:
    """The folders ``\\graphicspath`` names in ``text`` (in order, as written)."""
    out: list[str] = []
    for m in _GPATH.finditer(_COMMENT.sub("", text)):
        for d in re.findall(r"\{([^{}]*)\}", m.group(1)):
            if d not in out:
                out.append(d)
    return out


def _candidates(name: str, dirs: list[str]) -> list[str]:
    names = [name] if PurePosixPath(name).suffix.lower() in GRAPHIC_EXTS else []
    names += [name + e for e in GRAPHIC_EXTS]
    out: list[str] = []
    for d in ["", *dirs]:
        for n in names:
            rel = _safe(d + n)  # graphicx concatenates the folder and the name as written
            if rel is not None and rel not in out:
                out.append(rel)
    return out


def included_files(source: str, preamble_dirs: list[str], root: str | Path,
                   limit: int) -> list[str]:
    """Relative paths of the files under ``root`` that ``source`` includes (see module)."""
    text = _COMMENT.sub("", source)
    if "\\includegraphics" not in text:
        return []
    dirs = [d for d in graphics_dirs(text) + list(preamble_dirs) if _safe(d or ".")]
    try:
        base = Path(root).resolve()
    except (OSError, RuntimeError):
        return []
    found: set[str] = set()
    for m in list(_INCLUDE.finditer(text))[:MAX_NAMES]:
        name = m.group(1).strip()
        if not name or _safe(name) is None:
            continue
        for rel in _candidates(name, dirs):
            if rel in found:
                continue
            try:
                real = (base / rel).resolve()
                if real.is_relative_to(base) and real.is_file() and real.stat().st_size <= limit:
                    found.add(rel)
            except (OSError, RuntimeError, ValueError):
                continue
    return sorted(found)


def digest(root: str | Path, rels: list[str]) -> str:
    """sha256 over the files' names and bytes ('' for none): part of a cache key, so a
    changed graphic is typeset again."""
    if not rels:
        return ""
    h = hashlib.sha256()
    for rel in rels:
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update((Path(root) / rel).read_bytes())
        except OSError:
            pass
        h.update(b"\0")
    return h.hexdigest()
