"""Harness for the hostile-input cases (hostile.md §6; docs/security.md).

`hostile.run(files, args)` writes a project into ``tmp/proj``, a sentinel secret into
``tmp/outside`` (``secret.tex``, ``secret.png``, ``secret.bib``), and runs
``python -P -m octavo build main.tex -o tmp/out`` in a subprocess whose ``sitecustomize``
installs an audit hook logging every ``open``, process spawn, ``exec``/``compile``,
``import`` and file-system change to a JSON-lines log.  (``-P``: the working directory is
the hostile project, which must not land on ``sys.path``.)  The `Result` holds the exit
code, stdout/stderr, wall time, peak RSS of that child (``os.wait4``), the audit events,
snapshots of ``tmp`` outside ``out/`` before and after, and the output files.

`assert_safe(result)` applies hostile.md's common assertions (a)–(g) to every case.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import signal
import stat as _stat
import subprocess
import sys
import sysconfig
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import html5lib
import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
PACKAGE_DIR = (SRC / "octavo").resolve()

DEFAULT_LIMIT = 15.0
"""Seconds a non-D case may take (Python start-up included)."""
D_LIMIT = 5.0
"""hostile.md §6 D: every bomb ends within 5 s under test-sized budgets."""
D_BUDGET = ["--max-expansions", "100000", "--max-tokens", "1000000", "--timeout", "4"]
RSS_LIMIT_KB = 1 << 20  # 1 GiB

TEX_BINARIES = {"latex", "pdflatex", "lualatex", "xelatex", "dvisvgm", "dvipng", "kpsewhich"}
TEX_ENGINES = {"latex", "pdflatex", "lualatex", "xelatex"}
TEX_TREES = [Path(p) for p in ("/usr/share/texlive", "/usr/share/texmf", "/usr/share/texmf-dist", "/var/lib/texmf",
                               "/etc/texmf", "/usr/local/texlive", "/usr/share/fonts", "/var/cache/fonts")]
SYSTEM_READS = [Path(p) for p in ("/dev/null", "/dev/urandom", "/etc/localtime", "/usr/share/zoneinfo",
                                  *mimetypes.knownfiles)]
"""Files the Python runtime itself may read, whatever the input."""

ALLOWED_SCHEMES = {"http", "https", "mailto"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "cite", "longdesc", "data", "ping"}

SITECUSTOMIZE = r'''
import json as _json, os as _os, sys as _sys

_LOG = _os.environ.get("OCTAVO_AUDIT_LOG")
_WATCH = {"open", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
          "os.forkpty", "pty.spawn", "exec", "compile", "import", "os.remove", "os.rename", "os.rmdir",
          "shutil.rmtree", "os.mkdir", "os.symlink", "os.link", "os.truncate", "os.chmod", "os.utime",
          "shutil.copyfile", "shutil.move", "os.startfile", "ctypes.dlopen"}

def _real(p):
    try:
        return _os.path.realpath(p)
    except Exception:
        return None

def _real_parent(p):
    try:
        p = _os.path.abspath(p)
        return _os.path.join(_os.path.realpath(_os.path.dirname(p)), _os.path.basename(p))
    except Exception:
        return None

def _path(x):
    if isinstance(x, (bytes, bytearray)):
        x = _os.fsdecode(bytes(x))
    if isinstance(x, _os.PathLike):
        x = _os.fspath(x)
    return x if isinstance(x, str) else None

def _at(p, dir_fd):
    """`p` as an absolute path; relative to the directory `dir_fd` names when one is given."""
    if isinstance(dir_fd, int) and dir_fd >= 0 and not _os.path.isabs(p):
        try:
            return _os.path.join(_os.readlink("/proc/self/fd/%d" % dir_fd), p)
        except OSError:
            return p
    return _os.path.abspath(p)

def _describe(event, args):
    rec = {"event": event}
    if event == "open":
        p = _path(args[0])
        if p is None:
            return None
        mode, flags = args[1], args[2]
        write = bool((mode and any(c in mode for c in "wax+")) or
                     (flags and flags & (_os.O_WRONLY | _os.O_RDWR | _os.O_CREAT | _os.O_TRUNC | _os.O_APPEND)))
        rec.update(path=_os.path.abspath(p), real=_real(p), write=write)
    elif event in ("exec",):
        rec["filename"] = getattr(args[0], "co_filename", None)
    elif event == "compile":
        rec["filename"] = _path(args[1]) if len(args) > 1 else None
    elif event == "import":
        rec["module"] = args[0]
        rec["filename"] = _path(args[1])
    elif event == "subprocess.Popen":
        rec["executable"] = _path(args[0])
        rec["argv"] = [_path(a) or repr(a) for a in (args[1] if isinstance(args[1], (list, tuple)) else [args[1]])]
    elif event in ("os.exec", "os.posix_spawn", "os.spawn"):
        rec["executable"] = _path(args[0]) if not isinstance(args[0], int) else None
        try:
            rec["argv"] = [_path(a) or repr(a) for a in args[1]]
        except Exception:
            rec["argv"] = []
    elif event == "os.system":
        rec["command"] = _path(args[0])
    elif event in ("os.rename", "shutil.move", "shutil.copyfile"):
        rec["src"] = _path(args[0])
        d = _path(args[1])
        if d is not None:
            d = _at(d, args[3] if event == "os.rename" and len(args) > 3 else None)
        rec["dst"] = d
        rec["real"] = d and _real_parent(d)
    elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.truncate", "os.chmod",
                   "os.utime", "shutil.rmtree"):
        target = args[1] if event in ("os.symlink", "os.link") else args[0]
        p = _path(target)
        if p is None:
            return rec
        dir_fd = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 2, "os.symlink": 2, "os.chmod": 2,
                  "os.utime": 3, "shutil.rmtree": 1}.get(event)
        if dir_fd is not None and len(args) > dir_fd:
            p = _at(p, args[dir_fd])
        rec["path"] = _os.path.abspath(p)
        rec["real"] = _real(p) if event in ("os.truncate", "os.chmod", "os.utime", "shutil.rmtree") else _real_parent(p)
    return rec

if _LOG:
    _f = open(_LOG, "a", buffering=1, encoding="utf-8")
    _busy = [False]

    def _hook(event, args):
        if _busy[0] or event not in _WATCH:
            return
        _busy[0] = True
        try:
            rec = _describe(event, args)
            if rec is not None:
                _f.write(_json.dumps(rec) + "\n")
        except Exception:
            pass
        finally:
            _busy[0] = False

    _sys.addaudithook(_hook)

    def _peak():
        # VmHWM is the peak of this process's own (post-exec) address space; ru_maxrss
        # would include the parent's peak at fork time.
        _busy[0] = True  # the harness's own read is not octavo's
        try:
            with open("/proc/self/status") as st:
                for line in st:
                    if line.startswith("VmHWM:"):
                        _f.write(_json.dumps({"event": "peak-rss", "kb": int(line.split()[1])}) + "\n")
        except Exception:
            pass

    import atexit as _atexit
    _atexit.register(_peak)

if _os.environ.get("OCTAVO_TEST_FAULT") == "keyerror-in-html-writer":
    # hostile.md G1: an unexpected KeyError while a page is being written.
    from octavo.site import output as _out

    _orig = _out.OutputDir.write_text

    def _faulty(self, rel, text):
        if rel.endswith(".html"):
            raise KeyError("injected-by-test")
        return _orig(self, rel, text)

    _out.OutputDir.write_text = _faulty
'''

DIAG = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): (?P<msg>.*?) \[(?P<code>[A-Z0-9-]+)\]\s*$"
)
DIAG_NOLOC = re.compile(r"^(?P<file>.+?): (?P<sev>error|warning|note): (?P<msg>.*?) \[(?P<code>[A-Z0-9-]+)\]\s*$")


@dataclass
class Diag:
    file: str
    line: int
    col: int
    severity: str
    message: str
    code: str


@dataclass
class Result:
    argv: list
    returncode: int
    stdout: str
    stderr: str
    wall: float
    rss_kb: int
    events: list
    before: dict
    after: dict
    out: Path
    files: dict = field(default_factory=dict)
    """Output files: path relative to out -> bytes."""
    timed_out: bool = False

    @property
    def diagnostics(self) -> list[Diag]:
        found = []
        for line in self.stderr.splitlines():
            m = DIAG.match(line)
            if m:
                found.append(Diag(m["file"], int(m["line"]), int(m["col"]), m["sev"], m["msg"], m["code"]))
                continue
            m = DIAG_NOLOC.match(line)
            if m:
                found.append(Diag(m["file"], 0, 0, m["sev"], m["msg"], m["code"]))
        return found

    def has(self, code: str, line: int | None = None, file: str | None = None, severity: str | None = None) -> bool:
        """A diagnostic whose code starts with `code` (at `line`, in a file ending with `file`)."""
        return any(
            d.code.startswith(code)
            and (line is None or d.line == line)
            and (file is None or d.file.endswith(file))
            and (severity is None or d.severity == severity)
            for d in self.diagnostics
        )

    def explain(self) -> str:
        tail = "\n".join(self.stderr.splitlines()[-40:])
        return f"argv={self.argv}\nexit={self.returncode} wall={self.wall:.2f}s rss={self.rss_kb}KB\nstderr (tail):\n{tail}"

    @property
    def html(self) -> dict[str, str]:
        return {k: v.decode("utf-8", "replace") for k, v in self.files.items() if k.endswith(".html")}

    def text(self) -> str:
        """All text of all pages (what a reader sees), joined."""
        parts = []
        for src in self.html.values():
            doc = html5lib.parse(src, namespaceHTMLElements=False)
            for el in doc.iter():
                if isinstance(el.tag, str) and el.tag in ("script", "style"):
                    continue
                parts.append(el.text or "")
                parts.append(el.tail or "")
        return " ".join(parts)


# ------------------------------------------------------------------ snapshots


def snapshot(root: Path, exclude: list[Path]) -> dict:
    """path -> (kind, sha256 | link target) for everything under root, links not followed."""
    snap = {}
    excl = [os.path.abspath(p) for p in exclude]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in excl]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            if p in excl:
                continue
            st = os.lstat(p)
            if _stat.S_ISLNK(st.st_mode):
                snap[p] = ("link", os.readlink(p))
            elif _stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    snap[p] = ("file", hashlib.sha256(f.read()).hexdigest())
            elif _stat.S_ISDIR(st.st_mode):
                snap[p] = ("dir", "")
            else:
                snap[p] = ("special", oct(st.st_mode))  # FIFOs are never opened
    return snap


def read_tree(root: Path) -> dict[str, bytes]:
    files = {}
    if not root.is_dir():
        return files
    for dirpath, _dirnames, filenames in os.walk(root, followlinks=False):
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            files[p.relative_to(root).as_posix()] = p.read_bytes()
    return files


# -------------------------------------------------------------------- harness


class Harness:
    """One hostile case: a project, a sentinel outside it, runs of octavo on it."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path.resolve()
        self.proj = self.tmp / "proj"
        self.outside = self.tmp / "outside"
        self.out = self.tmp / "out"
        self.hdir = self.tmp / "_harness"
        self.tmpdir = self.hdir / "tmp"
        for d in (self.proj, self.outside, self.hdir, self.tmpdir):
            d.mkdir(parents=True, exist_ok=True)
        (self.hdir / "sitecustomize.py").write_text(SITECUSTOMIZE)
        # Letters and digits only (hostile.md says OCTAVO_SENTINEL_<uuid>): an underscore would
        # become a math subscript in TeX text and a leak could go unnoticed.
        self.sentinel = f"OCTAVOSENTINEL{uuid.uuid4().hex}"
        (self.outside / "secret.tex").write_text(f"{self.sentinel}\n")
        (self.outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + self.sentinel.encode())
        (self.outside / "secret.bib").write_text(
            f"@misc{{secret, title={{{self.sentinel}}}, author={{Secret, S.}}, year={{2020}}}}\n"
        )
        (self.outside / "victim").write_text("precious")
        self.runs = 0

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            p = self.proj / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                content = content.encode("utf-8")
            p.write_bytes(content)

    def run(
        self,
        files: dict[str, str | bytes] | None = None,
        args: list[str] | tuple = (),
        main: str = "main.tex",
        out: Path | str | None = None,
        cwd: Path | None = None,
        argv: list[str] | None = None,
        env: dict | None = None,
        limit: float = DEFAULT_LIMIT,
        preexec=None,
        kill_after: float | None = None,
        kill_signal: int = signal.SIGKILL,
    ) -> Result:
        if files:
            self.write(files)
        out_arg = str(self.out if out is None else out)
        cmd = [sys.executable, "-P", "-m", "octavo"] + (
            argv if argv is not None else ["build", main, "-o", out_arg, *args]
        )
        self.runs += 1
        log = self.hdir / f"audit-{self.runs}.jsonl"
        stdout_f = self.hdir / f"stdout-{self.runs}"
        stderr_f = self.hdir / f"stderr-{self.runs}"
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OCTAVO", "COV_"))}
        environ.update(
            PYTHONPATH=os.pathsep.join([str(self.hdir), str(SRC)]),
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONSAFEPATH="1",
            OCTAVO_AUDIT_LOG=str(log),
            TMPDIR=str(self.tmpdir),
            LC_ALL="C.UTF-8",
        )
        environ.update(env or {})
        out_path = Path(os.path.abspath(os.path.join(cwd or self.proj, out_arg))) if out is not None else self.out
        exclude = [self.hdir, out_path]
        before = snapshot(self.tmp, exclude)
        with open(stdout_f, "wb") as so, open(stderr_f, "wb") as se:
            start = time.monotonic()
            p = subprocess.Popen(cmd, cwd=cwd or self.proj, env=environ, stdin=subprocess.DEVNULL, stdout=so,
                                 stderr=se, start_new_session=True, preexec_fn=preexec)
            timed_out = False
            hard = limit + 10
            status = rusage = None
            killed = False
            while True:
                pid, status, rusage = os.wait4(p.pid, os.WNOHANG)
                if pid:
                    break
                elapsed = time.monotonic() - start
                if kill_after is not None and not killed and elapsed >= kill_after:
                    os.killpg(p.pid, kill_signal)
                    killed = True
                if elapsed > hard:
                    timed_out = True
                    os.killpg(p.pid, signal.SIGKILL)
                    _, status, rusage = os.wait4(p.pid, 0)
                    break
                time.sleep(0.01)
            wall = time.monotonic() - start
            p.returncode = os.waitstatus_to_exitcode(status)
        try:  # no stray children of the run's process group
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        after = snapshot(self.tmp, exclude)
        events = []
        if log.exists():
            for line in log.read_text("utf-8", "replace").splitlines():
                try:
                    events.append(json.loads(line))
                except ValueError:
                    pass
        # Peak RSS: the child's own VmHWM when it exits normally; otherwise ru_maxrss, which
        # on Linux starts from the parent's peak at fork time (an upper bound).
        return Result(
            argv=cmd,
            returncode=p.returncode,
            stdout=stdout_f.read_bytes().decode("utf-8", "replace"),
            stderr=stderr_f.read_bytes().decode("utf-8", "replace"),
            wall=wall,
            rss_kb=next((e["kb"] for e in events if e.get("event") == "peak-rss"),
                        rusage.ru_maxrss if rusage else 0),
            events=events,
            before=before,
            after=after,
            out=out_path,
            files=read_tree(out_path),
            timed_out=timed_out,
        )


# ------------------------------------------------------------- assertions


def _inside(p: str | None, roots: list[Path]) -> bool:
    if not p:
        return True
    path = Path(p)
    return any(path == r or r in path.parents for r in roots)


def _python_roots() -> list[Path]:
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix)}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        roots.add(Path(sysconfig.get_paths()[key]))
    return sorted({Path(os.path.realpath(r)) for r in roots})


def normalized_scheme(url: str) -> str | None:
    s = url.strip("".join(chr(c) for c in range(0x21)))
    s = re.sub(r"[\t\n\r]", "", s)
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", s)
    return m.group(1).lower() if m else None


def _local(name) -> str:
    if isinstance(name, tuple):  # html5lib namespaced attribute: (namespace, local)
        name = name[1]
    return str(name).split("}")[-1].split(":")[-1].lower()


def html_violations(name: str, data: bytes, allowed_scripts: set[str]) -> list[str]:
    problems = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"{name}: not valid UTF-8 at byte {e.start}"]
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    doc = parser.parse(text)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _local(el.tag)
        if tag == "script":
            body = (el.text or "").strip()
            src = el.get("src")
            typ = (el.get("type") or "").lower()
            ok = False
            if src is not None:
                ok = not body and normalized_scheme(src) is None and not src.strip().startswith("//")
            elif typ in ("application/json", "application/ld+json"):
                try:
                    json.loads(body)
                    ok = True
                except ValueError:
                    ok = False
            elif body in allowed_scripts:
                ok = True
            if not ok:
                problems.append(f"{name}: <script> not from octavo's template: {ET_repr(el)}")
        if tag in ("iframe", "frame", "object", "embed", "base", "foreignobject", "applet"):
            problems.append(f"{name}: unexpected <{tag}> element")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            target = (el.get("content") or "").split("url=", 1)[-1] if "url=" in (el.get("content") or "").lower() else ""
            if target and normalized_scheme(target) not in (None, *ALLOWED_SCHEMES):
                problems.append(f"{name}: meta refresh to {target!r}")
        for key, value in el.attrib.items():
            an = _local(key)
            if an.startswith("on"):
                problems.append(f"{name}: event attribute {an}= on <{tag}>")
            if an in URL_ATTRS or an == "xlink:href" or (isinstance(key, str) and key.lower() == "xlink:href"):
                scheme = normalized_scheme(value)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    problems.append(f"{name}: {an}={value[:60]!r} on <{tag}> has scheme {scheme}:")
            if an == "srcset":
                for part in value.split(","):
                    scheme = normalized_scheme(part.strip())
                    if scheme is not None and scheme not in ALLOWED_SCHEMES:
                        problems.append(f"{name}: srcset entry {part[:60]!r}")
            if an == "style" and re.search(r"javascript:|vbscript:|expression\s*\(|url\s*\(|@import|behavior\s*:",
                                          value, re.I):
                problems.append(f"{name}: style={value[:60]!r} on <{tag}>")
    return problems


def ET_repr(el) -> str:
    attrs = " ".join(f"{_local(k)}={v!r}" for k, v in el.attrib.items())
    return f"<script {attrs}>{(el.text or '')[:60]!r}"


def svg_violations(name: str, data: bytes) -> list[str]:
    problems = []

    def start(tag, attrs):
        local = tag.split(":")[-1].lower()
        if local in ("script", "foreignobject", "iframe", "object", "embed", "handler"):
            problems.append(f"{name}: <{tag}> in SVG")
        for k, v in zip(attrs[::2], attrs[1::2]):
            lk = k.split(":")[-1].lower()
            if lk.startswith("on"):
                problems.append(f"{name}: {k}= in SVG")
            if lk == "href" and not (v.strip().startswith("#") or re.match(r"data:image/(png|jpeg|gif)", v.strip(), re.I)):
                problems.append(f"{name}: {k}={v[:60]!r} in SVG")

    p = expat.ParserCreate()
    p.ordered_attributes = True
    p.StartElementHandler = start
    p.StartDoctypeDeclHandler = lambda *a: problems.append(f"{name}: DOCTYPE in emitted SVG")
    try:
        p.Parse(data, True)
    except expat.ExpatError as e:
        problems.append(f"{name}: emitted SVG is not well-formed XML ({e})")
    return problems


def _process_ok(rec: dict) -> bool:
    exe = rec.get("executable") or (rec.get("argv") or [None])[0]
    if not exe:
        return False
    base = os.path.basename(str(exe))
    if base not in TEX_BINARIES:
        return False
    argv = rec.get("argv") or []
    if base in TEX_ENGINES:
        return any(a in ("-no-shell-escape", "--no-shell-escape") for a in argv) and not any(
            "shell-escape" in a and "no-shell-escape" not in a for a in argv
        )
    return True


def assert_safe(
    result: Result,
    harness: Harness,
    *,
    limit: float = DEFAULT_LIMIT,
    allow_sentinel: bool = False,
    extra_read_roots: tuple = (),
    allowed_scripts: set[str] | None = None,
    expect_codes: tuple = (0, 1, 2),
) -> None:
    """hostile.md §6 (a)–(g) for one run."""
    problems: list[str] = []
    # (a) no traceback; a documented exit code
    if "Traceback (most recent call last)" in result.stderr or "Traceback" in result.stdout:
        problems.append("(a) a Python traceback was printed")
    if result.returncode not in expect_codes:
        problems.append(f"(a) exit code {result.returncode} not in {expect_codes}")
    # (b) time and memory
    if result.timed_out or result.wall >= limit:
        problems.append(f"(b) took {result.wall:.2f}s (limit {limit}s)")
    if result.rss_kb >= RSS_LIMIT_KB:
        problems.append(f"(b) peak RSS {result.rss_kb} KB >= 1 GiB")
    # (c) reads and writes
    read_roots = [harness.proj, result.out, PACKAGE_DIR, *PACKAGE_DIR.parent.glob("octavo*.egg-info"),
                  *PACKAGE_DIR.parent.glob("octavo*.dist-info"), harness.hdir, *_python_roots(), *TEX_TREES,
                  *SYSTEM_READS, *[Path(os.path.realpath(r)) for r in extra_read_roots]]
    read_roots = [Path(os.path.realpath(r)) for r in read_roots]
    write_roots = [Path(os.path.realpath(result.out)), harness.tmpdir, Path("/dev/null")]
    for rec in result.events:
        ev = rec["event"]
        if ev == "open":
            if not rec.get("write") and not _inside(rec.get("real"), read_roots):
                problems.append(f"(c) read outside the allowed trees: {rec.get('path')} -> {rec.get('real')}")
            if rec.get("write") and not _inside(rec.get("real"), write_roots):
                problems.append(f"(c) write-mode open outside out/: {rec.get('path')} -> {rec.get('real')}")
        elif ev in ("os.rename", "shutil.move", "shutil.copyfile", "os.remove", "os.rmdir", "shutil.rmtree",
                    "os.mkdir", "os.symlink", "os.link", "os.truncate", "os.chmod", "os.utime"):
            if not _inside(rec.get("real"), write_roots):
                problems.append(f"(c) {ev} outside out/: {rec.get('path') or rec.get('dst')} -> {rec.get('real')}")
        # (d) processes
        elif ev in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn"):
            if not _process_ok(rec):
                problems.append(f"(d) process spawned: {rec.get('executable')} {rec.get('argv')}")
        elif ev in ("os.system", "os.fork", "os.forkpty", "pty.spawn", "os.startfile"):
            problems.append(f"(d) {ev}: {rec}")
        # (G1) nothing from the project is executed or imported
        elif ev in ("exec", "compile", "import"):
            fn = rec.get("filename")
            if fn and _inside(os.path.realpath(fn), [harness.proj, harness.outside]):
                problems.append(f"(d) {ev} of a project file: {fn}")
    # (e) nothing outside out/ changed
    if result.before != result.after:
        changed = sorted(set(result.before.items()) ^ set(result.after.items()))
        problems.append(f"(e) files outside out/ changed: {[c[0] for c in changed][:10]}")
    # (f) the sentinel never leaks
    if not allow_sentinel:
        needle = harness.sentinel.encode()
        for rel, data in result.files.items():
            if needle in data:
                problems.append(f"(f) sentinel found in out/{rel}")
        if harness.sentinel in result.stderr or harness.sentinel in result.stdout:
            problems.append("(f) sentinel printed on stdout/stderr")
    # (g) pages parse and carry no active content from the input
    scripts = allowed_scripts if allowed_scripts is not None else template_scripts()
    for rel, data in result.files.items():
        if rel.endswith((".html", ".htm", ".xhtml")):
            problems.extend("(g) " + p for p in html_violations(rel, data, scripts))
        elif rel.endswith(".svg"):
            problems.extend("(g) " + p for p in svg_violations(rel, data))
    if problems:
        pytest.fail("\n".join(problems[:40]) + "\n\n" + result.explain(), pytrace=False)


# --------------------------------------------- octavo's own template scripts

_TEMPLATE_SCRIPTS: list = []

BENIGN = r"""\documentclass{book}
\title{Benign}\author{A. Author}
\begin{document}
\maketitle
\tableofcontents
\chapter{One}\label{ch:one}
Text with $x^2$ and \emph{emphasis}\index{emphasis}.
\section{Two}
See chapter~\ref{ch:one} and \href{https://example.org/}{a link}.
\printindex
\end{document}
"""


def template_scripts() -> set[str]:
    """Inline script texts octavo's template emits for a benign book (cached per session)."""
    if _TEMPLATE_SCRIPTS:
        return _TEMPLATE_SCRIPTS[0]
    import tempfile

    found: set[str] = set()
    with tempfile.TemporaryDirectory() as d:
        h = Harness(Path(d))
        r = h.run({"main.tex": BENIGN})
        for rel, data in r.files.items():
            if rel.endswith(".html"):
                doc = html5lib.parse(data.decode("utf-8", "replace"), namespaceHTMLElements=False)
                for el in doc.iter():
                    if el.tag == "script" and not el.get("src"):
                        found.add((el.text or "").strip())
    _TEMPLATE_SCRIPTS.append(found)
    return found
