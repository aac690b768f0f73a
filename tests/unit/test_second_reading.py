"""LaTeX's second run, only when needed (convert._read): a label tested as undefined
before a \\label that a macro builds makes octavo read the document again with every label
of the first reading known; the first reading's diagnostics are dropped then, released
otherwise (Reporter.hold/release/discard)."""

from __future__ import annotations

import io
import subprocess
import sys

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.errors import Location, Reporter
from octavo.writers.text import render_text


def _build(tmp_path, body: str, stream=None, expansions=None):
    src = tmp_path / "t.tex"
    src.write_text("\\documentclass{article}\n\\begin{document}\\makeatletter\n" + body +
                   "\n\\end{document}\n", encoding="utf-8")
    cfg = BuildConfig(source=src, format="text")
    cfg.no_tex = True
    if expansions:
        cfg.limits.expansions = expansions
    rep = Reporter(stream=stream)
    conv = convert(cfg, rep, "text")
    return conv, render_text(conv.document), rep


LATE = ("\\@ifundefined{r@sec:b}{[b undefined]}{[b defined]}\\makeatother\n"
        "\\def\\mk#1{\\label{sec:#1}}\n\\section{B}\\mk{b}\nSee \\ref{sec:b} and \\undefinedmacro.\n")


def test_label_built_by_a_macro_is_defined_on_the_second_reading(tmp_path):
    conv, text, rep = _build(tmp_path, LATE)
    assert conv.readings == 2
    assert "[b defined]" in text and "[b undefined]" not in text, text
    assert "See 1 and" in text, text  # the second tree is the one kept, references resolved
    assert not [d for d in rep.diagnostics if d.code == "W-LABEL-LATE"]
    # the kept reading runs under the conversion's one deadline, not a fresh one
    assert conv.layer.engine.deadline == conv.context.deadline


def test_first_reading_stopped_by_a_budget_is_kept(tmp_path):
    conv, text, rep = _build(tmp_path, LATE + "\\def\\loop{\\loop}\\loop\n",
                              expansions=20000)
    assert conv.readings == 1
    codes = [d.code for d in rep.diagnostics]
    assert "E-LIMIT-EXPANSION" in codes and codes.count("W-LABEL-LATE") == 1, codes
    assert "[b undefined]" in text


def test_document_without_late_labels_is_read_once(tmp_path):
    conv, text, rep = _build(tmp_path, "\\@ifundefined{r@sec:a}{[a undefined]}{[a defined]}"
                             "\\section{A}\\label{sec:a}\\@ifundefined{r@nowhere}{[no]}{[yes]}")
    assert conv.readings == 1
    assert "[a defined]" in text and "[no]" in text, text


def test_first_reading_diagnostics_are_not_duplicated(tmp_path):
    out = io.StringIO()
    conv, _, rep = _build(tmp_path, LATE, stream=out)
    assert conv.readings == 2
    lines = out.getvalue().splitlines()
    undef = [d for d in rep.diagnostics if "undefinedmacro" in d.message]
    assert len(undef) == 1, [d.format() for d in rep.diagnostics]
    assert lines == [d.format() for d in rep.diagnostics]
    assert rep.warnings == sum(1 for d in rep.diagnostics if d.severity == "warning")


def test_label_still_late_after_the_second_reading_is_warned_once(tmp_path):
    # first reading: r@a undefined, so \label{a}; second: a known, so \label{b}, which
    # was tested before it: late again, and no third reading
    body = ("\\@ifundefined{r@a}{\\def\\n{a}}{\\def\\n{b}}\\@ifundefined{r@b}{[b no]}{[b yes]}\n"
            "\\section{S}\\label{\\n}\n")
    conv, text, rep = _build(tmp_path, body)
    assert conv.readings == 2
    assert "[b no]" in text
    late = [d for d in rep.diagnostics if d.code == "W-LABEL-LATE"]
    assert len(late) == 1 and "'b'" in late[0].message, [d.format() for d in rep.diagnostics]


def test_reporter_hold_release_discard():
    out = io.StringIO()
    rep = Reporter(stream=out)
    rep.warning("W-A", "before", Location("f.tex", 1, 1))
    rep.hold()
    rep.warning("W-B", "held", Location("f.tex", 2, 1), once="k")
    rep.error("E-C", "held too", Location("f.tex", 3, 1))
    assert out.getvalue().count("\n") == 1
    rep.discard()
    assert (rep.errors, rep.warnings, len(rep.diagnostics)) == (0, 1, 1)
    rep.hold()
    rep.warning("W-B", "held", Location("f.tex", 2, 1), once="k")  # the once key was forgotten
    rep.error("E-C", "held too", Location("f.tex", 3, 1))
    rep.release()
    assert out.getvalue().splitlines() == [d.format() for d in rep.diagnostics]
    assert [d.code for d in rep.diagnostics] == ["W-A", "W-B", "E-C"]
    assert (rep.errors, rep.warnings) == (1, 2)


def test_cli_stderr_of_a_second_reading_has_each_diagnostic_once(tmp_path):
    src = tmp_path / "t.tex"
    src.write_text("\\documentclass{article}\n\\begin{document}\\makeatletter\n" + LATE +
                   "\n\\end{document}\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "octavo.cli.main", "build", str(src), "-t", "text",
                        "-o", str(tmp_path / "out.txt"), "--no-tex"],
                       capture_output=True, text=True, timeout=120)
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert any("undefinedmacro" in ln for ln in lines), p.stderr
    assert len(lines) == len(set(lines)), p.stderr
    assert "W-LABEL-LATE" not in p.stderr
