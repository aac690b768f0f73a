"""Snippet preamble: the part of a document's preamble that a picture needs.

Contract: `extract(preamble, docclass, source_root, ...)` reads the raw preamble text
(what follows ``\\documentclass`` up to ``\\begin{document}``) and returns a
`SnippetPreamble`: the document's own statements split into *logical lines* (a line
joined with the following ones while braces or brackets are open, or while the next
line starts with ``{``/``[``), each with its file and line, minus what only concerns the
printed page (geometry, headers, hyperref, title formatting, fonts that need XeTeX or
LuaTeX, shell-escape packages...).  ``\\input`` of the user's own files is resolved inside
the source root and inlined; local ``.sty``/``.cls`` files a kept ``\\usepackage`` names are
listed in ``support_files`` (relative paths, copied read-only into each TeX run's
temporary directory).

Invariants: nothing outside ``source_root`` is read (real paths are checked); the
function never raises for odd input, it drops what it cannot resolve and says why in
``dropped``; the same input gives the same output (the text is part of a cache key).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Packages that only shape the printed page, need another engine, or run programs.
DROP_PACKAGES: dict[str, str] = {
    **dict.fromkeys(
        "geometry typearea a4wide a4 fullpage vmargin anysize savetrees crop showframe"
        " layout nextpage fancyhdr scrlayer-scrpage titlesec titletoc tocloft tocbibind"
        " emptypage lastpage wallpaper eso-pic background draftwatermark lineno"
        " setspace microtype parskip footmisc".split(), "page layout"),
    **dict.fromkeys(
        "hyperref bookmark backref hypcap hyperxmp pdfx pdfcomment pdfpages epstopdf"
        " navigator attachfile".split(), "PDF features"),
    **dict.fromkeys(
        "fontspec unicode-math polyglossia xltxtra xunicode mathspec xeCJK luatextra"
        " luacode luaotfload realscripts".split(), "needs XeTeX or LuaTeX"),
    **dict.fromkeys("minted pythontex shellesc gnuplottex sagetex".split(),
                    "needs shell escape"),
    **dict.fromkeys("gitinfo2 gitinfo vhistory svn-multi".split(), "reads version control"),
    "makeidx": "index", "imakeidx": "index", "glossaries": "glossary",
    "biblatex": "bibliography", "natbib": "bibliography", "cite": "bibliography",
    "comment": "comment environments",
}

# Commands whose whole statement is dropped (page layout, metadata, output files).
DROP_COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        "pagestyle thispagestyle pagenumbering fancyhead fancyfoot fancyhf lhead chead"
        " rhead lfoot cfoot rfoot fancypagestyle titleformat titlespacing titlecontents"
        " titlelabel geometry newgeometry restoregeometry savegeometry linespread"
        " raggedbottom flushbottom onehalfspacing doublespacing singlespacing"
        " setstocksize settrimmedsize settrims settypeblocksize setlrmargins"
        " setulmargins setheaderspaces setlrmarginsandblock setulmarginsandblock"
        " setmarginnotes setheadfoot checkandfixthelayout checkthelayout"
        " fixthelayout chapterstyle pagecolor nopagecolor makepagestyle makeoddhead"
        " makeevenhead makeoddfoot makeevenfoot makeheadrule KOMAoptions areaset"
        " typearea recalctypearea".split(), "page layout"),
    **dict.fromkeys(
        "hypersetup pdfbookmark bookmarksetup pdfinfo pdfcatalog pdfoutput"
        " pdfminorversion pdfcompresslevel pdfobjcompresslevel pdfpageheight"
        " pdfpagewidth pdfsuppresswarningpagegroup pdfstringdefDisableCommands"
        " urlstyle".split(), "PDF features"),
    **dict.fromkeys(
        "setmainfont setsansfont setmonofont setmathfont newfontfamily newfontface"
        " setdefaultlanguage setotherlanguage setotherlanguages defaultfontfeatures"
        " setromanfont setCJKmainfont".split(), "needs XeTeX or LuaTeX"),
    **dict.fromkeys(
        "includeonly include makeindex makeglossaries printindex addbibresource"
        " bibliography bibliographystyle nocite title author date thanks subtitle"
        " subject keywords publishers dedication".split(), "document structure"),
    **dict.fromkeys("write18 ShellEscape directlua immediate openout".split(),
                    "writes files or runs programs"),
}

STANDARD_CLASSES = frozenset(
    "article report book letter slides proc minimal amsart amsbook amsproc memoir"
    " scrartcl scrreprt scrbook scrlttr2 beamer standalone".split())

MAX_INPUT_DEPTH = 10
MAX_FILE_SIZE = 2 * 1024 * 1024

_CS = re.compile(r"\\([A-Za-z@]+|.)")
_USEPACKAGE = re.compile(
    r"^\\(usepackage|RequirePackage)\s*(\[[^\]]*\])?\s*\{([^{}]*)\}\s*(\[[^\]]*\])?\s*$", re.S)
_INPUT = re.compile(r"^\\(input|InputIfFileExists)\s*\{([^{}]*)\}(.*)$|^\\input\s+([^\s{}\\]+)\s*$", re.S)
_RENEW = re.compile(r"^\\renewcommand\*?\s*(?:\{\s*(\\[A-Za-z@]+)\s*\}|(\\[A-Za-z@]+))")
_SIMPLE_DEF = re.compile(
    r"^\\(?:newcommand\*?|renewcommand\*?|providecommand\*?)\s*\{?\s*(\\[A-Za-z@]+)\s*\}?\s*\{([^{}\\]*)\}\s*$"
    r"|^\\def\s*(\\[A-Za-z@]+)\s*\{([^{}\\]*)\}\s*$")
_LOCAL_DEP = re.compile(
    r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}"
    r"|\\(?:input|InputIfFileExists|include)\s*\{([^{}]*)\}"
    r"|\\LoadClass\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")


@dataclass(slots=True)
class Statement:
    """One logical line of the preamble."""

    text: str
    """Source text with comments removed (may span several lines)."""
    file: str
    """Path relative to the source root, for diagnostics."""
    line: int
    """1-based line of the statement's first character in ``file``."""


@dataclass(slots=True)
class SnippetPreamble:
    """What a snippet document puts between ``\\documentclass`` and ``\\begin{document}``."""

    docclass: str = "article"
    """Class of the snippet document (the source's own class when TeX has it)."""
    statements: list = field(default_factory=list)
    """Kept `Statement`s in order."""
    dropped: list = field(default_factory=list)
    """(Statement, reason) pairs, for the golden test and ``--verbose``."""
    support_files: list = field(default_factory=list)
    """Relative paths (POSIX) of the user's own files TeX must find in its directory."""
    support_digest: str = ""
    """sha256 over the support files' names and bytes (part of the cache key)."""

    def key_text(self) -> str:
        """The text that identifies this preamble in cache keys (no locations)."""
        return "\n".join([self.docclass, *(s.text for s in self.statements),
                          self.support_digest])

    def body(self, skip: frozenset = frozenset(), markers: bool = False) -> str:
        """The preamble body: kept statements (minus indices in ``skip``), optionally each
        preceded by ``\\typeout{<<octavo:pre:K>>}`` so a TeX error can be attributed."""
        out = []
        for k, st in enumerate(self.statements):
            if k in skip:
                continue
            if markers:
                out.append("\\typeout{<<octavo:pre:%d>>}" % k)
            out.append(st.text)
        return "\n".join(out) + "\n"

    def annotated(self) -> str:
        """Human-readable form (golden files): kept statements under ``% file:line`` and
        dropped ones as comments with the reason."""
        items = [(s.file, s.line, 0, s.text) for s in self.statements]
        items += [(s.file, s.line, 1, f"dropped ({why}): " + " ".join(s.text.split()))
                  for s, why in self.dropped]
        lines = [f"% class: {self.docclass}"]
        lines += [f"% support: {p}" for p in self.support_files]
        for f, ln, dropped, text in items:
            lines.append(f"% {f}:{ln}" + (" " + text if dropped else ""))
            if not dropped:
                lines.append(text)
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- splitting


def strip_comment(line: str) -> str:
    """The line without its ``%`` comment text; the ``%`` itself stays, so a line that
    ended in ``%`` still joins the next one without a space (an escaped ``\\%`` is text)."""
    i = 0
    while True:
        j = line.find("%", i)
        if j < 0:
            return line
        k = j - 1
        while k >= 0 and line[k] == "\\":
            k -= 1
        if (j - 1 - k) % 2 == 0:  # even number of backslashes: a real comment
            return line[:j + 1]
        i = j + 1


def _depth(text: str) -> tuple[int, int]:
    """Brace depth and top-level bracket depth after ``text`` (escaped chars ignored)."""
    brace = bracket = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            brace += 1
        elif c == "}":
            brace = max(0, brace - 1)
        elif brace == 0 and c == "[":
            bracket += 1
        elif brace == 0 and c == "]":
            bracket = max(0, bracket - 1)
        i += 1
    return brace, bracket


def split_statements(text: str, file: str, first_line: int = 1) -> list[Statement]:
    """Split preamble text into logical lines (comments removed, blank lines skipped)."""
    lines = [strip_comment(ln).rstrip() for ln in text.splitlines()]
    out: list[Statement] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].strip() in ("", "%"):
            i += 1
            continue
        start = i
        buf = [lines[i]]
        i += 1
        while True:
            brace, bracket = _depth("\n".join(buf))
            if (brace or bracket) and i < n:
                buf.append(lines[i])
                i += 1
                continue
            # a following line that opens with an argument continues the statement
            j = i
            while j < n and lines[j].strip() in ("", "%"):
                j += 1
            if j < n and lines[j].lstrip()[:1] in ("{", "[") and not (brace or bracket):
                buf.extend(lines[i:j + 1])
                i = j + 1
                continue
            break
        stmt = "\n".join(buf).strip()
        out.append(Statement(stmt, file, first_line + start))
    return out


def _first_cs(text: str) -> str:
    m = _CS.match(text.lstrip())
    return m.group(1) if m else ""


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Reader:
    root: Path
    out: SnippetPreamble
    simple: dict = field(default_factory=dict)
    """Argument-less definitions with plain text bodies (for paths like \\olpath/x)."""
    seen: set = field(default_factory=set)
    support: set = field(default_factory=set)

    def resolve(self, name: str, exts: tuple[str, ...]) -> Path | None:
        """A file of the source tree for ``name`` (tried with each extension), or None
        when it does not exist or its real path leaves the root."""
        name = name.strip()
        for cs, val in self.simple.items():
            name = name.replace(cs, val)
        if not name or "\\" in name or "\0" in name or name.startswith(("/", "~", "|")):
            return None
        candidates = [name] if Path(name).suffix in exts else []
        candidates += [name + e for e in exts]
        root = self.root.resolve()
        for c in candidates:
            p = (root / c)
            try:
                real = p.resolve()
            except (OSError, RuntimeError):
                continue
            if real.is_relative_to(root) and real.is_file():
                return real
        return None

    def rel(self, p: Path) -> str:
        return p.relative_to(self.root.resolve()).as_posix()

    def add_support(self, p: Path, depth: int = 0) -> None:
        """List a local package/class file and, recursively, the local files it loads."""
        rel = self.rel(p)
        if rel in self.support or depth > MAX_INPUT_DEPTH:
            return
        self.support.add(rel)
        try:
            if p.stat().st_size > MAX_FILE_SIZE:
                return
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        for m in _LOCAL_DEP.finditer("\n".join(strip_comment(x) for x in text.splitlines())):
            names = m.group(1) or m.group(2) or m.group(3) or ""
            exts = (".cls",) if m.group(3) else (".sty", ".tex", ".cfg", ".def") if m.group(1) \
                else (".tex", ".sty", ".cfg", ".def", "")
            for nm in names.split(","):
                q = self.resolve(nm, exts)
                if q is not None:
                    self.add_support(q, depth + 1)

    def read(self, text: str, file: str, first_line: int, depth: int, prelude: bool) -> None:
        for st in split_statements(text, file, first_line):
            self.statement(st, depth, prelude)

    def statement(self, st: Statement, depth: int, prelude: bool) -> None:
        out = self.out
        text = re.sub(r"(\s*%)+\s*$", "", st.text)  # a trailing comment is no content
        st = Statement(text, st.file, st.line)
        cs = _first_cs(text)
        if prelude and cs not in ("input", "def", "gdef", "edef", "xdef", "let", "newcommand",
                                  "renewcommand", "providecommand", "newif",
                                  "makeatletter", "makeatother", "newenvironment",
                                  "definecolor", "colorlet") and not cs.startswith("OPT"):
            if not re.match(r"^\\[A-Za-z@]+(true|false)$", text):
                out.dropped.append((st, "before \\documentclass"))
                return
        if re.search(r"\\(write18|ShellEscape|directlua|openout|immediate\s*\\write)\b", text):
            out.dropped.append((st, "writes files or runs programs"))
            return
        m = _SIMPLE_DEF.match(text)
        if m:
            name, val = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if len(val) < 200:
                self.simple[name] = val.strip()
        m = _USEPACKAGE.match(text)
        if m:
            self.usepackage(st, m)
            return
        m = _INPUT.match(text)
        if m:
            self.input(st, m, depth, prelude)
            return
        if cs in DROP_COMMANDS:
            out.dropped.append((st, DROP_COMMANDS[cs]))
            return
        if cs.startswith("pdf") and "=" in text[:40]:
            out.dropped.append((st, "PDF features"))
            return
        m = _RENEW.match(text)
        if m:  # \renewcommand of a command a dropped package would have defined
            name = m.group(1) or m.group(2)
            st = Statement(f"\\providecommand{{{name}}}{{}}" + text, st.file, st.line)
        out.statements.append(st)

    def usepackage(self, st: Statement, m: re.Match) -> None:
        kind, opts, names, date = m.group(1), m.group(2) or "", m.group(3), m.group(4) or ""
        kept, local = [], []
        for nm in (x.strip() for x in names.split(",")):
            if not nm:
                continue
            if nm in DROP_PACKAGES:
                self.out.dropped.append((Statement(f"\\{kind}{opts}{{{nm}}}", st.file, st.line),
                                         DROP_PACKAGES[nm]))
                continue
            p = self.resolve(nm, (".sty",))
            if p is not None:
                self.add_support(p)
                local.append(self.rel(p)[:-4])
            else:
                kept.append(nm)
        if kept or local:
            text = f"\\{kind}{opts}{{{','.join(kept + local)}}}{date}"
            self.out.statements.append(Statement(text, st.file, st.line))

    def input(self, st: Statement, m: re.Match, depth: int, prelude: bool) -> None:
        name = m.group(2) if m.group(2) is not None else m.group(4)
        p = self.resolve(name, (".tex", ""))
        if p is None:
            self.out.dropped.append((st, "file not found inside the source root"))
            return
        if p.suffix in (".sty", ".cls"):  # \input{x.sty}: a package read as text
            self.add_support(p)
            self.out.statements.append(Statement(f"\\input{{{self.rel(p)}}}", st.file, st.line))
            return
        if depth >= MAX_INPUT_DEPTH or p in self.seen:
            self.out.dropped.append((st, "\\input nested too deeply or recursive"))
            return
        try:
            if p.stat().st_size > MAX_FILE_SIZE:
                raise OSError
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            self.out.dropped.append((st, "file unreadable or too large"))
            return
        if re.search(r"^[^%\n]*\\documentclass", text, re.M):
            self.out.dropped.append((st, "the file holds the document itself"))
            return
        text = re.split(r"^[^%\n]*\\begin\{document\}", text, maxsplit=1, flags=re.M)[0]
        self.seen.add(p)
        self.read(text, self.rel(p), 1, depth + 1, prelude)
        self.seen.discard(p)


def extract(preamble: str, docclass: str, source_root: str | os.PathLike,
            file: str = "", first_line: int = 1, prelude: str = "",
            prelude_file: str = "") -> SnippetPreamble:
    """Build the snippet preamble of a document.

    ``preamble`` is the raw text between ``\\documentclass`` and ``\\begin{document}`` of
    ``file`` (relative name for diagnostics) starting at ``first_line``; ``prelude`` the
    text before ``\\documentclass`` (option files setting macros such as HoTT's
    ``opt-*.tex``), of which only definitions and ``\\input`` of definitions are kept.
    """
    root = Path(source_root)
    out = SnippetPreamble()
    reader = _Reader(root, out)
    cls = (docclass or "article").strip()
    local_cls = reader.resolve(cls, (".cls",))
    if local_cls is not None:
        reader.add_support(local_cls)
        out.docclass = reader.rel(local_cls)[:-4]
    elif cls in STANDARD_CLASSES:
        out.docclass = cls
    else:
        out.docclass = "article"
    if prelude:
        reader.read(prelude, prelude_file or file or "<prelude>", 1, 0, True)
    reader.read(preamble, file or "<preamble>", first_line, 0, False)
    out.support_files = sorted(reader.support)
    h = hashlib.sha256()
    for rel in out.support_files:
        h.update(rel.encode() + b"\0")
        try:
            h.update((root / rel).read_bytes())
        except OSError:
            pass
        h.update(b"\0")
    out.support_digest = h.hexdigest() if out.support_files else ""
    return out


def split_document(text: str) -> tuple[str, str, str, int]:
    """Split a main file into (text before ``\\documentclass``, class name, preamble,
    1-based line where the preamble starts); ('', '', '', 0) when it has no class."""
    m = re.search(r"^[^%\n]*?\\documentclass\s*(\[[^\]]*\])?\s*\{([^{}]*)\}", text, re.M)
    if not m:
        return "", "", "", 0
    rest = text[m.end():]
    body = re.split(r"\\begin\s*\{document\}", rest, maxsplit=1)[0]
    line = text.count("\n", 0, m.end()) + 1
    return text[:m.start()], m.group(2).strip(), body, line
