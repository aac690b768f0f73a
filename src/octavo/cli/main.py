"""Command line: ``octavo build SOURCE.tex -o OUT [-t html|text|json] [--split S]``.

Exit status: 0 success, 1 the document had errors (output still written), 2 usage or
fatal error (nothing written).  Diagnostics go to stderr as
``file:line:col: severity: message [code]``.  No Python traceback ever reaches the
user: an internal error is reported in one line and the traceback goes to a log file
(or to stderr with ``--debug``).
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from octavo import __version__
from octavo.config import BuildConfig, Limits
from octavo.errors import OctavoError, Reporter, UsageError


class Terminated(BaseException):
    """SIGTERM: unwinds like KeyboardInterrupt so temp files and TeX children are cleaned up."""


def _on_sigterm(signum, frame):
    raise Terminated()


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"octavo: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _positive_int(s: str) -> int:
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a whole number")
    if v <= 0 or v > 10**12:
        raise argparse.ArgumentTypeError(f"{s} is out of range (1 to 10^12)")
    return v


def _split_spec(s: str) -> str:
    """--split: a sectioning level's name or a depth (0: one page)."""
    from octavo.transforms.split import LEVELS
    v = s.strip().lower()
    if v == "" or v in LEVELS or (v.isdigit() and int(v) <= 20):
        return v
    raise argparse.ArgumentTypeError(
        f"{s!r} is not a split level (use {', '.join(LEVELS)}, a depth 1 to 20, or 0 for one page)")


def _positive_float(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a number")
    if not 0 < v <= 86400:
        raise argparse.ArgumentTypeError(f"{s} is out of range (0 to 86400 seconds)")
    return v


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="octavo", description="LaTeX to a hypertext edition.")
    p.add_argument("--version", action="version", version=f"octavo {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    b = sub.add_parser("build", help="convert a LaTeX document")
    b.add_argument("source", help="the main .tex file")
    b.add_argument("-o", "--output", help="output directory (html) or file (text, json; - for stdout)")
    b.add_argument("-t", "--to", choices=("html", "text", "json"), default="html", help="output format")
    b.add_argument("--split", default="", type=_split_spec,
                   help="page split: chapter, section, subsection, a depth, or 0")
    b.add_argument("--trust", action="store_true", help="the document is yours: pass raw HTML")
    b.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                   help="also allow reading files under DIR")
    b.add_argument("--no-tex", action="store_true", help="never run TeX (pictures become placeholders)")
    b.add_argument("--fallback-unknown", action="store_true",
                   help="typeset environments octavo does not know with real TeX, as pictures")
    b.add_argument("--cache-dir", help="picture cache directory (default OUTDIR/.octavo-cache)")
    b.add_argument("--templates", help="folder of templates overriding the built-in theme")
    b.add_argument("--signature", default="", help="footer line of every page")
    b.add_argument("--clean", action="store_true", help="remove files a previous build wrote and this one did not")
    b.add_argument("--max-expansions", type=_positive_int, help="expansion budget (default 10,000,000)")
    b.add_argument("--max-tokens", type=_positive_int, help="token budget (default 50,000,000)")
    b.add_argument("--timeout", type=_positive_float, help="wall-clock limit in seconds (default 120)")
    b.add_argument("--tex-timeout", type=_positive_float,
                   help="wall-clock limit per real-TeX picture run in seconds (default 30)")
    b.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return p


def config_from_args(a) -> BuildConfig:
    limits = Limits()
    if a.max_expansions:
        limits.expansions = a.max_expansions
    if a.max_tokens:
        limits.tokens = a.max_tokens
        limits.expansion_size = min(limits.expansion_size, a.max_tokens)
    if a.timeout:
        limits.wall_seconds = a.timeout
    if a.tex_timeout:
        limits.tex_wall_seconds = max(1, int(a.tex_timeout))
        limits.tex_cpu_seconds = min(limits.tex_cpu_seconds, limits.tex_wall_seconds)
    src = Path(a.source)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    cfg = BuildConfig(
        source=src, output=a.output or ("_site" if a.to == "html" else "-"), format=a.to,
        split=a.split, trust=a.trust, allow_read=[Path(d).resolve() for d in a.allow_read],
        limits=limits, no_tex=a.no_tex, cache_dir=Path(a.cache_dir) if a.cache_dir else None,
        template_dir=Path(a.templates) if a.templates else None, signature=a.signature,
        source_date_epoch=int(epoch) if epoch.isdigit() else None, debug=a.debug,
    )
    cfg.clean = a.clean
    cfg.fallback_unknown = a.fallback_unknown
    toml = src.resolve().parent / "octavo.toml"
    if toml.is_file():
        # the project's file, like its sources: a link out of the project or a huge file
        # is not read (G2)
        real = Path(os.path.realpath(toml))
        if real.parent != toml.parent or real.stat().st_size > 1 << 20:
            raise UsageError(f"{toml}: not read (a link out of the project, or larger than 1 MB)")
        cfg.load_toml(toml)
    texinputs = os.environ.get("TEXINPUTS", "")
    cfg.texinputs = [Path(p).resolve() for p in texinputs.split(":") if p and Path(p).is_dir()]
    return cfg


GC_THRESHOLD = (20_000, 50, 1_000)
"""The cyclic collector's thresholds for one build.  A build allocates millions of
short-lived tokens and keeps a tree of ~10^5 nodes: with Python's defaults (700, 10, 10)
HoTT ran 545 collections (4 full) costing ~0.7 s, with these 14 (none full), ~0.1 s.
Reference counting still frees almost everything at once; peak memory is unchanged."""


def _build_archive(cfg: BuildConfig, reporter: Reporter) -> int:
    """Build from a source archive unpacked into a temporary directory (octavo.archive),
    removed afterwards; the picture cache stays in OUTDIR as for any build."""
    from octavo.archive import unpack
    from octavo.cli.build import build
    with tempfile.TemporaryDirectory(prefix="octavo-source-") as tmp:
        cfg.source = unpack(cfg.source, Path(tmp), reporter, cfg.limits.file_size)
        return build(cfg, reporter)


def main(argv: list[str] | None = None) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    gc.set_threshold(*GC_THRESHOLD)
    parser = make_parser()
    a = parser.parse_args(argv)
    if a.command != "build":
        parser.print_usage(sys.stderr)
        print("octavo: error: a command is required (build)", file=sys.stderr)
        return 2
    reporter = Reporter(stream=sys.stderr)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        pass
    try:
        cfg = config_from_args(a)
        src = cfg.source
        if not src.is_file():
            what = ("is a directory" if src.is_dir() else "is not a regular file" if src.exists()
                    else "no such file")
            raise UsageError(f"{a.source}: {what}")
        from octavo.cli.build import build
        from octavo.archive import archive_kind
        if archive_kind(src):
            status = _build_archive(cfg, reporter)
        else:
            status = build(cfg, reporter)
        reporter.finish()
        return status
    except UsageError as e:
        print(f"octavo: error: {e.message}", file=sys.stderr)
        return 2
    except OctavoError as e:
        print(e.diagnostic().format(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("octavo: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except Terminated:
        print("octavo: terminated; the previous output is unchanged", file=sys.stderr)
        return 143
    except MemoryError:
        print("octavo: error: out of memory", file=sys.stderr)
        return 2
    except Exception as e:  # an internal bug: one line, traceback to a log file
        if getattr(a, "debug", False):
            traceback.print_exc()
        else:
            fd, path = tempfile.mkstemp(prefix="octavo-crash-", suffix=".log")
            with os.fdopen(fd, "w") as f:
                f.write(traceback.format_exc())
            print(f"octavo: internal error: {type(e).__name__}: {e} (details in {path}) [E-INTERNAL]",
                  file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
