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
        r"|\\[^A-Za-z]"  # a control symbol (\\$, \\\\, \\%): \\\\$ is a line break, then a formula
        r"|(?P<id>\$)",
        re.S,
    )


_PATTERN = _pattern(DISPLAY_ENVS)
_COMMENT = re.compile(r"\\[^A-Za-z]|(%[^\n]*)")


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
    return _COMMENT.sub(lambda m: "%" if m.group(1) else m.group(0), text)


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
    r"|subincludefrom|loadglsentries)\*?\s*(?:\{(?P<a>[^{}]*)\}(?:\s*\{(?P<b>[^{}]*)\})?|(?P<bare>[^\s{}\\]+))")
_IFFALSE = re.compile(r"\\iffalse\b.*?\\fi\b|\\begin\{comment\}.*?\\end\{comment\}", re.S)
_PICTURES = re.compile(r"\\begin\{(tikzpicture|tikzcd|xy|picture|pspicture|forest|circuitikz|"
                       r"mathpar|mathparpagebreakable|prooftree|nd|ndresume|fitchproof\*?)\}"
                       r".*?\\end\{\1\}", re.S)
"""Drawings: real TeX makes a picture of them, and the formulas inside are part of it
(nd, ndresume, fitchproof: a Fitch-style proof, forall x's fitch.sty)."""
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


def formula_macro_counts(text: str) -> dict:
    """The formula macros (`formula_macros`) whose body makes more than one formula, with
    how many each use makes: \\newcommand{\\ntuple}[1]{\\ensuremath{\\langle}#1\\ensuremath{\\rangle}}
    shows two formulas around its argument."""
    text = strip_comments(text)
    out = {}
    for m in _DEFINITION.finditer(text):
        rest = m.group("rest")
        j = rest.find("{")
        if j >= 0 and re.fullmatch(r"\s*(?:\[\d\]\s*)?(?:\[[^\]]*\]\s*)?(?:#\d)*\s*", rest[:j]):
            rest = rest[j:_arguments_end(rest, j)]
        n = rest.count("\\ensuremath") + len(re.findall(r"(?<!\\)\$", rest)) // 2
        if n > 1:
            out[m.group("name")] = n
    return out


_MEASURING = frozenset({"settowidth", "settoheight", "settodepth", "settototalheight"})
"""Commands that measure their argument without printing it."""


_NEWIF = re.compile(r"\\newif\s*\\if(?P<name>[A-Za-z@]+)")
_CONDITIONAL = re.compile(r"\\(?:if(?P<name>[A-Za-z@]*)|(?P<else>else)|(?P<fi>fi))(?![A-Za-z@])")


def conditional_values(text: str) -> dict:
    """The \\newif conditionals of ``text`` whose value never changes: false unless set,
    or the one value every \\NAMEtrue / \\NAMEfalse in ``text`` gives it (forall x's
    \\newif\\ifHTMLtarget \\HTMLtargetfalse).  A conditional set both ways is left out."""
    text = strip_comments(text)
    out = {}
    for m in _NEWIF.finditer(text):
        name = m.group("name")
        seen = set(re.findall(r"\\" + re.escape(name) + r"(true|false)(?![A-Za-z@])", text))
        if len(seen) <= 1:
            out[name] = seen == {"true"}
    return out


def blank_conditionals(text: str, values: dict) -> str:
    """``text`` with the branch that is not taken of every \\ifNAME ... \\else ... \\fi
    whose NAME ``values`` gives (`conditional_values`) blanked out, newlines kept.  Other
    conditionals (\\ifx, \\ifnum ...) only count for nesting."""
    if not values or "\\if" not in text:
        return text
    chars = None
    stack = []  # [name, start, else start or -1]
    for m in _CONDITIONAL.finditer(text):
        if m.group("fi"):
            if not stack:
                continue
            name, start, other = stack.pop()
            if name not in values:
                continue
            if values[name]:
                a, b = (other, m.start()) if other >= 0 else (-1, -1)
            else:
                a, b = start, (other + len("\\else") if other >= 0 else m.start())
            if a >= 0:
                if chars is None:
                    chars = list(text)
                for k in range(a, b):
                    if chars[k] != "\n":
                        chars[k] = " "
        elif m.group("else"):
            if stack and stack[-1][2] < 0:
                stack[-1][2] = m.start()
        else:
            before = text[max(0, m.start() - 12):m.start()].rstrip()
            if before.endswith(("\\newif", "\\let", "\\def", "\\csname")):
                continue  # declaring or naming the conditional, not testing it
            stack.append([m.group("name"), m.start(), -1])
    return text if chars is None else "".join(chars)


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
    r"\\(?:(?P<nc>(?:re|provide)?newcommand\*?|DeclareRobustCommand\*?)\s*(?:\{\s*\\(?P<nn>[A-Za-z@]+)\s*\}"
    r"|\\(?P<nb>[A-Za-z@]+))|(?:g|e|x)?def\s*\\(?P<dn>[A-Za-z@]+)(?P<params>[^{%]*)"
    r"|(?P<ne>(?:re)?newenvironment\*?)\s*\{[^{}]*\})")


def _skip_space(text: str, j: int) -> int:
    while j < len(text) and text[j] in " \t\n":
        j += 1
    return j


def _definitions(text: str) -> tuple:
    """(``text`` with the bodies of \\newcommand/\\def definitions and the begin and end
    code of \\(re)newenvironment blanked out, newlines kept: a formula in a definition is
    shown where the command is used, not where it is defined (a definition in the document
    body, \\newcommand{\\cA}{...$0$...}); [(offset after the definition, name, formulas
    in its body)] for the parameterless commands whose body holds formulas)."""
    out = []
    made = []
    pos = 0
    n = len(text)
    for m in _DEF_HEAD.finditer(text):
        if m.start() < pos:
            continue
        j = m.end()
        params = ""
        if m.group("nc") is not None or m.group("ne") is not None:  # [n][default]
            j = _skip_space(text, j)
            while j < n and text[j] == "[":
                params += "["
                j = _skip_space(text, _arguments_end(text, j))
        else:
            params = (m.group("params") or "").strip()
        if j >= n or text[j] != "{":
            continue
        end = _arguments_end(text, j)
        if m.group("ne") is not None:  # begin code, then end code
            k = _skip_space(text, end)
            if k < n and text[k] == "{":
                end = _arguments_end(text, k)
        if end > n:
            continue
        name = m.group("nn") or m.group("nb") or m.group("dn")
        if name and not params:
            k = len(find_formulas(text[j + 1:end - 1]))
            if k:
                made.append((end, name, k))
        out.append(text[pos:j])
        out.append(re.sub(r"[^\n]", " ", text[j:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out), made


def _blank_definitions(text: str) -> str:
    """``text`` with definitions' bodies blanked out (see `_definitions`)."""
    return _definitions(text)[0]


def _blank_glossary_entries(text: str) -> str:
    """``text`` with every \\newglossaryentry{key}{fields} blanked out (newlines kept):
    its formulas are printed in the glossary, where `glossary_formulas` counts them."""
    if "\\newglossaryentry" not in text:
        return text
    out = []
    pos = 0
    for m in _GLOSSARY_ENTRY.finditer(text):
        if m.start() < pos:
            continue
        end = _arguments_end(text, m.end())
        out.append(text[pos:m.start()])
        out.append(re.sub(r"[^\n]", " ", text[m.start():end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _braced(text: str, i: int) -> str:
    """The contents of the {...} group opening at ``i``."""
    end = _arguments_end(text, i)
    return text[i + 1:end - 1]


_GLOSSARY_ENTRY = re.compile(r"\\newglossaryentry\s*\{(?P<key>[^{}]*)\}\s*(?=\{)")
"""An entry's key; its fields' group follows, maybe after a line break."""
_GLOSSARY_USE = re.compile(r"\\(?:glsadd|gls|Gls|GLS|glspl|Glspl|glstext|glsname|glsdesc)\*?"
                           r"\s*(?:\[[^\]]*\])?\s*\{(?P<key>[^{}]*)\}")


def glossary_formulas(text: str, macros=(), macro_counts=None) -> list[Found]:
    """Formulas the printed glossary shows: those in the entries (\\newglossaryentry{key}{
    name={...}, description={...}}) that ``text`` (all of the document's files) uses
    with \\glsadd, \\gls and friends; \\glsaddall uses every entry.  A use of a formula
    macro (``macros``, ``macro_counts``: see `document_formulas`) outside the entry's
    formulas is a formula too (description={The symbol \\eand, ...})."""
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
        body = _braced(text, m.end())
        found = find_formulas(body)
        out.extend(found)
        if macros:
            counts = macro_counts or {}
            for f in reversed(found):  # offsets are those of the comment-stripped body
                body = body[:f.offset] + " " * (f.end - f.offset) + body[f.end:]
            rx = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros))) + r")(?![A-Za-z@])")
            args_end = -1
            for u in rx.finditer(body):
                if u.start() < args_end:
                    continue  # inside the arguments of a formula macro: part of it
                args_end = _arguments_end(body, u.end())
                out.extend(Found("\\" + u.group(1), "", u.start(), args_end)
                           for _ in range(counts.get(u.group(1), 1)))
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
                      macros=(), envs=(), index=("index",), macro_counts=None,
                      conditionals=None, files=None) -> list[Placed]:
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
    author's `index_macros`) are skipped: their formulas are printed in the index only, as
    are the entries of \\newglossaryentry (printed in the glossary: `glossary_formulas`).
    A use of a macro in ``macro_counts`` makes that many formulas (`formula_macro_counts`).
    The branches that are not taken of the conditionals named in ``conditionals``
    (`conditional_values`) are skipped.  ``files``, a list, receives every file read."""
    from pathlib import Path
    main = Path(main)
    root = main.parent
    out: list[Placed] = []
    extras = [re.compile(p) for p in (extra_includes or [])]
    counts = macro_counts or {}
    macros = set(macros) | {"ensuremath"}  # \\ensuremath{x} in running text is a formula
    macro_rx = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros))) +
                          r")(?![A-Za-z@])") if macros else None

    def visit(path: Path, depth: int, skip_preamble: bool) -> None:
        if depth > 50:
            return
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        if files is not None:
            files.append(path)
        text = _blank_out(_blank_out(strip_comments(text), _IFFALSE), _PICTURES)
        if conditionals:
            text = blank_conditionals(text, conditionals)
        # an index entry is printed in the index only; a measured box is not printed
        text = _blank_arguments(text, set(index or ()) | _MEASURING)
        text = _blank_glossary_entries(text)
        text, made = _definitions(text)
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
                for _ in range(counts.get(m.group(1), 1)):
                    events.append((m.start(), 0, Found("\\" + m.group(1), "", m.start(),
                                                       args_end)))
        # a parameterless command defined in the text with formulas in its body shows
        # them where it is used (until it is defined again)
        for k, (at, name, count) in enumerate(made):
            if name in macros:
                continue  # counted as a formula macro
            until = next((a for a, nm, _ in made[k + 1:] if nm == name), len(body))
            for m in re.finditer(r"\\" + re.escape(name) + r"(?![A-Za-z@])", body[:until]):
                if m.start() >= max(at, start) and not _DEFINING.search(
                        body, max(0, m.start() - 40), m.start()):
                    for _ in range(count):
                        events.append((m.start(), 0, Found("\\" + name, "", m.start(), m.end())))
        for m in _INCLUDE.finditer(body, start):
            cmd = m.group("cmd")
            a, b, bare = m.group("a"), m.group("b"), m.group("bare")
            if cmd in ("input", "include", "loadglsentries"):
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


def document_source(main, *, extra_includes=None, extra_macros=()) -> tuple:
    """The independent census of a document's formulas: (the `Placed` formulas of its
    body and the files it reads, the `Found` formulas of its printed glossary and cited
    .bib entries).  Definitions (formula macros, display environments, index macros,
    glossary entries, conditionals' values) come from the files the document reads from
    its main file (\\input, \\include ...: not every .tex beside it) and the packages
    (.sty) in its folder."""
    from pathlib import Path
    main = Path(main)
    root = main.parent
    styles = "".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(root.glob("**/*.sty")))
    read: list = []
    values = conditional_values(styles + main.read_text(encoding="utf-8", errors="replace"))
    document_formulas(main, extra_includes=extra_includes, body_only=False, index=(),
                      conditionals=values, files=read)
    texts = [styles]
    for p in dict.fromkeys(read):
        texts.append(p.read_text(encoding="utf-8", errors="replace"))
    defs = blank_conditionals("".join(texts), conditional_values("".join(texts)))
    values = conditional_values(defs)
    bib = "".join(p.read_text(encoding="utf-8", errors="replace") for p in root.glob("**/*.bib"))
    body = document_formulas(main, extra_includes=extra_includes,
                             macros=formula_macros(defs) | set(extra_macros),
                             macro_counts=formula_macro_counts(defs),
                             envs=formula_environments(defs),
                             index={"index"} | index_macros(defs), conditionals=values)
    glossary = glossary_formulas(defs, formula_macros(defs) | set(extra_macros) | {"ensuremath"},
                                 formula_macro_counts(defs))
    return body, glossary + bibliography_formulas(defs, bib)
