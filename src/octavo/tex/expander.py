"""The gullet: an input stack of files and token lists, macro expansion and budgets.

Contract:
- `get_token` returns the next token without expansion (runs are split unless the
  caller asks for them); `push` puts tokens back so they are read next.
- `get_x_token` returns the next *unexpandable* token, expanding macros and running
  expandable primitives (conditionals, \\expandafter, \\csname ...) on the way.
- Expansion is a loop, never recursion on the Python stack.  Every expansion step, every
  token produced and every nesting level is counted against `Limits`; exceeding one
  raises `LimitExceeded` with the location of the call, which the engine reports.

The input stack holds token lists (Python lists in reverse order, popped from the end)
and tokenizers (files being read).  Pushing tokens extends the list on top, so a long
chain of expansions costs one list, not one frame each.
"""

from __future__ import annotations

import time

from octavo.config import Limits
from octavo.errors import LimitExceeded, Location, Reporter, UNKNOWN
from octavo.tex import catcodes as C
from octavo.tex.meanings import Macro, Primitive
from octavo.tex.state import State
from octavo.tex.tokenizer import Tokenizer
from octavo.tex.tokens import ACTIVE_PREFIX, CS, RUN, Source, Token, split_run, strip_outer_braces

SPACE = C.SPACE
BEGIN = C.BEGIN
END = C.END
ACTIVE = C.ACTIVE


_UNSET = object()


class ArgumentError(Exception):
    """Internal: an argument could not be read (reported by the caller)."""


class Expander:
    def __init__(self, limits: Limits, reporter: Reporter):
        self.limits = limits
        self.reporter = reporter
        self.state = State()
        self.stack: list = []
        self.file_stack: list[Tokenizer] = []
        self.steps = 0
        self.tokens_made = 0
        self.conditionals = 0
        self.cond_stack: list = []
        """Open conditionals: [kind, state]; state 'true' (in the taken branch),
        'skip-else' (taken branch done), 'case'."""
        self.deadline = time.monotonic() + limits.wall_seconds
        self.file_cmd: Token | None = None
        """The last token the stomach read from a file (engine.py sets it)."""
        self._opened_under: object = _UNSET
        self.safe_groups = 0
        self.safe_conds = 0
        """Open groups and conditionals before the first one opened since `file_cmd` was
        read: what a part of the document that runs out of budget opened after the
        last command read from a file is what `Engine.recover` abandons."""
        self._last_loc_src: Source | None = None
        self._last_loc_pos = 0
        self.interrupt_check = 0
        self.undefined_seen: set = set()
        self.state.on_invalid_char = self._invalid_char

    def _invalid_char(self, src, pos, ch) -> None:
        self.reporter.warning("W-INVALID-CHAR", f"invalid character U+{ord(ch):04X} ignored",
                              src.location(pos), once=("invalid", ch))

    # ------------------------------------------------------------------ locations
    def here(self) -> Location:
        """Location in the innermost file being read (for diagnostics)."""
        if self.file_stack:
            tk = self.file_stack[-1]
            return tk.src.location(max(0, tk.pos - 1))
        return UNKNOWN

    def call_site(self, tok: Token | None) -> Location:
        """Where a runaway loop was entered, as the reader sees it: the place in the file
        being read (the tokens of a loop come from its definition)."""
        return self.here() if self.file_stack else self.loc_of(tok)

    def loc_of(self, tok: Token | None) -> Location:
        if tok is not None and tok.src.text:
            return tok.loc
        return self.here()

    # ------------------------------------------------------------------ input
    def push_file(self, src: Source, loc: Location = UNKNOWN) -> None:
        if len(self.file_stack) >= self.limits.input_depth:
            raise LimitExceeded(
                f"\\input nested more than {self.limits.input_depth} deep (reading {src.name})",
                loc, "E-LIMIT-INPUT-DEPTH")
        tk = Tokenizer(src, self.state)
        self.stack.append(tk)
        self.file_stack.append(tk)

    def push(self, tokens) -> None:
        """Put ``tokens`` back so that tokens[0] is read next."""
        if not tokens:
            return
        stack = self.stack
        if stack and type(stack[-1]) is list:
            top = stack[-1]
        else:
            top = []
            stack.append(top)
        n = len(tokens)
        if n == 1:
            top.append(tokens[0])
        else:
            top.extend(reversed(tokens))
        self.tokens_made += n
        if self.tokens_made > self.limits.tokens:
            raise LimitExceeded(f"more than {self.limits.tokens} tokens produced by expansion",
                                self.here(), "E-LIMIT-TOKENS")
        if len(top) > 4 * self.limits.expansion_size:
            raise LimitExceeded(
                f"more than {4 * self.limits.expansion_size} tokens waiting to be read: "
                "possible runaway recursion", self.here(), "E-LIMIT-TOKENS")

    def note_open(self) -> None:
        """A group or conditional is about to open: the first since the last command read
        from a file records the depths before it (bookkeeping per opening, not per token)."""
        if self._opened_under is not self.file_cmd:
            self._opened_under = self.file_cmd
            self.safe_groups = len(self.state.groups)
            self.safe_conds = len(self.cond_stack)

    def safe_depths(self) -> tuple[int, int]:
        """(groups, conditionals) open when the last command was read from a file."""
        if self._opened_under is self.file_cmd:
            return self.safe_groups, self.safe_conds
        return len(self.state.groups), len(self.cond_stack)  # nothing opened since

    def push_one(self, tok: Token) -> None:
        stack = self.stack
        if stack and type(stack[-1]) is list:
            stack[-1].append(tok)
        else:
            stack.append([tok])

    def get_token(self, runs: bool = False) -> Token | None:
        """The next token, unexpanded; None at the end of all input."""
        stack = self.stack
        while stack:
            top = stack[-1]
            if type(top) is list:
                if top:
                    t = top.pop()
                    if t.cat == RUN and not runs:
                        # a run read token by token: split it once (taking one character
                        # at a time re-sliced the rest each time, quadratic in its length)
                        chars = split_run(t)
                        first = chars.pop(0)
                        if chars:
                            chars.reverse()
                            top += chars
                        return first
                    return t
                stack.pop()
                continue
            t = top.next(runs)
            if t is not None:
                return t
            stack.pop()
            self.file_stack.remove(top)
            self.end_of_file(top)
        return None

    def end_of_file(self, tk: Tokenizer) -> None:
        """Hook: a file ended (the engine checks open groups, conditionals)."""

    def peek_raw_tokenizer(self) -> Tokenizer | None:
        """The tokenizer that the next token would come from, if no tokens are pending."""
        for top in reversed(self.stack):
            if type(top) is list:
                if top:
                    return None
                continue
            return top
        return None

    # ------------------------------------------------------------------ meanings
    def meaning(self, tok: Token):
        if tok.cat == CS:
            return self.state.meanings.get(tok.text)
        if tok.cat == C.ACTIVE:
            return self.state.meanings.get(tok.key())
        return None

    # ------------------------------------------------------------------ expansion
    def count_step(self, tok: Token) -> None:
        self.steps += 1
        if self.steps > self.limits.expansions:
            raise LimitExceeded(
                f"more than {self.limits.expansions} expansions: possible infinite loop "
                f"(while expanding \\{tok.text})", self.call_site(tok), "E-LIMIT-EXPANSION")
        # budgets are checked often enough that one step's cost cannot carry a run far past
        # them: tokens at every call (a comparison), the clock every 256 steps
        if self.tokens_made > self.limits.tokens:
            raise LimitExceeded(
                f"more than {self.limits.tokens} tokens produced by expansion "
                f"(while expanding \\{tok.text})", self.call_site(tok), "E-LIMIT-TOKENS")
        if not self.steps & 0xFF:
            if time.monotonic() > self.deadline:
                raise LimitExceeded(
                    f"conversion took longer than {self.limits.wall_seconds:g} s "
                    f"(while expanding \\{tok.text})", self.call_site(tok), "E-LIMIT-TIME")

    def get_x_token(self, runs: bool = False) -> Token | None:
        """The next unexpandable token (macros expanded, expandable primitives run)."""
        meanings = self.state.meanings
        stack = self.stack
        while True:
            # get_token inlined for its common case: a token list on top of the input
            if not stack:
                return None
            top = stack[-1]
            if type(top) is list and top:
                t = top.pop()
                if t.cat == RUN and not runs:
                    chars = split_run(t)  # once, as in get_token
                    t = chars.pop(0)
                    if chars:
                        chars.reverse()
                        top += chars
            else:
                t = self.get_token(runs)
                if t is None:
                    return None
            cat = t.cat
            if cat == CS:
                m = meanings.get(t.text)
            elif cat == ACTIVE:
                m = meanings.get(ACTIVE_PREFIX + t.text)
            else:
                return t
            if m is None:
                return t
            tm = type(m)
            if tm is Macro:
                self.steps += 1
                if m.rbody is not None and self.steps & 0xFF and self.steps <= self.limits.expansions and self.tokens_made <= self.limits.tokens:
                    # fast path: parameterless macro
                    stack = self.stack
                    if stack and type(stack[-1]) is list:
                        top = stack[-1]
                        top.extend(m.rbody)
                        self.tokens_made += len(m.rbody)
                        if len(top) > 4 * self.limits.expansion_size:
                            self._too_many_pending(t)
                    else:
                        stack.append(list(m.rbody))
                        self.tokens_made += len(m.rbody)
                    continue
                self.steps -= 1
                self.count_step(t)
                self.expand_macro(t, m)
                continue
            if tm is Primitive and m.expandable:
                self.count_step(t)
                m.fn(self, t)
                continue
            return t

    def expand_x(self, t: Token, m: Macro) -> None:
        """Expand macro ``t`` (meaning ``m``) as `get_x_token` does: counted, with the
        fast path for parameterless macros (for loops that read tokens themselves)."""
        self.steps += 1
        rbody = m.rbody
        if rbody is not None and self.steps & 0xFF and self.steps <= self.limits.expansions and self.tokens_made <= self.limits.tokens:
            stack = self.stack
            if stack and type(stack[-1]) is list:
                top = stack[-1]
                top.extend(rbody)
                self.tokens_made += len(rbody)
                if len(top) > 4 * self.limits.expansion_size:
                    self._too_many_pending(t)
            else:
                stack.append(list(rbody))
                self.tokens_made += len(rbody)
            return
        self.steps -= 1
        self.count_step(t)
        self.expand_macro(t, m)

    def _too_many_pending(self, t: Token) -> None:
        raise LimitExceeded(
            f"more than {4 * self.limits.expansion_size} tokens waiting to be read: possible "
            f"runaway recursion in \\{t.text}", self.call_site(t), "E-LIMIT-TOKENS")

    def expand_once(self, t: Token) -> bool:
        """Expand ``t`` one level if it is expandable (for \\expandafter); True if it was."""
        m = self.meaning(t)
        if type(m) is Macro:
            self.count_step(t)
            self.expand_macro(t, m)
            return True
        if type(m) is Primitive and m.expandable:
            self.count_step(t)
            m.fn(self, t)
            return True
        return False

    def is_expandable(self, t: Token) -> bool:
        m = self.meaning(t)
        return type(m) is Macro or (type(m) is Primitive and m.expandable)

    # ------------------------------------------------------------------ macros
    def expand_macro(self, t: Token, m: Macro) -> None:
        if m.xparse is not None:
            self.xparse_call(t, m)
            return
        if m.rbody is not None:
            self.push(m.body)
            return
        args = self.read_macro_args(t, m)
        self.push(substitute(m.body, args))

    def xparse_call(self, t: Token, m: Macro) -> None:  # pragma: no cover - set by latex layer
        raise NotImplementedError

    def read_macro_args(self, t: Token, m: Macro) -> list:
        if m.prefix:
            for d in m.prefix:
                nt = self.get_token()
                if nt is None or not (nt == d):
                    self.reporter.error(
                        "E-MACRO-USE", f"use of \\{m.name} does not match its definition",
                        self.loc_of(nt or t))
                    if nt is not None:
                        self.push_one(nt)
                    return [[] for _ in range(m.nparams)]
        args = []
        last = m.nparams - 1
        for i, d in enumerate(m.delims):
            if d:
                args.append(self.read_delimited(d, t))
            elif i == last and m.brace_end:
                args.append(self.read_until_brace(t))
            else:
                args.append(self.read_undelimited(t))
        return args

    def read_undelimited(self, owner: Token) -> list:
        """One undelimited argument: a token or a braced group (braces stripped)."""
        while True:
            nt = self.get_token()
            if nt is None:
                self.reporter.error("E-RUNAWAY", f"input ended while reading an argument of \\{owner.text}",
                                    self.loc_of(owner))
                return []
            if nt.cat != SPACE:
                break
        if nt.cat == BEGIN:
            return self.read_group_body(nt, owner)
        if nt.cat == END:
            self.reporter.error("E-UNBALANCED", f"argument of \\{owner.text} starts with an extra }}",
                                self.loc_of(nt))
            self.push_one(nt)
            return []
        return [nt]

    def read_group_body(self, open_tok: Token, owner: Token | None = None) -> list:
        """Tokens up to the } matching ``open_tok`` (already read), braces excluded."""
        out = []
        depth = 1
        get = self.get_token
        limit = self.limits.expansion_size
        stack = self.stack
        while True:
            if stack and type(top := stack[-1]) is list and top:
                # a token list on top (read from its end): find the matching } in it and
                # take everything before it in one slice, not token by token
                i = len(top) - 1
                while i >= 0:
                    c = top[i].cat
                    if c == BEGIN:
                        depth += 1
                    elif c == END:
                        depth -= 1
                        if depth == 0:
                            break
                    i -= 1
                chunk = top[i + 1:]
                del top[max(i, 0):]  # the closing } goes too
                chunk.reverse()
                out += chunk
                if len(out) > limit:
                    raise LimitExceeded(f"an argument longer than {limit} tokens",
                                        self.loc_of(open_tok), "E-LIMIT-TOKENS")
                if i >= 0:
                    return out
                continue
            nt = get(True)
            if nt is None:
                what = f"an argument of \\{owner.text}" if owner is not None else "a group"
                self.reporter.error("E-RUNAWAY", f"input ended while reading {what}: "
                                    "the { here is never closed", self.loc_of(open_tok))
                # recovery: what was swallowed is read again as ordinary text, so a missing
                # } costs one argument, not the rest of the document
                self.push(out)
                return []
            c = nt.cat
            if c == BEGIN:
                depth += 1
            elif c == END:
                depth -= 1
                if depth == 0:
                    return out
            out.append(nt)
            if len(out) > limit:
                raise LimitExceeded(f"an argument longer than {limit} tokens",
                                    self.loc_of(open_tok), "E-LIMIT-TOKENS")

    def read_delimited(self, delim: tuple, owner: Token) -> list:
        """Tokens up to ``delim`` at brace depth 0 (delimiter excluded, one pair of braces
        around the whole stripped), TeX's delimited parameter."""
        out = []
        depth = 0
        k = len(delim)
        last = delim[-1]
        last_cat, last_text = last.cat, last.text
        # characters a run may hide a delimiter token in (made at the first run met): a
        # run holding none of them is taken whole (splitting it, once per token per read,
        # was most of the cost)
        chars = None
        get = self.get_token
        limit = self.limits.expansion_size
        stack = self.stack
        start_tok = None
        while True:
            if stack and type(top := stack[-1]) is list and top:
                # a token list on top (read from its end): scan it in place, not token by
                # token through get_token
                if start_tok is None:
                    start_tok = top[-1]
                i = len(top) - 1
                while i >= 0:
                    t = top[i]
                    c = t.cat
                    if c == RUN:
                        if chars is None:
                            chars = tuple({d.text for d in delim if d.cat != CS})
                        if chars and _hides(t.text, chars):
                            del top[i + 1:]  # what was read; the run's characters go on top
                            chars_of = split_run(t)
                            chars_of.reverse()
                            top[i:] = chars_of
                            i = len(top) - 1
                            continue
                    elif c == BEGIN:
                        depth += 1
                    elif c == END:
                        if depth == 0:
                            del top[i + 1:]  # the } stays, to be read again
                            self.reporter.error("E-UNBALANCED",
                                                f"extra }} in an argument of \\{owner.text}",
                                                self.loc_of(t))
                            return strip_outer_braces(out)
                        depth -= 1
                    out.append(t)
                    i -= 1
                    if depth == 0 and c == last_cat and t.text == last_text and len(out) >= k:
                        if k == 1 or _tail_equals(out, delim):
                            del top[i + 1:]
                            del out[-k:]
                            return strip_outer_braces(out)
                    if len(out) > limit:
                        raise LimitExceeded(f"an argument longer than {limit} tokens",
                                            self.loc_of(owner), "E-LIMIT-TOKENS")
                top.clear()
                continue
            nt = get(False)
            if nt is None:
                self.reporter.error("E-RUNAWAY", f"input ended while reading an argument of \\{owner.text}"
                                    " (its delimiter never came)", self.loc_of(start_tok or owner))
                return strip_outer_braces(out)
            if start_tok is None:
                start_tok = nt
            c = nt.cat
            if c == BEGIN:
                depth += 1
            elif c == END:
                if depth == 0:
                    self.reporter.error("E-UNBALANCED", f"extra }} in an argument of \\{owner.text}",
                                        self.loc_of(nt))
                    self.push_one(nt)
                    return strip_outer_braces(out)
                depth -= 1
            out.append(nt)
            if depth == 0 and c == last_cat and nt.text == last_text and len(out) >= k:
                if k == 1 or _tail_equals(out, delim):
                    del out[-k:]
                    return strip_outer_braces(out)
            if len(out) > limit:
                raise LimitExceeded(f"an argument longer than {limit} tokens",
                                    self.loc_of(owner), "E-LIMIT-TOKENS")

    def read_until_brace(self, owner: Token) -> list:
        out = []
        while True:
            nt = self.get_token()
            if nt is None:
                return out
            if nt.cat == BEGIN:
                # the { delimits and is consumed; the macro's body ends with a { that
                # puts it back (TeXbook ch. 20: as if inserted at the end of both texts)
                return out
            out.append(nt)
            if len(out) > self.limits.expansion_size:
                raise LimitExceeded("an argument without its {", self.loc_of(owner), "E-LIMIT-TOKENS")

    # ------------------------------------------------------------------ helpers for bindings
    def skip_spaces(self) -> Token | None:
        """Next non-space token, not expanded (returned, not consumed)."""
        while True:
            t = self.get_token()
            if t is None:
                return None
            if t.cat != SPACE:
                self.push_one(t)
                return t

    def skip_x_spaces(self) -> Token | None:
        """Next non-space token after expansion (pushed back)."""
        while True:
            t = self.get_x_token()
            if t is None:
                return None
            if t.cat != SPACE and not (t.cat == CS and t.text == " " and False):
                self.push_one(t)
                return t

    def read_argument(self, owner: Token) -> list:
        return self.read_undelimited(owner)

    def read_optional(self, owner: Token, nested: bool = False) -> list | None:
        """[...] if the next non-space token is '[' (brace-aware), else None.  ``nested``:
        an inner [...] pair is part of the argument (xparse's ``o``: \\tf[\\Log{L}[3]]),
        where LaTeX's own \\newcommand stops at the first ']'."""
        nt = self.skip_spaces()
        if nt is None or nt.cat != C.OTHER or nt.text != "[":
            return None
        self.get_token()
        out = []
        depth = 0
        brackets = 0
        while True:
            t = self.get_token()
            if t is None:
                self.reporter.error("E-RUNAWAY", f"input ended inside the [optional argument] of \\{owner.text}",
                                    self.loc_of(nt))
                return out
            if t.cat == BEGIN:
                depth += 1
            elif t.cat == END:
                if depth == 0:
                    self.reporter.error("E-UNBALANCED", f"extra }} in the [optional argument] of \\{owner.text}",
                                        self.loc_of(t))
                    self.push_one(t)
                    return out
                depth -= 1
            elif depth == 0 and t.cat == C.OTHER and t.text == "]":
                if not brackets:
                    return strip_outer_braces(out)
                brackets -= 1
            elif nested and depth == 0 and t.cat == C.OTHER and t.text == "[":
                brackets += 1
            out.append(t)
            if len(out) > self.limits.expansion_size:
                raise LimitExceeded("an optional argument that never ends", self.loc_of(nt), "E-LIMIT-TOKENS")

    def read_star(self) -> bool:
        nt = self.skip_spaces()
        if nt is not None and nt.cat == C.OTHER and nt.text == "*":
            self.get_token()
            return True
        return False

    def peek_char(self, ch: str) -> bool:
        nt = self.skip_spaces()
        return nt is not None and nt.cat in (C.OTHER, C.LETTER) and nt.text == ch

    def read_cs_name(self, owner: Token) -> Token | None:
        """A control sequence argument: \\foo or {\\foo} (for \\newcommand, \\let ...)."""
        nt = self.skip_spaces()
        if nt is None:
            return None
        self.get_token()
        if nt.cat == BEGIN:
            body = self.read_group_body(nt, owner)
            body = [x for x in body if x.cat != SPACE]
            if len(body) == 1 and body[0].cat in (CS, C.ACTIVE):
                return body[0]
            self.reporter.error("E-BAD-CS", f"\\{owner.text} expects a control sequence", self.loc_of(nt))
            return body[0] if body and body[0].cat in (CS, C.ACTIVE) else None
        if nt.cat in (CS, C.ACTIVE):
            return nt
        self.reporter.error("E-BAD-CS", f"\\{owner.text} expects a control sequence, found {nt.text!r}",
                            self.loc_of(nt))
        return None

    def expand_tokens(self, tokens: list, owner: Token | None = None) -> list:
        """Fully expand ``tokens`` as \\edef does (\\the, \\unexpanded, \\noexpand and
        protected macros are not expanded further)."""
        marker = Token(CS, "\x00end-of-expansion")
        self.push_one(marker)
        self.push(tokens)
        out = self.expand_until(marker, owner)
        return out

    def expand_until(self, marker: Token, owner: Token | None) -> list:
        out = []
        meanings = self.state.meanings
        limit = self.limits.expansion_size
        while True:
            t = self.get_token(True)
            if t is None:
                return out
            if t is marker:
                return out
            if t.cat == CS or t.cat == C.ACTIVE:
                m = meanings.get(t.key())
                if m is not None:
                    tm = type(m)
                    if tm is Macro:
                        if m.protected:
                            out.append(t)
                            continue
                        self.count_step(t)
                        self.expand_macro(t, m)
                        continue
                    if tm is Primitive and m.expandable:
                        name = m.name
                        if name == "noexpand":
                            nt = self.get_token()
                            if nt is not None and nt is not marker:
                                out.append(nt)
                            elif nt is marker:
                                return out
                            continue
                        if name in ("unexpanded", "detokenize_edef"):
                            out.extend(self.read_general_text(t))
                            continue
                        if name == "the":
                            self.count_step(t)
                            out.extend(m.data(self, t))
                            continue
                        self.count_step(t)
                        m.fn(self, t)
                        continue
            out.append(t)
            if len(out) > limit:
                raise LimitExceeded(f"an expansion longer than {limit} tokens "
                                    "(exponential macro?)", self.loc_of(owner or t), "E-LIMIT-TOKENS")

    def read_general_text(self, owner: Token) -> list:
        """{balanced text} after an optional run of expandable tokens (\\unexpanded etc.)."""
        while True:
            t = self.get_x_token()
            if t is None:
                return []
            if t.cat == BEGIN:
                return self.read_group_body(t, owner)
            if t.cat == SPACE or (t.cat == CS and t.text == "relax"):
                continue
            self.reporter.error("E-MISSING-BRACE", f"\\{owner.text} expects {{", self.loc_of(t))
            self.push_one(t)
            return []

    def read_balanced_expanded(self, owner: Token) -> list:
        """{...} read and expanded as by \\edef (for \\edef, \\xdef, \\message ...)."""
        t = self.get_token()
        while t is not None and t.cat == SPACE:
            t = self.get_token()
        if t is None:
            return []
        if t.cat != BEGIN:
            self.reporter.error("E-MISSING-BRACE", f"\\{owner.text} expects {{", self.loc_of(t))
            self.push_one(t)
            return []
        body = self.read_group_body(t, owner)
        return self.expand_tokens(body, owner)


def substitute(body: list, args: list) -> list:
    out = []
    for x in body:
        if type(x) is int:
            out.extend(args[x])
        else:
            out.append(x)
    return out


def _tail_equals(out: list, delim: tuple) -> bool:
    k = len(delim)
    tail = out[-k:]
    for a, b in zip(tail, delim):
        if not (a == b):
            return False
    return True


def _hides(text: str, chars: tuple) -> bool:
    """Whether a run's text holds one of ``chars`` (a substring search per character)."""
    for ch in chars:
        if ch in text:
            return True
    return False


def tokens_of_run(t: Token) -> list:
    return split_run(t) if t.cat == RUN else [t]
