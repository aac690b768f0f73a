"""The engine: the gullet plus the stomach loop that hands typeset material to a sink.

`Engine.run` reads expanded tokens until the input ends and dispatches them: characters
and runs go to the sink as text, unexpandable primitives (assignments, groups) act on the
state, bindings of the LaTeX layer (primitives with ``binding=True``) build the document
through the sink.  The engine knows nothing of LaTeX or HTML: the sink is the document
builder of the LaTeX layer, or anything with the same methods (tests use a text sink).

Errors: an `OctavoError` raised while one command runs is reported with its location and
the loop goes on with the next token; a `LimitExceeded` abandons the part of the document
that ran out (`recover`: what its expansion left pending, the groups and conditionals it
opened) and reading goes on after it with a tenth of the budgets, at most
``MAX_RECOVERIES`` times, after which (or when the time ran out) reading stops, what was
built staying; any other exception is an internal error, reported at the current
location, and the loop goes on (at most ``MAX_INTERNAL_ERRORS`` times).
"""

from __future__ import annotations

import traceback
import unicodedata
from dataclasses import replace
from pathlib import Path

from octavo.config import Limits
from octavo.errors import UNKNOWN, LimitExceeded, Location, OctavoError, PathRefused, Reporter
from octavo.tex import catcodes as C
from octavo.tex import primitives
from octavo.tex.expander import Expander
from octavo.tex.meanings import CharDef, CharMeaning, Macro, Primitive, Register
from octavo.tex.state import Group
from octavo.tex.tokenizer import normalise_newlines
from octavo.tex.tokens import ACTIVE_PREFIX, CS, RUN, Source, Token, to_str

LETTER = C.LETTER
OTHER = C.OTHER
SPACE = C.SPACE
ACTIVE = C.ACTIVE

MAX_INTERNAL_ERRORS = 50
MAX_RECOVERIES = 3
"""Budget overruns after which reading goes on (hostile.md G7: a loop in one section
degrades that section, not the rest); each recovery grants a tenth of the budgets."""

# OT1 accent codes used by \accent (what plain TeX's accent macros pass)
ACCENT_CODES = {18: "\u0300", 19: "\u0301", 20: "\u030c", 21: "\u0306", 22: "\u0304",
                23: "\u030a", 94: "\u0302", 95: "\u0307", 125: "\u030b", 126: "\u0303",
                127: "\u0308", 24: "\u0327"}


class TextSink:
    """A minimal sink that collects plain text (for tests and the engine benchmark)."""

    def __init__(self):
        self.parts: list[str] = []
        self.mode = "vertical"

    def text(self, tok: Token) -> None:
        self.parts.append(tok.text)
        self.mode = "horizontal"

    def char(self, ch: str, tok: Token) -> None:
        self.parts.append(ch)

    def par(self, tok: Token) -> None:
        if self.parts and self.parts[-1] != "\n\n":
            self.parts.append("\n\n")
        self.mode = "vertical"

    def space(self, tok: Token) -> None:
        self.parts.append(" ")

    def math_shift(self, tok: Token) -> None:
        self.parts.append("$")

    def align_tab(self, tok: Token) -> None:
        self.parts.append("&")

    def other(self, tok: Token) -> None:
        self.parts.append(tok.text)

    def undefined(self, tok: Token) -> None:
        pass

    def raw_html(self, text: str, tok: Token) -> None:
        pass

    def group_begin(self, group: Group) -> None:
        pass

    def group_end(self, group: Group) -> None:
        pass

    def result(self) -> str:
        return "".join(self.parts)


class Engine(Expander):
    def __init__(self, limits: Limits, reporter: Reporter, sink=None, files=None, jobname: str = "texput"):
        super().__init__(limits, reporter)
        self.sink = sink if sink is not None else TextSink()
        self.files = files
        self.jobname = jobname
        self.prefixes: set = set()
        self.after_assignment: Token | None = None
        # the token whose unexpandable command the stomach is running (None between
        # commands): a primitive run by someone else, such as a formula's collector
        # running the assignments it meets, sees a different token here
        self.executing: Token | None = None
        self.pending_unless = False
        self.read_streams: dict = {}
        self.internal_errors = 0
        self.stopped = False
        self.recoveries = 0
        self._untils: list = []
        """The ``until`` tokens of the runs in progress (nested runs read .sty files)."""
        self._base_limits: Limits | None = None
        primitives.install(self)
        self.define_primitive("begingroup", begingroup)
        self.define_primitive("endgroup", endgroup)

    # ------------------------------------------------------------------ definitions
    def define_primitive(self, name: str, fn, expandable: bool = False, conditional: bool = False,
                         binding: bool = False, assignment: bool = False, data=None) -> Primitive:
        p = Primitive(name, fn, expandable, conditional, binding, assignment, data)
        self.state.meanings[name] = p
        return p

    def define(self, cs: Token, meaning, glob: bool = False) -> None:
        self.state.set_meaning(cs.key(), meaning, glob)
        self.after_assignment_hook()

    def define_macro(self, name: str, body: str | list, nparams: int = 0, glob: bool = True) -> None:
        """Define a parameterless or undelimited macro from TeX source (for bindings)."""
        from octavo.tex.tokenizer import tokenize_string
        toks = tokenize_string(body, self.state.catcodes, name=f"<{name}>", runs=True) if isinstance(body, str) else body
        out: list = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.cat == C.PARAM and i + 1 < len(toks) and toks[i + 1].cat == C.OTHER and toks[i + 1].text.isdigit():
                out.append(int(toks[i + 1].text) - 1)
                i += 2
                continue
            out.append(t)
            i += 1
        self.state.set_meaning(name, Macro(name, out, delims=[()] * nparams), glob)

    def take_prefixes(self) -> set:
        p = self.prefixes
        if p:
            self.prefixes = set()
        return p

    def after_assignment_hook(self) -> None:
        t = self.after_assignment
        if t is not None:
            self.after_assignment = None
            self.push_one(t)

    def scan_csname_chars(self, t: Token) -> str:
        return primitives.scan_csname_chars(self, t)

    def read_general_text_unexpanded(self, owner: Token) -> list:
        nt = self.get_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = self.get_token()
        if nt is None:
            return []
        if nt.cat == C.BEGIN:
            return self.read_group_body(nt, owner)
        m = self.meaning(nt)
        if isinstance(m, CharMeaning) and m.token.cat == C.BEGIN:
            return self.read_group_body(nt, owner)
        return [nt]

    def mode_is(self, kind: str) -> bool:
        mode = getattr(self.sink, "mode", "vertical")
        if kind == "inner":
            return False
        return mode == kind

    # ------------------------------------------------------------------ files
    def scan_file_name(self, owner: Token) -> str:
        nt = self.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = self.get_x_token()
        if nt is None:
            return ""
        if nt.cat == C.BEGIN:
            body = self.read_group_body(nt, owner)
            body = self.expand_tokens(body, owner)
            return to_str(body).strip()
        parts = []
        while nt is not None:
            if nt.cat == C.SPACE:
                break
            if nt.cat == CS or nt.cat == C.BEGIN or nt.cat == C.END:
                self.push_one(nt)
                break
            parts.append(nt.text)
            if sum(map(len, parts)) > 4096:
                break
            nt = self.get_x_token()
        return "".join(parts)

    def input_file(self, name: str, t: Token, exts=(".tex",), missing_ok: bool = False) -> bool:
        """Read ``name`` next (\\input, \\include).  False if it could not be read."""
        loc = self.loc_of(t)
        if name.startswith("|"):
            self.reporter.warning("W-SHELL-ESCAPE", f"piped input {name!r} ignored: octavo runs no commands",
                                  loc)
            return False
        if self.files is None:
            self.reporter.error("E-FILE", f"cannot read {name!r}: no file access in this context", loc)
            return False
        base = None
        if self.file_stack:
            p = self.file_stack[-1].src.path
            base = Path(p).parent if p else None
        try:
            path = self.files.resolve(name, loc, exts=exts, base_dir=base)
        except PathRefused as e:
            self.reporter.error(e.code, e.message, loc)
            return False
        except OctavoError as e:
            self.reporter.error(e.code, e.message, loc)
            return False
        if path is None:
            if not missing_ok:
                self.reporter.error("E-FILE-MISSING", f"file {name!r} not found", loc)
            return False
        st = self.files.read_source(path, loc)
        if st is None:
            return False
        self.push_source(st.text, self.files.display_path(path), path, loc)
        return True

    def push_source(self, text: str, display: str, path=None, loc: Location | None = None) -> None:
        src = Source(display, normalise_newlines(text), path)
        self.push_file(src, loc or self.here())

    def open_read_stream(self, n: int, name: str, t: Token) -> None:
        loc = self.loc_of(t)
        self.read_streams.pop(n, None)
        if self.files is None or not name:
            return
        try:
            path = self.files.resolve(name, loc, exts=(".tex",))
        except OctavoError as e:
            self.reporter.warning("W-OPENIN-REFUSED", f"\\openin of {name!r} refused: {e.message}", loc)
            return
        if path is None:
            return
        st = self.files.read_source(path, loc)
        if st is not None:
            self.read_streams[n] = normalise_newlines(st.text).split(C.EOL_CHAR)

    def read_stream_line(self, n: int) -> str:
        lines = self.read_streams.get(n)
        if not lines:
            self.read_streams.pop(n, None)
            return ""
        return lines.pop(0)

    # ------------------------------------------------------------------ sink helpers
    def raw_html(self, text: str, t: Token) -> None:
        self.sink.raw_html(text, t)

    def space_hint(self, t: Token) -> None:
        self.sink.space(t)

    def emit_char(self, ch: str, t: Token) -> None:
        self.sink.char(ch, t)

    def accent(self, code: int, t: Token) -> None:
        mark = ACCENT_CODES.get(code, "")
        nt = self.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = self.get_x_token()
        if nt is None:
            return
        if nt.cat in (C.LETTER, C.OTHER):
            self.sink.char(unicodedata.normalize("NFC", nt.text + mark), t)
        elif nt.cat == RUN:
            self.sink.char(unicodedata.normalize("NFC", nt.text[0] + mark), t)
            if len(nt.text) > 1:
                self.push_one(Token(RUN, nt.text[1:], nt.src, nt.pos + 1, nt.cc))
        else:
            self.push_one(nt)
            if mark:
                self.sink.char(unicodedata.normalize("NFC", "\u00a0" + mark), t)

    # ------------------------------------------------------------------ groups
    def begin_group(self, kind: str, t: Token | None) -> Group:
        if self.state.depth >= self.limits.group_depth:
            raise LimitExceeded(f"groups nested more than {self.limits.group_depth} deep",
                                self.loc_of(t), "E-LIMIT-NESTING")
        self.note_open()
        # the place as (source, offset), made a Location only if someone asks (`loc_of`)
        if t is not None and t.src.text:
            where = (t.src, t.pos)
        elif self.file_stack:
            tk = self.file_stack[-1]
            where = (tk.src, max(0, tk.pos - 1))
        else:
            where = UNKNOWN
        g = self.state.push_group(kind, where)
        self.sink.group_begin(g)
        return g

    def end_group(self, kind: str, t: Token | None) -> Group | None:
        groups = self.state.groups
        if not groups:
            what = "}" if kind == "simple" else "\\endgroup"
            self.reporter.error("E-UNBALANCED", f"extra {what}", self.loc_of(t), once=("extra-close", self.loc_of(t)))
            return None
        top = groups[-1]
        if top.kind != kind and not (kind == "simple" and top.kind == "simple"):
            if kind == "simple" and top.kind != "simple":
                self.reporter.error("E-UNBALANCED", f"extra }}: the innermost open group is {_describe(top)}",
                                    self.loc_of(t))
                return None
            if kind == "semi" and top.kind == "simple":
                self.reporter.error("E-UNBALANCED", f"\\endgroup closes {_describe(top)}", self.loc_of(t))
        g = self.state.pop_group()
        self.sink.group_end(g)
        if g.after:
            self.push(g.after)
        return g

    # ------------------------------------------------------------------ the stomach
    def run(self, until: Token | None = None) -> None:
        """Digest input until it ends (or until the token object ``until`` is read)."""
        get = self.get_x_token
        sink = self.sink
        text = sink.text
        meanings = self.state.meanings
        stack = self.stack
        p_prefix = primitives.p_prefix
        if until is not None:
            self._untils.append(until)
        try:
            self._run(until, get, sink, text, meanings, stack, p_prefix)
        finally:
            if until is not None:
                self._untils.pop()

    def _run(self, until, get, sink, text, meanings, stack, p_prefix) -> None:
        while True:
            try:
                while True:
                    # The next token, read directly from the list or file on top of the
                    # input (get_x_token handles everything else: ends of lists and files).
                    # A control sequence read this way is expanded here when it is
                    # expandable, exactly as get_x_token would.
                    t = None
                    if stack:
                        top = stack[-1]
                        if type(top) is list:
                            if top:
                                t = top.pop()
                        else:
                            t = self.file_cmd = top.next(True)  # for recover (note_open)
                    if t is None:
                        t = get(True)
                        if t is None:
                            return
                    if t is until:
                        return
                    cat = t.cat
                    if cat == RUN or cat == LETTER or cat == OTHER or cat == SPACE:
                        text(t)
                        continue
                    if cat == CS or cat == ACTIVE:
                        m = meanings.get(t.text if cat == CS else ACTIVE_PREFIX + t.text)
                        tm = type(m)
                        if tm is Macro:
                            self.expand_x(t, m)
                            continue
                        if tm is Primitive:
                            if m.expandable:
                                self.count_step(t)
                                m.fn(self, t)
                                continue
                            # unexpandable commands count too: a binding that pushes
                            # tokens back could otherwise loop with no expansion at all
                            self.steps += 1
                            if not self.steps & 0xFF or self.steps > self.limits.expansions:
                                self.count_step(t)
                            self.executing = t
                            m.fn(self, t)
                            self.executing = None
                            if self.prefixes and m.fn is not p_prefix:
                                self.prefixes.clear()
                            continue
                        self.execute_other(t, m)
                        continue
                    self.execute_char(t)
            except LimitExceeded as e:
                self.executing = None
                self.reporter.error(e.code, e.message, e.loc)
                if not self.recover(e):
                    self.stop()
                    return
            except OctavoError as e:
                self.executing = None
                self.reporter.error(e.code, e.message, e.loc)
            except RecursionError:
                self.reporter.error("E-LIMIT-NESTING", "structure nested too deeply", self.here())
                self.stop()
                return
            except Exception as e:  # an internal bug: report it located, go on
                self.executing = None
                self.internal_errors += 1
                self.reporter.error("E-INTERNAL", f"internal error ({type(e).__name__}: {e}); "
                                    "this part of the document may be incomplete", self.here())
                self.last_traceback = traceback.format_exc()
                if self.internal_errors > MAX_INTERNAL_ERRORS:
                    self.reporter.error("E-INTERNAL", "too many internal errors; conversion stopped", self.here())
                    self.stop()
                    return

    def recover(self, e: LimitExceeded) -> bool:
        """After a budget ran out: drop the tokens the runaway part left pending (not the
        end markers of runs in progress), close the groups and conditionals it opened
        since a token was last read from a file, grant a tenth of the step, token and
        conditional budgets, and go on reading the files where they stand.  False (stop
        reading) when the time ran out, after `MAX_RECOVERIES`, or with no file left."""
        if e.code == "E-LIMIT-TIME" or self.recoveries >= MAX_RECOVERIES:
            return False
        if not self.file_stack:
            return False
        self.recoveries += 1
        marks = {id(u) for u in self._untils}
        kept = []
        for top in self.stack:
            if type(top) is not list:
                kept.append(top)
            elif marks:  # pending lists can hold millions of tokens: one set lookup each
                ends = [t for t in top if id(t) in marks]
                if ends:
                    kept.append(ends)
        self.stack[:] = kept
        safe_groups, safe_conds = self.safe_depths()
        groups = self.state.groups
        while len(groups) > safe_groups:
            self.sink.group_end(self.state.pop_group())
        del self.cond_stack[safe_conds:]
        lim = self.limits
        base = self._base_limits = self._base_limits or lim
        self.limits = replace(lim, expansions=max(self.steps, lim.expansions) + base.expansions // 10,
                              tokens=max(self.tokens_made, lim.tokens) + base.tokens // 10,
                              conditionals=max(self.conditionals, lim.conditionals) + base.conditionals // 10)
        self.reporter.note("N-RECOVERED", "reading goes on after the part that ran out of budget", e.loc)
        return True

    def stop(self) -> None:
        """Abandon the rest of the input (after a limit was hit)."""
        self.stack.clear()
        self.file_stack.clear()
        self.stopped = True

    def execute_other(self, t: Token, m) -> None:
        tm = type(m)
        if m is None:
            if t.cat == CS and t.text.startswith("\x00"):
                return  # \noexpand'ed token or internal marker: acts as \relax
            self.sink.undefined(t)
            return
        if tm is Register:
            primitives.assign_register(self, m.kind, m.index, t)
        elif tm is CharMeaning:
            self.execute_char(Token(m.token.cat, m.token.text, t.src, t.pos))
        elif tm is CharDef:
            self.sink.char(chr(m.code & 0xFF) if m.math else _safe_chr(m.code), t)
        elif tm is Macro:
            pass  # a \noexpand'ed macro reaching the stomach acts as \relax
        self.prefixes.clear()

    def execute_char(self, t: Token) -> None:
        cat = t.cat
        if cat == C.BEGIN:
            self.begin_group("simple", t)
        elif cat == C.END:
            self.end_group("simple", t)
        elif cat == C.MATH:
            self.sink.math_shift(t)
        elif cat == C.ALIGN:
            self.sink.align_tab(t)
        elif cat == RUN or cat == C.LETTER or cat == C.OTHER or cat == C.SPACE:
            self.sink.text(t)
        else:
            self.sink.other(t)

    def end_of_file(self, tk) -> None:
        pass


def _describe(g: Group) -> str:
    if g.kind.startswith("env:"):
        return f"environment {g.kind[4:]} (begun at {g.loc})"
    if g.kind == "semi":
        return f"\\begingroup (at {g.loc})"
    return f"a group begun at {g.loc}"


def _safe_chr(n: int) -> str:
    try:
        return chr(n) if not 0xD800 <= n <= 0xDFFF else "\ufffd"  # no lone surrogates (G10)
    except (ValueError, OverflowError):
        return "\ufffd"


def begingroup(x, t):
    x.begin_group("semi", t)


def endgroup(x, t):
    x.end_group("semi", t)
