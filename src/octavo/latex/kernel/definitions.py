"""Defining commands and environments: \\newcommand \\renewcommand \\providecommand
\\DeclareRobustCommand \\newenvironment \\renewenvironment, xparse's \\NewDocumentCommand
family with \\IfNoValueTF and \\IfBooleanTF, and \\begin / \\end.

A \\newcommand over an existing *user* macro is an error (as in LaTeX, the old one stays);
over one of octavo's bindings it silently wins (a binding must never beat the user).
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex.argspec import parse_spec, read_args
from octavo.tex.expander import substitute
from octavo.tex.meanings import Macro, Primitive
from octavo.tex.primitives import compile_body
from octavo.tex.tokens import CS, Token

NOVALUE = Token(CS, "\x00NoValue")
BOOL_TRUE = Token(CS, "BooleanTrue")
BOOL_FALSE = Token(CS, "BooleanFalse")


def _read_nargs(L, t) -> int:
    opt = L.engine.read_optional(t)
    if opt is None:
        return 0
    s = L.string(opt)
    try:
        n = int(s.strip() or "0")
    except ValueError:
        L.reporter.error("E-NEWCOMMAND", f"bad number of arguments [{s}]", L.loc(t))
        return 0
    if not 0 <= n <= 9:
        L.reporter.error("E-NEWCOMMAND", f"a command can have 0 to 9 arguments, not {n}", L.loc(t))
        return max(0, min(n, 9))
    return n


def _exists(L, cs: Token):
    m = L.engine.meaning(cs)
    if m is None:
        return False
    if type(m) is Primitive and (m.binding or m.name == "relax"):
        return "binding" if m.binding else False
    return True


def define_command(L, t, mode: str) -> None:
    """mode: new, renew, provide, robust."""
    eng = L.engine
    star = eng.read_star()
    cs = eng.read_cs_name(t)
    if cs is None:
        return
    n = _read_nargs(L, t)
    default = eng.read_optional(t)
    body = eng.read_undelimited(t)
    exists = _exists(L, cs)
    if mode == "new" and exists is True:
        m = eng.meaning(cs)
        L.reporter.error("E-ALREADY-DEFINED", f"command \\{cs.text} already defined"
                         + (f" (at {m.loc})" if isinstance(m, Macro) and m.loc.line else ""), L.loc(cs))
        return
    if mode == "provide" and exists:
        return
    if mode == "renew" and not exists:
        L.reporter.warning("W-RENEW-UNDEFINED", f"\\renewcommand of undefined \\{cs.text}", L.loc(cs),
                           once=("renew", cs.text))
    m = make_macro(L, cs, n, default, body, long=not star)
    eng.define(cs, m, glob=False)


def make_macro(L, cs: Token, n: int, default, body: list, long: bool = True) -> Macro:
    compiled = compile_body(L.engine, body, n, cs)
    m = Macro(cs.text, compiled, delims=[()] * n, long=long, loc=L.loc(cs))
    if default is not None and n >= 1:
        m.opt_default = tuple(default)
        m.rbody = None
    return m


def new_environment(L, t, mode: str) -> None:
    eng = L.engine
    eng.read_star()
    name_toks = eng.read_undelimited(t)
    name = L.string(name_toks, expand=False)
    n = _read_nargs(L, t)
    default = eng.read_optional(t)
    begin = eng.read_undelimited(t)
    end = eng.read_undelimited(t)
    if not name:
        L.reporter.error("E-NEWENVIRONMENT", "environment name missing", L.loc(t))
        return
    exists = name in L.environments or eng.state.meanings.get(name) is not None
    user_defined = isinstance(eng.state.meanings.get(name), Macro)
    if mode == "new" and user_defined:
        L.reporter.error("E-ALREADY-DEFINED", f"environment {name} already defined", L.loc(t))
        return
    if mode == "provide" and exists:
        return
    cs = Token(CS, name, t.src, t.pos)
    eng.define(cs, make_macro(L, cs, n, default, begin), glob=False)
    ecs = Token(CS, "end" + name, t.src, t.pos)
    eng.define(ecs, make_macro(L, ecs, 0, None, end), glob=False)
    # a user environment replaces a binding of the same name
    L.data.setdefault("user_envs", set()).add(name)


def xparse_command(L, t, mode: str) -> None:
    eng = L.engine
    cs = eng.read_cs_name(t)
    spec = eng.read_undelimited(t)
    body = eng.read_undelimited(t)
    if cs is None:
        return
    exists = _exists(L, cs)
    if mode == "new" and exists is True:
        L.reporter.error("E-ALREADY-DEFINED", f"command \\{cs.text} already defined", L.loc(cs))
        return
    if mode == "provide" and exists:
        return
    try:
        specs = parse_spec(spec)
    except Exception as e:  # OctavoError from the spec parser
        L.reporter.error("E-ARGSPEC", str(e), L.loc(t))
        return
    m = Macro(cs.text, compile_body(eng, body, len(specs), cs), delims=[()] * len(specs), loc=L.loc(cs))
    m.xparse = specs
    m.rbody = None
    eng.define(cs, m, glob=False)


def xparse_environment(L, t, mode: str) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t), expand=False)
    spec = eng.read_undelimited(t)
    begin = eng.read_undelimited(t)
    end = eng.read_undelimited(t)
    try:
        specs = parse_spec(spec)
    except Exception as e:
        L.reporter.error("E-ARGSPEC", str(e), L.loc(t))
        return
    cs = Token(CS, name, t.src, t.pos)
    m = Macro(name, compile_body(eng, begin, len(specs), cs), delims=[()] * len(specs), loc=L.loc(t))
    m.xparse = specs
    m.rbody = None
    eng.define(cs, m)
    ecs = Token(CS, "end" + name, t.src, t.pos)
    em = Macro("end" + name, compile_body(eng, end, len(specs), ecs), delims=[()] * len(specs), loc=L.loc(t))
    em.xparse = "reuse"
    em.rbody = None
    eng.define(ecs, em)
    L.data.setdefault("user_envs", set()).add(name)


def xparse_values(args: list, specs) -> list:
    out = []
    for a, s in zip(args, specs):
        if s.kind in ("s", "t"):
            out.append([BOOL_TRUE if a else BOOL_FALSE])
        elif a is None:
            out.append([NOVALUE])
        elif isinstance(a, str):
            from octavo.tex.registers import string_tokens
            out.append(string_tokens(a))
        else:
            out.append(a)
    return out


def install_xparse_call(L) -> None:
    """Teach the expander how to call xparse macros and optional-argument macros."""
    eng = L.engine
    env_args: list = []

    def xparse_call(t, m):
        if m.xparse == "reuse":
            args = env_args.pop() if env_args else [[NOVALUE]] * m.nparams
        else:
            args = xparse_values(read_args(eng, m.xparse, t, nested=True), m.xparse)
            if ("end" + m.name) in eng.state.meanings and isinstance(eng.state.meanings.get("end" + m.name), Macro) \
                    and eng.state.meanings["end" + m.name].xparse == "reuse":
                env_args.append(args)
        eng.push(substitute(m.body, args))

    eng.xparse_call = xparse_call
    base_expand = eng.expand_macro

    def expand_macro(t, m):
        if m.opt_default is not None:
            opt = eng.read_optional(t)
            args = [opt if opt is not None else list(m.opt_default)]
            for _ in range(m.nparams - 1):
                args.append(eng.read_undelimited(t))
            eng.push(substitute(m.body, args))
            return
        base_expand(t, m)

    eng.expand_macro = expand_macro


def install(L) -> None:
    eng = L.engine
    install_xparse_call(L)
    L.command("newcommand", "", lambda L, t: define_command(L, t, "new"))
    L.command("renewcommand", "", lambda L, t: define_command(L, t, "renew"))
    L.command("providecommand", "", lambda L, t: define_command(L, t, "provide"))
    L.command("DeclareRobustCommand", "", lambda L, t: define_command(L, t, "robust"))
    L.command("newrobustcmd", "", lambda L, t: define_command(L, t, "new"))
    L.command("renewrobustcmd", "", lambda L, t: define_command(L, t, "renew"))
    L.command("newenvironment", "", lambda L, t: new_environment(L, t, "new"))
    L.command("renewenvironment", "", lambda L, t: new_environment(L, t, "renew"))
    L.command("provideenvironment", "", lambda L, t: new_environment(L, t, "provide"))
    for name, mode in (("NewDocumentCommand", "new"), ("RenewDocumentCommand", "renew"),
                       ("ProvideDocumentCommand", "provide"), ("DeclareDocumentCommand", "declare"),
                       ("NewExpandableDocumentCommand", "new"), ("DeclareExpandableDocumentCommand", "declare")):
        L.command(name, "", lambda L, t, _m=mode: xparse_command(L, t, _m))
    for name, mode in (("NewDocumentEnvironment", "new"), ("RenewDocumentEnvironment", "renew"),
                       ("ProvideDocumentEnvironment", "provide"), ("DeclareDocumentEnvironment", "declare")):
        L.command(name, "", lambda L, t, _m=mode: xparse_environment(L, t, _m))

    def test(kind):
        def fn(x, t):
            arg = x.read_undelimited(t)
            yes = x.read_undelimited(t) if kind[1] in ("TF", "T") else []
            no = x.read_undelimited(t) if kind[1] in ("TF", "F") else []
            toks = [a for a in arg if a.cat != C.SPACE]
            if kind[0] == "novalue":
                r = len(toks) == 1 and toks[0] == NOVALUE
            elif kind[0] == "value":
                r = not (len(toks) == 1 and toks[0] == NOVALUE)
            else:
                r = len(toks) == 1 and toks[0] == BOOL_TRUE
            x.push(yes if r else no)
        return fn

    for kind, names in ((("novalue",), "IfNoValue"), (("value",), "IfValue"), (("bool",), "IfBoolean")):
        for suffix in ("TF", "T", "F"):
            eng.define_primitive(names + suffix, test((kind[0], suffix)), expandable=True, binding=True)
    eng.define_primitive("BooleanTrue", lambda x, t: None, binding=True)
    eng.define_primitive("BooleanFalse", lambda x, t: None, binding=True)
