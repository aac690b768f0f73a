"""Citations: format bibliographies, then fill every `Cite` with what the reader sees.

Contract: ``run(doc, ctx)``

1. gives every Cite an ``id`` (``cite-N`` in document order) when it has none;
2. fills each `Bibliography` given by ``sources`` (.bib paths relative to
   ``doc.source_root``; ``.bib`` is added when missing) with `BibEntry` nodes formatted
   by `octavo.transforms.bibtex` in ``style``: only the cited keys (``\\nocite{*}``: all),
   in style order.  Files are read through ``ctx.data['read_file']`` when the conversion
   provides one (a confined reader: ``path -> str``, raising OctavoError/OSError);
   otherwise through `source_reader`, which refuses paths outside the source root.
   thebibliography entries (``entries`` given) keep their order; an empty label becomes
   its number; natbib labels ``Knuth(1984)`` give author and year;
3. gives every BibEntry the id ``bib-<key>`` (made safe and unique by `safe_id`, through
   the conversion's IdMaker shared with the toc pass) and
   ``backrefs``: the ids of the Cites naming it;
4. fills ``Cite.children``: numeric ``[1, 3]``, alpha ``[Knu84]``, natbib author-year
   ``Knuth (1984)`` (citet/textcite), ``(Knuth, 1984; Lamport, 1994)`` (citep/parencite),
   citealt/citealp, citeauthor, citeyear, citeyearpar, starred forms with all authors,
   prenote/postnote.  Each cited label is an internal `Link` whose ``url`` is the
   BibEntry's id (the writers turn it into page#id).  ``nocite`` shows nothing.

An unknown key warns ``W-UNDEFINED-CITE`` (at the Cite) and shows the key followed by
"?" inside ``Span(classes=['unresolved'])``.  Unreadable or malformed .bib files are
located diagnostics, never tracebacks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from octavo.doc.nodes import BibEntry, Bibliography, Cite, Document, Link, Span, Text
from octavo.doc.walk import walk
from octavo.errors import OctavoError, PathRefused
from octavo.transforms import bibtex
from octavo.transforms.bibtex import style_kind
from octavo.transforms.toc import fresh_id, id_tools
from octavo.site.ids import IdMaker

Reader = Callable[[str], str]

_NATBIB_LABEL = re.compile(r"^\s*(.*?)\s*\(([^()]*)\)\s*(.*?)\s*$", re.S)

_PAREN = {"cite", "citep", "parencite", "autocite", "cite*", "citep*", "parencite*",
          "autocite*", "footcite", "footcitetext", "supercite", "smartcite", "cites",
          "parencites", "autocites", "citealp", "citealp*", "citealt", "citealt*"}
_TEXTUAL = {"citet", "citet*", "textcite", "textcites", "Citet", "Textcite", "Citet*"}


def is_author_year_style(style: str) -> bool:
    """True when bibliography entries are identified by author and year (writers then
    print no "[label]" before an entry)."""
    return style_kind(style) == "authoryear"


def shows_labels(bib: Bibliography) -> bool:
    """Whether a writer prints "[label]" before each entry of ``bib``: not for
    author-year bibliographies (by style, or natbib-labelled thebibliography)."""
    if bib.sources:
        return not is_author_year_style(bib.style)
    if bib.style and is_author_year_style(bib.style):
        return False
    return not (bib.entries and all(_NATBIB_LABEL.match(e.label or "") for e in bib.entries))


def safe_id(raw: str, prefix: str, used: set, maker=None) -> str:
    """A fresh anchor id ``prefix-raw`` that no node uses yet (recorded in ``used``):
    made by the conversion's `IdMaker` (valid HTML id, bounded length, a short hash when
    ``raw`` had to be changed), so it never clashes with ids made by other passes."""
    if maker is None:
        maker = IdMaker()
    return fresh_id(maker, used, f"{prefix}-{raw}")


def source_reader(root: str, max_bytes: int = 20 * 1024 * 1024,
                  allow: list | None = None) -> Reader:
    """A reader for paths relative to ``root`` that refuses anything resolving outside
    ``root`` (or the extra ``allow`` directories)."""
    base = Path(root or ".").resolve()
    roots = [base] + [Path(a).resolve() for a in (allow or [])]

    def read(rel: str) -> str:
        path = (base / rel).resolve()
        if not any(path == r or path.is_relative_to(r) for r in roots):
            raise PathRefused(f"refusing to read '{rel}': outside the source directory")
        if path.stat().st_size > max_bytes:
            raise OctavoError(f"'{rel}' is larger than {max_bytes} bytes",
                              code="E-LIMIT-FILE-SIZE")
        data = path.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("latin-1")

    return read


def run(doc: Document, ctx) -> None:
    reporter = ctx.reporter
    reader: Reader = ctx.data.get("read_file") or source_reader(
        doc.source_root, ctx.config.limits.file_size, ctx.config.allow_read)
    maker, used = id_tools(doc, ctx)
    cites: list[Cite] = []
    bibs: list[Bibliography] = []
    for node in walk(doc):
        if isinstance(node, Cite):
            cites.append(node)
        elif isinstance(node, Bibliography):
            bibs.append(node)
    for i, c in enumerate(cites, start=1):
        if not c.id:
            c.id = safe_id(str(i), "cite", used, maker)
    cited: list[str] = [k.strip() for c in cites for k in c.keys if k.strip()]

    registry: dict[str, tuple[BibEntry, str, str]] = {}
    """lower-cased key -> (entry, style kind, full author list)"""
    for bib in bibs:
        if bib.sources:
            full = _format_sources(bib, cited, reader, reporter, getattr(ctx, "check_time", None))
            kind = style_kind(bib.style)
        else:
            full = {}
            kind = _thebibliography(bib)
        for entry in bib.entries:
            entry.id = safe_id(entry.key, "bib", used, maker)
            entry.backrefs = []
            registry.setdefault(entry.key.lower(), (entry, kind, full.get(entry.key.lower(), "")))
    for c in cites:
        _fill(c, registry, reporter, _biblatex(bibs))


# --------------------------------------------------------------------------- bibliographies


def _format_sources(bib: Bibliography, cited: list[str], reader: Reader, reporter,
                    check_time=None) -> dict:
    dbs = []
    for src in bib.sources:
        if check_time is not None:
            check_time(f"reading {src}")
        rel = src if src.lower().endswith(".bib") else src + ".bib"
        try:
            text = reader(rel)
        except OctavoError as exc:
            reporter.error(exc.code, exc.message, bib.loc)
            continue
        except OSError as exc:
            reporter.error("E-BIB-READ", f"cannot read bibliography '{rel}': "
                           f"{exc.strerror or exc}", bib.loc)
            continue
        dbs.append(bibtex.parse_bib(text, rel, reporter))
    entries, full = bibtex.format_bibliography(dbs, cited, bib.style, reporter, bib.loc,
                                               check_time)
    bib.entries = entries
    return full


def _thebibliography(bib: Bibliography) -> str:
    """Number unlabelled entries; parse natbib labels; return the style kind."""
    natbib = bool(bib.entries) and all(
        _NATBIB_LABEL.match(e.label or "") for e in bib.entries)
    for i, e in enumerate(bib.entries, start=1):
        if natbib and not any(e.author_year):
            m = _NATBIB_LABEL.match(e.label)
            assert m is not None
            e.author_year = (m.group(1), m.group(2))
            e.label = f"{m.group(1)} ({m.group(2)})"
        if not e.label:
            e.label = str(i)
    if natbib or is_author_year_style(bib.style) and bib.style:
        return "authoryear"
    return "numeric"


def _biblatex(bibs: list[Bibliography]) -> bool:
    styles = {b.style.lower() for b in bibs}
    return bool(styles & {"numeric", "authoryear", "alphabetic", "authoryear-comp",
                          "authoryear-ibid", "authoryear-icomp", "numeric-comp",
                          "authortitle"})


# --------------------------------------------------------------------------- citations


def _fill(c: Cite, registry: dict, reporter, biblatex: bool) -> None:
    if c.mode == "nocite":
        c.children = []
        return
    found: list[tuple[BibEntry, str, str]] = []
    missing: list[str] = []
    shown: list = []  # per key: (entry-or-None, key)
    for raw in c.keys:
        key = raw.strip()
        if not key or key == "*":
            continue
        hit = registry.get(key.lower())
        if hit is None:
            reporter.warning("W-UNDEFINED-CITE", f"citation '{key}' is undefined", c.loc)
            missing.append(key)
            shown.append((None, key))
        else:
            found.append(hit)
            shown.append((hit, key))
            if c.id and c.id not in hit[0].backrefs:
                hit[0].backrefs.append(c.id)
    kinds = {h[1] for h in found}
    kind = "authoryear" if kinds == {"authoryear"} else ("alpha" if kinds == {"alpha"}
                                                          else "numeric")
    c.children = _render(c, shown, kind, biblatex)


def _link(entry: BibEntry, text: str) -> Link:
    return Link(url=entry.id or "", internal=True, children=[Text(text)])


def _missing(key: str) -> Span:
    return Span(classes=["unresolved"], children=[Text(key + "?")])


def _join(parts: list[list], sep: str) -> list:
    out: list = []
    for i, p in enumerate(parts):
        if i:
            out.append(Text(sep))
        out.extend(p)
    return out


def _render(c: Cite, shown: list, kind: str, biblatex: bool) -> list:
    mode = c.mode or "cite"
    star = mode.endswith("*")
    base = mode.rstrip("*")
    cap = base[:1].isupper()
    base = base[:1].lower() + base[1:]
    pre = list(c.prenote)
    post = list(c.postnote)

    def author(hit) -> str:
        entry, _, full = hit
        name = (full if star and full else entry.author_year[0]) or entry.key
        return name[:1].upper() + name[1:] if cap else name

    def year(hit) -> str:
        return hit[0].author_year[1] or "n.d."

    if base in ("citeauthor",):
        return _join([[_link(h[0], author(h))] if h else [_missing(k)] for h, k in shown], ", ")
    if base in ("citeyear", "citeyearpar", "citedate"):
        body = _join([[_link(h[0], year(h))] if h else [_missing(k)] for h, k in shown], ", ")
        return _wrap_notes(body, pre, post, "(", ")") if base == "citeyearpar" else body
    if base in ("citenum",):
        return _join([[_link(h[0], h[0].label)] if h else [_missing(k)] for h, k in shown],
                     ", ")

    if kind == "authoryear":
        textual = base in ("citet", "textcite") or (base == "cite" and not biblatex)
        if textual:
            return _author_year_textual(shown, author, year, pre, post)
        sep_ay = " " if base in ("citealt",) or (base == "cite" and biblatex) else ", "
        body = _author_year_groups(shown, author, year, sep_ay, "; ")
        if base in ("citealt", "citealp") or (base == "cite" and biblatex):
            return _notes_inline(body, pre, post)
        return _wrap_notes(body, pre, post, "(", ")")

    # numeric and alpha
    labels = [[_link(h[0], h[0].label)] if h else [_missing(k)] for h, k in shown]
    if base in ("citet", "textcite"):
        parts = []
        for (h, k), lab in zip(shown, labels):
            who = [Text(author(h) + "\u00a0")] if h else []
            parts.append(who + [Text("[")] + lab + [Text("]")])
        out = _join(parts, ", ")
        if post and out:
            out = out[:-1] + [Text(", ")] + post + [Text("]")]
        return out
    body = _join(labels, ", ")
    if base in ("citealp", "citealt"):
        return _notes_inline(body, pre, post)
    return _wrap_notes(body, pre, post, "[", "]")


def _wrap_notes(body: list, pre: list, post: list, lb: str, rb: str) -> list:
    out: list = [Text(lb)]
    if pre:
        out += pre + [Text(" ")]
    out += body
    if post:
        out += [Text(", ")] + post
    out.append(Text(rb))
    return out


def _notes_inline(body: list, pre: list, post: list) -> list:
    out: list = []
    if pre:
        out += pre + [Text(" ")]
    out += body
    if post:
        out += [Text(", ")] + post
    return out


def _by_author(shown, author, year, first_label) -> list[tuple[str, list]]:
    """Consecutive keys by the same authors merge into one group: (authors, inlines);
    the group's first link reads ``first_label(authors, year)``, the others the year."""
    groups: list[tuple[str, list]] = []
    for h, k in shown:
        if h is None:
            groups.append(("", [_missing(k)]))
            continue
        who = author(h)
        if groups and groups[-1][0] == who:
            groups[-1][1].extend([Text(", "), _link(h[0], year(h))])
        else:
            groups.append((who, [_link(h[0], first_label(who, year(h)))]))
    return groups


def _author_year_groups(shown, author, year, sep_ay: str, sep: str) -> list:
    """'Knuth, 1984a, 1986; Lamport, 1994': consecutive keys by the same authors merge."""
    groups = _by_author(shown, author, year, lambda who, y: who + sep_ay + y)
    return _join([g[1] for g in groups], sep)


def _author_year_textual(shown, author, year, pre: list, post: list) -> list:
    """'Knuth (1984, 1986); Lamport (1994, p. 5)'."""
    groups = _by_author(shown, author, year, lambda who, y: y)
    parts = []
    for i, (who, years) in enumerate(groups):
        if not who:
            parts.append(years)
            continue
        last = i == len(groups) - 1
        inner = (pre + [Text(" ")] if pre and i == 0 else []) + years + (
            [Text(", ")] + post if post and last else [])
        parts.append([Text(who + " (")] + inner + [Text(")")])
    return _join(parts, "; ")
