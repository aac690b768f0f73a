"""``octavo build``: check where output goes, convert, write, report the exit status.

The output directory is validated before anything is read (it must not be, or contain,
the source directory), so a usage error writes nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.errors import LimitExceeded, Reporter, UsageError
from octavo.site.output import write_atomically


def build(cfg: BuildConfig, reporter: Reporter) -> int:
    if cfg.format == "html":
        from octavo.site.build import write_site
        from octavo.site.output import OutputDir
        out = OutputDir(Path(cfg.output), cfg.source_root, reporter)
        if cfg.cache_dir is None:
            # the picture cache lives inside the output directory by default: octavo writes
            # nothing outside OUTDIR unless told to (--cache-dir)
            cfg.cache_dir = Path(cfg.output).resolve() / ".octavo-cache"
        try:
            conv = convert(cfg, reporter, "html")
            write_site(conv.document, conv.context, out)
        except LimitExceeded as e:
            # the document's time budget ran out after reading: what was written stays
            # (each file whole, old or new) and is listed in the manifest; exit 1
            reporter.report(e.diagnostic())
            out.finish(clean=False)
            return 1
        out.finish(clean=cfg.clean)
    else:
        try:
            conv = convert(cfg, reporter, cfg.format)
        except LimitExceeded as e:  # out of time after reading: no half-made file
            reporter.report(e.diagnostic())
            return 1
        if cfg.format == "text":
            from octavo.writers.text import render_text
            data = render_text(conv.document)
        else:
            from octavo.writers.json import render_json
            data = render_json(conv.document)
        write_file(cfg.output, data, cfg.source_root)
    return 1 if reporter.errors else 0


def write_file(output: str, data: str, source_root: Path) -> None:
    """Write a single-file output atomically ('-' is standard output)."""
    if output == "-":
        sys.stdout.write(data)
        if data and not data.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    target = Path(os.path.abspath(output))
    if target.is_dir():
        raise UsageError(f"{output} is a directory; -t text/json writes a file")
    if target.is_symlink():
        raise UsageError(f"{output} is a symbolic link; octavo does not write through links")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"directory {parent} does not exist")
    write_atomically(target, data.encode("utf-8"))
