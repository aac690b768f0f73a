"""Source archives: ``octavo build paper.tar.gz`` (preprint services keep sources as
tarballs, zip files or a single gzipped .tex, as arXiv does).

An archive is untrusted input like any source (docs/security.md G9).  `unpack` extracts
it into a fresh directory (a temporary one that the CLI removes after the build, never
the source's directory or anything else) under these rules:

* only regular files and directories are extracted; a member with an absolute name, a
  ``..`` component, a NUL or a backslash in its name, a symbolic or hard link, a device
  node or a FIFO is skipped with a located warning ``W-ARCHIVE-MEMBER`` (the archive's
  name, no line);
* at most `MAX_MEMBERS` members are looked at, a member larger than the per-file limit
  (``Limits.file_size``) is skipped, and extraction stops once `MAX_TOTAL` bytes were
  written: sizes are counted as the bytes are decompressed, not taken from headers, so a
  member that lies about its size or a compression bomb cannot get past them;
* the main file is the ``.tex`` file that has ``\\documentclass`` (outside a comment):
  the only one, else the shallowest, preferring ``main.tex``/``ms.tex``/``paper.tex``,
  then the largest.  None found is `ArchiveError`.

Formats are recognised by their first bytes, not by the file name: gzip, bzip2 and xz
tarballs, plain tar, zip, and a gzipped single file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import re
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from octavo.errors import Location, OctavoError, Reporter

MAX_MEMBERS = 10_000
MAX_TOTAL = 512 * 1024 * 1024
_CHUNK = 1 << 16
_PREFERRED = ("main.tex", "ms.tex", "paper.tex", "article.tex", "thesis.tex", "book.tex")
_DOCCLASS = re.compile(rb"^[^%\n]*\\documentclass", re.M)


class ArchiveError(OctavoError):
    """The archive cannot be used: unreadable, or no main .tex file in it."""

    code = "E-ARCHIVE"


def archive_kind(path: Path) -> str | None:
    """'tar', 'zip' or 'gzip' (a compressed single file or tarball) from the first bytes;
    None for anything else (a .tex file)."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return "compressed"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


def unpack(path: Path, dest: Path, reporter: Reporter, file_size: int) -> Path:
    """Extract the archive ``path`` into the empty directory ``dest``; the main .tex file."""
    kind = archive_kind(path)
    shown = path.name
    box = _Box(dest, reporter, shown, file_size)
    try:
        if kind == "zip":
            _unzip(path, box)
        else:
            data = _decompressed_stream(path) if kind == "compressed" else open(path, "rb")
            with data:
                head = data.peek(512)[:512] if hasattr(data, "peek") else b""
                if len(head) >= 262 and head[257:262] == b"ustar" or kind == "tar":
                    _untar(data, box)
                else:
                    # a compressed single file (arXiv's one-file submissions): main.tex
                    box.write(PurePosixPath("main.tex"), data)
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError, lzma.LZMAError, ValueError) as e:
        if not box.written:
            raise ArchiveError(f"{shown}: not a readable archive ({e})", Location(shown)) from None
        reporter.error("E-ARCHIVE", f"archive damaged after {len(box.written)} files ({e}); "
                       "the rest is skipped", Location(shown))
    return _main_file(box, shown)


def _decompressed_stream(path: Path):
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return io.BufferedReader(gzip.open(path, "rb"))
    if magic.startswith(b"BZh"):
        return io.BufferedReader(bz2.open(path, "rb"))
    return io.BufferedReader(lzma.open(path, "rb"))


class _Box:
    """Where members go: names checked, bytes counted as they are written."""

    def __init__(self, dest: Path, reporter: Reporter, shown: str, file_size: int):
        self.dest = Path(os.path.realpath(dest))
        self.reporter = reporter
        self.shown = shown
        self.file_size = file_size
        self.total = 0
        self.consumed = 0
        """Bytes the archive's headers say were decompressed, skipped members included."""
        self.written: list[PurePosixPath] = []
        self.skipped = 0
        self.full = False

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        if self.skipped <= 20:
            self.reporter.warning("W-ARCHIVE-MEMBER", f"member {name[:200]!r} skipped: {why}",
                                  Location(self.shown))

    def done(self, n: int) -> bool:
        """Whether extraction stops before member number ``n`` (count or size cap)."""
        if n >= MAX_MEMBERS:
            self.reporter.error("E-ARCHIVE", f"more than {MAX_MEMBERS} members; the rest is skipped",
                                Location(self.shown))
            return True
        return self.full

    def safe_name(self, name: str) -> PurePosixPath | None:
        if "\x00" in name or "\\" in name:
            self.skip(name, "its name has a NUL or a backslash")
            return None
        p = PurePosixPath(name)
        if p.is_absolute():
            self.skip(name, "absolute name")
            return None
        if any(part == ".." for part in p.parts):
            self.skip(name, "name with '..'")
            return None
        parts = [x for x in p.parts if x not in ("", ".")]
        if not parts:
            return None
        return PurePosixPath(*parts)

    def write(self, rel: PurePosixPath, stream) -> None:
        if self.full:
            return
        target = self.dest.joinpath(*rel.parts)
        parent = target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            inside = Path(os.path.realpath(parent)) == parent
            out = open(target, "xb") if inside else None
        except OSError:  # a member named like a file already there ('a', then 'a/b')
            out = None
        if out is None:
            self.skip(str(rel), "it would replace another member or leave the directory")
            return
        size = 0
        with out:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                self.total += len(chunk)
                if size > self.file_size or self.total > MAX_TOTAL:
                    break
                out.write(chunk)
        if size > self.file_size:
            target.unlink()
            self.skip(str(rel), f"larger than the {self.file_size}-byte limit per file")
            return
        if self.total > MAX_TOTAL:
            target.unlink()
            self.full = True
            self.reporter.error("E-ARCHIVE", f"more than {MAX_TOTAL} bytes unpacked; the rest of "
                                "the archive is skipped", Location(self.shown))
            return
        self.written.append(rel)


def _untar(stream, box: _Box) -> None:
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for n, member in enumerate(tar):
            if box.done(n):
                return
            rel = box.safe_name(member.name)
            if rel is None:
                continue
            if member.isdir():
                continue  # directories are made for the files in them
            box.consumed += max(member.size, 0)
            if box.consumed > 2 * MAX_TOTAL:
                box.reporter.error("E-ARCHIVE", f"members of more than {2 * MAX_TOTAL} bytes; the "
                                   "rest is skipped", Location(box.shown))
                return
            if not member.isreg():
                kind = ("a symbolic link" if member.issym() else "a hard link" if member.islnk()
                        else "a device node" if member.isdev() else "not a regular file")
                box.skip(member.name, kind)
                continue
            if member.size > box.file_size:
                box.skip(member.name, f"larger than the {box.file_size}-byte limit per file")
                continue
            f = tar.extractfile(member)
            if f is not None:
                box.write(rel, f)


def _unzip(path: Path, box: _Box) -> None:
    with zipfile.ZipFile(path) as z:
        for n, info in enumerate(z.infolist()):
            if box.done(n):
                return
            rel = box.safe_name(info.filename)
            if rel is None or info.is_dir():
                continue
            mode = (info.external_attr >> 16) & 0o170000
            if mode and mode != 0o100000:
                box.skip(info.filename, "a link or special file")
                continue
            with z.open(info) as f:
                box.write(rel, f)


def _main_file(box: _Box, shown: str) -> Path:
    candidates = []
    for rel in box.written:
        if rel.suffix.lower() != ".tex":
            continue
        path = box.dest.joinpath(*rel.parts)
        with open(path, "rb") as f:
            head = f.read(1 << 20)
        if _DOCCLASS.search(head):
            candidates.append((len(rel.parts), rel.name.lower() not in _PREFERRED,
                               -path.stat().st_size, str(rel), path))
    if not candidates:
        raise ArchiveError(f"{shown}: no .tex file with \\documentclass in the archive "
                           f"({len(box.written)} files unpacked)", Location(shown))
    candidates.sort()
    chosen = candidates[0]
    if len(candidates) > 1:
        box.reporter.note("N-ARCHIVE-MAIN", f"main file {chosen[3]} (of {len(candidates)} with "
                          "\\documentclass)", Location(shown))
    return chosen[4]
