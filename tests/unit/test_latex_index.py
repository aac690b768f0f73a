"""makeidx syntax at the token level (latex/kernel/index.py)."""

from octavo.latex.kernel.index import parse_encap, split_entry
from octavo.tex import catcodes as C
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import Token, to_str


def levels(src: str):
    lv, enc = split_entry(tokenize_string(src))
    return [(None if s is None else to_str(s), to_str(t)) for s, t in lv], enc


def test_levels_and_sort_keys():
    lv, enc = levels("path!concatenation")
    assert lv == [(None, "path"), (None, "concatenation")] and enc is None
    lv, _ = levels(r"infinity@$\infty$-groupoid!of types")
    assert lv[0][0] == "infinity" and lv[0][1].startswith("$")
    assert lv[1] == (None, "of types")


def test_quote_makes_specials_literal_at_any_depth():
    lv, enc = levels(r'bang"!@\texttt{"|}')
    assert enc is None
    assert lv == [("bang!", r"\texttt {|}")]


def test_active_quote_counts_as_quote():
    toks = [Token(C.LETTER, "a"), Token(C.ACTIVE, '"'), Token(C.OTHER, "!"), Token(C.LETTER, "b")]
    lv, enc = split_entry(toks)
    assert len(lv) == 1 and "".join(t.text for t in lv[0][1]) == "a!b"


def test_separators_inside_braces_are_text():
    lv, enc = levels(r"\emph{a!b}")
    assert len(lv) == 1 and enc is None


def test_encaps():
    def enc(src):
        _, e = split_entry(tokenize_string(src))
        rng, name, see, also = parse_encap(e)
        return rng, name, see and to_str(see), also and to_str(also)
    assert enc("x|textbf") == ("", "textbf", None, None)
    assert enc("x|(") == ("open", "", None, None)
    assert enc("x|)") == ("close", "", None, None)
    assert enc("x|(defstyle") == ("open", "defstyle", None, None)
    assert enc("x|see{y!z}") == ("", "", "y!z", None)
    assert enc(r"x|seealso{$\infty$}") == ("", "", None, r"$\infty $")
    assert enc("x|hyperpage") == ("", "hyperpage", None, None)
