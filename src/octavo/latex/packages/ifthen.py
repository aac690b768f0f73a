"""ifthen: \\ifthenelse{test}{yes}{no}, \\whiledo{test}{body}, \\newboolean, \\setboolean,
\\boolean.

A test is evaluated in Python after full expansion: ``\\equal{a}{b}``, numeric relations
``n < m`` / ``=`` / ``>`` (with \\value{c} and counts), ``\\isodd{n}``, ``\\boolean{b}``,
``\\lengthtest{d1 < d2}``, ``\\isundefined{\\cmd}``, combined with ``\\not``, ``\\and``,
``\\or`` (also ``\\NOT \\AND \\OR``) and ``\\( ... \\)`` grouping.  Expansion inside the
test counts against the conversion's budgets like any other.
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex import registers as R
from octavo.tex.tokens import CS, RUN, Token, split_run


class _TestError(Exception):
    pass


def _flat(tokens) -> list:
    out = []
    for t in tokens:
        if t.cat == RUN:
            out.extend(split_run(t))
        else:
            out.append(t)
    return out


_OPERATORS = ("or", "and", "not", "OR", "AND", "NOT", "(", ")", "equal", "isodd", "boolean",
              "lengthtest", "isundefined")


def evaluate(L, tokens: list, owner: Token) -> bool:
    eng = L.engine
    # as ifthen does, the operators mean themselves while the test is expanded
    # (\or is otherwise TeX's \ifcase separator, \and the author separator)
    meanings = eng.state.meanings
    saved = {name: meanings.get(name) for name in _OPERATORS}
    marker = L.data["ifthen_marker"]
    for name in _OPERATORS:
        meanings[name] = marker
    try:
        toks = _flat(eng.expand_tokens(list(tokens), owner))
    finally:
        for name, m in saved.items():
            if m is None:
                meanings.pop(name, None)
            else:
                meanings[name] = m
    p = _Parser(L, toks, owner)
    v = p.disjunction()
    return v


class _Parser:
    def __init__(self, L, toks, owner):
        self.L = L
        self.toks = toks
        self.i = 0
        self.owner = owner
        self.depth = 0

    def _skip(self):
        while self.i < len(self.toks) and self.toks[self.i].cat == C.SPACE:
            self.i += 1

    def _peek_cs(self, *names) -> bool:
        self._skip()
        return self.i < len(self.toks) and self.toks[self.i].cat == CS and self.toks[self.i].text in names

    def disjunction(self) -> bool:
        v = self.conjunction()
        while self._peek_cs("or", "OR"):
            self.i += 1
            w = self.conjunction()
            v = v or w
        return v

    def conjunction(self) -> bool:
        v = self.negation()
        while self._peek_cs("and", "AND"):
            self.i += 1
            w = self.negation()
            v = v and w
        return v

    def negation(self) -> bool:
        if self._peek_cs("not", "NOT"):
            self.i += 1
            return not self.negation()
        return self.atom()

    def _group(self) -> list:
        self._skip()
        if self.i >= len(self.toks):
            return []
        t = self.toks[self.i]
        if t.cat != C.BEGIN:
            self.i += 1
            return [t]
        depth = 0
        start = self.i + 1
        for j in range(self.i, len(self.toks)):
            c = self.toks[j].cat
            if c == C.BEGIN:
                depth += 1
            elif c == C.END:
                depth -= 1
                if depth == 0:
                    self.i = j + 1
                    return self.toks[start:j]
        self.i = len(self.toks)
        return self.toks[start:]

    def atom(self) -> bool:
        self.depth += 1
        if self.depth > 200:
            raise _TestError("test nested too deeply")
        if self._peek_cs("("):
            self.i += 1
            v = self.disjunction()
            if self._peek_cs(")"):
                self.i += 1
            return v
        if self._peek_cs("equal"):
            self.i += 1
            a = self.L.string(self._group(), expand=False)
            b = self.L.string(self._group(), expand=False)
            return a == b
        if self._peek_cs("isodd"):
            self.i += 1
            return _int(self.L, self._group()) % 2 == 1
        if self._peek_cs("boolean"):
            self.i += 1
            name = self.L.string(self._group(), expand=False).strip()
            return bool(self.L.data.get("ifthen_bools", {}).get(name, False)) or \
                _if_state(self.L, name)
        if self._peek_cs("isundefined"):
            self.i += 1
            g = [t for t in self._group() if t.cat != C.SPACE]
            return not g or self.L.engine.meaning(g[0]) is None
        if self._peek_cs("lengthtest"):
            self.i += 1
            return self._relation(self._group(), R.scan_dimen)
        # a numeric relation up to the next \and/\or/\) or the end
        start = self.i
        while self.i < len(self.toks) and not (self.toks[self.i].cat == CS
                                               and self.toks[self.i].text in ("and", "or", "AND", "OR", ")")):
            self.i += 1
        return self._relation(self.toks[start:self.i], R.scan_int)

    def _relation(self, toks, scan) -> bool:
        for k, t in enumerate(toks):
            if t.cat == C.OTHER and t.text in "<=>":
                a = _scan(self.L, toks[:k], scan)
                b = _scan(self.L, toks[k + 1:], scan)
                return a < b if t.text == "<" else (a > b if t.text == ">" else a == b)
        raise _TestError("no relation (<, = or >) in the test")


def _scan(L, toks, scan) -> int:
    eng = L.engine
    marker = Token(CS, "relax")
    eng.push_one(marker)
    eng.push(list(toks))
    v = scan(eng)
    nt = eng.get_token()
    while nt is not None and nt is not marker:
        nt = eng.get_token()
    return v


def _int(L, toks) -> int:
    return _scan(L, toks, R.scan_int)


def _if_state(L, name: str) -> bool:
    from octavo.tex.meanings import Primitive
    m = L.engine.state.meanings.get("if" + name)
    return isinstance(m, Primitive) and m.name == "iftrue"


def ifthenelse(L, t, test, yes, no) -> None:
    try:
        r = evaluate(L, test, t)
    except _TestError as e:
        L.reporter.error("E-IFTHEN", f"\\ifthenelse: {e}", L.loc(t))
        r = False
    L.engine.push(yes if r else no)


def whiledo(L, t, test, body) -> None:
    try:
        r = evaluate(L, test, t)
    except _TestError as e:
        L.reporter.error("E-IFTHEN", f"\\whiledo: {e}", L.loc(t))
        return
    if r:
        again = [t, Token(C.BEGIN, "{")] + list(test) + [Token(C.END, "}"), Token(C.BEGIN, "{")] \
            + list(body) + [Token(C.END, "}")]
        L.engine.push(list(body) + again)


def install(L, options=()) -> None:
    L.command("ifthenelse", "m m m", ifthenelse)
    L.command("whiledo", "m m", whiledo)
    L.tex(r"\def\newboolean#1{\expandafter\newif\csname if#1\endcsname}"
          r"\def\provideboolean#1{\ifcsname if#1\endcsname\else\newboolean{#1}\fi}"
          r"\def\setboolean#1#2{\csname #1#2\endcsname}", "<ifthen>")
    from octavo.tex.meanings import Primitive
    L.data["ifthen_marker"] = Primitive("ifthen-operator", lambda x, t: None, binding=True)
