"""What a control sequence can mean: a macro, a primitive, a character, a register.

Bindings of the LaTeX layer are `Primitive` objects too (``binding=True``): they live in
the same table as the user's macros, so a user's ``\\renewcommand`` always beats them.
"""

from __future__ import annotations

from typing import Callable

from octavo.errors import Location, UNKNOWN
from octavo.tex.tokens import Token


class Macro:
    """A macro from \\def and friends.

    ``prefix`` are the tokens that must follow the macro before #1; ``delims[i]`` the
    tokens that end parameter i+1 (empty: undelimited); ``brace_end``: the last
    parameter is delimited by ``{`` (``#{``).  ``body`` holds tokens and ints (an int i
    stands for parameter i+1).  ``rbody`` is the reversed body of a parameterless macro
    (the fast path).
    """

    __slots__ = ("name", "prefix", "delims", "brace_end", "body", "rbody", "nparams",
                 "long", "protected", "outer", "loc", "opt_default", "xparse")

    def __init__(self, name: str, body: list, prefix=(), delims=(), brace_end=False,
                 long=False, protected=False, outer=False, loc: Location = UNKNOWN):
        self.name = name
        self.prefix = tuple(prefix)
        self.delims = tuple(tuple(d) for d in delims)
        self.brace_end = brace_end
        self.body = body
        self.nparams = len(self.delims)
        self.rbody = tuple(reversed(body)) if not self.nparams and not self.prefix else None
        self.long = long
        self.protected = protected
        self.outer = outer
        self.loc = loc
        self.opt_default = None
        """For \\newcommand with an optional first argument: its default tokens."""
        self.xparse = None
        """For xparse commands: the parsed argument specification."""

    def same_as(self, other) -> bool:
        return (isinstance(other, Macro) and self.prefix == other.prefix
                and self.delims == other.delims and self.brace_end == other.brace_end
                and self.long == other.long and self.protected == other.protected
                and _body_eq(self.body, other.body) and self.opt_default == other.opt_default)


def _body_eq(a, b) -> bool:
    """Token lists equal as TeX sees them: a run equals the characters it stands for."""
    if len(a) == len(b):
        for x, y in zip(a, b):
            if type(x) is int or type(y) is int:
                if x != y:
                    break
            elif not (x == y):
                break
        else:
            return True
    return _flat(a) == _flat(b)


def _flat(body) -> list:
    from octavo.tex.tokens import RUN, split_run
    out = []
    for x in body:
        if type(x) is int:
            out.append(x)
        elif x.cat == RUN:
            out.extend((t.cat, t.text) for t in split_run(x))
        else:
            out.append((x.cat, x.text))
    return out


class Primitive:
    """A built-in command.  ``fn(engine, token)``; expandable ones push their result back
    on the input, unexpandable ones act (assign, build the document).  ``assignment``:
    the command acts at once where a formula's tokens are collected (latex/kernel/math.py)
    instead of reaching the math layer (assignments, \\setbox, \\raise's dimension)."""

    __slots__ = ("name", "fn", "expandable", "conditional", "binding", "assignment",
                 "protected", "data")

    def __init__(self, name: str, fn: Callable, expandable: bool = False,
                 conditional: bool = False, binding: bool = False, assignment: bool = False,
                 data=None):
        self.name = name
        self.fn = fn
        self.expandable = expandable
        self.conditional = conditional
        self.binding = binding
        self.assignment = assignment
        self.protected = False
        self.data = data

    def __repr__(self) -> str:
        return f"<primitive \\{self.name}>"


class CharMeaning:
    """\\let\\x=<character>: acts like that character (\\bgroup, \\egroup, \\sp ...)."""

    __slots__ = ("token",)

    def __init__(self, token: Token):
        self.token = Token(token.cat, token.text)

    def same_as(self, other) -> bool:
        return isinstance(other, CharMeaning) and self.token == other.token


class Register:
    """A register reference from \\countdef, \\dimendef, \\skipdef, \\toksdef, \\newcount ..."""

    __slots__ = ("kind", "index")

    def __init__(self, kind: str, index):
        self.kind = kind  # count, dimen, skip, toks
        self.index = index

    def same_as(self, other) -> bool:
        return isinstance(other, Register) and other.kind == self.kind and other.index == self.index


class CharDef:
    """\\chardef / \\mathchardef: a number that typesets a character."""

    __slots__ = ("code", "math")

    def __init__(self, code: int, math: bool = False):
        self.code = code
        self.math = math

    def same_as(self, other) -> bool:
        return isinstance(other, CharDef) and other.code == self.code and other.math == self.math


def same_meaning(a, b) -> bool:
    """\\ifx on two meanings."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    if isinstance(a, Primitive) or isinstance(b, Primitive):
        return a is b
    return a.same_as(b)
