"""Fuzz target: anchor ids and file-name slugs from untrusted labels (hostile.md P6, G8, G3).

    .venv/bin/python fuzz/fuzz_id.py -max_len=1024 fuzz/corpus/id

The first byte picks how the rest becomes text (UTF-8 with replacement, Latin-1, or
UTF-16-LE with lone surrogates kept, as a TeX ``^^^^d800`` can produce); the text is
split at line feeds into up to 64 labels.  Invariants:

* one `IdMaker` over all labels: every id matches ``^[A-Za-z][A-Za-z0-9_.:-]*$`` and is
  at most `max_len` long; the same label always gives the same id; different labels give
  different ids (injective);
* a label that already is a valid, short id is its own id (the first time it is seen);
* `slug(label)` matches ``^[a-z0-9]+(-[a-z0-9]+)*$``, is at most 60 characters, never
  ``index`` or a Windows device name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.site.ids import ID_RE, RESERVED_SLUGS, IdMaker, slug

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def labels_of(data: bytes) -> list[str]:
    if not data:
        return [""]
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        text = rest.decode("utf-8", "replace")
    elif mode == 1:
        text = rest.decode("latin-1")
    else:
        text = rest[: len(rest) // 2 * 2].decode("utf-16-le", "surrogatepass")
    return text.split("\n")[:64]


def check(data: bytes) -> None:
    labels = labels_of(data)
    maker = IdMaker()
    ids: dict[str, str] = {}
    for label in labels:
        ident = maker.make(label)
        if not _ID.match(ident) or not ID_RE.match(ident) or len(ident) > maker.max_len:
            raise FuzzFailure(f"bad id {ident!r} for label {label!r}")
        if label in ids:
            if ids[label] != ident:
                raise FuzzFailure(f"label {label!r} got {ids[label]!r} then {ident!r}")
        else:
            if ident in ids.values():
                raise FuzzFailure(f"labels {label!r} and another got the same id {ident!r}")
            ids[label] = ident
        if maker.make(label) != ident:
            raise FuzzFailure(f"label {label!r} not deterministic")
        s = slug(label)
        if not _SLUG.match(s) or len(s) > 60 or s in RESERVED_SLUGS:
            raise FuzzFailure(f"bad slug {s!r} for {label!r}")
    first = labels[0]
    if _ID.match(first) and len(first) <= IdMaker().max_len and IdMaker().make(first) != first:
        raise FuzzFailure(f"valid id {first!r} was renamed")


if __name__ == "__main__":
    main(check)
