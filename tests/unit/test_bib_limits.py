"""The .bib reader's bounds on @string concatenation (transforms/bibtex.py)."""

from __future__ import annotations

from octavo.errors import Reporter
from octavo.transforms import bibtex


def _doubling(levels: int) -> str:
    return "".join(["@string{s0 = \"xxxxxxxx\"}\n"]
                   + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, levels)]
                   + [f"@misc{{bomb, title = s{levels - 1}, year = 2020}}\n@misc{{ok, title = {{Kept}}}}\n"])


def test_string_doubling_is_refused_at_its_line():
    rep = Reporter()
    db = bibtex.parse_bib(_doubling(40), "refs.bib", rep)
    errors = [d for d in rep.diagnostics if d.code == "E-LIMIT-BIB"]
    # s17 = 8 * 2^17 = 1,048,576 characters: the first past MACRO_CHARS, on line 18
    assert [(d.loc.line, "s17" in d.message) for d in errors] == [(18, True)], rep.diagnostics
    assert db.data.entries["ok"].fields["title"] == "Kept"
    assert len(db.data.entries["bomb"].fields.get("title", "")) <= bibtex.MACRO_CHARS


def test_many_references_stop_at_the_substitution_budget(monkeypatch):
    monkeypatch.setattr(bibtex, "SUBSTITUTED_CHARS", 1000)
    text = "@string{j = \"Journal of Things\"}\n" + "".join(
        f"@article{{a{i}, journal = j # j, title = {{T{i}}}}}\n" for i in range(100))
    rep = Reporter()
    db = bibtex.parse_bib(text, "refs.bib", rep)
    assert db.data.entries["a0"].fields["journal"] == "Journal of ThingsJournal of Things"
    # 1000 characters = 29 entries of 2 x 17: the 30th entry (line 31) is where it stopped;
    # the entries after it are skipped with a located error each, the first 29 kept
    limit = [d for d in rep.diagnostics if d.code == "E-LIMIT-BIB"]
    assert [d.loc.line for d in limit] == [31], [d.format() for d in rep.diagnostics[:3]]
    assert sorted(db.data.entries, key=lambda k: int(k[1:])) == [f"a{i}" for i in range(29)]


def test_ordinary_abbreviations_are_untouched():
    text = "@string{jacm = {Journal of the ACM}}\n" + "".join(
        f"@article{{k{i}, journal = jacm, month = jan, title = {{T}}}}\n" for i in range(2000))
    rep = Reporter()
    db = bibtex.parse_bib(text, "refs.bib", rep)
    assert not rep.diagnostics
    assert db.data.entries["k1999"].fields["journal"] == "Journal of the ACM"
    assert db.data.entries["k0"].fields["month"] == "January"
