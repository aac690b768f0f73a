"""Cold and warm time of the picture pass on a corpus document.

Usage: .venv/bin/python bench/pictures.py [CORPUS_DIR MAIN_FILE] [--out DIR] [--batch N]

Finds every picture fragment in the document's .tex files with a regular expression
(tikzpicture, tikzcd, pspicture, picture, forest, circuitikz environments, ``\\xymatrix``
and ``\\chemfig`` with their braced argument), makes one `Placeholder` per fragment as the
LaTeX layer would, and runs `octavo.transforms.pictures.run` twice with a fresh cache
directory: cold (everything typeset) and warm (everything read back from the cache; the
number of processes started is counted by wrapping ``subprocess.Popen``).  Prints a
Markdown table row and, with ``--out``, writes the SVGs there for inspection.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from octavo.config import BuildConfig
from octavo.doc.nodes import Document, Meta, Placeholder
from octavo.errors import Location, Reporter
from octavo.fallback import runner
from octavo.fallback.preamble import split_document
from octavo.transforms import TransformContext
from octavo.transforms import pictures

ENVS = "tikzpicture|tikzcd|pspicture|picture|forest|circuitikz"
_ENV = re.compile(r"\\begin\{(%s)\}.*?\\end\{\1\}" % ENVS, re.S)
_CMD = re.compile(r"\\(xymatrix|chemfig)\b[^{]*\{")


def _strip_comments(text: str) -> str:
    out = []
    for line in text.split("\n"):
        i = 0
        while True:
            j = line.find("%", i)
            if j < 0 or (j and line[j - 1] == "\\"):
                if j < 0:
                    break
                i = j + 1
                continue
            line = line[:j] + "%"
            break
        out.append(line)
    return "\n".join(out)


def _braced_end(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def find_fragments(root: Path) -> list[tuple[str, Location]]:
    """(source, location) of each picture fragment in the .tex/.tikz files under root."""
    found = []
    for path in sorted(list(root.rglob("*.tex")) + list(root.rglob("*.tikz"))):
        text = _strip_comments(path.read_text(encoding="utf-8", errors="replace"))
        rel = path.relative_to(root).as_posix()
        spans = []
        for m in _ENV.finditer(text):
            spans.append((m.start(), m.end()))
        for m in _CMD.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue  # inside a picture already taken
            end = _braced_end(text, m.end() - 1)
            if end > 0:
                spans.append((m.start(), end))
        for a, b in sorted(spans):
            line = text.count("\n", 0, a) + 1
            col = a - (text.rfind("\n", 0, a) + 1) + 1
            found.append((text[a:b], Location(rel, line, col)))
    return found


def build_doc(root: Path, main: str) -> tuple[Document, BuildConfig]:
    text = (root / main).read_text(encoding="utf-8", errors="replace")
    _, cls, body, _ = split_document(text)
    if not cls:  # the class is in an \input file (HoTT): let the pass find it
        for name in re.findall(r"\\input\s*\{([^{}]+)\}", text):
            p = root / (name if name.endswith(".tex") else name + ".tex")
            if p.is_file():
                _, cls, body, _ = split_document(p.read_text(encoding="utf-8", errors="replace"))
                if cls:
                    break
    nodes = [Placeholder(reason="picture", source=s, loc=loc) for s, loc in find_fragments(root)]
    doc = Document(meta=Meta(docclass=cls or "article"), children=nodes, preamble=body,
                   source_root=str(root))
    return doc, BuildConfig(source=root / main)


def measure(root: Path, main: str, cache_dir: Path) -> dict:
    doc, cfg = build_doc(root, main)
    cfg.cache_dir = cache_dir
    rows = {}
    for phase in ("cold", "warm"):
        doc, _ = build_doc(root, main)
        ctx = TransformContext(cfg, Reporter())
        spawned = []
        real_popen = subprocess.Popen

        class Counting(real_popen):  # type: ignore[misc, valid-type]
            def __init__(self, *a, **k):
                spawned.append(a[0] if a else k.get("args"))
                super().__init__(*a, **k)

        subprocess.Popen = Counting
        try:
            t0 = time.perf_counter()
            pictures.run(doc, ctx)
            dt = time.perf_counter() - t0
        finally:
            subprocess.Popen = real_popen
        st = ctx.data["pictures_stats"]
        rows[phase] = {"seconds": dt, "processes": len(spawned), **st,
                       "svg": len(ctx.data["pictures"]),
                       "diagnostics": [d.format() for d in ctx.reporter.diagnostics],
                       "pictures": ctx.data["pictures"]}
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default="/work/shared/corpus/hott")
    ap.add_argument("main", nargs="?", default="hott-online.tex")
    ap.add_argument("--out", help="write the SVGs of the cold run here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print diagnostics")
    ap.add_argument("--batch", type=int, default=0,
                    help="fragments per TeX run at most (default: runner.MAX_BATCH)")
    a = ap.parse_args(argv)
    if a.batch:
        runner.MAX_BATCH = a.batch
    with tempfile.TemporaryDirectory(prefix="octavo-bench-cache-") as cache:
        rows = measure(Path(a.root), a.main, Path(cache))
    cold, warm = rows["cold"], rows["warm"]
    if a.verbose:
        print("\n".join(cold["diagnostics"]), file=sys.stderr)
    if a.out:
        out = Path(a.out)
        for rel, data in cold["pictures"].items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
    print("| document | fragments | SVG | failed | cold s | TeX runs | warm s | processes (warm) |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {Path(a.root).name} | {cold['fragments']} | {cold['svg']} | {cold['failed']} "
          f"| {cold['seconds']:.2f} | {cold['tex_runs']} | {warm['seconds']:.3f} "
          f"| {warm['processes']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
