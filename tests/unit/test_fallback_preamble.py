"""Snippet preamble extraction (octavo.fallback.preamble).

Golden files: tests/unit/fallback_preamble/<doc>.snippet.tex hold the annotated snippet
preamble of four corpus documents (kept statements under ``% file:line``, dropped ones
with the reason).  Regenerate with ``OCTAVO_UPDATE_GOLDEN=1`` (or ``--update-golden`` when
the project's conftest defines it) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from octavo.config import BuildConfig
from octavo.doc.nodes import Document
from octavo.fallback.preamble import extract, split_document, split_statements, strip_comment
from octavo.transforms.pictures import locate_preamble

CORPUS = Path("/work/shared/corpus")
GOLDEN = Path(__file__).parent / "fallback_preamble"
DOCS = {
    "hott": "hott-online.tex",
    "blake3": "blake3.tex",
    "sphere-eversion-blueprint": "print.tex",
    "forallx-yyc": "forallxyyc.tex",
}


def _update(request) -> bool:
    try:
        if request.config.getoption("--update-golden"):
            return True
    except ValueError:
        pass
    return os.environ.get("OCTAVO_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_corpus_golden(name, request):
    root = CORPUS / name
    if not root.is_dir():
        pytest.skip(f"corpus document {root} not present")
    cfg = BuildConfig(source=root / DOCS[name])
    src = locate_preamble(Document(), cfg, root)
    cls = split_document((root / src.file).read_text(encoding="utf-8"))[1]
    got = extract(src.text, cls, root, src.file, src.first_line, src.prelude,
                  src.prelude_file).annotated()
    path = GOLDEN / f"{name}.snippet.tex"
    if _update(request) or not path.exists():
        path.write_text(got, encoding="utf-8")
        if not _update(request):
            pytest.fail(f"golden file {path} was missing and has been written; review it")
    assert got == path.read_text(encoding="utf-8")


def test_hott_prelude_options_kept_and_layout_dropped():
    root = CORPUS / "hott"
    if not root.is_dir():
        pytest.skip("corpus document hott not present")
    src = locate_preamble(Document(), BuildConfig(source=root / "hott-online.tex"), root)
    pre = extract(src.text, "book", root, src.file, src.first_line, src.prelude, src.prelude_file)
    body = pre.body()
    assert src.file == "main.tex" and src.prelude_file == "hott-online.tex"
    assert "\\def\\OPTblue{blue}" in body            # colour used inside pictures
    assert "\\usepackage[all,2cell,cmtip]{xy}" in body
    assert "\\newcommand{\\jdeq}{\\equiv}" in body     # macros.tex inlined
    for gone in ("geometry", "hyperref", "fancyhdr", "]{titlesec}", "\\pagestyle", "\\titleformat",
                 "\\input{main}", "bookmark"):
        assert gone not in body, gone


def test_multiline_usepackage_and_comments():
    pre = extract("\\usepackage[\n  a=1, % first\n  b=2]{foo}\n% comment only\n"
                  "\\usepackage{amsmath,hyperref,geometry} % trailing\n"
                  "\\newcommand{\\x}{%\n  X}\n", "article", "/nonexistent")
    texts = [s.text for s in pre.statements]
    assert texts[0] == "\\usepackage[\n  a=1, %\n  b=2]{foo}"
    assert texts[1] == "\\usepackage{amsmath}"
    assert texts[2] == "\\newcommand{\\x}{%\n  X}"
    assert [s.line for s in pre.statements] == [1, 5, 6]
    assert {why for _, why in pre.dropped} == {"PDF features", "page layout"}


def test_continuation_line_starting_with_brace():
    sts = split_statements("\\usetikzlibrary\n{\n  calc,\n  arrows\n}\n\\foo\n", "m.tex", 10)
    assert [(s.text.split("\n")[0], s.line) for s in sts] == [("\\usetikzlibrary", 10), ("\\foo", 15)]


def test_escaped_percent_is_not_a_comment():
    assert strip_comment(r"\def\p{50\%} % x") == r"\def\p{50\%} %"


def test_input_resolved_inside_root_only(tmp_path):
    root = tmp_path / "proj"
    (root / "sty").mkdir(parents=True)
    (root / "defs.tex").write_text("\\newcommand{\\R}{\\mathbb{R}}\n\\pagestyle{empty}\n")
    (root / "sty" / "mine.sty").write_text("\\RequirePackage{helper}\n")
    (root / "helper.sty").write_text("\\def\\h{}\n")
    (tmp_path / "secret.tex").write_text("\\def\\secret{S}\n")
    pre = extract("\\input{defs}\n\\input{../secret}\n\\input{/etc/passwd}\n"
                  "\\usepackage{sty/mine}\n\\newcommand{\\olpath}{sty}\n"
                  "\\input{\\olpath/mine.sty}\n", "article", root, "main.tex")
    body = pre.body()
    assert "\\newcommand{\\R}{\\mathbb{R}}" in body and "secret" not in body
    assert "\\pagestyle" not in body
    assert "\\usepackage{sty/mine}" in body and "\\input{sty/mine.sty}" in body
    assert pre.support_files == ["helper.sty", "sty/mine.sty"]
    assert pre.support_digest
    reasons = [why for st, why in pre.dropped if "secret" in st.text or "passwd" in st.text]
    assert reasons == ["file not found inside the source root"] * 2


def test_shell_escape_and_pdf_mode_statements_dropped():
    pre = extract("\\immediate\\write18{touch pwned}\n\\pdfoutput=1\n\\usepackage{minted}\n"
                  "\\usepackage{tikz}\n", "article", "/nonexistent")
    assert pre.body() == "\\usepackage{tikz}\n"


def test_unknown_class_becomes_article_and_renew_is_guarded():
    pre = extract("\\renewcommand{\\backref}[1]{}\n", "acmart-unknown", "/nonexistent")
    assert pre.docclass == "article"
    assert pre.statements[0].text == "\\providecommand{\\backref}{}\\renewcommand{\\backref}[1]{}"


def test_key_text_ignores_locations():
    a = extract("\\usepackage{tikz}\n", "article", "/x", "a.tex", 1)
    b = extract("\n\n\\usepackage{tikz} % moved\n", "article", "/x", "b.tex", 7)
    assert a.key_text() == b.key_text()
