"""The words a reader sees in a picture, guessed from its LaTeX source.

``picture_words(source) -> str`` is a pure function used wherever a picture cannot be
shown as an image (plain text, a ``--no-tex`` build): it keeps the text a reader of the
PDF would see and drops the drawing language around it.

- TikZ / pgfplots drawings (``\\draw``, ``\\node``, ``\\addplot`` ... or a tikzpicture):
  only the text of nodes (``node[..] (name) at (x,y) {text}``), quoted edge labels
  (``"f"``), ``label=``/``pin=`` texts, axis ``title``/``xlabel``/``ylabel`` and legend
  entries; coordinates, styles and path syntax are dropped.
- everything else (proof trees, Fitch proofs, forest/prooftrees tableaux, xymatrix,
  tikzcd): the contents of brace groups and the text between commands; command names,
  ``\\begin{..}``/``\\end{..}``, options in brackets or parentheses after a command, the
  arguments that name files, colors and fonts (``\\includegraphics{..}``,
  ``\\color{..}``), ``key=value``
  options, the options after the first comma of a forest node, xy-pic ``@`` modifiers,
  numeric coordinates ``(10,0)`` and dimensions (``0pt``, ``.5em``) are dropped.

Formulas keep their letters and digits (command names inside them are dropped): the
result is text for a word count and for a reader, not TeX.  The result has single spaces.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_TIKZ = re.compile(r"\\(?:draw|node|path|fill|filldraw|shade|shadedraw|clip|coordinate|addplot"
                   r"|matrix|pic|foreach|graph|begin\{(?:tikzpicture|axis|semilogxaxis|"
                   r"semilogyaxis|loglogaxis|polaraxis|circuitikz)\}|tikz\b)")
_TIKZCD = re.compile(r"\\begin\{tikzcd\}|\\arrow\b|\\ar\b|\\xymatrix")
_BEGIN_END = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}")
_DIMEN = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:pt|em|ex|cm|mm|in|bp|pc|sp|dd|cc|mu)"
                    r"\b")
_XY_MOD = re.compile(r"\\[A-Za-z]+(?:@+[A-Za-z]+)*|@(?:\{[^{}]*\}|\([^()]*\)|[CRMLWHcrmlwh!]?[=+\-]?\s*[\d.]+\s*"
                     r"(?:pt|em|ex|cm|mm|in|bp|pc)|[!?<>^_=+\-*/|.:;'`~\dCRMLWHcrmlwh]*)")
_COORD = re.compile(r"\(\s*[-+]?[\d.]*\s*(?:,\s*[-+]?[\d.]*\s*)*\)|\*\*|(?<=\))\s*\*")
_AXIS_KEYS = re.compile(r"\b(?:title|xlabel|ylabel|zlabel|legend entries)\s*=\s*")
_LABEL_KEYS = re.compile(r"\b(?:label|pin)\s*=\s*")
_WORD_CS = {"ldots": "…", "dots": "…", "cdots": "⋯", "textellipsis": "…", "&": "&", "%": "%",
            "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", "\\": " ", ",": " ", ";": " ",
            ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " "}


def picture_words(source: str, hidden: dict | None = None, macro=None,
                  keys: frozenset = frozenset()) -> str:
    """The text a reader sees in the picture drawn by ``source`` (may be empty).

    ``hidden`` maps a command name to the positions (0-based) of its brace arguments that
    print nothing (a package's labels: fitch's ``\\have{label}{formula}`` is ``{"have": (0,)}``).
    ``macro(name)`` gives the document's own macros: ``(kinds, body)`` with one letter per
    parameter (``m`` or ``o``) and the body's source with ``#1`` ..., or None; such a macro
    is replaced by its body, as TeX reads it (``\\TAss`` defined as ``Assumption`` gives
    that word), 200 expansions at most.  ``keys`` are forest node options whose value is shown
    (prooftrees' ``just=``: the justification column).
    """
    text = _COMMENT.sub("", source)
    if _TIKZ.search(text) and not _TIKZCD.search(text):
        parts = _tikz_texts(text)
        return _squash(" ".join(picture_words(p, hidden, macro, keys) if _TIKZ.search(p)
                                else _plain(p, hidden=hidden, macro=macro) for p in parts))
    return _squash(_plain(_BEGIN_END.sub(" ", text), forest=True, hidden=hidden, macro=macro,
                          keys=keys))


# --------------------------------------------------------------------------- scanning helpers

def _group(s: str, i: int, open_: str = "{", close: str = "}") -> int:
    """Index just after the group that opens at ``s[i]`` (or len(s) if it never closes)."""
    depth = 0
    n = len(s)
    j = i
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


# --------------------------------------------------------------------------- TikZ

_NODE = re.compile(r"\bnode\b|\\node\b|\\matrix\b")


def _tikz_texts(s: str) -> list[str]:
    out: list[str] = []
    for m in _NODE.finditer(s):
        i = m.end()
        while True:  # node[opts] (name) at (x,y) {text}
            i = _skip_ws(s, i)
            if i >= len(s):
                break
            c = s[i]
            if c == "[":
                j = _group(s, i, "[", "]")
                out.extend(_option_texts(s[i + 1:j - 1]))
                i = j
            elif c == "(":
                i = _group(s, i, "(", ")")
            elif s.startswith("at", i) and not s[i + 2:i + 3].isalpha():
                i += 2
            elif c == "{":
                j = _group(s, i)
                out.append(s[i + 1:j - 1])
                break
            else:
                break
    for m in _AXIS_KEYS.finditer(s):
        out.append(_value(s, m.end()))
    for m in re.finditer(r"\\(?:legend|addlegendentry)\s*(?=\{)", s):
        j = _group(s, m.end())
        out.append(s[m.end() + 1:j - 1].replace(",", " "))
    for m in re.finditer(r"\\draw|\\path|\bedge\b|\bto\b", s):  # quoted labels on paths
        i = _skip_ws(s, m.end())
        if i < len(s) and s[i] == "[":
            j = _group(s, i, "[", "]")
            out.extend(re.findall(r'"([^"]*)"', s[i + 1:j - 1]))
    return out


def _option_texts(opts: str) -> list[str]:
    """Texts shown by a node's options: label=/pin= values, quoted labels."""
    out = re.findall(r'"([^"]*)"', opts)
    for m in _LABEL_KEYS.finditer(opts):
        v = _value(opts, m.end())
        out.append(v.split(":", 1)[1] if ":" in v else v)
    return out


def _value(s: str, i: int) -> str:
    """A key's value at ``i``: a brace group or the text up to the next comma or bracket."""
    i = _skip_ws(s, i)
    if i < len(s) and s[i] == "{":
        j = _group(s, i)
        v = s[i + 1:j - 1]
        # label={[style]above:text}
        if v.startswith("["):
            v = v[_group(v, 0, "[", "]"):]
        return v
    m = re.match(r"[^,\]]*", s[i:])
    return m.group(0) if m else ""


# --------------------------------------------------------------------------- generic text

_HIDDEN_ARGS = {"includegraphics": 1, "input": 1, "include": 1, "label": 1, "special": 1,
                "color": 1, "textcolor": 1, "colorbox": 1, "fcolorbox": 2, "definecolor": 3,
                "fontfamily": 1, "fontseries": 1, "fontshape": 1, "fontsize": 2,
                "usefont": 4, "setlength": 2, "graphicspath": 1, "hypertarget": 1,
                "import": 2, "import*": 2, "subimport": 2, "subimport*": 2, "inputfrom": 2,
                "subinputfrom": 2, "includegraphics*": 1}
"""Commands whose first arguments are not shown (file names, colors, font names)."""
_CS = re.compile(r"\\([A-Za-z@]+\*?|.)")


def _plain(s: str, forest: bool = False, hidden: dict | None = None, macro=None,
           depth: int = 0, keys: frozenset = frozenset()) -> str:
    """Text of ``s`` with TeX syntax removed (see the module docstring)."""
    s = _XY_MOD.sub(lambda m: m.group(0) if m.group(0)[0] == "\\" else " ", s.replace("\\\\", " "))
    s = _COORD.sub(" ", s)
    out: list[str] = []
    i = 0
    n = len(s)
    after_cs = False
    expansions = 0
    while i < n:
        c = s[i]
        if c == "\\":
            at = i
            m = _CS.match(s, i)
            name = m.group(1) if m else ""
            i = m.end() if m else i + 1
            found = macro(name) if macro is not None and expansions < _MACRO_LIMIT else None
            if found is not None:  # the document's own macro: its body is read in its place
                body, i = _apply(s, i, found)
                s = s[:at] + " " + body + " " + s[i:]
                n = len(s)
                i = at
                expansions += 1
                continue
            out.append(_WORD_CS.get(name, " "))
            after_cs = name.rstrip("*").isalpha()
            if after_cs:
                i = _skip_ws(s, i) if i < n and s[i] in " \t" else i
                while i < n and s[i] in "[(":  # \cmd[options](x,y): only quoted labels show
                    j = _group(s, i, s[i], "]" if s[i] == "[" else ")")
                    out.extend(" " + q + " " for q in re.findall(r'"([^"]*)"', s[i:j]))
                    i = _skip_ws(s, j) if j < n and s[j] in " \t" else j
                for _ in range(_HIDDEN_ARGS.get(name, 0)):  # \includegraphics{file} ...
                    k = _skip_ws(s, i)
                    if k < n and s[k] == "{":
                        i = _group(s, k)
                if hidden and name in hidden:
                    pos = hidden[name]
                    for a in range(max(pos) + 1 if pos else 0):
                        k = _skip_ws(s, i)
                        if k >= n or s[k] != "{":
                            break
                        j = _group(s, k)
                        if a not in pos:
                            out.append(" " + _plain(s[k + 1:j - 1], forest, hidden, macro,
                                                    depth, keys) + " ")
                        i = j
            continue
        if c == "[" and forest:
            j = _group(s, i, "[", "]")
            body = s[i + 1:j - 1 if j <= n and s[j - 1] == "]" else j]
            out.append(" " + _plain(_node_content(body, keys), True, hidden, macro, depth,
                                    keys) + " ")
            i = j
            continue
        if c == "#":  # a macro parameter (#1, ##1)
            while i + 1 < n and s[i + 1] in "#0123456789":
                i += 1
            out.append(" ")
        elif c in "{}$&^_~":
            out.append(" ")
        elif c == "=":
            out.append(" ")
        else:
            out.append(c)
        i += 1
        after_cs = False
    return _DIMEN.sub(" ", "".join(out))


_MACRO_LIMIT = 200
"""Expansions of the document's macros per text (a recursive macro stops there)."""
_PARAM = re.compile(r"#([1-9])")


def _apply(s: str, i: int, found: tuple[str, str]) -> tuple[str, int]:
    """Read the arguments of a macro (``kinds``: ``m`` braced or one token, ``o`` [optional])
    at ``s[i]`` and return (its body with #n replaced, the index after the arguments)."""
    kinds, body = found
    args: list[str] = []
    n = len(s)
    for kind in kinds:
        k = _skip_ws(s, i)
        if kind == "o":  # only right after the command: a forest node may follow a space
            if i < n and s[i] == "[":
                k = i
                j = _group(s, k, "[", "]")
                args.append(s[k + 1:j - 1])
                i = j
            else:
                args.append("")
            continue
        if k < n and s[k] == "{":
            j = _group(s, k)
            args.append(s[k + 1:j - 1])
            i = j
        elif k < n and s[k] == "\\":
            m = _CS.match(s, k)
            args.append(m.group(0))
            i = m.end()
        elif k < n:
            args.append(s[k])
            i = k + 1
        else:
            args.append("")
    return _PARAM.sub(lambda m: args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else "",
                      body), i


def _node_content(body: str, keys: frozenset = frozenset()) -> str:
    """A forest node ``content, key=value, key`` keeps its content, the values of the
    shown ``keys`` and its child nodes."""
    parts: list[str] = []
    kids: list[str] = []
    depth = 0
    start = 0
    first = True
    n = len(body)
    k = 0
    while k <= n:
        c = body[k] if k < n else ","
        if c == "{":
            depth += 1
        elif c == "[":
            if depth == 0 and not first:  # a child node among the options
                e = _group(body, k, "[", "]")
                kids.append(body[k:e])
                body = body[:k] + " " * (e - k) + body[e:]
                k = e
                continue
            depth += 1
        elif c in "}]":
            depth -= 1
        elif c == "," and depth == 0:
            item = body[start:k]
            if first:
                parts.append(item)
                first = False
            else:
                key, eq, value = item.partition("=")
                if eq and key.strip() in keys:
                    parts.append(value)
            start = k + 1
        k += 1
    return " ".join(parts) + " " + " ".join(kids)


def _squash(s: str) -> str:
    return " ".join(s.split())
