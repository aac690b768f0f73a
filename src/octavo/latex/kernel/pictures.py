"""Pictures octavo does not translate: they go to real TeX as written.

Contract: each fragment below becomes one block
``Placeholder(reason="picture", source=<the LaTeX exactly as the author wrote it>,
loc=<where it starts>)``; the pictures transform (transforms/pictures.py, see
docs/fallback.md) typesets it with the document's own preamble, or leaves a visible box
holding the source.  Nothing of the fragment is digested, so no word of it is lost and no
unknown-command warning comes from inside a drawing.

- environments: tikzpicture, tikzcd, pspicture, picture, xy, forest, circuitikz,
  and the user's ``fallback_environments`` if the configuration has
  them.  The source runs from ``\\begin{name}`` to the matching ``\\end{name}`` (nested
  environments of the same name are counted), read raw from the file; when the
  environment came out of a macro, it is rebuilt from the tokens.
- commands: ``\\xy ... \\endxy``, ``\\xymatrix`` with its ``@`` options (``\\xymatrix@C=1em{...}``),
  ``\\chemfig[..]{...}``, ``\\tikz[..]{...}`` and the short form ``\\tikz[..] path ... ;``
  (up to the first ``;`` outside braces), and the user's ``fallback_commands`` (one
  mandatory argument after optional ones).
- preamble set-up of drawing packages (\\tikzset, \\usetikzlibrary, \\pgfplotsset,
  \\tikzstyle, \\tikzcdset, \\xyoption, \\CompileMatrices, \\pgfkeys ...) is accepted
  silently: the preamble extractor keeps those lines for the snippets.

A picture inside a figure is a block of that figure, so the figure keeps its caption.
The placeholder's ``alt`` holds the words a reader sees in the picture
(`octavo.fallback.words.picture_words`), which is what plain text shows; a package binding
names the arguments of its drawing commands that print nothing (labels) in
``L.data["picture_hidden_args"]`` (command name → argument positions) and the forest
options whose value shows in ``L.data["picture_shown_keys"]``.
"""

from __future__ import annotations

import re

from octavo.doc import nodes as N
from octavo.fallback.words import picture_words
from octavo.tex import catcodes as C
from octavo.tex.meanings import Macro
from octavo.tex.tokens import CS, Token, to_str

ENVIRONMENTS = ("tikzpicture", "tikzcd", "pspicture", "pspicture*", "picture", "xy", "forest",
                "circuitikz")
SETUP = (("tikzset", "m"), ("usetikzlibrary", "m"), ("pgfplotsset", "m"), ("tikzcdset", "m"),
         ("usepgfplotslibrary", "m"), ("pgfkeys", "m"), ("pgfqkeys", "m m"), ("xyoption", "m"),
         ("CompileMatrices", ""), ("UseAllTwocells", ""), ("SelectTips", "m m"),
         ("usepgflibrary", "m"), ("forestset", "m"), ("psset", "m"), ("setchemfig", "m"),
         ("tikzexternalize", "o"), ("pgfplotsset", "m"), ("ctikzset", "m"),
         ("pgfkeyssetvalue", "m m"), ("pgfdeclarelayer", "m"), ("pgfsetlayers", "m"),
         ("EnableBpAbbreviations", ""))


def _placeholder(L, t: Token, source: str) -> None:
    if L.builder.in_preamble:
        return  # a drawing typeset into a box in the preamble (\\setbox...\\xy...): nothing to show
    source = source.replace(C.EOL_CHAR, "\n").rstrip()
    # alt: the words a reader sees in it (plain text shows them); the pictures pass (html)
    # replaces it with the source and its location
    L.builder.add_block(N.Placeholder(reason="picture", source=source,
                                      alt=picture_words(source, L.data.get("picture_hidden_args"),
                                                        macro_lookup(L),
                                                        L.data.get("picture_shown_keys", frozenset())),
                                      loc=L.loc(t)))


PROGRAMMING = frozenset({"def", "edef", "gdef", "xdef", "let", "futurelet", "csname", "ifx",
                         "ifnum", "ifdim", "ifcase", "if", "expandafter", "@for", "do",
                         "docsvlist", "loop", "setbox", "global", "advance", "newcommand",
                         "renewcommand", "DeclareDocumentCommand", "NewDocumentCommand",
                         "begingroup", "endgroup", "catcode", "@ifnextchar", "futurelet"})


def macro_lookup(L):
    """``name -> (kinds, body source)`` for the document's own macros with undelimited
    (or xparse ``m``/``o``) parameters, as `picture_words` takes them; None otherwise."""
    meanings = L.engine.state.meanings

    def programming(m, depth: int = 0) -> bool:
        """A macro that computes (\\def, \\ifx, \\csname ... in it or in the macros it
        calls) rather than prints: its source is no text for a reader."""
        for x in m.body:
            if isinstance(x, int) or x.cat != CS:
                continue
            if x.text in PROGRAMMING:
                return True
            sub = meanings.get(x.text)
            if depth < 2 and type(sub) is Macro and programming(sub, depth + 1):
                return True
        return False

    def look(name: str):
        m = meanings.get(name)
        if type(m) is not Macro or m.prefix or any(m.delims) or m.brace_end or programming(m):
            return None
        if m.xparse is not None:
            if m.xparse == "reuse" or any(a.kind not in ("m", "o") for a in m.xparse):
                return None
            kinds = "".join(a.kind for a in m.xparse)
        elif m.opt_default is not None:
            kinds = "o" + "m" * (m.nparams - 1)
        else:
            kinds = "m" * m.nparams
        body = []
        for x in m.body:
            if isinstance(x, int):
                body.append(Token(C.OTHER, "#" + str(x + 1)))
            else:
                body.append(x)
        text = to_str(body)
        return (kinds, text) if len(text) <= 400 else None
    return look


# --------------------------------------------------------------------------- environments

def picture_environment(name: str):
    pat = re.compile(r"\\(begin|end)[ \t]*\{" + re.escape(name) + r"\}")

    def begin(L, t, group):
        eng = L.engine
        tk = eng.peek_raw_tokenizer()
        if tk is not None and tk.src is t.src and 0 <= t.pos < tk.pos:
            depth = 1
            found = True
            while depth:
                text, start, found = tk.read_raw_until(pat)
                if not found:
                    break
                kind = tk.text[start + len(text) + 1:start + len(text) + 4]
                depth += 1 if kind == "beg" else -1
            if not found:
                L.reporter.error("E-RUNAWAY", f"\\begin{{{name}}} is never ended", L.loc(t))
            _placeholder(L, t, tk.text[t.pos:tk.pos])
            return
        # the environment came out of a macro (or tokens are pending): rebuild from tokens
        parts = ["\\begin{" + name + "}"]
        depth = 1
        while True:
            nt = eng.get_token()
            if nt is None:
                L.reporter.error("E-RUNAWAY", f"\\begin{{{name}}} is never ended", L.loc(t))
                break
            if nt.cat == CS and nt.text in ("begin", "end"):
                arg = eng.read_undelimited(nt)
                s = L.string(arg, expand=False)
                if s == name:
                    depth += 1 if nt.text == "begin" else -1
                parts.append("\\" + nt.text + "{" + s + "}")
                if depth == 0:
                    break
                continue
            parts.append(to_str([nt]))
        _placeholder(L, t, "".join(parts))
    return begin


# --------------------------------------------------------------------------- commands

def _raw_span(L, t: Token, tk, read) -> None:
    """Run ``read()`` (which consumes the command's arguments, returning their tokens as
    written) and make the placeholder from the file text when it is all in one file."""
    rebuilt = read()
    if tk is not None and tk.src is t.src and 0 <= t.pos < tk.pos and L.engine.peek_raw_tokenizer() is tk:
        _placeholder(L, t, tk.text[t.pos:tk.pos])
    else:
        _placeholder(L, t, rebuilt)


def _group_source(tokens: list) -> str:
    return "{" + to_str(tokens) + "}"


def xymatrix(L, t: Token) -> None:
    eng = L.engine
    tk = eng.peek_raw_tokenizer()

    def read():
        opts = []
        while True:
            nt = eng.get_token()
            if nt is None:
                break
            if nt.cat == C.BEGIN:
                eng.push_one(nt)
                break
            opts.append(nt)
        body = eng.read_undelimited(t)
        return "\\" + t.text + to_str(opts) + _group_source(body)
    _raw_span(L, t, tk, read)


def optional_then_group(L, t: Token) -> None:
    """\\chemfig*[opts]{...} and user fallback commands: optional arguments, one group."""
    eng = L.engine
    tk = eng.peek_raw_tokenizer()

    def read():
        out = "\\" + t.text
        if eng.read_star():
            out += "*"
        while True:
            o = eng.read_optional(t)
            if o is None:
                break
            out += "[" + to_str(o) + "]"
        return out + _group_source(eng.read_undelimited(t))
    _raw_span(L, t, tk, read)


def tikz(L, t: Token) -> None:
    """\\tikz[opts]{...} or \\tikz[opts] <path commands>; (up to the ; outside braces)."""
    eng = L.engine
    tk = eng.peek_raw_tokenizer()

    def read():
        out = "\\tikz"
        o = eng.read_optional(t)
        if o is not None:
            out += "[" + to_str(o) + "]"
        nt = eng.get_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = eng.get_token()
        if nt is None:
            return out
        if nt.cat == C.BEGIN:
            eng.push_one(nt)
            return out + _group_source(eng.read_undelimited(t))
        toks = []
        depth = 0
        while nt is not None:
            toks.append(nt)
            if nt.cat == C.BEGIN:
                depth += 1
            elif nt.cat == C.END:
                depth -= 1
                if depth < 0:
                    toks.pop()
                    eng.push_one(nt)
                    break
            elif depth == 0 and nt.text == ";" and nt.cat != CS:
                break
            elif nt.cat == CS and nt.text == "par":
                toks.pop()
                eng.push_one(nt)
                break
            nt = eng.get_token()
        return out + " " + to_str(toks)
    _raw_span(L, t, tk, read)


def delimited(end: str):
    """A picture command that runs, as written, up to and including the control word
    ``\\<end>`` (``\\xy ... \\endxy``, bussproofs' ``\\AxiomC ... \\DisplayProof``).  It never
    runs past the ``\\end{...}`` of an enclosing environment: when that comes first (the
    terminator is in the environment's end code), reading stops before it and the
    terminator is added to the fragment so that real TeX draws it whole."""
    pat = re.compile(r"(\\" + re.escape(end) + r"(?![A-Za-z@]))|\\end[ \t]*\{")

    def handler(L, t: Token) -> None:
        eng = L.engine
        tk = eng.peek_raw_tokenizer()
        if tk is not None and tk.src is t.src and 0 <= t.pos < tk.pos:
            text, start, found = tk.read_raw_until(pat)
            if not found:
                L.reporter.error("E-RUNAWAY", f"\\{t.text} without a \\{end}", L.loc(t))
                _placeholder(L, t, tk.text[t.pos:tk.pos] + "\\" + end)
                return
            if tk.text.startswith("\\end", start + len(text)) and not tk.text.startswith(
                    "\\" + end, start + len(text)):
                tk.pos = start + len(text)  # leave \end{...} to its environment
                _placeholder(L, t, tk.text[t.pos:tk.pos].rstrip() + "\n\\" + end)
                return
            _placeholder(L, t, tk.text[t.pos:tk.pos])
            return
        parts = ["\\" + t.text]
        while True:
            nt = eng.get_token()
            if nt is None:
                L.reporter.error("E-RUNAWAY", f"\\{t.text} without a \\{end}", L.loc(t))
                parts.append("\\" + end)
                break
            if nt.cat == CS and nt.text in ("end", "end" + t.text) and nt.text != end:
                eng.push_one(nt)
                parts.append("\\" + end)
                break
            parts.append(to_str([nt]))
            if nt.cat == CS and nt.text == end:
                break
        _placeholder(L, t, "".join(parts))
    return handler


def install(L) -> None:
    names = list(ENVIRONMENTS) + list(getattr(L.config, "fallback_environments", None) or ())
    for name in names:
        L.environment(name, begin=picture_environment(name), verbatim=True)
    L.command("xymatrix", "", xymatrix)
    L.command("xygraph", "", xymatrix)
    L.command("chemfig", "", optional_then_group)
    L.command("tikz", "", tikz)
    L.command("xy", "", delimited("endxy"))
    for name in getattr(L.config, "fallback_commands", None) or ():
        L.command(name.lstrip("\\"), "", optional_then_group)
    for name, spec in SETUP:
        L.ignore(name, spec)
    L.tex(r"\def\tikzstyle#1=[#2]{}\newdimen\unitlength \unitlength=1pt")
