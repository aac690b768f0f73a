"""Tables: tabular, tabular*, tabularx, tabulary, longtable and text-mode array, with the
array package's column types, \\newcolumntype, \\multicolumn, \\multirow, the rules of
the kernel and booktabs (\\hline \\cline \\toprule \\midrule \\bottomrule \\cmidrule
\\addlinespace), makecell's boxes, and longtable's head and foot sections.

Contract:
- a table is a `Table` of `Row`s of `Cell`s; ``Table.colspec`` lists the alignment of
  every column (left, center, right, justify); a cell carries its alignment, colspan
  (\\multicolumn), rowspan (\\multirow: the empty cells it covers are removed), header
  (rows above the first booktabs \\midrule, longtable heads) and borders (t b l r from
  \\cline/\\cmidrule and | in the column spec); rules between rows go to
  ``Row.rule_above``/``rule_below`` (hline, toprule, midrule, bottomrule, double);
- cells are digested by the stomach: while a table is open ``&`` ends a cell through the
  builder's ``align_tab`` hook and \\\\ (or \\tabularnewline) ends a row through the
  ``linebreak`` hook; both hooks are restored when the table closes, so tables nest.
  Each cell is a TeX group (declarations like \\bfseries end with the cell); the group
  has the environment's kind so that \\end{tabular} may close it;
- a cell holds inlines, or blocks when it holds several paragraphs (p, m, b, X columns);
- >{..} and <{..} insert their tokens around each cell of the column, @{..} text stays
  between columns, *{n}{..} repeats; an unknown column letter warns once and acts as l;
- longtable: the first head is kept once (as header rows), repeated heads and page
  footers are dropped, the last foot ends the table; its \\caption numbers a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK, INLINE
from octavo.tex import catcodes as C
from octavo.tex import registers as R
from octavo.tex.tokens import CS, RUN, Token, split_run, to_str

MAX_COLUMNS = 200
MAX_SPEC_TOKENS = 5000
ALIGN_CS = {"centering": "center", "Centering": "center", "raggedright": "left",
            "RaggedRight": "left", "raggedleft": "right", "RaggedLeft": "right"}
TABLE_ENVS = {"tabular": "o m", "tabular*": "m o m", "tabularx": "m o m", "tabulary": "m o m",
              "longtable": "o m", "longtable*": "o m", "xltabular": "m o m", "array": "o m",
              "supertabular": "o m", "supertabular*": "m o m", "xtabular": "o m", "mpsupertabular": "o m",
              "tabu": "", "tabu*": "", "longtabu": "", "longtabu*": ""}
"""Environments and the arguments read before the column preamble (the preamble is the
last argument; tabu's are read by `_tabu_preamble`)."""
LINEBOX_CLASS = "linebox"
"""Inline frames with this class keep \\\\ as a line break (makecell, \\shortstack)."""


# --------------------------------------------------------------------------- column specs


@dataclass(slots=True)
class Column:
    align: str = "left"
    """left, center, right, justify."""
    letter: str = "l"
    width: str = ""
    """The width argument of p{} m{} b{} w{}{} as written."""
    before: list = field(default_factory=list)
    """Tokens inserted at the start of each cell (>{...})."""
    after: list = field(default_factory=list)
    """Tokens inserted at the end of each cell (<{...} and @{...} text that follows)."""
    rule_left: int = 0
    rule_right: int = 0


def _flat(tokens) -> list:
    out = []
    for t in tokens or ():
        if t.cat == RUN:
            out.extend(split_run(t))
        else:
            out.append(t)
    return out


def _take_group(toks: list, i: int) -> tuple[list, int]:
    """The argument at toks[i:]: a braced group (braces removed) or one token."""
    while i < len(toks) and toks[i].cat == C.SPACE:
        i += 1
    if i >= len(toks):
        return [], i
    if toks[i].cat != C.BEGIN:
        return [toks[i]], i + 1
    depth = 0
    for j in range(i, len(toks)):
        c = toks[j].cat
        if c == C.BEGIN:
            depth += 1
        elif c == C.END:
            depth -= 1
            if depth == 0:
                return toks[i + 1:j], j + 1
    return toks[i + 1:], len(toks)


def _substitute(body: list, args: list) -> list:
    out = []
    i = 0
    while i < len(body):
        t = body[i]
        if t.cat == C.PARAM and i + 1 < len(body):
            nx = body[i + 1]
            if nx.cat == C.PARAM:
                out.append(nx)
                i += 2
                continue
            if nx.text.isdigit() and 1 <= int(nx.text) <= len(args):
                out.extend(args[int(nx.text) - 1])
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _align_from(tokens: list, default: str) -> str:
    for t in tokens:
        if t.cat == CS and t.text in ALIGN_CS:
            return ALIGN_CS[t.text]
    return default


def _text(tokens: list) -> str:
    return "".join(t.text for t in tokens if t.cat != CS).strip()


def parse_colspec(tokens: list, coltypes: dict | None = None) -> tuple[list[Column], list[str]]:
    """Columns of a tabular preamble (pure).  ``coltypes`` maps a \\newcolumntype letter to
    ``(nargs, body_tokens)``.  Returns (columns, problems); a problem is a message about
    an unknown column letter or an over-long expansion (the column then acts as l)."""
    coltypes = coltypes or {}
    toks = _flat(tokens)
    cols: list[Column] = []
    problems: list[str] = []
    pending_before: list = []
    pending_rules = 0
    i = 0
    expanded = 0

    def add(col: Column) -> None:
        nonlocal pending_before, pending_rules
        col.before = pending_before + col.before
        col.rule_left = pending_rules
        col.align = _align_from(col.before, col.align)
        pending_before, pending_rules = [], 0
        if len(cols) < MAX_COLUMNS:
            cols.append(col)

    while i < len(toks):
        t = toks[i]
        i += 1
        c = t.cat
        if c == C.SPACE or c in (C.BEGIN, C.END):
            continue  # a stray group's braces: its content is read in place
        if c == CS:
            continue  # \vline and the like: print-only
        ch = t.text
        if ch in coltypes and ch not in "|":
            nargs, body = coltypes[ch]
            args = []
            for _ in range(nargs):
                a, i = _take_group(toks, i)
                args.append(a)
            repl = _flat(_substitute(body, args))
            expanded += len(repl)
            if expanded > MAX_SPEC_TOKENS:
                problems.append(f"column type {ch!r} expands without end")
                break
            toks[i:i] = repl
            continue
        if ch in "lcr":
            add(Column({"l": "left", "c": "center", "r": "right"}[ch], ch))
        elif ch in "pmb":
            w, i = _take_group(toks, i)
            add(Column("justify", ch, width=to_str(w).strip()))
        elif ch in "XJ":
            align = "justify"
            if i < len(toks) and toks[i].cat == C.OTHER and toks[i].text == "[":
                # tabu's X[2,c,m]: width ratio, alignment and vertical position
                opts = ""
                i += 1
                while i < len(toks) and not (toks[i].cat == C.OTHER and toks[i].text == "]"):
                    opts += toks[i].text
                    i += 1
                i += 1
                for o in opts.split(","):
                    o = o.strip()
                    if o in ("l", "c", "r", "j"):
                        align = {"l": "left", "c": "center", "r": "right", "j": "justify"}[o]
            add(Column(align, ch))
        elif ch in "LCR":
            # tabulary (and the usual \newcolumntype of the same names)
            add(Column({"L": "left", "C": "center", "R": "right"}[ch], ch))
        elif ch == "S":
            if i < len(toks) and toks[i].cat == C.OTHER and toks[i].text == "[":
                while i < len(toks) and not (toks[i].cat == C.OTHER and toks[i].text == "]"):
                    i += 1
                i += 1
            add(Column("center", ch))
        elif ch in "wW":
            a, i = _take_group(toks, i)
            w, i = _take_group(toks, i)
            add(Column({"l": "left", "c": "center", "r": "right"}.get(_text(a), "left"), ch,
                       width=to_str(w).strip()))
        elif ch == "D":
            _, i = _take_group(toks, i)
            _, i = _take_group(toks, i)
            _, i = _take_group(toks, i)
            add(Column("center", ch))
        elif ch == "|":
            if pending_before or not cols:
                pending_rules += 1
            else:
                cols[-1].rule_right += 1
        elif ch == "!":
            _, i = _take_group(toks, i)
            if not cols:
                pending_rules += 1
            else:
                cols[-1].rule_right += 1
        elif ch == "@":
            g, i = _take_group(toks, i)
            if cols:
                cols[-1].after = cols[-1].after + g
            else:
                pending_before = pending_before + g
        elif ch == ">":
            g, i = _take_group(toks, i)
            pending_before = g + pending_before
        elif ch == "<":
            g, i = _take_group(toks, i)
            if cols:
                cols[-1].after = g + cols[-1].after
        elif ch == "*":
            n, i = _take_group(toks, i)
            body, i = _take_group(toks, i)
            try:
                count = max(0, min(int(_text(n) or "0"), MAX_COLUMNS))
            except ValueError:
                problems.append(f"*{{{_text(n)}}}: not a number")
                count = 0
            repl = _flat(body) * count
            expanded += len(repl)
            if expanded > MAX_SPEC_TOKENS:
                problems.append("column specification too long")
                break
            toks[i:i] = repl
        else:
            problems.append(f"unknown column type {ch!r} (treated as l)")
            add(Column("left", ch))
    if pending_before and cols:
        cols[-1].after = cols[-1].after + pending_before
    if pending_rules and cols:
        cols[-1].rule_right += pending_rules
    return cols, problems


# --------------------------------------------------------------------------- table state


@dataclass(slots=True)
class TableState:
    node: N.Table
    env: str
    cols: list
    group: object
    prev_tab: object = None
    prev_break: object = None
    row: N.Row | None = None
    col: int = 0
    cell: N.Cell | None = None
    cell_group: object = None
    cell_frame: object = None
    omit: bool = False
    pending_tb: list = field(default_factory=list)
    """\\cline ranges at the top of the table: borders for the first row's cells."""
    section_start: int = 0
    have_firsthead: bool = False
    foot: tuple | None = None
    """(rows, rule) of \\endfoot."""
    lastfoot: tuple | None = None
    caption_rows: list = field(default_factory=list)
    header_rows: set = field(default_factory=set)
    warned_extra: bool = False


def _tables(L) -> list:
    return L.data.setdefault("tables", [])


def current(L) -> TableState | None:
    ts = _tables(L)
    return ts[-1] if ts else None


def table_begin(env: str):
    spec = TABLE_ENVS[env]

    def begin(L, t, g, *args):
        colspec = _tabu_preamble(L, t) if env.rstrip("*") in ("tabu", "longtabu") else args[-1]
        open_table(L, t, g, env, colspec)
    return begin


def _tabu_preamble(L, t) -> list:
    """tabu's ``[to <dim> | spread <dim>] {preamble}``; a preamble \\usetabu{name} (or
    \\preamble{name}) is the one \\savetabu{name} saved."""
    eng = L.engine
    if R.scan_keyword(eng, "to") or R.scan_keyword(eng, "spread"):
        R.scan_dimen(eng, t)
    colspec = eng.read_undelimited(t)
    body = [tk for tk in colspec if tk.cat != C.SPACE]
    if body and body[0].cat == CS and body[0].text in ("usetabu", "preamble") and len(body) > 1:
        name = L.string(body[1:], expand=False).strip("{} ")
        colspec = list(L.data.get("tabu_saved", {}).get(name, []))
    L.data["tabu_last"] = colspec
    return colspec


def savetabu(L, t, name) -> None:
    """\\savetabu{name}: keep the current tabu's preamble for \\usetabu{name}."""
    L.data.setdefault("tabu_saved", {})[L.string(name, expand=False).strip()] = \
        list(L.data.get("tabu_last", []))


def open_table(L, t, g, env: str, colspec) -> TableState:
    b = L.builder
    cols, problems = parse_colspec(list(colspec or []), L.data.get("coltypes"))
    for p in problems:
        L.reporter.warning("W-TABLE-SPEC", f"{env} column specification: {p}", L.loc(t), once=("colspec", p))
    if env.startswith("longtable") or env == "xltabular":
        from octavo.latex.kernel import floats
        floats.open_float(L, t, g, "table", "", longtable=True)
    node = N.Table(env=env.rstrip("*"), colspec=[c.align for c in cols], loc=L.loc(t))
    st = TableState(node, env, cols, g)
    # the table is a frame on the environment's group, so that however the environment
    # ends (even closed by a mismatched \end) the hooks are restored
    b.open_block(node, attr="rows", group=g, on_close=lambda n: _cleanup(L, st))
    st.prev_tab = b.handlers.get("align_tab")
    st.prev_break = b.handlers.get("linebreak")
    b.handlers["align_tab"] = lambda tok: align_tab(L, tok)
    b.handlers["linebreak"] = lambda tok: linebreak(L, tok)
    _tables(L).append(st)
    start_row(L, st, t)
    return st


def table_end(L, t, group) -> None:
    st = current(L)
    if st is None or st.group not in L.engine.state.groups:
        return
    end_cell(L, st, t)
    rows = st.node.rows
    if rows:
        last = rows[-1]
        if _row_empty(last):
            rows.pop()
            if rows and last.rule_above:
                rows[-1].rule_below = _merge_rule(rows[-1].rule_below, last.rule_above)
    _finish_longtable(st)
    _finish(L, st)
    _cleanup(L, st)


def _cleanup(L, st: TableState) -> None:
    """Restore the hooks the table replaced (once, innermost table first)."""
    ts = _tables(L)
    if st not in ts:
        return
    while ts:
        top = ts.pop()
        b = L.builder
        for key, prev in (("align_tab", top.prev_tab), ("linebreak", top.prev_break)):
            if prev is None:
                b.handlers.pop(key, None)
            else:
                b.handlers[key] = prev
        if top is st:
            break


def _row_empty(row: N.Row) -> bool:
    return all(not c.children and c.colspan <= 1 and c.rowspan <= 1 for c in row.cells)


def _merge_rule(a: str, b: str) -> str:
    if a and b:
        return "double" if a == b == "hline" else b
    return a or b


# --------------------------------------------------------------------------- rows and cells


def start_row(L, st: TableState, t) -> None:
    """A new row: rules and longtable section ends that stand before it, then its first cell."""
    eng = L.engine
    st.row = N.Row(loc=L.loc(t))
    st.node.rows.append(st.row)
    st.col = 0
    rules = L.data.get("table_rules", {})
    while True:
        nt = eng.get_x_token()
        if nt is None:
            break
        if nt.cat == C.SPACE or (nt.cat == CS and nt.text == "par"):
            continue
        if nt.cat == CS:
            fn = rules.get(nt.text)
            if fn is not None and eng.state.meanings.get(nt.text) is fn[0]:
                fn[1](L, nt)
                continue
        eng.push_one(nt)
        break
    start_cell(L, st, t)


def start_cell(L, st: TableState, t) -> None:
    eng = L.engine
    b = L.builder
    idx = st.col
    if idx < len(st.cols):
        col = st.cols[idx]
    else:
        col = Column()
        if not st.warned_extra and st.cols:
            st.warned_extra = True
            L.reporter.warning("W-TABLE-CELLS", f"a row of this {st.env} has more cells than its "
                               f"{len(st.cols)} columns (extra cells are kept)", L.loc(t))
    cell = N.Cell(align=col.align, loc=L.loc(t))
    borders = ("l" if col.rule_left else "") + ("r" if col.rule_right else "")
    cell.borders = borders
    if len(st.node.rows) == 1 and st.pending_tb:
        for a, z in st.pending_tb:
            if a <= idx + 1 <= z:
                cell.borders = "t" + cell.borders
    st.row.cells.append(cell)
    st.cell = cell
    nt = eng.skip_x_spaces()
    # no template for \multicolumn (it brings its own) nor before the \end of the table
    st.omit = nt is not None and nt.cat == CS and (
        nt.text == "end" or (nt.text == "multicolumn"
                             and eng.state.meanings.get("multicolumn") is L.data.get("multicolumn_prim")))
    st.cell_group = eng.begin_group("env:" + st.env, t)
    st.cell_frame = b.open_detached(cell, BLOCK, group=st.cell_group, on_close=_finish_cell)
    if st.omit:
        return
    if col.after:
        body = _read_cell_raw(L, t)
        if col.before and all(x.cat == C.SPACE for x in body):
            body = [Token(C.BEGIN, "{"), Token(C.END, "}")]  # >{$}<{$} on an empty cell: ${}$
        eng.push(list(col.before) + body + list(col.after))
    elif col.before:
        eng.push(list(col.before))


def _read_cell_raw(L, t) -> list:
    """The unexpanded tokens of the rest of this cell (to put <{...} before its end)."""
    eng = L.engine
    out = []
    depth = 0
    envs = 0
    limit = eng.limits.expansion_size
    while True:
        nt = eng.get_token()
        if nt is None:
            return out
        c = nt.cat
        if c == C.BEGIN:
            depth += 1
        elif c == C.END:
            if depth == 0:
                eng.push_one(nt)
                return out
            depth -= 1
        elif depth == 0:
            if c == C.ALIGN and not envs:
                eng.push_one(nt)
                return out
            if c == CS:
                if nt.text in ("\\", "tabularnewline", "cr", "crcr") and not envs:
                    eng.push_one(nt)
                    return out
                if nt.text == "begin":
                    envs += 1
                elif nt.text == "end":
                    if not envs:
                        eng.push_one(nt)
                        return out
                    envs -= 1
        out.append(nt)
        if len(out) > limit:
            eng.push(out)
            return []


def _finish_cell(cell: N.Cell) -> None:
    kids = cell.children
    if len(kids) == 1 and isinstance(kids[0], N.Paragraph):
        cell.children = kids[0].children


def end_cell(L, st: TableState, t) -> None:
    eng = L.engine
    groups = eng.state.groups
    g = st.cell_group
    if g is None:
        return
    if g in groups:
        if groups[-1] is not g:
            L.reporter.error("E-TABLE", f"a group opened in a cell of this {st.env} is still open "
                             "at the end of the cell; closing it here", L.loc(t))
            while groups and groups[-1] is not g:
                eng.end_group(groups[-1].kind, t)
        eng.end_group(g.kind, t)
    st.cell_group = None
    st.cell_frame = None
    if st.cell is not None:
        st.col += max(1, st.cell.colspan)
    st.cell = None


def align_tab(L, tok) -> None:
    st = current(L)
    if st is None or st.cell_group not in L.engine.state.groups:
        L.reporter.error("E-MISPLACED-TAB", "misplaced alignment tab character &", L.loc(tok),
                         once=("misplaced&", L.loc(tok)))
        return
    end_cell(L, st, tok)
    start_cell(L, st, tok)


def _ends_row_here(L, st: TableState) -> bool:
    for fr in reversed(L.builder.frames):
        if fr is st.cell_frame:
            return True
        if fr.kind == BLOCK:
            return False
        if fr.kind == INLINE and isinstance(fr.node, N.Span) and LINEBOX_CLASS in fr.node.classes:
            return False
    return False


def linebreak(L, tok) -> bool:
    """\\\\ in a cell ends the row (the text layer calls this first; False: not ours)."""
    st = current(L)
    if st is None or st.cell_frame is None or tok.text == "newline":
        return False
    if not _ends_row_here(L, st):
        return False
    end_row(L, st, tok)
    return True


def end_row(L, st: TableState, t) -> None:
    end_cell(L, st, t)
    start_row(L, st, t)


def tabularnewline(L, t, opt) -> None:
    st = current(L)
    if st is None or st.cell_frame is None:
        return
    end_row(L, st, t)


# --------------------------------------------------------------------------- rules


def _set_rule(L, t, kind: str) -> None:
    st = current(L)
    if st is None or st.row is None:
        return
    row = st.row
    if row.cells and any(c.children for c in row.cells):
        row.rule_below = _merge_rule(row.rule_below, kind)
    else:
        row.rule_above = _merge_rule(row.rule_above, kind)


def _rule(kind: str, spec: str):
    def handler(L, t, *args):
        _set_rule(L, t, kind)
    return handler


def _ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        a, _, z = part.partition("-")
        try:
            lo = int(a)
            hi = int(z) if z.strip() else lo
        except ValueError:
            continue
        out.append((lo, hi))
    return out


def partial_rule(L, t, rng) -> None:
    """\\cline{a-b} / \\cmidrule(trim){a-b}: a bottom border on the previous row's cells."""
    st = current(L)
    if st is None:
        return
    ranges = _ranges(L.string(rng))
    rows = st.node.rows
    prev = rows[-2] if len(rows) >= 2 and st.row is rows[-1] else None
    if prev is None:
        st.pending_tb.extend(ranges)
        return
    col = 0
    for cell in prev.cells:
        span = max(1, cell.colspan)
        first, last = col + 1, col + span
        if any(lo <= last and first <= hi for lo, hi in ranges) and "b" not in cell.borders:
            cell.borders += "b"
        col += span


def cmidrule(L, t) -> None:
    eng = L.engine
    eng.read_optional(t)
    nt = eng.skip_spaces()
    if nt is not None and nt.cat == C.OTHER and nt.text == "(":
        eng.get_token()
        while True:
            x = eng.get_token()
            if x is None or (x.cat == C.OTHER and x.text == ")"):
                break
    partial_rule(L, t, eng.read_undelimited(t))


# --------------------------------------------------------------------------- spans


def multicolumn(L, t, n, spec, body) -> None:
    st = current(L)
    if st is None or st.cell is None:
        L.engine.push(body or [])
        return
    try:
        span = int(L.string(n).strip())
    except ValueError:
        L.reporter.warning("W-TABLE-SPEC", f"\\multicolumn{{{L.string(n)}}}: not a number of columns",
                           L.loc(t))
        span = 1
    cols, problems = parse_colspec(list(spec or []), L.data.get("coltypes"))
    col = cols[0] if cols else Column()
    cell = st.cell
    cell.colspan = max(1, min(span, MAX_COLUMNS))
    cell.align = col.align
    cell.borders = "".join(x for x in cell.borders if x in "tb") + ("l" if col.rule_left else "") + \
        ("r" if col.rule_right else "")
    L.engine.push(list(col.before) + list(body or []) + list(col.after))


def multirow(L, t, vpos, n, bigstrut, width, vmove, body) -> None:
    st = current(L)
    if st is not None and st.cell is not None:
        try:
            k = int(L.string(n).strip())
        except ValueError:
            k = 1
        if k < 0:
            st.cell.rowspan = k  # fixed in _finish: the cell spans upwards
        elif k > 1:
            st.cell.rowspan = min(k, 1000)
    L.engine.push(body or [])


def linebox(L, t, *args) -> None:
    """\\makecell[pos]{a \\\\ b}, \\shortstack, \\thead: line breaks inside one cell."""
    L.wrap_inline(N.Span(classes=[LINEBOX_CLASS], loc=L.loc(t)), args[-1] or [], t)


# --------------------------------------------------------------------------- longtable


def longtable_section(kind: str):
    """\\endfirsthead, \\endhead, \\endfoot, \\endlastfoot: rows since the last section
    end (or the start) form that section; a rule just before the marker belongs to it."""
    def handler(L, t):
        st = current(L)
        if st is None:
            return
        rows = st.node.rows
        open_row = rows and rows[-1] is st.row and _row_empty(st.row)
        end = len(rows) - 1 if open_row else len(rows)
        rule = ""
        if open_row:
            rule, st.row.rule_above = st.row.rule_above, ""
        section = rows[st.section_start:end]
        del rows[st.section_start:end]
        if section and rule:
            section[-1].rule_below = _merge_rule(section[-1].rule_below, rule)
            rule = ""
        if kind == "firsthead":
            st.have_firsthead = True
            _keep_head(st, section)
        elif kind == "head":
            if not st.have_firsthead:
                _keep_head(st, section)
        elif kind == "foot":
            st.foot = (section, rule)
        else:
            st.lastfoot = (section, rule)
        st.section_start = len(rows) - (1 if open_row else 0)
    return handler


def _keep_head(st: TableState, section: list) -> None:
    at = st.section_start
    st.node.rows[at:at] = section
    for r in section:
        st.header_rows.add(id(r))


def _finish_longtable(st: TableState) -> None:
    """The last foot (else the foot) ends the table; other feet are page furniture."""
    tail = st.lastfoot if st.lastfoot is not None else st.foot
    if tail is None:
        return
    section, rule = tail
    rows = st.node.rows
    rows.extend(section)
    if rule and rows:
        rows[-1].rule_below = _merge_rule(rows[-1].rule_below, rule)


# --------------------------------------------------------------------------- finishing


def _finish(L, st: TableState) -> None:
    rows = st.node.rows
    # rows that held only a longtable \caption
    if st.caption_rows:
        rows[:] = [r for r in rows if not (id(r) in st.caption_rows and _row_empty(r))]
    # booktabs: rows above the first \midrule (near the top) are header rows
    for i, r in enumerate(rows[:4]):
        mid = (r.rule_below == "midrule") or (i + 1 < len(rows) and rows[i + 1].rule_above == "midrule")
        if mid and i + 1 < len(rows):
            for h in rows[:i + 1]:
                st.header_rows.add(id(h))
            break
    for r in rows:
        if id(r) in st.header_rows:
            for c in r.cells:
                c.header = True
    _apply_rowspans(rows)


def _col_starts(row: N.Row) -> list[int]:
    out, col = [], 0
    for c in row.cells:
        out.append(col)
        col += max(1, c.colspan)
    return out


def _apply_rowspans(rows: list) -> None:
    for r, row in enumerate(rows):
        starts = _col_starts(row)
        for cell, col in zip(list(row.cells), starts):
            k = cell.rowspan
            if k == 1:
                continue
            if k < 0:
                # \multirow{-n}: the text sits in the last row of the span; move it up
                k = -k
                top = max(0, r - k + 1)
                cell.rowspan = 1
                target = _cell_at(rows[top], col)
                if target is not None and target is not cell and not target.children and top != r:
                    target.children, cell.children = cell.children, []
                    target.rowspan = r - top + 1
                    for rr in range(top + 1, r + 1):
                        _remove_empty_at(rows[rr], col)
                continue
            for rr in range(r + 1, min(len(rows), r + k)):
                _remove_empty_at(rows[rr], col)
            cell.rowspan = min(k, len(rows) - r)


def _cell_at(row: N.Row, col: int):
    for c, start in zip(row.cells, _col_starts(row)):
        if start == col:
            return c
    return None


def _remove_empty_at(row: N.Row, col: int) -> None:
    c = _cell_at(row, col)
    if c is not None and not c.children:
        row.cells.remove(c)


# --------------------------------------------------------------------------- definitions


def newcolumntype(L, t, letter, nargs, default, body) -> None:
    name = L.string(letter, expand=False).strip()
    if len(name) != 1:
        L.reporter.warning("W-TABLE-SPEC", f"\\newcolumntype{{{name}}}: a column type is one character",
                           L.loc(t))
        return
    try:
        n = int(L.string(nargs).strip()) if nargs else 0
    except ValueError:
        n = 0
    L.data.setdefault("coltypes", {})[name] = (max(0, min(n, 9)), _flat(body or []))


def _caption_row_hook(L) -> None:
    """Called by floats' \\caption: remember the row that holds a longtable caption."""
    st = current(L)
    if st is not None and st.row is not None:
        st.caption_rows.append(id(st.row))


def install(L) -> None:
    for env, spec in TABLE_ENVS.items():
        L.environment(env, begin=table_begin(env), end=table_end, spec=spec)
    rules = {}
    for name, kind, spec in (("hline", "hline", ""), ("toprule", "toprule", "o"),
                             ("midrule", "midrule", "o"), ("bottomrule", "bottomrule", "o"),
                             ("specialrule", "hline", "m m m"), ("hhline", "hline", "m"),
                             ("firsthline", "hline", ""), ("lasthline", "hline", ""),
                             ("Xhline", "hline", "m"), ("noalign", "", "m"),
                             ("addlinespace", "", "o"), ("morecmidrules", "", ""),
                             ("heavyrulewidth@", "", "")):
        if name.endswith("@"):
            continue
        prim = L.command(name, spec, _rule(kind, spec) if kind else (lambda L, t, *a: None))
        rules[name] = (prim, prim.fn)
    prim = L.command("cline", "m", partial_rule)
    rules["cline"] = (prim, prim.fn)
    prim = L.command("cmidrule", "", cmidrule)
    rules["cmidrule"] = (prim, prim.fn)
    for name, kind in (("endfirsthead", "firsthead"), ("endhead", "head"), ("endfoot", "foot"),
                       ("endlastfoot", "lastfoot")):
        prim = L.command(name, "", longtable_section(kind))
        rules[name] = (prim, prim.fn)
    # start_row calls the handler with (L, token): adapt the engine-level functions
    L.data["table_rules"] = {name: (prim, (lambda fn: (lambda L, nt: fn(L.engine, nt)))(fn))
                             for name, (prim, fn) in rules.items()}
    L.data["multicolumn_prim"] = L.command("multicolumn", "m m m", multicolumn)
    L.command("multirow", "o m o m o m", multirow)
    L.command("tabularnewline", "o", tabularnewline)
    L.command("newcolumntype", "m o o m", newcolumntype)
    L.command("renewcolumntype", "m o o m", newcolumntype)
    for name, spec in (("makecell", "o m"), ("thead", "o m"), ("shortstack", "o m"),
                       ("makegapedcells@", ""), ("Longstack", "o m"), ("Shortstack", "o m"),
                       ("Centerstack", "o m"), ("stackunder@", "")):
        if name.endswith("@"):
            continue
        L.command(name, spec, linebox)
    for name, spec in (("extracolsep", "m"), ("arraybackslash", ""), ("rowcolor", "o m"),
                       ("cellcolor", "o m"), ("columncolor", "o m"), ("arrayrulecolor", "o m"),
                       ("rowcolors", "s o m m m"), ("showrowcolors", ""), ("hiderowcolors", ""),
                       ("LTcapwidth@", ""), ("setcellgapes", "o m"), ("makegapedcells", ""),
                       ("nomakegapedcells", ""), ("tabulinesep@", ""), ("pagebreak@", ""),
                       ("kill@", ""), ("savecellbox@", ""), ("tablefirsthead", "m"),
                       ("tablehead", "m"), ("tabletail", "m"), ("tablelasttail", "m"),
                       ("bigstrut", "o"), ("cmidrulewidth@", ""), ("abovetopsep@", ""),
                       ("belowrulesep@", ""), ("newcolumn@", "")):
        if name.endswith("@"):
            continue
        L.ignore(name, spec)
    L.command("savetabu", "m", savetabu)
    L.ignore("usetabu", "m")
    L.tex(r"\newdimen\LTcapwidth \newdimen\LTleft \newdimen\LTright \newdimen\LTpre"
          r"\newdimen\LTpost \newcount\LTchunksize", "<octavo tabular>")
