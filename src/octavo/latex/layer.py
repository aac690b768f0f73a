"""The LaTeX layer of one conversion: the object every binding registers on.

A binding module (latex/kernel/*.py, latex/packages/<name>.py, latex/classes/*.py) has
an ``install(L)`` function (packages: ``install(L, options)``) that uses the methods
below.  Three levels, lowest first:

1. ``L.tex(r"\\newcommand\\foo{...}")`` -- TeX source run through octavo's own expander;
2. ``L.ignore("hypersetup", "m")``, ``L.passthrough("mbox", "m")``,
   ``L.span("textsc", "m", "smallcaps")`` -- declarative: argument shape + canned effect;
3. ``L.command("href", "m m", handler)`` -- Python ``handler(L, token, *args)`` where
   meaning is needed.

Everything lands in the engine's meaning table, the same table the user's macros live
in, so a user's \\renewcommand always beats a binding.  No module-level mutable state:
two conversions in one process have two layers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from octavo.config import BuildConfig
from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK, INLINE, Builder
from octavo.errors import Location, Reporter
from octavo.tex import catcodes as C
from octavo.tex.argspec import parse_spec, read_args
from octavo.tex.engine import Engine
from octavo.tex.meanings import Primitive
from octavo.tex.tokens import CS, RUN, Token, to_str


class Environment:
    __slots__ = ("name", "begin", "end", "spec", "verbatim")

    def __init__(self, name, begin=None, end=None, spec=None, verbatim=False):
        self.name = name
        self.begin = begin
        self.end = end
        self.spec = spec
        self.verbatim = verbatim


class LatexLayer:
    def __init__(self, engine: Engine, builder: Builder, config: BuildConfig, reporter: Reporter):
        self.engine = engine
        self.builder = builder
        self.config = config
        self.reporter = reporter
        self.environments: dict[str, Environment] = {}
        self.packages: dict[str, list] = {}
        """Loaded packages -> their options."""
        self.docclass = ""
        self.class_options: list = []
        self.data: dict = {}
        """Per-conversion data bindings share (counters' reset lists, theorem specs ...)."""
        self.at_begin_document: list = []
        self.at_end_document: list = []
        self.unknown_packages: set = set()
        self.unknown_macros: dict = {}
        self.preamble_start = None

    # ------------------------------------------------------------------ level 1: TeX source
    def tex(self, source: str, name: str = "<binding>") -> None:
        """Run TeX source now (definitions), under LaTeX catcodes with @ a letter."""
        eng = self.engine
        saved = eng.state.catcodes
        eng.state.catcodes = C.with_code(saved, "@", C.LETTER)
        stop = Token(CS, "\x00stop")
        eng.push_one(stop)
        eng.push_source(source, name)
        eng.run(until=stop)
        eng.state.catcodes = saved

    # ------------------------------------------------------------------ level 2: declarative
    def ignore(self, name: str, spec: str = "") -> None:
        """Read the arguments and drop them (print-only commands: \\pagestyle, \\vspace ...)."""
        self.command(name, spec, _ignore)

    def passthrough(self, name: str, spec: str = "m", keep: int = -1) -> None:
        """Keep one argument's content as ordinary text (the last by default)."""
        def handler(L, t, *args):
            a = args[keep]
            if a:
                L.engine.push(a)
        self.command(name, spec, handler)

    def span(self, name: str, spec: str, style: str, arg: int = -1) -> None:
        """Wrap an argument in a font style that scopes like a group (\\textsc{...})."""
        def handler(L, t, *args):
            L.with_font(style, args[arg], t)
        self.command(name, spec, handler)

    def classed(self, name: str, spec: str, classes: list, arg: int = -1) -> None:
        """Wrap an argument in a classed Span."""
        def handler(L, t, *args):
            L.wrap_inline(N.Span(classes=list(classes), loc=L.loc(t)), args[arg] or [], t)
        self.command(name, spec, handler)

    def symbol(self, name: str, text: str) -> None:
        """A command that prints fixed text (\\ldots, \\S, \\textregistered ...)."""
        def fn(eng, t, _text=text):
            eng.sink.char(_text, t)
        self.engine.define_primitive(name, fn, binding=True)

    # ------------------------------------------------------------------ level 3: Python
    def command(self, name: str, spec: str, handler: Callable, expandable: bool = False) -> Primitive:
        specs = parse_spec(spec) if spec else []
        layer = self

        if specs:
            def fn(eng, t):
                args = read_args(eng, specs, t)
                handler(layer, t, *args)
        else:
            def fn(eng, t):
                handler(layer, t)
        return self.engine.define_primitive(name, fn, expandable=expandable, binding=True)

    def environment(self, name: str, begin: Callable | None = None, end: Callable | None = None,
                    spec: str = "", verbatim: bool = False) -> None:
        """``begin(L, token, group, *args)`` runs after \\begin{name} opened its group;
        ``end(L, token, group)`` runs before \\end{name} closes it."""
        self.environments[name] = Environment(name, begin, end, parse_spec(spec) if spec else [], verbatim)
        # LaTeX lets \\center ... \\endcenter stand for the environment (classes and
        # packages use the command form); bind it unless the name means something already
        meanings = self.engine.state.meanings
        if name not in meanings and not verbatim:
            from octavo.tex.registers import string_tokens
            arg = [Token(C.BEGIN, "{")] + string_tokens(name) + [Token(C.END, "}")]

            def begin_form(eng, t, _arg=arg):
                eng.push([Token(CS, "begin", t.src, t.pos)] + _arg)

            def end_form(eng, t, _arg=arg):
                eng.push([Token(CS, "end", t.src, t.pos)] + _arg)
            self.engine.define_primitive(name, begin_form, binding=True)
            if ("end" + name) not in meanings:
                self.engine.define_primitive("end" + name, end_form, binding=True)

    # ------------------------------------------------------------------ helpers for handlers
    def loc(self, t: Token | None) -> Location:
        return self.builder.loc(t)

    def string(self, tokens: list | None, expand: bool = True) -> str:
        """The plain text of an argument (labels, keys, URLs, file names)."""
        if not tokens:
            return ""
        toks = self.engine.expand_tokens(list(tokens)) if expand else tokens
        out = []
        for t in toks:
            if t.cat == CS:
                name = t.text
                if name in _STRING_CS:
                    out.append(_STRING_CS[name])
                elif name.startswith("\x00"):
                    continue
                elif len(name) == 1 and not name.isalpha():
                    out.append(name)
                else:
                    continue
            elif t.cat in (C.BEGIN, C.END):
                continue
            else:
                out.append(t.text)
        return "".join(out)

    def detok(self, tokens: list | None) -> str:
        return to_str(tokens or [])

    def with_font(self, style: str, tokens: list, t: Token) -> None:
        """{<font style added> tokens}: the style scopes exactly like a TeX group."""
        eng = self.engine
        eng.begin_group("simple", t)
        self.add_font(style)
        eng.push_one(Token(C.END, "}"))
        eng.push(tokens)

    def add_font(self, style: str) -> None:
        values = self.engine.state.values
        font = values.get("font", ())
        if style == "emph":
            if "emph" in font:
                font = tuple(s for s in font if s != "emph") + ("upright",)
            else:
                font = tuple(s for s in font if s not in ("upright", "italic")) + ("emph",)
        elif style in _FONT_FAMILY_GROUPS:
            group = _FONT_FAMILY_GROUPS[style]
            font = tuple(s for s in font if s not in group) + ((style,) if style not in _RESETS else ())
        elif style not in font:
            font = font + (style,)
        self.engine.state.set_value("font", font)

    def set_font(self, font: tuple) -> None:
        self.engine.state.set_value("font", font)

    def wrap_inline(self, node: N.Node, tokens: list, t: Token | None, reopen: bool = False,
                    on_close=None) -> None:
        """Digest ``tokens`` inside ``node`` (an inline container), in a group."""
        eng = self.engine
        g = eng.begin_group("simple", t)
        self.builder.open_inline(node, group=g, reopen=reopen, on_close=on_close, tok=t)
        eng.push_one(Token(C.END, "}"))
        eng.push(tokens)

    def wrap_block(self, node: N.Node, tokens: list, t: Token | None, on_close=None) -> None:
        eng = self.engine
        g = eng.begin_group("simple", t)
        self.builder.open_block(node, group=g, on_close=on_close)
        eng.push_one(Token(C.END, "}"))
        eng.push(tokens)

    def inlines(self, tokens: list | None, done: Callable[[list], None], t: Token | None = None) -> None:
        """Digest ``tokens`` to inline nodes, then call ``done(inlines)``."""
        self.builder.capture_inlines(list(tokens or []), done, t)

    def blocks(self, tokens: list | None, done: Callable[[list], None], t: Token | None = None) -> None:
        self.builder.capture_blocks(list(tokens or []), done, t)

    def expand_to_text(self, tokens: list) -> str:
        return self.string(tokens)

    def the_counter(self, name: str) -> str:
        """Expand \\the<name> to text (numbers shown for references)."""
        return self.string([Token(CS, "the" + name)])

    def warn_once(self, code: str, message: str, t: Token | None, key) -> None:
        self.reporter.warning(code, message, self.loc(t), once=key)

    def read_raw_environment_body(self, name: str, t: Token) -> tuple[str, Location]:
        """The raw text up to \\end{name} (verbatim-like environments)."""
        import re
        eng = self.engine
        tk = eng.peek_raw_tokenizer()
        pat = re.compile(r"\\end[ \t]*\{" + re.escape(name) + r"\}")
        if tk is None:
            # the environment came from a macro: rebuild the body from tokens
            parts = []
            while True:
                nt = eng.get_token()
                if nt is None:
                    break
                if nt.cat == CS and nt.text == "end":
                    arg = eng.read_undelimited(nt)
                    if self.string(arg, expand=False) == name:
                        break
                    parts.append("\\end{" + self.string(arg, expand=False) + "}")
                    continue
                parts.append(to_str([nt]))
            return "".join(parts), self.loc(t)
        text, start, found = tk.read_raw_until(pat)
        if not found:
            self.reporter.error("E-RUNAWAY", f"\\begin{{{name}}} is never ended", self.loc(t))
        # a verbatim body starts after the line of \begin
        if text.startswith(C.EOL_CHAR):
            text = text[1:]
            start += 1
        return text.replace(C.EOL_CHAR, "\n"), tk.src.location(start)


def _ignore(L, t, *args):
    pass


_STRING_CS = {"textunderscore": "_", "_": "_", "&": "&", "%": "%", "#": "#", "$": "$",
              "textbackslash": "\\", "{": "{", "}": "}", "~": "~", "textasciitilde": "~",
              " ": " ", "space": " ", "@": "@", "textendash": "\u2013", "textemdash": "\u2014"}

_FONT_FAMILY_GROUPS = {
    "mono": ("mono", "sans", "roman"), "sans": ("mono", "sans", "roman"),
    "roman": ("mono", "sans", "roman"),
    "bold": ("bold", "medium"), "medium": ("bold", "medium"),
    "italic": ("italic", "slanted", "upright", "smallcaps", "emph"),
    "slanted": ("italic", "slanted", "upright", "smallcaps", "emph"),
    "upright": ("italic", "slanted", "upright", "smallcaps", "emph"),
    "smallcaps": ("smallcaps", "italic", "slanted", "upright"),
    "tiny": _S, "scriptsize": _S, "footnotesize": _S, "small": _S, "normalsize": _S,
    "large": _S, "Large": _S, "LARGE": _S, "huge": _S, "Huge": _S,
} if (_S := ("tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
             "huge", "Huge")) else {}
_RESETS = {"roman", "medium", "upright", "normalsize"}
