"""Confined file lookup and reading for \\input, \\include, graphics and .bib (G2, G10).

Contract:

* `FileAccess.resolve(name, loc, exts, base_dir)` finds a file the way TeX does — the name
  with each extension of `exts` (unless it already ends with one), then the name as
  given; in `base_dir` (the including file's directory), then the project root, then each
  TEXINPUTS directory — and returns its real path, or None when there is none.  Every
  candidate's real path (``..`` and symlinks resolved) must lie inside the project root,
  an ``--allow-read`` directory or a TEXINPUTS directory, whether or not it exists (no
  existence oracle outside), else `PathRefused` (``E-PATH-OUTSIDE``) is raised.  A
  candidate that exists must be a regular file: a FIFO, device or socket raises
  `PathRefused` (``E-PATH-NOT-FILE``) and is never opened; a directory is skipped.  Names
  with NUL, CR or LF or longer than 1024 characters raise `PathRefused` (``E-PATH-NAME``).
  ``|command`` names (TeX's pipe input) are never run: a ``W-PIPE-INPUT`` warning and None.
* `read_source(path, loc)` returns a `SourceText` or None (after reporting an error): at
  most ``limits.file_size`` bytes; a UTF-8 BOM is stripped; UTF-16 with a BOM is decoded;
  valid UTF-8 is used as is; otherwise the encoding the file declares with
  ``\\usepackage[latin1]{inputenc}`` (latin1, latin9, cp1252, ansinew, applemac, …) is
  used silently; otherwise the bytes are decoded as Windows-1252 (its five undefined
  bytes as Latin-1) — or, in a file that is mostly UTF-8, only the invalid bytes are —
  with one ``W-ENCODING`` warning at the first invalid byte (file:line:col and offset).
  NUL bytes stay as U+0000 (the tokenizer deals with them).  Clearly binary files (image
  or archive signatures, too many control bytes) give ``E-NOT-TEXT`` and None.
* `read_bytes(path, loc)` reads images and .bib files with the same checks.
* `display_path(path)` is the path as diagnostics show it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from octavo.config import Limits
from octavo.errors import UNKNOWN, Location, PathRefused, Reporter

MAX_NAME_LENGTH = 1024

# Windows-1252 for 0x80-0x9F; its five undefined bytes (0x81 0x8D 0x8F 0x90 0x9D) keep
# their Latin-1 meaning.  Applied with str.translate after a Latin-1 decode.
_CP1252_HIGH = (
    "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f"
    "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178"
)
_CP1252_TABLE = {0x80 + i: ch for i, ch in enumerate(_CP1252_HIGH)}

_INPUTENC = re.compile(rb"^[^%\r\n]*?\\usepackage\s*\[([^\]\r\n]*)\]\s*\{inputenc\}", re.M)
_INPUTENC_CODECS = {
    "latin1": "latin-1",
    "latin9": "iso8859-15",
    "latin2": "iso8859-2",
    "latin3": "iso8859-3",
    "latin4": "iso8859-4",
    "latin5": "iso8859-9",
    "latin10": "iso8859-16",
    "cp1252": "cp1252",
    "ansinew": "cp1252",
    "cp1250": "cp1250",
    "cp1257": "cp1257",
    "cp850": "cp850",
    "cp437": "cp437",
    "applemac": "mac-roman",
    "macce": "mac-latin2",
    "koi8-r": "koi8-r",
}

_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ\x00",
)
# Bytes counted as "control": C0 except TAB LF FF CR ESC, and DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)

# One valid UTF-8 multi-byte sequence (RFC 3629: no overlongs, no surrogates).
_UTF8_SEQ = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_MIXED_PIECES = re.compile(rb"(?P<ascii>[\x00-\x7f]+)|(?P<utf8>" + _UTF8_SEQ + rb")|(?P<bad>[\x80-\xff])")


@dataclass(slots=True)
class SourceText:
    """A decoded source file."""

    text: str
    """The characters; line ends as in the file; NUL kept as U+0000."""
    path: Path
    """Real path of the file."""
    encoding: str
    """How it was decoded: utf-8, utf-8-sig, utf-16-le, utf-16-be, a declared codec,
    cp1252 (fallback) or utf-8+cp1252 (mostly UTF-8 with stray legacy bytes)."""
    declared: str | None = None
    """The codec the file declares through inputenc, if any (pass it on to included
    files via ``read_source(..., encoding=...)``)."""


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte `offset`; CR, LF and CRLF each end a line."""
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    col = len(before[start:].decode("utf-8", "replace")) + 1
    return line, col


def _declared_codec(data: bytes) -> tuple[str | None, str | None]:
    """(option, python codec) of the first inputenc declaration not in a comment."""
    for m in _INPUTENC.finditer(data[: 1 << 20]):
        for opt in m.group(1).decode("ascii", "replace").split(","):
            opt = opt.strip().lower()
            if opt in _INPUTENC_CODECS:
                return opt, _INPUTENC_CODECS[opt]
            if opt in ("utf8", "utf-8"):
                return opt, None
    return None, None


def looks_binary(data: bytes) -> bool:
    """True for images, archives, executables, and data with many control bytes."""
    if data.startswith(_BINARY_SIGNATURES):
        return True
    if not data:
        return False
    controls = len(data.translate(None, _NOT_CONTROL))
    return controls / len(data) > 0.30


class FileAccess:
    """Every read of one conversion goes through one FileAccess."""

    __slots__ = ("root", "allowed", "texinputs", "limits", "reporter", "_cwd")

    def __init__(
        self,
        root: Path,
        allow_read: list[Path] | None = None,
        texinputs: list[Path] | None = None,
        limits: Limits | None = None,
        reporter: Reporter | None = None,
    ):
        self.root = Path(os.path.realpath(root))
        self.texinputs = [Path(os.path.realpath(p)) for p in (texinputs or [])]
        self.allowed = [self.root] + [Path(os.path.realpath(p)) for p in (allow_read or [])] + self.texinputs
        self.limits = limits or Limits()
        self.reporter = reporter if reporter is not None else Reporter()
        self._cwd = Path(os.path.realpath(os.getcwd()))

    # ---------------------------------------------------------------- helpers

    def display_path(self, path: Path | str) -> str:
        """`path` relative to the working directory when inside it, else absolute."""
        p = Path(path)
        if not p.is_absolute():
            return p.as_posix()
        try:
            return p.relative_to(self._cwd).as_posix()
        except ValueError:
            pass
        try:
            return Path(os.path.realpath(p)).relative_to(self._cwd).as_posix()
        except ValueError:
            return p.as_posix()

    def is_allowed(self, real: Path) -> bool:
        return any(real == d or d in real.parents for d in self.allowed)

    def _check_name(self, name: str, loc: Location) -> None:
        if len(name) > MAX_NAME_LENGTH:
            raise PathRefused(f"file name longer than {MAX_NAME_LENGTH} characters", loc, code="E-PATH-NAME")
        if any(c in name for c in "\0\n\r"):
            shown = name[:60].encode("unicode_escape").decode("ascii")
            raise PathRefused(f"file name contains a NUL or line break: '{shown}'", loc, code="E-PATH-NAME")

    def _vet(self, candidate: Path, loc: Location, shown: str) -> Path | None:
        """The real path of `candidate` if it is an allowed regular file; None if absent."""
        real = Path(os.path.realpath(candidate))
        if not self.is_allowed(real):
            raise PathRefused(
                f"'{shown}' is outside the project directory (use --allow-read DIR to permit it)",
                loc,
                code="E-PATH-OUTSIDE",
            )
        try:
            st = os.stat(real)  # stat, never open: a FIFO must not block us
        except OSError:
            return None
        if stat.S_ISDIR(st.st_mode):
            return None
        if not stat.S_ISREG(st.st_mode):
            raise PathRefused(f"'{shown}' is not a regular file", loc, code="E-PATH-NOT-FILE")
        return real

    # ----------------------------------------------------------------- lookup

    def resolve(
        self,
        name: str,
        loc: Location = UNKNOWN,
        exts: tuple[str, ...] = (".tex",),
        base_dir: Path | None = None,
    ) -> Path | None:
        """Real path of the file `name` names, None if there is none (see module doc)."""
        self._check_name(name, loc)
        name = name.strip()
        if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
            name = name[1:-1]
        name = name.replace('"', "")  # TeX drops quotes inside file names too
        if name.startswith("|"):
            self.reporter.warning(
                "W-PIPE-INPUT", "pipe input ('\\input|command') is never run; treated as a missing file", loc
            )
            return None
        if not name:
            return None
        lowered = name.lower()
        if any(lowered.endswith(e.lower()) for e in exts if e):
            names = [name]
        else:
            names = [name + e for e in exts] + [name]
        if os.path.isabs(name):
            dirs: list[Path] = [Path("/")]
        else:
            dirs = []
            for d in ([base_dir] if base_dir is not None else []) + [self.root] + self.texinputs:
                if d not in dirs:
                    dirs.append(d)
        for d in dirs:
            for n in names:
                found = self._vet(Path(d) / n, loc, name)
                if found is not None:
                    return found
        return None

    # ---------------------------------------------------------------- reading

    def _read_raw(self, path: Path, loc: Location) -> bytes | None:
        shown = self.display_path(path)
        real = Path(os.path.realpath(path))
        if not self.is_allowed(real):
            raise PathRefused(f"'{shown}' is outside the project directory", loc, code="E-PATH-OUTSIDE")
        limit = self.limits.file_size
        try:
            st = os.stat(real)
            if not stat.S_ISREG(st.st_mode):
                raise PathRefused(f"'{shown}' is not a regular file", loc, code="E-PATH-NOT-FILE")
            if st.st_size > limit:
                self.reporter.error(
                    "E-LIMIT-FILE-SIZE", f"'{shown}' is larger than the {limit}-byte limit per file; skipped", loc
                )
                return None
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(real, flags)
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped since the stat
                    raise PathRefused(f"'{shown}' is not a regular file", loc, code="E-PATH-NOT-FILE")
                data = f.read(limit + 1)
        except OSError as e:
            self.reporter.error("E-READ", f"cannot read '{shown}': {e.strerror or e}", loc)
            return None
        if len(data) > limit:
            self.reporter.error(
                "E-LIMIT-FILE-SIZE", f"'{shown}' is larger than the {limit}-byte limit per file; skipped", loc
            )
            return None
        return data

    def read_bytes(self, path: Path, loc: Location = UNKNOWN) -> bytes | None:
        """The bytes of an image or .bib file (confined, regular, size-limited) or None."""
        return self._read_raw(path, loc)

    def read_source(self, path: Path, loc: Location = UNKNOWN, encoding: str | None = None) -> SourceText | None:
        """Decode a TeX source (see module doc); `encoding` is the codec in force from the
        including file's inputenc, used silently when this file declares none."""
        data = self._read_raw(path, loc)
        if data is None:
            return None
        real = Path(os.path.realpath(path))
        shown = self.display_path(real)

        if data.startswith(b"\xef\xbb\xbf"):
            body = data[3:]
            try:
                return SourceText(body.decode("utf-8"), real, "utf-8-sig", _declared_codec(body)[0])
            except UnicodeDecodeError:
                data = body  # a BOM and then something else: fall through to the fallbacks
        for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if data.startswith(bom):
                body = data[2:]
                try:
                    return SourceText(body.decode(codec), real, codec)
                except UnicodeDecodeError as e:
                    self.reporter.warning(
                        "W-ENCODING",
                        f"invalid {codec.upper()} at byte offset {e.start + 2}; bad units replaced by U+FFFD",
                        Location(shown),
                        once=("W-ENCODING", str(real)),
                    )
                    return SourceText(body.decode(codec, "replace"), real, codec)

        if looks_binary(data):
            self.reporter.error("E-NOT-TEXT", f"'{shown}' is not a text file (binary data); skipped", loc)
            return None
        try:
            return SourceText(data.decode("utf-8"), real, "utf-8", _declared_codec(data)[0])
        except UnicodeDecodeError as e:
            first_bad = e.start

        option, codec = _declared_codec(data)
        if codec is None and encoding:
            codec = encoding
        if codec is not None:
            try:
                text = _cp1252(data) if codec == "cp1252" else data.decode(codec, "replace")
                return SourceText(text, real, codec, option)
            except LookupError:
                pass

        controls = len(data.translate(None, _NOT_CONTROL))
        if controls / len(data) > 0.05:  # not UTF-8 and full of control bytes: noise
            self.reporter.error("E-NOT-TEXT", f"'{shown}' is not a text file (binary data); skipped", loc)
            return None

        text, used = self._fallback_decode(data, declared_utf8=option in ("utf8", "utf-8"))
        line, col = _line_col(data, first_bad)
        how = (
            "decoded the invalid bytes as Windows-1252 (the rest is UTF-8)"
            if used == "utf-8+cp1252"
            else "decoded as Windows-1252"
        )
        self.reporter.warning(
            "W-ENCODING",
            f"not valid UTF-8: byte 0x{data[first_bad]:02X} at byte offset {first_bad}; {how}. "
            "Convert the file to UTF-8 or declare \\usepackage[latin1]{inputenc}",
            Location(shown, line, col),
            once=("W-ENCODING", str(real)),
        )
        return SourceText(text, real, used, option)

    @staticmethod
    def _fallback_decode(data: bytes, declared_utf8: bool = False) -> tuple[str, str]:
        """Whole-file Windows-1252, or per-byte repair of a file that is mostly UTF-8 (or
        declares \\usepackage[utf8]{inputenc} and has a valid multi-byte sequence: one
        pasted Latin-1 byte must not turn every 'é' of the file into 'Ã©')."""
        pieces = []
        utf8_seqs = bad = 0
        for m in _MIXED_PIECES.finditer(data):
            kind = m.lastgroup
            chunk = m.group()
            if kind == "ascii":
                pieces.append(chunk.decode("ascii"))
            elif kind == "utf8":
                utf8_seqs += 1
                pieces.append(chunk.decode("utf-8"))
            else:
                bad += 1
                pieces.append(_cp1252(chunk))
        if utf8_seqs > bad or (declared_utf8 and utf8_seqs):
            return "".join(pieces), "utf-8+cp1252"
        return _cp1252(data), "cp1252"
