"""Math in the document: $...$, \\(...\\), \\[...\\], $$...$$ and the display environments
(equation, align, gather, multline, eqnarray, ... and their starred forms).

The formula's tokens are collected through the engine, so the author's macros are
expanded and assignments inside the formula take effect; the expanded tokens go to
octavo.math (MathML).  Equation numbers come from the LaTeX equation counter and every
\\label in a display becomes an anchor on its row.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.errors import LimitExceeded
from octavo.latex.kernel import counters
from octavo.tex import catcodes as C
from octavo.tex.meanings import Primitive
from octavo.tex.tokens import CS, RUN, Token, source_text

DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "alignat", "alignat*", "flalign",
                "flalign*", "gather", "gather*", "multline", "multline*", "eqnarray", "eqnarray*",
                "displaymath", "dmath", "dmath*", "math")


class DocMathContext:
    """The math layer's MathContext for one conversion: numbers from the equation counter,
    labels into the document's label table."""

    def __init__(self, L):
        self.L = L
        self.reporter = L.reporter

    def number_row(self, label, tag, numbered, loc):
        L = self.L
        b = L.builder
        if tag is not None:
            number = tag
        elif numbered:
            number = counters.refstep(L, "equation") if counters.exists(L, "equation") else ""
        else:
            number = ""
        anchor = None
        if label:
            if label in b.doc.labels:
                L.reporter.warning("W-DUPLICATE-LABEL", f"label {label!r} defined twice", loc)
            else:
                anchor = b.make_id(label)
                b.doc.labels[label] = N.LabelTarget(anchor, "equation", number, [], loc)
        elif number:
            anchor = b.new_id("eq")
        return number, anchor


def collect(L, t: Token, closers) -> list:
    """Expanded tokens up to a closing delimiter.  ``closers(tok)`` returns how many tokens
    the closer takes (0: not a closer)."""
    eng = L.engine
    out: list = []
    depth = 0
    limit = eng.limits.expansion_size
    while True:
        nt = eng.get_x_token(True)
        if nt is None:
            L.reporter.error("E-MATH", "formula never closed", L.loc(t))
            return out
        c = nt.cat
        if c == C.BEGIN:
            depth += 1
        elif c == C.END:
            if depth == 0:
                L.reporter.error("E-MATH", "extra } in a formula (formula closed here)", L.loc(nt))
                eng.push_one(nt)
                return out
            depth -= 1
        elif depth == 0 and closers(nt):
            return out
        elif c == CS or c == C.ACTIVE:
            m = eng.meaning(nt)
            if type(m) is Primitive and m.assignment:
                m.fn(eng, nt)  # \def, \let, \setcounter-like assignments take effect
                continue
            if nt.text == "par" and c == CS:
                L.reporter.error("E-MATH", "paragraph ended inside a formula (missing $ inserted)",
                                 L.loc(nt))
                eng.push_one(nt)
                return out
        out.append(nt)
        if len(out) > limit:
            raise LimitExceeded("formula longer than the token limit", L.loc(t), "E-LIMIT-TOKENS")


PICTURE_COMMANDS = frozenset({"xymatrix", "xy", "diagram", "tikz", "begin@tikzcd", "chemfig",
                              "xygraph", "pgfplot"})


def _picture_inside(tokens: list) -> bool:
    """Diagrams (xymatrix, tikzcd ...) inside math go to real TeX as a whole."""
    names = {tk.text for tk in tokens if tk.cat == CS}
    if not (names & PICTURE_COMMANDS) and "begin" not in names:
        return False
    for i, tk in enumerate(tokens):
        if tk.cat == CS:
            if tk.text in PICTURE_COMMANDS:
                return True
            if tk.text == "begin" and i + 2 < len(tokens) and tokens[i + 1].cat == C.BEGIN:
                name = tokens[i + 2].text
                if name.startswith("tikzcd") or name.startswith("tikzpicture") or name == "xy":
                    return True
    return False


def _raw_source(tokens: list, t: Token) -> str:
    """The formula as written, when all of it came from one file; else rebuilt."""
    if tokens and tokens[0].src is tokens[-1].src and tokens[0].src.text and tokens[0].pos <= tokens[-1].pos:
        src = tokens[0].src.text
        end = tokens[-1].pos + len(tokens[-1].text) + (1 if tokens[-1].cat == CS else 0)
        if tokens[-1].cat == CS:
            while end < len(src) and src[end].isalpha():
                end += 1
        return src[tokens[0].pos:end].replace(C.EOL_CHAR, "\n")
    return source_text(tokens)


def _picture(L, t: Token, tokens: list, display: bool) -> None:
    raw = _raw_source(tokens, t)
    source = ("\\[" + raw + "\\]") if display else ("$" + raw + "$")
    node = N.Placeholder(reason="picture", source=source, alt=raw, loc=L.loc(t))
    # a diagram is a block even when written inline ($\xymatrix{...}$ stands alone in practice)
    L.builder.add_block(node)


def _convert(L, display_env: str | None, tokens: list, t: Token):
    try:
        from octavo.math import api
    except ImportError:  # pragma: no cover
        return None
    ctx = L.data.get("math_ctx")
    if ctx is None:
        ctx = L.data["math_ctx"] = DocMathContext(L)
    try:
        if display_env is None:
            return api.convert_inline(tokens, ctx)
        return api.convert_display(display_env, tokens, ctx)
    except LimitExceeded:
        raise
    except Exception as e:  # the math layer promises not to raise; if it does, degrade
        L.reporter.error("E-INTERNAL", f"internal error in math ({type(e).__name__}: {e})", L.loc(t))
        return None


def inline_math(L, t: Token, closer: str) -> None:
    def is_close(nt):
        if closer == "$":
            return nt.cat == C.MATH
        return nt.cat == CS and nt.text == closer
    tokens = collect(L, t, is_close)
    if _picture_inside(tokens):
        _picture(L, t, tokens, False)
        return
    res = _convert(L, None, tokens, t)
    if res is None:
        L.builder.add_inline(N.Math(tex=source_text(tokens), loc=L.loc(t)), t)
        return
    L.builder.add_inline(N.Math(tex=res.tex, mathml=res.mathml, linear=res.linear, loc=L.loc(t)), t)


def display_math(L, t: Token, env: str, tokens: list) -> None:
    if _picture_inside(tokens):
        _picture(L, t, tokens, True)
        return
    res = _convert(L, env, tokens, t)
    if res is None:
        node = N.DisplayMath(tex=source_text(tokens), env=env, loc=L.loc(t))
    else:
        rows = [N.MathRow(number=num, id=anchor) for num, anchor in res.rows]
        node = N.DisplayMath(tex=res.tex, env=env, rows=rows, mathml=res.html or res.mathml,
                             linear=res.linear, loc=L.loc(t))
    b = L.builder
    # display math belongs to the paragraph around it; as a block it ends the paragraph
    # and the text after it continues in a new one
    b.add_block(node)


def math_shift(L, t: Token) -> None:
    eng = L.engine
    nt = eng.get_token()
    if nt is not None and nt.cat == C.MATH and getattr(L.builder, "mode", "") != "math":
        # $$ ... $$
        def is_close(x):
            if x.cat == C.MATH:
                n2 = eng.get_token()
                if n2 is not None and n2.cat != C.MATH:
                    eng.push_one(n2)
                return 1
            return 0
        tokens = collect(L, t, is_close)
        display_math(L, t, "$$", tokens)
        return
    if nt is not None:
        eng.push_one(nt)
    inline_math(L, t, "$")


def _env_collector(name: str):
    def begin(L, t, g):
        eng = L.engine
        def is_close(nt):
            if nt.cat == CS and nt.text == "end":
                arg = eng.read_undelimited(nt)
                if L.string(arg, expand=False).strip() == name:
                    return 1
                eng.push([Token(C.BEGIN, "{")] + arg + [Token(C.END, "}")])
                return 0
            return 0
        tokens = collect(L, t, is_close)
        display_math(L, t, name, tokens)
        # the \end{name} was consumed by the collector; close the environment's group
        eng.end_group("env:" + name, t)
    return begin


def _bracket_display(L, t: Token) -> None:
    tokens = collect(L, t, lambda nt: nt.cat == CS and nt.text == "]")
    display_math(L, t, "\\[", tokens)


def _paren_inline(L, t: Token) -> None:
    inline_math(L, t, ")")


def install(L) -> None:
    L.builder.handlers["math_shift"] = lambda t: math_shift(L, t)
    L.command("[", "", _bracket_display)
    L.command("(", "", _paren_inline)
    L.command("ensuremath", "m", lambda L, t, arg: (L.engine.push(arg + [Token(C.MATH, "$")]),
                                                     inline_math(L, t, "$")))
    for name in DISPLAY_ENVS:
        if name == "math":
            L.environment(name, begin=_inline_env)
            continue
        L.environment(name, begin=_env_collector(name))
    L.data.setdefault("math_envs", set()).update(DISPLAY_ENVS)
    # commands that exist only in math mode must not warn as undefined when a formula
    # carries them: the math layer knows them


def _inline_env(L, t, g):
    eng = L.engine
    def is_close(nt):
        if nt.cat == CS and nt.text == "end":
            arg = eng.read_undelimited(nt)
            if L.string(arg, expand=False).strip() == "math":
                return 1
            eng.push([Token(C.BEGIN, "{")] + arg + [Token(C.END, "}")])
        return 0
    tokens = collect(L, t, is_close)
    res = _convert(L, None, tokens, t)
    tex = source_text(tokens)
    L.builder.add_inline(N.Math(tex=tex, mathml=res.mathml if res else "", linear=res.linear if res else "",
                                loc=L.loc(t)), t)
    eng.end_group("env:math", t)
