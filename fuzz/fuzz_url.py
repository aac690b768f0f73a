"""Fuzz target: the URL policy `octavo.site.urls.safe_href` (hostile.md P5, G8).

    .venv/bin/python fuzz/fuzz_url.py -dict=fuzz/latex.dict -max_len=512 fuzz/corpus/url

Invariants for every string u (the input as UTF-8, invalid bytes replaced):

* `safe_href(u)` and `url_policy_reason(u)` raise nothing and agree (None reason ⇔ a URL);
* an accepted URL, parsed the way a browser parses an attribute value (leading/trailing
  C0 controls and spaces stripped, TAB/LF/CR removed, scheme = letters, digits, ``+-.``
  before the first ``:``) — also after one more round of HTML character-reference
  decoding, in case a writer forgot to escape — has no scheme or one of http, https,
  mailto;
* an accepted URL contains no space, quote, ``<``, ``>``, backslash, backtick, control
  or non-ASCII character (it is inert even in a badly quoted attribute);
* the policy is stable: an accepted URL is accepted again, unchanged.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.site.urls import ALLOWED_SCHEMES, safe_href, url_policy_reason

_BROWSER_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_SPACE = "".join(chr(c) for c in range(0x21))
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\U0010ffff\"'<>\\`]")


def browser_scheme(value: str) -> str | None:
    """The scheme a WHATWG URL parser finds in an attribute value, or None (relative)."""
    s = value.strip(_C0_SPACE)
    s = re.sub(r"[\t\n\r]", "", s)
    m = _BROWSER_SCHEME.match(s)
    return m.group(1).lower() if m else None


def check(data: bytes) -> None:
    u = data.decode("utf-8", "replace")
    out = safe_href(u)
    reason = url_policy_reason(u)
    if (out is None) != (reason is not None):
        raise FuzzFailure(f"safe_href={out!r} but reason={reason!r} for {u!r}")
    if out is None:
        return
    for form in (out, html.unescape(out)):
        scheme = browser_scheme(form)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            raise FuzzFailure(f"{u!r} -> {out!r}: a browser sees scheme {scheme!r}")
    bad = _FORBIDDEN.search(out)
    if bad:
        raise FuzzFailure(f"{u!r} -> {out!r}: unescaped {bad.group()!r}")
    again = safe_href(out)
    if again is None:
        raise FuzzFailure(f"accepted {u!r} -> {out!r}, which is then refused")
    if browser_scheme(again) not in (None, *ALLOWED_SCHEMES) or _FORBIDDEN.search(again):
        raise FuzzFailure(f"second pass unsafe: {u!r} -> {out!r} -> {again!r}")
    if again != out:
        raise FuzzFailure(f"not stable: {u!r} -> {out!r} -> {again!r}")


if __name__ == "__main__":
    main(check)
