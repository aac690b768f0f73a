"""Footnotes and margin notes: \\footnote[num]{text}, \\footnotemark[num] with
\\footnotetext[num]{text}, \\marginpar[left]{right}, footmisc/hyperref's \\footref,
the footnote package's savenotes.  (\\thanks belongs to the title block: sectioning.)

Contract: \\footnote adds a `Note` (kind ``footnote``) where it stands; its ``mark`` is
\\thefootnote after stepping the counter (inside a minipage: the ``mpfootnote``
counter, \\thempfootnote, as LaTeX does), or the given number formatted the same way
without stepping; its children are the text digested as blocks.  A \\label inside the
note names the footnote.  \\footnotemark adds a Note without text; the next
\\footnotetext whose mark agrees fills it (an unpaired \\footnotetext becomes a note
where it stands).  \\marginpar gives a `Note` of kind ``margin`` without a mark (the
right-hand text when both are given, as in a one-sided document).
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.doc.builder import BLOCK, Frame
from octavo.latex.kernel import counters
from octavo.tex import catcodes as C
from octavo.tex.tokens import Token


def note_blocks(L, tokens, done, t) -> None:
    """Digest ``tokens`` as the blocks of a note, then ``done(blocks)``.

    Unlike a plain block capture this leaves the paragraph the note stands in open (a
    footnote does not end its paragraph), and the note starts in the normal font and
    colour, as LaTeX's footnotes do."""
    eng = L.engine
    b = L.builder
    holder = N.Div(classes=["capture"])
    g = eng.begin_group("simple", t)
    L.set_font(())
    eng.state.set_value("color", "")
    outer_mode = b.mode

    def closed(node):
        b.mode = outer_mode
        done(node.children)
    fr = Frame(holder, BLOCK, on_close=closed)
    b.frames.append(fr)
    g.closers.append(fr)
    b.mode = "vertical"
    eng.push_one(Token(C.END, "}"))
    eng.push(list(tokens or []))


def _counter(L) -> str:
    for g in reversed(L.engine.state.groups):
        if g.kind == "env:minipage":
            return "mpfootnote"
    return "footnote"


def _mark(L, t, counter: str, num) -> str:
    """The mark for an explicit [num] (counter unchanged) or after stepping."""
    if not counters.exists(L, counter):
        counters.new_counter(L, counter)
    if num is not None:
        from octavo.latex.kernel.counters import _int
        saved = counters.value(L, counter)
        counters.set_value(L, counter, _int(L, num), t)
        mark = counters.formatted(L, counter)
        counters.set_value(L, counter, saved, t)
        return mark
    counters.step(L, counter, t)
    return counters.formatted(L, counter)


def _fill(L, t, note: N.Note, text) -> None:
    """Digest ``text`` as the note's blocks; a \\label inside names the note."""
    b = L.builder
    saved = b.target
    b.set_target(note, "footnote", note.mark)

    def done(blocks):
        note.children = blocks
        b.target = saved
    note_blocks(L, text, done, t)


def footnote(L, t, num, text) -> None:
    counter = _counter(L)
    note = N.Note(kind="footnote", mark=_mark(L, t, counter, num), loc=L.loc(t))
    L.builder.add_inline(note, t)
    _fill(L, t, note, text)


def footnotemark(L, t, num) -> None:
    counter = _counter(L)
    note = N.Note(kind="footnote", mark=_mark(L, t, counter, num), loc=L.loc(t))
    L.builder.add_inline(note, t)
    L.data.setdefault("footnote_marks", []).append(note)


def footnotetext(L, t, num, text) -> None:
    counter = _counter(L)
    if num is not None:
        mark = _mark(L, t, counter, num)
    else:
        mark = counters.formatted(L, counter) if counters.exists(L, counter) else ""
    pending = L.data.setdefault("footnote_marks", [])
    for i in range(len(pending) - 1, -1, -1):
        if pending[i].mark == mark:
            note = pending.pop(i)
            _fill(L, t, note, text)
            return
    note = N.Note(kind="footnote", mark=mark, loc=L.loc(t))
    from octavo.latex.kernel.index import place_inline
    place_inline(L, note, t)
    _fill(L, t, note, text)


def marginpar(L, t, left, right) -> None:
    note = N.Note(kind="margin", loc=L.loc(t))
    from octavo.latex.kernel.index import place_inline
    place_inline(L, note, t)
    note_blocks(L, right, lambda blocks: setattr(note, "children", blocks), t)


def footref(L, t, arg) -> None:
    target = L.string(arg, expand=False).strip()
    L.builder.add_inline(N.Ref(kind="ref", target=target, loc=L.loc(t)), t)


def install(L) -> None:
    L.command("footnote", "o m", footnote)
    L.command("footnotemark", "o", footnotemark)
    L.command("footnotetext", "o m", footnotetext)
    L.command("marginpar", "o m", marginpar)
    L.command("marginnote", "o m o", lambda L, t, left, text, off: marginpar(L, t, left, text))
    L.command("footref", "m", footref)
    L.command("sidenote", "o o m", lambda L, t, a, b, text: footnote(L, t, a, text))
    L.command("mpfootnote", "o m", footnote)
    for name in ("savenotes", "spewnotes", "makesavenoteenv", "reversemarginpar", "normalmarginpar"):
        L.ignore(name, "m" if name == "makesavenoteenv" else "")
    L.environment("savenotes")
    L.ignore("footnoterule", "")
    L.ignore("MakePerPage", "o m")  # perpage: numbering per page is print-only
