"""LaTeX counters: \\newcounter[within], \\setcounter, \\addtocounter, \\stepcounter,
\\refstepcounter, \\value, \\arabic \\roman \\Roman \\alph \\Alph \\fnsymbol, \\the<counter>,
reset lists (\\@addtoreset, \\counterwithin, \\numberwithin).

A counter ``name`` is the count register \\c@name (as in LaTeX), so \\c@name, \\value and
\\the\\c@name all work on the same value.  Counter changes are global, as in LaTeX.
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex import registers as R
from octavo.tex.meanings import Macro, Register
from octavo.tex.primitives import roman
from octavo.tex.tokens import CS, Token


def exists(L, name: str) -> bool:
    return isinstance(L.engine.state.meanings.get("c@" + name), Register)


def new_counter(L, name: str, within: str | None = None, the: str | None = None) -> None:
    eng = L.engine
    if not exists(L, name):
        eng.state.set_meaning("c@" + name, Register("count", "c@" + name), glob=True)
        R.set_register(eng, "count", "c@" + name, 0, True)
    if the is None:
        the = rf"\arabic{{{name}}}"
    if not isinstance(eng.state.meanings.get("the" + name), Macro) or the:
        eng.define_macro("the" + name, the)
    if "p@" + name not in eng.state.meanings:
        eng.define_macro("p@" + name, "")
    if within:
        add_to_reset(L, name, within)


def add_to_reset(L, name: str, within: str) -> None:
    resets = L.data.setdefault("resets", {})
    lst = resets.setdefault(within, [])
    if name not in lst:
        lst.append(name)


def remove_from_reset(L, name: str, within: str) -> None:
    lst = L.data.setdefault("resets", {}).get(within, [])
    if name in lst:
        lst.remove(name)


def value(L, name: str) -> int:
    return R.get_register(L.engine, "count", "c@" + name)


def set_value(L, name: str, v: int, t: Token | None = None) -> None:
    if not exists(L, name):
        L.reporter.error("E-COUNTER", f"no counter '{name}' defined", L.loc(t), once=("nocounter", name))
        new_counter(L, name)
    R.set_register(L.engine, "count", "c@" + name, v, True)


def step(L, name: str, t: Token | None = None) -> None:
    set_value(L, name, value(L, name) + 1 if exists(L, name) else 1, t)
    _reset_dependents(L, name)


def _reset_dependents(L, name: str) -> None:
    resets = L.data.get("resets", {})
    todo = list(resets.get(name, ()))
    seen = set()
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        R.set_register(L.engine, "count", "c@" + c, 0, True)
        todo.extend(resets.get(c, ()))


def refstep(L, name: str, t: Token | None = None) -> str:
    """Step ``name`` and return the formatted label text (\\p@name\\thename)."""
    step(L, name, t)
    return L.string([Token(CS, "p@" + name), Token(CS, "the" + name)])


def formatted(L, name: str) -> str:
    return L.string([Token(CS, "the" + name)])


def alph(n: int, upper: bool = False) -> str:
    if n <= 0:
        return ""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s.upper() if upper else s


FNSYMBOLS = ["", "*", "\u2020", "\u2021", "\u00a7", "\u00b6", "\u2016", "**", "\u2020\u2020", "\u2021\u2021"]


class CounterTooLarge(ValueError):
    """A value a counter format cannot show (LaTeX's 'Counter too large')."""


def fnsymbol(n: int) -> str:
    if 0 <= n < len(FNSYMBOLS):
        return FNSYMBOLS[n]
    # LaTeX stops with 'Counter too large'; n stars (as before) let \fnsymbol of a
    # counter set to 2*10^9 ask for 2 GB of text
    raise CounterTooLarge(f"\\fnsymbol shows 0 to {len(FNSYMBOLS) - 1}")


def _read_counter_name(x, t) -> str:
    arg = x.read_undelimited(t)
    toks = x.expand_tokens(arg)
    return "".join(tk.text for tk in toks if tk.cat != C.SPACE and tk.cat != CS).strip()


def _format(x, t, fn, n: int) -> None:
    try:
        text = fn(n)
    except CounterTooLarge as e:
        x.reporter.error("E-COUNTER", f"counter too large: {n} ({e}); shown in arabic", x.loc_of(t))
        text = str(n)
    x.push(R.string_tokens(text))


def _formatter(fn):
    def prim(x, t):
        name = _read_counter_name(x, t)
        _format(x, t, fn, R.get_register(x, "count", "c@" + name))
    return prim


def _internal_formatter(fn):
    """\\@alph\\c@foo style: the argument is a number."""
    def prim(x, t):
        _format(x, t, fn, R.scan_int(x, t))
    return prim


def install(L) -> None:
    eng = L.engine
    d = eng.define_primitive
    d("arabic", _formatter(str), expandable=True, binding=True)
    d("roman", _formatter(roman), expandable=True, binding=True)
    d("Roman", _formatter(lambda n: roman(n).upper()), expandable=True, binding=True)
    d("alph", _formatter(alph), expandable=True, binding=True)
    d("Alph", _formatter(lambda n: alph(n, True)), expandable=True, binding=True)
    d("fnsymbol", _formatter(fnsymbol), expandable=True, binding=True)
    d("@alph", _internal_formatter(alph), expandable=True, binding=True)
    d("@Alph", _internal_formatter(lambda n: alph(n, True)), expandable=True, binding=True)
    d("@Roman", _internal_formatter(lambda n: roman(n).upper()), expandable=True, binding=True)
    d("@fnsymbol", _internal_formatter(fnsymbol), expandable=True, binding=True)

    def value_prim(x, t):
        name = _read_counter_name(x, t)
        x.push([Token(CS, "c@" + name, t.src, t.pos)])
    d("value", value_prim, expandable=True, binding=True)

    def newcounter(L, t, name, within):
        n = L.string(name).strip()
        if exists(L, n):
            L.reporter.error("E-COUNTER", f"counter '{n}' already defined", L.loc(t))
            return
        new_counter(L, n, L.string(within).strip() if within else None)
    L.command("newcounter", "m o", newcounter)
    L.command("setcounter", "m m", lambda L, t, n, v: set_value(L, L.string(n).strip(), _int(L, v), t))
    L.command("addtocounter", "m m", lambda L, t, n, v: set_value(
        L, L.string(n).strip(), value(L, L.string(n).strip()) + _int(L, v), t))
    L.command("stepcounter", "m", lambda L, t, n: step(L, L.string(n).strip(), t))

    def refstepcounter(L, t, n):
        name = L.string(n).strip()
        num = refstep(L, name, t)
        L.builder.set_target(None, name, num)
    L.command("refstepcounter", "m", refstepcounter)
    L.command("@addtoreset", "m m", lambda L, t, a, b: add_to_reset(L, L.string(a).strip(), L.string(b).strip()))
    L.command("@removefromreset", "m m",
              lambda L, t, a, b: remove_from_reset(L, L.string(a).strip(), L.string(b).strip()))

    def counterwithin(L, t, star, a, b):
        a, b = L.string(a).strip(), L.string(b).strip()
        add_to_reset(L, a, b)
        if not star:
            L.engine.define_macro("the" + a, rf"\the{b}.\arabic{{{a}}}")
    L.command("counterwithin", "s m m", counterwithin)
    L.command("numberwithin", "o m m", lambda L, t, fmt, a, b: counterwithin(L, t, False, a, b))

    def counterwithout(L, t, star, a, b):
        a, b = L.string(a).strip(), L.string(b).strip()
        remove_from_reset(L, a, b)
        if not star:
            L.engine.define_macro("the" + a, rf"\arabic{{{a}}}")
    L.command("counterwithout", "s m m", counterwithout)
    # \newcounter's relatives from packages real books use
    L.command("newaliascnt", "m m", lambda L, t, a, b: (new_counter(L, L.string(a).strip()),))


def _int(L, tokens) -> int:
    eng = L.engine
    marker = Token(CS, "relax")
    eng.push_one(marker)
    eng.push(list(tokens))
    v = R.scan_int(eng)
    nt = eng.get_token()
    if nt is not None and nt is not marker:
        # trailing material after the number: drop it up to our marker
        while nt is not None and nt is not marker:
            nt = eng.get_token()
    return v
