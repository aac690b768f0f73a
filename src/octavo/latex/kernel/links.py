"""Links: hyperref's \\url \\nolinkurl \\href \\hypertarget \\hyperlink \\hyperdef
\\hypersetup \\pdfbookmark \\texorpdfstring \\phantomsection, the url package (\\url,
\\path, \\urlstyle; \\UrlBreaks and friends are print-only), \\email and \\doi.
(\\autoref, \\nameref and \\hyperref[label]{...} are cross-references: crossref.py.)

Contract: URL arguments are read from the source text as written (``%`` ``#`` ``~`` are
ordinary there, as in hyperref) with the escapes \\% \\# \\& \\_ \\~ \\$ undone; the
`Link` keeps the URL exactly so — writers apply the URL policy (no javascript: etc.)
and escape it, so nothing here decides what is safe.  A \\url shows its text in
monospace (no ligatures).  \\hypertarget{name}{text} leaves an `Anchor` whose id is
made from the name, and \\hyperlink{name}{text} an internal `Link` whose ``url`` is that
same id (the form the writers resolve: an id, not "#id").
"""

from __future__ import annotations

import re

from octavo.doc import nodes as N
from octavo.latex.kernel.index import place_inline
from octavo.latex.kernel.verbatim import raw_group, raw_optional
from octavo.tex.argspec import read_verbatim_arg
from octavo.tex.meanings import Macro

_UNESCAPE = re.compile(r"\\([%#&_~$\\{}])")


def clean_url(s: str) -> str:
    """A URL as hyperref would use it: escapes undone, blanks and line ends trimmed."""
    s = _UNESCAPE.sub(lambda m: m.group(1), s.replace("\n", " ").strip())
    return s.replace("\\textasciitilde ", "~").replace("\\textasciitilde", "~")


def _url_text(url: str) -> N.Node:
    return N.Styled(style="mono", children=[N.Text(text=url)])


def url(L, t) -> None:
    u = clean_url(read_verbatim_arg(L.engine, t))
    L.builder.add_inline(N.Link(url=u, children=[_url_text(u)], loc=L.loc(t)), t)


def nolinkurl(L, t) -> None:
    u = clean_url(read_verbatim_arg(L.engine, t))
    L.builder.add_inline(_url_text(u), t)


_MACRO = re.compile(r"\\([A-Za-z@]+)")


def expand_url_macros(L, raw: str) -> str:
    """hyperref expands macros in an \\href URL (\\href{\\homepage/papers}{...}): each
    defined control word of ``raw`` is replaced by its expansion as text; undefined ones
    and the escapes \\% \\# ... stay as written (only macros are expanded, so a binding
    never runs inside a URL)."""
    if "\\" not in raw:
        return raw

    def sub(m):
        name = m.group(1)
        if not isinstance(L.engine.state.meanings.get(name), Macro):
            return m.group(0)
        return L.string(_tokens("\\" + name + " "), expand=True)
    return _MACRO.sub(sub, raw)


def href(L, t) -> None:
    eng = L.engine
    raw_optional(L, t)
    u = clean_url(expand_url_macros(L, raw_group(L, t)))
    text = eng.read_undelimited(t)
    node = N.Link(url=u, loc=L.loc(t))
    L.wrap_inline(node, text, t)


def target_id(L, name: str) -> str:
    return L.builder.make_id("hypertarget:" + name)


def hypertarget(L, t, name, text) -> None:
    a = N.Anchor(loc=L.loc(t))
    a.id = target_id(L, L.string(name, expand=False).strip())
    L.builder.add_inline(a, t)
    if text:
        L.engine.push(text)


def hyperdef(L, t, category, name, text) -> None:
    cat = L.string(category, expand=False).strip()
    hypertarget(L, t, _tokens(cat + "." + L.string(name, expand=False).strip()), text)


def _tokens(s: str) -> list:
    from octavo.tex.tokenizer import tokenize_string
    return tokenize_string(s)


def hyperlink(L, t, name, text) -> None:
    ident = target_id(L, L.string(name, expand=False).strip())
    node = N.Link(url=ident, internal=True, loc=L.loc(t))
    L.wrap_inline(node, text or [], t)


def pdfbookmark(L, t, level, text, name) -> None:
    a = N.Anchor(loc=L.loc(t))
    a.id = target_id(L, L.string(name, expand=False).strip())
    place_inline(L, a, t)


def phantomsection(L, t) -> None:
    a = N.Anchor(loc=L.loc(t))
    a.id = L.builder.new_id("anchor")
    place_inline(L, a, t)


def email(L, t, arg) -> None:
    addr = clean_url(L.string(arg, expand=False))
    if L.builder.in_preamble:
        L.data.setdefault("emails", []).append(addr)
        return
    L.builder.add_inline(N.Link(url="mailto:" + addr, children=[_url_text(addr)], loc=L.loc(t)), t)


def doi(L, t) -> None:
    d = clean_url(raw_group(L, t))
    shown = N.Text(text="doi:" + d)
    L.builder.add_inline(N.Link(url="https://doi.org/" + d, children=[N.Styled(style="mono", children=[shown])],
                                loc=L.loc(t)), t)


def urldef(L, t) -> None:
    """\\urldef{\\cmd}\\url{...}: \\cmd then prints that URL (as a link for \\url)."""
    eng = L.engine
    cs = eng.read_cs_name(t)
    kind = eng.get_token()
    u = clean_url(read_verbatim_arg(eng, t))
    if cs is None or cs.cat != 16:
        return
    linked = kind is not None and kind.text in ("url", "Url")

    def use(L, t2):
        node = N.Link(url=u, children=[_url_text(u)], loc=L.loc(t2)) if linked else _url_text(u)
        L.builder.add_inline(node, t2)
    L.command(cs.text, "", use)


def urlstyle(L, t, arg) -> None:
    L.data["urlstyle"] = L.string(arg, expand=False).strip()


def install(L) -> None:
    L.command("url", "", url)
    L.command("Url", "", url)
    L.command("path", "", nolinkurl)
    L.command("nolinkurl", "", nolinkurl)
    L.command("href", "", href)
    L.command("hypertarget", "m m", hypertarget)
    L.command("hyperdef", "m m m", hyperdef)
    L.command("hyperlink", "m m", hyperlink)
    L.command("pdfbookmark", "o m m", pdfbookmark)
    L.command("currentpdfbookmark", "m m", lambda L, t, a, b: pdfbookmark(L, t, None, a, b))
    L.command("subpdfbookmark", "m m", lambda L, t, a, b: pdfbookmark(L, t, None, a, b))
    L.command("belowpdfbookmark", "m m", lambda L, t, a, b: pdfbookmark(L, t, None, a, b))
    L.passthrough("texorpdfstring", "m m", keep=0)
    L.command("phantomsection", "", phantomsection)
    L.command("email", "m", email)
    L.command("doi", "", doi)
    L.command("urlstyle", "m", urlstyle)
    L.command("urldef", "", urldef)
    for name, spec in (("hypersetup", "m"), ("hyperbaseurl", "m"), ("pdfstringdef", "m m"),
                       ("pdfstringdefDisableCommands", "m"),
                       ("DeclareUrlCommand", "m m"), ("UrlFont", ""), ("bookmarksetup", "m"),
                       ("hypersetupdefaults", "")):
        L.ignore(name, spec)
    for name in ("UrlBreaks", "UrlBigBreaks", "UrlNoBreaks", "UrlOrds", "UrlSpecials"):
        L.engine.define_macro(name, "")
    L.passthrough("Acrobatmenu", "m m")
    L.passthrough("Hy@raisedlink", "m")
