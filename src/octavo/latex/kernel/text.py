"""Text: fonts and their declarations, accents, special letters and symbols, spaces and
line breaks, boxes whose content flows as text.

Font commands scope like TeX groups: \\textbf{x} is {\\bfseries x}; the builder wraps
text in the font that is current when it arrives.  Accents combine with the following
character and are normalised to NFC.
"""

from __future__ import annotations

import unicodedata

from octavo.doc import nodes as N
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, RUN, Token

ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "r": "\u030a", "k": "\u0328", "t": "\u0361", "G": "\u030f", "U": "\u030e",
    "textcircled": "\u20dd",
}

LETTERS = {
    "ss": "ß", "SS": "SS", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "aa": "å", "AA": "Å", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}

SYMBOLS = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    "textbackslash": "\\", "textbar": "|", "textless": "<", "textgreater": ">",
    "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$", "textsterling": "£",
    "pounds": "£", "texteuro": "€", "euro": "€", "textyen": "¥", "textcent": "¢",
    "textexclamdown": "¡", "textquestiondown": "¿", "textquoteleft": "\u2018",
    "textquoteright": "\u2019", "textquotedblleft": "\u201c", "textquotedblright": "\u201d",
    "textquotedbl": '"', "textquotesingle": "'", "quotesinglbase": "\u201a",
    "quotedblbase": "\u201e", "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "guilsinglleft": "‹", "guilsinglright": "›",
    "textendash": "\u2013", "textemdash": "\u2014", "textbullet": "\u2022",
    "textperiodcentered": "\u00b7", "textdagger": "\u2020", "dag": "\u2020",
    "textdaggerdbl": "\u2021", "ddag": "\u2021", "textsection": "§", "S": "§",
    "textparagraph": "¶", "P": "¶", "textcopyright": "©", "copyright": "©",
    "textregistered": "®", "texttrademark": "™", "textdegree": "°", "textcelsius": "℃",
    "textmu": "µ", "textohm": "Ω", "textonehalf": "½", "textonequarter": "¼",
    "textthreequarters": "¾", "texttimes": "×", "textdiv": "÷", "textpm": "±",
    "textminus": "\u2212", "textlnot": "¬", "textnumero": "№", "textordfeminine": "ª",
    "textordmasculine": "º", "textonesuperior": "¹", "texttwosuperior": "²",
    "textthreesuperior": "³", "textellipsis": "\u2026", "ldots": "\u2026", "dots": "\u2026",
    "textvisiblespace": "\u2423", "textleftarrow": "←", "textrightarrow": "→",
    "textuparrow": "↑", "textdownarrow": "↓", "textbigcircle": "◯", "textasteriskcentered": "∗",
    "textperthousand": "‰", "textpertenthousand": "‱", "textbrokenbar": "¦",
    "textflorin": "ƒ", "textcurrency": "¤", "textestimated": "℮", "textrecipe": "℞",
    "textservicemark": "℠", "textinterrobang": "‽", "textreferencemark": "※",
    "textmusicalnote": "♪", "checkmark": "✓", "textdollaroldstyle": "$",
    "LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2ε", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "BibTeX": "BibTeX", "AmS": "AMS", "AMS": "AMS",
    "AmSTeX": "AMS-TeX", "eTeX": "ε-TeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX",
    "slash": "/", "textslash": "/", "nobreakdash": "", "@": "", "/": "",
    "textcompwordmark": "", "ae@": "æ", "i@": "ı", "ensp": "\u2002", "emsp": "\u2003",
    "thinspace": "\u2009", "enspace": "\u2002", "quad": "\u2003", "qquad": "\u2003\u2003",
    ",": "\u2009", ";": "\u2005", ":": "\u2005", "!": "", " ": " ", "nobreakspace": "\u00a0",
    "enskip": "\u2002", "hfill": " ", "hfil": " ", "dotfill": " … ", "hrulefill": " ",
    "space": " ", "textnbsp": "\u00a0", "-": "", "ignorespaces@": "",
    "textsuperscript@": "", "textcircledP": "℗", "textopenbullet": "◦", "textsterling@": "£",
    "textemdash@": "—", "lbrack": "[", "rbrack": "]", "textlbrackdbl": "⟦", "textrbrackdbl": "⟧",
}

DECLARATIONS = {
    "bfseries": "bold", "mdseries": "medium", "itshape": "italic", "slshape": "slanted",
    "scshape": "smallcaps", "upshape": "upright", "ttfamily": "mono", "sffamily": "sans",
    "rmfamily": "roman", "em": "emph", "bf": "bold", "it": "italic", "sl": "slanted",
    "sc": "smallcaps", "tt": "mono", "sf": "sans", "rm": "roman", "tiny": "tiny",
    "scriptsize": "scriptsize", "footnotesize": "footnotesize", "small": "small",
    "normalsize": "normalsize", "large": "large", "Large": "Large", "LARGE": "LARGE",
    "huge": "huge", "Huge": "Huge", "boldmath": "", "unboldmath": "",
}
# old-style \bf etc. reset the other font axes in LaTeX 2.09 style
OLD_STYLE = {"bf", "it", "sl", "sc", "tt", "sf", "rm"}

TEXT_COMMANDS = {
    "textbf": "bold", "textit": "italic", "textsl": "slanted", "textsc": "smallcaps",
    "texttt": "mono", "textsf": "sans", "textrm": "roman", "textup": "upright",
    "textmd": "medium", "textnormal": "normal", "emph": "emph", "underline": "underline",
    "uline": "underline", "textsuperscript": "superscript", "textsubscript": "subscript",
    "sout": "strike", "st": "strike", "textsw": "sans", "uuline": "underline",
    "textulc": "upright", "textsi": "italic", "textssc": "smallcaps",
}


def combine(base: str, mark: str) -> str:
    if not base:
        base = "\u00a0"
    # an accent over a dotless i/j is how TeX sets ï, í ... (the dot gives way to the accent)
    if base[0] == "ı":
        base = "i" + base[1:]
    elif base[0] == "ȷ":
        base = "j" + base[1:]
    return unicodedata.normalize("NFC", base[0] + mark + base[1:])


def accent(mark: str):
    def fn(x, t):
        """\\'e, \\'{e}, \\'{\\i}: combine with the next character."""
        nt = x.get_x_token()
        while nt is not None and nt.cat == C.SPACE:
            nt = x.get_x_token()
        if nt is None:
            x.sink.char(combine("", mark), t)
            return
        if nt.cat == C.BEGIN:
            body = x.read_group_body(nt, t)
            body = x.expand_tokens(body, t)
            text = _text_of(body)
            x.sink.char(combine(text, mark), t)
            return
        if nt.cat == RUN:
            x.sink.char(combine(nt.text[0], mark), t)
            if len(nt.text) > 1:
                x.push_one(Token(RUN, nt.text[1:], nt.src, nt.pos + 1, nt.cc))
            return
        if nt.cat in (C.LETTER, C.OTHER):
            x.sink.char(combine(nt.text, mark), t)
            return
        if nt.cat == CS and nt.text in LETTERS:
            x.sink.char(combine(LETTERS[nt.text], mark), t)
            return
        x.push_one(nt)
        x.sink.char(combine("", mark), t)
    return fn


def _text_of(tokens) -> str:
    out = []
    for tk in tokens:
        if tk.cat == CS:
            if tk.text in LETTERS:
                out.append(LETTERS[tk.text])
            continue
        if tk.cat in (C.BEGIN, C.END):
            continue
        out.append(tk.text)
    return "".join(out).strip()


def linebreak(L, t) -> None:
    """\\\\ and \\newline: a line break; \\\\* and \\\\[len] are accepted."""
    eng = L.engine
    eng.read_star()
    eng.read_optional(t)
    h = L.builder.handlers.get("linebreak")
    if h is not None and h(t):
        return
    fr = L.builder.frames[-1]
    if fr.kind == 0:  # BLOCK: a break between paragraphs does nothing
        return
    L.builder.add_inline(N.LineBreak(loc=L.loc(t)), t)


def declaration(style: str, old: bool):
    def handler(L, t):
        if old:
            L.set_font(tuple(s for s in L.engine.state.values.get("font", ())
                             if s in ("tiny", "scriptsize", "footnotesize", "small", "normalsize",
                                      "large", "Large", "LARGE", "huge", "Huge")))
        if style:
            L.add_font(style)
    return handler


def text_command(style: str):
    def handler(L, t, arg):
        if style == "normal":
            eng = L.engine
            eng.begin_group("simple", t)
            L.set_font(())
            eng.push_one(Token(C.END, "}"))
            eng.push(arg)
            return
        L.with_font(style, arg, t)
    return handler


def normalfont(L, t) -> None:
    L.set_font(())


def mbox(L, t, arg) -> None:
    L.engine.begin_group("simple", t)
    L.engine.push_one(Token(C.END, "}"))
    L.engine.push(arg)


def box_with_opts(nopts: int):
    """\\makebox[w][pos]{x}, \\framebox, \\parbox[pos][h][ipos]{w}{x}: content flows."""
    def handler(L, t, *args):
        L.engine.push(args[-1] or [])
    return handler


def fbox(L, t, arg) -> None:
    L.wrap_inline(N.Span(classes=["fbox"], loc=L.loc(t)), arg, t)


def hspace(L, t, star, arg) -> None:
    s = L.string(arg)
    if s.strip() and not s.strip().startswith("-") and not s.strip().startswith("0"):
        L.engine.sink.space(t)


def verb(L, t) -> None:
    from octavo.tex.argspec import read_verbatim_arg
    eng = L.engine
    star = False
    tk = eng.peek_raw_tokenizer()
    if tk is not None and tk.pos < tk.n and tk.text[tk.pos] == "*":
        tk.pos += 1
        star = True
    text = read_verbatim_arg(eng, t)
    if star:
        text = text.replace(" ", "\u2423")
    L.builder.add_inline(N.Code(text=text, loc=L.loc(t)), t)


def install(L) -> None:
    eng = L.engine
    for name, mark in ACCENTS.items():
        eng.define_primitive(name, accent(mark), binding=True)
    for name, ch in LETTERS.items():
        L.symbol(name, ch)
    for name, ch in SYMBOLS.items():
        L.symbol(name, ch)
    for name, style in DECLARATIONS.items():
        L.command(name, "", declaration(style, name in OLD_STYLE))
    for name, style in TEXT_COMMANDS.items():
        L.command(name, "m", text_command(style))
    L.command("normalfont", "", normalfont)
    L.command("\\", "", linebreak)
    L.command("newline", "", linebreak)
    L.command("linebreak", "o", lambda L, t, o: linebreak(L, t))
    L.command("mbox", "m", mbox)
    L.command("hbox", "", _hbox).assignment = True  # a formula's collector runs it too
    L.command("vbox", "", _hbox)
    L.command("vtop", "", _hbox)
    L.command("makebox", "o o m", box_with_opts(2))
    L.command("framebox", "o o m", lambda L, t, a, b, arg: fbox(L, t, arg))
    L.command("fbox", "m", fbox)
    L.command("raisebox", "m o o m", box_with_opts(3))
    L.command("parbox", "o o o m m", box_with_opts(4))
    L.command("hspace", "s m", hspace)
    L.ignore("vspace", "s m")
    L.ignore("addvspace", "m")
    L.ignore("addpenalty", "m")
    for name in ("smallskip", "medskip", "bigskip", "newpage", "clearpage", "cleardoublepage",
                 "pagebreak", "nopagebreak", "samepage", "centering", "raggedright", "raggedleft",
                 "flushbottom", "raggedbottom", "sloppy", "fussy", "onecolumn", "protect", "null",
                 "strut", "mathstrut", "selectfont", "nolinebreak", "displaybreak", "goodbreak",
                 "filbreak", "eject", "onehalfspacing", "doublespacing", "singlespacing",
                 "normalcolor", "par@", "Centering", "RaggedRight", "RaggedLeft", "justifying",
                 "twocolumn", "frenchspacing", "nonfrenchspacing", "@", "looseness", "sloppypar",
                 "noindent", "indent", "thispagestyle@", "relax@", "cleardoublepage@"):
        if name in SYMBOLS:
            continue
        L.ignore(name, "")
    for name, spec in (("pagestyle", "m"), ("thispagestyle", "m"), ("pagenumbering", "m"),
                       ("setlength", "m m"), ("addtolength", "m m"), ("settowidth", "m m"),
                       ("settoheight", "m m"), ("settodepth", "m m"), ("enlargethispage", "s m"),
                       ("hyphenation", "m"), ("markboth", "m m"), ("markright", "m"),
                       ("fontsize", "m m"), ("usefont", "m m m m"), ("fontfamily", "m"),
                       ("fontseries", "m"), ("fontshape", "m"), ("fontencoding", "m"),
                       ("linespread", "m"), ("baselinestretch", ""), ("DeclareFontFamily", "m m m"),
                       ("DeclareFontShape", "m m m m m m"), ("DeclareSymbolFont", "m m m m m"),
                       ("SetSymbolFont", "m m m m m m"), ("DeclareMathAlphabet", "m m m m m"),
                       ("SetMathAlphabet", "m m m m m m"), ("DeclareSymbolFontAlphabet", "m m"),
                       ("DeclareFontEncoding", "m m m"), ("DeclareFontSubstitution", "m m m m"),
                       ("DeclareTextCommandDefault", "m m"), ("DeclareTextSymbolDefault", "m m"),
                       ("DeclareTextAccentDefault", "m m"), ("DeclareOldFontCommand", "m m m"),
                       ("DeclareTextFontCommand", "m m"), ("DeclareMathVersion", "m"),
                       ("DeclareUnicodeCharacter", "m m"), ("newfont", "m m"),
                       ("includeonly@", "m"), ("nocite@", "m"), ("phantom", "m"), ("hphantom", "m"),
                       ("vphantom", "m"), ("rule", "o m m"), ("vrule@", ""), ("newlength", "m"),
                       ("newsavebox", "m"), ("setcounter@", "m m")):
        L.ignore(name, spec)
    # \newlength must allocate a real register so \setlength/\the work
    eng.define_macro("newlength", r"\newskip")
    L.tex(r"\long\def\@octavo@setlength#1#2{#1#2\relax}\let\setlength\@octavo@setlength"
          r"\def\addtolength#1#2{\advance#1#2\relax}"
          r"\def\settowidth#1#2{#1=0pt\relax}\def\settoheight#1#2{#1=0pt\relax}"
          r"\def\settodepth#1#2{#1=0pt\relax}"
          r"\newdimen\textwidth \textwidth=345pt \newdimen\linewidth \linewidth=345pt"
          r"\newdimen\textheight \textheight=550pt \newdimen\columnwidth \columnwidth=345pt"
          r"\newdimen\paperwidth \paperwidth=614pt \newdimen\paperheight \paperheight=794pt"
          r"\newdimen\oddsidemargin \newdimen\evensidemargin \newdimen\topmargin"
          r"\newdimen\headheight \newdimen\headsep \newdimen\footskip \newdimen\marginparwidth"
          r"\newdimen\marginparsep \newdimen\columnsep \newdimen\fboxsep \newdimen\fboxrule"
          r"\newdimen\labelwidth \newdimen\labelsep \newdimen\leftmargin \newdimen\rightmargin"
          r"\newdimen\itemindent \newdimen\listparindent \newskip\itemsep \newskip\parsep"
          r"\newskip\topsep \newskip\partopsep \newdimen\arraycolsep \newdimen\tabcolsep"
          r"\newdimen\arrayrulewidth \newdimen\doublerulesep \newskip\smallskipamount"
          r"\newskip\medskipamount \newskip\bigskipamount \newskip\floatsep \newskip\textfloatsep"
          r"\newskip\intextsep \newdimen\abovecaptionskip \newdimen\belowcaptionskip"
          r"\newdimen\jot \newdimen\mathindent \newdimen\unitlength \unitlength=1pt"
          r"\def\arraystretch{1}\def\baselinestretch{1}"
          # case changes: LaTeX expands the argument first, then changes the letters
          r"\protected\def\MakeUppercase#1{\protected@edef\@octavo@case{#1}"
          r"\expandafter\uppercase\expandafter{\@octavo@case}}"
          r"\protected\def\MakeLowercase#1{\protected@edef\@octavo@case{#1}"
          r"\expandafter\lowercase\expandafter{\@octavo@case}}"
          r"\let\MakeTextUppercase\MakeUppercase \let\MakeTextLowercase\MakeLowercase"
          # plain TeX's one-line boxes: the content flows as text
          r"\long\def\centerline#1{\par#1\par}\long\def\leftline#1{\par#1\par}"
          r"\long\def\rightline#1{\par#1\par}"
          # what ifpdf/iftex (loaded by hyperref, graphicx ...) say: octavo reads a document
          # as pdfLaTeX does, and the fidelity reference is pdfLaTeX's output
          r"\newif\ifpdf \pdftrue \newif\ifPDFTeX \PDFTeXtrue \newif\ifxetex \newif\ifXeTeX"
          r"\newif\ifluatex \newif\ifLuaTeX"
          "", "<octavo text>")
    L.command("verb", "", verb)
    # raw HTML channels (\special{html:...} from the engine, tex4ht's \HCode): G8
    from octavo.latex.packages.html import raw_html
    L.builder.handlers["raw_html"] = lambda text, t: raw_html(L, text, t)
    L.command("HCode", "m", lambda L, t, arg: raw_html(L, L.detok(arg), t))
    # the active ~ is a no-break space; \~ stays the tilde accent (\~n is ñ)
    eng.state.meanings["\x00active:~"] = eng.state.meanings["nobreakspace"]
    eng.state.meanings["\x00active:\x0c"] = eng.state.meanings["par"] if "par" in eng.state.meanings else None


def _hbox(L, t) -> None:
    """\\hbox to 3em{...}: the spec is read and dropped, the content flows as text.  In a
    formula (the math collector runs it: the engine is not executing ``t``) the content
    goes back as \\mbox{...}, the text box the math layer reads."""
    from octavo.tex import registers as R
    eng = L.engine
    if R.scan_keyword(eng, "to") or R.scan_keyword(eng, "spread"):
        R.scan_dimen(eng, t)
    nt = eng.get_x_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = eng.get_x_token()
    if nt is None:
        return
    if nt.cat == C.BEGIN and eng.executing is not t:
        eng.push([Token(CS, "mbox", t.src, t.pos), nt] + eng.read_group_body(nt, t) + [Token(C.END, "}")])
        return
    if nt.cat == C.BEGIN:
        eng.begin_group("simple", nt)
    else:
        eng.push_one(nt)
