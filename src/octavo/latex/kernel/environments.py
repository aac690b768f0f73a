"""\\begin and \\end: environments as groups.

\\begin{name} opens a group of kind ``env:name`` and then, in this order of priority:
the user's own definition (\\newenvironment or \\NewDocumentEnvironment, a macro
\\name), a binding's Python environment, a command \\name that a package or class
defines, or nothing (unknown: one warning, the body is kept).  \\end{name} checks that
it closes the innermost environment; a mismatch is a located error and octavo closes
what it can, so one typo does not swallow the rest of the book.
"""

from __future__ import annotations

from octavo.tex.argspec import read_args
from octavo.tex.meanings import Macro, Primitive
from octavo.tex.tokens import CS, Token


def _env_name(L, t) -> str:
    arg = L.engine.read_undelimited(t)
    return L.string(arg).strip()


def begin(L, t) -> None:
    eng = L.engine
    name = _env_name(L, t)
    if not name:
        L.reporter.error("E-ENV", "\\begin without an environment name", L.loc(t))
        return
    if name == "document":
        L.begin_document(t)
        return
    user_envs = L.data.get("user_envs", ())
    m = eng.state.meanings.get(name)
    env = L.environments.get(name)
    if env is not None and env.verbatim and name not in user_envs:
        g = eng.begin_group("env:" + name, t)
        args = read_args(eng, env.spec, t) if env.spec else []
        env.begin(L, t, g, *args)
        eng.end_group("env:" + name, t)
        return
    g = eng.begin_group("env:" + name, t)
    eng.state.set_value("@currenvir", name)
    if name in user_envs and isinstance(m, Macro):
        eng.push_one(Token(CS, name, t.src, t.pos))
        return
    if env is not None:
        args = read_args(eng, env.spec, t) if env.spec else []
        if env.begin is not None:
            env.begin(L, t, g, *args)
        return
    if m is not None and not (type(m) is Primitive and m.name == "relax"):
        eng.push_one(Token(CS, name, t.src, t.pos))
        return
    L.reporter.warning("W-UNKNOWN-ENV", f"unknown environment {name}: its content is kept as it is",
                       L.loc(t), once=("env", name))
    L.unknown_macros.setdefault("{" + name + "}", 0)
    L.unknown_macros["{" + name + "}"] += 1


def end(L, t) -> None:
    eng = L.engine
    name = _env_name(L, t)
    if name == "document":
        L.end_document(t)
        return
    groups = eng.state.groups
    kind = "env:" + name
    if name in L.data.get("user_envs", ()) and groups and groups[-1].kind != kind \
            and isinstance(eng.state.meanings.get("end" + name), Macro) \
            and any(g.kind == kind for g in groups):
        # the end code may close what the begin code opened (\begin{center} ... \end{center})
        eng.push([Token(CS, "end" + name, t.src, t.pos), Token(CS, "\x00endenv", t.src, t.pos)])
        return
    if not groups or groups[-1].kind != kind:
        open_envs = [g for g in groups if g.kind == kind]
        if not open_envs:
            L.reporter.error("E-ENV", f"\\end{{{name}}} without a matching \\begin{{{name}}}", L.loc(t))
            return
        inner = groups[-1]
        L.reporter.error("E-ENV", f"\\end{{{name}}} found while {_describe(inner)} is still open; "
                         "closing it here", L.loc(t))
        while groups and groups[-1].kind != kind:
            eng.end_group(groups[-1].kind, t)
    user_envs = L.data.get("user_envs", ())
    env = L.environments.get(name)
    em = eng.state.meanings.get("end" + name)
    if name in user_envs and isinstance(em, Macro):
        eng.push([Token(CS, "end" + name, t.src, t.pos), Token(CS, "\x00endenv", t.src, t.pos)])
        return
    if env is not None:
        if env.end is not None:
            env.end(L, t, groups[-1])
        eng.end_group(kind, t)
        return
    if em is not None and not (type(em) is Primitive and em.name == "relax"):
        eng.push([Token(CS, "end" + name, t.src, t.pos), Token(CS, "\x00endenv", t.src, t.pos)])
        return
    eng.end_group(kind, t)


def _end_marker(eng, t) -> None:
    groups = eng.state.groups
    if groups and groups[-1].kind.startswith("env:"):
        eng.end_group(groups[-1].kind, t)
    elif groups:
        # the environment's end code left a group open: close down to the environment
        for i in range(len(groups) - 1, -1, -1):
            if groups[i].kind.startswith("env:"):
                while len(groups) > i:
                    eng.end_group(groups[-1].kind, t)
                return


def _describe(g) -> str:
    if g.kind.startswith("env:"):
        return f"\\begin{{{g.kind[4:]}}} (at {g.loc})"
    if g.kind == "semi":
        return f"a \\begingroup (at {g.loc})"
    return f"a {{ group (at {g.loc})"


def install(L) -> None:
    L.command("begin", "", begin)
    L.command("end", "", end)
    L.engine.define_primitive("\x00endenv", _end_marker)
