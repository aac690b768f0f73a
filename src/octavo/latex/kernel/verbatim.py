"""Code and verbatim text: verbatim, verbatim*, \\verbatiminput, the verbatim package's
comment environment, fancyvrb (Verbatim, BVerbatim, LVerbatim, \\VerbatimInput, \\fvset,
\\DefineVerbatimEnvironment), listings (lstlisting, \\lstinline, \\lstinputlisting,
\\lstset, \\lstdefinestyle, \\lstdefinelanguage, \\lstnewenvironment) and minted
(minted, \\mint, \\mintinline, \\inputminted, \\newminted, \\newmint, \\newmintinline).

Contract: a verbatim body is taken raw from the source up to ``\\end{name}`` (the line of
\\begin and its options excluded) and becomes a `CodeBlock` whose ``text`` is exactly
that text (never interpreted; writers escape it); ``language`` is a Pygments lexer name
(listings and minted names mapped, unknown ones warn once and stay empty); a listing
with a caption is numbered by the ``lstlisting`` counter (chapter-relative in books)
and can carry ``label=``.  Inline forms give `Code`.  Files (\\lstinputlisting,
\\verbatiminput, \\VerbatimInput, \\inputminted) are read only through the confined file
access of the conversion: a name outside the project is a located error, never a read.
The comment environment drops its body.

Also home of small option helpers other kernel modules use: `keyvals` (key=value lists)
and the raw readers `raw_optional` / `raw_group` (arguments read from the source text
itself, so ``%`` ``#`` ``~`` stay as written).
"""

from __future__ import annotations

import re

from octavo.doc import nodes as N
from octavo.errors import OctavoError
from octavo.latex.kernel import counters
from octavo.tex import catcodes as C
from octavo.tex.argspec import read_verbatim_arg
from octavo.tex.tokenizer import tokenize_string
from octavo.tex.tokens import CS, Token, to_str

_STATE_M = 1


# --------------------------------------------------------------------------- helpers

def keyvals(text: str) -> dict:
    """``a=1, b={x,y}, flag`` -> {'a': '1', 'b': 'x,y', 'flag': ''} (outer braces
    stripped, top-level commas only)."""
    out: dict = {}
    parts, cur, depth = [], [], 0
    for ch in text or "":
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    for p in parts:
        if not p.strip():
            continue
        k, eq, v = p.partition("=")
        v = v.strip()
        if len(v) >= 2 and v[0] == "{" and v[-1] == "}" and _balanced(v[1:-1]):
            v = v[1:-1]
        out[k.strip()] = v if eq else ""
    return out


def _balanced(s: str) -> bool:
    d = 0
    for ch in s:
        d += ch == "{"
        d -= ch == "}"
        if d < 0:
            return False
    return d == 0


def _skip_blanks(tk) -> int:
    i = tk.pos
    while i < tk.n and tk.text[i] in " \t":
        i += 1
    return i


def _matching(text: str, i: int, open_: str, close: str) -> int:
    """Index of the ``close`` matching ``open_`` at ``i`` (brace-aware), or -1."""
    depth = 0
    brace = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\" and open_ == "{":
            j += 2
            continue
        if open_ != "{" and c == "{":
            brace += 1
        elif open_ != "{" and c == "}":
            brace -= 1
        elif c == open_ and brace == 0:
            depth += 1
        elif c == close and brace == 0:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def raw_optional(L, t, allow_newline: bool = False) -> str | None:
    """``[...]`` read from the source text when the tokenizer is at it; else as tokens.
    None when there is no optional argument (nothing is consumed then)."""
    eng = L.engine
    tk = eng.peek_raw_tokenizer()
    if tk is None:
        opt = eng.read_optional(t)
        return None if opt is None else to_str(opt)
    i = _skip_blanks(tk)
    if allow_newline and i < tk.n and tk.text[i] == C.EOL_CHAR:
        j = i + 1
        while j < tk.n and tk.text[j] in " \t":
            j += 1
        if j < tk.n and tk.text[j] == "[":
            i = j
    if i >= tk.n or tk.text[i] != "[":
        return None
    end = _matching(tk.text, i, "[", "]")
    if end < 0:
        L.reporter.error("E-RUNAWAY", f"the [option] of \\{t.text} is never closed", tk.src.location(i))
        return None
    tk.pos = end + 1
    tk.state = _STATE_M
    return tk.text[i + 1:end].replace(C.EOL_CHAR, "\n")


def raw_group(L, t) -> str:
    """``{...}`` read from the source text (or from tokens when already tokenized)."""
    eng = L.engine
    tk = eng.peek_raw_tokenizer()
    if tk is None:
        return to_str(eng.read_undelimited(t))
    i = _skip_blanks(tk)
    if i < tk.n and tk.text[i] == C.EOL_CHAR:
        i += 1
        while i < tk.n and tk.text[i] in " \t":
            i += 1
    if i >= tk.n or tk.text[i] != "{":
        tk.pos = i
        return to_str(eng.read_undelimited(t))
    end = _matching(tk.text, i, "{", "}")
    if end < 0:
        L.reporter.error("E-RUNAWAY", f"the argument of \\{t.text} is never closed", tk.src.location(i))
        tk.pos = tk.n
        return tk.text[i + 1:].replace(C.EOL_CHAR, "\n")
    tk.pos = end + 1
    tk.state = _STATE_M
    return tk.text[i + 1:end].replace(C.EOL_CHAR, "\n")


# --------------------------------------------------------------------------- languages

_LANGUAGE_ALIASES = {
    "c++": "cpp", "[latex]tex": "latex", "tex": "tex", "latex": "latex", "ml": "ocaml",
    "caml": "ocaml", "[objective]caml": "ocaml", "lisp": "common-lisp", "[ansi]c": "c",
    "[ansi]c++": "cpp", "[iso]c++": "cpp", "[visual]c++": "cpp", "assembler": "nasm",
    "[x86masm]assembler": "nasm", "command.com": "batch", "csh": "tcsh", "sh": "bash",
    "shell": "bash", "[77]fortran": "fortran", "[90]fortran": "fortran", "[95]fortran": "fortran",
    "fortran": "fortran", "[sharp]c": "csharp", "c#": "csharp", "html": "html", "xml": "xml",
    "make": "make", "[gnu]make": "make", "gnuplot": "gnuplot", "matlab": "matlab",
    "octave": "octave", "mathematica": "mathematica", "python": "python", "java": "java",
    "haskell": "haskell", "scheme": "scheme", "ruby": "ruby", "perl": "perl", "sql": "sql",
    "javascript": "javascript", "js": "javascript", "go": "go", "rust": "rust", "coq": "coq",
    "agda": "agda", "lean": "lean", "r": "r", "bash": "bash", "pascal": "delphi",
    "delphi": "delphi", "erlang": "erlang", "prolog": "prolog", "lua": "lua", "php": "php",
    "scala": "scala", "swift": "swift", "kotlin": "kotlin", "vhdl": "vhdl", "verilog": "verilog",
    "tcl": "tcl", "ada": "ada", "cobol": "cobol", "elixir": "elixir", "julia": "julia",
    "idl": "idl", "awk": "awk", "gawk": "awk", "sed": "bash", "diff": "diff", "json": "json",
    "yaml": "yaml", "text": "text", "": "",
}


def pygments_name(L, lang: str, t: Token | None) -> str:
    """A Pygments lexer name for a listings/minted language name ('' if unknown)."""
    key = (lang or "").strip().lower()
    if not key:
        return ""
    name = _LANGUAGE_ALIASES.get(key)
    if name is None:
        name = re.sub(r"^\[[^\]]*\]", "", key).strip()
    try:
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
        try:
            lexer = get_lexer_by_name(name)
        except ClassNotFound:
            L.warn_once("W-CODE-LANGUAGE", f"no highlighter for language '{lang}'; shown as plain text",
                        t, ("codelang", key))
            return ""
        return lexer.aliases[0] if lexer.aliases else name
    except ImportError:  # pragma: no cover - Pygments is a dependency
        return name


# --------------------------------------------------------------------------- code blocks

def _body_after_options(text: str) -> str:
    """Drop the rest of the \\begin line (blank after the options) from a raw body."""
    nl = text.find("\n")
    if nl >= 0 and not text[:nl].strip():
        return text[nl + 1:]
    if nl < 0 and not text.strip():
        return ""
    return text


def _gobble(text: str, n: int) -> str:
    if n <= 0:
        return text
    return "\n".join(ln[n:] if ln[:n].strip() == "" else ln.lstrip()
                     for ln in text.split("\n"))


def _line_range(L, text: str, opts: dict, t) -> str:
    first = _int(opts.get("firstline"), 1)
    last = _int(opts.get("lastline"), 0)
    if first <= 1 and last <= 0:
        return text
    lines = text.split("\n")
    return "\n".join(lines[max(0, first - 1):(last if last > 0 else None)])


def _int(s, default: int) -> int:
    try:
        return int(str(s).strip())
    except (TypeError, ValueError):
        return default


def _finish_text(text: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    return text


def _lst_options(L, opt: str | None) -> dict:
    opts = dict(L.data.get("lst_defaults", {}))
    mine = keyvals(opt) if opt else {}
    style = mine.get("style") or (opts.get("style") if "style" not in mine else None)
    if style:
        opts.update(L.data.get("lst_styles", {}).get(style.strip(), {}))
    opts.update(mine)
    lang = opts.get("language", "")
    langs = L.data.get("lst_languages", {})
    if lang.strip().lower() in langs:
        opts["language"] = langs[lang.strip().lower()]
    return opts


def add_code_block(L, t, text: str, lang: str, opts: dict, listing: bool, show_spaces=False,
                   loc=None) -> N.CodeBlock:
    text = _gobble(_line_range(L, text, opts, t), _int(opts.get("gobble"), 0))
    node = N.CodeBlock(text=_finish_text(text), language=pygments_name(L, lang, t),
                       show_spaces=show_spaces or opts.get("showspaces", "") == "true",
                       first_line=_int(opts.get("firstnumber"), _int(opts.get("firstline"), 1)),
                       loc=loc or L.loc(t))
    L.builder.add_block(node)
    caption = opts.get("caption")
    if caption is None and listing:
        caption = opts.get("title")
        numbered = False
    else:
        numbered = listing and caption is not None and opts.get("nolol", "") != "true"
    if caption is not None and caption.strip():
        cap = caption
        if cap.startswith("[") and "]" in cap:
            cap = cap[cap.index("]") + 1:]
            if cap.startswith("{") and cap.endswith("}"):
                cap = cap[1:-1]
        if numbered:
            if not counters.exists(L, "lstlisting"):
                _new_listing_counter(L)
            node.number = counters.refstep(L, "lstlisting", t)
        L.builder.set_target(node, "lstlisting", node.number)
        toks = tokenize_string(cap)
        # inside a verbatim environment's begin the environment's group is about to be
        # closed: digest the caption only after that
        defer(L, lambda: L.inlines(toks, lambda inl: _set_caption(L, node, inl), t))
    label = opts.get("label", "").strip()
    if label:
        if L.builder.target.node is not node:
            L.builder.set_target(node, "lstlisting", node.number)
        L.builder.label(label, t)
    return node


def defer(L, fn) -> None:
    """Run ``fn()`` when the engine reads on (after the current handler and whatever
    group it is about to close)."""
    L.data.setdefault("deferred_calls", []).append(fn)
    L.engine.push_one(Token(CS, "@octavo@deferred"))


def _run_deferred(L, t) -> None:
    calls = L.data.get("deferred_calls")
    if calls:
        calls.pop(0)()


def _set_caption(L, node, inlines) -> None:
    node.caption = inlines
    if L.builder.target.node is node:
        L.builder.target.title = inlines


def _new_listing_counter(L) -> None:
    within = "chapter" if counters.exists(L, "chapter") else None
    the = r"\thechapter.\arabic{lstlisting}" if within else r"\arabic{lstlisting}"
    counters.new_counter(L, "lstlisting", within, the=the)


def verbatim_env(name: str, show_spaces: bool = False):
    def begin(L, t, g):
        text, loc = L.read_raw_environment_body(name, t)
        add_code_block(L, t, text, "", {}, False, show_spaces, loc)
    return begin


def _outer_verbatim_env(L) -> str | None:
    """The user environment that called \\VerbatimEnvironment, if we are directly in it."""
    outer = L.data.get("verbatim_environment")
    groups = L.engine.state.groups
    if outer and len(groups) >= 2 and groups[-2].kind == "env:" + outer:
        return outer
    return None


def fancyvrb_env(name: str, defaults: dict | None = None):
    def begin(L, t, g):
        opt = raw_optional(L, t)
        outer = _outer_verbatim_env(L)
        if outer:
            # \newenvironment{code}{\VerbatimEnvironment\begin{Verbatim}}{\end{Verbatim}}:
            # the body ends at \end{code}, which closes the user's environment too
            L.data["verbatim_environment"] = None
            text, loc = L.read_raw_environment_body(outer, t)
            defer(L, lambda: L.engine.end_group("env:" + outer, t))
        else:
            text, loc = L.read_raw_environment_body(name, t)
        if opt is not None:
            text = _body_after_options(text)
        opts = dict(L.data.get("fv_defaults", {}))
        opts.update(defaults or {})
        opts.update(keyvals(opt) if opt else {})
        add_code_block(L, t, text, opts.get("language", ""), opts, False,
                       opts.get("showspaces", "") == "true", loc)
    return begin


def lstlisting_env(name: str, defaults: dict | None = None):
    def begin(L, t, g):
        opt = raw_optional(L, t)
        text, loc = L.read_raw_environment_body(name, t)
        if opt is not None:
            text = _body_after_options(text)
        opts = _lst_options(L, opt)
        if defaults:
            opts = {**opts, **defaults, **(keyvals(opt) if opt else {})}
        add_code_block(L, t, text, opts.get("language", ""), opts, True, loc=loc)
    return begin


def minted_env(name: str, fixed_lang: str | None = None, defaults: dict | None = None):
    def begin(L, t, g):
        opt = raw_optional(L, t)
        lang = fixed_lang if fixed_lang is not None else raw_group(L, t).strip()
        text, loc = L.read_raw_environment_body(name, t)
        text = _body_after_options(text)
        opts = dict(L.data.get("minted_defaults", {}))
        opts.update(defaults or {})
        opts.update(keyvals(opt) if opt else {})
        add_code_block(L, t, text, lang, opts, False, loc=loc)
    return begin


def comment_env(name: str):
    def begin(L, t, g):
        L.read_raw_environment_body(name, t)
    return begin


def comment_command(L, t) -> None:
    """\\comment as a command (comment.sty's: \\let\\prob\\comment, then \\begin{prob}): drop
    the text up to \\end{the current environment}, not \\end{comment}, then end it."""
    name = L.engine.state.get_value("@currenvir") or "comment"
    L.read_raw_environment_body(name, t)
    L.engine.push([Token(CS, "end"), Token(C.BEGIN, "{")] + tokenize_string(name) + [Token(C.END, "}")])


def verbatim_command(L, t) -> None:
    """\\verbatim used inside a user's environment: read up to \\end{that environment}."""
    name = L.engine.state.get_value("@currenvir") or "verbatim"
    text, loc = L.read_raw_environment_body(name, t)
    add_code_block(L, t, text, "", {}, False, loc=loc)
    L.engine.push([Token(CS, "end"), Token(C.BEGIN, "{")] + tokenize_string(name) + [Token(C.END, "}")])


# --------------------------------------------------------------------------- inline code

def lstinline(L, t) -> None:
    opt = raw_optional(L, t)
    text = read_verbatim_arg(L.engine, t)
    opts = _lst_options(L, opt)
    L.builder.add_inline(N.Code(text=text, language=pygments_name(L, opts.get("language", ""), t),
                                loc=L.loc(t)), t)


def mintinline(L, t) -> None:
    opt = raw_optional(L, t)
    lang = raw_group(L, t).strip()
    text = read_verbatim_arg(L.engine, t)
    L.builder.add_inline(N.Code(text=text, language=pygments_name(L, lang, t), loc=L.loc(t)), t)


def mint(L, t) -> None:
    opt = raw_optional(L, t)
    lang = raw_group(L, t).strip()
    text = read_verbatim_arg(L.engine, t)
    add_code_block(L, t, text, lang, keyvals(opt) if opt else {}, False)


# --------------------------------------------------------------------------- files

def read_code_file(L, t, name: str) -> tuple[str, object] | None:
    """The text of a code file inside the project (confined), or None after an error."""
    files = L.engine.files
    name = name.strip()
    if files is None or not name:
        return None
    loc = L.loc(t)
    try:
        path = files.resolve(name, loc, exts=())
    except OctavoError as e:
        L.reporter.error(e.code, e.message, loc)
        return None
    if path is None:
        L.reporter.error("E-FILE-MISSING", f"file '{name}' not found", loc)
        return None
    try:
        st = files.read_source(path, loc)
    except OctavoError as e:
        L.reporter.error(e.code, e.message, loc)
        return None
    if st is None:
        return None
    return st.text.replace("\r\n", "\n").replace("\r", "\n"), loc


def lstinputlisting(L, t) -> None:
    opt = raw_optional(L, t)
    name = L.string(L.engine.read_undelimited(t), expand=True).strip()
    got = read_code_file(L, t, name)
    if got is None:
        return
    opts = _lst_options(L, opt)
    lang = opts.get("language") or _lang_from_ext(name)
    add_code_block(L, t, got[0], lang, opts, True)


def verbatiminput(L, t, star, name) -> None:
    got = read_code_file(L, t, L.string(name).strip())
    if got is not None:
        add_code_block(L, t, got[0], "", {}, False, show_spaces=star)


def VerbatimInput(L, t) -> None:
    opt = raw_optional(L, t)
    name = L.string(L.engine.read_undelimited(t)).strip()
    got = read_code_file(L, t, name)
    if got is not None:
        opts = dict(L.data.get("fv_defaults", {}))
        opts.update(keyvals(opt) if opt else {})
        add_code_block(L, t, got[0], opts.get("language", ""), opts, False)


def inputminted(L, t) -> None:
    opt = raw_optional(L, t)
    lang = raw_group(L, t).strip()
    name = L.string(L.engine.read_undelimited(t)).strip()
    got = read_code_file(L, t, name)
    if got is not None:
        add_code_block(L, t, got[0], lang, keyvals(opt) if opt else {}, False)


_EXT_LANG = {".py": "python", ".c": "c", ".h": "c", ".cpp": "cpp", ".hpp": "cpp", ".java": "java",
             ".hs": "haskell", ".ml": "ocaml", ".js": "javascript", ".rs": "rust", ".go": "go",
             ".tex": "latex", ".sh": "bash", ".rb": "ruby", ".pl": "perl", ".sql": "sql",
             ".v": "coq", ".agda": "agda", ".lean": "lean", ".m": "matlab", ".r": "r", ".R": "r"}


def _lang_from_ext(name: str) -> str:
    m = re.search(r"(\.[A-Za-z]+)$", name)
    return _EXT_LANG.get(m.group(1), "") if m else ""


# --------------------------------------------------------------------------- settings

def lstset(L, t, arg) -> None:
    L.data.setdefault("lst_defaults", {}).update(keyvals(to_str(arg or [])))


def lstdefinestyle(L, t, name, arg) -> None:
    L.data.setdefault("lst_styles", {})[L.string(name, expand=False).strip()] = keyvals(to_str(arg or []))


def lstdefinelanguage(L, t) -> None:
    """\\lstdefinelanguage[dialect]{name}[base dialect]{base}{keys}[aspects]."""
    eng = L.engine
    eng.read_optional(t)
    name = L.string(eng.read_undelimited(t), expand=False).strip()
    base_dialect = eng.read_optional(t)
    first = eng.read_undelimited(t)
    nt = eng.skip_spaces()
    base = ""
    if nt is not None and nt.cat == C.BEGIN:
        base = L.string(first, expand=False).strip()
        if base_dialect:
            base = "[" + L.string(base_dialect, expand=False).strip() + "]" + base
        first = eng.read_undelimited(t)
    eng.read_optional(t)
    kv = keyvals(to_str(first))
    lang = base or kv.get("language", "") or name
    L.data.setdefault("lst_languages", {})[name.lower()] = lang


def lstnewenvironment(L, t) -> None:
    """\\lstnewenvironment{name}[n][default]{begin}{end}: a listing environment whose
    options are those \\lstset in its begin code."""
    eng = L.engine
    name = L.string(eng.read_undelimited(t), expand=False).strip()
    eng.read_optional(t)
    eng.read_optional(t)
    begin_code = eng.read_undelimited(t)
    eng.read_undelimited(t)
    defaults = {}
    s = to_str(begin_code)
    m = re.search(r"\\lstset\s*\{", s)
    if m:
        end = _matching(s, m.end() - 1, "{", "}")
        if end > 0:
            defaults = keyvals(s[m.end():end])
    if name:
        L.environment(name, begin=lstlisting_env(name, defaults), verbatim=True)


def define_verbatim_environment(L, t, name, base, opts) -> None:
    n = L.string(name, expand=False).strip()
    if n:
        L.environment(n, begin=fancyvrb_env(n, keyvals(to_str(opts or []))), verbatim=True)


def newminted(L, t) -> None:
    eng = L.engine
    envname = eng.read_optional(t)
    lang = L.string(eng.read_undelimited(t), expand=False).strip()
    opts = keyvals(to_str(eng.read_undelimited(t)))
    name = L.string(envname, expand=False).strip() if envname else lang + "code"
    L.environment(name, begin=minted_env(name, lang, opts), verbatim=True)
    star = name + "*"
    L.environment(star, begin=minted_env(star, lang, opts), verbatim=True)


def newmint(inline: bool):
    def handler(L, t):
        eng = L.engine
        cmd = eng.read_optional(t)
        lang = L.string(eng.read_undelimited(t), expand=False).strip()
        eng.read_undelimited(t)
        name = L.string(cmd, expand=False).strip() if cmd else lang + ("inline" if inline else "")

        def use(L, t2):
            raw_optional(L, t2)
            text = read_verbatim_arg(L.engine, t2)
            if inline:
                L.builder.add_inline(N.Code(text=text, language=pygments_name(L, lang, t2),
                                            loc=L.loc(t2)), t2)
            else:
                add_code_block(L, t2, text, lang, {}, False)
        if name:
            L.command(name, "", use)
    return handler


def fvset(L, t, arg) -> None:
    L.data.setdefault("fv_defaults", {}).update(keyvals(to_str(arg or [])))


def setminted(L, t, lang, arg) -> None:
    if lang is None:
        L.data.setdefault("minted_defaults", {}).update(keyvals(to_str(arg or [])))


def comment_switch(keep: bool):
    def handler(L, t, names):
        for n in (x.strip() for x in L.string(names, expand=False).split(",")):
            if not n:
                continue
            if keep:
                L.environment(n)
            else:
                L.environment(n, begin=comment_env(n), verbatim=True)
    return handler


def install(L) -> None:
    for name in ("verbatim", "Verbatim@plain"):
        L.environment(name, begin=verbatim_env(name), verbatim=True)
    L.environment("verbatim*", begin=verbatim_env("verbatim*", show_spaces=True), verbatim=True)
    for name in ("Verbatim", "BVerbatim", "LVerbatim", "SaveVerbatim", "VerbatimOut"):
        L.environment(name, begin=fancyvrb_env(name), verbatim=True)
    for name in ("Verbatim*", "BVerbatim*", "LVerbatim*"):
        L.environment(name, begin=fancyvrb_env(name, {"showspaces": "true"}), verbatim=True)
    L.environment("lstlisting", begin=lstlisting_env("lstlisting"), verbatim=True)
    L.environment("minted", begin=minted_env("minted"), verbatim=True)
    L.environment("comment", begin=comment_env("comment"), verbatim=True)
    L.command("comment", "", comment_command)
    L.ignore("endcomment", "")
    L.command("@octavo@deferred", "", _run_deferred)
    L.command("verbatim", "", verbatim_command)
    L.ignore("endverbatim", "")
    L.command("lstinline", "", lstinline)
    L.command("mintinline", "", mintinline)
    L.command("mint", "", mint)
    L.command("lstinputlisting", "", lstinputlisting)
    L.command("verbatiminput", "s m", verbatiminput)
    L.command("VerbatimInput", "", VerbatimInput)
    L.command("BVerbatimInput", "", VerbatimInput)
    L.command("LVerbatimInput", "", VerbatimInput)
    L.command("inputminted", "", inputminted)
    L.command("lstset", "m", lstset)
    L.command("lstdefinestyle", "m m", lstdefinestyle)
    L.command("lstdefinelanguage", "", lstdefinelanguage)
    L.command("lstalias", "o m o m", lambda L, t, *a: None)
    L.command("lstnewenvironment", "", lstnewenvironment)
    L.command("DefineVerbatimEnvironment", "m m m", define_verbatim_environment)
    L.command("RecustomVerbatimEnvironment", "m m m", define_verbatim_environment)
    L.command("CustomVerbatimEnvironment", "m m m", define_verbatim_environment)
    L.command("fvset", "m", fvset)
    L.command("VerbatimEnvironment", "", lambda L, t: L.data.__setitem__(
        "verbatim_environment", L.engine.state.get_value("@currenvir")))
    L.command("setminted", "o m", setminted)
    L.command("newminted", "", newminted)
    L.command("newmint", "", newmint(False))
    L.command("newmintinline", "", newmint(True))
    L.command("excludecomment", "m", comment_switch(False))
    L.command("includecomment", "m", comment_switch(True))
    for name, spec in (("usemintedstyle", "o m"), ("setmintedinline", "o m"), ("lstloadlanguages", "m"),
                       ("lstlistoflistings", ""), ("DefineShortVerb", "m"),
                       ("UndefineShortVerb", "m"), ("RecustomVerbatimCommand", "m m m"),
                       ("CustomVerbatimCommand", "m m m"), ("listoflistings", "")):
        L.ignore(name, spec)
    for name, default in (("lstlistingname", "Listing"), ("lstlistlistingname", "Listings")):
        if name not in L.engine.state.meanings:
            L.engine.define_macro(name, default)
