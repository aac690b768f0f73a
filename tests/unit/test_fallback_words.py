"""picture_words: the words a reader sees in a picture, from its LaTeX source."""

from __future__ import annotations

import pytest

from octavo.fallback.words import picture_words

CASES = [
    # TikZ: node texts, labels, quoted edge labels; no drawing language
    (r"""\begin{tikzpicture}[scale=2]
\draw[thick,->] (0,0) -- (1,1) node[midway, above] {slope $m$};
\node[draw, circle, label={below:origin point}] (a) at (0,0) {Start here};
\path (a) edge["maps to"] (b);
\end{tikzpicture}""", "slope m origin point Start here maps to"),
    (r"\begin{tikzpicture}\draw (0,0) rectangle (1,1); \fill (2,2) circle (2pt);\end{tikzpicture}", ""),
    (r"\begin{tikzpicture}\node (a) {outer}; \node at (1,0) {\begin{tikzpicture}\draw (0,0)--(1,0);"
     r"\end{tikzpicture}};\end{tikzpicture}", "outer"),
    # pgfplots: axis titles and legend, not the coordinates
    (r"""\begin{axis}[xlabel={Input length}, ylabel=Throughput, title={Speed}]
\addplot coordinates {(1,2) (3,4)}; \legend{BLAKE3, SHA-256} \end{axis}""",
     "Input length Throughput Speed BLAKE3 SHA-256"),
    # diagrams: cell entries and arrow labels
    (r"\xymatrix@C=2em@R+1pc{A \ar[r]^{f} \ar@{-->}[d]_g & B \\ C & Dee}", "A f g B C Dee"),
    (r"\begin{tikzcd} A \arrow[r, \"inclusion\"] & B \end{tikzcd}".replace('\\"', '"'), "A inclusion B"),
    # proof trees and tableaux: formulas and rule names, no command names or options
    (r"\begin{prooftree}\AxiomC{$A$}\RightLabel{$\land$Intro}\UnaryInfC{Conclusion here}"
     r"\end{prooftree}", "A Intro Conclusion here"),
    (r"\tableau{} [\sFmla{\False}{\formula{A}}, just = \TAss [\sFmla{\True}{B}, just = {\TRule"
     r"{\True}{\lif}[2]}, close] ] \endtableau", "A B"),
    (r"\begin{forest} [Sentence, s sep=2em [Noun phrase] [Verb]] \end{forest}",
     "Sentence Noun phrase Verb"),
    (r"\begin{fitchproof}\have[4]{a1}{A \eand B} % a comment" "\n" r"\by{R}{a1}\end{fitchproof}",
     "a1 A B R a1"),
    (r"\begin{picture}(10,10)\put(0,0){\line(1,1){10}}\put(2,3){Label}\end{picture}", "10 Label"),
    # an xfig overlay (.pdf_t): the labels, not the font set-up or the positions
    (r"""\begin{picture}(0,0)%
\includegraphics{1-1-fig.pdf}%
\end{picture}%
\setlength{\unitlength}{3947sp}%
\begingroup\makeatletter\ifx\SetFigFont\undefined%
\gdef\SetFigFont#1#2#3#4#5{%
  \reset@font\fontsize{#1}{#2pt}%
  \fontfamily{#3}\fontseries{#4}\fontshape{#5}%
  \selectfont}%
\fi\endgroup%
\begin{picture}(3634,1437)(992,-1576)
\put(3781,-781){\makebox(0,0)[lb]{\smash{{\SetFigFont{12}{14.4}{\familydefault}{\mddefault}{\updefault}{\color[rgb]{0,0,0}Real-world problem}%
}}}}
\end{picture}%""", "12 14.4 Real-world problem"),
    (r"\Axiom$\Gamma \fCenter \Delta$ \RightLabel{Cut} \hskip 0pt \kern.5em", "Cut"),
]


@pytest.mark.parametrize("source,words", CASES)
def test_picture_words(source, words):
    assert picture_words(source) == words


def test_single_spaces_and_no_braces():
    out = picture_words(r"\xymatrix{ {A}  \ar[r] &   {\textbf{Big}\ B} }")
    assert out == "A Big B"


def test_hidden_arguments_of_a_package():
    src = r"\begin{fitchproof}\hypo{a1}{A \land B}\by{PR}{} \have{a2}{A}\by{$\land$E}{a1}\end{fitchproof}"
    assert picture_words(src) == "a1 A B PR a2 A E a1"
    hidden = {"hypo": (0,), "have": (0,), "by": (1,)}
    assert picture_words(src, hidden) == "A B PR A E"


def test_document_macros_show_their_body():
    macros = {"TAss": ("", "Assumption"),
              "Intro": ("mo", r"\ensuremath{{#1}\mathrm{Intro}\IfNoValueTF{#2}{}{_{#2}}}"),
              "loop": ("", r"\loop")}
    src = r"\AxiomC{\TAss}\RightLabel{\Intro{\land}}\UnaryInfC{B}\loop\DisplayProof"
    assert picture_words(src, macro=macros.get) == "Assumption Intro B"


def test_a_forest_child_after_a_macro_is_not_its_optional_argument():
    macros = {"sFmla": ("mmo", r"#1 #2"), "TAss": ("", "Assumption")}
    src = r"\tableau{} [\sFmla{T}{Top}, just = \TAss [\sFmla{F}{Child}, close] ] \endtableau"
    assert picture_words(src, macro=macros.get) == "T Top F Child"


def test_shown_forest_keys():
    src = r"\begin{prooftree}{} [A, just=Premise, checked [B, just={Rule 1}, close]] \end{prooftree}"
    assert picture_words(src) == "A B"
    assert picture_words(src, keys=frozenset({"just"})) == "A Premise B Rule 1"


def test_a_macro_body_is_read_in_its_place():
    # forall x: \def\Ae{\by{$\forall$E}} -- the cited label after \Ae{..} belongs to \by
    src = r"\have{c}{R a} \Ae{a1}"
    got = picture_words(src, {"have": (0,), "by": (1,)}, {"Ae": ("", r"\by{$\forall$E}")}.get)
    assert got == "R a E"
