"""Displayed blocks of text: quote, quotation, verse, center, flushleft, flushright,
minipage (and other boxes whose content is paragraphs), framed boxes, epigraphs, the
comment environment -- and `keyvals`, the key=value splitter other bindings share.

Contract: every environment here opens one block node on its TeX group, so the node
closes exactly when the environment does and its body is digested by the stomach (no
recursion).  quote/quotation/verse/displayquote become `Quote(kind)`; lines of a verse
end in `LineBreak` (\\\\ is an ordinary line break there); center/flush*/minipage/framed
boxes become classed `Div`s; \\epigraph{text}{source} becomes `Quote(kind="epigraph")`
with the source as ``attribution``; the body of \\begin{comment} is dropped without a
warning (it is a comment).  No word of a body is lost.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token, split_run, strip_outer_braces

QUOTES = ("quote", "quotation", "verse", "displayquote", "quoting")
ALIGNED = {"center": "center", "flushleft": "flushleft", "flushright": "flushright",
           "centering": "center", "Center": "center", "FlushLeft": "flushleft",
           "FlushRight": "flushright"}
FRAMED = ("framed", "shaded", "snugshade", "leftbar", "mdframed", "tcolorbox", "boxedminipage",
          "oframed", "shadedquotation")


def keyvals(tokens: list | None) -> list[tuple[str, list | None]]:
    """Split ``key=value, key2, ...`` at top-level commas: ``[(key, value_tokens|None)]``.

    Keys are stripped strings; values are token lists with surrounding blanks and one
    level of braces removed (``label={(\\alph*)}`` gives the tokens of ``(\\alph*)``)."""
    out: list[tuple[str, list | None]] = []
    if not tokens:
        return out
    flat = []
    for t in tokens:
        if t.cat == RUN:
            flat.extend(split_run(t))
        else:
            flat.append(t)
    items: list[list] = [[]]
    depth = 0
    for t in flat:
        if t.cat == C.BEGIN:
            depth += 1
        elif t.cat == C.END:
            depth -= 1
        elif depth == 0 and t.cat == C.OTHER and t.text == ",":
            items.append([])
            continue
        items[-1].append(t)
    for item in items:
        key_toks, value = item, None
        depth = 0
        for i, t in enumerate(item):
            if t.cat == C.BEGIN:
                depth += 1
            elif t.cat == C.END:
                depth -= 1
            elif depth == 0 and t.cat == C.OTHER and t.text == "=":
                key_toks, value = item[:i], _strip(item[i + 1:])
                break
        key = "".join(("\\" + t.text) if t.cat == CS else t.text for t in key_toks).strip()
        if key:
            out.append((key, value))
    return out


def _strip(tokens: list) -> list:
    """Blanks at both ends and one pair of enclosing braces."""
    i, j = 0, len(tokens)
    while i < j and tokens[i].cat == C.SPACE:
        i += 1
    while j > i and tokens[j - 1].cat == C.SPACE:
        j -= 1
    return strip_outer_braces(tokens[i:j])


# --------------------------------------------------------------------------- environments


def quote_env(kind: str):
    def begin(L, t, g, *args):
        L.builder.open_block(N.Quote(kind=kind, loc=L.loc(t)), group=g)
    return begin


def div_env(classes: list):
    def begin(L, t, g, *args):
        L.builder.open_block(N.Div(classes=list(classes), loc=L.loc(t)), group=g)
    return begin


def minipage_begin(L, t, g, pos, height, inner, width) -> None:
    """A minipage inside a float is a figure of the float's kind, so that a \\caption in
    it numbers that part (two captioned images side by side); elsewhere a Div."""
    floats = L.data.get("floats")
    if floats:
        kind = floats[-1].kind
        if kind.startswith("sub"):
            kind = kind[3:]
        from octavo.latex.kernel import floats as F
        F.open_float(L, t, g, kind, "", container=True)
        return
    L.builder.open_block(N.Div(classes=["minipage"], loc=L.loc(t)), group=g)


def framed_begin(L, t, g, *args) -> None:
    L.builder.open_block(N.Div(classes=["framed"], loc=L.loc(t)), group=g)


def comment_begin(L, t, g) -> None:
    L.read_raw_environment_body(g.kind[4:] if g.kind.startswith("env:") else "comment", t)


def epigraph(L, t, text, source) -> None:
    """\\epigraph{text}{source}: a quotation with its source."""
    q = N.Quote(kind="epigraph", loc=L.loc(t))
    L.builder.add_block(q)
    L.blocks(text, lambda blocks: setattr(q, "children", blocks), t)
    L.inlines(source, lambda inl: setattr(q, "attribution", inl), t)


def epigraph_env_begin(L, t, g, source) -> None:
    """\\begin{epigraph}[source] ... \\end{epigraph}."""
    q = N.Quote(kind="epigraph", loc=L.loc(t))
    L.builder.open_block(q, group=g)
    if source:
        L.inlines(source, lambda inl: setattr(q, "attribution", inl), t)


def qitem(L, t, text, source) -> None:
    """\\qitem{text}{source} inside memoir's epigraphs environment."""
    epigraph(L, t, text, source)


def blockquote(L, t, star, text, cite, punct) -> None:
    """csquotes' \\blockquote[cite][punct]{text}."""
    q = N.Quote(kind="quote", loc=L.loc(t))
    L.builder.add_block(q)
    L.blocks(text, lambda blocks: setattr(q, "children", blocks), t)
    if cite:
        L.inlines(cite, lambda inl: setattr(q, "attribution", inl), t)


def attrib(L, t, arg) -> None:
    """\\attrib{source} inside a quote: the attribution of the innermost Quote."""
    for fr in reversed(L.builder.frames):
        if isinstance(fr.node, N.Quote):
            q = fr.node
            L.inlines(arg, lambda inl: setattr(q, "attribution", inl), t)
            return
    L.engine.push(arg or [])


def multicols_begin(L, t, g, columns, header, presep) -> None:
    """multicols{n}[header][presep]: the columns are print layout; the header is text."""
    if header:
        L.engine.push(list(header) + [Token(CS, "par")])


def install(L) -> None:
    for name in QUOTES:
        L.environment(name, begin=quote_env("quote" if name == "quoting" else name),
                      spec="o" if name in ("displayquote", "quoting") else "")
    for name, cls in ALIGNED.items():
        L.environment(name, begin=div_env([cls]))
        # the command forms (\flushright ... to the end of the enclosing group, or
        # \center ... \endcenter inside a class's own environment) only set alignment,
        # which is print-only: they open no environment that would then never be ended
        L.ignore(name, "")
        L.ignore("end" + name, "")
    L.environment("minipage", begin=minipage_begin, spec="o o o m")
    for name in FRAMED:
        L.environment(name, begin=framed_begin, spec="o")
    L.environment("comment", begin=comment_begin, verbatim=True)
    for name in ("multicols", "multicols*"):
        L.environment(name, begin=multicols_begin, spec="m o o")
    L.command("epigraph", "m m", epigraph)
    L.environment("epigraph", begin=epigraph_env_begin, spec="o")
    L.environment("epigraphs", begin=quote_env("epigraph"))
    L.command("qitem", "m m", qitem)
    L.command("blockquote", "s o o m", lambda L, t, s, cite, punct, text:
              blockquote(L, t, s, text, cite, punct))
    L.command("attrib", "m", attrib)
    L.passthrough("epigraphhead", "o m")
    L.command("excludecomment", "m", lambda L, t, n: L.environment(
        L.string(n).strip(), begin=comment_begin, verbatim=True))
    L.command("includecomment", "m", lambda L, t, n: L.environment(L.string(n).strip()))
