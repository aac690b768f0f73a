"""Evaluate the Open Logic Project's tag conditionals in the source, as LaTeX would, so
that the text a regular expression counts is the text TeX typesets.

openlogic's text depends on tags (sty/open-logic-selective.sty, on etoolbox toggles):

- ``\\tagtrue{a,b}`` / ``\\tagfalse{a,b}`` set each tag of the comma list and its opposite
  ``nota``/``notb`` (etoolbox's \\docsvlist: items trimmed, empty items skipped);
- ``\\iftag{tags}{yes}{no}``: ``yes`` when any tag of the list is true, else ``no``;
- ``\\tagitem{tags}{yes}{no}``: ``\\item yes`` or ``\\item no`` (nothing when that branch
  is blank);
- ``\\tagprob[tags1]{tags2}`` ... ``\\tagendprob``: unless both lists hold a true tag
  (``tags1`` defaults to ``tagTrue``), \\prob becomes a comment environment, so every
  ``\\begin{prob}...\\end{prob}`` up to ``\\tagendprob`` vanishes (\\killprob and
  \\restoreprob are global);
- ``\\tagrefs{t1/{ref1},t2/{ref2}}``: ``\\cref`` of the refs whose tag is true;
- ``\\begin{tagblock}{tags}...\\end{tagblock}``: the body when a tag is true, else a
  comment.

openlogic also chooses text by its labels: ``\\oliflabeldef{label}{yes}{no}``
(sty/open-logic-referencing.sty) is ``yes`` when the label is defined, which LaTeX knows
from the .aux of its previous run: the document is read again until its labels no longer
change (\\ollabel{x} is \\label{part:chapter:section:x}, the ids set by \\olfileid).

A tag nobody set is false (etoolbox's \\iftoggle reports "Toggle undefined" and takes the
false branch); `Walk.unknown` records where one is tested.  Toggles are local: the state
is saved at ``\\begin{env}`` and restored at its ``\\end`` (a \\tagfalse inside a proof
holds until the end of the proof), and around an author's include command such as
``\\olimport`` (a \\begingroup in open-logic.sty).  ``\\newcommand``/``\\def`` bodies are
left as they are (they are evaluated where used), as are constructs whose tag list holds a
macro parameter (#1).  \\probtag is not a conditional: with open-logic-defer.sty, the one
the complete build loads, it shows its problem whatever its tags (the sty says so).

`filter_document` walks the document from its main file in reading order, as TeX reads
it (preamble too: the settings come from the \\tagtrue/\\tagfalse lines of the config
.sty files it \\inputs, in order), and writes a copy of its folder where every file read
holds its filtered text.  A file read twice under different tags (openlogic reads the
first-order proof systems again with ``\\tagfalse{FOL}`` for propositional logic) gets a
second copy, ``NAME@tag2.tex``, and the include command that reads it the second time is
pointed there; `original_path` maps a copy back.  Comments are stripped first
(octavo.math.scan.strip_comments, as the formula counter does).  Removed text keeps its
line breaks, each written ``%\\n`` so that no blank line (a paragraph end that would stop
an inline formula) appears where TeX sees none: every kept character stays on its line.

`openlogic_source` adds what else a regular expression misses in openlogic's preamble
(formula macros made with \\DeclareDocumentCommand, text tokens holding a formula,
bussproofs proofs and tableaux drawn as pictures): bench/mathcount.py and
tests/unit/test_math_corpus.py count openlogic's formulas in that copy.

Usage: .venv/bin/python bench/tagfilter.py MAIN.tex OUTDIR   (prints the files copied
twice and the tags tested but never set).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("OCTAVO_SRC") or str(ROOT / "src"))

from octavo.math.scan import find_formulas, strip_comments  # noqa: E402

OLIMPORT = r"\\olimport\s*(?:\[(?P<dir>[^\]]*)\])?\s*\{(?P<file>[^}]*)\}"
"""openlogic's \\olimport[dir]{file} (sty/open-logic.sty): a subfile relative to the
current file, inside a group."""

_TOKEN = re.compile(
    r"\\(?P<name>iftag|tagitem|tagprob|tagendprob|tagrefs|tagtrue|tagfalse|begin|end"
    r"|(?:re|provide)?newcommand|DeclareRobustCommand|(?:Declare|New|Renew|Provide)DocumentCommand"
    r"|(?:re)?newenvironment|[gex]?def"
    r"|input|include|subfile|import|subimport|InputIfFileExists"
    r"|oliflabeldef|olfileid|olchapterid|olpartid|ollabel|olsection|olchapter|olpart|label)"
    r"(?![A-Za-z@])"
    r"|\\[^A-Za-z]")
_SIMPLE_DEF = re.compile(r"\\(?:(?:re|provide)?newcommand\*?\s*\{\s*\\(?P<a>[A-Za-z@]+)\s*\}"
                         r"|def\s*\\(?P<b>[A-Za-z@]+))\s*\{(?P<value>[^{}\\#]*)\}")
_MACRO = re.compile(r"\\([A-Za-z@]+)")


def removed(text: str) -> str:
    """``text`` as TeX never reads it: spaces, each line break kept as ``%\\n``."""
    return re.sub(r"[^\n]", " ", text).replace("\n", "%\n")


def tag_list(arg: str) -> list[str]:
    """The items of a comma list as etoolbox's \\docsvlist gives them (trimmed, no empty
    items; one pair of braces around an item is removed)."""
    out = []
    for item in arg.split(","):
        item = item.strip()
        if len(item) >= 2 and item[0] == "{" and item[-1] == "}":
            item = item[1:-1].strip()
        if item:
            out.append(item)
    return out


_LABELLING = frozenset({"oliflabeldef", "olfileid", "olchapterid", "olpartid", "ollabel",
                        "olsection", "olchapter", "olpart", "label"})


def _is_empty(arg: str) -> bool:
    """etoolbox's \\ifstrempty on a comment-stripped argument: nothing but comments (a
    comment takes its line break and the next line's leading spaces along)."""
    return re.sub(r"%\n?[ \t]*", "", arg) == ""


def set_tags(tags: dict, arg: str, value: bool) -> None:
    """\\tagtrue{arg} (value True) or \\tagfalse{arg}: each tag and its ``not`` twin."""
    for t in tag_list(arg):
        tags[t] = value
        tags["not" + t] = not value


def tags_from(text: str, tags: dict | None = None) -> dict:
    """The tags set by the \\tagtrue/\\tagfalse lines of ``text`` (a config .sty), in order,
    on top of ``tags``; comments ignored, definitions (\\newcommand{\\tagtrue}) skipped."""
    tags = dict(tags or {})
    for m in re.finditer(r"\\tag(true|false)\s*\{([^{}]*)\}", strip_comments(text)):
        set_tags(tags, m.group(2), m.group(1) == "true")
    return tags


def _group_end(text: str, i: int, end: int) -> int:
    """Index just after the {...} group opening at ``i`` (``text[i] == "{"``), or -1
    when it does not close before ``end``."""
    depth = 0
    j = i
    while j < end:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def _skip_space(text: str, i: int, end: int) -> int:
    """After the spaces TeX skips before an undelimited argument: blanks, one line end
    (an empty line after it is a \\par, not skipped) and a comment with its line end
    (``%`` is what stripping a comment leaves)."""
    return _space_end(text, i, end)[0]


def _space_end(text: str, i: int, end: int) -> tuple:
    """(index after the skippable spaces, True when they end at an empty line: TeX reads
    a \\par token there, which is the argument)."""
    line_start = False  # TeX's state N: an end of line there is an empty line
    while i < end:
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch == "%" and i + 1 < end and text[i + 1] == "\n":
            i += 2
            line_start = True
        elif ch == "\n":
            if line_start:
                return i, True
            line_start = True
            i += 1
        else:
            break
    return i, False


def _tex_arguments(text: str, i: int, end: int, count: int):
    """The ``count`` undelimited arguments TeX reads after ``i``: a {group}, a control
    sequence, one character, or the \\par of an empty line; each as (start, end, content
    start, content end), then the index after the last; None if the text ends first."""
    args = []
    for _ in range(count):
        j, par = _space_end(text, i, end)
        if j >= end:
            return None
        if par:
            k = j + 1
            args.append((j, k, j, k))
        elif text[j] == "{":
            k = _group_end(text, j, end)
            if k < 0:
                return None
            args.append((j, k, j + 1, k - 1))
        elif text[j] == "}":
            return None
        else:
            cs = re.compile(r"\\(?:[A-Za-z@]+|.)", re.S).match(text, j)
            k = cs.end() if cs else j + 1
            args.append((j, k, j, k))
        i = args[-1][1]
    return args, i


def _arguments(text: str, i: int, end: int, count: int):
    """The spans (open, close) of ``count`` braced arguments after ``i`` (spaces between
    them skipped), and the index after the last; None if they are not all there."""
    spans = []
    for _ in range(count):
        j = _skip_space(text, i, end)
        if j >= end or text[j] != "{":
            return None
        k = _group_end(text, j, end)
        if k < 0:
            return None
        spans.append((j, k))
        i = k
    return spans, i


def _optional(text: str, i: int, end: int):
    """The content and end of an optional [...] argument after ``i``, or (None, i)."""
    j = _skip_space(text, i, end)
    if j < end and text[j] == "[":
        depth = 0
        k = j
        while k < end:
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
            elif text[k] == "]" and depth == 0:
                return text[j + 1:k], k + 1
            k += 1
    return None, i


def _definition_end(text: str, m: re.Match, end: int) -> int:
    """End of a definition whose command ``m`` matched (its name, parameters and body or
    bodies, copied as they are); ``m.end()`` when it cannot be parsed."""
    name = m.group("name")
    i = m.end()
    if i < end and text[i] == "*":
        i += 1
    i = _skip_space(text, i, end)
    if name.endswith("def"):
        cs = re.compile(r"\\(?:[A-Za-z@]+|.)").match(text, i)
        if cs is None:
            return m.end()
        i = cs.end()
        while i < end and text[i] != "{":
            i += 1
        k = _group_end(text, i, end) if i < end else -1
        return k if k > 0 else m.end()
    if i < end and text[i] == "{":
        i = _group_end(text, i, end)
        if i < 0:
            return m.end()
    else:
        cs = re.compile(r"\\(?:[A-Za-z@]+|.)").match(text, i)
        if cs is None:
            return m.end()
        i = cs.end()
    bodies = 2 if name.endswith("environment") else 1
    if "DocumentCommand" in name:
        got = _arguments(text, i, end, 2)
        return got[1] if got else m.end()
    while True:
        opt, j = _optional(text, i, end)
        if opt is None:
            break
        i = j
    got = _arguments(text, i, end, bodies)
    return got[1] if got else m.end()


@dataclass
class Walk:
    """One reading of a document: the tags as they stand, the files written."""

    root: Path
    """The folder of the main file (the copy mirrors it)."""
    out: Path
    includes: list = field(default_factory=list)
    """The author's include commands (regexes with groups ``dir``, ``file``), read as a
    \\subfile relative to the current file, inside a group."""
    tags: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    """Simple macros (\\olpath -> .) replaced in include file names."""
    unknown: list = field(default_factory=list)
    """(file, line, tag) for every tag tested that nobody set."""
    written: dict = field(default_factory=dict)
    """Original file -> the distinct filtered texts written for it, in order."""
    known: frozenset = frozenset()
    """The labels the document defines (its .aux, as the previous reading found them)."""
    labels: set = field(default_factory=set)
    """The labels defined in this reading."""
    ids: tuple = ("udf", "udf", "udf")
    """openlogic's \\theolpart, \\theolchapter, \\theolsection (\\olfileid)."""
    write: bool = True
    post: object = None
    """A function applied to each filtered text before it is written (`openlogic_source`)."""
    prob_killed: bool = False
    prob_saved: bool = False
    _env: list = field(default_factory=list)
    _file: Path | None = None
    _text: str = ""

    # --- tags -----------------------------------------------------------------------

    def _save(self) -> tuple:
        """The local state a group restores: toggles and openlogic's file ids."""
        return dict(self.tags), self.ids

    def _restore(self, saved: tuple) -> None:
        self.tags, self.ids = dict(saved[0]), saved[1]

    def test(self, arg: str, where: tuple) -> bool:
        """\\iftag's test: is any tag of the list true?"""
        hit = False
        for t in tag_list(arg):
            if t not in self.tags:
                self.unknown.append((where[0], where[1], t))
            elif self.tags[t]:
                hit = True
        return hit

    # --- files ----------------------------------------------------------------------

    def visit(self, path: Path, *, skip_preamble: bool = False) -> Path:
        """Filter ``path`` with the tags as they stand; the copy to read (a second copy
        when the text differs from what an earlier reading gave)."""
        try:
            raw = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return path
        text = strip_comments(raw)
        start = 0
        if skip_preamble and "\\documentclass" in text[:2000]:
            m = re.search(r"\\begin\{document\}", text)
            start = m.start() if m else 0
        self._file = path
        self._text = text
        got = text[:start] + self.region(text, start, len(text), path)
        if self.post is not None:
            got = self.post(got)
        if not self.write:
            return path
        variants = self.written.setdefault(path, [])
        if got in variants:
            k = variants.index(got)
        else:
            variants.append(got)
            k = len(variants) - 1
        target = self.copy_path(path, k)
        if target is None:
            return path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(got, encoding="utf-8")
        return target

    def copy_path(self, path: Path, k: int) -> Path | None:
        """Where the ``k``-th distinct text of ``path`` is written (None outside the
        document's folder: not copied)."""
        rel = Path(os.path.relpath(path, self.root))
        if rel.parts and rel.parts[0] == "..":
            return None
        if k:
            rel = rel.with_name(f"{rel.stem}@tag{k + 1}{rel.suffix}")
        return self.out / rel

    def _resolve(self, name: str, here: Path, dirs=None) -> Path | None:
        name = _MACRO.sub(lambda m: self.names.get(m.group(1), m.group(0)), name.strip())
        if not name or "\\" in name:
            return None
        for d in dirs or [self.root, here]:
            for cand in (Path(d) / name, Path(d) / (name + ".tex")):
                if cand.is_file():
                    return Path(os.path.normpath(cand))
        return None

    def _include(self, text: str, i: int, end: int, m: re.Match, path: Path):
        """An include command at ``m``: (its text, pointed at the copy, and where it ends),
        or None when it is not one that can be followed."""
        name = m.group("name")
        here = path.parent
        args = _arguments(text, m.end() + (text[m.end():m.end() + 1] == "*"), end,
                          2 if name in ("import", "subimport") else 1)
        if args is None:
            return None
        spans, after = args
        if name == "InputIfFileExists":  # {file}{yes}{no}: the yes branch is code, left out
            file_span = spans[0]
            target = self._resolve(text[file_span[0] + 1:file_span[1] - 1], here)
            got = _arguments(text, after, end, 2)
            after = got[1] if got else after
            scoped, sub = False, False
        elif name in ("import", "subimport"):
            base = here if name == "subimport" else self.root
            file_span = spans[1]
            d = text[spans[0][0] + 1:spans[0][1] - 1].strip()
            target = self._resolve(text[file_span[0] + 1:file_span[1] - 1], here, [base / d])
            scoped, sub = False, False
        else:
            file_span = spans[0]
            dirs = [here] if name == "subfile" else None
            target = self._resolve(text[file_span[0] + 1:file_span[1] - 1], here, dirs)
            scoped, sub = False, name == "subfile"
        if target is None:
            return None
        return self._follow(text, m.start(), after, (file_span[0] + 1, file_span[1] - 1),
                            target, scoped, sub)

    def _follow(self, text, start, after, name_span, target, scoped, sub):
        """Read ``target`` (``scoped``: inside a group; ``sub``: its preamble skipped);
        the include command ``text[start:after]`` pointed at the copy to read, whose
        file name stands at ``name_span``."""
        saved = self._save() if scoped else None
        file, whole = self._file, self._text
        copy = self.visit(target, skip_preamble=sub)
        self._file, self._text = file, whole
        if saved is not None:
            self._restore(saved)
        a, b = name_span
        name = text[a:b]
        if copy.stem != target.stem:  # a second copy: point the command at it
            stripped = name.strip()
            if stripped.endswith(target.suffix):
                new = stripped[:-len(target.suffix)] + copy.name[len(target.stem):]
            else:
                new = stripped + copy.stem[len(target.stem):]
            name = new
        return text[start:a] + name + text[b:after], after

    # --- text -----------------------------------------------------------------------

    def _line(self, i: int) -> int:
        return self._text.count("\n", 0, i) + 1

    def region(self, text: str, i: int, end: int, path: Path) -> str:
        """``text[i:end]`` with every tag construct replaced by what TeX reads of it."""
        out = []
        pos = i
        while pos < end:
            m = _TOKEN.search(text, pos, end)
            extra = None
            for rx in self.includes:
                e = rx.search(text, pos, end)
                if e is not None and (extra is None or e.start() < extra.start()):
                    extra = e
            if extra is not None and (m is None or extra.start() <= m.start()):
                out.append(text[pos:extra.start()])
                d = (extra.groupdict().get("dir") or "").strip()
                target = self._resolve(extra.group("file"), path.parent,
                                       [path.parent / d] if d else [path.parent])
                if target is None:
                    out.append(extra.group(0))
                else:
                    got, _ = self._follow(text, extra.start(), extra.end(), extra.span("file"),
                                          target, True, True)
                    out.append(got)
                pos = extra.end()
                continue
            if m is None:
                out.append(text[pos:end])
                break
            out.append(text[pos:m.start()])
            name = m.group("name")
            if name is None:  # a control symbol
                out.append(m.group(0))
                pos = m.end()
                continue
            got = self.construct(text, m, end, path)
            if got is None:
                out.append(m.group(0))
                pos = m.end()
            else:
                out.append(got[0])
                pos = got[1]
        return "".join(out)

    def labelling(self, text: str, m: re.Match, end: int, path: Path):
        """openlogic's labels (sty/open-logic-referencing.sty): \\olfileid sets the part,
        chapter and section ids; \\ollabel{x} is \\label{part:chapter:section:x};
        \\olsection labels ``sec``, \\olchapter ``p:c::chap``, \\olpart ``p:::part``;
        \\oliflabeldef{label}{yes}{no} is ``yes`` when the label is defined (in the .aux:
        anywhere in the document, `known`)."""
        name = m.group("name")
        if name == "oliflabeldef":
            got = _tex_arguments(text, m.end(), end, 3)
            if got is None:
                return None
            (lab, yes, no), after = got
            _, _, a, b = yes if text[lab[2]:lab[3]].strip() in self.known else no
            return (removed(text[m.start():a]) + self.region(text, a, b, path)
                    + removed(text[b:after])), after
        i = m.end()
        if name != "label" and name != "ollabel":
            _, i = _optional(text, i, end)
        need = {"olfileid": 3, "olchapterid": 2, "olpartid": 1, "ollabel": 1, "olsection": 0,
                "olchapter": 2, "olpart": 1, "label": 1}[name]
        got = _arguments(text, i, end, need) if need else ([], i)
        if got is None:
            return None
        args = [text[a + 1:b - 1].strip() for a, b in got[0]]
        part, chapter, section = self.ids
        if name == "olfileid":
            self.ids = (args[0], args[1], args[2])
        elif name == "olchapterid":
            self.ids = (args[0], args[1], section)
        elif name == "olpartid":
            self.ids = (args[0], chapter, section)
        elif name == "ollabel":
            self.labels.add(f"{part}:{chapter}:{section}:{args[0]}")
        elif name == "olsection":
            self.labels.add(f"{part}:{chapter}:{section}:sec")
        elif name == "olchapter":
            self.labels.add(f"{args[0]}:{args[1]}::chap")
        elif name == "olpart":
            self.labels.add(f"{args[0]}:::part")
        elif "#" not in args[0]:
            self.labels.add(args[0])
        return None

    def construct(self, text: str, m: re.Match, end: int, path: Path):
        """(replacement, end) for the command at ``m``, or None to copy its name."""
        name = m.group("name")
        if name in ("tagtrue", "tagfalse"):
            got = _arguments(text, m.end(), end, 1)
            if got is None:
                return None
            [(a, b)], after = got
            arg = text[a + 1:b - 1]
            if "#" in arg:
                return None
            set_tags(self.tags, arg, name == "tagtrue")
            return text[m.start():after], after
        if name in ("iftag", "tagitem"):
            got = _tex_arguments(text, m.end(), end, 3)
            if got is None or "#" in text[got[0][0][0]:got[0][0][1]]:
                return None
            (t, yes, no), after = got
            hit = self.test(text[t[2]:t[3]], (path, self._line(m.start())))
            _, _, a, b = yes if hit else no
            body = self.region(text, a, b, path)
            head = removed(text[m.start():a])
            tail = removed(text[b:after])
            if name == "tagitem":
                if _is_empty(text[a:b]):
                    return removed(text[m.start():after]), after
                # \item in the place of the last characters removed before the branch
                head = head[:-6] + "\\item " if len(head) >= 6 and "\n" not in head[-6:] \
                    else head + "\\item "
            return head + body + tail, after
        if name == "tagprob":
            opt, i = _optional(text, m.end(), end)
            got = _arguments(text, i, end, 1)
            if got is None:
                return None
            [(a, b)], after = got
            where = (path, self._line(m.start()))
            first = self.test(opt if opt is not None else "tagTrue", where)
            second = self.test(text[a + 1:b - 1], where)
            self.prob_saved = self.prob_killed  # \saveprob
            if not (first and second):
                self.prob_killed = True  # \killprob
            return removed(text[m.start():after]), after
        if name == "tagendprob":
            self.prob_killed = self.prob_saved  # \restoreprob
            return removed(m.group(0)), m.end()
        if name == "tagrefs":
            got = _arguments(text, m.end(), end, 1)
            if got is None:
                return None
            [(a, b)], after = got
            refs = []
            for item in tag_list(text[a + 1:b - 1]):
                tag, _, ref = item.partition("/")
                ref = ref.strip()
                if ref.startswith("{") and ref.endswith("}"):
                    ref = ref[1:-1]
                if self.test(tag, (path, self._line(m.start()))):
                    refs.append(ref)
            return "\\cref{" + ",".join(refs) + "}" + removed(text[m.start():after]), after
        if name in ("begin", "end"):
            got = _arguments(text, m.end(), end, 1)
            if got is None:
                return None
            [(a, b)], after = got
            env = text[a + 1:b - 1].strip()
            if name == "end":
                if self._env:
                    self._restore(self._env.pop())
                return None
            if env == "prob" and self.prob_killed:  # a comment environment
                close = text.find("\\end{prob}", after, end)
                stop = close + len("\\end{prob}") if close >= 0 else end
                return removed(text[m.start():stop]), stop
            if env == "tagblock":
                got = _arguments(text, after, end, 1)
                if got is None:
                    return None
                [(ta, tb)], after = got
                close = text.find("\\end{tagblock}", after, end)
                stop = close + len("\\end{tagblock}") if close >= 0 else end
                if not self.test(text[ta + 1:tb - 1], (path, self._line(m.start()))):
                    return removed(text[m.start():stop]), stop
                saved = self._save()
                body = self.region(text, after, close if close >= 0 else end, path)
                self._restore(saved)
                return removed(text[m.start():after]) + body + removed(text[close:stop]) \
                    if close >= 0 else removed(text[m.start():after]) + body, stop
            self._env.append(self._save())
            return None
        if name in _LABELLING:
            return self.labelling(text, m, end, path)
        if name in ("input", "include", "subfile", "import", "subimport", "InputIfFileExists"):
            return self._include(text, m.start(), end, m, path)
        # a definition: copied as it is (its body is read where it is used)
        stop = _definition_end(text, m, end)
        if stop > m.end():
            d = _SIMPLE_DEF.match(text, m.start())
            if d is not None:
                self.names[d.group("a") or d.group("b")] = d.group("value").strip()
        return text[m.start():stop], stop


def filter_text(text: str, tags: dict | None = None, known=()) -> tuple:
    """(``text`` as LaTeX reads it with the toggles ``tags`` and the labels ``known``
    defined, the walk): comments stripped, every construct evaluated, includes left as
    they are.  ``tags`` holds both members of a pair as \\tagtrue sets them (`tags_from`)."""
    walk = Walk(root=Path("."), out=Path("."), tags=dict(tags or {}), known=frozenset(known),
                write=False)
    text = strip_comments(text)
    walk._file, walk._text = Path("<text>"), text
    return walk.region(text, 0, len(text), Path("<text>")), walk


def filter_document(main: Path, out: Path, includes=(OLIMPORT,), passes: int = 4,
                    post=None) -> Walk:
    """Copy the folder of ``main`` to ``out`` with every file the document reads filtered
    (see the module's docstring); the walk, with ``.unknown`` and ``.written``.  The
    document is read as LaTeX is run: again while the labels it defines change (the .aux
    of the previous run decides \\oliflabeldef), ``passes`` times at most; the last
    reading writes."""
    main = Path(main).resolve()
    root = main.parent
    out = Path(out)
    known: frozenset = frozenset()
    for k in range(passes):
        walk = Walk(root=root, out=out, includes=[re.compile(p) for p in includes],
                    names={"jobname": main.stem, "oljobname": main.stem}, known=known,
                    write=False)
        walk.visit(main)
        if walk.labels == known:
            break
        known = frozenset(walk.labels)
    shutil.copytree(root, out, dirs_exist_ok=True, symlinks=True)
    walk = Walk(root=root, out=out, includes=[re.compile(p) for p in includes],
                names={"jobname": main.stem, "oljobname": main.stem}, known=known, post=post)
    walk.visit(main)
    return walk


# --- what else a regular expression cannot read in openlogic ---------------------------
#
# octavo.math.scan counts formulas by regular expressions; openlogic's preamble makes
# formulas in ways it does not follow.  These are the corrections, each what LaTeX does.

_DOC_COMMAND = re.compile(r"\\(?P<cmd>DeclareDocumentCommand|NewDocumentCommand"
                          r"|DeclareDocumentMacro)"
                          r"\s*\{?\s*\\(?P<name>[A-Za-z@]+)\s*\}?")
_IF_TF = re.compile(r"\\If(?:Boolean|NoValue|Value)TF\s*\{[^{}]*\}")


def _formulas_in(body: str) -> int:
    return len(find_formulas(body)) + body.count("\\ensuremath")


def _one_branch(body: str) -> str:
    """``body`` with every \\IfBooleanTF{#n}{A}{B} (and \\IfNoValueTF ...) replaced by the
    branch that shows more formulas: one use shows one branch."""
    out = []
    pos = 0
    while True:
        m = _IF_TF.search(body, pos)
        if m is None:
            out.append(body[pos:])
            return "".join(out)
        got = _arguments(body, m.end(), len(body), 2)
        if got is None:
            out.append(body[pos:m.end()])
            pos = m.end()
            continue
        (a, b), (c, d) = got[0]
        yes, no = _one_branch(body[a + 1:b - 1]), _one_branch(body[c + 1:d - 1])
        out.append(body[pos:m.start()])
        out.append(yes if _formulas_in(yes) >= _formulas_in(no) else no)
        pos = got[1]


def document_command_formulas(text: str) -> dict:
    """The commands ``text`` defines with xparse's \\DeclareDocumentCommand (or openlogic's
    \\DeclareDocumentMacro, a \\def) that make formulas of their own, with how many one use
    makes: a body that is \\ensuremath{...} makes one (\\Intro{\\lnot}); otherwise the
    formulas of the body, one branch of each \\IfBooleanTF taken (\\indcase{A}{B}{text}
    shows ``$A \\ident B$:``); a \\DeclareDocumentMacro whose body starts with one of these
    (\\LogCL -> \\Log{C}) is one too.  octavo.math.scan.formula_macros reads \\newcommand
    and \\def but not these."""
    text = strip_comments(text)
    made: dict = {}
    alias = {}
    for m in _DOC_COMMAND.finditer(text):
        got = _arguments(text, m.end(), len(text), 1 if m.group("cmd") == "DeclareDocumentMacro"
                         else 2)
        if got is None:
            continue
        a, b = got[0][-1]
        body = text[a + 1:b - 1]
        lead = re.sub(r"%\n?", "", body).strip()
        name = m.group("name")
        if lead.startswith("\\ensuremath"):
            made[name] = 1
            continue
        n = len(find_formulas(_one_branch(body)))
        if n:
            made[name] = n
        elif m.group("cmd") == "DeclareDocumentMacro":
            first = re.match(r"\\([A-Za-z@]+)", lead)
            if first:
                alias[name] = first.group(1)
    for name, target in alias.items():
        if target in made:
            made[name] = made[target]
    return made


_SETTOKEN = re.compile(r"\\settexttoken\s*\{(?P<name>[^{}]*)\}\*?")
_TOKEN_USE = re.compile(r"!!(?P<cap>\^?)(?P<art>a?)\{(?P<name>[^{}]*)\}(?P<pl>s?)"
                        r"|\\usetoken\s*\{(?P<form>[sSpP])\}\s*\{(?P<uname>[^{}]*)\}")


def text_tokens(text: str) -> dict:
    """openlogic's text tokens (sty/open-logic-tokenize.sty) whose text holds a formula:
    name -> {form: text} for the forms s, p, S, P of \\settexttoken{name}{s}{p}[S][P] (S and P
    default to s and p capitalised, which keeps their formulas)."""
    text = strip_comments(text)
    out = {}
    for m in _SETTOKEN.finditer(text):
        got = _arguments(text, m.end(), len(text), 2)
        if got is None:
            continue
        (a, b), (c, d) = got[0]
        forms = {"s": text[a + 1:b - 1], "p": text[c + 1:d - 1]}
        i = got[1]
        for cap in ("S", "P"):
            opt, j = _optional(text, i, len(text))
            if opt is None:
                forms[cap] = forms[cap.lower()]
            else:
                forms[cap], i = opt, j
        if any("$" in v for v in forms.values()):
            out[" ".join(m.group("name").split())] = forms
    return out


def expand_tokens(text: str, tokens: dict) -> str:
    """``text`` with each use of a token of ``tokens`` (``!!{name}``, ``!!^{name}``,
    ``!!a{name}s``, ``\\usetoken{S}{name}``) replaced by what it prints."""
    def one(m: re.Match) -> str:
        name = " ".join((m.group("name") or m.group("uname") or "").split())
        forms = tokens.get(name)
        if forms is None:
            return m.group(0)
        if m.group("form"):
            return forms[m.group("form")]
        form = "p" if m.group("pl") else "s"
        if m.group("cap"):
            form = form.upper()
        article = ("A~" if m.group("cap") else "a~") if m.group("art") else ""
        return article + forms[form]
    return _TOKEN_USE.sub(one, text)


_DRAWING = re.compile(
    r"\\begin\{(?P<env>oltableau|tableau|prooftree)\}.*?\\end\{(?P=env)\}"
    r"|\\(?:Axiom|AxiomC|AX|AXC)(?![A-Za-z@])", re.S)
_PROOF_END = re.compile(r"\\DisplayProof(?![A-Za-z@])|\\end\s*\{")


def blank_drawings(text: str) -> str:
    """``text`` without the drawings octavo.math.scan does not know (their formulas are part
    of the picture real TeX draws): prooftrees' tableau and openlogic's oltableau (which
    wraps it: sty/open-logic.sty), and bussproofs' proofs written without an environment,
    from the first axiom (\\AxiomC ...) to \\DisplayProof (or to the \\end of the
    environment whose end code holds \\DisplayProof: openlogic's prooftree)."""
    out = []
    pos = 0
    for m in _DRAWING.finditer(text):
        if m.start() < pos:
            continue
        if m.group("env") == "prooftree":
            continue  # scan's picture: left to it
        if m.group("env"):
            stop = m.end()
        else:
            e = _PROOF_END.search(text, m.end())
            if e is None:
                continue
            stop = e.end() if e.group(0).startswith("\\D") else e.start()
        out.append(text[pos:m.start()])
        out.append(removed(text[m.start():stop]))
        pos = stop
    out.append(text[pos:])
    return "".join(out)


_INDCASE_ATOMIC = re.compile(r"\\indcase\s*\*")


def blank_unprinted(text: str) -> str:
    """``text`` without the arguments openlogic's commands do not print: the second of
    \\indcase* (the atomic case prints ``$#3$ is atomic:``; #4 only defines \\indcomplex)."""
    out = []
    pos = 0
    for m in _INDCASE_ATOMIC.finditer(text):
        got = _arguments(text, m.end(), len(text), 2)
        if got is None or m.start() < pos:
            continue
        a, b = got[0][1]
        out.append(text[pos:a + 1])
        out.append(removed(text[a + 1:b - 1]))
        pos = b - 1
    out.append(text[pos:])
    return "".join(out)


def openlogic_source(main: Path, out: Path) -> tuple:
    """openlogic as LaTeX reads it, for the formula counter: (the copy of the main file in
    ``out``, the formula macros to add to octavo.math.scan's, the walk).  Tags and label
    conditionals evaluated (`filter_document`), text tokens with formulas expanded, the
    drawings scan does not know and the arguments that are not printed blanked out."""
    main = Path(main).resolve()
    styles = "".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(main.parent.glob("**/*.sty")))
    tokens = text_tokens(styles)
    walk = filter_document(main, out, post=lambda t: blank_unprinted(
        blank_drawings(expand_tokens(t, tokens))))
    return Path(out) / main.name, set(document_command_formulas(styles)), walk


def original_path(path: str, copy_root: Path, root: Path) -> str:
    """The original of a file of the copy (``NAME@tagK.tex`` -> ``NAME.tex``); other paths
    as they are."""
    try:
        rel = os.path.relpath(path, copy_root)
    except ValueError:
        return path
    if rel.startswith(".."):
        return path
    rel = re.sub(r"@tag\d+(\.[^./]*)?$", r"\1", rel)
    return str(Path(root) / rel)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not Path(args[0]).is_file():
        usage = __doc__[__doc__.index("Usage:"):].split("(")[0].strip()
        print(usage, file=sys.stderr)
        return 2
    walk = filter_document(Path(args[0]), Path(args[1]))
    for path, texts in sorted(walk.written.items()):
        if len(texts) > 1:
            print(f"{os.path.relpath(path, walk.root)}: {len(texts)} copies")
    print(f"files read: {len(walk.written)}; tags tested but never set: "
          f"{len(walk.unknown)}")
    for f, line, tag in walk.unknown[:50]:
        print(f"  {os.path.relpath(f, walk.root)}:{line}: {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
