"""Anchor ids and file-name slugs built from untrusted text (guarantee G8, G3).

Contract:

* `IdMaker.make(label)` returns an HTML id matching ``^[A-Za-z][A-Za-z0-9_.:-]*$``, at
  most `IdMaker.max_len` characters.  One `IdMaker` per conversion; over the labels it is
  given it is deterministic (same label, same id) and injective (different labels,
  different ids — labels differing only in case or by a Unicode character included).
  A label that already is a valid id (``sec:memex``) is its own id; any other label gets
  a readable base (``fig 1`` → ``fig-1``) plus a short hash of the exact label, so its id
  does not depend on which other labels exist or in what order they come.  The rare
  clash that remains (a hostile label spelled like someone's hash) gets ``-2``, ``-3`` …
* `slug(text)` returns a file-name stem in ``[a-z0-9-]``, at most 60 characters, never
  empty, never ``index`` and never a Windows device name (``con``, ``aux``, ``com1`` …).
  Slugs are not unique; `octavo.site.output.OutputDir.unique` makes file names unique.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_NOT_ID_CHAR = re.compile(r"[^A-Za-z0-9_.:-]+")
_NOT_SLUG_CHAR = re.compile(r"[^a-z0-9]+")
_HASH_LEN = 6

WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
RESERVED_SLUGS = WINDOWS_DEVICE_NAMES | {"index"}


def _digest(text: str, length: int = _HASH_LEN) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i"})


def _ascii_fold(text: str) -> str:
    """Accents dropped, compatibility forms unfolded (é → e, ﬁ → fi); other non-ASCII removed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if ord(ch) < 128 and not unicodedata.combining(ch))


@dataclass(slots=True)
class IdMaker:
    """Makes anchor ids for one conversion.  Not shared between conversions."""

    max_len: int = 64
    """Longest id returned (the hash suffix and clash counter included)."""
    reserved: frozenset = frozenset()
    """Ids the page template uses itself; a label equal to one of them is renamed."""
    _by_label: dict = field(default_factory=dict)
    _owner: dict = field(default_factory=dict)

    def make(self, label: str) -> str:
        """The id for `label`; the same label always gives the same id."""
        known = self._by_label.get(label)
        if known is not None:
            return known
        candidate = self._candidate(label)
        ident = candidate
        n = 2
        while ident in self._owner:
            suffix = f"-{n}"
            ident = candidate[: self.max_len - len(suffix)] + suffix
            n += 1
        self._by_label[label] = ident
        self._owner[ident] = label
        return ident

    def _candidate(self, label: str) -> str:
        if ID_RE.match(label) and len(label) <= self.max_len and label not in self.reserved:
            return label
        base = _NOT_ID_CHAR.sub("-", _ascii_fold(label)).strip("-")
        if not base or not base[0].isalpha() or not base[0].isascii():
            base = "x" + ("-" + base if base else "")
        room = self.max_len - _HASH_LEN - 1
        base = base[:room].rstrip("-") or "x"
        return f"{base}-{_digest(label)}"


def slug(text: str, max_len: int = 60) -> str:
    """A safe, readable file-name stem for `text` (not unique)."""
    s = _NOT_SLUG_CHAR.sub("-", _ascii_fold(text).lower()).strip("-")
    if len(s) > max_len:
        cut = s[:max_len]
        # Prefer cutting at a word boundary when one is reasonably close.
        hyphen = cut.rfind("-")
        s = cut[:hyphen] if hyphen >= max_len // 2 else cut
        s = s.strip("-")
    if not s:
        s = "page"
    if s in RESERVED_SLUGS:
        s = f"{s}-page"
    return s
