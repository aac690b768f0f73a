"""Typesetting picture fragments with real TeX: snippet documents in, SVG bytes out.

Contract: `Typesetter.typeset(sources)` returns one `Outcome` per fragment source, in
order.  Fragments are typeset many per TeX run: one snippet document holds the snippet
preamble, the ``preview`` package (``active,tightpage``) and each fragment in its own
``preview`` environment, so each becomes one DVI page; ``latex`` then
``dvisvgm --no-fonts --bbox=preview`` turn page *k* into the SVG of fragment *k*.  Every
run happens in a fresh temporary directory holding only the snippet and the user's own
support files (copies, never links), under `sandbox.run_limited`.

When a run fails, the log (``-file-line-error``) names the snippet line, which maps back
to one fragment (that fragment gets TeX's message and its own line) or to one preamble
statement; the rest of the batch is run again without it, and a failure no line explains
(a timeout, a missing page) makes each fragment of the batch run alone, so one broken
picture degrades only itself.  `repair_preamble` drops the preamble statements that make
an empty snippet fail (a package that needs pdfTeX's PDF mode, a font only XeTeX has...).
A shared `Budget` bounds the time all timed-out runs of one document may take.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from octavo.fallback.included import graphics_dirs, included_files
from octavo.fallback.preamble import SnippetPreamble
from octavo.fallback.sandbox import STOPPED, RunLimits, RunResult, Stop, run_limited

SNIPPET = "snippet"
LATEX_ARGV = ["latex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
              "-file-line-error", SNIPPET + ".tex"]
DVISVGM_ARGV = ["dvisvgm", "--no-fonts", "--bbox=preview", "--page=1-", "-o", "page-%p.svg",
                SNIPPET + ".dvi"]
MAX_BATCH = 40
PIPE_ERROR = "LaTeX Error: Cannot run pipe command. Try --shell-escape"
GRAPHIC_MISSING = ("graphic not found or its size unknown (only files inside the source "
                   "root, no larger than limits.file_size, are used)")
BBOX_EXTS = (".pdf", ".png", ".jpg", ".jpeg")
"""Graphics whose size the dvisvgm graphics driver reads from an ``.xbb`` file."""
MAX_REPAIRS = 12
INSTALL_HINT = ("apt-get install texlive-latex-base texlive-latex-recommended "
                "texlive-pictures preview-latex-style dvisvgm")


def tex_available() -> bool:
    """True when ``latex`` and ``dvisvgm`` are on PATH (no process is started)."""
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


@dataclass(slots=True)
class Outcome:
    """What became of one fragment."""

    svg: bytes | None = None
    error: str = ""
    """TeX's message (one line) when the fragment failed."""
    line: int = 0
    """1-based line inside the fragment where TeX stopped (0 when unknown)."""
    transient: bool = False
    """True for failures that may not repeat (timeout, budget): never cached."""


@dataclass(slots=True)
class Budget:
    """Seconds that timed-out runs of one document may still consume (thread-safe)."""

    seconds: float
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def spend(self, s: float) -> None:
        with self._lock:
            self.seconds -= s

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return self.seconds <= 0


@dataclass(slots=True)
class TexError:
    file: str
    line: int
    message: str


_FLE = re.compile(r"^(\S.*?):(\d+): (.*)$", re.M)
_BANG = re.compile(r"^! (.*)$", re.M)
_LNUM = re.compile(r"^l\.(\d+) ?(.*)$", re.M)


def parse_log(log: str) -> TexError | None:
    """The first error of a TeX log: file, line and message (with the text TeX had read
    when it stopped, shortened), or None when the log shows no error."""
    m = _FLE.search(log)
    bang = _BANG.search(log)
    if m and (bang is None or m.start() < bang.start()) and not m.group(1).startswith("("):
        file, line, msg = m.group(1), int(m.group(2)), m.group(3).strip()
        start = m.end()
    elif bang:
        file, line, msg = "", 0, bang.group(1).strip()
        start = bang.end()
        ln = _LNUM.search(log, start)
        if ln:
            line = int(ln.group(1))
    else:
        return None
    ctx = _LNUM.search(log, start, start + 4000)
    if ctx and ctx.group(2).strip():
        tail = ctx.group(2).strip()[-40:]
        msg = f"{msg} (at '{tail}')"
    return TexError(file, line, " ".join(msg.split()))


@dataclass(slots=True)
class Snippet:
    """A composed snippet document and where each piece landed (1-based lines)."""

    text: str
    statements: dict = field(default_factory=dict)
    """Preamble statement index -> (first line, last line)."""
    fragments: list = field(default_factory=list)
    """Per fragment: (first line, last line) of its source."""
    nonce: str = ""
    sources: list = field(default_factory=list)
    """The fragments' sources, in order (their included graphics are copied for the run)."""

    def marker(self, i: int) -> str:
        return f"octavo:{self.nonce}:{i}"

    def pages_by_fragment(self, pages: list[bytes]) -> list[bytes | None]:
        """The page carrying each fragment's marker (None when no page does)."""
        found: list[bytes | None] = [None] * len(self.fragments)
        pat = re.compile(rb"<!--octavo:" + self.nonce.encode() + rb":(\d+)-->")
        for page in pages:
            m = pat.search(page)
            if m and int(m.group(1)) < len(found) and found[int(m.group(1))] is None:
                found[int(m.group(1))] = page
        return found


def compose(preamble: SnippetPreamble, skip: frozenset, sources: list[str],
            upto: int | None = None) -> Snippet:
    """The snippet document for ``sources`` (``upto`` keeps only the first statements,
    for bisection).  Each preview starts with a raw SVG comment naming its fragment
    (with a per-snippet nonce), so a page some package ships out by itself can never
    shift the pages of the fragments."""
    nonce = secrets.token_hex(8)
    lines = ["\\def\\pgfsysdriver{pgfsys-dvisvgm.def}%",
             "\\PassOptionsToPackage{dvisvgm}{graphics}\\PassOptionsToPackage{dvisvgm}{color}"
             "\\PassOptionsToPackage{dvisvgm}{xcolor}%",
             f"\\documentclass{{{preamble.docclass}}}"]
    snip = Snippet("", nonce=nonce, sources=list(sources))
    for k, st in enumerate(preamble.statements):
        if k in skip or (upto is not None and k >= upto):
            continue
        first = len(lines) + 1
        lines.extend(st.text.split("\n"))
        snip.statements[k] = (first, len(lines))
    lines += ["\\providecommand\\texorpdfstring[2]{#1}\\providecommand\\hypersetup[1]{}"
              "\\providecommand\\pdfbookmark[3][]{}\\providecommand\\phantomsection{}",
              "\\usepackage[active,tightpage]{preview}", "\\begin{document}"]
    for i, src in enumerate(sources):
        lines.append("\\begin{preview}\\special{dvisvgm:raw <!--%s-->}%%" % snip.marker(i))
        first = len(lines) + 1
        lines.extend((src + "%").split("\n"))
        snip.fragments.append((first, len(lines)))
        lines.append("\\end{preview}")
    lines.append("\\end{document}")
    snip.text = "\n".join(lines) + "\n"
    return snip


@dataclass(slots=True)
class RunOutcome:
    """Result of one latex+dvisvgm run."""

    pages: list = field(default_factory=list)
    """SVG bytes per page, in order (empty when the run failed)."""
    error: TexError | None = None
    timed_out: bool = False
    output: str = ""


@dataclass(slots=True)
class Typesetter:
    """Typesets fragments against one snippet preamble."""

    preamble: SnippetPreamble
    source_root: Path
    limits: RunLimits = field(default_factory=RunLimits)
    workers: int = 2
    budget: Budget | None = None
    skip: frozenset = frozenset()
    """Preamble statements dropped by `repair_preamble`."""
    runs: int = 0
    """TeX runs made (for measurements and tests)."""
    stop: Stop | None = None
    """Set by the build when it is interrupted: no run starts, running ones are killed."""
    file_size: int = 20 * 1024 * 1024
    """Largest graphic a fragment may include (the document's ``limits.file_size``; this
    default is `octavo.config.Limits`')."""
    files: dict = field(default_factory=dict)
    """Fragment source -> the files it includes (`included.included_files`), when known."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- one run --------------------------------------------------------------

    def included(self, source: str) -> list[str]:
        """Relative paths of the graphics ``source`` includes (inside the source root)."""
        rels = self.files.get(source)
        if rels is None:
            dirs = graphics_dirs("\n".join(st.text for st in self.preamble.statements))
            rels = included_files(source, dirs, self.source_root, self.file_size)
        return rels

    def _prepare(self, tmp: Path, sources: list[str] = ()) -> list[str]:
        """Copy the support files and the graphics of ``sources`` into ``tmp``; returns
        the copied graphics whose size graphicx reads from a ``.xbb`` file."""
        root = self.source_root.resolve()
        boxed: list[str] = []
        wanted = dict.fromkeys(self.preamble.support_files)
        for src in sources:
            wanted.update(dict.fromkeys(self.included(src)))
        for rel in wanted:
            try:
                src = (root / rel).resolve()
                if not src.is_relative_to(root) or not src.is_file():
                    continue
                if rel not in self.preamble.support_files and src.stat().st_size > self.file_size:
                    continue
                dst = tmp / rel
                if not dst.resolve().is_relative_to(tmp.resolve()):
                    continue
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)  # a copy: TeX can never write through to the source
            except (OSError, RuntimeError, ValueError):
                continue  # TeX reports the missing file at the fragment's line
            if Path(rel).suffix.lower() in BBOX_EXTS and rel not in self.preamble.support_files:
                boxed.append(rel)
        return boxed

    def run(self, snip: Snippet, convert: bool = True) -> RunOutcome:
        if self.stop is not None and self.stop.stopped:
            return RunOutcome(error=TexError("", 0, STOPPED), timed_out=True)
        if self.budget is not None and self.budget.exhausted:
            return RunOutcome(error=TexError("", 0, "TeX time budget of this document spent"),
                              timed_out=True)
        with self._lock:
            self.runs += 1
        with tempfile.TemporaryDirectory(prefix="octavo-tex-") as d:
            tmp = Path(d)
            boxed = self._prepare(tmp, snip.sources)
            if boxed and shutil.which("extractbb"):
                # graphicx's dvisvgm driver reads a PDF's or bitmap's size from name.xbb
                # (it would pipe to extractbb, which -no-shell-escape forbids): write them
                # first, in the same sandbox; a failure shows as TeX's own error
                run_limited(["extractbb", *("./" + r for r in boxed)], d, self.limits, self.stop)
            (tmp / (SNIPPET + ".tex")).write_text(snip.text, encoding="utf-8")
            res = run_limited(LATEX_ARGV, d, self.limits, self.stop)
            out = self._check(res, tmp, "latex")
            if out is not None:
                return out
            if not convert:
                return RunOutcome()
            if not (tmp / (SNIPPET + ".dvi")).exists():
                return RunOutcome()  # no pages: nothing to convert
            res = run_limited(DVISVGM_ARGV, d, self.limits, self.stop)
            out = self._check(res, tmp, "dvisvgm")
            if out is not None:
                return out
            pages = sorted(tmp.glob("page-*.svg"), key=lambda p: int(p.stem[5:] or 0))
            return RunOutcome(pages=[p.read_bytes() for p in pages], output=res.output)

    def _check(self, res: RunResult, tmp: Path, tool: str) -> RunOutcome | None:
        if res.timed_out:
            if self.budget is not None:
                self.budget.spend(self.limits.wall_seconds)
            return RunOutcome(error=TexError("", 0, f"{tool} stopped: time limit "
                                             f"({self.limits.wall_seconds:g} s wall, "
                                             f"{self.limits.cpu_seconds} s CPU) exceeded"),
                              timed_out=True, output=res.output)
        if res.returncode == 0:
            return None
        err = None
        if tool == "latex":
            try:
                log = (tmp / (SNIPPET + ".log")).read_text(encoding="utf-8", errors="replace")
            except OSError:
                log = res.output
            err = parse_log(log) or parse_log(res.output)
            if err is not None and PIPE_ERROR in err.message:
                # graphicx wanted to ask extractbb for the size of a graphic the run
                # lacks (or whose .xbb could not be made): say that instead
                err.message = err.message.replace(PIPE_ERROR, GRAPHIC_MISSING)
        if err is None:
            last = [ln for ln in res.output.splitlines() if ln.strip()][-1:] or ["no output"]
            err = TexError("", 0, f"{tool} failed (exit {res.returncode}): {last[0][:200]}")
        return RunOutcome(error=err, output=res.output)

    # -- attribution ------------------------------------------------------------

    @staticmethod
    def _in_snippet(err: TexError) -> bool:
        return Path(err.file).name == SNIPPET + ".tex" if err.file else bool(err.line)

    def _fragment_of(self, snip: Snippet, err: TexError | None) -> tuple[int, int] | None:
        """(fragment index, line inside it) for an error in a fragment's lines."""
        if err is None or not self._in_snippet(err):
            return None
        for i, (first, last) in enumerate(snip.fragments):
            if first - 1 <= err.line <= last + 1:
                return i, min(max(err.line - first + 1, 1), last - first + 1)
        return None

    def _statement_of(self, snip: Snippet, err: TexError | None) -> int | None:
        """Index of the preamble statement an error points to."""
        if err is None:
            return None
        missing = re.search(r"File `([^']+)' not found", err.message)
        if missing:  # LaTeX reports it a line late (it looked ahead for a [date])
            k = self._loading(snip, Path(missing.group(1)).stem)
            if k is not None:
                return k
        if self._in_snippet(err):
            for k, (first, last) in snip.statements.items():
                if first <= err.line <= last:
                    return k
            return None
        return self._loading(snip, Path(err.file).stem)  # error inside a package

    def _loading(self, snip: Snippet, stem: str) -> int | None:
        """The kept statement that loads package ``stem``."""
        for k in snip.statements:
            text = self.preamble.statements[k].text
            m = re.match(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}", text)
            if m and stem in [n.strip().rsplit("/", 1)[-1] for n in m.group(1).split(",")]:
                return k
        return None

    # -- preamble repair ----------------------------------------------------------

    def repair_preamble(self) -> list[tuple[int, str]]:
        """Drop statements until an empty snippet compiles; returns (index, TeX message)
        for each dropped statement and sets ``skip``.  Stops after MAX_REPAIRS."""
        dropped: list[tuple[int, str]] = []
        skip = set(self.skip)
        for _ in range(MAX_REPAIRS):
            snip = compose(self.preamble, frozenset(skip), [])
            out = self.run(snip, convert=False)
            if out.error is None:
                break
            if out.timed_out:
                return dropped + [(-1, out.error.message)]
            k = self._statement_of(snip, out.error)
            if k is None:
                k = self._bisect(frozenset(skip))
            if k is None or k in skip:
                dropped.append((-1, out.error.message))
                break
            skip.add(k)
            dropped.append((k, out.error.message))
        self.skip = frozenset(skip)
        return dropped

    def _bisect(self, skip: frozenset) -> int | None:
        """The first statement whose prefix fails (for errors no line explains)."""
        n = len(self.preamble.statements)
        base = self.run(compose(self.preamble, skip, [], upto=0), convert=False)
        if base.error is not None:  # fails without any statement: nothing to drop
            return None
        lo, hi = 0, n  # a prefix of lo statements works, of hi fails
        while hi - lo > 1:
            mid = (lo + hi) // 2
            out = self.run(compose(self.preamble, skip, [], upto=mid), convert=False)
            if out.timed_out:
                return None
            if out.error is None:
                lo = mid
            else:
                hi = mid
        return hi - 1 if hi - 1 not in skip else None

    # -- fragments ---------------------------------------------------------------

    def typeset(self, sources: list[str]) -> list[Outcome]:
        """One Outcome per source; batches run on ``workers`` threads."""
        results: list[Outcome | None] = [None] * len(sources)
        if not sources:
            return []
        nbatch = max(min(self.workers, len(sources)), -(-len(sources) // MAX_BATCH))
        size = -(-len(sources) // nbatch)
        batches = [list(range(i, min(i + size, len(sources))))
                   for i in range(0, len(sources), size)]
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            for part in pool.map(lambda idx: self._settle(sources, idx), batches):
                for i, o in part.items():
                    results[i] = o
        return [r if r is not None else Outcome(error="not typeset", transient=True)
                for r in results]

    def _settle(self, sources: list[str], idxs: list[int]) -> dict[int, Outcome]:
        """Typeset a batch; on failure take out the fragment the error names and retry
        the rest, or fall back to one fragment per run."""
        done: dict[int, Outcome] = {}
        pending = list(idxs)
        while pending:
            snip = compose(self.preamble, self.skip, [sources[i] for i in pending])
            out = self.run(snip)
            pages = snip.pages_by_fragment(out.pages) if out.error is None else []
            if pages and all(p is not None for p in pages):
                for i, page in zip(pending, pages):
                    done[i] = Outcome(svg=page)
                return done
            hit = None if out.timed_out else self._fragment_of(snip, out.error)
            if hit is not None:
                j, line = hit
                done[pending[j]] = Outcome(error=out.error.message, line=line)
                del pending[j]
                continue
            if len(pending) == 1:
                msg = out.error.message if out.error else \
                    "TeX made no page for it (an empty picture?)"
                done[pending[0]] = Outcome(error=msg, transient=out.timed_out)
                return done
            for i in pending:  # nothing explains the failure: each fragment alone
                done.update(self._settle(sources, [i]))
            return done
        return done
