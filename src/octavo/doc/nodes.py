"""The document tree: the only contract between reading TeX and writing the edition.

A closed, small set of slotted dataclasses in two categories, blocks and inlines (as
pandoc's Block/Inline).  Every node carries ``loc`` (where it came from) and may carry an
``id`` (a safe anchor id, set by the builder from \\label or by transforms).  Anything
without a dedicated type becomes a classed `Div` or `Span`, so a writer never meets an
unknown node.

Invariants:
- block containers hold blocks, inline containers hold inlines (``Section.title`` is
  inlines, ``Section.children`` are blocks);
- ``Text.text`` is NFC Unicode with ligatures already applied; adjacent Text nodes may
  exist and writers must not depend on them being merged;
- nodes are plain data: no back-pointers, so a tree can be pickled, diffed, cached per
  section (for ``octavo serve``) and serialised (writers/json.py, versioned).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Iterator, Optional

from octavo.errors import Location, UNKNOWN

# --------------------------------------------------------------------------- base


@dataclass(slots=True)
class Node:
    """Base of every node."""

    loc: Location = field(default=UNKNOWN, kw_only=True)
    """Source position of the construct that made this node."""
    id: Optional[str] = field(default=None, kw_only=True)
    """Anchor id (safe alphabet), from \\label or assigned by a transform."""

    def child_lists(self) -> Iterator[list]:
        """Yield every list of child nodes this node owns (for generic walks)."""
        names = _LIST_FIELDS.get(type(self))
        if names is None:
            names = _list_fields(type(self))
        for name in names:
            v = getattr(self, name)
            if v and isinstance(v, list):
                first = v[0]
                if isinstance(first, Node):
                    yield v
                elif isinstance(first, list):  # lists of inline lists: Meta.authors, see
                    for sub in v:
                        if sub and isinstance(sub, list) and isinstance(sub[0], Node):
                            yield sub


def _list_fields(cls) -> tuple:
    """Names of the fields of ``cls`` that may hold lists (computed once per class)."""
    names = tuple(f.name for f in fields(cls) if f.name not in ("loc", "id"))
    _LIST_FIELDS[cls] = names
    return names


_LIST_FIELDS: dict = {}
"""type -> field names; a cache of class structure (same for every conversion)."""


class Block(Node):
    __slots__ = ()


class Inline(Node):
    __slots__ = ()


# --------------------------------------------------------------------------- root


@dataclass(slots=True)
class Meta(Node):
    """Front-matter data gathered from \\title, \\author, \\date, abstract, babel."""

    title: list = field(default_factory=list)
    """Inlines of \\title."""
    authors: list = field(default_factory=list)
    """One list of inlines per author (split at \\and)."""
    date: list = field(default_factory=list)
    """Inlines of \\date (\\today resolved, SOURCE_DATE_EPOCH honoured)."""
    abstract: list = field(default_factory=list)
    """Blocks of the abstract environment, if it appeared in the preamble or \\maketitle."""
    lang: str = "en"
    """BCP 47 tag from babel/polyglossia (``de``, ``fr`` ...)."""
    docclass: str = "article"
    """The document class as octavo understood it (after fallback)."""
    thanks: list = field(default_factory=list)
    """Blocks from \\thanks, rendered as notes of the title block."""


@dataclass(slots=True)
class LabelTarget:
    """What a \\label names: filled by the builder, read by the xrefs transform."""

    id: str
    """Anchor id of the labelled node (safe alphabet)."""
    kind: str = ""
    """Counter of the labelled thing: section, chapter, equation, figure, table,
    theorem-like environment name, item, footnote, page ... ('' for a bare anchor)."""
    number: str = ""
    """Formatted number at the time of \\label (\\the<counter>)."""
    title: list = field(default_factory=list)
    """Inlines of the enclosing unit's or caption's title (for \\nameref)."""
    loc: Location = UNKNOWN


@dataclass(slots=True)
class Document(Node):
    """The whole document; ``children`` are blocks, Sections among them."""

    meta: Meta = field(default_factory=Meta)
    children: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    """Raw label string -> LabelTarget."""
    preamble: str = ""
    """Raw source of the preamble as written (for the real-TeX picture fallback)."""
    source_root: str = ""
    """Absolute path of the source directory (for resolving images and .bib files)."""
    ref_names: dict = field(default_factory=dict)
    """cleveref's names and formats as the document set them: ``cref:<kind>``,
    ``crefs:<kind>``, ``Cref:<kind>``, ``Crefs:<kind>`` (singular/plural names);
    ``crefformat:<kind>``, ``Crefformat:<kind>``, ``crefmultiformat:<kind>``,
    ``Crefmultiformat:<kind>`` (text with ``{}`` where the number goes)."""


# --------------------------------------------------------------------------- structure


@dataclass(slots=True)
class Section(Block):
    """A sectioning unit; its body follows in ``children`` up to the next unit of the
    same or a higher level."""

    kind: str = "section"
    """part, chapter, section, subsection, subsubsection, paragraph, subparagraph."""
    level: int = 1
    """-1 part, 0 chapter, 1 section ... 5 subparagraph (LaTeX's numbers)."""
    title: list = field(default_factory=list)
    """Inlines."""
    short_title: Optional[list] = None
    """Inlines of the optional argument (for TOC and navigation) or None."""
    number: str = ""
    """Formatted number ("2.3", "A", "IV"); empty when unnumbered."""
    numbered: bool = True
    """False for starred forms and beyond secnumdepth."""
    in_toc: bool = True
    """False when beyond tocdepth or starred (unless \\addcontentsline)."""
    matter: str = "main"
    """front, main, back, appendix."""
    children: list = field(default_factory=list)
    prefix: Optional[str] = None
    """Word the heading shows before the number as the class and language print it
    (\\chaptername "Chapter", \\appendixname, \\partname); '' when the class shows the
    number alone (KOMA-Script); None: the writer's default."""


# --------------------------------------------------------------------------- blocks


@dataclass(slots=True)
class Paragraph(Block):
    children: list = field(default_factory=list)
    """Inlines."""


@dataclass(slots=True)
class Item(Block):
    children: list = field(default_factory=list)
    """Blocks."""
    label: Optional[list] = None
    """Inlines of \\item[...] or the computed enumerate label; None for bullets."""
    term: bool = False
    """True in description lists: ``label`` is the term."""


@dataclass(slots=True)
class List(Block):
    kind: str = "itemize"
    """itemize, enumerate, description (or a custom list name)."""
    items: list = field(default_factory=list)
    start: int = 1
    style: str = ""
    """Label style for enumerate: arabic, alph, Alph, roman, Roman, or a template."""


@dataclass(slots=True)
class Quote(Block):
    kind: str = "quote"
    """quote, quotation, verse, epigraph ..."""
    children: list = field(default_factory=list)
    attribution: list = field(default_factory=list)
    """Inlines naming the source, when the markup gives it (epigraph, \\attrib)."""


@dataclass(slots=True)
class CodeBlock(Block):
    text: str = ""
    language: str = ""
    """Pygments lexer name or empty."""
    caption: list = field(default_factory=list)
    number: str = ""
    show_spaces: bool = False
    """verbatim* and friends."""
    first_line: int = 1


@dataclass(slots=True)
class Figure(Block):
    kind: str = "figure"
    """figure, table, listing, subfigure, or a float name from newfloat."""
    children: list = field(default_factory=list)
    caption: list = field(default_factory=list)
    short_caption: Optional[list] = None
    number: str = ""
    placement: str = ""


@dataclass(slots=True)
class Cell(Node):
    children: list = field(default_factory=list)
    """Inlines for l/c/r cells, blocks for p/m/b cells (writers accept both)."""
    align: str = "left"
    """left, center, right, justify."""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    borders: str = ""
    """Letters of ruled sides: t, b, l, r."""


@dataclass(slots=True)
class Row(Node):
    cells: list = field(default_factory=list)
    rule_above: str = ""
    """'', 'hline', 'toprule', 'midrule', 'bottomrule', 'double'."""
    rule_below: str = ""


@dataclass(slots=True)
class Table(Block):
    rows: list = field(default_factory=list)
    colspec: list = field(default_factory=list)
    """Per column: alignment string (left/center/right/justify)."""
    env: str = "tabular"


@dataclass(slots=True)
class DisplayMath(Block):
    tex: str = ""
    """TeX source after macro expansion (for alttext and fallback)."""
    env: str = "equation"
    """equation, equation*, align, gather, multline, displaymath, $$ ..."""
    rows: list = field(default_factory=list)
    """Per numbered line: MathRow; empty means one unnumbered block."""
    mathml: str = ""
    """MathML produced by math/; writers embed it as is (it is built escaped)."""
    linear: str = ""
    """Linear Unicode form (for the plain-text writer and search)."""


@dataclass(slots=True)
class MathRow(Node):
    """One line of a multi-line display with its own number and label."""

    tex: str = ""
    number: str = ""
    """Formatted tag ("3.2", "*"), empty when unnumbered."""


@dataclass(slots=True)
class Theorem(Block):
    kind: str = "theorem"
    """The environment name (theorem, lemma, definition ...)."""
    name: list = field(default_factory=list)
    """Inlines of the printed name ("Theorem")."""
    number: str = ""
    note: list = field(default_factory=list)
    """Inlines of the optional argument."""
    style: str = "plain"
    """amsthm style: plain, definition, remark."""
    children: list = field(default_factory=list)


@dataclass(slots=True)
class Proof(Block):
    name: list = field(default_factory=list)
    children: list = field(default_factory=list)
    qed: bool = True


@dataclass(slots=True)
class Div(Block):
    """Generic block container: center, minipage, abstract, unknown environments."""

    classes: list = field(default_factory=list)
    children: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    """Extra safe attributes (validated by the writer)."""


@dataclass(slots=True)
class HorizontalRule(Block):
    pass


@dataclass(slots=True)
class RawBlock(Block):
    """Content for one output format only; dropped unless the conversion is trusted."""

    format: str = "html"
    text: str = ""


@dataclass(slots=True)
class Placeholder(Block):
    """A fragment octavo could not convert (G7): shown visibly with its source."""

    reason: str = ""
    source: str = ""
    image: Optional[str] = None
    """Relative path of an SVG made by real TeX, if the fallback succeeded."""
    alt: str = ""


# generated by transforms ------------------------------------------------------


@dataclass(slots=True)
class Contents(Block):
    """Where \\tableofcontents (kind 'toc'), \\listoffigures ('lof'), \\listoftables ('lot')
    stood; transforms fill ``entries``."""

    kind: str = "toc"
    entries: list = field(default_factory=list)
    """ContentsEntry nodes."""
    title: list = field(default_factory=list)
    """Inlines of the heading (\\contentsname, \\listfigurename ... when the command was
    read); empty: the writer's default."""


@dataclass(slots=True)
class ContentsEntry(Node):
    target: str = ""
    """Anchor id of the unit or float."""
    number: str = ""
    title: list = field(default_factory=list)
    level: int = 0
    children: list = field(default_factory=list)


@dataclass(slots=True)
class IndexBlock(Block):
    """Where \\printindex stood; transforms fill ``groups``."""

    name: str = "default"
    title: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    """IndexGroup nodes, one per initial letter."""


@dataclass(slots=True)
class IndexGroup(Node):
    letter: str = ""
    entries: list = field(default_factory=list)


@dataclass(slots=True)
class IndexEntry(Node):
    text: list = field(default_factory=list)
    """Inlines of the entry as printed."""
    sort_key: str = ""
    locators: list = field(default_factory=list)
    """IndexLocator nodes in document order."""
    see: list = field(default_factory=list)
    """Lists of inlines (|see)."""
    see_also: list = field(default_factory=list)
    children: list = field(default_factory=list)
    """Sub-entries (IndexEntry)."""


@dataclass(slots=True)
class IndexLocator(Node):
    target: str = ""
    """Anchor id of the IndexMark."""
    label: str = ""
    """What the reader sees: the enclosing section's number or title."""
    encap: str = ""
    range: str = ""
    """'', 'open', 'close'."""


@dataclass(slots=True)
class Bibliography(Block):
    """Where the bibliography is printed; entries are BibEntry nodes."""

    title: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    """BibEntry nodes (thebibliography), or filled by the citations transform from
    ``sources``."""
    style: str = ""
    """BibTeX style (plain, unsrt, alpha, abbrv, plainnat) or biblatex style."""
    sources: list = field(default_factory=list)
    """Paths (relative to the source root) of .bib files to format with pybtex."""
    backref: list = field(default_factory=list)
    """When the backref package is loaded: three texts [no citation, one, several] as the
    document's \\backrefalt prints them, with ``{}`` where the list of citing places goes
    (writers put section numbers there); empty: no back-references are printed."""


@dataclass(slots=True)
class BibEntry(Node):
    key: str = ""
    label: str = ""
    """What citations show: "12", "Knu84", "Knuth (1984)"."""
    children: list = field(default_factory=list)
    """Inlines of the formatted entry."""
    backrefs: list = field(default_factory=list)
    """Anchor ids of the Cite nodes that cite it (filled by transforms)."""
    author_year: tuple = ("", "")
    """(authors, year) for natbib author-year citations."""


@dataclass(slots=True)
class Footnotes(Block):
    """The notes of one page, placed by the split transform."""

    notes: list = field(default_factory=list)
    """Note nodes."""


# --------------------------------------------------------------------------- inlines


@dataclass(slots=True)
class Text(Inline):
    text: str = ""


@dataclass(slots=True)
class Emph(Inline):
    children: list = field(default_factory=list)


@dataclass(slots=True)
class Strong(Inline):
    children: list = field(default_factory=list)


@dataclass(slots=True)
class Styled(Inline):
    """Font and colour changes other than emphasis/bold."""

    style: str = ""
    """italic, slanted, smallcaps, mono, sans, roman, upright, underline, superscript,
    subscript, strike, or a size: tiny scriptsize footnotesize small large Large LARGE
    huge Huge."""
    children: list = field(default_factory=list)
    color: str = ""
    """A validated CSS colour (#rrggbb or a name) or empty."""
    background: str = ""


@dataclass(slots=True)
class Math(Inline):
    tex: str = ""
    mathml: str = ""
    display: bool = False
    linear: str = ""
    """Linear Unicode form (for the plain-text writer and search)."""


@dataclass(slots=True)
class Ref(Inline):
    """A cross-reference; transforms resolve ``target`` and fill ``children``."""

    kind: str = "ref"
    """ref, pageref, eqref, autoref, cref, Cref, nameref, hyperref."""
    target: str = ""
    """The label as written (raw)."""
    children: list = field(default_factory=list)
    """Inlines shown; filled by the xrefs transform unless given (\\hyperref[...]{text})."""
    resolved: bool = False
    href: str = ""
    """Filled by the split transform: page + fragment."""


@dataclass(slots=True)
class Cite(Inline):
    keys: list = field(default_factory=list)
    mode: str = "cite"
    """cite, citet, citep, citeauthor, citeyear, parencite, textcite, nocite."""
    prenote: list = field(default_factory=list)
    postnote: list = field(default_factory=list)
    children: list = field(default_factory=list)
    """Filled by the citations transform."""


@dataclass(slots=True)
class Link(Inline):
    url: str = ""
    """As written; writers pass it through the URL policy before emitting it."""
    children: list = field(default_factory=list)
    internal: bool = False
    """True for \\hyperlink targets inside the document."""


@dataclass(slots=True)
class Note(Inline):
    """A footnote, \\thanks or margin note."""

    kind: str = "footnote"
    """footnote, margin, thanks."""
    mark: str = ""
    """The printed mark ("3", "*")."""
    children: list = field(default_factory=list)
    """Blocks."""


@dataclass(slots=True)
class IndexMark(Inline):
    """Where \\index{...} stood; ``id`` is set so the index can link to this exact spot."""

    index: str = "default"
    path: list = field(default_factory=list)
    """Levels (up to three), each (sort_key, inlines)."""
    see: Optional[list] = None
    see_also: Optional[list] = None
    range: str = ""
    """'', 'open' (|( ), 'close' (|) )."""
    encap: str = ""
    """textbf, textit, hyperpage ... (|encap)."""
    raw: str = ""
    """The argument as written, for diagnostics."""


@dataclass(slots=True)
class Anchor(Inline):
    """An invisible target: \\label outside a numbered thing, \\hypertarget, \\phantomsection."""


@dataclass(slots=True)
class Image(Inline):
    src: str = ""
    """Source path as resolved inside the source tree (relative to the root)."""
    alt: str = ""
    width: str = ""
    """CSS length validated by the builder (e.g. '50%', '12em')."""
    height: str = ""
    scale: float = 0.0
    angle: float = 0.0


@dataclass(slots=True)
class LineBreak(Inline):
    pass


@dataclass(slots=True)
class Span(Inline):
    """Generic inline container; ``classes`` name what it was (e.g. 'unknown-macro')."""

    classes: list = field(default_factory=list)
    children: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)


@dataclass(slots=True)
class Code(Inline):
    """\\verb, \\texttt-as-code, \\lstinline."""

    text: str = ""
    language: str = ""


@dataclass(slots=True)
class RawInline(Inline):
    format: str = "html"
    text: str = ""


BLOCK_TYPES = (
    Section, Paragraph, List, Item, Quote, CodeBlock, Figure, Table, DisplayMath, Theorem,
    Proof, Div, HorizontalRule, RawBlock, Placeholder, Contents, IndexBlock, Bibliography,
    Footnotes,
)
INLINE_TYPES = (
    Text, Emph, Strong, Styled, Math, Ref, Cite, Link, Note, IndexMark, Anchor, Image,
    LineBreak, Span, Code, RawInline,
)
ALL_TYPES = BLOCK_TYPES + INLINE_TYPES + (
    Document, Meta, Cell, Row, MathRow, ContentsEntry, IndexGroup, IndexEntry,
    IndexLocator, BibEntry,
)
NODE_TYPES = {cls.__name__: cls for cls in ALL_TYPES}
