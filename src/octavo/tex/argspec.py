"""Argument specifications in xparse letters, and reading arguments by them.

Letters: ``m`` mandatory, ``o`` optional [..] (None when absent), ``O{default}``,
``s`` star (bool), ``t<c>`` token test (bool), ``d<a><b>`` delimited optional,
``D<a><b>{default}``, ``r<a><b>`` required delimited, ``R<a><b>{default}``,
``g`` optional group (None when absent), ``G{default}``, ``v`` verbatim (a string),
``e{chars}``/``E{chars}{defaults}`` embellishments; ``+`` is accepted and ``!`` makes the
next optional argument tight (spaces before it are not skipped: ``!t s`` after a word
leaves the space).
Used by user commands (\\NewDocumentCommand) and by octavo's own bindings
(``layer.command("href", "m m", handler)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from octavo.errors import OctavoError
from octavo.tex import catcodes as C
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import CS, Token


@dataclass(frozen=True, slots=True)
class Arg:
    kind: str
    """m o s t d r g v e (defaults give O D R G E their lower-case kind + default)."""
    open: str = ""
    close: str = ""
    default: tuple | None = None
    """Default tokens for O D R G (None: -NoValue-)."""
    tight: bool = False
    """``!`` prefix: an optional argument must follow at once (no spaces skipped)."""


def parse_spec(spec) -> list[Arg]:
    """Parse a spec given as a string ("s o m") or as tokens (from \\NewDocumentCommand)."""
    toks = tokenize_string(spec) if isinstance(spec, str) else list(spec)
    from octavo.tex.tokens import split_run
    flat = []
    for t in toks:
        flat.extend(split_run(t) if t.cat == 17 else [t])
    toks = [t for t in flat if t.cat != C.SPACE]
    out: list[Arg] = []
    i = 0
    tight = False

    def group_at(j):
        """(tokens, next index) of a {group} at j, or of a single token."""
        if j >= len(toks):
            return [], j
        if toks[j].cat != C.BEGIN:
            return [toks[j]], j + 1
        depth = 0
        for k in range(j, len(toks)):
            if toks[k].cat == C.BEGIN:
                depth += 1
            elif toks[k].cat == C.END:
                depth -= 1
                if depth == 0:
                    return toks[j + 1:k], k + 1
        return toks[j + 1:], len(toks)

    while i < len(toks):
        t = toks[i]
        c = t.text
        i += 1
        if c in "+!>":
            if c == ">":  # argument processor: skip its group
                _, i = group_at(i)
            tight = tight or c == "!"
            continue
        n_before = len(out)
        if c in ("m", "v", "s", "g", "o", "l", "u"):
            if c == "u":
                _, i = group_at(i)
                out.append(Arg("m"))
            else:
                out.append(Arg("m" if c == "l" else c))
        elif c == "O" or c == "G":
            d, i = group_at(i)
            out.append(Arg("o" if c == "O" else "g", "[" if c == "O" else "{", "]" if c == "O" else "}",
                           tuple(d)))
        elif c == "t":
            if i < len(toks):
                tok, i = group_at(i)  # t^ or t{!}
                out.append(Arg("t", tok[0].text if tok else ""))
        elif c in ("d", "r"):
            a = toks[i].text if i < len(toks) else "("
            b = toks[i + 1].text if i + 1 < len(toks) else ")"
            i += 2
            out.append(Arg(c, a, b))
        elif c in ("D", "R"):
            a = toks[i].text if i < len(toks) else "("
            b = toks[i + 1].text if i + 1 < len(toks) else ")"
            i += 2
            d, i = group_at(i)
            out.append(Arg(c.lower(), a, b, tuple(d)))
        elif c in ("e", "E"):
            chars, i = group_at(i)
            if c == "E":
                _, i = group_at(i)
            out.append(Arg("e", "".join(x.text for x in chars)))
        else:
            raise OctavoError(f"unknown argument type {c!r} in an argument specification",
                              code="E-ARGSPEC")
        if tight and len(out) > n_before:
            a = out[-1]
            out[-1] = Arg(a.kind, a.open, a.close, a.default, True)
        tight = False
    return out


def _peek(x, a: Arg):
    """The next token of an optional argument's test: spaces skipped unless ``!``."""
    if not a.tight:
        return x.skip_spaces()
    nt = x.get_token()
    if nt is not None:
        x.push_one(nt)
    return nt


def read_args(x, specs: list[Arg], owner: Token, nested: bool = False) -> list:
    """Read arguments from the engine's input according to ``specs``.  ``nested`` (the
    commands an author declares with \\NewDocumentCommand): as in xparse, a delimited
    optional argument holds nested pairs of its delimiters, ``[a[b]]`` or ``(f(x))``."""
    out = []
    for a in specs:
        k = a.kind
        if k == "m":
            out.append(x.read_undelimited(owner))
        elif k == "o":
            v = x.read_optional(owner, nested)
            out.append(v if v is not None else (list(a.default) if a.default is not None else None))
        elif k == "s":
            out.append(x.read_star())
        elif k == "t":
            nt = _peek(x, a)
            if nt is not None and nt.cat != CS and nt.text == a.open:
                x.get_token()
                out.append(True)
            else:
                out.append(False)
        elif k in ("d", "r"):
            nt = _peek(x, a)
            if nt is not None and nt.cat != CS and nt.text == a.open:
                out.append(read_until_char(x, a.close, owner, a.open if nested else None,
                                           open_tok=x.get_token()))
            else:
                if k == "r":
                    x.reporter.error("E-MISSING-ARG", f"\\{owner.text} expects {a.open}...{a.close}",
                                     x.loc_of(nt or owner))
                out.append(list(a.default) if a.default is not None else None)
        elif k == "g":
            nt = _peek(x, a)
            if nt is not None and nt.cat == C.BEGIN:
                out.append(x.read_undelimited(owner))
            else:
                out.append(list(a.default) if a.default is not None else None)
        elif k == "v":
            out.append(read_verbatim_arg(x, owner))
        elif k == "e":
            out.append(None)
    return out


def read_until_char(x, close: str, owner: Token, opener: str | None = None,
                    open_tok: Token | None = None) -> list:
    """Tokens up to ``close`` outside braces; with ``opener`` (other than ``close``), up to
    the ``close`` that matches it.  When ``close`` never comes (the input or the enclosing
    group ends first) the error is reported and what was read, ``open_tok`` first, is
    given back to be read again as text; the argument is then empty."""
    out = [open_tok] if open_tok is not None else []
    first = len(out)
    depth = 0
    inner = 0
    if opener == close:
        opener = None
    while True:
        t = x.get_token()
        if t is None:
            x.reporter.error("E-RUNAWAY", f"input ended before {close} of \\{owner.text}", x.loc_of(owner))
            # what was swallowed is read again as text: a missing delimiter costs the
            # argument, not the rest of the document
            x.push(out)
            return []
        if t.cat == C.BEGIN:
            depth += 1
        elif t.cat == C.END:
            if depth == 0:
                # the group around the command ends first: the argument never closes
                x.reporter.error("E-RUNAWAY", f"{close} of \\{owner.text} missing before this }}",
                                 x.loc_of(t))
                x.push(out + [t])
                return []
            depth -= 1
        elif depth == 0 and t.cat != CS and t.text == close:
            if not inner:
                return out[first:]
            inner -= 1
        elif opener is not None and depth == 0 and t.cat != CS and t.text == opener:
            inner += 1
        out.append(t)
        if len(out) > x.limits.expansion_size:
            return out[first:]


def read_verbatim_arg(x, owner: Token) -> str:
    """A verbatim argument: {text} or <c>text<c>, read raw from the file when possible."""
    tk = x.peek_raw_tokenizer()
    if tk is not None:
        # skip blanks, then take the delimiter raw
        while tk.pos < tk.n and tk.text[tk.pos] in " \t":
            tk.pos += 1
        r = tk.read_raw_char()
        if r is None:
            return ""
        ch, pos = r
        if ch == "{":
            depth = 1
            start = tk.pos
            text = tk.text
            i = start
            while i < tk.n:
                c = text[i]
                if c == "\\":
                    i += 2
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        tk.pos = i + 1
                        return text[start:i].replace(C.EOL_CHAR, "\n")
                i += 1
            tk.pos = tk.n
            return text[start:].replace(C.EOL_CHAR, "\n")
        end = tk.text.find(ch, tk.pos)
        eol = tk.text.find(C.EOL_CHAR, tk.pos)
        if end < 0 or (0 <= eol < end):
            x.reporter.error("E-VERB", f"\\{owner.text} ended by end of line", tk.src.location(pos))
            stop = eol if eol >= 0 else tk.n
            s = tk.text[tk.pos:stop]
            tk.pos = stop
            return s
        s = tk.text[tk.pos:end]
        tk.pos = end + 1
        return s
    # already tokenized (inside an argument): rebuild the text from tokens
    from octavo.tex.tokens import to_str
    nt = x.get_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = x.get_token()
    if nt is None:
        return ""
    if nt.cat == C.BEGIN:
        return to_str(x.read_group_body(nt, owner))
    delim = nt.text
    parts = []
    while True:
        t = x.get_token()
        if t is None or (t.cat != CS and t.text == delim):
            return "".join(parts)
        parts.append(to_str([t]))
