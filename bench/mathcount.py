"""Reconcile a document's formulas: the source's (counted by regular expressions) against
the ones octavo's tree holds, file by file and line by line; and list the <merror>s.

Usage: .venv/bin/python bench/mathcount.py DOC [--main FILE] [--lines N] [--merror]

The source is counted by octavo.math.scan.document_source (the files the document reads);
openlogic's in a copy where bench/tagfilter.py has evaluated its tags and label
conditionals as LaTeX does (`AS_LATEX_READS`), its formulas placed in the original files.
DOC is a corpus name (hott, realanal, diffyqs, openlogic ...; the main file is taken
from bench/anchors.py) or a path to a .tex file.  The document is read and transformed
in-process without TeX (as ``octavo build --no-tex``).  Every formula node the builder
receives (Math, DisplayMath, a placeholder for a picture written as a formula) is placed
where the file being read stood when it was made, so a formula made by an author's macro
(\\R -> \\ensuremath{...}) is placed where the macro is used, as the source counter places
it.  The tree's formulas are those reachable from the document (no table of contents, no
index), which is what tests/unit/test_math_corpus.py counts in the site's <main>.

Prints, per file, source vs tree counts, then up to N lines (default 40) where the two
differ (a formula spanning lines may be placed at its last line: differences up to 15 lines
apart that cancel are paired and not shown).  With ``--merror``: every <merror> text with
its count and first location.  A measuring tool: nothing asserts.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("OCTAVO_SRC") or str(ROOT / "src"))
CORPUS = Path(os.environ.get("OCTAVO_CORPUS", ROOT.parent / "shared" / "corpus"))

from octavo.config import BuildConfig  # noqa: E402
from octavo.convert import convert  # noqa: E402
from octavo.doc import nodes as N  # noqa: E402
from octavo.doc.builder import Builder  # noqa: E402
from octavo.errors import Reporter  # noqa: E402
from octavo.math.scan import Placed, document_source  # noqa: E402

_MERROR = re.compile(r"<merror>(?:<mtext>)?([^<]*)")

INCLUDES = {
    # \olimport[dir]{file}: a subfile relative to the current file (sty/open-logic.sty)
    "openlogic": [r"\\olimport\s*(?:\[(?P<dir>[^\]]*)\])?\s*\{(?P<file>[^}]*)\}"],
}
"""The author's own include commands, per corpus document (see document_formulas)."""


def _openlogic(source: Path, out: Path) -> tuple:
    sys.path.insert(0, str(ROOT / "bench"))
    from tagfilter import openlogic_source
    return openlogic_source(source, out)


AS_LATEX_READS = {
    # tags (\iftag{FOL}{..}{..}, \tagfalse{FOL} before the proof systems are read again for
    # propositional logic), \oliflabeldef and preamble formulas: bench/tagfilter.py
    "openlogic": _openlogic,
}
"""Documents whose text a regular expression cannot read as it stands: a function that
writes, into a folder, a copy of the document as LaTeX reads it (conditionals evaluated);
(the copy's main file, formula macros to add, ...)."""


def main_file(doc: str) -> Path:
    p = Path(doc)
    if p.suffix == ".tex" and p.is_file():
        return p
    sys.path.insert(0, str(ROOT / "bench"))
    from anchors import CORPUS_DOCS  # type: ignore
    return CORPUS / doc / {d.name: d.main for d in CORPUS_DOCS}[doc]


def _is_formula(node) -> bool:
    if isinstance(node, (N.Math, N.DisplayMath)):
        return True
    return isinstance(node, N.Placeholder) and node.source.startswith(
        ("$", "\\[", "\\(", "\\begin{align*}", "\\begin{gather*}", "\\begin{flalign*}", "\\begin{multline*}"))


def tree_formulas(source: Path):
    """(formula nodes of the transformed tree with their (file, line), the reporter)."""
    placed: dict = {}
    orig_inline, orig_block = Builder.add_inline, Builder.add_block

    def where(self, node):
        if _is_formula(node):
            eng = self.engine
            here = eng.here() if eng is not None else None
            loc = node.loc
            if here is None or not here.line:
                placed[id(node)] = (node, loc.file, loc.line)
            elif loc.file == here.file and loc.line <= here.line:
                placed[id(node)] = (node, loc.file, loc.line)  # written in the file read
            else:
                placed[id(node)] = (node, here.file, here.line)  # made by a macro used here

    def add_inline(self, node, tok=None):
        where(self, node)
        return orig_inline(self, node, tok)

    def add_block(self, node):
        where(self, node)
        return orig_block(self, node)

    Builder.add_inline, Builder.add_block = add_inline, add_block
    reporter = Reporter(max_messages=0)
    try:
        with tempfile.TemporaryDirectory() as out:
            cfg = BuildConfig(source=source, output=out, format="html", no_tex=True)
            conv = convert(cfg, reporter, "html")
    finally:
        Builder.add_inline, Builder.add_block = orig_inline, orig_block
    found = []
    stack = [conv.document]
    while stack:
        node = stack.pop()
        if isinstance(node, (N.IndexBlock, N.Contents, N.IndexMark)):
            continue
        if _is_formula(node):
            got = placed.get(id(node))
            loc = node.loc
            found.append(got if got is not None else (node, loc.file, loc.line))
        for lst in node.child_lists():
            stack.extend(lst)
        if isinstance(node, N.Document):
            stack.append(node.meta)
    return found, reporter


def source_formulas(source: Path, includes=(), prepare=None):
    """The document's formulas (Placed), then those of its printed glossary and
    bibliography (placed at line 0 of the main file: the tree places them where
    \\printglossary or the bibliography is read); see octavo.math.scan.document_source.
    With ``prepare`` (`AS_LATEX_READS`) they are counted in the copy it writes and placed
    in the original files."""
    if prepare is None:
        got, extra = document_source(source, extra_includes=list(includes))
        return got + [Placed(str(source), 0, f) for f in extra]
    from tagfilter import original_path
    with tempfile.TemporaryDirectory() as tmp:
        copy, macros, _ = prepare(source, Path(tmp))
        got, extra = document_source(copy, extra_includes=list(includes), extra_macros=macros)
        root = source.resolve().parent
        got = [Placed(original_path(p.path, Path(tmp), root), p.line, p.found) for p in got]
    return got + [Placed(str(source), 0, f) for f in extra]


def _rel(path: str, root: Path) -> str:
    try:
        return os.path.relpath(os.path.realpath(path), root)
    except ValueError:
        return path


def reconcile(source: Path, max_lines: int = 40, show_merror: bool = False,
              includes=(), prepare=None) -> dict:
    root = source.resolve().parent
    src = source_formulas(source, includes, prepare)
    tree, reporter = tree_formulas(source)
    want = collections.Counter((_rel(p.path, root), p.line) for p in src)
    have = collections.Counter((_rel(f, root), line) for _, f, line in tree)
    per_file = collections.defaultdict(lambda: [0, 0])
    for (f, _), n in want.items():
        per_file[f][0] += n
    for (f, _), n in have.items():
        per_file[f][1] += n
    print(f"{source}: source {sum(want.values())}, tree {sum(have.values())}")
    print("| file | source | tree | diff |")
    print("|---|---:|---:|---:|")
    for f in sorted(per_file):
        s, t = per_file[f]
        if s != t:
            print(f"| {f} | {s} | {t} | {t - s:+d} |")
    # line differences, pairing neighbours (a formula over several lines)
    diffs: dict = {}
    for key in set(want) | set(have):
        d = have[key] - want[key]
        if d:
            diffs[key] = d
    for f, line in sorted(diffs):
        d = diffs[(f, line)]
        for off in sorted(set(range(-15, 16)) - {0}, key=abs):
            other = (f, line + off)
            od = diffs.get(other, 0)
            if d and od and (d > 0) != (od > 0):
                k = min(abs(d), abs(od))
                d += -k if d > 0 else k
                diffs[other] = od + (k if od < 0 else -k)
        diffs[(f, line)] = d
    left = sorted((k, d) for k, d in diffs.items() if d)
    texts = collections.defaultdict(list)
    for node, f, line in tree:
        texts[(_rel(f, root), line)].append(getattr(node, "tex", "") or getattr(node, "source", ""))
    srcs = collections.defaultdict(list)
    for p in src:
        srcs[(_rel(p.path, root), p.line)].append(p.found.env + " " + p.found.body.strip()[:60])
    print(f"\nlines that differ (tree - source): {len(left)}, net {sum(d for _, d in left):+d}")
    for (f, line), d in left[:max_lines]:
        print(f"  {f}:{line}: {d:+d}  source={srcs.get((f, line), [])[:3]}  "
              f"tree={[t[:60] for t in texts.get((f, line), [])][:3]}")
    merrors: dict = {}
    if show_merror:
        for node, f, line in tree:
            for name in _MERROR.findall(getattr(node, "mathml", "") or ""):
                c = merrors.setdefault(name, [0, f"{_rel(f, root)}:{line}"])
                c[0] += 1
        print(f"\n<merror> texts: {sum(c for c, _ in merrors.values())}")
        for name, (count, first) in sorted(merrors.items(), key=lambda kv: -kv[1][0]):
            print(f"  {count:5d}  {name}  (first at {first})")
    return {"source": sum(want.values()), "tree": sum(have.values()), "lines": left,
            "merror": merrors}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("doc")
    ap.add_argument("--lines", type=int, default=40)
    ap.add_argument("--merror", action="store_true")
    args = ap.parse_args(argv)
    reconcile(main_file(args.doc), args.lines, args.merror, INCLUDES.get(args.doc, ()),
              AS_LATEX_READS.get(args.doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
