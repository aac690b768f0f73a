"""Golden tests: every tests/features/<topic>/x.tex next to x.txt (plain text) and/or
x.tree (readable tree dump).  `pytest --update-golden` rewrites the expected files; the
diff is the review.

Inline expectations in the .tex (each checked against the diagnostics):
    % expect-warning: LINE:COL CODE      (or without LINE:COL)
    % expect-error: LINE:COL CODE
    % expect-clean                       (no warnings and no errors at all)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.doc.dump import dump
from octavo.errors import Reporter
from octavo.writers.text import render_text

HERE = Path(__file__).parent
# every .tex here is a case, except inputs of other suites (the math gallery has .mathml)
# and files another case \input's (named _*.tex)
CASES = sorted(p for p in HERE.rglob("*.tex")
               if not p.with_suffix(".mathml").exists() and not p.name.startswith("_"))
_EXPECT = re.compile(r"%\s*expect-(warning|error):\s*(?:(\d+):(\d+)\s+)?(\S+)")


def _run(tex: Path):
    cfg = BuildConfig(source=tex, format="text")
    cfg.no_tex = True
    cfg.source_date_epoch = 0  # \today and \maketitle without \date: January 1, 1970
    rep = Reporter()
    conv = convert(cfg, rep, "text")
    return conv.document, rep


@pytest.mark.parametrize("tex", CASES, ids=[str(p.relative_to(HERE)) for p in CASES])
def test_feature(tex: Path, update_golden: bool):
    doc, rep = _run(tex)
    src = tex.read_text(encoding="utf-8", errors="replace")
    outputs = {".txt": render_text(doc), ".tree": dump(doc)}
    for ext, got in outputs.items():
        golden = tex.with_suffix(ext)
        if update_golden and (golden.exists() or ext == ".txt"):
            golden.write_text(got, encoding="utf-8")
        elif golden.exists():
            assert got == golden.read_text(encoding="utf-8"), f"{golden.name} differs (run with --update-golden to review)"
    for sev, line, col, code in _EXPECT.findall(src):
        found = [d for d in rep.diagnostics if d.severity == sev and d.code == code
                 and (not line or (d.loc.line == int(line) and d.loc.col == int(col)))]
        assert found, f"expected {sev} {code} at {line}:{col}; got " + \
            "; ".join(d.format() for d in rep.diagnostics)
    if "% expect-clean" in src:
        assert not rep.diagnostics, "; ".join(d.format() for d in rep.diagnostics)
