"""latex2html's html.sty: \\htmladdnormallink, \\htmlref, rawhtml/htmlonly/latexonly,
\\latexhtml, \\html.

Raw HTML (rawhtml, \\special{html:...}, \\HCode) is a channel for arbitrary markup: octavo
drops it with a warning unless the conversion is trusted (``--trust``), see
docs/security.md (G8).
"""

from __future__ import annotations

from octavo.doc import nodes as N


def raw_html(L, text: str, t) -> None:
    """Raw HTML from the document: kept only when the conversion is trusted."""
    if L.config.trust:
        L.builder.add_inline(N.RawInline(format="html", text=text, loc=L.loc(t)), t)
    else:
        L.reporter.warning("W-RAW-DROPPED", "raw HTML dropped (octavo passes raw HTML only with --trust)",
                           L.loc(t))


def _rawhtml_env(L, t, g):
    text, _ = L.read_raw_environment_body("rawhtml", t)
    raw_html(L, text, t)


def _htmlonly_begin(L, t, g):
    L.reporter.warning("W-HTMLONLY", "htmlonly content is converted as LaTeX, not passed as HTML",
                       L.loc(t), once=("htmlonly",))


def _latexonly_env(L, t, g):
    L.read_raw_environment_body("latexonly", t)


def install(L, options=()) -> None:
    L.environment("rawhtml", begin=_rawhtml_env, verbatim=True)
    L.environment("latexonly", begin=_latexonly_env, verbatim=True)
    L.environment("htmlonly", begin=_htmlonly_begin)
    L.environment("imagesonly")

    def addnormallink(L, t, text, url):
        L.wrap_inline(N.Link(url=L.string(url, expand=False).strip(), loc=L.loc(t)), text, t)
    L.command("htmladdnormallink", "m m", addnormallink)
    L.command("htmladdnormallinkfoot", "m m", addnormallink)

    def htmlref(L, t, text, label):
        node = N.Ref(kind="hyperref", target=L.string(label, expand=False).strip(), loc=L.loc(t))
        L.wrap_inline(node, text, t)
    L.command("htmlref", "m m", htmlref)
    L.command("latexhtml", "m m", lambda L, t, latex, html: L.engine.push(html))
    L.command("html", "m", lambda L, t, arg: L.engine.push(arg))
    L.ignore("htmlimage", "m")
    L.ignore("htmladdimg", "m")
    L.ignore("bodytext", "m")
    L.ignore("htmlrule", "s")
    L.ignore("HTMLset", "m m")
    L.ignore("htmlinfo", "s")
    L.ignore("tableofchildlinks", "s")
    L.ignore("htmlhead", "o m m")
    L.ignore("htmlbase", "m")
    L.ignore("segment", "m m m")
