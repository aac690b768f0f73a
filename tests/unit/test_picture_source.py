"""A formula that becomes a picture (an xymatrix diagram in \\[..\\]) is sent to TeX as the
author wrote it: author macros inside stay as written, not expanded (their expansion
can break the diagram's own syntax: HoTT's \\inl ends in \\xspace, so `\\ar_-\\inl[r]`
expanded failed in TeX; and the cache key of every picture would change)."""

from __future__ import annotations

import json
import subprocess
import sys

DOC = r"""\documentclass{article}
\usepackage[all]{xy}
\newcommand{\proj}[1]{\ensuremath{\mathsf{pr}_{#1}}}
\begin{document}
\[
  \xymatrix{A \ar[r]^{\proj1} & B}
\]
\end{document}
"""


def _placeholders(node, out):
    if isinstance(node, dict):
        if node.get("type") == "Placeholder":
            out.append(node)
        for v in node.values():
            _placeholders(v, out)
    elif isinstance(node, list):
        for v in node:
            _placeholders(v, out)
    return out


def test_display_picture_keeps_author_macros_as_written(tmp_path):
    src = tmp_path / "d.tex"
    src.write_text(DOC, "utf-8")
    proc = subprocess.run([sys.executable, "-m", "octavo", "build", str(src), "-t", "json",
                           "-o", "-", "--no-tex"], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    found = _placeholders(json.loads(proc.stdout), [])
    assert len(found) == 1
    source = found[0]["source"]
    assert "\\ar[r]^{\\proj1}" in source, source
    assert "mathsf" not in source
