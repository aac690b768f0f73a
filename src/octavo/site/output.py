"""The output directory: confined, atomic, manifest-tracked writes (guarantees G3, G4).

Contract:

* `OutputDir(path, source_root, reporter)` refuses (``UsageError``) an output directory
  that equals the source directory or contains it, that exists as something other than a
  directory, or that is itself a symbolic link.  It creates the directory and removes
  ``.octavo-tmp-*`` files a killed earlier run left behind.
* Every write names a *safe relative path*: ``/``-separated components from
  ``[A-Za-z0-9._+-]``, none empty, ``.`` or ``..``, none starting with ``.octavo-``; no
  NUL, backslash or leading ``/``.  Anything else raises `PathRefused`.
* A file is written to ``.octavo-tmp-<random>`` in its final directory and moved into place
  with ``os.replace``, so a reader (or a run killed at any moment) sees the old complete
  file or the new complete file, never a torn one.
* Nothing is written through a symbolic link: a link found where a directory or a file of
  the output should be is removed and replaced; its target is never touched.
* One build writes a name at most once (case-insensitively, so the site also works on
  macOS and Windows file systems); a second write raises `DuplicateOutput`.  `unique(rel)`
  gives a free name (``fig.png`` → ``fig-2.png``).
* `write_atomically(target, data)` is the same atomic write for a single file outside an
  `OutputDir` (``-t text`` output, picture cache entries).
* `finish(clean)` records the files written in ``.octavo-manifest.json``.  With
  ``clean=True`` the files the *previous* manifest lists and this build did not write are
  deleted — nothing else, ever: a user's own files in the directory survive.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
from pathlib import Path

from octavo.errors import OctavoError, PathRefused, Reporter, UsageError

MANIFEST = ".octavo-manifest.json"
TMP_PREFIX = ".octavo-tmp-"
MAX_REL_LENGTH = 1024
MAX_COMPONENT_LENGTH = 200
_COMPONENT = re.compile(r"^[A-Za-z0-9._+-]+$")


class DuplicateOutput(PathRefused):
    """A second write to the same output file in one build."""

    code = "E-OUTPUT-DUPLICATE"


class OutputWriteError(OctavoError):
    """The file system refused a write (disk full, file too large, permissions)."""

    code = "E-WRITE"


def check_rel(rel: str) -> tuple[str, ...]:
    """The components of a safe relative output path; raise `PathRefused` otherwise."""
    if not isinstance(rel, str) or not rel:
        raise PathRefused("empty output path", code="E-PATH-NAME")
    shown = rel if len(rel) <= 80 else rel[:80] + "…"
    shown = shown.encode("unicode_escape").decode("ascii")
    if len(rel) > MAX_REL_LENGTH:
        raise PathRefused(f"output path too long: {shown}", code="E-PATH-NAME")
    if "\0" in rel or "\\" in rel:
        raise PathRefused(f"output path contains a NUL or backslash: {shown}", code="E-PATH-NAME")
    if rel.startswith("/"):
        raise PathRefused(f"output path is absolute: {shown}")
    parts = tuple(rel.split("/"))
    for part in parts:
        if part in ("", ".", ".."):
            raise PathRefused(f"output path leaves the output directory or has empty parts: {shown}")
        if not _COMPONENT.match(part) or len(part) > MAX_COMPONENT_LENGTH:
            raise PathRefused(f"output path has characters outside [A-Za-z0-9._+-]: {shown}", code="E-PATH-NAME")
        if part.startswith(".octavo-"):
            raise PathRefused(f"output path uses a name reserved for octavo: {shown}", code="E-PATH-NAME")
    return parts


def write_atomically(target: Path, data: bytes, prefix: str = TMP_PREFIX) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same directory
    (``prefix`` + random, mode 0600) moved into place with ``os.replace``: a reader, or a
    run killed at any moment, sees the old complete file or the new complete file.  The
    temporary file is removed on any failure; an ``OSError`` is the caller's to report."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _is_inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


class OutputDir:
    """One build's view of the output directory."""

    __slots__ = ("root", "source_root", "reporter", "_written", "_folded", "_previous")

    def __init__(self, path: Path, source_root: Path, reporter: Reporter):
        self.reporter = reporter
        given = Path(os.path.abspath(path))
        if given.is_symlink():
            raise UsageError(f"output directory {path} is a symbolic link; give the directory it points to")
        if given.exists() and not given.is_dir():
            raise UsageError(f"output path {path} exists and is not a directory")
        out_real = Path(os.path.realpath(given))
        src_real = Path(os.path.realpath(source_root))
        if out_real == src_real:
            raise UsageError(f"output directory {path} equals the source directory; choose another with -o")
        if _is_inside(src_real, out_real):
            raise UsageError(
                f"output directory {path} contains the source directory {source_root}; choose another with -o"
            )
        try:
            out_real.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(f"cannot create output directory {path}: {e.strerror or e}") from None
        self.root = out_real
        self.source_root = src_real
        self._written: list[str] = []
        self._folded: set[str] = set()
        self._remove_leftover_temps()
        self._previous = self._read_manifest()

    # ------------------------------------------------------------------ names

    @property
    def written(self) -> list[str]:
        """Relative paths written so far, in order."""
        return list(self._written)

    def is_taken(self, rel: str) -> bool:
        return rel.casefold() in self._folded

    def unique(self, rel: str) -> str:
        """`rel`, or `rel` with ``-2``, ``-3`` … before the extension, whichever is still free."""
        check_rel(rel)
        if not self.is_taken(rel):
            return rel
        head, sep, name = rel.rpartition("/")
        stem, dot, ext = name.partition(".")
        if not stem:  # a name like ".nojekyll"
            stem, dot, ext = name, "", ""
        n = 2
        while True:
            candidate = f"{head}{sep}{stem}-{n}{dot}{ext}"
            if not self.is_taken(candidate):
                return candidate
            n += 1

    # ----------------------------------------------------------------- writes

    def write_bytes(self, rel: str, data: bytes) -> Path:
        """Write `data` to OUT/`rel` atomically; returns the final path."""

        def fill(fd: int) -> None:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]

        return self._atomic(rel, fill)

    def write_text(self, rel: str, text: str) -> Path:
        """Write `text` as UTF-8 (lone surrogates become U+FFFD, so the file is valid UTF-8)."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            data = re.sub("[\ud800-\udfff]", "\ufffd", text).encode("utf-8")
        return self.write_bytes(rel, data)

    def copy_file(self, rel: str, src_path: Path) -> Path:
        """Copy the regular file `src_path` (already vetted by FileAccess) to OUT/`rel`."""
        try:
            src = open(src_path, "rb")
        except OSError as e:
            raise OutputWriteError(f"cannot read {src_path}: {e.strerror or e}") from None
        with src:
            if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
                raise PathRefused(f"not a regular file: {src_path}", code="E-PATH-NOT-FILE")

            def fill(fd: int) -> None:
                with os.fdopen(os.dup(fd), "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)

            return self._atomic(rel, fill)

    def _atomic(self, rel: str, fill) -> Path:
        parts = check_rel(rel)
        if self.is_taken(rel):
            raise DuplicateOutput(f"output file {rel} written twice in one build")
        directory = self._make_dirs(parts[:-1], rel)
        target = directory / parts[-1]
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            st = None
        except OSError as e:
            raise OutputWriteError(f"cannot write {rel}: {e.strerror or e}") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise PathRefused(f"cannot write {rel}: a directory is in the way", code="E-WRITE")
        tmp = directory / f"{TMP_PREFIX}{secrets.token_hex(8)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(tmp, flags, 0o644)
        except OSError as e:
            raise OutputWriteError(f"cannot write {rel}: {e.strerror or e}") from None
        try:
            try:
                fill(fd)
            finally:
                os.close(fd)
            # os.replace renames over the directory entry: a symlink there is replaced,
            # its target is never opened.
            os.replace(tmp, target)
        except BaseException as e:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(e, OSError):
                why = "file too large" if e.errno == errno.EFBIG else (e.strerror or str(e))
                raise OutputWriteError(f"cannot write {rel}: {why}") from None
            raise
        self._written.append(rel)
        self._folded.add(rel.casefold())
        return target

    def _make_dirs(self, parts: tuple[str, ...], rel: str) -> Path:
        """Create OUT/parts… as real directories, replacing symlinks found on the way."""
        current = self.root
        for part in parts:
            current = current / part
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                st = None
            except OSError as e:
                raise OutputWriteError(f"cannot write {rel}: {e.strerror or e}") from None
            try:
                if st is not None and stat.S_ISLNK(st.st_mode):
                    os.unlink(current)  # the link itself; never follow it
                    st = None
                if st is None:
                    os.mkdir(current)
                elif not stat.S_ISDIR(st.st_mode):
                    raise PathRefused(f"cannot write {rel}: {part} exists and is not a directory", code="E-WRITE")
            except OSError as e:
                raise OutputWriteError(f"cannot write {rel}: {e.strerror or e}") from None
        return current

    # --------------------------------------------------------------- manifest

    def _remove_leftover_temps(self) -> None:
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            for name in filenames:
                if name.startswith(TMP_PREFIX):
                    try:
                        os.unlink(os.path.join(dirpath, name))
                    except OSError:
                        pass

    def _read_manifest(self) -> list[str]:
        path = self.root / MANIFEST
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return []
            raw = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            self.reporter.warning("W-MANIFEST", f"ignoring unreadable {MANIFEST} in {self.root}")
            return []
        files = raw.get("files") if isinstance(raw, dict) else None
        if not isinstance(files, list):
            return []
        good = []
        for rel in files:
            try:
                check_rel(rel)
            except PathRefused:
                continue
            good.append(rel)
        return good

    def finish(self, clean: bool = False) -> list[str]:
        """Write the manifest; when `clean`, delete stale files of the previous build.

        Returns the relative paths deleted.
        """
        written = set(self._written)
        stale = [rel for rel in self._previous if rel not in written]
        deleted: list[str] = []
        if clean:
            for rel in stale:
                if self._delete_own(rel):
                    deleted.append(rel)
            keep = sorted(written)
        else:
            keep = sorted(written | {rel for rel in stale if self._exists_inside(rel)})
        data = json.dumps({"version": 1, "files": keep}, indent=1, ensure_ascii=True) + "\n"
        tmp = self.root / f"{TMP_PREFIX}{secrets.token_hex(8)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(tmp, flags, 0o644)
            try:
                os.write(fd, data.encode("ascii"))
            finally:
                os.close(fd)
            os.replace(tmp, self.root / MANIFEST)
        except OSError as e:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise OutputWriteError(f"cannot write {MANIFEST}: {e.strerror or e}") from None
        return deleted

    def _real_parent(self, rel: str) -> Path | None:
        """OUT/rel's directory if every component of it is a real directory, else None."""
        current = self.root
        for part in rel.split("/")[:-1]:
            current = current / part
            try:
                if not stat.S_ISDIR(os.lstat(current).st_mode):
                    return None
            except OSError:
                return None
        return current

    def _exists_inside(self, rel: str) -> bool:
        parent = self._real_parent(rel)
        return parent is not None and os.path.lexists(parent / rel.rsplit("/", 1)[-1])

    def _delete_own(self, rel: str) -> bool:
        parent = self._real_parent(rel)
        if parent is None:  # a directory on the way became a link or a file: not ours
            return False
        target = parent / rel.rsplit("/", 1)[-1]
        try:
            st = os.lstat(target)
            if stat.S_ISDIR(st.st_mode):
                return False
            os.unlink(target)
        except OSError:
            return False
        # Remove directories this leaves empty (rmdir refuses non-empty ones).
        current = parent
        while current != self.root:
            try:
                os.rmdir(current)
            except OSError:
                break
            current = current.parent
        return True
