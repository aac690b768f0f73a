"""Scoped state: meanings, catcodes, registers and values, saved and restored by groups.

TeX semantics: a local assignment inside a group is undone when the group ends; a
``\\global`` assignment survives every enclosing group.  Each open group keeps the old
value of every key it changed locally (the first time only).  A global assignment
updates those saved values too, so the restore puts back the global value, exactly as
TeX's save stack does.

Tables: ``meanings`` (control sequence and active character keys -> meaning objects),
``values`` (registers and any named per-group value the LaTeX layer keeps, such as the
current font), and the catcode table (an immutable dict replaced on each change).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.errors import Location, UNKNOWN
from octavo.tex import catcodes as C

_ABSENT = object()
MEANINGS = 0
VALUES = 1
CATCODES = 2


@dataclass(slots=True)
class Group:
    kind: str
    """'simple' ({ }), 'semi' (\\begingroup), 'env:<name>', 'math', 'internal'."""
    where: object = UNKNOWN
    """Where the group began: a Location, or ``(source, offset)`` turned into one when
    `loc` is first read (most groups close without anyone asking)."""
    saved: dict = field(default_factory=dict)
    after: list = field(default_factory=list)
    """Tokens of \\aftergroup, in order."""
    closers: list = field(default_factory=list)
    """Builder frames to close when this group ends (opened inside it by bindings)."""

    @property
    def loc(self) -> Location:
        w = self.where
        if type(w) is tuple:
            w = self.where = w[0].location(w[1])
        return w


class State:
    __slots__ = ("meanings", "values", "catcodes", "groups", "_scanners", "on_invalid_char")

    def __init__(self):
        self.meanings: dict = {}
        self.values: dict = {}
        self.catcodes: dict = dict(C.LATEX_DOCUMENT)
        self.groups: list[Group] = []
        self._scanners: dict = {}
        self.on_invalid_char = None
        """Callback (src, pos, ch) for catcode-15 characters (the tokenizer's owner API)."""

    # -- catcodes ----------------------------------------------------------------------
    def scanners(self, table: dict) -> C.Scanners:
        r"""Regexes for ``table``, cached by content (tables are rebuilt on every change,
        often back to an earlier content, as \makeatletter ... \makeatother do)."""
        key = frozenset(table.items())
        sc = self._scanners.get(key)
        if sc is None:
            if len(self._scanners) > 256:
                self._scanners.clear()
            sc = C.Scanners(table)
            self._scanners[key] = sc
        return sc

    def invalid_char(self, src, pos, ch) -> None:
        if self.on_invalid_char is not None:
            self.on_invalid_char(src, pos, ch)

    def set_catcode(self, ch: str, cat: int, glob: bool = False) -> None:
        old = self.catcodes
        if C.catcode(old, ch) == cat:
            return
        new = C.with_code(old, ch, cat)
        self._save(CATCODES, None, old, glob)
        self.catcodes = new
        if glob:
            # a global catcode change must survive: rewrite saved tables to include it
            for g in self.groups:
                t = g.saved.get((CATCODES, None), _ABSENT)
                if t is not _ABSENT:
                    g.saved[(CATCODES, None)] = C.with_code(t, ch, cat)

    # -- generic assignment ------------------------------------------------------------------
    def _save(self, table: int, key, old, glob: bool) -> None:
        if not self.groups or glob:
            return
        saved = self.groups[-1].saved
        k = (table, key)
        if k not in saved:
            saved[k] = old

    def set_meaning(self, key: str, meaning, glob: bool = False) -> None:
        m = self.meanings
        if glob:
            if meaning is None:
                m.pop(key, None)
            else:
                m[key] = meaning
            k = (MEANINGS, key)
            for g in self.groups:
                if k in g.saved:
                    g.saved[k] = meaning if meaning is not None else _ABSENT
            return
        if self.groups:
            saved = self.groups[-1].saved
            k = (MEANINGS, key)
            if k not in saved:
                saved[k] = m.get(key, _ABSENT)
        if meaning is None:
            m.pop(key, None)
        else:
            m[key] = meaning

    def set_value(self, key, value, glob: bool = False) -> None:
        v = self.values
        if glob:
            v[key] = value
            k = (VALUES, key)
            for g in self.groups:
                if k in g.saved:
                    g.saved[k] = value
            return
        if self.groups:
            saved = self.groups[-1].saved
            k = (VALUES, key)
            if k not in saved:
                saved[k] = v.get(key, _ABSENT)
        v[key] = value

    def get_value(self, key, default=None):
        return self.values.get(key, default)

    # -- groups ---------------------------------------------------------------------
    def push_group(self, kind: str, loc=UNKNOWN) -> Group:
        """Open a group; ``loc`` is a Location or a ``(Source, offset)`` pair."""
        g = Group(kind, loc)
        self.groups.append(g)
        return g

    def pop_group(self) -> Group:
        g = self.groups.pop()
        for (table, key), old in g.saved.items():
            if table == MEANINGS:
                if old is _ABSENT:
                    self.meanings.pop(key, None)
                else:
                    self.meanings[key] = old
            elif table == VALUES:
                if old is _ABSENT:
                    self.values.pop(key, None)
                else:
                    self.values[key] = old
            else:
                self.catcodes = old
        return g

    @property
    def depth(self) -> int:
        return len(self.groups)
