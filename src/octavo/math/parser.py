"""Tokens of a formula (already macro-expanded) -> the math AST of `nodes`.

Contract: `Parser(tokens, shared).parse_formula()` never raises on any input.  Problems
(unbalanced braces, \\left without \\right, unknown commands, nesting deeper than
`MAX_DEPTH`) become located warnings on ``shared.reporter`` and visible `Error` nodes.
Nesting is bounded by `MAX_DEPTH` (every group, argument, \\left and environment counts),
so neither this parser nor the renderers can exhaust Python's stack.

Display rows: `parse_table` with ``top=True`` gives every row a `RowMeta`; \\label,
\\tag, \\nonumber met anywhere inside a row (even in a nested aligned) go to the row
being read (``self.meta``); for single-row displays the caller sets one meta.
"""

from __future__ import annotations

from octavo.errors import UNKNOWN
from octavo.math import alphabets as A
from octavo.math import environments as E
from octavo.math import symbols as S
from octavo.math.nodes import (Accent, Error, Fenced, Frac, Leaf, Link, Row, RowMeta,
                               Scripts, Space, Style, Table, TableRow, Text, UnderOver)
from octavo.math.commands import CELL, COLORS, COMMANDS, GROUP, RIGHT, TOP, fn_leaf
from octavo.math.textmode import TEXT_STYLES, read_text
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token, source_text, split_run

MAX_DEPTH = 60
"""Deepest nesting of groups/arguments/environments read; deeper input becomes an
error node (TeX's own limit on groups is 255; real formulas stay under 20)."""


_ONCE_PER_FORMULA = frozenset({"W-MATH-ARG", "W-MATH-BRACE", "W-MATH-DELIM", "W-MATH-ENV",
                               "W-MATH-SCRIPT"})
"""Codes reported at most once per formula (malformed input repeats them)."""
_OVER = frozenset({"over", "atop", "choose", "brace", "brack", "above"})
_STYLES = {"displaystyle": (True, 0), "textstyle": (False, 0), "scriptstyle": (False, 1),
           "scriptscriptstyle": (False, 2)}


class Shared:
    """State shared by a formula's parser and its sub-parsers."""

    __slots__ = ("reporter", "ctx", "warned", "meta", "end_loc")

    def __init__(self, reporter, ctx=None):
        self.reporter = reporter
        self.ctx = ctx
        self.warned: set = set()
        self.meta: RowMeta | None = None
        self.end_loc = UNKNOWN


def flatten(tokens) -> list:
    out = []
    for t in tokens:
        if t.cat == RUN:
            out.extend(split_run(t))
        else:
            out.append(t)
    return out


def wants_limits(node) -> bool:
    if isinstance(node, Leaf):
        return node.limits
    if isinstance(node, Accent):
        return node.name in S.BRACES
    if isinstance(node, UnderOver):
        return node.cls == "op"
    return False


class Parser:
    __slots__ = ("toks", "pos", "n", "sh", "depth", "font")

    def __init__(self, tokens, shared: Shared, depth: int = 0):
        self.toks = flatten(tokens)
        self.pos = 0
        self.n = len(self.toks)
        self.sh = shared
        self.depth = depth
        self.font = ""
        if self.toks and shared.end_loc is UNKNOWN:
            shared.end_loc = self.toks[-1].loc

    # -- diagnostics -------------------------------------------------------------------
    def first_in_formula(self, key) -> bool:
        """True the first time ``key`` is met in this formula (its sub-parsers share
        the set): "once per formula" diagnostics, keyed on the formula, not on the
        identity of an object Python may reuse for a later formula."""
        warned = self.sh.warned
        if key in warned:
            return False
        warned.add(key)
        return True

    def error(self, code: str, message: str, tok: Token | None = None) -> None:
        """A located error (the formula is still rendered, with <merror> where it fails)."""
        if not self.first_in_formula(code):
            return
        loc = tok.loc if tok is not None else self._here()
        self.sh.reporter.error(code, message, loc)

    def warn(self, code: str, message: str, tok: Token | None = None, once=None,
             per_formula=None) -> None:
        """A located warning.  ``once``: a key reported once per conversion (an unknown
        name); ``per_formula``: a key reported once per formula (codes in
        `_ONCE_PER_FORMULA` are, keyed on the code)."""
        if per_formula is None and once is None and code in _ONCE_PER_FORMULA:
            per_formula = code
        if per_formula is not None and not self.first_in_formula(per_formula):
            return
        loc = tok.loc if tok is not None else self._here()
        self.sh.reporter.warning(code, message, loc, once=once)

    def _here(self):
        if self.pos < self.n:
            return self.toks[self.pos].loc
        return self.sh.end_loc

    def unknown(self, tok: Token) -> None:
        self.sh.reporter.warning("W-MATH-UNKNOWN", f"unknown math command \\{tok.text}",
                                 tok.loc, once=("W-MATH-UNKNOWN", tok.text))

    # -- token helpers -----------------------------------------------------------------
    def peek(self) -> Token | None:
        while self.pos < self.n:
            t = self.toks[self.pos]
            if t.cat == C.SPACE or t.cat == C.EOL:
                self.pos += 1
                continue
            return t
        return None

    def take_star(self) -> bool:
        t = self.peek()
        if t is not None and t.cat == C.OTHER and t.text == "*":
            self.pos += 1
            return True
        return False

    def read_group(self) -> list:
        """Tokens of the next argument: a {...} group's contents or a single token."""
        t = self.peek()
        if t is None:
            self.warn("W-MATH-ARG", "missing argument at end of formula")
            return []
        if t.cat == C.BEGIN:
            depth = 0
            i = self.pos
            while i < self.n:
                c = self.toks[i].cat
                if c == C.BEGIN:
                    depth += 1
                elif c == C.END:
                    depth -= 1
                    if depth == 0:
                        out = self.toks[self.pos + 1:i]
                        self.pos = i + 1
                        return out
                i += 1
            self.warn("W-MATH-BRACE", "missing } (unbalanced braces)", t)
            out = self.toks[self.pos + 1:]
            self.pos = self.n
            return out
        if t.cat == C.END:
            self.warn("W-MATH-ARG", "missing argument before }", t)
            return []
        self.pos += 1
        return [t]

    def read_optional(self) -> list | None:
        t = self.peek()
        if t is None or t.cat != C.OTHER or t.text != "[":
            return None
        depth = 0
        i = self.pos + 1
        while i < self.n:
            u = self.toks[i]
            if u.cat == C.BEGIN:
                depth += 1
            elif u.cat == C.END:
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and u.cat == C.OTHER and u.text == "]":
                out = self.toks[self.pos + 1:i]
                self.pos = i + 1
                return out
            i += 1
        self.warn("W-MATH-ARG", "optional argument [ without closing ]; read as a "
                  "character", t)
        return None

    def read_name(self) -> str:
        return "".join(t.text for t in self.read_group() if t.cat != C.SPACE)

    def sub_parser(self, tokens) -> Parser:
        p = Parser(tokens, self.sh, self.depth + 1)
        p.font = self.font
        return p

    def sub_math(self, tokens):
        """A nested formula (math inside \\text)."""
        return Row(self.sub_parser(tokens).parse_list(TOP))

    def math_arg(self, font: str | None = None):
        """The next argument read as math (a Row), optionally in another font."""
        t = self.peek()
        saved = self.font
        if font is not None:
            self.font = font
        try:
            if t is None:
                self.warn("W-MATH-ARG", "missing argument at end of formula")
                return Row()
            if t.cat == C.BEGIN:
                self.pos += 1
                items = self.parse_list(GROUP)
                self._close_group(t)
                return Row(items)
            if t.cat == C.END:
                self.warn("W-MATH-ARG", "missing argument before }", t)
                return Row()
            node = self.parse_atom(single=True)
            return Row([node] if node is not None else [])
        finally:
            self.font = saved

    def _close_group(self, opener: Token) -> None:
        t = self.peek()
        if t is not None and t.cat == C.END:
            self.pos += 1
        elif self.first_in_formula("brace"):
            self.warn("W-MATH-BRACE", "missing } (unbalanced braces)", opener)

    def text_arg(self, style: str) -> Text:
        return read_text(self.read_group(), style, self)

    def dimension(self, tokens) -> float:
        """A TeX dimension in em (0 when unreadable)."""
        s = "".join(t.text for t in tokens if t.cat != C.SPACE).lstrip("+")
        num = ""
        for ch in s:
            if ch.isdigit() or ch in ".-":
                num += ch
            else:
                break
        unit = s[len(num):len(num) + 2]
        try:
            value = float(num) if num not in ("", "-", ".") else (1.0 if unit else 0.0)
        except ValueError:
            return 0.0
        if s[len(num):].startswith("\\") or not unit:
            return value
        scale = {"em": 1.0, "ex": 0.43, "pt": 0.1, "bp": 0.1, "mu": 1 / 18, "mm": 0.285,
                 "cm": 2.85, "in": 7.23, "pc": 1.2, "sp": 0.1 / 65536}.get(unit, 0.1)
        return round(value * scale, 4)

    # -- references and labels (called from text mode too) ------------------------------
    def label(self, tokens, loc) -> None:
        name = source_text(tokens).strip()
        meta = self.sh.meta
        if meta is None:
            self.sh.reporter.warning("W-MATH-LABEL", f"\\label{{{name}}} outside a "
                                     "numbered display is ignored", loc)
        elif meta.label is not None and meta.label != name:
            self.sh.reporter.warning("W-MATH-LABEL", f"second \\label{{{name}}} in one "
                                     f"equation (keeping {meta.label})", loc)
        else:
            meta.label = name

    def reference(self, kind: str, tokens, loc):
        key = source_text(tokens).strip()
        resolve = getattr(self.sh.ctx, "resolve_ref", None)
        if resolve is not None:
            got = resolve(kind, key, loc)
            if got:
                return Link(got[0], got[1])
        self.sh.reporter.warning("W-MATH-REF", f"\\{kind}{{{key}}} inside math cannot be "
                                 "linked", loc)
        return Link("(??)" if kind == "eqref" else "??")

    # -- lists ---------------------------------------------------------------------------
    def too_deep(self, stop: int):
        """Skip what the current list would have read, non-recursively."""
        self.warn("W-MATH-DEPTH", f"math nested deeper than {MAX_DEPTH} levels",
                  per_formula="depth")
        depth = 0
        while self.pos < self.n:
            c = self.toks[self.pos].cat
            if c == C.BEGIN:
                depth += 1
            elif c == C.END:
                if depth == 0 and stop != TOP:
                    break
                depth -= 1
            self.pos += 1
        return Error("\u2026")

    def parse_list(self, stop: int) -> list:
        if self.depth >= MAX_DEPTH:
            return [self.too_deep(stop)]
        self.depth += 1
        saved_font = self.font
        items: list = []
        switches: list = []  # (index, Style template)
        over = None  # (index, command token)
        toks = self.toks
        while self.pos < self.n:
            t = toks[self.pos]
            cat = t.cat
            if cat == C.SPACE or cat == C.EOL:
                self.pos += 1
                continue
            if cat == C.END:
                if stop != TOP:
                    break
                self.warn("W-MATH-BRACE", "unbalanced } ignored", t)
                self.pos += 1
                continue
            if cat == C.ALIGN:
                if stop == CELL:
                    break
                self.warn("W-MATH-ALIGN", "& outside an alignment ignored", t,
                          per_formula="align")
                self.pos += 1
                continue
            if cat == C.SUPER or cat == C.SUB:
                self.pos += 1
                self.script(items, cat == C.SUPER, t)
                continue
            if cat == C.OTHER and t.text == "'":
                self.primes(items)
                continue
            if cat == CS:
                name = t.text
                if name in ("\\", "cr", "newline"):
                    if stop == CELL:
                        break
                    self.pos += 1
                    self.take_star()
                    self.read_optional()
                    self.warn("W-MATH-NEWLINE", "line break outside a multi-line "
                              "environment ignored", t, per_formula="newline")
                    continue
                if name == "right" and stop == RIGHT:
                    break
                if stop == CELL and name in ("intertext", "shortintertext"):
                    break  # amsmath ends the row itself when \\intertext follows no \\\\
                if name == "end" and stop != TOP:
                    break
                if name in _OVER:
                    self.pos += 1
                    if name == "above":
                        self.dimension(self.read_group())
                    if over is None:
                        over = (len(items), name)
                    continue
                if name in _STYLES:
                    self.pos += 1
                    ds, sl = _STYLES[name]
                    switches.append((len(items), Style(None, ds, sl)))
                    continue
                if name == "color":
                    self.pos += 1
                    color = self.color()
                    if color:
                        switches.append((len(items), Style(None, color=color)))
                    continue
                if name in A.FONT_SWITCHES:
                    self.pos += 1
                    self.font = A.FONT_SWITCHES[name]
                    continue
                if name in ("limits", "nolimits", "displaylimits"):
                    self.pos += 1
                    self.set_limits(items, name, t)
                    continue
            node = self.parse_atom()
            if node is not None:
                items.append(node)
        self.font = saved_font
        self.depth -= 1
        if over is not None:
            k, name = over
            num, den = items[:k], items[k:]
            num_sw = [(i, s) for i, s in switches if i <= k]
            den_sw = [(i - k, s) for i, s in switches if i > k]
            num, den = _apply(num, num_sw), _apply(den, den_sw)
            frac = Frac(Row(num), Row(den), None if name in ("over", "above") else "0")
            if name in ("choose", "brace", "brack"):
                frac.left, frac.right = {"choose": ("(", ")"), "brace": ("{", "}"),
                                         "brack": ("[", "]")}[name]
            return [frac]
        return _apply(items, switches)

    def script(self, items: list, sup: bool, tok: Token) -> None:
        arg = self.math_arg()
        base = items.pop() if items else None
        if isinstance(base, Scripts) and (base.sup if sup else base.sub) is None:
            node = base
        else:
            if base is None:
                base = Row()
            elif isinstance(base, Scripts):
                self.warn("W-MATH-SCRIPT", "double " + ("superscript" if sup else
                          "subscript"), tok)
            node = Scripts(base, limits=wants_limits(base))
        if sup:
            node.sup = arg
        else:
            node.sub = arg
        items.append(node)

    def primes(self, items: list) -> None:
        count = 0
        while self.pos < self.n and self.toks[self.pos].cat == C.OTHER and \
                self.toks[self.pos].text == "'":
            count += 1
            self.pos += 1
        text = {1: "\u2032", 2: "\u2033", 3: "\u2034", 4: "\u2057"}.get(count, "\u2032" * count)
        prime = Leaf("mo", text)
        base = items.pop() if items else Row()
        if isinstance(base, Scripts) and base.sup is None:
            node = base
        else:
            node = Scripts(base, limits=False)
        sup = [prime]
        t = self.peek()
        if t is not None and t.cat == C.SUPER:
            self.pos += 1
            sup.extend(self.math_arg().items)
        node.sup = Row(sup) if len(sup) > 1 else prime
        items.append(node)

    def set_limits(self, items: list, name: str, tok: Token) -> None:
        target = items[-1] if items else None
        if isinstance(target, Leaf) and target.cls in ("op", "fn"):
            if name == "displaylimits":
                target.limits = target.cls == "op" and target.text not in _INTEGRALS
                target.explicit_limits = False
            else:
                target.limits = name == "limits"
                target.explicit_limits = True
        elif isinstance(target, (UnderOver, Accent, Row)):
            if isinstance(target, UnderOver):
                target.cls = "op" if name == "limits" else target.cls
        else:
            self.warn("W-MATH-LIMITS", f"\\{name} is allowed only on operators", tok)

    # -- atoms ---------------------------------------------------------------------------
    def parse_atom(self, single: bool = False):
        """One nucleus at self.pos (never a blank, script or closing token)."""
        t = self.toks[self.pos]
        cat = t.cat
        if cat == C.LETTER:
            self.pos += 1
            font = self.font
            if font and font not in ("it", "bsym", "bfit", "sfit"):
                text = t.text
                while not single and self.pos < self.n and self.toks[self.pos].cat == C.LETTER:
                    text += self.toks[self.pos].text
                    self.pos += 1
                return self.identifier(text)
            return self.identifier(t.text)
        if cat == C.OTHER:
            self.pos += 1
            ch = t.text
            if ch.isdigit():
                text = ch
                toks = self.toks
                while not single and self.pos < self.n:
                    u = toks[self.pos]
                    if u.cat == C.OTHER and u.text.isdigit():
                        text += u.text
                    elif u.cat == C.OTHER and u.text == "." and self.pos + 1 < self.n and \
                            toks[self.pos + 1].cat == C.OTHER and toks[self.pos + 1].text.isdigit():
                        text += "."
                    else:
                        break
                    self.pos += 1
                return Leaf("mn", A.styled_text(text, self.font))
            known = S.CHAR_CLASSES.get(ch)
            if known is not None:
                cls, text = known
                if cls in ("open", "close", "fence"):
                    return Leaf("mo", text, cls, {"stretchy": "false"})
                return Leaf("mo", text, cls)
            if ch.isalpha():
                return self.identifier(ch)
            sym = S.BY_CHAR.get(ch)
            if sym is not None:
                return self.symbol(ch, sym)
            return Leaf("mo", ch)
        if cat == C.BEGIN:
            self.pos += 1
            items = self.parse_list(GROUP)
            self._close_group(t)
            return Row(items)
        if cat == CS:
            self.pos += 1
            return self.command(t)
        if cat == C.ACTIVE:
            self.pos += 1
            return Space(1 / 3)
        if cat == C.MATH:
            self.pos += 1
            self.warn("W-MATH-SHIFT", "stray $ inside math ignored", t,
                      per_formula="shift")
            return None
        self.pos += 1
        if cat == C.PARAM:
            return Leaf("mi", "#")
        return None

    def identifier(self, text: str) -> Leaf:
        font = self.font
        if font == "rm":
            return Leaf("mi", text, attrs={"mathvariant": "normal"} if len(text) == 1 else None)
        styled = A.styled_text(text, font) if font else text
        return Leaf("mi", styled)

    def symbol(self, name: str, sym: S.Sym) -> Leaf:
        kind = sym.kind
        text = sym.text
        if kind == "mi":
            return Leaf("mi", A.styled_text(text, self.font) if self.font else text)
        if kind == "mi0":
            if self.font and self.font != "rm":
                styled = A.styled_text(text, self.font)
                if styled != text:
                    return Leaf("mi", styled)
            upright = len(text) == 1 and A.styled(text, "it") != text
            return Leaf("mi", text, attrs={"mathvariant": "normal"} if upright else None)
        if kind in ("op", "opi"):
            return Leaf("mo", text, "op", limits=kind == "op")
        if kind in ("open", "close", "fence"):
            return Leaf("mo", text, kind, {"stretchy": "false"})
        if kind == "ord":
            return Leaf("mo", text, "ord")
        return Leaf("mo", text, kind)

    def command(self, t: Token):
        name = t.text
        handler = COMMANDS.get(name)
        if handler is not None:
            return handler(self, t)
        sym = S.SYMBOLS.get(name)
        if sym is not None:
            return self.symbol(name, sym)
        if name in S.FUNCTIONS:
            return Leaf("mi", name, "fn")
        if name in S.LIMIT_FUNCTIONS:
            return fn_leaf(S.LIMIT_FUNCTIONS[name], True)
        if name in S.SPACES:
            return Space(S.SPACES[name])
        if name in A.FONT_COMMANDS:
            return self.math_arg(A.FONT_COMMANDS[name])
        if name in TEXT_STYLES:
            return self.text_arg(TEXT_STYLES[name])
        self.unknown(t)
        return Error("\\" + name)

    def color(self) -> str | None:
        """Read [model]{spec} and return a safe CSS colour, or None (warned)."""
        model = self.read_optional()
        tok = self.peek()
        spec = "".join(x.text for x in self.read_group() if x.cat != C.SPACE)
        model_s = "".join(x.text for x in model) if model else ""
        got = _css_color(model_s, spec)
        if got is None:
            self.warn("W-MATH-COLOR", f"colour {spec!r} not understood; ignored", tok)
        return got

    # -- environments ----------------------------------------------------------------
    def environment(self, begin: Token):
        name = self.read_name()
        spec = E.spec_for(name)
        if spec is None or spec.kind == "single":
            if spec is None:
                self.warn("W-MATH-ENV", f"unknown math environment {name}", begin,
                          once=("W-MATH-ENV", name))
                spec = E.EnvSpec("gather", display=True)
            elif name != "math":
                self.warn("W-MATH-ENV", f"environment {name} nested inside math", begin)
        aligns = list(spec.aligns)
        vlines: dict = {}
        args = spec.args
        if "pos" in args:
            self.read_optional()
        if "alignat" in args:
            self.read_group()
        if args == "array":
            self.read_optional()
            aligns, vlines = E.column_spec(self.read_group())
        if args == "matrix*":
            opt = self.read_optional()
            if opt:
                aligns = [{"l": "left", "r": "right"}.get(opt[0].text, "center")]
        table = Table(kind=spec.kind if spec.kind != "multline" else "gather",
                      aligns=aligns, vlines=vlines, display=spec.display, small=spec.small,
                      gap=spec.gap if name not in ("split",) else 0.0)
        if name in ("aligned", "alignedat", "split"):
            table.gap = 2.0 if name != "alignedat" else 0.0
        self.parse_table(table, name, top=False, opener=begin, text=name == "tabular")
        if spec.open or spec.close:
            return Fenced(spec.open, spec.close, Row([table]))
        return table

    def text_cell(self) -> Row:
        """A text-mode cell (a tabular inside math): its tokens up to the next & or \\\\
        (or the \\end) outside braces, read as text."""
        start = i = self.pos
        depth = 0
        toks = self.toks
        while i < self.n:
            u = toks[i]
            c = u.cat
            if c == C.BEGIN:
                depth += 1
            elif c == C.END:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (c == C.ALIGN or (c == CS and u.text in (
                    "\\", "cr", "tabularnewline", "end"))):
                break
            i += 1
        self.pos = i
        end = i
        while start < end and toks[start].cat in (C.SPACE, C.EOL):
            start += 1
        while end > start and toks[end - 1].cat in (C.SPACE, C.EOL):
            end -= 1
        return Row([read_text(toks[start:end], "", self)])

    def parse_table(self, table: Table, end_name: str | None, top: bool,
                    opener: Token | None = None, text: bool = False) -> Table:
        if self.depth >= MAX_DEPTH:
            table.rows.append(TableRow([Row([self.too_deep(CELL)])]))
            return table
        self.depth += 1
        rows = table.rows
        done = False
        while not done:
            row = TableRow()
            if top:
                t = self.peek()
                row.meta = RowMeta(loc=t.loc if t is not None else self.sh.end_loc)
                self.sh.meta = row.meta
            while True:  # row prefix: rules and \intertext
                t = self.peek()
                if t is None or t.cat != CS:
                    break
                if t.text in ("hline", "hdashline", "midrule", "toprule", "bottomrule"):
                    self.pos += 1
                    row.hline = "dashed" if t.text == "hdashline" else "solid"
                elif t.text in ("cline", "cmidrule"):
                    self.pos += 1
                    self.read_optional()
                    self.read_group()
                    row.hline = row.hline or "solid"
                elif t.text in ("intertext", "shortintertext"):
                    self.pos += 1
                    row.text = self.text_arg("")
                    break
                elif t.text == "noalign":
                    self.pos += 1
                    self.read_group()
                else:
                    break
            if row.text is not None:
                rows.append(row)
                continue
            cells = row.cells
            while True:
                cells.append(self.text_cell() if text else Row(self.parse_list(CELL)))
                t = self.peek()
                if t is None:
                    if end_name is not None:
                        self.warn("W-MATH-ENV", f"\\begin{{{end_name}}} without \\end",
                                  opener)
                    done = True
                    break
                if t.cat == C.ALIGN:
                    self.pos += 1
                    continue
                if t.cat == CS and t.text in ("\\", "cr", "newline", "tabularnewline"):
                    self.pos += 1
                    self.take_star()
                    self.read_optional()
                    break
                if t.cat == CS and t.text in ("intertext", "shortintertext"):
                    break  # the next row is this text (read as the row's prefix)
                if t.cat == CS and t.text == "end":
                    if end_name is None:  # a stray \end in a display body
                        self.pos += 1
                        self.warn("W-MATH-ENV", f"\\end{{{self.read_name()}}} without "
                                  "\\begin ignored", t)
                        continue
                    self.pos += 1
                    got = self.read_name()
                    if got != end_name:
                        self.warn("W-MATH-ENV", f"\\begin{{{end_name}}} ended by "
                                  f"\\end{{{got}}}", t)
                    done = True
                    break
                # a closing brace or \right belonging to an outer construct
                self.warn("W-MATH-ENV", f"\\begin{{{end_name or 'display'}}} not closed "
                          "before " + ("}" if t.cat == C.END else "\\" + t.text), t)
                done = True
                break
            rows.append(row)
        self.depth -= 1
        # a final "\\" leaves an empty row: drop it (keeping a rule drawn below)
        if rows and rows[-1].text is None and all(not c.items for c in rows[-1].cells):
            last = rows[-1]
            meta = last.meta
            if len(rows) > 1 or (meta is None or (meta.label is None and meta.tag is None)):
                if meta is None or (meta.label is None and meta.tag is None):
                    table.hline_below = last.hline
                    rows.pop()
        return table


_INTEGRALS = frozenset("\u222b\u222c\u222d\u2a0c\u222e\u222f\u2230")


def _apply(items: list, switches: list) -> list:
    for idx, tmpl in reversed(switches):
        tmpl.body = Row(items[idx:])
        items = items[:idx] + [tmpl]
    return items


_HEX = frozenset("0123456789abcdefABCDEF")


def _css_color(model: str, spec: str) -> str | None:
    if not model:
        if spec.lower() in COLORS:
            return COLORS[spec.lower()]
        if "!" in spec:  # xcolor mixes like red!50: approximate by the first colour
            return COLORS.get(spec.split("!")[0].lower())
        return None
    m = model.lower()
    if m == "html" and len(spec) == 6 and all(c in _HEX for c in spec):
        return "#" + spec.lower()
    try:
        parts = [float(x) for x in spec.split(",")]
    except ValueError:
        return None
    if m == "rgb" and len(parts) == 3 and all(0 <= p <= 1 for p in parts):
        return "#" + "".join(f"{round(p * 255):02x}" for p in parts)
    if m == "rgb" and len(parts) == 3 and all(0 <= p <= 255 for p in parts):
        return "#" + "".join(f"{round(p):02x}" for p in parts)
    if m == "gray" and len(parts) == 1 and 0 <= parts[0] <= 1:
        return "#" + f"{round(parts[0] * 255):02x}" * 3
    return None
