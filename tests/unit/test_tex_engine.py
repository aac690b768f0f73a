"""The TeX engine, primitive family by primitive family: input -> the text TeX typesets.

Expected outputs follow what pdfTeX prints for the same input (checked with
``pdftex`` + ``pdftotext`` where in doubt); the plain-text sink joins what the stomach
receives, so spaces are as TeX's tokenizer makes them.
"""

from __future__ import annotations

import time

import pytest

from octavo.config import Limits
from octavo.errors import Reporter
from octavo.tex.engine import Engine


def run(src: str, limits: Limits | None = None) -> tuple[str, Reporter]:
    rep = Reporter()
    e = Engine(limits or Limits(), rep)
    e.push_source(src, "t.tex")
    e.run()
    return e.sink.result(), rep


def out(src: str) -> str:
    return run(src)[0]


PLAIN_LOOP = r"\def\loop#1\repeat{\def\body{#1}\iterate}" \
    r"\def\iterate{\body \let\next\iterate \else\let\next\relax\fi \next}\let\repeat=\fi"

CASES = [
    # --- definitions: undelimited, delimited, #{, prefixes
    ("def-undelimited", r"\def\a#1#2{(#2,#1)}\a xy \a{long one}z", "(y,x) (z,long one)"),
    ("def-delimited", r"\def\b#1.#2\end{[#1|#2]}\b abc.de f\end ok", "[abc|de f]ok"),
    ("def-delimited-braces-stripped", r"\def\c#1.{[#1]}\c{x.y}.", "[x.y]"),
    # delimited arguments read from a macro's body (a token list, scanned in place; runs
    # taken whole unless they hold a character of the delimiter)
    ("def-delimited-from-body", r"\def\a#1\end{[#1]}\def\b{hello world\end}\expandafter\a\b", "[hello world]"),
    ("def-delimited-inside-run", r"\def\a#1 x{[#1]}\def\b{foo bar xyz}\expandafter\a\b", "[foo bar]yz"),
    ("def-delimited-body-braces", r"\def\a#1.{[#1]}\def\b{{a.b}c.d}\expandafter\a\b", "[a.bc]d"),
    ("def-delimited-body-then-file", r"\def\a#1.{[#1]}\def\b{one two}\expandafter\a\b three. four", "[one twothree] four"),
    ("def-delimited-other-catcode", r"{\catcode`\x=12 \gdef\a#1x{[#1]}}\def\b{axbx}\let\e\expandafter\catcode`\x=12 \e\a\b x.", "[axbx]."),
    # numbers read off a run (a macro's body) without splitting it: more digits may
    # follow from the next tokens; one space after it is eaten; a digit of category
    # letter ends the number
    ("int-from-body-then-tokens", r"\def\a{12}\def\b{3}\count1=\a\b\relax\the\count1", "123"),
    ("int-from-body-space", r"\def\a{12 x}\count1=\a\the\count1", "x12"),
    ("int-from-body-nondigit", r"\def\a{7a}\count1=\a\the\count1", "a7"),
    ("int-from-body-letter-digit", r"{\catcode`\5=11 \gdef\a{15}}\count1=\a\the\count1", "51"),
    ("def-prefix-text", r"\def\d(#1,#2){#2#1}\d(a,b)", "ba"),
    ("def-brace-delimited", r"\def\e#1#{[#1]}\e abc{x}", "[abc]x"),
    ("def-param-doubled", r"\def\f{\def\g##1{<##1>}}\f\g z", "<z>"),
    ("edef", r"\def\x{A}\edef\y{\x\x}\def\x{B}\y", "AA"),
    ("edef-noexpand", r"\edef\x{\noexpand\y A}\def\y{Y}\x", "YA"),
    ("edef-unexpanded", r"\def\y{Y}\edef\x{\unexpanded{\y}\y}\def\y{Z}\x", "ZY"),
    ("xdef-global", r"{\def\a{a}\xdef\b{\a\a}}\b", "aa"),
    ("gdef-global", r"{\gdef\a{glob}}\a", "glob"),
    ("global-prefix", r"{\global\def\a{G}}\a", "G"),
    ("local-def-restored", r"\def\a{out}{\def\a{in}\a}\a", "inout"),
    ("let", r"\def\a{A}\let\b=\a\def\a{X}\b\a", "AX"),
    ("let-char", r"\let\x=y\x", "y"),
    ("futurelet", r"\def\t{\ifx\n a[a]\else[?]\fi}\futurelet\n\t a", "[a]a"),
    # --- expansion control
    ("expandafter", r"\def\a{\b}\def\b{B}\def\c#1{[#1]}\expandafter\c\a", "[B]"),
    ("csname", r"\expandafter\def\csname foo bar\endcsname{FB}\csname foo bar\endcsname", "FB"),
    ("csname-undefined-is-relax", r"\csname nothing\endcsname ok", "ok"),
    ("string", r"\string\foo", "\\foo"),
    ("meaning-macro", r"\def\a#1{x#1}\meaning\a", "macro:#1->x#1"),
    ("number-romannumeral", r"\number 0042 \romannumeral 1984", "42mcmlxxxiv"),
    ("uppercase", r"\uppercase{abc}\lowercase{DEF}", "ABCdef"),
    ("detokenize", r"\detokenize{\a b}", "\\a b"),
    ("expanded", r"\def\a{A}\expanded{\a\a}", "AA"),
    # --- conditionals
    ("ifx-macros", r"\def\x{abc}\def\y{abc}\ifx\x\y same\else diff\fi", "same"),
    ("ifx-run-vs-chars", r"\def\a{ab}\def\c{b}\edef\b{a\c}\ifx\a\b same\else diff\fi", "same"),
    ("ifx-undefined", r"\ifx\undefinedA\undefinedB yes\fi", "yes"),
    ("if-chars", r"\if aa T\else F\fi\if ab T\else F\fi", " TF"),  # the blank after aa is text
    ("ifcat", r"\ifcat ab T\else F\fi\ifcat a1T\else F\fi", " TF"),
    ("ifnum", r"\ifnum 3>2 a\else b\fi\ifnum 1=2 c\else d\fi", "ad"),
    ("ifodd", r"\ifodd 3 odd\fi\ifodd 4 x\else even\fi", "oddeven"),
    ("ifcase", r"\ifcase 2 zero\or one\or two\else many\fi \ifcase 7 a\or b\else c\fi", "twoc"),
    ("ifdim", r"\ifdim 1pt<2pt y\fi", "y"),
    ("nested-false", r"\iffalse \iftrue a\else b\fi c\else d\fi", "d"),
    ("newif", r"\newif\iffoo \iffoo yes\else no\fi \footrue \iffoo YES\fi", "noYES"),
    ("ifdefined", r"\def\a{}\ifdefined\a D\fi\ifdefined\zzz\else U\fi", "DU"),
    ("ifcsname", r"\def\a{}\ifcsname a\endcsname Y\fi\ifcsname zz\endcsname\else N\fi", "YN"),
    ("unless", r"\unless\ifnum 1=2 u\fi", "u"),
    ("loop", PLAIN_LOOP + r"\count1=0 \loop\advance\count1 by 1 \the\count1\ifnum\count1<5 \repeat", "12345"),
    # --- registers and arithmetic
    ("count", r"\count1=5 \advance\count1 by 3 \multiply\count1 2 \divide\count1 4 \the\count1", "4"),
    ("dimen", r"\dimen0=1.5pt \the\dimen0 \dimen1=2\dimen0 \the\dimen1", "1.5pt3.0pt"),
    ("dimen-units", r"\dimen0=1in \the\dimen0", "72.26999pt"),
    ("skip", r"\skip0=1pt plus 2pt minus 3pt \the\skip0", "1.0pt plus 2.0pt minus 3.0pt"),
    ("toks", r"\toks0={a\b}\toks2=\toks0 \showthe\toks0 \the\toks2", "a"),
    ("numexpr", r"\the\numexpr 7*3/2\relax,\the\numexpr (1+2)*-3\relax", "11,-9"),
    ("dimexpr", r"\the\dimexpr 1pt*3/2\relax", "1.5pt"),
    ("countdef", r"\countdef\c=7 \c=12 \the\count7", "12"),
    ("chardef", r"\chardef\c=65 \c\the\c", "A65"),
    ("catcode", r"\catcode`\@=11 \def\a@b{AT}\a@b\catcode`\@=12 ", "AT"),
    ("catcode-active", r"\catcode`\*=13 \def*{STAR}a*b", "aSTARb"),
    ("char-code", r"\the\numexpr`a\relax", "97"),
    # --- groups
    ("aftergroup", r"{\aftergroup\x a}\def\x{X}", "a"),
    ("begingroup", r"\def\a{1}\begingroup\def\a{2}\a\endgroup\a", "21"),
    # --- tokenizer
    ("comment", "a% comment\nb", "ab"),
    ("space-after-cs", r"\def\x{X}\x   y", "Xy"),
    ("par-blank-line", "a\n\nb", "a \n\nb"),
    ("hat-notation", r"^^41^^5a", "AZ"),
    ("control-space", r"a\ b", "a b"),
]


@pytest.mark.parametrize("name,src,expected", CASES, ids=[c[0] for c in CASES])
def test_engine(name, src, expected):
    got, rep = run(src)
    assert got == expected, rep.diagnostics


def test_aftergroup_runs_after_group():
    assert out(r"\def\x{X}{\aftergroup\x a}b") == "aXb"


def test_undefined_cs_in_stomach_does_not_stop():
    got, rep = run(r"a \undefinedthing b")
    assert got == "a b"


# --- limits instead of hangs --------------------------------------------------------------

BOMBS = [
    ("self-loop", r"\def\a{\a}\a", "E-LIMIT-EXPANSION"),
    ("mutual", r"\def\a{\b x}\def\b{\a y}\a", "E-LIMIT"),
    ("growing", r"\def\a{\a x}\a", "E-LIMIT"),
    ("exponential-edef", r"\def\a#1{#1#1}\edef\x{" + r"\a{" * 30 + "x" + "}" * 30 + "}", "E-LIMIT-TOKENS"),
    ("loop-iftrue", PLAIN_LOOP + r"\loop\iftrue\repeat", "E-LIMIT"),
    ("newcommand-recursion", r"\def\x#1{\x{#1#1}}\x{a}", "E-LIMIT"),
    ("conditional-recursion", r"\def\x{\ifnum1=1 \expandafter\x\fi}\x", "E-LIMIT"),
]


@pytest.mark.parametrize("name,src,code", BOMBS, ids=[b[0] for b in BOMBS])
def test_bombs_stop_within_budget(name, src, code):
    limits = Limits(expansions=200_000, tokens=2_000_000, expansion_size=100_000, conditionals=200_000)
    t0 = time.monotonic()
    _, rep = run(src, limits)
    assert time.monotonic() - t0 < 60  # hang detector; the budgets are what is tested
    errors = [d for d in rep.diagnostics if d.severity == "error"]
    assert errors and errors[0].code.startswith(code), rep.diagnostics
    assert errors[0].loc.line == 1  # located at the source of the loop


def test_default_budget_stops_growing_recursion_quickly():
    t0 = time.monotonic()
    _, rep = run(r"\def\a{\a x}\a")
    assert time.monotonic() - t0 < 60  # hang detector; the budgets are what is tested
    assert any(d.code.startswith("E-LIMIT") for d in rep.diagnostics)


def test_deep_braces_no_recursion_error():
    src = "{" * 100_000 + "x" + "}" * 100_000
    _, rep = run(src)
    assert any(d.code == "E-LIMIT-NESTING" for d in rep.diagnostics)


def test_unclosed_braces_located():
    _, rep = run("ab\n{{{ x")
    assert rep.errors == 0 or all(d.loc.line >= 1 for d in rep.diagnostics)


def test_runaway_argument_is_located():
    got, rep = run("\\def\\a#1{[#1]}\n\\a{never closed")
    err = [d for d in rep.diagnostics if d.code == "E-RUNAWAY"]
    assert err and err[0].loc.line == 2 and err[0].loc.col == 3
    assert "never closed" in got  # the words are kept


# --- a budget that runs out abandons the runaway part only (engine.recover)
def _budgeted(src: str):
    return run(src, Limits(expansions=20_000, tokens=200_000, expansion_size=20_000))


@pytest.mark.parametrize("bomb", [
    r"\def\a{\a}\a",                                     # self loop
    r"\def\a{{\a}}\a",                                   # groups: the nesting limit
    r"\def\x{\ifnum1=1 \expandafter\x\fi}\x",            # conditionals left open
    r"\def\a{\a x}\textbf{\a}",                          # tokens piling up
    r"\def\a#1{\a{#1#1}}\a{y}",                          # growing argument
])
def test_reading_goes_on_after_a_bomb(bomb):
    got, rep = _budgeted("before " + bomb + " after")
    assert got.startswith("before") and got.rstrip().endswith("after"), got[:200]
    errors = [d for d in rep.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and errors[0].code.startswith("E-LIMIT") and errors[0].loc.line == 1, errors
    assert [d.code for d in rep.diagnostics if d.severity == "note"] == ["N-RECOVERED"]


def test_recovery_unwinds_only_what_the_bomb_opened():
    # the group opened before the bomb keeps its local \m and is closed by its own }:
    # \m is M inside it and undefined (nothing typeset) after it
    got, rep = _budgeted(r"\def\a{{\a}}{\def\m{M}\a \m}\m")
    assert got == "M", got
    assert [d.code for d in rep.diagnostics] == ["E-LIMIT-NESTING", "N-RECOVERED"], rep.diagnostics


def test_recoveries_are_bounded():
    from octavo.tex.engine import MAX_RECOVERIES
    src = r"\def\a{\a}" + "".join(f" part{i} \\a" for i in range(MAX_RECOVERIES + 2)) + " end"
    got, rep = _budgeted(src)
    parts = [f"part{i}" for i in range(MAX_RECOVERIES + 2)]
    # after MAX_RECOVERIES recoveries the next overrun stops reading
    assert all(p in got for p in parts[:MAX_RECOVERIES + 1]) and "end" not in got, got
    limits = [d for d in rep.diagnostics if d.code == "E-LIMIT-EXPANSION"]
    assert len(limits) == MAX_RECOVERIES + 1


def test_total_steps_stay_within_the_reserve():
    from octavo.tex.engine import MAX_RECOVERIES
    e = Engine(Limits(expansions=20_000, tokens=200_000), Reporter())
    e.push_source(r"\def\a{\a}" + r" \a" * 10, "t.tex")
    e.run()
    assert e.steps <= 20_000 * (1 + MAX_RECOVERIES / 10) + MAX_RECOVERIES + 1  # one step past each limit
