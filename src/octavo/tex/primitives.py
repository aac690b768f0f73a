"""TeX primitives: definitions, \\let, expansion control, registers, catcodes, files.

Every primitive is ``fn(engine, token)``.  Expandable ones push their result back on
the input; the others act on the state.  Assignments honour the prefixes collected by
\\global, \\long, \\outer, \\protected (``engine.prefixes``).

Security (docs/security.md): \\write18, \\openout and pipe input never run or write
anything; \\openin and \\input read only through the engine's confined file access.
"""

from __future__ import annotations

from octavo.errors import LimitExceeded
from octavo.tex import catcodes as C
from octavo.tex import conditionals
from octavo.tex import registers as R
from octavo.tex.meanings import CharDef, CharMeaning, Macro, Primitive, Register
from octavo.tex.tokens import CS, RUN, Token, split_run, to_str

PREFIXES = ("global", "long", "outer", "protected")


# ------------------------------------------------------------------ definitions

def read_param_text(x, owner: Token):
    """Parameter text up to the body's {: (prefix, delims, brace_end)."""
    prefix: list = []
    delims: list = []
    cur = prefix
    brace_end = False
    n = 0
    while True:
        t = x.get_token()
        if t is None:
            x.reporter.error("E-RUNAWAY", f"definition of \\{owner.text} has no body", x.loc_of(owner))
            return prefix, delims, False, False
        if t.cat == C.BEGIN:
            x.push_one(t)
            return prefix, delims, brace_end, True
        if t.cat == C.PARAM:
            nt = x.get_token()
            if nt is None:
                return prefix, delims, brace_end, False
            if nt.cat == C.BEGIN:
                brace_end = True
                x.push_one(nt)
                return prefix, delims, True, True
            if nt.cat == C.OTHER and nt.text == str(n + 1) and n < 9:
                n += 1
                cur = []
                delims.append(cur)
                continue
            x.reporter.error("E-PARAM", f"parameters of \\{owner.text} must be numbered consecutively",
                             x.loc_of(nt))
            continue
        if t.cat == C.END:
            x.reporter.error("E-UNBALANCED", f"extra }} in the parameters of \\{owner.text}", x.loc_of(t))
            continue
        cur.append(t)


def compile_body(x, tokens: list, nparams: int, owner: Token) -> list:
    """Replace #n by parameter indices and ## by #."""
    out: list = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t.cat == C.PARAM:
            if i + 1 < n:
                nt = tokens[i + 1]
                if nt.cat == C.PARAM:
                    out.append(nt)
                    i += 2
                    continue
                if nt.cat == C.OTHER and len(nt.text) == 1 and "1" <= nt.text <= "9":
                    k = int(nt.text)
                    if k <= nparams:
                        out.append(k - 1)
                    else:
                        x.reporter.error("E-PARAM", f"illegal parameter #{k} in the definition of \\{owner.text}",
                                         x.loc_of(nt))
                    i += 2
                    continue
                if nt.cat == RUN and nt.text[0].isdigit():
                    k = int(nt.text[0])
                    if 1 <= k <= nparams:
                        out.append(k - 1)
                    rest = Token(RUN, nt.text[1:], nt.src, nt.pos + 1, nt.cc) if len(nt.text) > 1 else None
                    if rest is not None:
                        out.append(rest if len(rest.text) > 1 else split_run(rest)[0])
                    i += 2
                    continue
            x.reporter.error("E-PARAM", f"illegal # in the definition of \\{owner.text}", x.loc_of(t))
            i += 1
            continue
        out.append(t)
        i += 1
    return out


_PARAM_MARK = "\x00param"


def do_def(x, t, expand: bool = False, glob: bool | None = None):
    flags = x.take_prefixes()
    if glob is None:
        glob = "global" in flags
    cs = x.get_token()
    if cs is None or cs.cat not in (CS, C.ACTIVE):
        x.reporter.error("E-BAD-DEF", f"\\{t.text} must be followed by a control sequence", x.loc_of(cs or t))
        if cs is not None:
            x.push_one(cs)
        return
    prefix, delims, brace_end, ok = read_param_text(x, cs)
    if not ok:
        return
    open_tok = x.get_token()
    raw = x.read_group_body(open_tok, cs)
    nparams = len(delims)
    if expand:
        # protect #n from expansion with private markers, expand, then restore
        marked = []
        i = 0
        while i < len(raw):
            tk = raw[i]
            if tk.cat == C.PARAM and i + 1 < len(raw):
                marked.append(Token(CS, _PARAM_MARK, tk.src, tk.pos))
                marked.append(raw[i + 1] if raw[i + 1].cat != RUN else split_run(raw[i + 1])[0])
                if raw[i + 1].cat == RUN and len(raw[i + 1].text) > 1:
                    marked.append(Token(RUN, raw[i + 1].text[1:], raw[i + 1].src, raw[i + 1].pos + 1, raw[i + 1].cc))
                i += 2
                continue
            marked.append(tk)
            i += 1
        expanded = x.expand_tokens(marked, cs)
        raw = [Token(C.PARAM, "#", tk.src, tk.pos) if (tk.cat == CS and tk.text == _PARAM_MARK) else tk
               for tk in expanded]
    body = compile_body(x, raw, nparams, cs)
    if brace_end:
        body.append(Token(C.BEGIN, "{"))
    m = Macro(cs.text if cs.cat == CS else cs.text, body, prefix, delims, brace_end,
              long="long" in flags, protected="protected" in flags, outer="outer" in flags,
              loc=x.loc_of(cs))
    x.define(cs, m, glob)


def p_def(x, t):
    do_def(x, t)


def p_gdef(x, t):
    do_def(x, t, glob=True)


def p_edef(x, t):
    do_def(x, t, expand=True)


def p_xdef(x, t):
    do_def(x, t, expand=True, glob=True)


def p_let(x, t):
    flags = x.take_prefixes()
    cs = x.get_token()
    if cs is None or cs.cat not in (CS, C.ACTIVE):
        x.reporter.error("E-BAD-DEF", "\\let must be followed by a control sequence", x.loc_of(cs or t))
        if cs is not None:
            x.push_one(cs)
        return
    nt = x.get_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = x.get_token()
    if nt is not None and nt.cat == C.OTHER and nt.text == "=":
        nt = x.get_token()
        if nt is not None and nt.cat == C.SPACE:
            nt = x.get_token()
    if nt is None:
        return
    x.define(cs, meaning_of(x, nt), "global" in flags)


def meaning_of(x, tok: Token):
    if tok.cat in (CS, C.ACTIVE):
        return x.meaning(tok)
    return CharMeaning(tok)


def p_futurelet(x, t):
    flags = x.take_prefixes()
    cs = x.get_token()
    a = x.get_token()
    b = x.get_token()
    if cs is None or a is None:
        return
    if b is not None:
        x.define(cs, meaning_of(x, b), "global" in flags)
        x.push([a, b])
    else:
        x.push_one(a)


def p_prefix(x, t):
    """\\global \\long \\outer \\protected: remembered until the next command that is not a
    prefix (the engine clears them after every other primitive)."""
    x.prefixes.add(t.text)


# ------------------------------------------------------------------ expansion control

def p_expandafter(x, t):
    a = x.get_token()
    b = x.get_token()
    if a is None:
        return
    if b is not None:
        x.expand_once(b) or x.push_one(b)
    x.push_one(a)


def p_noexpand(x, t):
    nt = x.get_token()
    if nt is None:
        return
    if x.is_expandable(nt):
        x.push_one(Token(CS, "\x00noexpand", nt.src, nt.pos))
    else:
        x.push_one(nt)


def p_csname(x, t):
    name = x.scan_csname_chars(t)
    tok = Token(CS, name, t.src, t.pos)
    if name not in x.state.meanings:
        x.state.set_meaning(name, x.state.meanings.get("relax"))
    x.push_one(tok)


def scan_csname_chars(x, t) -> str:
    parts = []
    size = 0
    limit = x.limits.name_length
    while True:
        nt = x.get_x_token(True)
        if nt is None:
            x.reporter.error("E-CSNAME", "missing \\endcsname", x.loc_of(t))
            break
        if nt.cat == CS:
            if nt.text == "endcsname":
                break
            m = x.meaning(nt)
            if isinstance(m, Primitive) and m.name == "endcsname":
                break
            x.reporter.error("E-CSNAME", f"missing \\endcsname inserted before \\{nt.text}", x.loc_of(nt),
                             once=("csname", nt.text))
            x.push_one(nt)
            break
        parts.append(nt.text)
        size += len(nt.text)
        if size > limit:
            raise LimitExceeded(f"control sequence name longer than {limit} characters", x.loc_of(t),
                                "E-LIMIT-NAME")
    return "".join(parts)


def p_endcsname(x, t):
    x.reporter.error("E-CSNAME", "extra \\endcsname", x.loc_of(t), once=("endcsname", x.loc_of(t)))


def escape_char(x) -> str:
    e = R.get_register(x, "count", "escapechar")
    return R._chr(e) if 0 <= e < 0x110000 else ""  # R._chr: no lone surrogates (G10)


def p_string(x, t):
    nt = x.get_token()
    if nt is None:
        return
    if nt.cat == CS:
        s = escape_char(x) + nt.text
    else:
        s = nt.text
    x.push(R.string_tokens(s))


def show_meaning(x, m, tok: Token) -> str:
    e = escape_char(x)
    if m is None:
        return "undefined"
    if isinstance(m, Macro):
        pre = []
        if m.protected:
            pre.append(e + "protected")
        if m.long:
            pre.append(e + "long")
        if m.outer:
            pre.append(e + "outer")
        params = to_str(m.prefix, e)
        for i, d in enumerate(m.delims):
            params += f"#{i + 1}" + to_str(d, e)
        if m.brace_end:
            params += "{"
        body = []
        for b in m.body:
            body.append(f"#{b + 1}" if type(b) is int else to_str([b], e) if b.cat != C.PARAM else "##")
        s = "".join(body)
        if m.brace_end and s.endswith("{"):
            s = s[:-1] + "{"
        return ("".join(p + " " for p in pre)) + "macro:" + params + "->" + s
    if isinstance(m, CharMeaning):
        tk = m.token
        return f"{C.NAMES.get(tk.cat, 'the character')} {tk.text}"
    if isinstance(m, Register):
        return f"{e}{m.kind}{m.index}"
    if isinstance(m, CharDef):
        return f"{e}{'mathchar' if m.math else 'char'}\"{m.code:X}"
    if isinstance(m, Primitive):
        return e + m.name
    return "undefined"


def p_meaning(x, t):
    nt = x.get_token()
    if nt is None:
        return
    x.push(R.string_tokens(show_meaning(x, meaning_of(x, nt), nt)))


def p_number(x, t):
    x.push(R.string_tokens(str(R.scan_int(x, t))))


def roman(n: int) -> str:
    if n <= 0:
        return ""
    out = []
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out.append(s)
            n -= v
            if len(out) > 100:
                return "".join(out)
    return "".join(out)


def p_romannumeral(x, t):
    x.push(R.string_tokens(roman(R.scan_int(x, t))))


def p_the(x, t):
    x.push(R.the_tokens(x, _next_internal(x, t)))


def _the_for_edef(x, t):
    return R.the_tokens(x, _next_internal(x, t))


def _next_internal(x, t):
    nt = x.get_x_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = x.get_x_token()
    return nt if nt is not None else t


def p_changecase(upper: bool):
    def fn(x, t):
        body = x.read_general_text_unexpanded(t)
        out = []
        for tk in body:
            if tk.cat == RUN:
                out.append(Token(RUN, tk.text.upper() if upper else tk.text.lower(), tk.src, tk.pos, tk.cc))
            elif tk.cat in (C.LETTER, C.OTHER) and len(tk.text) == 1:
                s = tk.text.upper() if upper else tk.text.lower()
                out.append(Token(tk.cat, s if len(s) == 1 else tk.text, tk.src, tk.pos))
            else:
                out.append(tk)
        x.push(out)
    return fn


def p_detokenize(x, t):
    body = x.read_general_text(t)
    x.push(R.string_tokens(to_str(body, escape_char(x))))


def p_unexpanded(x, t):
    x.push(x.read_general_text(t))


def p_expanded(x, t):
    body = x.read_general_text(t)
    x.push(x.expand_tokens(body, t))


def p_scantokens(x, t):
    from octavo.tex.tokens import Source
    body = x.read_general_text(t)
    text = to_str(body, escape_char(x))
    x.push_file(Source(f"{x.here().file}(\\scantokens)", text), x.loc_of(t))


def p_strcmp(x, t):
    a = to_str(x.expand_tokens(x.read_general_text(t), t))
    b = to_str(x.expand_tokens(x.read_general_text(t), t))
    x.push(R.string_tokens("0" if a == b else ("-1" if a < b else "1")))


def p_jobname(x, t):
    x.push(R.string_tokens(x.jobname))


# ------------------------------------------------------------------ registers

def p_register_cmd(kind: str):
    """\\count, \\dimen, \\skip, \\toks followed by a number: an assignment in the
    stomach, an internal quantity when scanned."""
    def fn(x, t):
        idx = R.scan_int(x, t)
        assign_register(x, kind, idx, t)
    return fn


def assign_register(x, kind: str, idx, t):
    flags = x.take_prefixes()
    glob = "global" in flags
    R.scan_optional_equals(x)
    if kind == "count":
        v = R.scan_int(x, t)
    elif kind == "dimen":
        v = R.scan_dimen(x, t)
    elif kind in ("skip", "muskip"):
        v = R.scan_glue(x, t)
        kind = "skip"
    else:
        nt = x.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = x.get_x_token()
        if nt is None:
            return
        if nt.cat == C.BEGIN:
            v = x.read_group_body(nt, t)
        else:
            m = x.meaning(nt)
            if isinstance(m, Register) and m.kind == "toks":
                v = R.get_register(x, "toks", m.index)
            elif isinstance(m, Primitive) and m.name == "toks":
                v = R.get_register(x, "toks", R.scan_int(x, nt))
            else:
                x.reporter.error("E-TOKS", "missing { in a token register assignment", x.loc_of(nt))
                x.push_one(nt)
                v = []
    R.set_register(x, kind, idx, v, glob)
    x.after_assignment_hook()


def register_internal(kind):
    def internal(x, t):
        idx = R.scan_int(x, t)
        return (kind if kind != "muskip" else "skip", R.get_register(x, "skip" if kind == "muskip" else kind, idx))
    return internal


R._INTERNAL.update({"count": register_internal("count"), "dimen": register_internal("dimen"),
                    "skip": register_internal("skip"), "toks": register_internal("toks"),
                    "muskip": register_internal("muskip")})


def p_regdef(kind: str):
    def fn(x, t):
        flags = x.take_prefixes()
        cs = x.get_token()
        if cs is None or cs.cat not in (CS, C.ACTIVE):
            return
        R.scan_optional_equals(x)
        n = R.scan_int(x, t)
        if kind == "char":
            x.define(cs, CharDef(n), "global" in flags)
        elif kind == "mathchar":
            x.define(cs, CharDef(n, math=True), "global" in flags)
        else:
            x.define(cs, Register(kind, n), "global" in flags)
    return fn


def p_newreg(kind: str):
    """\\newcount and friends: allocate the next register globally."""
    def fn(x, t):
        cs = x.read_cs_name(t)
        if cs is None:
            return
        key = ("alloc", kind)
        n = x.state.values.get(key, 20) + 1
        x.state.set_value(key, n, glob=True)
        if kind in ("box", "read", "write", "language", "insert", "fam"):
            x.define(cs, CharDef(n), True)
        else:
            x.define(cs, Register("skip" if kind == "muskip" else kind, ("r", n)), True)
    return fn


def p_arith(op: str):
    def fn(x, t):
        flags = x.take_prefixes()
        nt = x.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = x.get_x_token()
        if nt is None:
            return
        m = x.meaning(nt)
        if type(m) is Register:
            kind, idx = m.kind, m.index
        elif type(m) is Primitive and m.name in ("count", "dimen", "skip", "muskip"):
            kind, idx = ("skip" if m.name == "muskip" else m.name), R.scan_int(x, nt)
        else:
            x.reporter.error("E-ARITH", f"you can't use {to_str([nt]).strip()} after \\{t.text}", x.loc_of(nt))
            return
        R.scan_keyword(x, "by")
        cur = R.get_register(x, kind, idx)
        if op == "advance":
            if kind == "count":
                v = cur + R.scan_int(x, t)
            elif kind == "dimen":
                v = cur + R.scan_dimen(x, t)
            elif kind == "skip":
                g = R.scan_glue(x, t)
                v = (cur[0] + g[0], cur[1] + g[1], cur[2] + g[2])
            else:
                return
        else:
            n = R.scan_int(x, t)
            if kind == "skip":
                base = cur[0]
            else:
                base = cur
            if op == "multiply":
                r = base * n
            elif n == 0:
                x.reporter.error("E-ARITH", "arithmetic overflow (division by zero)", x.loc_of(t))
                return
            else:
                r = int(base / n)
            v = (r, cur[1], cur[2]) if kind == "skip" else r
        R.set_register(x, kind, idx, v, "global" in flags)
        x.after_assignment_hook()
    return fn


def p_catcode(x, t):
    flags = x.take_prefixes()
    code = R.scan_int(x, t)
    R.scan_optional_equals(x)
    cat = R.scan_int(x, t)
    if not 0 <= cat <= 15:
        x.reporter.error("E-CATCODE", f"invalid category code {cat}", x.loc_of(t))
        return
    try:
        ch = chr(code)
    except (ValueError, OverflowError):
        x.reporter.error("E-CATCODE", f"invalid character code {code}", x.loc_of(t))
        return
    if ch == "\n":
        ch = C.EOL_CHAR if code == 13 else ch
    x.state.set_catcode(ch, cat, "global" in flags)
    x.after_assignment_hook()


def p_code_ignore(x, t):
    """\\lccode \\uccode \\sfcode \\mathcode \\delcode assignments: read and ignored."""
    x.take_prefixes()
    R.scan_int(x, t)
    R.scan_optional_equals(x)
    R.scan_int(x, t)


def p_int_param_assign(x, t):
    pass


# ------------------------------------------------------------------ groups and misc

def p_relax(x, t):
    pass


def p_ignorespaces(x, t):
    while True:
        nt = x.get_x_token()
        if nt is None:
            return
        if nt.cat != C.SPACE:
            x.push_one(nt)
            return


def p_aftergroup(x, t):
    nt = x.get_token()
    if nt is None:
        return
    if x.state.groups:
        x.state.groups[-1].after.append(nt)


def p_afterassignment(x, t):
    nt = x.get_token()
    if nt is not None:
        x.after_assignment = nt


def p_message(x, t):
    x.read_balanced_expanded(t)


def p_errmessage(x, t):
    body = x.read_balanced_expanded(t)
    x.reporter.warning("W-TEX-ERROR", "the document raised an error: " + to_str(body)[:200], x.loc_of(t))


def p_show_ignore_token(x, t):
    x.get_token()


def p_showthe(x, t):
    R.the_tokens(x, _next_internal(x, t))


def p_immediate(x, t):
    pass


def p_write(x, t):
    n = R.scan_int(x, t)
    body = x.read_general_text_unexpanded(t)
    if n == 18:
        x.reporter.warning("W-SHELL-ESCAPE", "\\write18 (shell escape) ignored: octavo never runs commands "
                           "from a document", x.loc_of(t))
    del body


def p_openout(x, t):
    R.scan_int(x, t)
    R.scan_optional_equals(x)
    name = x.scan_file_name(t)
    x.reporter.warning("W-WRITE-IGNORED", f"\\openout to {name!r} ignored: octavo writes only its output",
                       x.loc_of(t))


def p_closeout(x, t):
    R.scan_int(x, t)


def p_openin(x, t):
    n = R.scan_int(x, t)
    R.scan_optional_equals(x)
    name = x.scan_file_name(t)
    x.open_read_stream(n, name, t)


def p_closein(x, t):
    n = R.scan_int(x, t)
    x.read_streams.pop(n, None)


def p_read(x, t):
    flags = x.take_prefixes()
    n = R.scan_int(x, t)
    if not R.scan_keyword(x, "to"):
        x.reporter.error("E-READ", "missing 'to' after \\read", x.loc_of(t))
    cs = x.get_token()
    while cs is not None and cs.cat == C.SPACE:
        cs = x.get_token()
    if cs is None:
        return
    line = x.read_stream_line(n)
    from octavo.tex.tokenizer import tokenize_string
    toks = tokenize_string(line, x.state.catcodes, name="<read>") if line else []
    x.define(cs, Macro(cs.text, toks), "global" in flags)


def p_input(x, t):
    name = x.scan_file_name(t)
    x.input_file(name, t)


def p_endinput(x, t):
    if x.file_stack:
        x.file_stack[-1].end_input()


def p_directlua(x, t):
    x.read_general_text_unexpanded(t)
    x.reporter.warning("W-SHELL-ESCAPE", "\\directlua ignored: octavo runs no code from a document",
                       x.loc_of(t), once=("directlua",))


def p_special(x, t):
    body = x.read_general_text_unexpanded(t)
    s = to_str(body)
    if s.lstrip().lower().startswith("html:"):
        x.raw_html(s.split(":", 1)[1], t)


def p_skip_glue(x, t):
    g = R.scan_glue(x, t)
    if t.text == "hskip" and g[0] >= 2 * R.SP_PER_PT:
        x.space_hint(t)


def p_skip_dimen(x, t):
    d = R.scan_dimen(x, t)
    if t.text == "kern" and d >= 2 * R.SP_PER_PT:
        x.space_hint(t)


def p_skip_int(x, t):
    R.scan_int(x, t)


def p_rule(x, t):
    while R.scan_keyword(x, "width") or R.scan_keyword(x, "height") or R.scan_keyword(x, "depth"):
        R.scan_dimen(x, t)


def p_discard_group(x, t):
    """\\mark{...}, \\vadjust{...}: the argument is read and dropped."""
    x.read_general_text_unexpanded(t)


def p_char(x, t):
    n = R.scan_int(x, t)
    x.emit_char(R._chr(n) if 0 <= n < 0x110000 else "\ufffd", t)


def p_accent(x, t):
    code = R.scan_int(x, t)
    x.accent(code, t)


def p_uppercase_dummy(x, t):
    pass


# ------------------------------------------------------------------ installation

def install(x) -> None:
    d = x.define_primitive
    for name, fn in (("def", p_def), ("gdef", p_gdef), ("edef", p_edef), ("xdef", p_xdef),
                     ("let", p_let), ("futurelet", p_futurelet)):
        d(name, fn, assignment=True)
    for name in PREFIXES:
        d(name, p_prefix)
    for name, fn in (("expandafter", p_expandafter), ("noexpand", p_noexpand), ("csname", p_csname),
                     ("string", p_string), ("meaning", p_meaning), ("number", p_number),
                     ("romannumeral", p_romannumeral), ("detokenize", p_detokenize),
                     ("unexpanded", p_unexpanded), ("expanded", p_expanded),
                     ("scantokens", p_scantokens), ("pdfstrcmp", p_strcmp), ("strcmp", p_strcmp),
                     ("jobname", p_jobname), ("input", p_input), ("endinput", p_endinput)):
        d(name, fn, expandable=True)
    d("the", p_the, expandable=True, data=_the_for_edef)
    d("endcsname", p_endcsname)
    d("uppercase", p_changecase(True))
    d("lowercase", p_changecase(False))
    for kind in ("count", "dimen", "skip", "toks", "muskip"):
        d(kind, p_register_cmd("skip" if kind == "muskip" else kind), assignment=True)
        d(kind + "def", p_regdef("skip" if kind == "muskip" else kind), assignment=True)
        d("new" + kind, p_newreg(kind), assignment=True)
    for kind in ("box", "read", "write", "language", "insert", "fam"):
        d("new" + kind, p_newreg(kind), assignment=True)
    d("chardef", p_regdef("char"), assignment=True)
    d("mathchardef", p_regdef("mathchar"), assignment=True)
    for op in ("advance", "multiply", "divide"):
        d(op, p_arith(op), assignment=True)
    d("catcode", p_catcode, assignment=True)
    for name in ("lccode", "uccode", "sfcode", "mathcode", "delcode"):
        d(name, p_code_ignore, assignment=True)
    for name in ("numexpr", "dimexpr", "glueexpr", "muexpr", "lastpenalty", "lastkern", "lastskip",
                 "inputlineno", "badness", "eTeXversion", "currentgrouplevel", "currentiflevel",
                 "fontdimen", "wd", "ht", "dp"):
        d(name, _internal_in_stomach)
    d("relax", p_relax, data="relax")
    d("par", lambda x, t: x.sink.par(t))
    d(" ", lambda x, t: x.sink.space(t))  # control space
    d("ignorespaces", p_ignorespaces)
    d("aftergroup", p_aftergroup)
    d("afterassignment", p_afterassignment)
    d("message", p_message)
    d("errmessage", p_errmessage)
    for name in ("show", "showbox"):
        d(name, p_show_ignore_token)
    d("showthe", p_showthe)
    d("showlists", p_relax)
    d("showgroups", p_relax)
    d("immediate", p_immediate)
    d("write", p_write)
    d("openout", p_openout)
    d("closeout", p_closeout)
    d("openin", p_openin)
    d("closein", p_closein)
    d("read", p_read, assignment=True)
    d("directlua", p_directlua)
    d("latelua", p_directlua)
    d("special", p_special)
    d("pdfliteral", p_discard_group)
    for name in ("hskip", "vskip", "mskip"):
        d(name, p_skip_glue)
    for name in ("kern", "mkern"):
        d(name, p_skip_dimen)
    # \raise<dimen>\hbox{..}: the dimension is read and dropped wherever the command
    # stands; in a formula too (assignment=True: a formula's collector runs it), so the
    # box that follows reaches the math layer on its own
    for name in ("moveleft", "moveright", "raise", "lower"):
        d(name, p_skip_dimen, assignment=True)
    for name in ("penalty", "hyphenchar", "skewchar"):
        d(name, p_skip_int)
    for name in ("hrule", "vrule"):
        d(name, p_rule)
    for name in ("mark", "vadjust", "marks"):
        d(name, p_discard_group)
    for name in ("hfil", "hfill", "hss", "hfilneg", "vfil", "vfill", "vss", "vfilneg", "unskip",
                 "unpenalty", "unkern", "nointerlineskip", "offinterlineskip", "break", "nobreak",
                 "allowbreak", "leavevmode", "indent", "noindent", "dump", "batchmode", "nonstopmode",
                 "scrollmode", "errorstopmode", "shipout", "end", "pagegoal", "pagetotal",
                 "nullfont", "tracingall", "tracingnone", "protect", "ignorespacesafterend",
                 "everypar", "pdfobj", "pdfrefobj", "pdfcatalog", "pdfinfo"):
        d(name, p_relax)
    d("char", p_char)
    d("accent", p_accent)
    conditionals.install(d)
    for name in R.INT_PARAMS:
        x.state.meanings[name] = Register("count", name)
    for name in R.DIMEN_PARAMS:
        x.state.meanings[name] = Register("dimen", name)
    for name in R.SKIP_PARAMS:
        x.state.meanings[name] = Register("skip", name)
    for name in R.TOKS_PARAMS:
        x.state.meanings[name] = Register("toks", name)
    x.state.meanings["bgroup"] = CharMeaning(Token(C.BEGIN, "{"))
    x.state.meanings["egroup"] = CharMeaning(Token(C.END, "}"))


def _internal_in_stomach(x, t):
    """An internal quantity met in the stomach (e.g. a stray \\numexpr): evaluate, drop."""
    internal = R._INTERNAL.get(t.text)
    if internal is not None:
        internal(x, t)
