"""bench/tagfilter.py: openlogic's tag conditionals evaluated as LaTeX evaluates them
(sty/open-logic-selective.sty on etoolbox toggles), so that the formula counter reads the
text TeX typesets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import tagfilter as tf  # noqa: E402
from octavo.math.scan import find_formulas  # noqa: E402

CONFIG = r"""
\tagtrue{prvNot,prvOr, prvAnd}   % a list, spaces trimmed
\tagfalse{defNot,defOr}
\tagtrue{FOL}
% \tagfalse{FOL}  a comment does not count
\tagfalse{probAnd}
\tagtrue{probAnd}                 % the last setting wins
\tagtrue{tagTrue}                 % \tagprob's default first list, as open-logic-config.sty
"""
TAGS = tf.tags_from(CONFIG)


def norm(text: str) -> str:
    """What TeX reads, spaces collapsed (removed line ends are written ``%\\n``)."""
    return " ".join(text.replace("%\n", " ").split())


def test_tags_from_reads_the_lines_in_order_with_their_opposites():
    assert TAGS["prvAnd"] is True and TAGS["notprvAnd"] is False
    assert TAGS["defOr"] is False and TAGS["notdefOr"] is True
    assert TAGS["FOL"] is True and TAGS["notFOL"] is False
    assert TAGS["probAnd"] is True
    assert "" not in TAGS and "nosuch" not in TAGS


CASES = [
    # (source, what LaTeX reads)
    (r"\iftag{FOL}{yes}{no}", "yes"),
    (r"\iftag{notFOL}{yes}{no}", "no"),
    (r"\iftag{defNot,defOr}{yes}{no}", "no"),            # a list: any tag true
    (r"\iftag{defNot, prvOr}{yes}{no}", "yes"),
    (r"\iftag{ defNot , {prvOr} }{yes}{no}", "yes"),     # \docsvlist trims, strips braces
    (r"\iftag{FOL}{$a$}{$b$ and $c$}", "$a$"),
    (r"\iftag{FOL}%" "\n" r"  {yes}%" "\n" r"  {no}", "yes"),  # comments between arguments
    (r"\iftag{FOL}{\iftag{defOr}{A}{B}}{C}", "B"),       # nested
    (r"\iftag{notFOL}{A}{\iftag{prvNot}{\iftag{defNot}{B}{C}}{D}}", "C"),
    (r"\iftag{FOL}{a {b} \{c}{no}", r"a {b} \{c"),       # braces and escaped braces
    (r"\iftag{FOL}{\tagfalse{FOL}}{} \iftag{FOL}{yes}{no}", r"\tagfalse{FOL} no"),
    (r"\iftag{FOL}{yes}" "\n\n" "after", "yes after"),  # the 3rd argument is the \par
    (r"\iftag{notFOL}{yes}" "\n\n" "after", "after"),
    (r"\tagitem{prvNot}{$\lnot A$}{}", r"\item $\lnot A$"),
    (r"\tagitem{defNot}{$\lnot A$}{}", ""),              # nothing when the branch is empty
    (r"\tagitem{defNot}{x}{%" "\n" "}", ""),             # a comment is empty
    (r"\tagitem{defNot}{x}{ y }", r"\item y"),
    (r"\tagprob{FOL}\begin{prob}$a$\end{prob}\tagendprob", r"\begin{prob}$a$\end{prob}"),
    (r"\tagprob{notFOL}\begin{prob}$a$\end{prob} $b$ \begin{prob}$c$\end{prob}\tagendprob"
     r" \begin{prob}$d$\end{prob}", r"$b$ \begin{prob}$d$\end{prob}"),
    (r"\tagprob[notFOL]{FOL}\begin{prob}x\end{prob}\tagendprob", ""),  # both lists count
    (r"\tagprob[FOL]{defOr,prvOr}\begin{prob}x\end{prob}\tagendprob", r"\begin{prob}x\end{prob}"),
    (r"\tagrefs{prvOr/{a:b},defOr/{c:d}, FOL/e}", r"\cref{a:b,e}"),
    (r"\begin{tagblock}{FOL}$x$\end{tagblock}", "$x$"),
    (r"\begin{tagblock}{notFOL}$x$\end{tagblock}", ""),
    # a setting holds until the end of the environment it is made in
    (r"\begin{proof}\tagfalse{FOL}\iftag{FOL}{a}{b}\end{proof}\iftag{FOL}{c}{d}",
     r"\begin{proof}\tagfalse{FOL} b \end{proof} c"),
    # definitions are evaluated where they are used, not where they are made
    (r"\newcommand{\x}[1]{\iftag{#1}{a}{b}}\def\y{\iftag{FOL}{c}{d}}",
     r"\newcommand{\x}[1]{\iftag{#1}{a}{b}}\def\y{\iftag{FOL}{c}{d}}"),
    (r"\iftag{FOL}{a}{b} % \iftag{FOL}{c}{d}", "a %"),
]


@pytest.mark.parametrize("source,expected", CASES)
def test_constructs(source, expected):
    got, walk = tf.filter_text(source, TAGS)
    assert norm(got) == norm(expected)
    # every character kept stays on its line
    assert got.count("\n") == tf.strip_comments(source).count("\n")
    assert walk.unknown == []


def test_removed_line_ends_make_no_paragraph():
    """A branch not taken that holds a blank line leaves no blank line: an inline formula
    around it is still one formula."""
    got, _ = tf.filter_text("$a \\iftag{notFOL}{\n\n}{} b$", TAGS)
    assert [[w for w in f.body.split() if w != "%"] for f in find_formulas(got)] == [["a", "b"]]


def test_unknown_tags_are_false_and_reported():
    got, walk = tf.filter_text("x\n\\iftag{nosuch}{yes}{no} \\tagitem{other,prvOr}{a}{b}", TAGS)
    assert norm(got) == r"x no \item a"
    assert [(line, tag) for _, line, tag in walk.unknown] == [(2, "nosuch"), (2, "other")]


def test_label_conditionals_follow_the_labels_of_the_document():
    src = r"\olfileid{sfr}{siz}{nen}\oliflabeldef{sfr:siz:nen:sec}{$y$}{$n$}\olsection{T}"
    got, walk = tf.filter_text(src, TAGS, known={"sfr:siz:nen:sec"})
    assert "$y$" in got and "$n$" not in got
    assert walk.labels == {"sfr:siz:nen:sec"}
    got, _ = tf.filter_text(src, TAGS)
    assert "$n$" in got and "$y$" not in got


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def test_filter_document_reads_in_order_and_copies_a_file_read_twice(tmp_path):
    src = tmp_path / "src"
    _write(src, "config.sty", "\\tagtrue{FOL}\n")
    _write(src, "main.tex", "\\documentclass{book}\n\\newcommand{\\olpath}{.}\n"
           "\\input{\\olpath/config.sty}\n\\begin{document}\n"
           "\\olimport[part]{chap}\n"
           "\\olimport[part]{pl}\n"
           "\\iftag{FOL}{$after$}{$wrong$}\n"      # \tagfalse in pl was local to \olimport
           "\\oliflabeldef{later}{$seen$}{$unseen$}\n"
           "\\label{later}\n\\end{document}\n")
    _write(src, "part/chap.tex", "\\documentclass[x]{subfiles}\n\\iftag{FOL}{$p$}{}\n"
           "\\begin{document}\n\\iftag{FOL}{$\\forall$}{$\\lnot$}\n\\end{document}\n")
    _write(src, "part/pl.tex", "\\documentclass[x]{subfiles}\n\\begin{document}\n"
           "\\tagfalse{FOL}\n\\olimport{chap}\n\\end{document}\n")
    out = tmp_path / "out"
    walk = tf.filter_document(src / "main.tex", out)
    first = (out / "part/chap.tex").read_text()
    second = (out / "part/chap@tag2.tex").read_text()
    assert "$\\forall$" in first and "$\\lnot$" not in first
    assert "$\\lnot$" in second and "$\\forall$" not in second
    assert "\\iftag{FOL}{$p$}" in first  # a subfile's preamble is not read
    assert "\\olimport{chap@tag2}" in (out / "part/pl.tex").read_text()
    main = (out / "main.tex").read_text()
    assert "$after$" in main and "$wrong$" not in main
    assert "$seen$" in main and "$unseen$" not in main
    assert walk.unknown == []
    assert tf.original_path(str(out / "part/chap@tag2.tex"), out, src) == str(src / "part/chap.tex")
    assert tf.original_path("/elsewhere/x.tex", out, src) == "/elsewhere/x.tex"
    assert (src / "part/chap.tex").read_text().count("iftag") == 2  # the source is untouched


def test_openlogic_corrections():
    """The formulas of openlogic's preamble that octavo.math.scan does not see."""
    sty = (r"\DeclareDocumentCommand \Intro { m o } {\ensuremath{{#1}\mathrm{Intro}}}" "\n"
           r"\DeclareDocumentCommand \indcase { s t{!} m m +m }{%" "\n"
           r"  \IfBooleanTF{#1}{$#3$ is atomic: }{$#3 \ident #4$: }#5}" "\n"
           r"\DeclareDocumentCommand \subst { m m } {#1/#2}" "\n"
           r"\DeclareDocumentMacro \True {\ensuremath{\mathbb{T}}}" "\n"
           r"\DeclareDocumentCommand \Log { m o }{\ensuremath{\mathbf{#1}}}" "\n"
           r"\DeclareDocumentMacro {\LogCL} {\Log{C}}" "\n"
           r"\settexttoken{formula}{formula}{formulas}" "\n"
           r"\settexttoken{lambda define}{$\lambd$-define}{$\lambd$-defines}[$\lambd$-Define]")
    assert tf.document_command_formulas(sty) == {"Intro": 1, "indcase": 1, "True": 1,
                                                 "Log": 1, "LogCL": 1}
    tokens = tf.text_tokens(sty)
    assert set(tokens) == {"lambda define"}
    got = tf.expand_tokens(r"!!{lambda define}s, !!^{lambda define}, !!a{formula}, "
                           r"\usetoken{P}{lambda define}", tokens)
    assert got == (r"$\lambd$-defines, $\lambd$-Define, !!a{formula}, "
                   r"$\lambd$-defines")  # P: \uppercase of the first token, $
    text = ("a $x$\n\\AxiomC{$A$}\n\\UnaryInfC{$B$}\n\\DisplayProof\n$y$\n"
            "\\begin{oltableau}\n[$C$]\n\\end{oltableau}\n"
            "\\begin{defish}\\AxiomC{$D$}\\end{defish} $z$\n")
    blanked = tf.blank_drawings(text)
    assert [f.body for f in find_formulas(blanked)] == ["x", "y", "z"]
    assert blanked.count("\n") == text.count("\n")
    atomic = tf.blank_unprinted(r"\indcase*{!A}{$!A$ is atomic}{$c$} \indcase{!A}{$b$}{}")
    assert [f.body for f in find_formulas(atomic)] == ["c", "b"]


def test_no_traceback_on_broken_input():
    for bad in (r"\iftag{FOL}{unclosed", r"\iftag", r"\tagitem{a}", r"\tagprob[x",
                r"\begin{tagblock}{FOL}never closed", r"\oliflabeldef{x}{y}", "}}{{"):
        got, _ = tf.filter_text(bad, TAGS)
        assert got.count("\n") == bad.count("\n")
