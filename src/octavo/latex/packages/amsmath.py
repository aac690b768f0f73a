"""amsmath (and amsopn): the display environments and math commands live in the math layer
(latex/kernel/math.py, octavo.math); \\numberwithin in latex/kernel/counters.py.  This
binding adds what amsmath defines for text and the preamble:

- ``\\DeclareMathOperator{\\name}{text}`` defines ``\\name`` as a macro expanding to
  ``\\operatorname{text}`` (starred: ``\\operatorname*{text}``, limits below);
- ``\\text{...}`` outside math is its argument as ordinary text (inside math the math
  layer reads it);
- print-only settings (\\allowdisplaybreaks, \\setlength of \\jot ...) are accepted silently.
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, Token


def declare_math_operator(L, t, star, cs, text) -> None:
    name = _cs_name(cs)
    if not name:
        L.reporter.error("E-ARGS", "\\DeclareMathOperator needs a command name", L.loc(t))
        return
    body = [Token(CS, "operatorname")]
    if star:
        body.append(Token(C.OTHER, "*"))
    body += [Token(C.BEGIN, "{")] + list(text or []) + [Token(C.END, "}")]
    L.engine.define_macro(name, body, glob=False)


def _cs_name(tokens) -> str:
    for tk in tokens or []:
        if tk.cat == CS:
            return tk.text
    return ""


def text_outside_math(L, t, arg) -> None:
    L.engine.push(list(arg or []))


def install(L, options) -> None:
    L.command("DeclareMathOperator", "s m m", declare_math_operator)
    L.command("text", "m", text_outside_math)
    L.ignore("allowdisplaybreaks", "o")
    L.ignore("mathtoolsset", "m")
    L.ignore("newtagform", "m o m m")
    L.ignore("usetagform", "m")
