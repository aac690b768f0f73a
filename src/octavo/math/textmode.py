"""Text-mode material inside math: the argument of \\text, \\mbox, \\textbf, \\intertext.

`read_text(tokens, style, env)` turns the argument's tokens into a `nodes.Text`: plain
strings (TeX ligatures and text accents applied) and nested math nodes for ``$...$``,
``\\(...\\)`` and ``\\ensuremath``.  ``env`` is the calling parser, used for nested
math (`env.sub_math(tokens)`), unknown-command reporting (`env.unknown(tok)`) and
references (`env.reference(kind, tokens, loc)`).
"""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

from octavo.math.nodes import Error, Phantom, Space, Text
from octavo.math.symbols import SPACES, SYMBOLS
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS

TEXT_STYLES = MappingProxyType({
    "text": "", "textrm": "", "textnormal": "", "textup": "", "textmd": "", "mbox": "",
    "hbox": "", "fbox": "", "textbf": "bold", "textit": "italic", "emph": "italic",
    "textsl": "italic", "textsf": "sans", "texttt": "mono", "textsc": "", "intertext": "",
    "shortintertext": "", "textsuperscript": "", "textsubscript": "",
})
"""Text commands (one argument) and the style of their content."""

_SWITCHES = MappingProxyType({"bfseries": "bold", "itshape": "italic", "em": "italic",
                              "ttfamily": "mono", "sffamily": "sans", "rmfamily": "",
                              "normalfont": "", "upshape": "", "mdseries": "",
                              "bf": "bold", "it": "italic", "tt": "mono", "sf": "sans",
                              "rm": "", "sl": "italic", "slshape": "italic"})

_ACCENTS = MappingProxyType({
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "b": "\u0331", "d": "\u0323",
})

_TEXT_SYMBOLS = MappingProxyType({
    "%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", "S": "\u00a7",
    "P": "\u00b6", "dag": "\u2020", "ddag": "\u2021", "ldots": "\u2026",
    "dots": "\u2026", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textbar": "|", "textless": "<", "textgreater": ">",
    "textendash": "\u2013", "textemdash": "\u2014", "textquoteleft": "\u2018",
    "textquoteright": "\u2019", "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d", "textbullet": "\u2022",
    "textperiodcentered": "\u00b7", "copyright": "\u00a9", "textregistered": "\u00ae",
    "texttrademark": "\u2122", "ss": "\u00df", "ae": "\u00e6", "AE": "\u00c6",
    "oe": "\u0153", "OE": "\u0152", "o": "\u00f8", "O": "\u00d8", "aa": "\u00e5",
    "AA": "\u00c5", "l": "\u0142", "L": "\u0141", "i": "\u0131", "j": "\u0237",
    "textdegree": "\u00b0", "checkmark": "\u2713", "textsection": "\u00a7",
    "slash": "/", "space": " ", " ": " ", "nobreakspace": "\u00a0", ",": "\u2009",
    "thinspace": "\u2009", "quad": "\u2003", "qquad": "\u2003\u2003",
    "enspace": "\u2002", "enskip": "\u2002", "\\": " ", "newline": " ", "LaTeX": "LaTeX",
    "TeX": "TeX", "textellipsis": "\u2026", "textdollar": "$", "pounds": "\u00a3",
})
_IGNORE = frozenset({"-", "/", "@", "relax", "protect", "leavevmode", "nobreak",
                     "centering", "raggedright", "raggedleft",
                     "allowbreak", "unskip", "ignorespaces", "noindent", "par", "null",
                     "strut", "hfill", "hfil", "label", "index", "tiny", "scriptsize",
                     "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
                     "huge", "Huge", "qedhere", "xspace", "phantomsection", "bfseries@",
                     "normalfont@", "hss", "displaystyle", "textstyle", "scriptstyle",
                     "scriptscriptstyle"})
"""Commands with no visible effect in a text box (\\label / \\index also swallow their
argument, see `read_text`)."""
_LINKS = frozenset({"hyperlink", "hypertarget", "href", "Hy@raisedlink"})
"""Links show their text (the anchors of targets are placed by the LaTeX layer)."""
_BIG = frozenset(size + side for size in ("big", "Big", "bigg", "Bigg")
                 for side in ("", "l", "r", "m"))
_REFS = frozenset({"ref", "eqref", "cref", "Cref", "autoref", "pageref", "cite"})
_LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
              ("`", "\u2018"), ("'", "\u2019"))


def _ligatures(s: str) -> str:
    if "-" in s or "`" in s or "'" in s:
        for a, b in _LIGATURES:
            s = s.replace(a, b)
    return s


def group_end(toks: list, i: int) -> int:
    """Index just past the group opening at ``toks[i]`` (a begin-group token)."""
    depth = 0
    n = len(toks)
    while i < n:
        c = toks[i].cat
        if c == C.BEGIN:
            depth += 1
        elif c == C.END:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _arg(toks: list, i: int) -> tuple[list, int]:
    """One argument starting at ``i`` (blanks skipped): the tokens and the index after."""
    n = len(toks)
    while i < n and toks[i].cat == C.SPACE:
        i += 1
    if i >= n:
        return [], i
    if toks[i].cat == C.BEGIN:
        j = group_end(toks, i)
        return toks[i + 1:j - 1] if j <= n and toks[j - 1].cat == C.END else toks[i + 1:j], j
    return [toks[i]], i + 1


def read_text(tokens: list, style: str, env) -> Text:
    """The Text node for text-mode ``tokens`` (already split into single tokens)."""
    out = Text(style=style)
    parts = out.parts
    buf: list[str] = []

    def flush():
        if buf:
            parts.append(_ligatures("".join(buf)))
            buf.clear()

    toks = tokens
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        c = t.cat
        if c == C.SPACE or c == C.EOL:
            if not buf or buf[-1] != " ":
                buf.append(" ")
            i += 1
        elif c == C.LETTER or c == C.OTHER:
            buf.append(t.text)
            i += 1
        elif c == C.ACTIVE:
            buf.append("\u00a0" if t.text == "~" else t.text)
            i += 1
        elif c == C.BEGIN or c == C.END:
            i += 1
        elif c == C.MATH:
            # the closing $ is outside the braces opened in the formula: a box inside it
            # may hold a formula of its own (\\fbox{$a(\\fbox{$S$})$})
            j = i + 1
            depth = 0
            while j < n:
                cj = toks[j].cat
                if cj == C.MATH and depth == 0:
                    break
                if cj == C.BEGIN:
                    depth += 1
                elif cj == C.END and depth:
                    depth -= 1
                j += 1
            flush()
            parts.append(env.sub_math(toks[i + 1:j]))
            i = j + 1
        elif c == CS:
            name = t.text
            i += 1
            if name == "(":
                j = i
                while j < n and not toks[j].is_cs(")"):
                    j += 1
                flush()
                parts.append(env.sub_math(toks[i:j]))
                i = j + 1
            elif name == "ensuremath":
                arg, i = _arg(toks, i)
                flush()
                parts.append(env.sub_math(arg))
            elif name in _TEXT_SYMBOLS:
                buf.append(_TEXT_SYMBOLS[name])
            elif name in _ACCENTS:
                arg, i = _arg(toks, i)
                base = arg[0].text if arg and arg[0].cat != CS else ""
                if arg and arg[0].cat == CS:
                    base = _TEXT_SYMBOLS.get(arg[0].text, "")
                buf.append(unicodedata.normalize("NFC", (base or "\u00a0") + _ACCENTS[name]))
            elif name in TEXT_STYLES:
                arg, i = _arg(toks, i)
                flush()
                parts.append(read_text(arg, TEXT_STYLES[name] or style, env))
            elif name in _SWITCHES:
                flush()
                parts.append(read_text(toks[i:], _SWITCHES[name] or style, env))
                i = n
            elif name in ("hspace", "hspace*"):
                arg, i = _arg(toks, i)
                flush()
                parts.append(Space(env.dimension(arg)))
            elif name in _REFS:
                while i < n and toks[i].cat == C.OTHER and toks[i].text in "*":
                    i += 1
                if i < n and toks[i].cat == C.OTHER and toks[i].text == "[":
                    while i < n and not (toks[i].cat == C.OTHER and toks[i].text == "]"):
                        i += 1
                    i += 1
                arg, i = _arg(toks, i)
                flush()
                parts.append(env.reference(name, arg, t.loc))
            elif name in _LINKS:
                if name != "Hy@raisedlink":
                    _, i = _arg(toks, i)  # the target or URL
                arg, i = _arg(toks, i)
                flush()
                parts.append(read_text(arg, style, env))
            elif name in _IGNORE:
                if name in ("label", "index"):
                    arg, i = _arg(toks, i)
                    if name == "label":
                        env.label(arg, t.loc)
            elif name == "multicolumn":  # {n}{spec}{text}: the text (no column span)
                _, i = _arg(toks, i)
                _, i = _arg(toks, i)
                arg, i = _arg(toks, i)
                flush()
                parts.append(read_text(arg, style, env))
            elif name in ("phantom", "hphantom", "vphantom"):
                arg, i = _arg(toks, i)
                flush()
                parts.append(Phantom(read_text(arg, style, env), name))
            elif name in _BIG:
                # \big...\Bigg work in text too (LaTeX makes a formula of them)
                flush()
                parts.append(env.sub_math(toks[i - 1:i + 1]))
                i += 1
            elif name in SPACES:
                buf.append(" ")
            elif name in SYMBOLS:
                buf.append(SYMBOLS[name].text)
            else:
                flush()
                env.unknown(t)
                parts.append(Error("\\" + name))
        else:
            buf.append(t.text)
            i += 1
    flush()
    return out


def plain(text: Text) -> str:
    """The characters of a Text node (nested math as its linear form is not needed here:
    used for \\tag texts, where math parts are rendered by the caller)."""
    out = []
    for p in text.parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, Text):
            out.append(plain(p))
    return "".join(out)
