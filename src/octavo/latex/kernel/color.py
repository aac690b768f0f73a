"""Colour (color/xcolor): \\textcolor, \\color, \\colorbox, \\fcolorbox, \\definecolor,
\\providecolor, \\colorlet, \\normalcolor, \\pagecolor (print-only).

Contract: every colour octavo emits is computed here as ``#rrggbb`` from numbers —
named colours (xcolor's base set, and the dvipsnames set), the models rgb RGB HTML
gray Gray cmyk cmy hsb HSB, and xcolor mixing expressions (``red!50!black``,
``blue!20`` = 20 % blue in white, ``-red`` the complement) — so user text never
reaches CSS.  An unknown colour or a malformed specification warns once and leaves the
colour unchanged.  \\color is a declaration stored in the engine's scoped value
``color`` (the builder wraps text in it), so it ends with the group like a font;
\\textcolor{c}{x} is {\\color{c}x}; \\colorbox and \\fcolorbox give a `Styled` with a
``background``.
"""

from __future__ import annotations

import colorsys
import re

from octavo.doc import nodes as N
from octavo.tex import catcodes as C
from octavo.tex.tokens import Token

BASE = {
    "red": (1, 0, 0), "green": (0, 1, 0), "blue": (0, 0, 1), "cyan": (0, 1, 1),
    "magenta": (1, 0, 1), "yellow": (1, 1, 0), "black": (0, 0, 0), "white": (1, 1, 1),
    "gray": (.5, .5, .5), "darkgray": (.25, .25, .25), "lightgray": (.75, .75, .75),
    "brown": (.75, .5, .25), "lime": (.75, 1, 0), "olive": (.5, .5, 0), "orange": (1, .5, 0),
    "pink": (1, .75, .75), "purple": (.75, 0, .25), "teal": (0, .5, .5), "violet": (.5, 0, .5),
}

# dvipsnames, as CMYK
DVIPS = {
    "Apricot": (0, .32, .52, 0), "Aquamarine": (.82, 0, .30, 0), "Bittersweet": (0, .75, 1, .24),
    "Black": (0, 0, 0, 1), "Blue": (1, 1, 0, 0), "BlueGreen": (.85, 0, .33, 0),
    "BlueViolet": (.86, .91, 0, .04), "BrickRed": (0, .89, .94, .28), "Brown": (0, .81, 1, .60),
    "BurntOrange": (0, .51, 1, 0), "CadetBlue": (.62, .57, .23, 0), "CarnationPink": (0, .63, 0, 0),
    "Cerulean": (.94, .11, 0, 0), "CornflowerBlue": (.65, .13, 0, 0), "Cyan": (1, 0, 0, 0),
    "Dandelion": (0, .29, .84, 0), "DarkOrchid": (.40, .80, .20, 0), "Emerald": (1, 0, .50, 0),
    "ForestGreen": (.91, 0, .88, .12), "Fuchsia": (.47, .91, 0, .08), "Goldenrod": (0, .10, .84, 0),
    "Gray": (0, 0, 0, .50), "Green": (1, 0, 1, 0), "GreenYellow": (.15, 0, .69, 0),
    "JungleGreen": (.99, 0, .52, 0), "Lavender": (0, .48, 0, 0), "LimeGreen": (.50, 0, 1, 0),
    "Magenta": (0, 1, 0, 0), "Mahogany": (0, .85, .87, .35), "Maroon": (0, .87, .68, .32),
    "Melon": (0, .46, .50, 0), "MidnightBlue": (.98, .13, 0, .43), "Mulberry": (.34, .90, 0, .02),
    "NavyBlue": (.94, .54, 0, 0), "OliveGreen": (.64, 0, .95, .40), "Orange": (0, .61, .87, 0),
    "OrangeRed": (0, 1, .50, 0), "Orchid": (.32, .64, 0, 0), "Peach": (0, .50, .70, 0),
    "Periwinkle": (.57, .55, 0, 0), "PineGreen": (.92, 0, .59, .25), "Plum": (.50, 1, 0, 0),
    "ProcessBlue": (.96, 0, 0, 0), "Purple": (.45, .86, 0, 0), "RawSienna": (0, .72, 1, .45),
    "Red": (0, 1, 1, 0), "RedOrange": (0, .77, .87, 0), "RedViolet": (.07, .90, 0, .34),
    "Rhodamine": (0, .82, 0, 0), "RoyalBlue": (1, .50, 0, 0), "RoyalPurple": (.75, .90, 0, 0),
    "RubineRed": (0, 1, .13, 0), "Salmon": (0, .53, .38, 0), "SeaGreen": (.69, 0, .50, 0),
    "Sepia": (0, .83, 1, .70), "SkyBlue": (.62, 0, .12, 0), "SpringGreen": (.26, 0, .76, 0),
    "Tan": (.14, .42, .56, 0), "TealBlue": (.86, 0, .34, .02), "Thistle": (.12, .59, 0, 0),
    "Turquoise": (.85, 0, .20, 0), "Violet": (.79, .88, 0, 0), "VioletRed": (0, .81, 0, 0),
    "White": (0, 0, 0, 0), "WildStrawberry": (0, .96, .39, 0), "Yellow": (0, 0, 1, 0),
    "YellowGreen": (.44, 0, .74, 0), "YellowOrange": (0, .42, 1, 0),
}


class ColorError(ValueError):
    pass


def cmyk_to_rgb(c, m, y, k) -> tuple:
    return tuple(1 - min(1.0, v + k) for v in (c, m, y))


def _nums(spec: str, n: int, scale: float = 1.0) -> list:
    parts = [p for p in re.split(r"[,\s]+", spec.strip()) if p]
    if len(parts) != n:
        raise ColorError(f"expected {n} numbers, got '{spec}'")
    try:
        vals = [float(p) / scale for p in parts]
    except ValueError:
        raise ColorError(f"not a number in '{spec}'") from None
    return [min(1.0, max(0.0, v)) for v in vals]


def from_model(model: str, spec: str, colors: dict) -> tuple:
    """(r, g, b) in 0..1 for ``spec`` in ``model``; raises ColorError."""
    model = model.strip().split("/")[0]
    spec = spec.strip().split("/")[0]
    if model == "rgb":
        return tuple(_nums(spec, 3))
    if model == "RGB":
        return tuple(_nums(spec, 3, 255.0))
    if model == "HTML":
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", spec):
            raise ColorError(f"not six hexadecimal digits: '{spec}'")
        return tuple(int(spec[i:i + 2], 16) / 255 for i in (0, 2, 4))
    if model == "gray":
        g = _nums(spec, 1)[0]
        return (g, g, g)
    if model == "Gray":
        g = _nums(spec, 1, 15.0)[0]
        return (g, g, g)
    if model == "cmyk":
        return cmyk_to_rgb(*_nums(spec, 4))
    if model == "cmy":
        c, m, y = _nums(spec, 3)
        return (1 - c, 1 - m, 1 - y)
    if model == "hsb":
        return colorsys.hsv_to_rgb(*_nums(spec, 3))
    if model == "HSB":
        return colorsys.hsv_to_rgb(*_nums(spec, 3, 240.0))
    if model == "named":
        return parse_expr(spec, colors)
    raise ColorError(f"unknown colour model '{model}'")


def _named(name: str, colors: dict) -> tuple:
    if name in colors:
        return colors[name]
    if name in BASE:
        return BASE[name]
    if name in DVIPS:
        return cmyk_to_rgb(*DVIPS[name])
    raise ColorError(f"unknown colour '{name}'")


def parse_expr(expr: str, colors: dict) -> tuple:
    """An xcolor expression: ``name``, ``name!pct``, ``a!pct!b!pct!c``, ``-name``."""
    s = expr.strip()
    if not s:
        raise ColorError("empty colour")
    complement = False
    while s.startswith("-"):
        complement = not complement
        s = s[1:].strip()
    parts = [p.strip() for p in s.split("!")]
    cur = _named(parts[0], colors)
    i = 1
    while i < len(parts):
        try:
            pct = float(parts[i]) / 100.0
        except ValueError:
            raise ColorError(f"not a percentage: '{parts[i]}' in '{expr}'") from None
        pct = min(1.0, max(0.0, pct))
        other = _named(parts[i + 1], colors) if i + 1 < len(parts) and parts[i + 1] else (1, 1, 1)
        cur = tuple(pct * a + (1 - pct) * b for a, b in zip(cur, other))
        i += 2
    if complement:
        cur = tuple(1 - v for v in cur)
    return cur


def to_hex(rgb: tuple) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in rgb)


def resolve(L, t, model, spec_tokens) -> str:
    """The #rrggbb of a colour argument, or '' after a warning."""
    colors = L.data.setdefault("colors", {})
    spec = L.string(spec_tokens).strip()
    try:
        if model is not None:
            rgb = from_model(L.string(model).strip(), spec, colors)
        else:
            rgb = parse_expr(spec, colors)
    except ColorError as e:
        L.warn_once("W-COLOR", f"{e}; colour ignored", t, ("color", spec))
        return ""
    return to_hex(rgb)


def color(L, t, model, spec) -> None:
    c = resolve(L, t, model, spec)
    if c:
        L.engine.state.set_value("color", c)


def textcolor(L, t, model, spec, text) -> None:
    c = resolve(L, t, model, spec)
    eng = L.engine
    eng.begin_group("simple", t)
    if c:
        eng.state.set_value("color", c)
    eng.push_one(Token(C.END, "}"))
    eng.push(text or [])


def colorbox(L, t, model, spec, text) -> None:
    c = resolve(L, t, model, spec)
    node = N.Styled(style="colorbox", background=c, loc=L.loc(t))
    L.wrap_inline(node, text or [], t)


def fcolorbox(L, t, model, frame, spec, text) -> None:
    resolve(L, t, model, frame)
    c = resolve(L, t, model, spec)
    node = N.Styled(style="fcolorbox", background=c, loc=L.loc(t))
    L.wrap_inline(node, text or [], t)


def definecolor(provide: bool):
    def handler(L, t, typ, name, model, spec):
        colors = L.data.setdefault("colors", {})
        n = L.string(name).strip()
        if provide and (n in colors or n in BASE):
            return
        try:
            colors[n] = from_model(L.string(model).strip(), L.string(spec).strip(), colors)
        except ColorError as e:
            L.warn_once("W-COLOR", f"\\definecolor{{{n}}}: {e}", t, ("defcolor", n))
    return handler


def colorlet(L, t, typ, name, model, expr) -> None:
    colors = L.data.setdefault("colors", {})
    n = L.string(name).strip()
    try:
        colors[n] = parse_expr(L.string(expr).strip(), colors)
    except ColorError as e:
        L.warn_once("W-COLOR", f"\\colorlet{{{n}}}: {e}", t, ("defcolor", n))


def normalcolor(L, t) -> None:
    L.engine.state.set_value("color", "")


def install(L) -> None:
    L.command("color", "o m", color)
    L.command("textcolor", "o m m", textcolor)
    L.command("colorbox", "o m m", colorbox)
    L.command("fcolorbox", "o m m m", fcolorbox)
    L.command("definecolor", "o m m m", definecolor(False))
    L.command("providecolor", "o m m m", definecolor(True))
    L.command("colorlet", "o m o m", colorlet)
    L.command("normalcolor", "", normalcolor)
    for name, spec in (("pagecolor", "o m"), ("nopagecolor", ""), ("definecolorset", "o m m m m"),
                       ("definecolors", "m"), ("selectcolormodel", "m")):
        L.ignore(name, spec)
