"""Text in the LaTeX layer (latex/kernel/text.py): every accent command and special
letter against the Unicode a reader expects, ligatures, text symbols, line breaks and
font declarations with TeX's grouping.  Each case is a one-paragraph document."""

from __future__ import annotations

import unicodedata

import pytest

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.doc import nodes as N
from octavo.errors import Reporter
from octavo.writers.text import render_text


def _convert(tmp_path, body: str, preamble: str = ""):
    src = tmp_path / "t.tex"
    src.write_text("\\documentclass{article}\n" + preamble + "\n\\begin{document}\n" + body +
                   "\n\\end{document}\n", encoding="utf-8")
    cfg = BuildConfig(source=src, format="text")
    cfg.no_tex = True
    rep = Reporter()
    conv = convert(cfg, rep, "text")
    return conv.document, rep


def _text(tmp_path, body: str, preamble: str = "") -> str:
    doc, rep = _convert(tmp_path, body, preamble)
    assert not [d for d in rep.diagnostics if d.severity == "error"], \
        [d.format() for d in rep.diagnostics]
    return render_text(doc).strip()


ACCENTS = [
    (r"\'e", "é"), (r"\`a", "à"), (r"\^o", "ô"), (r'\"u', "ü"), (r"\~n", "ñ"),
    (r"\=a", "ā"), (r"\.z", "ż"), (r"\u{g}", "ğ"), (r"\v{s}", "š"), (r"\H{o}", "ő"),
    (r"\c{c}", "ç"), (r"\d{h}", "ḥ"), (r"\b{k}", "ḵ"), (r"\r{a}", "å"), (r"\k{a}", "ą"),
    (r"\t{oo}", "o\u0361o"), (r'\"{\i}', "ï"), (r"\^{\j}", "ĵ"), (r"\'\i", "í"),
    (r"\'{E}", "É"), (r"\c C", "Ç"), (r"\v{Z}", "Ž"), (r"\k{e}", "ę"), (r"\r A", "Å"),
    (r"\u{a}", "ă"), (r"\H{U}", "Ű"), (r"\.{I}", "İ"), (r"\={\i}", "ī"),
]
LETTERS = [
    (r"\ss", "ß"), (r"\ae", "æ"), (r"\AE", "Æ"), (r"\oe", "œ"), (r"\OE", "Œ"), (r"\o", "ø"),
    (r"\O", "Ø"), (r"\l", "ł"), (r"\L", "Ł"), (r"\i", "ı"), (r"\j", "ȷ"), (r"\aa", "å"),
    (r"\AA", "Å"),
]
SYMBOLS = [
    (r"\&", "&"), (r"\%", "%"), (r"\$", "$"), (r"\#", "#"), (r"\_", "_"), (r"\{", "{"),
    (r"\}", "}"), (r"\textbackslash", "\\"), (r"\ldots", "…"), (r"\dots", "…"),
    (r"\S", "§"), (r"\P", "¶"), (r"\dag", "†"), (r"\ddag", "‡"), (r"\copyright", "©"),
    (r"\pounds", "£"), (r"\textregistered", "®"), (r"\texttrademark", "™"),
    (r"\textdegree", "°"), (r"\texteuro", "€"), (r"\textbullet", "•"), (r"\textemdash", "—"),
    (r"\textendash", "–"), (r"\textquoteleft", "‘"), (r"\textquotedblright", "”"),
    (r"\textperiodcentered", "·"), (r"\textonehalf", "½"), (r"\texttimes", "×"),
    (r"\textmu", "µ"), (r"\textcelsius", "℃"), (r"\textnumero", "№"), (r"\checkmark", "✓"),
    (r"\textasciitilde", "~"), (r"\textasciicircum", "^"), (r"\textless", "<"),
    (r"\textgreater", ">"), (r"\textbar", "|"), (r"\guillemotleft", "«"),
]
LIGATURES = [
    ("``quoted''", "“quoted”"), ("`single'", "‘single’"), ("pages 1--2", "pages 1–2"),
    ("yes---no", "yes—no"), ("?`Qu\\'e?", "¿Qué?"), ("!`Hola!", "¡Hola!"),
    ("fine office", "fine office"), ("a~b", "a b"),
]


CASES = ACCENTS + LETTERS + SYMBOLS + LIGATURES


@pytest.fixture(scope="module")
def table_output(tmp_path_factory) -> list:
    """All cases in one document (one conversion), one paragraph each."""
    body = "\n\n".join("x " + src + "{} x" for src, _ in CASES)
    return _text(tmp_path_factory.mktemp("table"), body).split("\n\n")


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_text_commands_give_nfc_unicode(table_output, i):
    got = table_output[i]
    assert got == "x " + CASES[i][1] + " x"
    assert unicodedata.is_normalized("NFC", got)


def test_decomposed_input_is_normalised(tmp_path):
    got = _text(tmp_path, "Cafe\u0301 and re\u0301sume\u0301")
    assert got == "Café and résumé"


def test_line_breaks(tmp_path):
    assert _text(tmp_path, r"one\\two\newline three\linebreak[2] four\\*[3pt]five") == \
        "one\ntwo\nthree\nfour\nfive"


def _inlines(tmp_path, body: str) -> list:
    doc, _ = _convert(tmp_path, body)
    para = doc.children[0]
    assert isinstance(para, N.Paragraph)
    return para.children


def _shape(nodes) -> list:
    """(kind, text) pairs: the font structure of a paragraph."""
    out = []
    for n in nodes:
        if isinstance(n, N.Text):
            out.append(n.text)
        else:
            kind = n.style if isinstance(n, N.Styled) else type(n).__name__
            out.append((kind, _shape(n.children)))
    return out


def test_em_inside_em_toggles_back_to_upright(tmp_path):
    assert _shape(_inlines(tmp_path, r"\emph{a \emph{b} c} {\em d {\em e} f}")) == [
        ("Emph", ["a "]), ("upright", ["b"]), ("Emph", [" c"]), " ",
        ("Emph", ["d "]), ("upright", ["e"]), ("Emph", [" f"])]


def test_old_style_declarations_reset_the_other_axes(tmp_path):
    # \it inside \bf gives italic only (LaTeX 2.09 style); \itshape inside \bfseries both
    assert _shape(_inlines(tmp_path, r"{\bf a {\it b}} {\bfseries c {\itshape d}}")) == [
        ("Strong", ["a "]), ("italic", ["b"]), " ", ("Strong", ["c "]),
        ("Strong", [("italic", ["d"])])]


def test_declarations_end_with_their_group(tmp_path):
    assert _shape(_inlines(tmp_path, r"{\large big} {\small s \normalfont n} plain")) == [
        ("large", ["big"]), " ", ("small", ["s "]), "n plain"]


def test_text_font_commands(tmp_path):
    shape = _shape(_inlines(tmp_path, r"\underline{u} x\textsuperscript{2} H\textsubscript{2}O "
                                      r"\textsc{Sc} \texttt{tt} \textsf{sf}"))
    assert shape == [("underline", ["u"]), " x", ("superscript", ["2"]), " H",
                     ("subscript", ["2"]), "O ", ("smallcaps", ["Sc"]), " ",
                     ("mono", ["tt"]), " ", ("sans", ["sf"])]


def test_no_ligatures_in_monospace(tmp_path):
    assert _text(tmp_path, r"\texttt{--x ``y''} --x") == "--x ``y'' –x"


def test_today_is_localised_and_reproducible():
    import datetime
    from octavo.latex.kernel.sectioning import format_date
    d = datetime.date(2024, 3, 1)
    assert format_date(d, "en") == "March 1, 2024"
    assert format_date(d, "en-GB") == "1st March 2024"
    assert format_date(datetime.date(2024, 3, 12), "en-GB") == "12th March 2024"
    assert format_date(d, "de") == "1. März 2024"
    assert format_date(d, "fr") == "1er mars 2024"
    assert format_date(d, "es") == "1 de marzo de 2024"


def test_today_honours_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert _text(tmp_path, r"\today") == "January 2, 1970"
