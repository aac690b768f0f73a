"""Math in the document: $...$, \\(...\\), \\[...\\], $$...$$ and the display environments
(equation, align, gather, multline, eqnarray, ... and their starred forms).

The formula's tokens are collected through the engine, so the author's macros are
expanded and assignments inside the formula take effect; the expanded tokens go to
octavo.math (MathML).  Equation numbers come from the LaTeX equation counter and every
\\label in a display becomes an anchor on its row.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.errors import LimitExceeded, OctavoError
from octavo.latex.kernel import counters
from octavo.tex import catcodes as C
from octavo.tex import primitives
from octavo.tex.meanings import CharMeaning, Macro, Primitive, Register
from octavo.tex.tokens import CS, RUN, Token, source_text

DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "alignat", "alignat*", "flalign",
                "flalign*", "gather", "gather*", "multline", "multline*", "eqnarray", "eqnarray*",
                "displaymath", "dmath", "dmath*", "math")


class DocMathContext:
    """The math layer's MathContext for one conversion: numbers from the equation counter,
    labels into the document's label table.

    A \\label on a row that shows no number names what LaTeX's \\@currentlabel names at
    that point (amsmath writes it anyway): the enclosing theorem, section or previous
    equation; its anchor is still placed on that row.  ``anchors`` collects, per display,
    the (number, anchor) of every row that has an anchor, numbered or not."""

    def __init__(self, L):
        self.L = L
        self.reporter = L.reporter
        self.anchors: list = []

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
                if number:
                    kind, ref_number = "equation", number
                else:
                    kind, ref_number = (b.target.kind or "equation"), b.target.number
                b.doc.labels[label] = N.LabelTarget(anchor, kind, ref_number, [], loc)
        if anchor is None and number:
            anchor = b.new_id("eq")
        if anchor is not None:
            self.anchors.append((number, anchor))
        return number, anchor

    def resolve_ref(self, kind, label, loc):
        """A reference inside math (\\text{by \\eqref{x}}): labels defined later in the
        document are not known yet, so a marker naming the kind and the label stands for
        it, linked; the xrefs transform resolves it as it resolves references in text
        (`octavo.transforms.xrefs.resolve_math_refs`) and the split transform points its
        link at the page of the target."""
        return math_ref_marker(kind, label), MATH_REF_HREF


MATH_REF_OPEN, MATH_REF_SEP, MATH_REF_CLOSE = "\ue000", "\ue002", "\ue001"
MATH_REF_HREF = "\ue003"
"""The href of a reference inside math until the xrefs transform sets it."""


def math_ref_marker(kind: str, label: str) -> str:
    """What stands in a formula for a reference until the xrefs transform resolves it."""
    return f"{MATH_REF_OPEN}{kind}{MATH_REF_SEP}{label}{MATH_REF_CLOSE}"


def collect(L, t: Token, closers) -> list:
    """Expanded tokens up to a closing delimiter.  ``closers(tok)`` returns how many tokens
    the closer takes (0: not a closer).  The builder is in math mode meanwhile, so
    \\ifmmode takes its math branch in the author's macros, as in TeX."""
    b = L.builder
    saved = b.mode
    b.mode = "math"
    try:
        return _collect(L, t, closers)
    finally:
        b.mode = saved


_PLAIN_CATS = frozenset({C.LETTER, C.OTHER, RUN, C.SPACE, C.SUPER, C.SUB, C.ALIGN, C.EOL,
                         C.PARAM})
"""Categories that never close a formula nor act while it is collected (``closers``
are consulted for control sequences, active characters and math shifts only)."""


def _collect(L, t: Token, closers) -> list:
    eng = L.engine
    state = eng.state
    get_x = eng.get_x_token
    out: list = []
    append = out.append
    plain = _PLAIN_CATS
    depth = 0
    inner = 0  # environments begun inside the formula and not yet ended
    limit = eng.limits.expansion_size
    while True:
        nt = get_x(True)
        if nt is None:
            L.reporter.error("E-MATH", "formula never closed", L.loc(t))
            return out
        c = nt.cat
        if c in plain:
            append(nt)
            if len(out) > limit:
                raise LimitExceeded("formula longer than the token limit", L.loc(t), "E-LIMIT-TOKENS")
            continue
        if c == C.BEGIN:
            depth += 1
        elif c == C.END:
            if depth == 0:
                L.reporter.error("E-MATH", "extra } in a formula (formula closed here)", L.loc(nt))
                eng.push_one(nt)
                return out
            depth -= 1
        else:
            if depth == 0:
                k = closers(nt)
                if k > 0:
                    return out
                if k < 0:
                    continue
            if c == CS or c == C.ACTIVE:
                m = state.meanings.get(nt.text) if c == CS else eng.meaning(nt)
                tm = type(m)
                if tm is Primitive:
                    if m.assignment:
                        m.fn(eng, nt)  # \def, \let, \setcounter-like assignments take effect
                        continue
                    if m.name != nt.text and c == CS and m.name and m.name[0] != "\x00":
                        # \let\eps\varepsilon: the math layer reads commands by name
                        nt = Token(CS, m.name, nt.src, nt.pos)
                elif tm is Register:
                    try:
                        primitives.assign_register(eng, m.kind, m.index, nt)
                    except OctavoError as e:
                        L.reporter.warning(e.code, e.message, e.loc)
                    continue  # \postdisplaypenalty=100 and friends: an assignment, not math
                elif tm is CharMeaning:
                    # \bgroup, \sp ...: read again as the character they stand for
                    eng.push_one(Token(m.token.cat, m.token.text, nt.src, nt.pos))
                    continue
                if c == CS:
                    name = nt.text
                    if name == "begin":
                        inner += 1
                    elif name == "end":
                        inner -= 1
                    elif name == "par":
                        if inner > 0:
                            continue  # a blank line inside cases/array/aligned: TeX lets it pass
                        L.reporter.error("E-MATH", "paragraph ended inside a formula (missing $ "
                                         "inserted)", L.loc(nt))
                        eng.push_one(nt)
                        return out
        append(nt)
        if len(out) > limit:
            raise LimitExceeded("formula longer than the token limit", L.loc(t), "E-LIMIT-TOKENS")


PICTURE_COMMANDS = frozenset({"xymatrix", "xy", "diagram", "tikz", "begin@tikzcd", "chemfig",
                              "xygraph", "pgfplot",
                              # bussproofs' trees (\AxiomC ... \DisplayProof) in a formula
                              "Axiom", "AxiomC", "AX", "AXC", "DisplayProof"})


def _picture_inside(tokens: list) -> bool:
    """Diagrams (xymatrix, tikzcd ...) inside math go to real TeX as a whole."""
    pictures = PICTURE_COMMANDS
    for i, tk in enumerate(tokens):
        if tk.cat == CS:
            name = tk.text
            if name in pictures:
                return True
            if name == "begin" and i + 2 < len(tokens) and tokens[i + 1].cat == C.BEGIN:
                env = tokens[i + 2].text
                if env.startswith("tikzcd") or env.startswith("tikzpicture") or env == "xy":
                    return True
    return False


def _raw_source(tokens: list, t: Token, strict: bool = False) -> str:
    """The formula as written: the source text from its first token to its last when both
    come from one file in that order (author macros inside stay as written: ``\\proj1``,
    not its expansion, which a picture's TeX run must see); else rebuilt from the tokens.
    ``strict``: every token must come from that file in order (a formula opened and closed
    by a user environment's begin and end code, whose first and last tokens are in the
    definition: the slice between them would be the definition, not the formula)."""
    if tokens and tokens[0].src.text and tokens[0].src is tokens[-1].src \
            and tokens[0].pos <= tokens[-1].pos and (not strict or _in_order(tokens)):
        src = tokens[0].src.text
        end = tokens[-1].pos + len(tokens[-1].text) + (1 if tokens[-1].cat == CS else 0)
        if tokens[-1].cat == CS:
            while end < len(src) and src[end].isalpha():
                end += 1
        return src[tokens[0].pos:end].replace(C.EOL_CHAR, "\n")
    return source_text(tokens)


def _in_order(tokens: list) -> bool:
    """All ``tokens`` come from one source, in the order written there (not some from a
    macro's definition, as when a user environment's begin code opens the formula)."""
    src = tokens[0].src
    pos = -1
    for tk in tokens:
        if tk.src is not src or tk.pos < pos:
            return False
        pos = tk.pos
    return True


_ALIGNED_PICTURES = {"align", "gather", "flalign", "multline"}
"""Display environments whose body has & or \\intertext: drawn as a picture, the body
goes to TeX in the (starred) environment, not in \\[ \\] where & is an error
(openlogic's tikzpictures side by side in align*)."""


def _picture(L, t: Token, tokens: list, display: bool, env: str = "") -> None:
    raw = _raw_source(tokens, t)
    base = env.rstrip("*")
    if display and base in _ALIGNED_PICTURES:
        source = f"\\begin{{{base}*}}{raw}\\end{{{base}*}}"
    else:
        source = ("\\[" + raw + "\\]") if display else ("$" + raw + "$")
    from octavo.fallback.words import picture_words
    node = N.Placeholder(reason="picture", source=source, alt=picture_words(raw), loc=L.loc(t))
    # a diagram is a block even when written inline ($\xymatrix{...}$ stands alone in practice)
    L.builder.add_block(node)


def _ctx(L) -> DocMathContext:
    ctx = L.data.get("math_ctx")
    if ctx is None:
        ctx = L.data["math_ctx"] = DocMathContext(L)
    return ctx


def _convert(L, display_env: str | None, tokens: list, t: Token):
    try:
        from octavo.math import api
    except ImportError:  # pragma: no cover
        return None
    ctx = _ctx(L)
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
    user_end = _user_env_end(L)

    def is_close(nt):
        if closer == "$":
            if nt.cat == C.MATH:
                return 1
        elif nt.cat == CS and nt.text == closer:
            return 1
        if nt.cat == CS and (nt.text == "end" or nt.text == "begin"):
            return user_end(nt)
        return 0
    tokens = collect(L, t, is_close)
    env = _only_environment(L, tokens)
    if env is not None:
        # $\\begin{nd}...\\end{nd}$ (forall x's fitchproof): a drawing that a package
        # binding shows as a picture, wrapped in nothing else; it is that picture, as the
        # same environment is when met in text
        from octavo.latex.kernel.pictures import _placeholder
        _placeholder(L, t, _raw_source(tokens, t, strict=True))
        return
    if _picture_inside(tokens):
        _picture(L, t, tokens, False)
        return
    add_inline_formula(L, t, tokens)


def _only_environment(L, tokens: list) -> "str | None":
    """The name of the picture environment (``L.data["math_picture_envs"]``, registered by
    package bindings) that makes up the whole formula ``tokens``, spaces aside; else None."""
    envs = L.data.get("math_picture_envs")
    if not envs:
        return None
    i, j = 0, len(tokens)
    while i < j and tokens[i].cat in (C.SPACE, C.EOL):
        i += 1
    while j > i and tokens[j - 1].cat in (C.SPACE, C.EOL):
        j -= 1
    if j - i < 8 or tokens[i].cat != CS or tokens[i].text != "begin":
        return None
    if tokens[i + 1].cat != C.BEGIN or tokens[i + 3].cat != C.END:
        return None
    name = tokens[i + 2].text
    tail = tokens[j - 4:j]
    if name not in envs or tail[0].cat != CS or tail[0].text != "end" or tail[2].text != name \
            or tail[1].cat != C.BEGIN or tail[3].cat != C.END:
        return None
    depth = 0
    for k in range(i, j - 4):  # the \\end at the tail must close the \\begin at the head
        tk = tokens[k]
        if tk.cat == CS and tk.text in ("begin", "end") and k + 2 < j and tokens[k + 2].text == name:
            depth += 1 if tk.text == "begin" else -1
            if depth == 0:
                return None
    return name


def add_inline_formula(L, t: Token, tokens: list) -> None:
    """Convert collected tokens of an inline formula and add the Math node."""
    for name in _targets(L, tokens):
        L.builder.add_inline(_anchor(L, name, t), t)
    res = _convert(L, None, tokens, t)
    if res is None:
        node = N.Math(tex=source_text(tokens), loc=L.loc(t))
    else:
        node = N.Math(tex=res.tex, mathml=res.mathml, linear=res.linear, loc=L.loc(t))
    L.builder.add_inline(node, t)


def _targets(L, tokens: list) -> list:
    """Names of the \\hypertarget{name}{...} inside a formula (the math layer shows only
    their text; the anchors go into the document next to the formula)."""
    out = []
    for i, tk in enumerate(tokens):
        if tk.cat == CS and tk.text == "hypertarget" and i + 1 < len(tokens) \
                and tokens[i + 1].cat == C.BEGIN:
            depth, j = 0, i + 1
            while j < len(tokens):
                if tokens[j].cat == C.BEGIN:
                    depth += 1
                elif tokens[j].cat == C.END:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            name = L.string(tokens[i + 2:j], expand=False).strip()
            if name:
                out.append(name)
    return out


def _anchor(L, name: str, t: Token) -> N.Anchor:
    a = N.Anchor(loc=L.loc(t))
    a.id = L.builder.make_id("hypertarget:" + name)
    return a


_NUMBERED = frozenset({"equation", "align", "flalign", "alignat", "gather", "multline",
                       "eqnarray"})


def _number_picture(L, t: Token, env: str, tokens: list):
    """A numbered display drawn as a picture (an \\xymatrix in an equation) still takes
    its number and its \\label: (anchor, number) or None."""
    names = [tk.text for tk in tokens if tk.cat == CS]
    label = None
    for i, tk in enumerate(tokens):
        if tk.cat == CS and tk.text == "label" and i + 1 < len(tokens) \
                and tokens[i + 1].cat == C.BEGIN:
            j = i + 2
            while j < len(tokens) and tokens[j].cat != C.END:
                j += 1
            label = L.string(tokens[i + 2:j], expand=False).strip() or None
            break
    numbered = env in _NUMBERED and "nonumber" not in names and "notag" not in names
    if not numbered and label is None:
        return None
    number, anchor = _ctx(L).number_row(label, None, numbered, L.loc(t))
    return anchor, number


def display_math(L, t: Token, env: str, tokens: list) -> None:
    if _picture_inside(tokens):
        got = _number_picture(L, t, env, tokens)
        _picture(L, t, tokens, True, env)
        if got is not None:
            node = L.builder.top.items[-1] if L.builder.top.items else None
            if isinstance(node, N.Placeholder):
                node.id = got[0]
                if got[1]:
                    node.alt = f"{node.alt} ({got[1]})"
        return
    ctx = _ctx(L)
    ctx.anchors = []
    targets = _targets(L, tokens)
    res = _convert(L, env, tokens, t)
    if res is None:
        node = N.DisplayMath(tex=source_text(tokens), env=env, loc=L.loc(t))
    else:
        rows = [N.MathRow(number=num, id=anchor) for num, anchor in ctx.anchors]
        node = N.DisplayMath(tex=res.tex, env=env, rows=rows, mathml=res.html or res.mathml,
                             linear=res.linear, loc=L.loc(t))
    b = L.builder
    if targets:
        node.id = _anchor(L, targets[0], t).id
        for name in targets[1:]:
            b.add_inline(_anchor(L, name, t), t)
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


def _closer_for(L, name: str):
    """``closers`` for a display environment ``name``: \\end{name}, or the command form
    \\endname (\\csname endequation*\\endcsname in a user environment's end code).  An
    \\end{outer} of a user environment that is open around the display runs that
    environment's end code, which is where its \\end{name} is (LaTeX does the same:
    \\newenvironment{myeq}{\\begin{equation}}{\\end{equation}})."""
    eng = L.engine
    endname = "end" + name
    user_end = _user_env_end(L)

    def is_close(nt):
        if nt.cat != CS:
            return 0
        if nt.text == endname:
            return 1
        if nt.text == "begin":
            return user_end(nt)
        if nt.text != "end":
            return 0
        arg = eng.read_undelimited(nt)
        if L.string(arg, expand=False).strip() == name:
            return 1
        eng.push([Token(C.BEGIN, "{")] + arg + [Token(C.END, "}")])
        return user_end(nt)
    return is_close


def _user_env_end(L):
    """A closer's part for \\begin and \\end met at brace depth 0 while a formula is
    collected: \\end{outer} of a user environment open around the formula runs that
    environment's end code (-1: the token is consumed), which is where the formula's own
    closing delimiter is (\\newenvironment{inl}{$\\left(}{\\right)$}, forall x's
    \\renewenvironment{fitchproof}{$\\begin{nd}}{\\end{nd}$}).  An \\end{x} matching
    a \\begin{x} written inside the formula stays part of it (0)."""
    eng = L.engine
    opened: dict = {}

    def check(nt):
        if not any(g.kind.startswith("env:") for g in eng.state.groups):
            return 0  # no environment open around the formula: nothing to run
        arg = eng.read_undelimited(nt)
        env = L.string(arg, expand=False).strip()
        eng.push([Token(C.BEGIN, "{")] + arg + [Token(C.END, "}")])
        if nt.text == "begin":
            opened[env] = opened.get(env, 0) + 1
            return 0
        if opened.get(env):
            opened[env] -= 1
            return 0
        if _is_user_env_open(L, env):
            from octavo.latex.kernel import environments
            environments.end(L, nt)  # pushes \\endouter and the group-closing marker
            return -1
        return 0
    return check


def _is_user_env_open(L, env: str) -> bool:
    eng = L.engine
    if not any(g.kind == "env:" + env for g in eng.state.groups):
        return False
    em = eng.state.meanings.get("end" + env)
    if env in L.data.get("user_envs", ()) and isinstance(em, Macro):
        return True
    return env not in L.environments and isinstance(em, Macro)


def _env_collector(name: str):
    def begin(L, t, g):
        tokens = collect(L, t, _closer_for(L, name))
        display_math(L, t, name, tokens)
        # the \\end{name} was consumed by the collector; close the environment's group
        groups = L.engine.state.groups
        if groups and groups[-1].kind == "env:" + name:
            L.engine.end_group("env:" + name, t)
    return begin


def _command_form(name: str):
    """\\equation ... \\endequation without \\begin (inside a user environment's code)."""
    def handler(L, t):
        tokens = collect(L, t, _closer_for(L, name))
        display_math(L, t, name, tokens)
    return handler


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
        if L.engine.state.meanings.get(name) is None:
            L.command(name, "", _command_form(name))
    L.data.setdefault("math_envs", set()).update(DISPLAY_ENVS)
    _define_math_names(L)
    _subequations(L)


def _subequations(L) -> None:
    """amsmath's subequations, as amsmath writes it: the equations inside are numbered
    (3a), (3b) ... after the parent number, which a \\label right after the \\begin names."""
    if not counters.exists(L, "parentequation"):
        counters.new_counter(L, "parentequation")
    L.tex(r"\def\subequations{\refstepcounter{equation}"
          r"\protected@edef\theparentequation{\theequation}"
          r"\setcounter{parentequation}{\value{equation}}\setcounter{equation}{0}"
          r"\def\theequation{\theparentequation\alph{equation}}\ignorespaces}"
          r"\def\endsubequations{\setcounter{equation}{\value{parentequation}}"
          r"\ignorespacesafterend}")


_ENGINE_PRIMITIVES = frozenset({"setbox"})
"""TeX primitives the math layer reads inside formulas but the engine should define (a
math-only meaning would misreport them in text)."""

_TEXT_TOO = {"vdots": "\u22ee", "ldots": "\u2026", "dots": "\u2026", "textellipsis": "\u2026"}
"""Math commands that LaTeX also allows in text, as the character they show."""


def _define_math_names(L) -> None:
    """Give every command the math layer knows a meaning (TeX has them from the start),
    unless something already defines it: \\let\\eps\\varepsilon then works, and
    \\ifdefined or \\providecommand see what TeX sees.  Met outside math, a symbol is shown
    as a formula of its own (TeX's "missing $ inserted"); other math commands warn and
    their arguments stay as text."""
    try:
        from octavo.math import names
    except ImportError:  # pragma: no cover
        return
    standalone = names.standalone()
    meanings = L.engine.state.meanings

    def outside(L, t):
        name = t.text
        if name in _TEXT_TOO:  # LaTeX defines these for text as well
            L.engine.push_one(Token(C.OTHER, _TEXT_TOO[name], t.src, t.pos))
            return
        L.reporter.warning("W-MATH-OUTSIDE", f"math command \\{name} used outside math",
                           L.loc(t), once=("math-outside", name))
        if name in standalone:
            add_inline_formula(L, t, [Token(CS, name, t.src, t.pos)])
    for name in names.known():
        if meanings.get(name) is None and name not in _ENGINE_PRIMITIVES:
            L.command(name, "", outside)
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
    add_inline_formula(L, t, tokens)
    eng.end_group("env:math", t)
