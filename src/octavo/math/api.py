"""The math layer's interface: expanded tokens of a formula -> MathML, text and numbers.

``convert_inline(tokens, ctx)`` and ``convert_display(env, tokens, ctx)`` never raise:
problems become located diagnostics on ``ctx.reporter`` and visible <merror> elements.

Numbering: `convert_display` calls ``ctx.number_row(label, tag, numbered, loc)`` once per
equation row, in order (once for equation/multline/displaymath, once per row for
align/gather/eqnarray/alignat/flalign; \\intertext rows are not equation rows).
``numbered`` is False for starred forms, \\[ \\], $$, displaymath and after
\\nonumber/\\notag; a \\tag{x} makes it True and passes ``tag="x"`` (the caller returns
it as the number).  The number the caller returns is shown in parentheses, except for
\\tag*{x}, shown as is.  ``rows`` of the result holds, for numbered rows only, exactly
what ``number_row`` returned.

If ``ctx`` also has ``resolve_ref(kind, label, loc) -> (text, href) | None``, references
inside math (``\\text{by \\eqref{x}}``) become links; otherwise they show ``(??)`` and warn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from octavo.errors import UNKNOWN, Reporter
from octavo.math import environments as E
from octavo.math.linear import linear as _linear
from octavo.math.mathml import esc, math_element, render, table as _table
from octavo.math.nodes import Error, Row, RowMeta, Table
from octavo.math.parser import Parser, Shared
from octavo.tex.tokens import Token, source_text


class MathContext(Protocol):
    reporter: Reporter

    def number_row(self, label: str | None, tag: str | None, numbered: bool,
                   loc) -> tuple[str, str | None]:
        """Called once per row/equation in order; returns (number text shown, anchor id
        or None).  tag is the \\tag text (then numbered=True and the caller returns that
        tag as the number)."""
        ...


@dataclass(slots=True)
class MathResult:
    mathml: str
    """The complete <math ...>...</math> (multi-row displays: numbers in a last column)."""
    linear: str
    """Linear Unicode text; one line per row of a multi-row display; no numbers."""
    tex: str
    """TeX source of the formula (the alttext)."""
    rows: list = field(default_factory=list)
    """(number, anchor_id) as returned by ctx.number_row, for numbered rows."""
    html: str = ""
    """What to embed: for displays a <div class="equation"> with the numbers right-aligned
    outside the formula and carrying the anchor ids; for inline math == mathml."""


@dataclass(slots=True)
class SimpleContext:
    """A MathContext numbering 1, 2, 3 ... with anchors ``eq-N`` (or ``eq:label``), for
    tests, benchmarks and callers without their own counters."""

    reporter: Reporter = field(default_factory=Reporter)
    counter: int = 0
    calls: list = field(default_factory=list)

    def number_row(self, label, tag, numbered, loc):
        self.calls.append((label, tag, numbered, loc))
        if tag is not None:
            return tag, (f"eq:{label}" if label else f"eq-tag-{len(self.calls)}")
        if not numbered:
            return "", (f"eq:{label}" if label else None)
        self.counter += 1
        return str(self.counter), (f"eq:{label}" if label else f"eq-{self.counter}")


def _alttext(tokens) -> str:
    """The formula's source for alttext, without \\label{...} (a label is not math)."""
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t.cat == 16 and t.text == "label" and i + 1 < n and tokens[i + 1].cat == 1:
            depth = 0
            j = i + 1
            while j < n:
                if tokens[j].cat == 1:
                    depth += 1
                elif tokens[j].cat == 2:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        out.append(t)
        i += 1
    return source_text(out).strip()


def _first_loc(tokens):
    for t in tokens:
        try:
            return t.loc
        except Exception:  # a token without a source position
            return UNKNOWN
    return UNKNOWN


def convert_inline(tokens: list[Token], ctx) -> MathResult:
    tex = _alttext(tokens)
    try:
        sh = Shared(ctx.reporter, ctx)
        node = Row(Parser(tokens, sh).parse_list(0))
        mathml = math_element(render(node), False, tex)
        return MathResult(mathml, _linear(node), tex, [], mathml)
    except Exception as exc:  # last-resort guard: a bug must not lose the formula
        return _internal_error(tokens, tex, ctx, exc, False)


def convert_display(env: str, tokens: list[Token], ctx) -> MathResult:
    base = env[:-1] if env.endswith("*") else env
    tex = _alttext(tokens)
    if base in E.TOP_LEVEL:
        tex = f"\\begin{{{env}}}{tex}\\end{{{env}}}"
    try:
        return _display(env, base, tokens, tex, ctx)
    except Exception as exc:
        return _internal_error(tokens, tex, ctx, exc, True)


def _display(env: str, base: str, tokens, tex: str, ctx) -> MathResult:
    numbered_env = not env.endswith("*") and base in (
        "equation", "align", "flalign", "alignat", "xalignat", "gather", "multline",
        "eqnarray")
    sh = Shared(ctx.reporter, ctx)
    parser = Parser(tokens, sh)
    if base in E.TOP_LEVEL:
        spec = E.spec_for(base)
        table = Table(kind=spec.kind, aligns=list(spec.aligns), display=True,
                      gap=spec.gap)
        if "alignat" in spec.args:
            parser.read_group()
        parser.parse_table(table, None, top=True)
        node = Row([table])
        if base == "multline":
            metas = [_merge([r.meta for r in table.rows if r.meta is not None],
                            _first_loc(tokens))]
        else:
            metas = [r.meta if r.text is None else None for r in table.rows]
    else:
        table = None
        meta = RowMeta(loc=_first_loc(tokens))
        sh.meta = meta
        node = Row(parser.parse_list(0))
        metas = [meta]

    shown: list = []  # per meta: (text, anchor) or None
    rows: list = []
    for meta in metas:
        if meta is None:
            shown.append(None)
            continue
        tag = _linear(meta.tag) if meta.tag is not None else None
        numbered = tag is not None or (numbered_env and meta.numbered)
        number, anchor = ctx.number_row(meta.label, tag, numbered, meta.loc)
        if numbered:
            rows.append((number, anchor))
            text = number if (tag is not None and meta.tag_star) else f"({number})"
        else:
            text = ""
        shown.append((text, anchor) if (text or anchor) else None)

    lin = _linear(node, top_rows=True)
    if table is not None and base != "multline" and any(shown):
        out: list = []
        _table(table, out, shown)
        mathml = math_element("".join(out), True, tex)
        return MathResult(mathml, lin, tex, rows,
                          f'<div class="equation multi">{mathml}</div>')
    mathml = math_element(render(node), True, tex)
    eqno = ""
    if shown and shown[0] is not None:
        text, anchor = shown[0]
        ida = f' id="{esc(anchor)}"' if anchor else ""
        eqno = f'<span class="eqno"{ida}>{esc(text)}</span>'
    return MathResult(mathml, lin, tex, rows, f'<div class="equation">{mathml}{eqno}</div>')


def _merge(metas: list, loc) -> RowMeta:
    """One meta for multline: the first label/tag of any row; \\nonumber on any row
    leaves the display unnumbered."""
    out = RowMeta(loc=metas[0].loc if metas else loc)
    for m in metas:
        if out.label is None and m.label is not None:
            out.label = m.label
        if out.tag is None and m.tag is not None:
            out.tag, out.tag_star = m.tag, m.tag_star
    out.numbered = all(m.numbered for m in metas)
    return out


def _internal_error(tokens, tex: str, ctx, exc: Exception, display: bool) -> MathResult:
    ctx.reporter.error("E-MATH-INTERNAL", f"math conversion failed ({type(exc).__name__}: "
                       f"{exc}); the formula is shown as TeX", _first_loc(tokens))
    body = render(Error(tex))
    mathml = math_element(body, display, tex)
    html = f'<div class="equation">{mathml}</div>' if display else mathml
    return MathResult(mathml, tex, tex, [], html)


def stylesheet_path():
    """Path of math.css (the math font stack and the .equation layout)."""
    from pathlib import Path
    return Path(__file__).with_name("static") / "math.css"
