"""The URL policy for every ``href``/``src`` octavo emits (guarantee G8).

Contract: `safe_href(url)` returns the string to put in the attribute, or None when the
URL must not be emitted (the caller keeps the link text, drops the link and warns with
`url_policy_reason(url)` under code ``W-URL-SCHEME``).

A URL is accepted when, after the normalisation a browser would apply, it is

* absolute with scheme ``http``, ``https`` or ``mailto``, or
* relative (``img/a.png``, ``page.html#x``, ``//host/x``, ``?q``) or a fragment (``#x``).

Normalisation, applied before the decision: leading/trailing C0 controls and spaces are
stripped; TAB, LF and CR are removed anywhere; TeX ``^^I`` / ``^^5c`` / ``^^^^00e9``
escapes and HTML character references (``&#106;``, ``&#x6A;``, ``&colon;``) are decoded
(repeatedly, so double-escaping does not help); the scheme is lower-cased.  For the
decision only, every backslash, control, format and space character is also removed,
so ``java\\^^Iscript:`` cannot slip through.  A colon before the first ``/ ? #`` without
an allowed scheme in front of it is refused: such strings are parsed differently by
different URL parsers.

The returned URL is the normalised input (character references are *not* decoded in it:
``?a=1&copy=2`` is a query, not a copyright sign) with the scheme lower-cased and spaces,
quotes, ``<``, ``>``, backslash, backtick, controls and non-ASCII characters
percent-encoded as UTF-8, so it is inert even in a badly quoted attribute.  Writers still
escape it as an attribute value.
"""

from __future__ import annotations

import html
import re
import unicodedata

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_URL_LENGTH = 8192

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_LF_CR = re.compile(r"[\t\n\r]")
# TeX's ^^ notation: ^^^^xxxx (four hex digits, XeTeX/LuaTeX), ^^xx (two lowercase hex
# digits), ^^c (one character below 128: code +/- 64).
_TEX_HAT = re.compile(r"\^\^\^\^([0-9a-f]{4})|\^\^([0-9a-f]{2})|\^\^([\x00-\x7f])")
_PERCENT_OK = re.compile(r"%[0-9A-Fa-f]{2}")
_MAX_DECODE_ROUNDS = 6


def _tex_unhat(s: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2):
            return chr(int(m.group(2), 16))
        c = ord(m.group(3))
        return chr(c + 64 if c < 64 else c - 64)

    # Decoding may create a new ^^ sequence (^^5e is '^'); a few rounds reach the end.
    for _ in range(_MAX_DECODE_ROUNDS):
        new = _TEX_HAT.sub(repl, s)
        if new == s:
            break
        s = new
    return s


def _fully_unescape(s: str) -> str:
    """TeX ^^ escapes and HTML character references, until nothing changes."""
    for _ in range(_MAX_DECODE_ROUNDS):
        new = html.unescape(_tex_unhat(s))
        if new == s:
            break
        s = new
    return s


def _drop_ignorable(s: str) -> str:
    return "".join(
        ch
        for ch in s
        if ch != "\\" and not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs")
    )


def _for_decision(url: str) -> str:
    """The most decoded form with everything a parser might ignore removed.  Removing
    characters can make a new escape (``&#<TAB>58;`` -> ``&#58;``, ``^<CR>^z`` -> ``^^z``),
    so decoding and removal repeat until nothing changes."""
    s = url
    for _ in range(_MAX_DECODE_ROUNDS):
        new = _drop_ignorable(_fully_unescape(s))
        if new == s:
            break
        s = new
    return s


def _scheme_verdict(s: str) -> str | None:
    """None when `s` is acceptable, else the reason (s is already normalised)."""
    m = _SCHEME.match(s)
    if m:
        scheme = m.group(1).lower()
        if scheme in ALLOWED_SCHEMES:
            return None
        return f"URL scheme '{scheme}:' is not allowed (allowed: http, https, mailto, relative links)"
    first_delim = min((i for i in (s.find("/"), s.find("?"), s.find("#")) if i >= 0), default=len(s))
    colon = s.find(":")
    if 0 <= colon < first_delim:
        prefix = s[:colon]
        shown = prefix if len(prefix) <= 40 else prefix[:40] + "…"
        return f"URL has an unrecognised scheme '{shown}:' (allowed: http, https, mailto, relative links)"
    return None


def _normalise_for_output(url: str) -> str:
    s = url.strip(_C0_OR_SPACE)
    s = _tex_unhat(s)
    s = _TAB_LF_CR.sub("", s)
    s = s.strip(_C0_OR_SPACE)
    m = _SCHEME.match(s)
    if m:
        s = m.group(1).lower() + s[m.end(1):]
    return s


def _percent_encode(s: str) -> str:
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        o = ord(ch)
        if ch == "%":
            if _PERCENT_OK.match(s, i):
                out.append(s[i : i + 3])
                i += 3
                continue
            out.append("%25")
        elif o <= 0x20 or o >= 0x7F or ch in "\"'<>\\`^":  # ^ too: no ^^ escape survives
            if 0xD800 <= o <= 0xDFFF:  # lone surrogate: not encodable, never valid
                out.append("%EF%BF%BD")
            else:
                out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def url_policy_reason(url: str) -> str | None:
    """Why `url` is refused (text for a W-URL-SCHEME warning), or None if it is allowed."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    decided = _for_decision(url)
    if not decided:
        return "empty URL"
    reason = _scheme_verdict(decided)
    if reason:
        return reason
    # The emitted form must pass on its own too (it is what a browser will see).
    emitted = _normalise_for_output(url)
    if not emitted:
        return "empty URL"
    return _scheme_verdict(emitted)


def safe_href(url: str) -> str | None:
    """The URL to emit in an attribute, or None if the policy refuses it."""
    if url_policy_reason(url) is not None:
        return None
    return _percent_encode(_normalise_for_output(url))
