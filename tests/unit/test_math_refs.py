"""References inside formulas (\\text{by \\eqref{x}}) resolve as they do in text and link
to their target, on whichever page of a split site it is (issue 5: every \\eqref
resolves and links)."""

from __future__ import annotations

import re
import subprocess
import sys

SOURCE = r"""\documentclass{article}
\usepackage{amsmath,amsthm,cleveref}
\newtheorem{theorem}{Theorem}
\begin{document}
\section{First}
\begin{equation}
  a = b \quad \text{by \eqref{eq:later} and \cref{thm:main}; \ref{nowhere}}
\end{equation}
\section{Second}\label{sec:second}
\begin{theorem}\label{thm:main} True. \end{theorem}
\begin{equation}\label{eq:later} c = d \end{equation}
And $x = y \text{ holds by \eqref{eq:later}}$.
\end{document}
"""


def test_math_references_link_across_pages(tmp_path):
    src = tmp_path / "main.tex"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "octavo", "build", str(src), "-o", str(out),
                           "--no-tex", "--split", "section"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    first = next(p for p in out.glob("*.html") if "First" in p.read_text(encoding="utf-8")
                 and "Second" not in _title(p))
    second = next(p for p in out.glob("*.html") if _title(p).startswith("2"))
    assert first != second
    html = first.read_text(encoding="utf-8")
    links = dict((text, href) for href, text in
                 re.findall(r'<mtext><a href="([^"]*)">([^<]*)</a></mtext>', html))
    assert links["(2)"] == f"{second.name}#eq:later"
    assert links["theorem\u00a01"] == f"{second.name}#thm:main"  # as \cref writes it in text
    # an unknown label is shown as in text, unlinked, and warned at the formula
    assert "[nowhere]" in html and "\ue000" not in html and "\ue003" not in html
    assert re.search(r"main\.tex:6:\d+: warning: reference to undefined label 'nowhere'",
                     proc.stderr), proc.stderr
    # on the target's own page too, as references in text are written
    html2 = second.read_text(encoding="utf-8")
    assert f'<mtext><a href="{second.name}#eq:later">(2)</a></mtext>' in html2


def _title(page) -> str:
    m = re.search(r"<h[12][^>]*>(.*?)</h[12]>", page.read_text(encoding="utf-8"), re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else ""
