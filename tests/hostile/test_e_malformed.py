"""hostile.md §6 E: malformed and mis-encoded input (G6, G7, G10)."""

from __future__ import annotations

import random

import pytest
from hostile_harness import assert_safe

MARK = "RESTMARKER"
HEAD = "\\documentclass{article}\n\\begin{document}\n"


@pytest.mark.parametrize(
    "source",
    [
        "\\documentclass{article}\n\\begin{document}\nFirst.\n\\section{S}\n" + MARK + "\n",
        "\\documentclass{article}\nFirst.\n\\section{S}\n" + MARK + "\n\\end{document}\n",
        HEAD + "First.\n" + MARK + "\n\\end{document}\n\\end{document}\n",
    ],
    ids=["no-end", "no-begin", "end-twice"],
)
def test_e1_document_structure(hostile, source):
    r = hostile.run({"main.tex": source})
    assert_safe(r, hostile)
    assert any(d.severity == "warning" for d in r.diagnostics), r.explain()
    assert MARK in r.text()


@pytest.mark.parametrize(
    "line,bad",
    [(3, "\\textbf{x"), (3, "x}"), (3, "\\begin{itemize}\\end{enumerate}"), (3, "$\\left( x$")],
    ids=["open-brace", "close-brace", "env-mismatch", "left-without-right"],
)
def test_e2_unbalanced(hostile, line, bad):
    source = HEAD + bad + "\n\n" + MARK + "\n\\end{document}\n"
    r = hostile.run({"main.tex": source})
    assert_safe(r, hostile)
    assert any(d.severity == "error" and d.line == line for d in r.diagnostics), (
        f"expected an error at line {line}\n" + r.explain()
    )
    assert r.returncode == 1
    assert MARK in r.text()


def test_e3_random_bytes(hostile):
    data = random.Random(3).randbytes(1 << 20)
    r = hostile.run({"main.tex": data})
    assert_safe(r, hostile)
    assert r.returncode in (1, 2)
    assert r.has("E-NOT-TEXT") or r.has("W-ENCODING"), r.explain()


def test_e3_png_as_tex(hostile):
    r = hostile.run({"main.tex": b"\x89PNG\r\n\x1a\n" + random.Random(4).randbytes(5000)})
    assert_safe(r, hostile)
    assert r.returncode in (1, 2)
    assert r.has("E-NOT-TEXT"), r.explain()


def test_e4_declared_latin1(hostile):
    src = b"\\documentclass{article}\n\\usepackage[latin1]{inputenc}\n\\begin{document}\ncaf\xe9 " + MARK.encode() + b"\n\\end{document}\n"
    r = hostile.run({"main.tex": src})
    assert_safe(r, hostile)
    assert not r.has("W-ENCODING"), r.explain()
    assert "café" in r.text()


def test_e5_cp1252_fallback(hostile):
    src = HEAD.encode() + b"He said \x93hello\x94.\n" + MARK.encode() + b"\n\\end{document}\n"
    r = hostile.run({"main.tex": src})
    assert_safe(r, hostile)
    assert r.has("W-ENCODING", line=3, file="main.tex"), r.explain()
    d = next(d for d in r.diagnostics if d.code == "W-ENCODING")
    assert d.col == 9 and "offset" in d.message and str(len(HEAD) + 8) in d.message
    assert "\u201chello\u201d" in r.text()


@pytest.mark.parametrize(
    "data,expect_text,warn_line",
    [
        (b"\xef\xbb\xbf" + (HEAD + "Gr\u00fc\u00dfe " + MARK + "\n\\end{document}\n").encode(), "Grüße", None),
        (b"\xff\xfe" + (HEAD + "Gr\u00fc\u00dfe " + MARK + "\n\\end{document}\n").encode("utf-16-le"), "Grüße", None),
        ((HEAD + "\u00e4\u00f6\u00fc \u2014 utf8\n").encode() + b"latin1 caf\xe9\n" + (MARK + "\n\\end{document}\n").encode(),
         "äöü", 4),
    ],
    ids=["utf8-bom", "utf16le-bom", "mixed"],
)
def test_e6_boms_and_mixed(hostile, data, expect_text, warn_line):
    r = hostile.run({"main.tex": data})
    assert_safe(r, hostile)
    assert expect_text in r.text().replace(" ", "") or expect_text in r.text(), r.explain()
    if warn_line is None:
        assert not r.has("W-ENCODING"), r.explain()
    else:
        assert r.has("W-ENCODING", line=warn_line), r.explain()


def test_e7_nul_and_odd_characters(hostile):
    src = HEAD.encode() + b"a\x00b ^^@ ^^ff ^^^^d800 \xef\xbf\xbe " + MARK.encode() + b"\n\\end{document}\n"
    r = hostile.run({"main.tex": src})
    assert_safe(r, hostile)  # (g) includes: every page is valid UTF-8
    assert MARK in r.text()


@pytest.mark.parametrize("eol", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_e8_line_endings(hostile, eol):
    lines = ["\\documentclass{article}", "\\begin{document}", "one", "two", "\\undefinedmacroxyz", MARK, "\\end{document}"]
    r = hostile.run({"main.tex": eol.join(lines) + eol})
    assert_safe(r, hostile)
    assert any(d.line == 5 and d.file.endswith("main.tex") for d in r.diagnostics), r.explain()
    assert MARK in r.text()


E9_INPUTS = {
    "e1": HEAD + "First.\n",
    "e2": HEAD + "\\textbf{x\n\n" + MARK + "\n\\end{document}\n",
    "e4": b"\\documentclass{article}\n\\usepackage[latin1]{inputenc}\n\\begin{document}\ncaf\xe9\n\\end{document}\n",
    "e5": HEAD.encode() + b"\x93q\x94\n\\end{document}\n",
    "e7": HEAD.encode() + b"a\x00b ^^@ ^^ff\n\\end{document}\n",
    "e8": "\\documentclass{article}\r\\begin{document}\r\\section{A}\\label{a}x \\ref{a}\r\\end{document}\r",
}


@pytest.mark.parametrize("name", sorted(E9_INPUTS))
def test_e9_determinism(hostile, name):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    r1 = hostile.run({"main.tex": E9_INPUTS[name]}, out=hostile.tmp / "one", env=env)
    r2 = hostile.run(out=hostile.tmp / "two", env=env)
    assert_safe(r1, hostile)
    assert r1.files, r1.explain()
    differing = sorted(k for k in set(r1.files) | set(r2.files) if r1.files.get(k) != r2.files.get(k))
    assert not differing, f"non-deterministic output files: {differing}"
    assert [d.code for d in r1.diagnostics] == [d.code for d in r2.diagnostics]
