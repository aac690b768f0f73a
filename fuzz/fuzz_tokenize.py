"""Fuzz target 1: octavo's source decoder followed by the tokenizer (hostile.md §7.2).

    .venv/bin/python fuzz/fuzz_tokenize.py -dict=fuzz/latex.dict -max_len=4096 fuzz/corpus/tokenize fuzz/seeds

Input bytes are decoded as FileAccess.read_source decodes a .tex file (BOM, UTF-16,
inputenc, cp1252 fallback, binary detection), then tokenized under the LaTeX document
catcodes with and without runs.  Invariants (a failure raises):

* decoding and tokenizing raise nothing (no UnicodeError, IndexError, RecursionError…);
* the decoded text encodes as UTF-8 (no lone surrogates) and every diagnostic has a
  location with line, col ≥ 0;
* token positions are strictly increasing and inside the text, every token's line:col is
  valid (line ≥ 1 and ≤ the number of lines, 1 ≤ col ≤ line length + 1);
* runs are only an optimisation: the runs, split into single tokens, give the same
  (category, text) sequence as tokenizing without runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzlib import FuzzFailure, assert_valid_location, decode_source, instrumented, main  # noqa: E402

with instrumented(__name__ == "__main__"):
    from octavo.tex import catcodes as C
    from octavo.tex.tokenizer import normalise_newlines, tokenize_string
    from octavo.tex.tokens import RUN, split_run


def _check_tokens(text: str, runs: bool) -> list:
    toks = tokenize_string(text, runs=runs, name="fuzz.tex")
    src = normalise_newlines(text)
    if runs:  # positions only (line:col is the same computation, checked without runs)
        last = -1
        for t in toks:
            if not last < t.pos <= len(src):
                raise FuzzFailure(f"run-mode token {t!r} at {t.pos} after {last}")
            last = t.pos
        return toks
    lines = src.split(C.EOL_CHAR)
    last = -1
    for t in toks:
        if not (last < t.pos < len(src)) and not (t.pos == len(src) and t.text == ""):
            raise FuzzFailure(f"token {t!r} at {t.pos} after {last} (text length {len(src)})")
        last = t.pos
        loc = t.loc
        if not 1 <= loc.line <= len(lines):
            raise FuzzFailure(f"token {t!r}: line {loc.line} of {len(lines)}")
        if not 1 <= loc.col <= len(lines[loc.line - 1]) + 1:
            raise FuzzFailure(f"token {t!r}: col {loc.col} on a line of {len(lines[loc.line - 1])}")
    return toks


def _flat(toks: list) -> list:
    out = []
    for t in toks:
        if t.cat == RUN:
            out.extend((s.cat, s.text) for s in split_run(t))
        else:
            out.append((t.cat, t.text))
    return out


def check(data: bytes) -> None:
    text, rep = decode_source(data)
    for d in rep.diagnostics:
        assert_valid_location(d.loc)
    if text is None:  # refused as binary: still tokenize it, as a Latin-1 string
        text = data.decode("latin-1")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise FuzzFailure(f"decoded text is not valid Unicode: {e}") from e
    single = _check_tokens(text, runs=False)
    with_runs = _check_tokens(text, runs=True)
    a, b = _flat(single), _flat(with_runs)
    if a != b:
        i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        raise FuzzFailure(f"runs differ from single tokens at token {i}: {a[i:i + 3]} vs {b[i:i + 3]}")


if __name__ == "__main__":
    main(check)
