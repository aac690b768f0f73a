"""\\begin and \\end: environments as groups.

\\begin{name} opens a group of kind ``env:name`` and then, in this order of priority:
the user's own definition (\\newenvironment or \\NewDocumentEnvironment, a macro
\\name), what \\name means when it was given a new meaning after a binding defined the
environment (\\let\\prob\\comment: LaTeX's \\begin runs \\name as it is now; \\end runs
\\endname likewise), a binding's Python environment, a command \\name that a package or class
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
    if env is not None and _rebound(m, name):
        # \\let\\name\\comment after the environment was defined: \\begin runs what
        # \\name means now, as LaTeX's does
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
    if getattr(L.config, "fallback_unknown", False):
        # --fallback-unknown: an environment octavo cannot read goes to real TeX as a picture
        from octavo.latex.kernel.pictures import picture_environment
        eng.end_group("env:" + name, t)
        picture_environment(name)(L, t, None)
        return
    L.reporter.warning("W-UNKNOWN-ENV", f"unknown environment {name}: its content is kept as it is",
                       L.loc(t), once=("env", name))
    L.unknown_macros.setdefault("{" + name + "}", 0)
    L.unknown_macros["{" + name + "}"] += 1


def end(L, t) -> None:
    """\\end{name}: run the environment's end code first (as LaTeX's \\end does: a user's
    \\endname may itself close environments it opened), then check and close."""
    eng = L.engine
    name = _env_name(L, t)
    if not name:
        L.reporter.error("E-ENV", "\\end without an environment name", L.loc(t))
        return
    if name == "document":
        L.end_document(t)
        return
    user_envs = L.data.get("user_envs", ())
    env = L.environments.get(name)
    em = eng.state.meanings.get("end" + name)
    groups = eng.state.groups
    if (name in user_envs and isinstance(em, Macro)) or \
            (env is None and em is not None and not (type(em) is Primitive and em.name == "relax")) or \
            (env is not None and not env.verbatim and _rebound(em, "end" + name)):
        L.data.setdefault("endenv_names", []).append(name)
        eng.push([Token(CS, "end" + name, t.src, t.pos), Token(CS, "\x00endenv", t.src, t.pos)])
        return
    if env is not None and env.end is not None and groups and groups[-1].kind == "env:" + name:
        env.end(L, t, groups[-1])
    close_env(L, t, name)


def _rebound(m, name: str) -> bool:
    """\\name means something other than what the binding gave it: a macro, or a command
    of another name (\\let\\prob\\comment).  The binding's own meaning is a command named
    ``name`` (the \\name ... \\endname form of L.environment, or a command of the same
    name); undefined and \\relax leave the environment as it is."""
    if type(m) is Primitive:
        return m.name != name and m.name != "relax"
    return isinstance(m, Macro)


def close_env(L, t, name: str) -> None:
    """Close the group of environment ``name``; a mismatch is a located error and octavo
    closes what it can, so one typo does not swallow the rest of the book."""
    eng = L.engine
    groups = eng.state.groups
    kind = "env:" + name
    if not groups or groups[-1].kind != kind:
        if not any(g.kind == kind for g in groups):
            L.reporter.error("E-ENV", f"\\end{{{name}}} without a matching \\begin{{{name}}}", L.loc(t))
            return
        inner = groups[-1]
        L.reporter.error("E-ENV", f"\\end{{{name}}} found while {_describe(inner)} is still open; "
                         "closing it here", L.loc(t))
        while groups and groups[-1].kind != kind:
            eng.end_group(groups[-1].kind, t)
    eng.end_group(kind, t)


def _end_marker(eng, t) -> None:
    """Runs after a user environment's end code: check and close its group."""
    L = eng.latex_layer
    names = L.data.get("endenv_names")
    if not names:
        return
    close_env(L, t, names.pop())


def _describe(g) -> str:
    if g.kind.startswith("env:"):
        return f"\\begin{{{g.kind[4:]}}} (at {g.loc})"
    if g.kind == "semi":
        return f"a \\begingroup (at {g.loc})"
    return f"a {{ group (at {g.loc})"


def install(L) -> None:
    L.command("begin", "", begin)
    L.command("end", "", end)
    L.engine.latex_layer = L
    L.engine.define_primitive("\x00endenv", _end_marker)
