"""Fixtures for whole-site tests: build the sample book into a temporary directory."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from octavo.config import BuildConfig
from octavo.errors import Reporter
from octavo.site.build import write_site
from octavo.site.output import OutputDir
from octavo.transforms import TransformContext, split, toc

from sample_tree import PNG_FIGURE, book


@dataclass
class Built:
    out: Path
    ctx: TransformContext
    files: list
    doc: object

    def read(self, rel: str) -> str:
        return (self.out / rel).read_text("utf-8")

    @property
    def pages(self):
        return self.ctx.data["pages"]

    def codes(self) -> list:
        return [d.code for d in self.ctx.reporter.diagnostics]


def build_site(tmp: Path, doc=None, *, hostile: bool = False, **config) -> Built:
    """Run toc, split and the site writer over ``doc`` (default: the sample book)."""
    src = tmp / "src"
    (src / "figs").mkdir(parents=True, exist_ok=True)
    (src / "figs" / "memex.png").write_bytes(PNG_FIGURE)
    doc = doc if doc is not None else book(hostile=hostile)
    doc.source_root = str(src)
    config.setdefault("source_date_epoch", 1_700_000_000)
    ctx = TransformContext(BuildConfig(source=src / "book.tex", **config), Reporter(stream=io.StringIO()))
    toc.run(doc, ctx)
    split.run(doc, ctx)
    out = OutputDir(tmp / "site", src, ctx.reporter)
    files = write_site(doc, ctx, out)
    out.finish()
    return Built(tmp / "site", ctx, files, doc)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory.mktemp("hostile"), hostile=True)
