"""TeX's conditionals: \\if \\ifx \\ifcat \\ifnum \\ifdim \\ifodd \\ifcase \\iftrue \\iffalse
\\ifdefined \\ifcsname \\unless, with \\else \\or \\fi, and \\newif.

A false branch is skipped without expansion, counting nested conditionals by their
meaning (so a \\newif'd \\iffoo nests like \\if).  Every conditional counts against the
``conditionals`` budget.
"""

from __future__ import annotations

from octavo.errors import LimitExceeded
from octavo.tex import catcodes as C
from octavo.tex import registers as R
from octavo.tex.meanings import CharMeaning, Macro, Primitive, same_meaning
from octavo.tex.tokens import CS, Token

FI, ELSE, OR = "fi", "else", "or"


def _meaning_for_ifx(x, t: Token):
    if t.cat in (CS, C.ACTIVE):
        return x.meaning(t)
    return CharMeaning(t)


def _role(x, t: Token):
    """'if', 'fi', 'else', 'or' or None for a token met while skipping."""
    if t.cat != CS and t.cat != C.ACTIVE:
        return None
    m = x.meaning(t)
    if type(m) is not Primitive:
        return None
    if m.conditional:
        return "if"
    return m.data if m.data in (FI, ELSE, OR) else None


def _count(x, t: Token) -> None:
    x.conditionals += 1
    if x.conditionals > x.limits.conditionals:
        raise LimitExceeded(f"more than {x.limits.conditionals} conditionals evaluated: possible "
                            "infinite loop", x.loc_of(t), "E-LIMIT-CONDITIONALS")


def skip_branch(x, t: Token, stop_at_else: bool, ors: int = -1) -> str:
    """Skip tokens up to the \\fi of this conditional (consumed), or to its \\else (consumed;
    if ``stop_at_else``), or past ``ors`` \\or's (for \\ifcase).  Returns 'fi', 'else' or 'or'."""
    depth = 0
    get = x.get_token
    while True:
        nt = get(True)
        if nt is None:
            x.reporter.error("E-INCOMPLETE-IF", f"\\{t.text} is never closed by \\fi", x.loc_of(t))
            return FI
        if nt.cat != CS and nt.cat != C.ACTIVE:
            continue
        role = _role(x, nt)
        if role is None:
            continue
        if role == "if":
            depth += 1
        elif role == FI:
            if depth == 0:
                return FI
            depth -= 1
        elif depth == 0:
            if role == ELSE and stop_at_else:
                return ELSE
            if role == OR and ors > 0:
                ors -= 1
                if ors == 0:
                    return OR


def conclude(x, t: Token, result: bool) -> None:
    """Enter the true branch or skip to \\else/\\fi."""
    if result:
        x.note_open()
        x.cond_stack.append(("if", t))
        return
    stop = skip_branch(x, t, stop_at_else=True)
    if stop == ELSE:
        x.note_open()
        x.cond_stack.append(("else", t))


def _eval(x, t: Token, fn) -> None:
    _count(x, t)
    unless = x.pending_unless
    x.pending_unless = False
    r = fn()
    conclude(x, t, (not r) if unless else r)


def if_true(x, t):
    _eval(x, t, lambda: True)


def if_false(x, t):
    _eval(x, t, lambda: False)


def _char_code_cat(x):
    t = x.get_x_token()
    if t is None:
        return ("", 0)
    if t.cat == C.ACTIVE:
        return (t.text, C.ACTIVE)
    if t.cat == CS:
        m = x.meaning(t)
        if isinstance(m, CharMeaning):
            return (m.token.text, m.token.cat)
        return ("\x00cs", 16)
    return (t.text, t.cat)


def _compare_two(field: int):
    """\\if (field 0: character codes) and \\ifcat (field 1: categories)."""
    def prim(x, t):
        _eval(x, t, lambda: _char_code_cat(x)[field] == _char_code_cat(x)[field])
    return prim


if_char = _compare_two(0)
if_cat = _compare_two(1)


def if_x(x, t):
    def f():
        a = x.get_token()
        b = x.get_token()
        if a is None or b is None:
            return False
        ma = _meaning_for_ifx(x, a)
        mb = _meaning_for_ifx(x, b)
        if ma is None and mb is None:
            # both undefined control sequences (or active chars)
            return a.cat in (CS, C.ACTIVE) and b.cat in (CS, C.ACTIVE)
        return same_meaning(ma, mb)
    _eval(x, t, f)


def _relation(x, t):
    while True:
        r = x.get_x_token()
        if r is None:
            return "="
        if r.cat == C.SPACE:
            continue
        if r.cat == C.OTHER and r.text in "<=>":
            return r.text
        x.reporter.error("E-MISSING-RELATION", f"missing = inserted for \\{t.text}", x.loc_of(r))
        x.push_one(r)
        return "="


def _compare(a, rel, b) -> bool:
    return a < b if rel == "<" else (a > b if rel == ">" else a == b)


def if_num(x, t):
    def f():
        a = R.scan_int(x, t)
        rel = _relation(x, t)
        b = R.scan_int(x, t)
        return _compare(a, rel, b)
    _eval(x, t, f)


def if_dim(x, t):
    def f():
        a = R.scan_dimen(x, t)
        rel = _relation(x, t)
        b = R.scan_dimen(x, t)
        return _compare(a, rel, b)
    _eval(x, t, f)


def if_odd(x, t):
    _eval(x, t, lambda: R.scan_int(x, t) % 2 == 1)


def if_defined(x, t):
    def f():
        a = x.get_token()
        if a is None:
            return False
        m = x.meaning(a)
        return m is not None and not (type(m) is Primitive and m.name == "relax" and m.data == "csname-relax")
    _eval(x, t, f)


def if_csname(x, t):
    def f():
        name = x.scan_csname_chars(t)
        return name in x.state.meanings
    _eval(x, t, f)


def if_mode(kind: str):
    def fn(x, t):
        _eval(x, t, lambda: x.mode_is(kind))
    return fn


def if_eof(x, t):
    def f():
        n = R.scan_int(x, t)
        return not x.read_streams.get(n)
    _eval(x, t, f)


def if_case(x, t):
    _count(x, t)
    x.pending_unless = False
    n = R.scan_int(x, t)
    if n == 0:
        x.note_open()
        x.cond_stack.append(("case", t))
        return
    if n < 0:
        stop = skip_branch(x, t, stop_at_else=True, ors=-1)
    else:
        stop = skip_branch(x, t, stop_at_else=True, ors=n)
    if stop in (ELSE, OR):
        x.note_open()
        x.cond_stack.append(("case", t))


def do_else(x, t):
    """\\else or \\or met while executing: the taken branch is done, skip to \\fi."""
    if not x.cond_stack:
        x.reporter.error("E-EXTRA-ELSE", f"extra \\{t.text}", x.loc_of(t))
        return
    _, opener = x.cond_stack.pop()
    skip_branch(x, opener, stop_at_else=False)


def do_fi(x, t):
    if not x.cond_stack:
        x.reporter.error("E-EXTRA-FI", "extra \\fi", x.loc_of(t), once=("extra-fi", x.loc_of(t)))
        return
    x.cond_stack.pop()


def do_unless(x, t):
    nt = x.get_token()
    if nt is None:
        return
    if _role(x, nt) != "if" or nt.text in ("ifcase",):
        x.reporter.error("E-UNLESS", "\\unless must be followed by a conditional", x.loc_of(nt))
        x.push_one(nt)
        return
    x.pending_unless = True
    x.push_one(nt)


def newif(x, t):
    """\\newif\\iffoo: \\iffoo starts false, \\footrue and \\foofalse set it."""
    cs = x.read_cs_name(t)
    if cs is None or cs.cat != CS or not cs.text.startswith("if") or len(cs.text) < 3:
        x.reporter.error("E-NEWIF", "\\newif needs a name starting with \\if", x.loc_of(t))
        return
    base = cs.text[2:]
    iffalse = x.state.meanings.get("iffalse")
    x.state.set_meaning(cs.text, iffalse, glob=False)
    T = Token
    let = T(CS, "let")
    x.state.set_meaning(base + "true", Macro(base + "true", [let, cs, T(CS, "iftrue")]))
    x.state.set_meaning(base + "false", Macro(base + "false", [let, cs, T(CS, "iffalse")]))


PRIMITIVES = {
    "iftrue": if_true, "iffalse": if_false, "if": if_char, "ifcat": if_cat, "ifx": if_x,
    "ifnum": if_num, "ifdim": if_dim, "ifodd": if_odd, "ifdefined": if_defined,
    "ifcsname": if_csname, "ifcase": if_case, "ifvmode": if_mode("vertical"),
    "ifhmode": if_mode("horizontal"), "ifmmode": if_mode("math"), "ifinner": if_mode("inner"),
    "ifeof": if_eof, "ifvoid": lambda x, t: _eval(x, t, lambda: (R.scan_int(x, t), True)[1]),
    "ifhbox": lambda x, t: _eval(x, t, lambda: (R.scan_int(x, t), False)[1]),
    "ifvbox": lambda x, t: _eval(x, t, lambda: (R.scan_int(x, t), False)[1]),
    "ifincsname": if_false, "iffontchar": if_true, "ifpdfprimitive": if_false,
}


def install(define) -> None:
    """Register the conditional primitives through ``define(name, fn, **flags)``."""
    for name, fn in PRIMITIVES.items():
        define(name, fn, expandable=True, conditional=True)
    define("else", do_else, expandable=True, data=ELSE)
    define("or", do_else, expandable=True, data=OR)
    define("fi", do_fi, expandable=True, data=FI)
    define("unless", do_unless, expandable=True)
    define("newif", newif, assignment=True)
