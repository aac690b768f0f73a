"""Numbers, dimensions, glue and registers: scanning, arithmetic and \\the.

Values: integers as Python ints, dimensions in scaled points (1pt = 65536sp), glue as
(natural, stretch, shrink) in sp (infinite orders are kept as fil units in sp), token
registers as token lists.  Register keys in `State.values` are ``(kind, index)`` where
index is an int (``\\count5``) or a parameter name (``\\parindent``).

Scanning follows TeX: optional signs and spaces, digits with expansion, ``'`` octal,
``"`` hex, `` ` `` character codes, internal quantities (registers, \\numexpr ...), one
optional space after a constant.
"""

from __future__ import annotations

from fractions import Fraction

from octavo.errors import LimitExceeded
from octavo.tex import catcodes as C
from octavo.tex.meanings import CharDef, CharMeaning, Primitive, Register
from octavo.tex.tokens import CS, RUN, Token, digit_prefix

SP_PER_PT = 65536
UNITS = {
    "pt": Fraction(1), "pc": Fraction(12), "in": Fraction(7227, 100),
    "bp": Fraction(7227, 7200), "cm": Fraction(7227, 254), "mm": Fraction(7227, 2540),
    "dd": Fraction(1238, 1157), "cc": Fraction(14856, 1157), "sp": Fraction(1, 65536),
    "px": Fraction(7227, 7200), "em": Fraction(10), "ex": Fraction(43, 10),
    "mu": Fraction(10, 18),
}
MAX_DIMEN = 0x3FFFFFFF
MAX_INT = 0x7FFFFFFF

INT_PARAMS = (
    "tolerance pretolerance linepenalty hyphenpenalty exhyphenpenalty clubpenalty "
    "widowpenalty displaywidowpenalty brokenpenalty binoppenalty relpenalty "
    "predisplaypenalty postdisplaypenalty interlinepenalty doublehyphendemerits "
    "finalhyphendemerits adjdemerits mag delimiterfactor looseness time day month year "
    "showboxbreadth showboxdepth hbadness vbadness pausing tracingonline tracingmacros "
    "tracingstats tracingparagraphs tracingpages tracingoutput tracinglostchars "
    "tracingcommands tracingrestores uchyph outputpenalty maxdeadcycles hangafter "
    "floatingpenalty globaldefs fam escapechar defaulthyphenchar defaultskewchar "
    "endlinechar newlinechar language lefthyphenmin righthyphenmin holdinginserts "
    "errorcontextlines interactionmode tracingassigns tracinggroups tracingifs "
    "tracingscantokens tracingnesting predisplaydirection lastlinefit savingvdiscards "
    "savinghyphcodes TeXXeTstate pdfoutput pdfminorversion pdfcompresslevel "
    "pdfobjcompresslevel pdfdecimaldigits pdfpkresolution showstream "
    "errorstopmode batchmode nonstopmode scrollmode").split()
DIMEN_PARAMS = (
    "parindent mathsurround lineskiplimit hsize vsize maxdepth splitmaxdepth "
    "boxmaxdepth hfuzz vfuzz delimitershortfall nulldelimiterspace scriptspace "
    "predisplaysize displaywidth displayindent overfullrule hangindent hoffset voffset "
    "emergencystretch pdfpagewidth pdfpageheight pagewidth pageheight").split()
SKIP_PARAMS = (
    "baselineskip lineskip parskip abovedisplayskip belowdisplayskip "
    "abovedisplayshortskip belowdisplayshortskip leftskip rightskip topskip "
    "splittopskip tabskip spaceskip xspaceskip parfillskip").split()
TOKS_PARAMS = "output everypar everymath everydisplay everyhbox everyvbox everyjob everycr errhelp everyeof".split()
DEFAULTS = {("count", "escapechar"): 92, ("count", "endlinechar"): 13,
            ("count", "newlinechar"): -1, ("count", "mag"): 1000,
            ("count", "tolerance"): 200, ("count", "year"): 2026, ("count", "month"): 1,
            ("count", "day"): 1, ("dimen", "hsize"): 345 * SP_PER_PT,
            ("count", "lefthyphenmin"): 2, ("count", "righthyphenmin"): 3}


def get_register(x, kind: str, index):
    v = x.state.values.get((kind, index))
    if v is None:
        v = DEFAULTS.get((kind, index))
        if v is None:
            return [] if kind == "toks" else ((0, 0, 0) if kind == "skip" else 0)
    return v


def set_register(x, kind: str, index, value, glob: bool) -> None:
    if kind in ("count",):
        value = _clamp_int(x, value)
    elif kind == "dimen":
        value = _clamp_dimen(x, value)
    x.state.set_value((kind, index), value, glob)


def _clamp_int(x, v: int) -> int:
    if v > MAX_INT or v < -MAX_INT:
        x.reporter.error("E-NUMBER", "number too big", x.here(), once=("numtoobig",))
        return MAX_INT if v > 0 else -MAX_INT
    return v


def _clamp_dimen(x, v: int) -> int:
    if v > MAX_DIMEN or v < -MAX_DIMEN:
        x.reporter.error("E-DIMEN", "dimension too large", x.here(), once=("dimtoobig",))
        return MAX_DIMEN if v > 0 else -MAX_DIMEN
    return v


# ------------------------------------------------------------------ scanning helpers

def skip_spaces_x(x) -> Token | None:
    while True:
        t = x.get_x_token()
        if t is None or t.cat != C.SPACE:
            return t


def scan_optional_equals(x) -> None:
    t = skip_spaces_x(x)
    if t is None:
        return
    if not (t.cat == C.OTHER and t.text == "="):
        x.push_one(t)


def scan_keyword(x, word: str) -> bool:
    """Match ``word`` (letters, case-insensitive) after optional spaces; backtrack if not."""
    seen = []
    t = skip_spaces_x(x)
    if t is None:
        return False
    i = 0
    while True:
        if t is not None and t.cat in (C.LETTER, C.OTHER) and t.text.lower() == word[i]:
            seen.append(t)
            i += 1
            if i == len(word):
                return True
            t = x.get_x_token()
            continue
        if t is not None:
            seen.append(t)
        x.push(seen)
        return False


def internal_value(x, t: Token):
    """(kind, value) of an internal quantity named by ``t``, or None."""
    m = x.meaning(t)
    if m is None:
        return None
    if type(m) is Register:
        if m.kind == "toks":
            return ("toks", get_register(x, "toks", m.index))
        return (m.kind, get_register(x, m.kind, m.index))
    if type(m) is CharDef:
        return ("count", m.code)
    if type(m) is Primitive:
        internal = _INTERNAL.get(m.name)
        if internal is not None:
            return internal(x, t)
    return None


def _signs(x) -> tuple[int, Token | None]:
    """TeX's <optional signs>: blanks and + - before a number; (sign, first other token)."""
    sign = 1
    while True:
        t = x.get_x_token()
        if t is None:
            return sign, None
        if t.cat == C.SPACE:
            continue
        if t.cat == C.OTHER and t.text in "+-":
            if t.text == "-":
                sign = -sign
            continue
        return sign, t


MAX_DIGITS = 41
"""Digits of a decimal constant read at most (more is 'number too big' anyway)."""


def _digits_from_run(x) -> tuple[str, bool] | None:
    """The leading digits of a run on top of the input, taken off it without splitting
    it into character tokens (numbers in arguments and macro bodies: \\setcounter{c}{12},
    a \\loop over \\catcode with long numbers), and whether more digits may follow in the
    next tokens (the run was all digits); None if the run does not start with a digit.
    The caller has checked that the input's top is a token list ending with a run."""
    top = x.stack[-1]  # scan_int checked: a list ending with a run
    run = top[-1]
    n = digit_prefix(run, MAX_DIGITS)
    if not n:
        return None
    text = run.text
    used = n + 1 if n < len(text) and n < MAX_DIGITS and text[n] == " " else n  # the optional space
    if used == len(text):
        top.pop()
    else:
        top[-1] = Token(RUN, text[used:], run.src, run.pos + used, run.cc)
    return text[:n], n == len(text) and n < MAX_DIGITS


def _more_digits(x, digits: list) -> str:
    """Read digit tokens after ``digits`` (TeX's decimal constant), then one optional
    space; at most `MAX_DIGITS` in all."""
    count = sum(len(d) for d in digits)
    while count < MAX_DIGITS:
        t = x.get_x_token()
        if t is not None and t.cat == C.OTHER and len(t.text) == 1 and "0" <= t.text <= "9":
            digits.append(t.text)
            count += 1
            continue
        if t is not None and t.cat != C.SPACE:
            x.push_one(t)
        break
    return "".join(digits)


def scan_int(x, owner: Token | None = None) -> int:
    stack = x.stack
    if stack and type(top := stack[-1]) is list and top and top[-1].cat == RUN:
        fast = _digits_from_run(x)
        if fast is not None:
            digits, more = fast
            return _clamp_int(x, int(_more_digits(x, [digits]) if more else digits))
    sign, t = _signs(x)
    if t is None:
        x.reporter.error("E-MISSING-NUMBER", "missing number", x.here())
        return 0
    if t.cat == C.OTHER and "0" <= t.text <= "9" and len(t.text) == 1:
        return sign * _clamp_int(x, int(_more_digits(x, [t.text])))
    if t.cat == C.OTHER and t.text in ("'", '"'):
        base = 8 if t.text == "'" else 16
        ok = "01234567" if base == 8 else "0123456789ABCDEF"
        digits = []
        while True:
            t2 = x.get_x_token()
            if t2 is not None and t2.cat in (C.OTHER, C.LETTER) and len(t2.text) == 1 and t2.text in ok:
                digits.append(t2.text)
                if len(digits) > 20:
                    break
                continue
            if t2 is not None and t2.cat != C.SPACE:
                x.push_one(t2)
            break
        if not digits:
            x.reporter.error("E-MISSING-NUMBER", "missing number", x.loc_of(t))
            return 0
        return sign * _clamp_int(x, int("".join(digits), base))
    if t.cat == C.OTHER and t.text == "`":
        t2 = x.get_token()
        if t2 is None:
            return 0
        code = ord(t2.text[0]) if t2.text else 0
        t3 = x.get_x_token()
        if t3 is not None and t3.cat != C.SPACE:
            x.push_one(t3)
        return sign * code
    if t.cat in (CS, C.ACTIVE):
        iv = internal_value(x, t)
        if iv is not None:
            kind, v = iv
            if kind == "count":
                return sign * v
            if kind == "dimen":
                return sign * v
            if kind == "skip":
                return sign * v[0]
        m = x.meaning(t)
        if isinstance(m, CharMeaning):
            pass
    x.reporter.error("E-MISSING-NUMBER", f"missing number, found {_show(t)}; treated as 0", x.loc_of(t),
                     once=("missing-number", x.loc_of(t)))
    x.push_one(t)
    return 0


def _show(t: Token) -> str:
    if t.cat == CS:
        return "\\" + t.text
    return repr(t.text)


def scan_dimen(x, owner: Token | None = None, mu: bool = False) -> int:
    sign, t = _signs(x)
    if t is None:
        x.reporter.error("E-MISSING-NUMBER", "missing dimension", x.here())
        return 0
    if t.cat in (CS, C.ACTIVE):
        iv = internal_value(x, t)
        if iv is not None:
            kind, v = iv
            if kind == "dimen":
                return sign * v
            if kind == "skip":
                return sign * v[0]
            if kind == "count":
                factor = Fraction(v)
                return sign * _scan_unit(x, factor)
        x.push_one(t)
        return sign * _scan_unit(x, Fraction(scan_int(x)))
    # decimal constant
    digits = []
    frac = []
    cur = digits
    while True:
        if t is not None and t.cat == C.OTHER and len(t.text) == 1 and ("0" <= t.text <= "9"):
            cur.append(t.text)
            if len(cur) > 40:
                cur.pop()
        elif t is not None and t.cat == C.OTHER and t.text in ".," and cur is digits:
            cur = frac
        elif t is not None and t.cat == C.OTHER and t.text in "'\"`" and not digits and not frac:
            x.push_one(t)
            return sign * _scan_unit(x, Fraction(scan_int(x)))
        else:
            if t is not None:
                x.push_one(t)
            break
        t = x.get_x_token()
    if not digits and not frac:
        x.reporter.error("E-MISSING-NUMBER", "missing number in a dimension; treated as 0", x.here(),
                         once=("missing-dimen", x.here()))
        return 0
    value = Fraction(int("".join(digits) or "0"))
    if frac:
        value += Fraction(int("".join(frac[:17])), 10 ** len(frac[:17]))
    return sign * _scan_unit(x, value)


def _scan_unit(x, factor: Fraction) -> int:
    t = skip_spaces_x(x)
    if t is None:
        return 0
    if t.cat in (CS, C.ACTIVE):
        iv = internal_value(x, t)
        if iv is not None and iv[0] in ("dimen", "skip", "count"):
            base = iv[1][0] if iv[0] == "skip" else iv[1]
            return _clamp_dimen(x, int(factor * base))
        x.push_one(t)
    else:
        x.push_one(t)
    scan_keyword(x, "true")
    for unit, size in UNITS.items():
        if scan_keyword(x, unit):
            t2 = x.get_x_token()
            if t2 is not None and t2.cat != C.SPACE:
                x.push_one(t2)
            return _clamp_dimen(x, int(factor * size * SP_PER_PT))
    if scan_keyword(x, "fil"):
        while scan_keyword(x, "l"):
            pass
        return _clamp_dimen(x, int(factor * SP_PER_PT))
    x.reporter.error("E-UNIT", "illegal unit of measure (pt inserted)", x.here(), once=("unit", x.here()))
    return _clamp_dimen(x, int(factor * SP_PER_PT))


def scan_glue(x, owner: Token | None = None) -> tuple:
    t = skip_spaces_x(x)
    if t is not None and t.cat in (CS, C.ACTIVE):
        iv = internal_value(x, t)
        if iv is not None and iv[0] == "skip":
            return iv[1]
    if t is not None:
        x.push_one(t)
    nat = scan_dimen(x, owner)
    stretch = shrink = 0
    if scan_keyword(x, "plus"):
        stretch = scan_dimen(x, owner)
    if scan_keyword(x, "minus"):
        shrink = scan_dimen(x, owner)
    return (nat, stretch, shrink)


# ------------------------------------------------------------------ printing

def print_scaled(sp: int) -> str:
    """TeX's print_scaled: the shortest decimal that reads back as ``sp``."""
    out = []
    if sp < 0:
        out.append("-")
        sp = -sp
    out.append(str(sp // 65536))
    out.append(".")
    s = 10 * (sp % 65536) + 5
    delta = 10
    while True:
        if delta > 65536:
            s = s + 0o100000 - 50000
        out.append(chr(ord("0") + s // 65536))
        s = 10 * (s % 65536)
        delta *= 10
        if s <= delta:
            break
    return "".join(out)


def show_dimen(sp: int) -> str:
    return print_scaled(sp) + "pt"


def show_glue(g: tuple) -> str:
    s = show_dimen(g[0])
    if g[1]:
        s += " plus " + show_dimen(g[1])
    if g[2]:
        s += " minus " + show_dimen(g[2])
    return s


def string_tokens(s: str) -> list:
    """Tokens of a string as \\the produces them: others, with blanks as spaces."""
    return [Token(C.SPACE, " ") if ch == " " else Token(C.OTHER, ch) for ch in s]


def the_tokens(x, t: Token) -> list:
    iv = internal_value(x, t)
    if iv is None:
        m = x.meaning(t)
        if isinstance(m, CharMeaning):
            return string_tokens(str(ord(m.token.text)))
        x.reporter.error("E-THE", f"you can't use {_show(t)} after \\the", x.loc_of(t),
                         once=("the", t.text))
        return []
    kind, v = iv
    if kind == "toks":
        return list(v)
    if kind == "count":
        return string_tokens(str(v))
    if kind == "dimen":
        return string_tokens(show_dimen(v))
    if kind == "skip":
        return string_tokens(show_glue(v))
    return string_tokens(str(v))


# ------------------------------------------------------------------ expressions (e-TeX)

def scan_expr(x, kind: str, owner: Token) -> int:
    """\\numexpr / \\dimexpr: + - * / with parentheses, rounding division; ends at a
    token that cannot continue the expression (\\relax is consumed)."""
    value = _expr(x, kind, owner, 0)
    t = skip_spaces_x(x)
    if t is not None and not (t.cat == CS and t.text == "relax"):
        x.push_one(t)
    return value


def _expr(x, kind, owner, depth):
    if depth > 100:
        raise LimitExceeded("expression nested too deeply", x.loc_of(owner), "E-LIMIT-NESTING")
    value = _term(x, kind, owner, depth)
    while True:
        t = skip_spaces_x(x)
        if t is not None and t.cat == C.OTHER and t.text in "+-":
            rhs = _term(x, kind, owner, depth)
            value = value + rhs if t.text == "+" else value - rhs
            continue
        if t is not None:
            x.push_one(t)
        return value


def _term(x, kind, owner, depth):
    value = _factor(x, kind, owner, depth)
    while True:
        t = skip_spaces_x(x)
        if t is not None and t.cat == C.OTHER and t.text in "*/":
            rhs = _factor(x, "count", owner, depth)
            if t.text == "*":
                value = value * rhs
            elif rhs == 0:
                x.reporter.error("E-ARITH", "division by zero", x.loc_of(t))
            else:
                q = Fraction(value, rhs)
                value = int(q + Fraction(1, 2)) if q >= 0 else -int(-q + Fraction(1, 2))
            continue
        if t is not None:
            x.push_one(t)
        return value


def _factor(x, kind, owner, depth):
    t = skip_spaces_x(x)
    if t is not None and t.cat == C.OTHER and t.text == "(":
        v = _expr(x, kind, owner, depth + 1)
        t2 = skip_spaces_x(x)
        if t2 is not None and not (t2.cat == C.OTHER and t2.text == ")"):
            x.push_one(t2)
        return v
    if t is not None and t.cat == C.OTHER and t.text == "-":
        return -_factor(x, kind, owner, depth)
    if t is not None:
        x.push_one(t)
    if kind == "dimen":
        return scan_dimen(x, owner)
    if kind == "skip":
        return scan_glue(x, owner)[0]
    return scan_int(x, owner)


_INTERNAL: dict = {}
"""Primitive name -> fn(x, t) -> (kind, value): read-only table filled at import below."""


def _numexpr(x, t):
    return ("count", scan_expr(x, "count", t))


def _dimexpr(x, t):
    return ("dimen", scan_expr(x, "dimen", t))


def _glueexpr(x, t):
    return ("skip", (scan_expr(x, "skip", t), 0, 0))


def _catcode_value(x, t):
    n = scan_int(x, t)
    return ("count", C.catcode(x.state.catcodes, _chr(n)))


def _chr(n: int) -> str:
    try:
        return chr(n) if not 0xD800 <= n <= 0xDFFF else "\ufffd"  # no lone surrogates (G10)
    except (ValueError, OverflowError):
        return "\ufffd"


_INTERNAL.update({
    "numexpr": _numexpr, "dimexpr": _dimexpr, "glueexpr": _glueexpr, "muexpr": _glueexpr,
    "catcode": _catcode_value,
    "lastpenalty": lambda x, t: ("count", 0), "lastkern": lambda x, t: ("dimen", 0),
    "lastskip": lambda x, t: ("skip", (0, 0, 0)), "inputlineno": lambda x, t: ("count", x.here().line),
    "lccode": lambda x, t: ("count", ord(_chr(scan_int(x, t)).lower()[:1] or "\0")),
    "uccode": lambda x, t: ("count", ord(_chr(scan_int(x, t)).upper()[:1] or "\0")),
    "sfcode": lambda x, t: ("count", scan_int(x, t) and 1000),
    "mathcode": lambda x, t: ("count", scan_int(x, t)),
    "delcode": lambda x, t: ("count", scan_int(x, t) and 0),
    "badness": lambda x, t: ("count", 0), "eTeXversion": lambda x, t: ("count", 2),
    "currentgrouplevel": lambda x, t: ("count", x.state.depth),
    "currentiflevel": lambda x, t: ("count", len(x.cond_stack)),
    "fontdimen": lambda x, t: (scan_int(x, t), x.get_x_token(), ("dimen", 0))[2],
    "wd": lambda x, t: (scan_int(x, t), ("dimen", 0))[1],
    "ht": lambda x, t: (scan_int(x, t), ("dimen", 0))[1],
    "dp": lambda x, t: (scan_int(x, t), ("dimen", 0))[1],
    "pdfstrcmp": None,
})
_INTERNAL.pop("pdfstrcmp")


def internal_names() -> list:
    return list(_INTERNAL)
