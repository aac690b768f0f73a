"""Format .bib databases with pybtex into `BibEntry` nodes.

Contract: `parse_bib(text, filename, reporter)` reads one .bib file's text and returns a
`BibDatabase` (pybtex data plus the line of each entry); syntax errors become located
``E-BIB-SYNTAX`` diagnostics (the entry holding the error is dropped, the rest kept),
never a traceback.  `format_bibliography(dbs, keys, style, reporter, loc)` formats the
entries named by ``keys`` (citation order; ``*`` means every entry) in the order and with
the labels of ``style`` and returns BibEntry nodes whose ``children`` are inlines:

- fields are decoded from LaTeX to Unicode before formatting (accents such as
  ``{\\'E}``, ``\\'{\\i}``, ``\\ss``, dashes, quotes; via latexcodec, plus our own accent
  pass, with ``$...$`` kept as `Math`);
- pybtex's rich text becomes Text/Emph/Strong/Styled/Math/Link nodes; URLs and DOIs are
  `Link` nodes (the writer applies the URL policy);
- ``BibEntry.label`` is "12" (numeric), "Knu84" (alpha) or "Knuth (1984)" (author-year),
  and ``author_year`` is always filled (short author list, year with a/b suffix).

Styles: plain, abbrv, unsrt, alpha (pybtex), plainnat/abbrvnat/unsrtnat/apalike and the
biblatex authoryear family (author-year labels of our own), biblatex numeric and
alphabetic approximated by plain and alpha.  An unknown style warns ``W-BIB-STYLE`` and
formats as plain.

pybtex reports recoverable errors through its module-level ``pybtex.errors.capture``;
octavo uses it only around one parse at a time.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import latexcodec  # noqa: F401  (registers the 'ulatex' codec)
import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.plugin import find_plugin
from pybtex.utils import CaseInsensitiveDict
from pybtex import richtext

from octavo.doc.nodes import BibEntry, Emph, Link, Math, Strong, Styled, Text
from octavo.errors import Location

# style name -> (kind, pybtex style, sorted?, abbreviate names?)
#   kind: numeric | alpha | authoryear
STYLES = {
    "": ("numeric", "plain", True, False),
    "plain": ("numeric", "plain", True, False),
    "abbrv": ("numeric", "plain", True, True),
    "unsrt": ("numeric", "unsrt", False, False),
    "ieeetr": ("numeric", "unsrt", False, True),
    "ieee": ("numeric", "unsrt", False, True),
    "siam": ("numeric", "plain", True, True),
    "acm": ("numeric", "plain", True, True),
    "amsplain": ("numeric", "plain", True, False),
    "numeric": ("numeric", "plain", True, False),
    "numeric-comp": ("numeric", "plain", True, False),
    "alpha": ("alpha", "alpha", True, False),
    "amsalpha": ("alpha", "alpha", True, False),
    "alphabetic": ("alpha", "alpha", True, False),
    "plainnat": ("authoryear", "plain", True, False),
    "abbrvnat": ("authoryear", "plain", True, True),
    "unsrtnat": ("authoryear", "unsrt", False, False),
    "apalike": ("authoryear", "plain", True, False),
    "apa": ("authoryear", "plain", True, False),
    "chicago": ("authoryear", "plain", True, False),
    "agsm": ("authoryear", "plain", True, False),
    "dcu": ("authoryear", "plain", True, False),
    "kluwer": ("authoryear", "plain", True, False),
    "named": ("authoryear", "plain", True, False),
    "harvard": ("authoryear", "plain", True, False),
    "authoryear": ("authoryear", "plain", True, False),
    "authoryear-comp": ("authoryear", "plain", True, False),
    "authoryear-ibid": ("authoryear", "plain", True, False),
    "authoryear-icomp": ("authoryear", "plain", True, False),
    "authortitle": ("authoryear", "plain", True, False),
}

_RAW_FIELDS = {"url", "doi", "eprint", "file", "isbn", "issn", "pdf"}
"""Fields passed to pybtex as written (no LaTeX decoding)."""


def style_kind(style: str) -> str:
    """'numeric', 'alpha' or 'authoryear' for a BibTeX/biblatex style name."""
    return STYLES.get(_norm_style(style), STYLES["plain"])[0]


def _norm_style(style: str) -> str:
    return (style or "").strip().lower()


# --------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class BibDatabase:
    """One parsed .bib file."""

    data: BibliographyData
    filename: str
    lines: dict = field(default_factory=dict)
    """Lower-cased key -> line of its '@type{key' in the file."""

    def loc(self, key: str) -> Location:
        return Location(self.filename, self.lines.get(key.lower(), 0), 1)


_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")


def _entry_lines(text: str) -> list[tuple[int, str, str]]:
    """(line, type, key) of every '@type{key' in the text."""
    out = []
    line, pos = 1, 0
    for m in _ENTRY_START.finditer(text):
        line += text.count("\n", pos, m.start())  # counted from the previous entry on:
        pos = m.start()                            # linear in the file, not quadratic
        out.append((line, m.group(1).lower(), m.group(2)))
    return out


MACRO_CHARS = 1_000_000
"""Longest value one @string may hold."""
SUBSTITUTED_CHARS = 20_000_000
"""Characters all @string references of one file may substitute together."""


class _BoundedMacros(CaseInsensitiveDict):
    """pybtex's @string table, bounded: ``@string{s1 = s0 # s0}`` doubling forty times
    asked for 2^40 characters (8 GB of memory before the kernel killed the build).  A
    value longer than `MACRO_CHARS` is not kept (the @string is empty); once references
    have substituted `SUBSTITUTED_CHARS` in all, further ones are undefined.  Journal
    abbreviations used thousands of times stay far below both."""

    def __init__(self, initial):
        super().__init__(initial)
        self.used = 0
        self.refused: list[str] = []
        """Names of the @strings not kept, and '' once the substitution budget ran out."""
        self.errors: list = []
        """pybtex's captured errors; the one after `exhausted_at` is the first reference
        left undefined (it has the line)."""
        self.exhausted_at: int | None = None

    def __setitem__(self, key, value):
        if len(value) > MACRO_CHARS:
            self.refused.append(key)
            value = ""
        super().__setitem__(key, value)

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.used += len(value)
        if self.used > SUBSTITUTED_CHARS:
            if "" not in self.refused:
                self.refused.append("")
                self.exhausted_at = len(self.errors)
            raise KeyError(key)
        return value


def parse_bib(text: str, filename: str, reporter) -> BibDatabase:
    """Parse .bib text; report errors located in ``filename``; never raise."""
    entry_lines = _entry_lines(text)
    starts = [(ln, key) for ln, typ, key in entry_lines if typ not in ("comment", "preamble", "string")]
    drop: set[str] = set()
    data = BibliographyData()
    parser = Parser()
    macros = parser.macros = _BoundedMacros(parser.macros)
    try:
        with pybtex.errors.capture() as errors:
            macros.errors = errors
            data = parser.parse_string(text)
    except Exception as exc:  # pybtex raises on some unrecoverable input
        errors = [exc]
    if macros.refused:
        name = macros.refused[0]
        if name:
            line = next((ln for ln, typ, key in entry_lines
                         if typ == "string" and key.split("=")[0].strip().lower() == name.lower()), 0)
        else:
            after = errors[macros.exhausted_at:] if macros.exhausted_at is not None else []
            line = next((getattr(e, "lineno", 0) or 0 for e in after), 0)
        what = (f"@string {name} would be longer than {MACRO_CHARS} characters; it is left empty"
                if name else f"@string references substituted more than {SUBSTITUTED_CHARS} characters; "
                             "the rest are left undefined")
        reporter.error("E-LIMIT-BIB", what, Location(filename, line, 1))
    for err in errors:
        line = getattr(err, "lineno", None) or 0
        key = _entry_in_context(err) or (_entry_at(starts, line) if line else "")
        if key:
            drop.add(key.lower())
        msg = str(err).split("\n")[0]
        if key:
            msg += f" (entry '{key}' skipped)"
        reporter.error("E-BIB-SYNTAX", f"malformed .bib: {msg}", Location(filename, line, 1))
    if drop:
        kept = BibliographyData()
        for key, entry in data.entries.items():
            if key.lower() not in drop:
                try:
                    kept.add_entry(key, entry)
                except Exception:
                    pass
        data = kept
    lines = {}
    for ln, key in starts:
        lines.setdefault(key.lower(), ln)
    for entry in data.entries.values():
        _decode_entry(entry)
    return BibDatabase(data, filename, lines)


def _entry_in_context(err) -> str:
    """The key of the entry pybtex was reading when it failed (from its error context)."""
    try:
        context = err.get_context() or ""
    except Exception:
        return ""
    found = _ENTRY_START.findall(context)
    return found[-1][1] if found else ""


def _entry_at(starts: list[tuple[int, str]], line: int) -> str:
    key = ""
    for ln, k in starts:
        if ln <= line:
            key = k
        else:
            break
    return key


# --------------------------------------------------------------------------- LaTeX decoding

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "b": "\u0331", "d": "\u0323", "r": "\u030a",
}
_ACCENT_RE = re.compile(
    r"(?P<open>\{?)\\(?P<acc>[`'^\"~=.]|[uvHckbdr](?![A-Za-z]))\s*"
    r"(?:\{\s*(?P<a>\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(?P<b>\\[ij](?![A-Za-z]))|(?P<c>[A-Za-z]))"
    r"(?P<close>\}?)")
_MATH_RE = re.compile(r"(?<!\\)\$([^$]*)(?<!\\)\$")
_PCT = "\ue000"
_BSL = "\ue002"
"""Stands for a backslash inside a .bib formula between decoding and formatting."""


def _accent(m: re.Match) -> str:
    base = m.group("a") or m.group("b") or m.group("c") or ""
    if base in ("\\i", "\\j"):
        base = base[1]
    char = unicodedata.normalize("NFC", base + _ACCENTS[m.group("acc")])
    # braces around the accent stay: BibTeX treats {\'E} as protected from case changes
    return m.group("open") + char + m.group("close")


def decode_latex(value: str) -> str:
    """LaTeX text (a .bib field) to Unicode; braces and ``$math$`` are kept."""
    if "\\" not in value and "~" not in value and "-" not in value and "`" not in value \
            and "'" not in value:
        return value
    parts = []
    pos = 0
    for m in _MATH_RE.finditer(value):
        parts.append(_decode_text(value[pos:m.start()]))
        # pybtex decodes again with latexcodec ($\\omega$ would become a bare ω): the
        # formula's backslashes travel masked until _latex_text makes it a Math node
        parts.append(m.group(0).replace("\\", _BSL))
        pos = m.end()
    parts.append(_decode_text(value[pos:]))
    return "".join(parts)


def _decode_text(s: str) -> str:
    if not s:
        return s
    s = _ACCENT_RE.sub(_accent, s)
    s = re.sub(r"\\([ij])(?![A-Za-z])\s*", lambda m: "ı" if m.group(1) == "i" else "ȷ", s)
    core = s.strip()
    lead = " " if s[:1].isspace() else ""
    trail = " " if s[-1:].isspace() and core else ""
    protected = re.sub(r"(?<!\\)%", _PCT, core)
    try:
        out = codecs.decode(protected, "ulatex")
    except Exception:
        out = protected
    return lead + unicodedata.normalize("NFC", out.replace(_PCT, "%")) + trail


def _decode_entry(entry) -> None:
    for name in list(entry.fields.keys()):
        if name.lower() in _RAW_FIELDS:
            continue
        entry.fields[name] = decode_latex(entry.fields[name])
    for persons in entry.persons.values():
        for p in persons:
            for attr in ("first_names", "middle_names", "prelast_names", "last_names",
                         "lineage_names"):
                setattr(p, attr, [decode_latex(x) for x in getattr(p, attr)])


# --------------------------------------------------------------------------- author-year


def _plain(s: str) -> str:
    return re.sub(r"[{}]", "", s).strip()


def author_year(entry, key: str) -> tuple[str, str, str]:
    """(short authors, full authors, year) as natbib prints them."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
    names = [n for n in names if n]
    others = bool(names) and names[-1].lower() == "others"
    if others:
        names = names[:-1]
    if not names:
        for f in ("key", "organization", "institution", "publisher", "title"):
            if entry.fields.get(f):
                names = [_plain(entry.fields[f])]
                break
        else:
            names = [key]
    if len(names) == 1:
        short = names[0] + (" et al." if others else "")
        full = short
    elif len(names) == 2 and not others:
        short = full = f"{names[0]} and {names[1]}"
    else:
        short = f"{names[0]} et al."
        full = ", ".join(names[:-1]) + (", and " + names[-1] if not others
                                        else ", " + names[-1] + " et al.")
        if len(names) == 2 and others:
            full = f"{names[0]}, {names[1]} et al."
    year = _plain(entry.fields.get("year", "")) or "n.d."
    return short, full, year


# --------------------------------------------------------------------------- formatting


def format_bibliography(dbs: list[BibDatabase], keys: list[str], style: str, reporter,
                        loc: Location, check_time=None) -> tuple[list[BibEntry], dict]:
    """Format the entries named by ``keys`` (citation order, '*' = all) from ``dbs``.

    Returns the BibEntry nodes in style order and a dict lower-cased key -> full author
    list (for starred natbib citations).  ``check_time(stage)``, if given, is called every
    100 entries and raises when the document's time budget has run out (pybtex takes
    ~3 ms an entry: a 30,000-entry file with \\nocite{*} took 90 s)."""
    name = _norm_style(style)
    if name not in STYLES:
        reporter.warning("W-BIB-STYLE",
                         f"bibliography style '{style}' is not known; using plain", loc,
                         once=("W-BIB-STYLE", name))
    kind, pystyle, _sorted, abbrev = STYLES.get(name, STYLES["plain"])
    merged = BibliographyData()
    origin: dict[str, BibDatabase] = {}
    for db in dbs:
        for key, entry in db.data.entries.items():
            if key.lower() in origin:
                reporter.warning("W-BIB-DUPLICATE",
                                 f"entry '{key}' is defined twice; the first one is used",
                                 db.loc(key))
                continue
            merged.add_entry(key, entry)
            origin[key.lower()] = db
    wanted: list[str] = []
    seen: set[str] = set()
    everything = "*" in keys
    for k in keys + (list(merged.entries.keys()) if everything else []):
        if k == "*" or k.lower() in seen or k not in merged.entries:
            continue
        seen.add(k.lower())
        wanted.append(merged.entries[k].key)
    try:
        wanted = merged.add_extra_citations(wanted, 2)
    except Exception:
        pass
    style_obj = find_plugin("pybtex.style.formatting", pystyle)(abbreviate_names=abbrev)
    entries = [merged.entries[k] for k in wanted]
    try:
        ordered = list(style_obj.sort(entries))
        labels = list(style_obj.format_labels(ordered))
    except Exception:
        ordered, labels = entries, [str(i) for i in range(1, len(entries) + 1)]
    out: list[BibEntry] = []
    full_authors: dict[str, str] = {}
    ay = [author_year(e, e.key) for e in ordered]
    suffixes = _year_suffixes([(a[0], a[2]) for a in ay])
    for i, (entry, label) in enumerate(zip(ordered, labels)):
        if check_time is not None and i % 100 == 0:
            check_time(f"formatting bibliography entry {i + 1} of {len(ordered)}")
        db = origin.get(entry.key.lower())
        eloc = db.loc(entry.key) if db else loc
        try:
            rich = style_obj.format_entry(label, entry, bib_data=merged).text
            inlines = rich_to_inlines(rich)
        except Exception as exc:
            reporter.warning("W-BIB-ENTRY",
                             f"cannot format entry '{entry.key}': {exc}", eloc)
            inlines = [Text(_plain(entry.fields.get("title", entry.key)))]
        short, full, year = ay[i]
        year += suffixes[i]
        if kind == "authoryear":
            label = f"{short} ({year})"
        elif kind == "numeric":
            label = str(i + 1)
        out.append(BibEntry(key=entry.key, label=label, children=inlines,
                            author_year=(short, year), loc=eloc))
        full_authors[entry.key.lower()] = full
    return out, full_authors


def _year_suffixes(pairs: list[tuple[str, str]]) -> list[str]:
    """a, b, c for entries sharing authors and year (in bibliography order)."""
    counts: dict[tuple[str, str], int] = {}
    for p in pairs:
        counts[p] = counts.get(p, 0) + 1
    seen: dict[tuple[str, str], int] = {}
    out = []
    for p in pairs:
        if counts[p] > 1:
            n = seen.get(p, 0)
            seen[p] = n + 1
            out.append(chr(ord("a") + n) if n < 26 else str(n))
        else:
            out.append("")
    return out


# --------------------------------------------------------------------------- rich text

_SYMBOLS = {"nbsp": "\u00a0", "ndash": "\u2013", "mdash": "\u2014", "newblock": " "}
_STYLE_CMDS = {
    "em": "emph", "emph": "emph", "it": "emph", "textit": "emph", "textsl": "emph",
    "sl": "emph", "bf": "strong", "textbf": "strong", "tt": "mono", "texttt": "mono",
    "sc": "smallcaps", "textsc": "smallcaps", "url": "url", "href": "url",
    "textrm": "", "textsf": "", "textup": "", "textnormal": "", "mbox": "", "hbox": "",
    "text": "", "noopsort": "drop", "noop": "drop", "SortNoop": "drop",
}
_WORDS = {"TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε",
          "ldots": "\u2026", "dots": "\u2026", "textendash": "\u2013",
          "textemdash": "\u2014", "slash": "/", "S": "§", "P": "¶", "copyright": "©",
          "textregistered": "®", "texttrademark": "™", "textquotedbl": '"',
          "METAFONT": "METAFONT", "MF": "METAFONT", "AmS": "AMS", "AMS": "AMS",
          "AmSTeX": "AMS-TeX", "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "ConTeXt": "ConTeXt",
          "pi": "π", "textdegree": "°", "textbackslash": "\\", "textasciitilde": "~",
          "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">"}
_TRAILING_CMD = re.compile(r"\\([A-Za-z]+)\s*$")
_CMD = re.compile(r"\\([A-Za-z]+)\s*|\\(.)")


def rich_to_inlines(rich) -> list:
    """pybtex rich text -> octavo inlines (adjacent Text merged)."""
    out: list = []
    _convert(rich, out)
    return _merge(out)


def _wrap(style: str, kids: list, url: str = ""):
    if style == "emph":
        return [Emph(children=kids)]
    if style == "strong":
        return [Strong(children=kids)]
    if style in ("mono", "smallcaps"):
        return [Styled(style=style, children=kids)]
    if style == "drop":
        return []
    if style == "url":
        from octavo.doc.walk import text_of
        target = url or text_of(kids)
        return [Link(url=target, children=kids or [Text(target)])]
    return kids


def _convert(node, out: list) -> None:
    if isinstance(node, richtext.String):
        _latex_text(node.value, out)
    elif isinstance(node, richtext.Symbol):
        s = _SYMBOLS.get(node.name, "")
        if s:
            out.append(Text(s))
    elif isinstance(node, richtext.HRef):
        kids: list = []
        _convert_parts(node.parts, kids)
        out.append(Link(url=node.url, children=_merge(kids)))
    elif isinstance(node, richtext.Tag):
        kids = []
        _convert_parts(node.parts, kids)
        style = {"em": "emph", "i": "emph", "b": "strong", "strong": "strong",
                 "tt": "mono", "code": "mono", "sc": "smallcaps"}.get(node.name, "")
        out.extend(_wrap(style, _merge(kids)))
    elif isinstance(node, richtext.Protected):
        parts = list(node.parts)
        first = parts[0] if parts else None
        if isinstance(first, richtext.String):
            m = re.match(r"\\(em|it|bf|sl|tt|sc)\b\s*", first.value)
            if m:
                kids = []
                rest = first.value[m.end():]
                if rest:
                    _latex_text(rest, kids)
                _convert_parts(parts[1:], kids)
                out.extend(_wrap(_STYLE_CMDS[m.group(1)], _merge(kids)))
                return
        _convert_parts(parts, out)
    elif hasattr(node, "parts"):
        _convert_parts(node.parts, out)
    else:
        out.append(Text(str(node)))


def _convert_parts(parts, out: list) -> None:
    """Convert a sequence, applying a trailing ``\\cmd`` of a String to the Protected
    group that follows it (``\\emph {x}`` arrives as String('\\emph ') + Protected(x))."""
    parts = list(parts)
    i = 0
    while i < len(parts):
        p = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(p, richtext.String) and isinstance(nxt, richtext.Protected):
            m = _TRAILING_CMD.search(p.value)
            if m and m.group(1) in _STYLE_CMDS:
                _latex_text(p.value[:m.start()], out)
                kids: list = []
                _convert_parts(nxt.parts, kids)
                out.extend(_wrap(_STYLE_CMDS[m.group(1)], _merge(kids)))
                i += 2
                continue
        _convert(p, out)
        i += 1


def _latex_text(s: str, out: list) -> None:
    """A plain string that may still hold $math$ and a few LaTeX words."""
    pos = 0
    for m in _MATH_RE.finditer(s):
        _words(s[pos:m.start()], out)
        out.append(Math(tex=m.group(1).replace(_BSL, "\\")))
        pos = m.end()
    _words(s[pos:], out)


def _words(s: str, out: list) -> None:
    if not s:
        return
    if "\\" not in s:
        out.append(Text(s.replace("{", "").replace("}", "")))
        return

    def sub(m: re.Match) -> str:
        if m.group(1):
            name = m.group(1)
            return _WORDS.get(name, "")  # a control word eats the spaces after it
        return m.group(2) if m.group(2) in "&%$#_{}~ " else ""

    text = _CMD.sub(sub, s).replace("{", "").replace("}", "")
    if text:
        out.append(Text(text))


def _merge(nodes: list) -> list:
    out: list = []
    for n in nodes:
        if type(n) is Text and out and type(out[-1]) is Text:
            out[-1] = Text(out[-1].text + n.text)
        else:
            out.append(n)
    return out
