"""expl3: the handful of LaTeX3 functions documents use in their own macros (not all of
expl3).  The LaTeX kernel has preloaded expl3 since 2020, so the kernel installs this
binding in every document (latex/kernel/expl3.py); \\usepackage{expl3} and
\\usepackage{xparse} find it here too.

Bound (code inside \\ExplSyntaxOn ... \\ExplSyntaxOff, where ``_`` and ``:`` are letters):
- comma lists: \\clist_map_inline:nn{a, b ,c}{code with #1} runs the code once per item
  (items trimmed, empty items skipped), \\clist_map_function:nN{list}\\f calls \\f{item};
  \\clist_map_break: stops the mapping;
- \\use:n \\use_i:nn \\use_ii:nn \\use_none:n \\use_none:nn;
- token lists: \\tl_new:N \\tl_set:Nn \\tl_gset:Nn \\tl_put_right:Nn \\tl_clear:N \\tl_use:N
  \\tl_if_empty:nTF (and :NTF, T, F forms), \\tl_to_str:n, \\str_if_eq:nnTF;
- \\cs_new:Npn \\cs_set:Npn \\cs_gset:Npn \\cs_new_protected:Npn \\cs_set_protected:Npn
  (= \\long\\def / \\gdef), \\cs_set_eq:NN;
- booleans: \\bool_new:N \\bool_set_true:N \\bool_set_false:N \\bool_if:NTF;
- \\prg_do_nothing: \\scan_stop: \\c_space_tl \\iow_term:n \\msg_... are quiet.
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token, split_run, strip_outer_braces

TEX = r"""
\catcode`\_=11 \catcode`\:=11
\long\def\use:n#1{#1}
\long\def\use_i:nn#1#2{#1}
\long\def\use_ii:nn#1#2{#2}
\long\def\use_none:n#1{}
\long\def\use_none:nn#1#2{}
\def\prg_do_nothing:{}
\let\scan_stop:\relax
\def\c_space_tl{ }
\def\c_empty_tl{}
\def\cs_new:Npn{\long\def} \def\cs_set:Npn{\long\def} \def\cs_gset:Npn{\long\gdef}
\def\cs_new_protected:Npn{\long\def} \def\cs_set_protected:Npn{\long\def}
\let\cs_new_nopar:Npn\def \let\cs_set_eq:NN\let \let\cs_new_eq:NN\let
\def\cs_gset_eq:NN{\global\let}
\def\tl_new:N#1{\def#1{}}
\long\def\tl_set:Nn#1#2{\def#1{#2}}
\long\def\tl_gset:Nn#1#2{\gdef#1{#2}}
\long\def\tl_set:Nx#1#2{\edef#1{#2}}
\def\tl_clear:N#1{\def#1{}}
\def\tl_use:N#1{#1}
\long\def\tl_to_str:n#1{\detokenize{#1}}
\def\bool_new:N#1{\let#1\c_false_bool}
\def\bool_set_true:N#1{\let#1\c_true_bool}
\def\bool_set_false:N#1{\let#1\c_false_bool}
\def\c_true_bool{1} \def\c_false_bool{0}
\long\def\bool_if:NTF#1#2#3{\ifnum#1=1 \expandafter\use_i:nn\else\expandafter\use_ii:nn\fi{#2}{#3}}
\long\def\bool_if:NT#1#2{\bool_if:NTF#1{#2}{}}
\long\def\bool_if:NF#1#2{\bool_if:NTF#1{}{#2}}
\long\def\iow_term:n#1{}
\long\def\msg_new:nnn#1#2#3{}
\long\def\msg_new:nnnn#1#2#3#4{}
\catcode`\_=8 \catcode`\:=12
"""


def _items(L, tokens: list) -> list[list]:
    """Top-level comma-separated items of a comma list, trimmed, empty ones dropped."""
    items: list[list] = []
    cur: list = []
    depth = 0
    for t in tokens:
        if t.cat == C.BEGIN:
            depth += 1
        elif t.cat == C.END:
            depth -= 1
        if depth == 0 and t.cat == C.OTHER and t.text == ",":
            items.append(cur)
            cur = []
            continue
        cur.append(t)
    items.append(cur)
    out = []
    for it in items:
        while it and it[0].cat == C.SPACE:
            it = it[1:]
        while it and it[-1].cat == C.SPACE:
            it = it[:-1]
        it = strip_outer_braces(it)  # {a,b} stands for the item a,b
        if it:
            out.append(it)
    return out


def _substitute(code: list, item: list) -> list:
    """``code`` with #1 replaced by ``item`` and ## by #."""
    out: list = []
    i = 0
    n = len(code)
    while i < n:
        t = code[i]
        if t.cat == C.PARAM and i + 1 < n:
            nxt = code[i + 1]
            if nxt.cat == C.PARAM:
                out.append(nxt)
                i += 2
                continue
            if nxt.cat == C.OTHER and nxt.text == "1":
                out.extend(item)
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _split_runs(tokens: list) -> list:
    out = []
    for t in tokens:
        out.extend(split_run(t) if t.cat == RUN else [t])
    return out


def clist_map_inline(L, t) -> None:
    eng = L.engine
    lst = _split_runs(eng.read_undelimited(t))
    code = _split_runs(eng.read_undelimited(t))
    out: list = []
    for item in _items(L, lst):
        out.extend(_substitute(code, item))
    out.append(Token(CS, "@octavo@clist@end"))
    eng.push(out)


def clist_map_function(L, t) -> None:
    eng = L.engine
    lst = _split_runs(eng.read_undelimited(t))
    fn = eng.read_undelimited(t)
    out: list = []
    for item in _items(L, lst):
        out.extend(list(fn) + [Token(C.BEGIN, "{")] + item + [Token(C.END, "}")])
    out.append(Token(CS, "@octavo@clist@end"))
    eng.push(out)


def clist_map_break(L, t) -> None:
    """Drop what is left of the mapping (up to its end marker)."""
    eng = L.engine
    while True:
        nt = eng.get_token()
        if nt is None or (nt.cat == CS and nt.text == "@octavo@clist@end"):
            return


def _if_empty(L, t, kind: str, expand_first: bool) -> None:
    eng = L.engine
    arg = eng.read_undelimited(t)
    if expand_first:
        arg = eng.expand_tokens(list(arg))
    yes = eng.read_undelimited(t) if kind in ("TF", "T") else []
    no = eng.read_undelimited(t) if kind in ("TF", "F") else []
    empty = all(x.cat == C.SPACE for x in arg)
    eng.push(list(yes if empty else no))


def _str_if_eq(L, t, kind: str) -> None:
    eng = L.engine
    a = L.string(eng.read_undelimited(t), expand=False)
    b = L.string(eng.read_undelimited(t), expand=False)
    yes = eng.read_undelimited(t) if kind in ("TF", "T") else []
    no = eng.read_undelimited(t) if kind in ("TF", "F") else []
    eng.push(list(yes if a.strip() == b.strip() else no))


def install(L, options=None) -> None:
    if L.data.get("expl3_installed"):
        return
    L.data["expl3_installed"] = True
    L.tex(TEX)
    eng = L.engine
    eng.define_primitive("clist_map_inline:nn", lambda x, t: clist_map_inline(L, t), binding=True)
    eng.define_primitive("clist_map_function:nN", lambda x, t: clist_map_function(L, t),
                         binding=True)
    eng.define_primitive("clist_map_break:", lambda x, t: clist_map_break(L, t), binding=True)
    eng.define_primitive("@octavo@clist@end", lambda x, t: None, binding=True)
    for kind in ("TF", "T", "F"):
        eng.define_primitive("tl_if_empty:n" + kind,
                             lambda x, t, _k=kind: _if_empty(L, t, _k, False),
                             expandable=True, binding=True)
        eng.define_primitive("tl_if_empty:N" + kind,
                             lambda x, t, _k=kind: _if_empty(L, t, _k, True),
                             expandable=True, binding=True)
        eng.define_primitive("str_if_eq:nn" + kind, lambda x, t, _k=kind: _str_if_eq(L, t, _k),
                             expandable=True, binding=True)
