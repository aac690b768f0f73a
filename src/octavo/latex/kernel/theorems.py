"""Theorem-like environments and proofs: LaTeX's \\newtheorem, amsthm (\\theoremstyle,
\\newtheoremstyle, \\swapnumbers, proof, \\qed, \\qedhere, \\qedsymbol, \\proofname),
thmtools (\\declaretheorem, \\declaretheoremstyle, restatable) and the basics of ntheorem.

Contract:
- ``\\newtheorem{env}[shared]{Printed}[within]`` declares ``env``: a counter ``env``
  (reset by ``within``, printed ``\\thewithin.\\arabic{env}``) unless it shares the counter
  ``shared``; ``\\newtheorem*`` declares an unnumbered one.  The style is the current
  \\theoremstyle at declaration time.
- ``\\begin{env}[note]`` steps the counter and opens a `Theorem(kind=env, name=<Printed,
  expanded now so a localised name applies>, number, note, style)` on the environment's
  group: the body is digested by the stomach and the node closes with the group.  The
  theorem is what a \\label inside it names (kind: the printed name in lower case, so
  \\cref says "lemma 2", \\autoref "Lemma 2"); after the environment the previous target
  is restored, as LaTeX's \\@currentlabel is local.
- ``\\begin{proof}[name]`` opens a `Proof` (``name``: the optional argument or
  \\proofname); the writer puts the QED mark at its end.  \\qedhere and \\qed inside a proof
  are accepted (the mark stays at the end); \\qed outside a proof prints the mark.
- Declarations only record data in ``L.data['theorems']`` (per conversion).
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.latex.kernel import counters
from octavo.tex.tokens import CS, Token

QED = "\u220e"


class TheoremSpec:
    __slots__ = ("env", "printed", "counter", "style", "numbered")

    def __init__(self, env: str, printed: list, counter: str | None, style: str, numbered: bool):
        self.env = env
        self.printed = printed
        """Tokens of the printed name (expanded at each use)."""
        self.counter = counter
        self.style = style
        self.numbered = numbered


def _specs(L) -> dict:
    return L.data.setdefault("theorems", {})


def _style(L) -> str:
    return L.data.get("theorem_style", "plain")


def declare(L, t, env: str, printed: list, shared: str | None, within: str | None,
            numbered: bool = True, style: str | None = None) -> None:
    """Declare the theorem-like environment ``env`` (shared by every front end)."""
    env = env.strip()
    if not env:
        L.reporter.error("E-NEWTHEOREM", "\\newtheorem without an environment name", L.loc(t))
        return
    counter = None
    if numbered:
        if shared:
            counter = shared
            if not counters.exists(L, shared):
                L.reporter.warning("W-NEWTHEOREM", f"theorem {env} shares the counter {shared}, "
                                   "which is not defined; a new counter is made", L.loc(t))
                counters.new_counter(L, shared)
        else:
            counter = env
            if within and not counters.exists(L, within):
                L.reporter.warning("W-NEWTHEOREM", f"theorem {env} is numbered within {within}, "
                                   "which is not a counter", L.loc(t))
                within = None
            the = rf"\the{within}.\arabic{{{env}}}" if within else None
            counters.new_counter(L, env, within, the=the)
    _specs(L)[env] = TheoremSpec(env, list(printed or []), counter, style or _style(L), numbered)
    user_envs = L.data.get("user_envs")
    if user_envs and env in user_envs:
        user_envs.discard(env)
    L.environment(env, begin=_begin_theorem(env), end=None, spec="o")


def _begin_theorem(env: str):
    def begin(L, t, group, note):
        spec = _specs(L).get(env)
        if spec is None:
            return
        open_theorem(L, t, group, spec, note)
    return begin


def open_theorem(L, t, group, spec: TheoremSpec, note, printed: list | None = None) -> N.Theorem:
    b = L.builder
    number = ""
    if spec.counter:
        counters.step(L, spec.counter, t)
        number = counters.formatted(L, spec.counter)
    node = N.Theorem(kind=spec.env, number=number, style=spec.style, loc=L.loc(t))
    saved = b.target
    b.open_block(node, group=group, on_close=lambda _n: _restore_target(b, saved))
    name_toks = printed if printed is not None else spec.printed
    kind = L.string(name_toks).strip().lower() or spec.env
    b.set_target(node, kind, number)

    def got_name(inlines):
        node.name = inlines
        if b.target.node is node:
            b.target.title = inlines

    def got_note(inlines):
        node.note = inlines

    if note:
        L.inlines(note, got_note, t)
    L.inlines(name_toks, got_name, t)
    return node


def _restore_target(b, saved) -> None:
    b.target = saved


# --------------------------------------------------------------------------- \newtheorem

def newtheorem(L, t) -> None:
    eng = L.engine
    star = eng.read_star()
    env = L.string(eng.read_undelimited(t), expand=False)
    shared = eng.read_optional(t)
    printed = eng.read_undelimited(t)
    within = eng.read_optional(t) if shared is None else None
    declare(L, t, env, printed, L.string(shared).strip() if shared else None,
            L.string(within).strip() if within else None, numbered=not star)


def theoremstyle(L, t, name) -> None:
    L.data["theorem_style"] = L.string(name).strip() or "plain"


def newtheoremstyle(L, t, name, *rest) -> None:
    L.data.setdefault("theorem_styles", set()).add(L.string(name).strip())


# --------------------------------------------------------------------------- thmtools

def _keyvals(L, tokens) -> dict:
    from octavo.latex.kernel.blocks import keyvals
    return {k: v for k, v in keyvals(tokens)}


def declaretheorem(L, t) -> None:
    """\\declaretheorem[key=value]{env} (and the newer \\declaretheorem{env}[key=value])."""
    eng = L.engine
    opts = eng.read_optional(t)
    envs = L.string(eng.read_undelimited(t), expand=False)
    after = eng.read_optional(t)
    kv = _keyvals(L, opts) if opts else {}
    if after:
        kv.update(_keyvals(L, after))
    for env in (e.strip() for e in envs.split(",")):
        if not env:
            continue
        printed = kv.get("name") or kv.get("title") or kv.get("heading")
        if printed is None:
            printed = _tokens_of(env[:1].upper() + env[1:])
        numbered = L.string(kv["numbered"]).strip() if "numbered" in kv and kv["numbered"] else "yes"
        shared = kv.get("sibling") or kv.get("numberlike") or kv.get("sharenumber")
        within = kv.get("numberwithin") or kv.get("parent") or kv.get("within")
        style = kv.get("style")
        declare(L, t, env, printed, L.string(shared).strip() if shared else None,
                L.string(within).strip() if within else None,
                numbered=numbered not in ("no", "false"),
                style=L.string(style).strip() if style else None)


def _tokens_of(s: str) -> list:
    from octavo.tex.tokenizer import tokenize_string
    return list(tokenize_string(s))


def restatable_begin(L, t, group, note, env, macro) -> None:
    """thmtools' restatable: typeset as the theorem; \\name* restates it later (as a copy of
    the same theorem, with the same number)."""
    name = L.string(env).strip()
    spec = _specs(L).get(name.rstrip("*"))
    if spec is None:
        L.reporter.warning("W-UNKNOWN-ENV", f"restatable: unknown theorem {name}", L.loc(t),
                           once=("restatable", name))
        return
    node = open_theorem(L, t, group, spec, note)
    mname = L.string(macro, expand=False).strip()
    if mname:
        def restate(L2, t2, star):
            import copy
            L2.builder.add_block(copy.deepcopy(node))
        L.command(mname, "s", restate)


# --------------------------------------------------------------------------- proofs

def proof_begin(L, t, group, name) -> None:
    b = L.builder
    node = N.Proof(loc=L.loc(t))
    b.open_block(node, group=group)
    L.data["proof_depth"] = L.data.get("proof_depth", 0) + 1

    def got_name(inlines):
        node.name = inlines
    L.inlines(name if name is not None else [Token(CS, "proofname")], got_name, t)


def proof_end(L, t, group) -> None:
    L.data["proof_depth"] = max(0, L.data.get("proof_depth", 0) - 1)


def qed(L, t) -> None:
    if L.data.get("proof_depth", 0):
        return  # the proof's own mark stands at its end
    L.engine.push([Token(CS, "qedsymbol")])


# --------------------------------------------------------------------------- install

def install(L) -> None:
    L.command("newtheorem", "", newtheorem)
    L.command("theoremstyle", "m", theoremstyle)
    L.command("newtheoremstyle", "m m m m m m m m m", newtheoremstyle)
    L.ignore("swapnumbers", "")
    L.ignore("theoremheaderfont", "m")
    L.ignore("theorembodyfont", "m")
    L.ignore("theoremseparator", "m")
    L.ignore("theoremindent", "m")
    L.ignore("theoremnumbering", "m")
    L.ignore("theoremsymbol", "m")
    L.ignore("theoremprework", "m")
    L.ignore("theorempostwork", "m")
    L.ignore("theoremclass", "m")
    L.ignore("theorempreskip", "m")
    L.ignore("theorempostskip", "m")
    L.ignore("theoreminframepreskip", "m")
    L.ignore("theoreminframepostskip", "m")
    L.ignore("qedsymbolfont", "")
    L.command("declaretheorem", "", declaretheorem)
    L.ignore("declaretheoremstyle", "o m")
    L.environment("restatable", begin=restatable_begin, spec="o m m")
    L.environment("restatable*", begin=restatable_begin, spec="o m m")
    L.environment("proof", begin=proof_begin, end=proof_end, spec="o")
    L.tex(r"\def\proofname{Proof}\def\qedsymbol{" + QED + "}")
    L.command("qed", "", qed)
    L.ignore("qedhere", "")
    L.ignore("mbox@qedhere", "")
