"""Resolve cross-references: fill every `Ref` node's ``children`` and ``resolved``.

Contract: ``run(doc, ctx)`` visits every `Ref` in the tree (titles and captions too) and
writes what the reader of the PDF would see, using ``doc.labels`` (raw label ->
`LabelTarget`) recorded by the builder:

- ``ref``: the label's number (LaTeX's current \\ref value); when that is empty, the
  title of the labelled thing, else the number or title of the enclosing section;
- ``eqref``: ``(number)``;
- ``pageref``: a web edition has no pages; we show the number of the innermost section
  holding the target (its title when it is unnumbered, the document title before the
  first section), never ``??``;
- ``autoref``: hyperref's name + number ("Figure 2", "section 3.1", "Equation 4");
- ``cref``/``Cref`` (and ``crefrange``/``Crefrange``, ``cpageref``): cleveref's names,
  lower-case abbreviated for ``cref`` ("fig. 2", "eq. (3)"), capitalised for ``Cref``;
  ``target`` may list several labels ("a,b,c"): grouped by kind, numbers of three or
  more consecutive labels compressed ("sections 1 to 3", "figs. 2 and 5");
- ``nameref``: the title; ``hyperref`` (\\hyperref[label]{text}): keeps its given text.

An unknown label warns ``W-UNDEFINED-REF`` at the Ref's location and shows the label
visibly: ``Span(classes=['unresolved'], children=[Text('[label]')])``.  ``resolved`` is
True only when every label of the Ref exists.

References inside formulas (``\\text{by \\eqref{x}}``) arrive as markers in the
formula's MathML and linear text (`octavo.latex.kernel.math.math_ref_marker`); each is
resolved exactly as a Ref in text (same text, same warnings, located at the formula) and
becomes a link to ``#id`` of its target (the split transform adds the page), or plain
text when the label is unknown.

`walk_in_sections` (shared with the index transform) yields every node with the tuple of
its enclosing Sections, outermost first.
"""

from __future__ import annotations

import copy
import re
from typing import Iterator

from octavo.doc.nodes import (
    Anchor, DisplayMath, Document, IndexMark, LabelTarget, Math, Node, Note, Ref, Section,
    Span, Text,
)
from octavo.doc.walk import child_nodes, text_of

# hyperref's \<counter>autorefname defaults (English).
AUTOREF_NAMES = {
    "part": "Part", "chapter": "chapter", "section": "section",
    "subsection": "subsection", "subsubsection": "subsubsection",
    "paragraph": "paragraph", "subparagraph": "subparagraph",
    "appendix": "Appendix", "figure": "Figure", "table": "Table",
    "equation": "Equation", "item": "item", "enumi": "item", "enumii": "item",
    "enumiii": "item", "enumiv": "item", "footnote": "footnote", "page": "page",
    "line": "line", "listing": "Listing", "algorithm": "Algorithm",
    "theorem": "Theorem", "subfigure": "Figure", "subtable": "Table",
}

# cleveref's defaults: kind -> (cref singular, cref plural, Cref singular, Cref plural).
CREF_NAMES = {
    "part": ("part", "parts", "Part", "Parts"),
    "chapter": ("chapter", "chapters", "Chapter", "Chapters"),
    "section": ("section", "sections", "Section", "Sections"),
    "subsection": ("section", "sections", "Section", "Sections"),
    "subsubsection": ("section", "sections", "Section", "Sections"),
    "paragraph": ("paragraph", "paragraphs", "Paragraph", "Paragraphs"),
    "subparagraph": ("paragraph", "paragraphs", "Paragraph", "Paragraphs"),
    "appendix": ("appendix", "appendices", "Appendix", "Appendices"),
    "figure": ("fig.", "figs.", "Figure", "Figures"),
    "subfigure": ("fig.", "figs.", "Figure", "Figures"),
    "table": ("table", "tables", "Table", "Tables"),
    "subtable": ("table", "tables", "Table", "Tables"),
    "equation": ("eq.", "eqs.", "Equation", "Equations"),
    "item": ("item", "items", "Item", "Items"),
    "enumi": ("item", "items", "Item", "Items"),
    "enumii": ("item", "items", "Item", "Items"),
    "enumiii": ("item", "items", "Item", "Items"),
    "enumiv": ("item", "items", "Item", "Items"),
    "footnote": ("footnote", "footnotes", "Footnote", "Footnotes"),
    "page": ("page", "pages", "Page", "Pages"),
    "line": ("line", "lines", "Line", "Lines"),
    "listing": ("listing", "listings", "Listing", "Listings"),
    "algorithm": ("algorithm", "algorithms", "Algorithm", "Algorithms"),
}

SECTION_KINDS = {"part", "chapter", "section", "subsection", "subsubsection",
                 "paragraph", "subparagraph", "appendix"}
"""Kinds that name sectioning units (everything else with a name is a float, an
equation, an item, or a theorem-like environment)."""

CREF_KINDS = {"cref", "Cref", "crefrange", "Crefrange", "cpageref", "Cpageref",
              "cpagerefrange", "Cpagerefrange", "labelcref", "namecref", "nameCref"}


def run(doc: Document, ctx) -> None:
    """Resolve every Ref of ``doc`` in place; report unknown labels on ``ctx.reporter``."""
    where = _enclosing_sections(doc)
    resolver = _Resolver(doc, where, ctx.reporter)
    for node in _all_nodes(doc):
        if isinstance(node, Ref):
            resolver.resolve(node)
        elif isinstance(node, (Math, DisplayMath)) and "\ue000" in node.linear:
            resolve_math_refs(node, resolver)


# the markers of octavo.latex.kernel.math (kind, label; the href until resolved)
_MATH_REF_LINK = re.compile('<a href="\ue003">\ue000([^\ue002]*)\ue002([^\ue001]*)\ue001</a>')
_MATH_REF = re.compile("\ue000([^\ue002]*)\ue002([^\ue001]*)\ue001")
_UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))


def _unescape(s: str) -> str:
    for a, b in _UNESCAPE:
        s = s.replace(a, b)
    return s


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def resolve_math_refs(node, resolver: "_Resolver") -> None:
    """Resolve the reference markers of a formula (see the module's contract)."""
    done: dict = {}

    def shown(kind: str, label: str) -> tuple[str, str]:
        key = (kind, label)
        if key not in done:
            ref = Ref(kind=kind, target=label, loc=node.loc)
            resolver.resolve(ref)
            target = None
            for lbl in _split_targets(label):
                target = resolver.doc.labels.get(lbl)
                if target is not None:
                    break
            ident = target.id if (target is not None and ref.resolved) else ""
            done[key] = (text_of(ref.children), ident or "")
        return done[key]

    def link(m: re.Match) -> str:
        text, ident = shown(m.group(1), _unescape(m.group(2)))
        if not ident:
            return _esc(text)
        return f'<a href="#{_esc(ident)}">{_esc(text)}</a>'

    node.linear = _MATH_REF.sub(lambda m: shown(m.group(1), m.group(2))[0], node.linear)
    if node.mathml:
        node.mathml = _MATH_REF_LINK.sub(link, node.mathml)


# --------------------------------------------------------------------------- walking


def walk_in_sections(doc: Document) -> Iterator[tuple[Node, tuple]]:
    """Pre-order walk yielding ``(node, sections)``; ``sections`` is the tuple of enclosing
    `Section` nodes, outermost first (a Section's own tuple ends with itself)."""
    stack: list[tuple[Node, tuple]] = [(doc, ())]
    while stack:
        node, secs = stack.pop()
        if isinstance(node, Section):
            secs = secs + (node,)
        yield node, secs
        kids = child_nodes(node)
        if kids:
            kids.reverse()
            stack.extend([(k, secs) for k in kids])


def _all_nodes(doc: Document) -> Iterator[Node]:
    for node, _ in walk_in_sections(doc):
        yield node


def _enclosing_sections(doc: Document) -> dict[str, tuple]:
    """Anchor id -> enclosing Sections of the node carrying it (first node wins)."""
    out: dict[str, tuple] = {}
    for node, secs in walk_in_sections(doc):
        nid = node.id
        if nid and nid not in out:
            out[nid] = secs
    return out


def section_locator(secs: tuple, doc: Document) -> str:
    """What a reader sees as the "page" of a spot: the innermost section's number, or its
    title when it has no number, else the document title."""
    for s in reversed(secs):
        if s.number:
            return s.number
        title = text_of(s.short_title or s.title).strip()
        if title:
            return title
    return text_of(doc.meta.title).strip() or "title page"


def plain_copy(inlines: list) -> list:
    """A deep copy of ``inlines`` fit to be shown a second time: no ids, notes, index
    marks or anchors (they belong to the original spot only)."""
    out = []
    for n in inlines:
        if isinstance(n, (Note, IndexMark, Anchor)):
            continue
        try:
            c = copy.deepcopy(n)
        except RecursionError:  # absurdly nested markup: keep its text
            c = Text(text_of([n]), loc=n.loc)
        _strip(c)
        out.append(c)
    return out


def _strip(node: Node) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        n.id = None
        for lst in n.child_lists():
            lst[:] = [c for c in lst if not isinstance(c, (Note, IndexMark, Anchor))]
            stack.extend(c for c in lst if isinstance(c, Node))


# --------------------------------------------------------------------------- resolving


def _split_targets(target: str) -> list[str]:
    return [t.strip() for t in target.split(",") if t.strip()]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Resolver:
    __slots__ = ("doc", "where", "reporter")

    def __init__(self, doc: Document, where: dict, reporter) -> None:
        self.doc = doc
        self.where = where
        self.reporter = reporter

    # -- helpers
    def _secs(self, lt: LabelTarget) -> tuple:
        return self.where.get(lt.id, ())

    def _number(self, lt: LabelTarget) -> list:
        """The \\ref text of a label as inlines."""
        if lt.number:
            return [Text(lt.number)]
        if lt.title:
            return plain_copy(lt.title)
        secs = self._secs(lt)
        for s in reversed(secs):
            if s.number:
                return [Text(s.number)]
        for s in reversed(secs):
            if s.title:
                return plain_copy(s.short_title or s.title)
        return []

    def _title(self, lt: LabelTarget) -> list:
        if lt.title:
            return plain_copy(lt.title)
        secs = self._secs(lt)
        if secs:
            s = secs[-1]
            return plain_copy(s.short_title or s.title)
        return self._number(lt)

    def _page(self, lt: LabelTarget) -> list:
        return [Text(section_locator(self._secs(lt), self.doc))]

    def _unresolved(self, ref: Ref, label: str) -> Span:
        self.reporter.warning(
            "W-UNDEFINED-REF", f"reference to undefined label '{label}'", ref.loc)
        return Span(classes=["unresolved"], children=[Text(f"[{label}]")], loc=ref.loc)

    # -- entry point
    def resolve(self, ref: Ref) -> None:
        labels = _split_targets(ref.target)
        if not labels:
            ref.children = [self._unresolved(ref, ref.target)]
            ref.resolved = False
            return
        kind = ref.kind
        if kind == "hyperref":
            # \hyperref[label]{text}: the author's text stays.
            ok = all(lbl in self.doc.labels for lbl in labels)
            if not ok:
                self.reporter.warning(
                    "W-UNDEFINED-REF", f"reference to undefined label '{ref.target}'",
                    ref.loc)
            ref.resolved = ok
            return
        if kind in CREF_KINDS:
            ref.children, ref.resolved = self._cref(ref, labels)
            return
        parts: list = []
        ok = True
        for i, label in enumerate(labels):
            if i:
                parts.append(Text(", "))
            lt = self.doc.labels.get(label)
            if lt is None:
                parts.append(self._unresolved(ref, label))
                ok = False
                continue
            parts.extend(self._single(kind, lt))
        ref.children = parts
        ref.resolved = ok

    def _single(self, kind: str, lt: LabelTarget) -> list:
        if kind == "eqref":
            return [Text("(")] + self._number(lt) + [Text(")")]
        if kind == "pageref":
            return self._page(lt)
        if kind == "nameref":
            return self._title(lt)
        if kind == "autoref":
            name = autoref_name(lt.kind)
            num = self._number(lt)
            return ([Text(name + "\u00a0")] if name else []) + num
        return self._number(lt)

    # -- cleveref
    def _cref(self, ref: Ref, labels: list[str]) -> tuple[list, bool]:
        kind = ref.kind
        upper = kind[0] == "C" or kind == "nameCref"
        caps = bool(self.doc.ref_names.get("capitalize"))
        """cleveref's capitalize option: \\cref's default names are capitalised too."""
        pages = "pageref" in kind
        ranged = kind.endswith("range")
        found: list[tuple[str, LabelTarget]] = []
        missing: list[str] = []
        for label in labels:
            lt = self.doc.labels.get(label)
            if lt is None:
                missing.append(label)
            else:
                found.append((label, lt))
        out: list = []
        if kind in ("namecref", "nameCref"):
            if found:
                _, lt = found[0]
                out.append(Text(cref_name(lt.kind, False, upper, self.doc.ref_names, caps)))
        elif kind == "labelcref":
            for i, (_, lt) in enumerate(found):
                if i:
                    out.append(Text(", " if i < len(found) - 1 else " and "))
                out.extend(self._cref_number(lt, pages))
        elif ranged and len(found) == 2:
            a, b = found[0][1], found[1][1]
            name = cref_name("page" if pages else a.kind, True, upper, self.doc.ref_names, caps)
            out.append(Text(name + "\u00a0"))
            out.extend(self._cref_number(a, pages))
            out.append(Text(" to "))
            out.extend(self._cref_number(b, pages))
        else:
            out.extend(self._cref_groups([lt for _, lt in found], upper, pages, caps))
        for label in missing:
            if out:
                out.append(Text(", "))
            out.append(self._unresolved(ref, label))
        return out, not missing

    def _cref_number(self, lt: LabelTarget, pages: bool) -> list:
        if pages:
            return self._page(lt)
        num = self._number(lt)
        if lt.kind == "equation" and lt.number:
            return [Text("(")] + num + [Text(")")]
        return num

    def _cref_groups(self, targets: list[LabelTarget], upper: bool, pages: bool,
                     caps: bool = False) -> list:
        groups: list[tuple[str, list[LabelTarget]]] = []
        for lt in targets:
            key = "page" if pages else _cref_group_key(lt.kind)
            if groups and groups[-1][0] == key:
                groups[-1][1].append(lt)
            else:
                groups.append((key, [lt]))
        out: list = []
        for gi, (key, members) in enumerate(groups):
            if gi:
                last = gi == len(groups) - 1
                out.append(Text(" and " if len(groups) == 2 else (", and " if last else ", ")))
            runs = _compress(members) if not pages else [[m] for m in members]
            plural = len(members) > 1
            fmt = None if pages else cref_format(members[0].kind, plural, upper and gi == 0,
                                                 self.doc.ref_names)
            if fmt is not None:
                # the document's \crefformat: "§{}" (several: \crefmultiformat's first)
                before, _, after = fmt.partition("{}")
                out.append(Text(before))
                out.extend(self._cref_number(members[0], pages))
                out.append(Text(after))
                for i, lt in enumerate(members[1:], 1):
                    out.append(Text(" and " if i == len(members) - 1 else ", "))
                    out.extend(self._cref_number(lt, pages))
                continue
            name = cref_name(members[0].kind if not pages else "page", plural,
                             upper and gi == 0, self.doc.ref_names, caps)
            out.append(Text(name + "\u00a0"))
            for ri, run_ in enumerate(runs):
                if ri:
                    out.append(Text(" and " if ri == len(runs) - 1 else ", "))
                out.extend(self._cref_number(run_[0], pages))
                if len(run_) > 1:
                    out.append(Text(" to "))
                    out.extend(self._cref_number(run_[-1], pages))
        return out


def _cref_group_key(kind: str) -> str:
    names = CREF_NAMES.get(kind)
    return names[0] if names else kind


_LAST_INT = re.compile(r"^(.*?)(\d+)$")


def _compress(members: list[LabelTarget]) -> list[list[LabelTarget]]:
    """Runs of consecutive numbers (same prefix, last component +1); runs shorter than
    three are split back into single references, as cleveref does."""
    runs: list[list[LabelTarget]] = []
    for lt in members:
        m = _LAST_INT.match(lt.number or "")
        if runs and m:
            prev = _LAST_INT.match(runs[-1][-1].number or "")
            if prev and prev.group(1) == m.group(1) and int(prev.group(2)) + 1 == int(m.group(2)):
                runs[-1].append(lt)
                continue
        runs.append([lt])
    out: list[list[LabelTarget]] = []
    for r in runs:
        if len(r) >= 3:
            out.append(r)
        else:
            out.extend([x] for x in r)
    return out


def autoref_name(kind: str) -> str:
    """hyperref's name for a counter; theorem-like environments get the capitalised
    environment name ("Lemma")."""
    if kind in AUTOREF_NAMES:
        return AUTOREF_NAMES[kind]
    return _cap(kind) if kind else ""


def _own(kind: str, key: str, own: dict | None):
    """The document's setting ``key:kind``; subsections fall back to the section's."""
    if not own:
        return None
    v = own.get(f"{key}:{kind}")
    if v is None and kind in ("subsection", "subsubsection", "paragraph", "subparagraph"):
        v = own.get(f"{key}:section")
    if v is None and kind == "item":  # \crefname{enumi}: octavo's item labels
        v = own.get(f"{key}:enumi")
    return v


def cref_format(kind: str, plural: bool, upper: bool, own: dict | None) -> str | None:
    """The document's \\crefformat (\\Crefformat, \\crefmultiformat ...) for a kind:
    text with ``{}`` for the number, or None."""
    pre = "Cref" if upper else "cref"
    fmt = _own(kind, pre + ("multiformat" if plural else "format"), own)
    if fmt is None and upper:
        fmt = _own(kind, "cref" + ("multiformat" if plural else "format"), own)
    if fmt is None or "{}" not in fmt:
        return None
    return fmt


def cref_name(kind: str, plural: bool, upper: bool, own: dict | None = None,
              caps: bool = False) -> str:
    """cleveref's name for a kind: the document's \\crefname/\\Crefname first (a
    \\crefname alone gives \\Cref its capitalised form); theorem-like kinds use the
    environment name ("lemma"/"lemmas", "Lemma"/"Lemmas"); ``caps`` (the capitalize
    option) capitalises \\cref's default names."""
    key = ("Cref" if upper else "cref") + ("s" if plural else "")
    v = _own(kind, key, own)
    if v is None and upper:
        v = _own(kind, key.lower(), own)
        v = v[:1].upper() + v[1:] if v else v
    if v:
        return v
    names = CREF_NAMES.get(kind)
    if names is None:
        base = kind or "reference"
        names = (base.lower(), base.lower() + "s", _cap(base), _cap(base) + "s")
    idx = (2 if upper or caps else 0) + (1 if plural else 0)
    return names[idx]
