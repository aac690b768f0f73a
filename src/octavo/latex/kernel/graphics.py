"""Graphics: graphicx's \\includegraphics[keys]{file} (and graphics' [llx,lly][urx,ury]
form), \\graphicspath, \\DeclareGraphicsExtensions, and the boxes \\rotatebox,
\\scalebox, \\resizebox, \\reflectbox whose content stays as text.

Contract:
- the file is found through the engine's confined file access, as graphicx does: the
  name with each extension of the search order (\\DeclareGraphicsExtensions, else
  png jpg jpeg svg pdf eps gif) unless it has one, in the source root and then in each
  \\graphicspath directory; ``Image.src`` is the path relative to the source root (with
  forward slashes); a refused path is the file layer's located error;
- a missing file is a located warning W-IMAGE-MISSING and a visible placeholder: an
  `Image` with empty ``src`` and ``alt`` = the name as written;
- width/height become CSS lengths that the writers' validator accepts and that cannot
  carry anything but a number and a unit: fractions of \\textwidth, \\linewidth,
  \\columnwidth, \\hsize become percentages ("50%"); cm, mm, in, em, ex stay; pt, bp,
  pc, dd, cc, sp become em (10pt = 1em); anything else is dropped; scale and angle are
  numbers (angles in degrees, counter-clockwise as in TeX).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from octavo.doc import nodes as N
from octavo.errors import OctavoError
from octavo.latex.kernel.blocks import keyvals
from octavo.tex.tokens import to_str

DEFAULT_EXTS = (".png", ".jpg", ".jpeg", ".svg", ".pdf", ".eps", ".gif")
RELATIVE = {"textwidth", "linewidth", "columnwidth", "hsize", "paperwidth", "textheight",
            "paperheight", "vsize"}
_NUMBER = r"([+-]?(?:\d+\.?\d*|\.\d+))"
_LEN_RE = re.compile(r"^\s*" + _NUMBER + r"?\s*(?:\\([A-Za-z]+)|([a-zA-Z]{2}))\s*$")
PT_PER_UNIT = {"pt": 1.0, "bp": 72.27 / 72, "pc": 12.0, "dd": 1238 / 1157, "cc": 12 * 1238 / 1157,
               "sp": 1 / 65536, "px": 72.27 / 96}
KEEP_UNITS = {"cm", "mm", "in", "em", "ex"}
MAX_LENGTH = 10000.0


def _fmt(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return s or "0"


def css_length(text: str) -> str:
    """A TeX length as a safe CSS length, or '' when it has no simple CSS form (pure).

    ``0.5\\textwidth`` -> ``50%``; ``3cm`` -> ``3cm``; ``20pt`` -> ``2em``; ``\\linewidth``
    -> ``100%``; negative, absurd or unparseable lengths -> ''."""
    m = _LEN_RE.match(text or "")
    if not m:
        return ""
    num, macro, unit = m.group(1), m.group(2), m.group(3)
    try:
        factor = float(num) if num not in (None, "", "+", "-") else 1.0
    except ValueError:
        return ""
    if factor <= 0 or factor > MAX_LENGTH:
        return ""
    if macro is not None:
        if macro not in RELATIVE:
            return ""
        if "height" in macro or macro == "vsize":
            return ""  # a share of the page height has no meaning on a screen
        return _fmt(min(factor * 100, 1000)) + "%"
    unit = unit.lower()
    if unit in KEEP_UNITS:
        return _fmt(factor) + unit
    if unit in PT_PER_UNIT:
        em = factor * PT_PER_UNIT[unit] / 10
        return _fmt(em) + "em" if 0 < em <= MAX_LENGTH else ""
    return ""


def _number(text: str) -> float:
    try:
        v = float(text.strip())
    except ValueError:
        return 0.0
    if v != v or abs(v) > 1e6:  # NaN or absurd
        return 0.0
    return v


def _length_text(L, tokens) -> str:
    """Expand the author's macros in a length but keep \\textwidth and friends as names."""
    if not tokens:
        return ""
    try:
        toks = L.engine.expand_tokens(list(tokens))
    except OctavoError:
        toks = tokens
    return to_str(toks)


def _search_exts(L) -> tuple:
    return tuple(L.data.get("graphics_exts") or DEFAULT_EXTS)


def resolve_image(L, name: str, loc) -> Path | None:
    """The real path of image ``name`` (root first, then \\graphicspath), or None."""
    files = L.engine.files
    if files is None:
        return None
    exts = _search_exts(L)
    found = files.resolve(name, loc, exts=exts, base_dir=None)
    if found is not None:
        return found
    for d in L.data.get("graphicspath", ()):
        base = Path(files.root) / d if not os.path.isabs(d) else Path(d)
        found = files.resolve(name, loc, exts=exts, base_dir=base)
        if found is not None:
            return found
    return None


def _relative(L, path: Path) -> str:
    root = L.engine.files.root
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        rel = str(path)
    return rel.replace(os.sep, "/")


def includegraphics(L, t, star, opt1, opt2, arg) -> None:
    name = L.string(arg).strip()
    loc = L.loc(t)
    img = N.Image(loc=loc)
    if opt1 is not None and opt2 is None:
        for key, value in keyvals(opt1):
            k = key.lower()
            if k in ("width", "height", "totalheight"):
                v = css_length(_length_text(L, value))
                if v:
                    if k == "width":
                        img.width = v
                    else:
                        img.height = v
            elif k == "scale" and value:
                s = _number(L.string(value))
                img.scale = s if 0 < s <= 100 else 0.0
            elif k == "angle" and value:
                img.angle = _number(L.string(value)) % 360
            elif k == "alt" and value:
                img.alt = L.string(value).strip()
    if not name:
        L.reporter.warning("W-IMAGE-MISSING", "\\includegraphics without a file name", loc)
        L.builder.add_inline(img, t)
        return
    try:
        path = resolve_image(L, name, loc)
    except OctavoError as e:
        L.reporter.error(e.code, e.message, e.loc if e.loc is not None else loc)
        path = None
        img.alt = img.alt or name
        L.builder.add_inline(img, t)
        return
    if path is None:
        exts = ", ".join(_search_exts(L))
        L.reporter.warning("W-IMAGE-MISSING", f"image file '{name}' not found (tried the extensions "
                           f"{exts} in the source directory and the \\graphicspath)", loc)
        img.alt = name
        L.builder.add_inline(img, t)
        return
    img.src = _relative(L, path)
    if not img.alt:
        img.alt = ""
    L.builder.add_inline(img, t)


def graphicspath(L, t, arg) -> None:
    """\\graphicspath{{dir1/}{dir2/}}: directories relative to the source root."""
    dirs = []
    depth = 0
    cur: list = []
    for tok in arg or []:
        if tok.cat == 1:
            depth += 1
            if depth == 1:
                cur = []
                continue
        elif tok.cat == 2:
            depth -= 1
            if depth == 0:
                d = L.string(cur).strip()
                if d:
                    dirs.append(d)
                continue
        if depth >= 1:
            cur.append(tok)
    if not dirs:
        d = L.string(arg).strip()
        if d:
            dirs.append(d)
    L.data["graphicspath"] = dirs


def declare_extensions(L, t, arg) -> None:
    exts = []
    for e in L.string(arg).split(","):
        e = e.strip()
        if e:
            exts.append(e if e.startswith(".") else "." + e)
    L.data["graphics_exts"] = exts


def _content(index: int):
    def handler(L, t, *args):
        L.engine.push(list(args[index] or []))
    return handler


def install(L) -> None:
    L.command("includegraphics", "s o o m", includegraphics)
    L.command("graphicspath", "m", graphicspath)
    L.command("DeclareGraphicsExtensions", "m", declare_extensions)
    L.ignore("DeclareGraphicsRule", "m m m m")
    L.command("rotatebox", "o m m", _content(2))
    L.command("scalebox", "m o m", _content(2))
    L.command("resizebox", "s m m m", _content(3))
    L.command("reflectbox", "m", _content(0))
