"""The document's wall-time budget (--timeout, hostile.md G5) covers the whole build, not
only reading: the transform passes and the site writer check it too, and running out
after reading ends the build with a located E-LIMIT-TIME error and exit 1, the pages
already written intact and listed in the manifest."""

from __future__ import annotations

import json
import sys
import time

import pytest

from octavo.cli.main import main
from octavo.config import BuildConfig
from octavo.errors import LimitExceeded, Location, Reporter
from octavo.transforms import TransformContext, run_pipeline


def test_pipeline_stops_when_the_deadline_has_passed():
    ctx = TransformContext(BuildConfig(), Reporter(), deadline=time.monotonic() - 1,
                           where=Location("main.tex", 1, 1))
    with pytest.raises(LimitExceeded) as info:
        run_pipeline(object(), ctx, "text")
    d = info.value.diagnostic()
    assert d.code == "E-LIMIT-TIME"
    assert d.format().startswith("main.tex:1:1: error: conversion took longer than")


def test_no_deadline_means_the_pipeline_runs(tmp_path):
    ctx = TransformContext(BuildConfig(), Reporter())
    ctx.check_time("anything")  # the default deadline is infinitely far


def test_site_writer_out_of_time_exits_1_with_pages_kept(tmp_path, monkeypatch, capsys):
    src = tmp_path / "src"
    src.mkdir()
    body = "\n".join(f"\\section{{S{i}}} Text {i}." for i in range(1, 6))
    (src / "main.tex").write_text("\\documentclass{article}\\begin{document}\n" + body
                                  + "\n\\end{document}\n")
    out = tmp_path / "site"
    pages_written = []

    def check_time(self, stage):
        # the budget runs out while the third page is being written
        if stage.startswith("writing"):
            pages_written.append(stage)
            if len(pages_written) == 3:
                raise LimitExceeded("conversion took longer than 1 s (--timeout); stopped while "
                                    + stage, self.where, "E-LIMIT-TIME")

    monkeypatch.setattr(TransformContext, "check_time", check_time)
    monkeypatch.setattr(sys, "setrecursionlimit", lambda n: None)  # main() raises it
    status = main(["build", str(src / "main.tex"), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert "main.tex:1:1: error: conversion took longer than" in err and "[E-LIMIT-TIME]" in err
    assert "Traceback" not in err
    html = sorted(p.name for p in out.glob("*.html"))
    assert len(html) == 2  # the pages before the budget ran out, each complete
    for name in html:
        assert (out / name).read_text(encoding="utf-8").rstrip().endswith("</html>")
    manifest = json.loads((out / ".octavo-manifest.json").read_text())
    assert set(html) <= set(manifest["files"])


def test_bibliography_formatting_checks_the_deadline():
    from octavo.transforms.bibtex import format_bibliography, parse_bib

    bib = "".join(f"@misc{{k{i}, title={{T{i}}}, year={{2000}}}}\n" for i in range(250))
    db = parse_bib(bib, "refs.bib", Reporter())
    stages = []

    def check_time(stage):
        stages.append(stage)
        if len(stages) == 2:
            raise LimitExceeded("out of time: " + stage, Location("main.tex", 1, 1), "E-LIMIT-TIME")

    with pytest.raises(LimitExceeded) as info:
        format_bibliography([db], ["*"], "plain", Reporter(), Location("main.tex", 1, 1), check_time)
    assert "entry 101 of 250" in info.value.message


def test_bib_entry_lines_are_counted_from_the_start():
    from octavo.transforms.bibtex import _entry_lines

    text = "% head\n@article{a,\n title={x}}\n\n@book{b, title={y}}\n@misc{c,}"
    assert [(ln, key) for ln, _, key in _entry_lines(text)] == [(2, "a"), (5, "b"), (6, "c")]
