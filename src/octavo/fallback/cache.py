"""Content-addressed store for TeX results (snippet SVGs, converted graphics, notes).

Contract: a key is the sha256 of everything that determines the result (`make_key`):
the snippet preamble, the fragment, the TeX tools' fingerprint and `RECIPE` (bumped when
octavo changes how it composes snippets).  Entries live in ``<dir>/<k[:2]>/<k>.<kind>``;
writes are atomic (`octavo.site.output.write_atomically`: a temporary file in the same
directory, then ``os.replace``), so a killed build never leaves a torn entry, and
concurrent builds may share a directory.
Looking up an entry never starts a process: a warm rebuild runs no TeX at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from octavo.site.output import write_atomically

RECIPE = "octavo-snippet-3"
"""Version of the snippet recipe (document layout, driver, dvisvgm options)."""


def make_key(*parts: str) -> str:
    """sha256 of the parts, each length-prefixed (so part boundaries cannot collide)."""
    h = hashlib.sha256()
    for p in (RECIPE, *parts):
        b = p.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()


def tools_fingerprint(programs: list[str]) -> str:
    """Identify the installed TeX tools without running them: real path, size and
    modification time of each program and of the LaTeX format file, when found."""
    parts = []
    for name in programs:
        exe = shutil.which(name)
        paths = [exe] if exe else []
        if name in ("latex", "pdflatex"):
            engine = "pdftex"
            paths += [f"/var/lib/texmf/web2c/{engine}/{name}.fmt",
                      f"/usr/share/texlive/texmf-dist/web2c/{engine}/{name}.fmt"]
        for p in paths:
            try:
                real = os.path.realpath(p)
                st = os.stat(real)
            except OSError:
                continue
            parts.append(f"{real}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


@dataclass(slots=True)
class Cache:
    """One cache directory; `None`-safe helpers so callers need no try/except."""

    directory: Path
    writable: bool = True

    def _path(self, key: str, kind: str) -> Path:
        return self.directory / key[:2] / f"{key}.{kind}"

    def get(self, key: str, kind: str = "svg") -> bytes | None:
        try:
            return self._path(key, kind).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes, kind: str = "svg") -> bool:
        """Store atomically; False when the directory cannot be written."""
        if not self.writable:
            return False
        target = self._path(key, kind)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, data, prefix=".tmp-")
        except OSError:
            self.writable = False
            return False
        return True

    def get_json(self, key: str, kind: str = "json") -> dict | None:
        data = self.get(key, kind)
        if data is None:
            return None
        try:
            value = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        return value if isinstance(value, dict) else None

    def put_json(self, key: str, value: dict, kind: str = "json") -> bool:
        return self.put(key, json.dumps(value, sort_keys=True).encode("utf-8"), kind)


def open_cache(cache_dir: Path | None, source_root: str | os.PathLike) -> Cache:
    """The configured cache directory, else ``<source_root>/.octavo-cache``."""
    directory = Path(cache_dir) if cache_dir else Path(source_root) / ".octavo-cache"
    return Cache(directory)
