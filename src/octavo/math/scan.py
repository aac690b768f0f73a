"""Find formulas in LaTeX source text by regular expressions, without expanding macros.

An independent count of a document's formulas (for tests that compare it with the
number of <math> elements produced) and a quick source of formulas for benchmarks.
Comments are removed first; verbatim-like environments are skipped; an inline formula
never spans a blank line (TeX would stop it there).  Each `Found`
gives the environment ("$", "\\(", "\\[", "$$" or the environment name with its star),
the body text and its offset in the comment-stripped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISPLAY_ENVS = ("equation", "align", "gather", "multline", "eqnarray", "displaymath",
                "flalign", "alignat", "math")

def _pattern(envs) -> re.Pattern:
    return re.compile(
        r"\\begin\{(?P<verb>verbatim|lstlisting|minted|comment|Verbatim)\*?\}.*?"
        r"\\end\{(?P=verb)\*?\}"
        r"|\\verb\*?(?P<vd>[^a-zA-Z\s]).*?(?P=vd)"
        r"|\\begin\{(?P<env>" + "|".join(map(re.escape, envs)) + r")(?P<star>\*?)\}"
        r"(?P<body>.*?)\\end\{(?P=env)(?P=star)\}"
        r"|\\\[(?P<db>.*?)\\\]"
        r"|\$\$(?P<dd>.*?)\$\$"
        r"|\\\((?P<ib>.*?)\\\)"
        r"|(?<!\\)(?P<id>\$)",
        re.S,
    )


_PATTERN = _pattern(DISPLAY_ENVS)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


@dataclass(frozen=True, slots=True)
class Found:
    env: str
    body: str
    offset: int
    end: int = -1
    """Offset just after the formula's closing delimiter."""

    @property
    def display(self) -> bool:
        return self.env not in ("$", "\\(", "math")


def strip_comments(text: str) -> str:
    """``text`` without its comments; a bare ``%`` stays in their place so that a line
    holding only a comment is not taken for a blank line (TeX reads no paragraph end
    there) and offsets of later lines shrink only within the line."""
    return _COMMENT.sub("%", text)


def _inline_end(text: str, i: int) -> int:
    """Index of the $ closing an inline formula whose body starts at ``i`` (a $ inside
    braces, as in \\text{for $x$}, does not close it); -1 if none before a blank line."""
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == "$" and depth == 0:
            return i
        elif ch == "\n" and _BLANK_LINE.match(text, i):
            return -1
        i += 1
    return -1


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def find_formulas(text: str, extra_envs=()) -> list[Found]:
    """Formulas of ``text``; ``extra_envs`` names the author's own display environments
    (see `formula_environments`)."""
    text = strip_comments(text)
    pattern = _pattern(tuple(DISPLAY_ENVS) + tuple(sorted(extra_envs))) if extra_envs else _PATTERN
    out = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return out
        pos = m.end()
        if m.group("verb") or m.group("vd"):
            continue
        if m.group("id"):
            end = _inline_end(text, m.end())
            if end < 0:
                continue
            out.append(Found("$", text[m.end():end], m.start(), end + 1))
            pos = end + 1
            continue
        if m.group("env"):
            out.append(Found(m.group("env") + m.group("star"), m.group("body"), m.start(),
                             m.end()))
        elif m.group("db") is not None:
            out.append(Found("\\[", m.group("db"), m.start(), m.end()))
        elif m.group("dd") is not None:
            out.append(Found("$$", m.group("dd"), m.start(), m.end()))
        elif m.group("ib") is not None:
            out.append(Found("\\(", m.group("ib"), m.start(), m.end()))


# --- whole documents: follow \input, \include, \subfile, \import ---------------------

@dataclass(frozen=True, slots=True)
class Placed:
    """A formula found in one file of a document: the file, its 1-based line, the formula."""

    path: str
    line: int
    found: Found


_INCLUDE = re.compile(
    r"\\(?P<cmd>input|include|subfile|import|subimport|inputfrom|subinputfrom|includefrom"
    r"|subincludefrom)\*?\s*(?:\{(?P<a>[^{}]*)\}(?:\s*\{(?P<b>[^{}]*)\})?|(?P<bare>[^\s{}\\]+))")
_IFFALSE = re.compile(r"\\iffalse\b.*?\\fi\b|\\begin\{comment\}.*?\\end\{comment\}", re.S)
_PICTURES = re.compile(r"\\begin\{(tikzpicture|tikzcd|xy|picture|pspicture|forest|circuitikz|"
                       r"mathpar|mathparpagebreakable|prooftree)\}.*?\\end\{\1\}", re.S)
"""Drawings: real TeX makes a picture of them, and the formulas inside are part of it."""
_BEGIN_DOC = re.compile(r"\\begin\{document\}")
_END_DOC = re.compile(r"\\end\{document\}")


def _blank_out(text: str, pattern: re.Pattern) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (newlines kept), so
    offsets and line numbers stay those of the file."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _resolve(name: str, dirs: list) -> "Path | None":
    from pathlib import Path
    name = name.strip()
    if not name:
        return None
    for d in dirs:
        for cand in (Path(d) / name, Path(d) / (name + ".tex")):
            if cand.is_file():
                return cand
    return None


_DEFINITION = re.compile(
    r"\\(?:(?:re|provide)?newcommand\*?|DeclareRobustCommand\*?|NewDocumentCommand"
    r"|(?:g|e|x)?def)\s*\{?\\(?P<name>[A-Za-z@]+)\}?(?P<rest>[^\n]*)")


_DEFINING = re.compile(r"\\(?:(?:re|provide)?newcommand\*?|DeclareRobustCommand\*?|"
                       r"NewDocumentCommand|(?:g|e|x)?def|let)\s*\{?\s*$")


def formula_macros(text: str) -> set:
    """Names of the commands ``text`` defines (\\newcommand, \\def ...) whose body, on
    the definition's line, makes a formula of its own (\\ensuremath or $): each use of
    one in running text is a formula the source does not spell out."""
    text = strip_comments(text)
    out = set()
    for m in _DEFINITION.finditer(text):
        rest = m.group("rest")
        if "\\ensuremath" in rest or re.search(r"(?<!\\)\$", rest):
            out.add(m.group("name"))
    # \let\nat\N makes \nat a formula macro when \N is one (followed to a fixed point)
    lets = [(m.group(1), m.group(2)) for m in _LET.finditer(text)]
    grew = True
    while grew:
        grew = False
        for new, old in lets:
            if old in out and new not in out:
                out.add(new)
                grew = True
    return out


_LET = re.compile(r"\\let\s*\\([A-Za-z@]+)\s*=?\s*\\([A-Za-z@]+)")


_NEWENV = re.compile(r"\\(?:re)?newenvironment\s*\{(?P<name>[A-Za-z@*]+)\}\s*(?:\[\d\])?"
                     r"(?:\[[^\]]*\])?\s*\{(?P<begin>[^\n]*)")
_STARTS_DISPLAY = re.compile(r"\\begin\{(?:" + "|".join(DISPLAY_ENVS) + r")\*?\}|\\csname\s*(?:"
                             + "|".join(DISPLAY_ENVS) + r")\*?\s*\\endcsname|\\\[|\$\$|\\(?:"
                             + "|".join(DISPLAY_ENVS) + r")\b")


_INDEX_DEF = re.compile(
    r"\\(?:(?:re|provide)?newcommand\*?|DeclareRobustCommand\*?|(?:g|e|x)?def)\s*\{?\\"
    r"(?P<name>[A-Za-z@]+)\}?\s*(?:\[\d\])?(?:#\d)*\s*\{\s*\\index\s*[\[{]")


def index_macros(text: str) -> set:
    """Names of the commands ``text`` defines as an index entry and nothing before it
    (\\newcommand{\\indexdef}[1]{\\index{#1|defstyle}}): their arguments, like
    \\index's, appear only in the index."""
    return {m.group("name") for m in _INDEX_DEF.finditer(strip_comments(text))}


def _blank_arguments(text: str, names) -> str:
    """``text`` with the arguments of every command in ``names`` blanked out (newlines
    kept): an index entry's formula is printed in the index, not where it is written."""
    rx = re.compile(r"\\(?:" + "|".join(sorted(map(re.escape, names))) + r")(?![A-Za-z@])\*?")
    out = []
    pos = 0
    for m in rx.finditer(text):
        if m.start() < pos:
            continue
        j = m.end()
        while j < len(text) and text[j] in " \t":
            j += 1
        end = _arguments_end(text, j)
        out.append(text[pos:m.start()])
        out.append(re.sub(r"[^\n]", " ", text[m.start():end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


_DEF_HEAD = re.compile(
    r"\\(?:(?P<nc>(?:re|provide)?newcommand\*?|DeclareRobustCommand\*?)\s*(?:\{\s*\\[A-Za-z@]+\s*\}"
    r"|\\[A-Za-z@]+)|(?:g|e|x)?def\s*\\[A-Za-z@]+(?P<params>[^{%]*))")


def _blank_definitions(text: str) -> str:
    """``text`` with the bodies of \\newcommand/\\def definitions blanked out (newlines
    kept): a formula in a definition is shown where the command is used, not where it is
    defined (a definition in the document body, \\newcommand{\\cA}{...$0$...})."""
    out = []
    pos = 0
    for m in _DEF_HEAD.finditer(text):
        if m.start() < pos:
            continue
        j = m.end()
        if m.group("nc") is not None:  # [n][default] before the body
            while j < len(text) and text[j] in " \t\n":
                j += 1
            while j < len(text) and text[j] == "[":
                j = _arguments_end(text, j) if text[j] == "[" else j
                while j < len(text) and text[j] in " \t\n":
                    j += 1
        if j >= len(text) or text[j] != "{":
            continue
        end = _arguments_end(text, j)
        if end > len(text):
            continue
        out.append(text[pos:j])
        out.append(re.sub(r"[^\n]", " ", text[j:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _braced(text: str, i: int) -> str:
    """The contents of the {...} group opening at ``i``."""
    end = _arguments_end(text, i)
    return text[i + 1:end - 1]


_GLOSSARY_ENTRY = re.compile(r"\\newglossaryentry\s*\{(?P<key>[^{}]*)\}\s*(?=\{)")
_GLOSSARY_USE = re.compile(r"\\(?:glsadd|gls|Gls|GLS|glspl|Glspl|glstext|glsname|glsdesc)\*?"
                           r"\s*(?:\[[^\]]*\])?\s*\{(?P<key>[^{}]*)\}")


def glossary_formulas(text: str) -> list[Found]:
    """Formulas the printed glossary shows: those in the entries (\\newglossaryentry{key}{
    name={...}, description={...}}) that ``text`` (all of the document's files) uses
    with \\glsadd, \\gls and friends; \\glsaddall uses every entry."""
    text = strip_comments(text)
    every = "\\glsaddall" in text
    used = {m.group("key").strip() for m in _GLOSSARY_USE.finditer(text)}
    out: list[Found] = []
    seen = set()
    for m in _GLOSSARY_ENTRY.finditer(text):
        key = m.group("key").strip()
        if key in seen or not (every or key in used):
            continue
        seen.add(key)
        out.extend(find_formulas(_braced(text, m.end())))
    return out


_CITE = re.compile(r"\\(?:no)?cite[a-zA-Z]*\*?\s*(?:\[[^\]]*\]\s*){0,2}\{(?P<keys>[^{}]*)\}")
_BIB_ENTRY = re.compile(r"@(?P<type>[A-Za-z]+)\s*\{\s*(?P<key>[^,\s]+)\s*,")


_BIB_UNPRINTED = frozenset({"abstract", "annote", "annotation", "keywords", "url", "doi",
                            "eprint", "file", "review", "mrreviewer", "comment"})
_BIB_FIELD = re.compile(r"\s*,?\s*(?P<name>[A-Za-z][\w-]*)\s*=\s*")


def _bib_fields(body: str):
    """(lower-case name, value) of the fields of an entry's body (after its key)."""
    i = body.find(",")
    n = len(body)
    while 0 <= i < n:
        m = _BIB_FIELD.match(body, i)
        if m is None:
            return
        j = m.end()
        if j < n and body[j] == "{":
            end = _arguments_end(body, j)
            value = body[j + 1:end - 1]
        elif j < n and body[j] == '"':
            end = body.find('"', j + 1)
            end = n if end < 0 else end + 1
            value = body[j + 1:end - 1]
        else:
            end = j
            while end < n and body[end] not in ",}":
                end += 1
            value = body[j:end]
        yield m.group("name").lower(), value
        i = end


def bibliography_formulas(text: str, bib: str) -> list[Found]:
    """Formulas in the titles and other printed fields of the .bib entries (``bib``)
    that the document (``text``, all of its files) cites; \\nocite{*} cites every entry.
    Fields that no bibliography style prints (abstract, url, keywords ...) are left out."""
    text = strip_comments(text)
    keys = set()
    for m in _CITE.finditer(text):
        keys.update(k.strip() for k in m.group("keys").split(","))
    every = "*" in keys
    out: list[Found] = []
    for m in _BIB_ENTRY.finditer(bib):
        if m.group("type").lower() in ("string", "preamble", "comment"):
            continue
        if not (every or m.group("key") in keys):
            continue
        body = _braced(bib, bib.index("{", m.start()))
        body = "\n".join(v for name, v in _bib_fields(body) if name not in _BIB_UNPRINTED)
        out.extend(find_formulas(_blank_arguments(body, ("index",))))
        keys.discard(m.group("key"))  # an entry is printed once
    return out


def formula_environments(text: str) -> set:
    """Names of the environments ``text`` defines whose begin code starts a display
    (\\newenvironment{myeq}{\\begin{equation}}{...}): each is one formula."""
    out = set()
    for m in _NEWENV.finditer(strip_comments(text)):
        if _STARTS_DISPLAY.search(m.group("begin")):
            out.add(m.group("name").rstrip("*"))
    return out


def _arguments_end(text: str, i: int) -> int:
    """End of the [..] and {..} groups that follow position ``i`` without a blank."""
    n = len(text)
    while i < n and text[i] in "[{":
        close = "]" if text[i] == "[" else "}"
        depth, j = 0, i
        while j < n:
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if ch == text[i]:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return i


def document_formulas(main, *, extra_includes=None, body_only: bool = True,
                      macros=(), envs=(), index=("index",)) -> list[Placed]:
    """Every formula of the document whose main file is ``main``, in reading order,
    following \\input/\\include (relative to the main file's directory or the current
    one), \\subfile and \\import/\\subimport (relative to the current file; a subfile's
    own preamble is skipped).  ``extra_includes`` maps a regex (with groups ``dir`` and
    ``file``) to the author's own include commands, relative to the current file.  With
    ``body_only`` the main file's preamble is skipped (it holds definitions, whose
    formulas appear wherever the macros are used).  Comments and \\iffalse...\\fi blocks
    are skipped; a file is read at most 50 times deep.  Each use of a command named in
    ``macros`` outside a formula counts as a formula too (env ``"\\name"``): see
    `formula_macros`.  The arguments of the commands named in ``index`` (\\index and the
    author's `index_macros`) are skipped: their formulas are printed in the index only."""
    from pathlib import Path
    main = Path(main)
    root = main.parent
    out: list[Placed] = []
    extras = [re.compile(p) for p in (extra_includes or [])]
    macro_rx = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros))) +
                          r")(?![A-Za-z@])") if macros else None

    def visit(path: Path, depth: int, skip_preamble: bool) -> None:
        if depth > 50:
            return
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        text = _blank_out(_blank_out(strip_comments(text), _IFFALSE), _PICTURES)
        if index:
            text = _blank_arguments(text, index)
        text = _blank_definitions(text)
        start, end = 0, len(text)
        m = _BEGIN_DOC.search(text)
        if skip_preamble and m:
            start = m.end()
            state["body"] = True
            e = _END_DOC.search(text, start)
            end = e.start() if e else end
        begin_at = m.end() if (m and not state["body"]) else -1
        body = text[:end]
        here = path.parent
        events = []  # (offset, kind, payload)
        spans = []
        for f in find_formulas(body[start:], envs):
            events.append((start + f.offset, 0, Found(f.env, f.body, start + f.offset,
                                                      start + f.end)))
            spans.append((start + f.offset, start + f.end))
        if macro_rx is not None:
            import bisect
            starts = [a for a, _ in spans]
            args_end = -1
            for m in macro_rx.finditer(body, start):
                k = bisect.bisect_right(starts, m.start()) - 1
                if k >= 0 and spans[k][0] <= m.start() < spans[k][1]:
                    continue  # inside a formula: \\ensuremath adds nothing there
                if _DEFINING.search(body, max(0, m.start() - 40), m.start()):
                    continue  # the definition itself, not a use
                if m.start() < args_end:
                    continue  # inside the arguments of a formula macro: part of it
                args_end = _arguments_end(body, m.end())
                events.append((m.start(), 0, Found("\\" + m.group(1), "", m.start(),
                                                   args_end)))
        for m in _INCLUDE.finditer(body, start):
            cmd = m.group("cmd")
            a, b, bare = m.group("a"), m.group("b"), m.group("bare")
            if cmd in ("input", "include"):
                target = _resolve(a if a is not None else bare or "", [root, here])
                sub_pre = False
            elif cmd == "subfile":
                target = _resolve(a or "", [here])
                sub_pre = True
            else:
                if a is None or b is None:
                    continue
                base = here if cmd.startswith("sub") else root
                target = _resolve(b, [base / a.strip()])
                sub_pre = False
            if target is not None:
                events.append((m.start(), 1, (target, sub_pre)))
        for rx in extras:
            for m in rx.finditer(body, start):
                d = (m.groupdict().get("dir") or "").strip()
                target = _resolve(m.group("file"), [here / d] if d else [here])
                if target is not None:
                    events.append((m.start(), 1, (target, True)))
        if begin_at >= 0:
            events.append((begin_at, 2, None))
        events.sort(key=lambda e: (e[0], e[1]))
        for offset, kind, payload in events:
            if kind == 2:
                state["body"] = True
            elif kind == 0:
                if state["body"]:
                    line = text.count("\n", 0, offset) + 1
                    out.append(Placed(str(path), line, payload))
            else:
                target, sub_pre = payload
                if sub_pre:
                    head = target.read_text(encoding="utf-8", errors="replace")[:2000]
                    sub_pre = "\\documentclass" in head
                visit(target, depth + 1, sub_pre)

    state = {"body": not body_only}
    visit(main, 0, body_only)
    return out
