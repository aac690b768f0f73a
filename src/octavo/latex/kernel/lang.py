"""Languages and quotation: babel, polyglossia, csquotes (inputenc and fontenc need
nothing: the file reader decodes latin1 and friends itself).

Contract:
- the document language (``doc.meta.lang``, BCP 47: german/ngerman → de, french → fr,
  english/american → en, british → en-GB ...) is babel's last language option (or
  ``main=``), also taken from the class options, or polyglossia's
  \\setdefaultlanguage; it is fixed at \\begin{document}, where babel's captions for it
  (\\refname, \\contentsname, \\chaptername ...) are set and the code of
  ``\\addto\\captions<lang>{...}`` runs;
- german/ngerman shorthands: ``"`` is made active at \\begin{document} (and by
  \\selectlanguage{ngerman}): "a "o "u "s "z "` "' "< "> "- "= "~ "| "" give ä ö ü ß ß
  „ “ « » (soft hyphen: nothing) - - (nothing) (nothing); any other character after
  ``"`` is kept with the ``"``;
- french: \\og and \\fg give « and » with no-break spaces; the ; : ! ? spacing is
  print-only and the text is kept as written;
- \\foreignlanguage{lang}{text}, \\text<lang>{...} (polyglossia, babel's \\babeltags)
  give a `Span` with a ``lang`` attribute, otherlanguage and the polyglossia language
  environments a `Div`; \\selectlanguage changes the language (the meta in the preamble);
- csquotes: \\enquote{x} → “x” with ‘x’ when nested (German „x“, French « x » ...),
  \\enquote* the inner marks, \\textquote[cite]{x}, \\foreignquote{lang}{x},
  \\blockquote[cite]{x} → `Quote` with the citation as attribution, \\MakeOuterQuote{"}
  (the character then opens and closes quotes).
- user shorthands: \\useshorthands{c} makes ``c`` active (at \\begin{document} when given in
  the preamble) and \\defineshorthand{cx}{code} / \\defineshorthand{c}{code} say what
  ``cx`` / ``c`` do (the longest definition wins); a ``c`` that starts no defined
  shorthand stays the character; \\shorthandoff{c} / \\shorthandon{c} switch it.
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, Token

BCP47 = {
    "english": "en", "american": "en", "USenglish": "en", "usenglish": "en",
    "british": "en-GB", "UKenglish": "en-GB", "ukenglish": "en-GB", "canadian": "en-CA",
    "australian": "en-AU", "newzealand": "en-NZ", "german": "de", "ngerman": "de",
    "germanb": "de", "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH",
    "nswissgerman": "de-CH", "french": "fr", "francais": "fr", "frenchb": "fr", "acadian": "fr-CA",
    "canadien": "fr-CA", "spanish": "es", "mexican": "es-MX", "italian": "it", "portuguese": "pt",
    "portuges": "pt", "brazil": "pt-BR", "brazilian": "pt-BR", "dutch": "nl", "flemish": "nl-BE",
    "polish": "pl", "russian": "ru", "ukrainian": "uk", "czech": "cs", "slovak": "sk",
    "swedish": "sv", "danish": "da", "norsk": "nb", "norwegian": "nb", "nynorsk": "nn",
    "finnish": "fi", "greek": "el", "polutonikogreek": "el", "hungarian": "hu", "magyar": "hu",
    "turkish": "tr", "catalan": "ca", "croatian": "hr", "serbian": "sr", "slovene": "sl",
    "slovenian": "sl", "romanian": "ro", "hebrew": "he", "arabic": "ar", "farsi": "fa",
    "persian": "fa", "japanese": "ja", "chinese": "zh", "korean": "ko", "latin": "la",
    "esperanto": "eo", "icelandic": "is", "estonian": "et", "latvian": "lv", "lithuanian": "lt",
    "irish": "ga", "welsh": "cy", "basque": "eu", "galician": "gl", "bulgarian": "bg",
    "vietnamese": "vi", "indonesian": "id", "bahasa": "id", "malay": "ms", "afrikaans": "af",
    "hindi": "hi", "bengali": "bn", "thai": "th", "albanian": "sq", "armenian": "hy",
    "georgian": "ka", "macedonian": "mk", "belarusian": "be", "scottish": "gd", "breton": "br",
    "occitan": "oc", "romansh": "rm", "interlingua": "ia", "sanskrit": "sa", "tamil": "ta",
}
GERMAN = {"german", "ngerman", "germanb", "austrian", "naustrian", "swissgerman", "nswissgerman"}

CAPTIONS = {
    "de": {"contentsname": "Inhaltsverzeichnis", "listfigurename": "Abbildungsverzeichnis",
           "listtablename": "Tabellenverzeichnis", "refname": "Literatur",
           "bibname": "Literaturverzeichnis", "indexname": "Index", "figurename": "Abbildung",
           "tablename": "Tabelle", "partname": "Teil", "chaptername": "Kapitel",
           "appendixname": "Anhang", "abstractname": "Zusammenfassung", "seename": "siehe",
           "alsoname": "siehe auch", "proofname": "Beweis"},
    "fr": {"contentsname": "Table des matières", "listfigurename": "Table des figures",
           "listtablename": "Liste des tableaux", "refname": "Références",
           "bibname": "Bibliographie", "indexname": "Index", "figurename": "Figure",
           "tablename": "Table", "partname": "Partie", "chaptername": "Chapitre",
           "appendixname": "Annexe", "abstractname": "Résumé", "seename": "voir",
           "alsoname": "voir aussi", "proofname": "Démonstration"},
    "es": {"contentsname": "Índice", "listfigurename": "Índice de figuras",
           "listtablename": "Índice de cuadros", "refname": "Referencias",
           "bibname": "Bibliografía", "indexname": "Índice alfabético", "figurename": "Figura",
           "tablename": "Cuadro", "partname": "Parte", "chaptername": "Capítulo",
           "appendixname": "Apéndice", "abstractname": "Resumen", "seename": "véase",
           "alsoname": "véase también", "proofname": "Demostración"},
    "it": {"contentsname": "Indice", "listfigurename": "Elenco delle figure",
           "listtablename": "Elenco delle tabelle", "refname": "Riferimenti bibliografici",
           "bibname": "Bibliografia", "indexname": "Indice analitico", "figurename": "Figura",
           "tablename": "Tabella", "partname": "Parte", "chaptername": "Capitolo",
           "appendixname": "Appendice", "abstractname": "Sommario", "seename": "vedi",
           "alsoname": "vedi anche", "proofname": "Dimostrazione"},
}

QUOTES = {  # (outer open, outer close, inner open, inner close)
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u201c", "\u201d"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "nl": ("\u2018", "\u2019", "\u201c", "\u201d"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "da": ("\u00bb", "\u00ab", "\u203a", "\u2039"),
}

GERMAN_SHORTHANDS = {
    "a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü", "e": "ë", "E": "Ë", "i": "ï",
    "I": "Ï", "s": "ß", "z": "ß", "S": "SS", "Z": "SZ", "c": "c", "C": "C", "f": "f", "F": "F",
    "l": "l", "L": "L", "m": "m", "M": "M", "n": "n", "N": "N", "p": "p", "P": "P", "r": "r",
    "R": "R", "t": "t", "T": "T", "`": "\u201e", "'": "\u201c", "<": "\u00ab", ">": "\u00bb",
    "-": "", "=": "-", "~": "-", "|": "", '"': "", "/": "/",
}


def bcp47(name: str) -> str:
    n = name.strip()
    if n in BCP47:
        return BCP47[n]
    low = n.lower()
    for k, v in BCP47.items():
        if k.lower() == low:
            return v
    return ""


def current_lang(L) -> str:
    return L.engine.state.values.get("lang") or L.builder.doc.meta.lang or "en"


# --------------------------------------------------------------------------- babel

def _babel_languages(L) -> list:
    opts = list(L.packages.get("babel", []))
    main = [o.split("=", 1)[1].strip() for o in opts if o.startswith("main=")]
    langs = [o for o in L.class_options + opts if "=" not in o and bcp47(o)]
    if main:
        langs = [x for x in langs if x != main[0]] + [main[0]]
    return langs


def begin_document_hook(L) -> None:
    name = L.data.get("polyglossia_main")
    if not name and "babel" in L.packages:
        langs = _babel_languages(L)
        name = langs[-1] if langs else ""
        if any(x in GERMAN for x in langs) and name in GERMAN:
            activate_german(L, True)
    tag = bcp47(name) if name else ""
    meta = L.builder.doc.meta
    if tag:
        meta.lang = tag
    if name:
        L.data["main_language"] = name
        apply_captions(L, tag)
        code = L.data.get("caption_code", {}).get(name)
        if code:
            L.engine.push(code)


def apply_captions(L, tag: str) -> None:
    names = CAPTIONS.get(tag.split("-")[0])
    if not names:
        return
    for k, v in names.items():
        L.engine.define_macro(k, v)


def activate_german(L, on: bool) -> None:
    st = L.engine.state
    if on:
        st.set_catcode('"', C.ACTIVE)
        prim = st.meanings.get("@octavo@germanquote")
        if prim is not None:
            st.meanings['\x00active:"'] = prim
    elif C.catcode(st.catcodes, '"') == C.ACTIVE and L.data.get("outer_quote") != '"':
        st.set_catcode('"', C.OTHER)


def german_quote(L, t) -> None:
    eng = L.engine
    nt = eng.get_token()
    if nt is not None and nt.cat in (C.LETTER, C.OTHER, C.ACTIVE) and nt.text in GERMAN_SHORTHANDS:
        out = GERMAN_SHORTHANDS[nt.text]
        if out:
            eng.sink.char(out, t)
        return
    if nt is not None:
        eng.push_one(nt)
    eng.sink.char('"', t)


def selectlanguage(L, t, arg) -> None:
    name = L.string(arg).strip()
    tag = bcp47(name)
    if not tag:
        L.warn_once("W-LANGUAGE", f"unknown language '{name}'", t, ("lang", name))
        return
    if L.builder.in_preamble:
        L.data["polyglossia_main"] = name
        return
    L.engine.state.set_value("lang", tag)
    if "babel" in L.packages:
        activate_german(L, name in GERMAN)


def foreignlanguage(L, t, opts, lang, text) -> None:
    name = L.string(lang).strip()
    tag = bcp47(name)
    node = N.Span(classes=["foreign"], attrs={"lang": tag} if tag else {}, loc=L.loc(t))
    L.wrap_inline(node, text or [], t)
    if tag:
        L.engine.state.set_value("lang", tag)  # inside the group wrap_inline opened


def otherlanguage_begin(L, t, g, lang) -> None:
    _lang_div(L, t, g, L.string(lang).strip())


def _lang_div(L, t, g, name: str) -> None:
    tag = bcp47(name)
    div = N.Div(classes=["otherlanguage"], attrs={"lang": tag} if tag else {}, loc=L.loc(t))
    L.builder.open_block(div, group=g)
    if tag:
        L.engine.state.set_value("lang", tag)


def addto(L, t) -> None:
    """babel's \\addto\\cs{code}: caption/extras code runs at \\begin{document} for the
    language in use; other macros get the code appended."""
    eng = L.engine
    cs = eng.read_cs_name(t)
    code = eng.read_undelimited(t)
    if cs is None:
        return
    name = cs.text
    for prefix in ("captions", "extras", "date"):
        if name.startswith(prefix):
            lang = name[len(prefix):]
            if prefix == "captions":
                L.data.setdefault("caption_code", {}).setdefault(lang, []).extend(code)
            return
    from octavo.tex.meanings import Macro
    m = eng.state.meanings.get(name)
    if isinstance(m, Macro) and m.nparams == 0 and all(not isinstance(x, int) for x in m.body):
        eng.define_macro(name, list(m.body) + list(code))
    elif m is None:
        eng.define_macro(name, list(code))


# --------------------------------------------------------------------------- polyglossia

def setdefaultlanguage(L, t, opts, lang) -> None:
    name = L.string(lang).strip()
    L.data["polyglossia_main"] = name
    if not bcp47(name):
        L.warn_once("W-LANGUAGE", f"unknown language '{name}'", t, ("lang", name))


def setotherlanguage(L, t, opts, langs) -> None:
    for name in (x.strip() for x in L.string(langs).split(",")):
        if name:
            define_language_commands(L, name, name)


def define_language_commands(L, tag_name: str, lang: str) -> None:
    """\\text<tag_name>{...} and the environment <tag_name> for language ``lang``."""
    def text_cmd(L, t, opts, text):
        foreignlanguage(L, t, None, _toks(lang), text)
    L.command("text" + tag_name, "o m", text_cmd)
    if tag_name not in L.environments:
        L.environment(tag_name, begin=lambda L, t, g, o: _lang_div(L, t, g, lang), spec="o")


def _toks(s: str) -> list:
    from octavo.tex.tokenizer import tokenize_string
    return tokenize_string(s)


def babeltags(L, t, arg) -> None:
    for pair in L.string(arg, expand=False).split(","):
        tag, eq, lang = pair.partition("=")
        if eq and tag.strip() and lang.strip():
            define_language_commands(L, tag.strip(), lang.strip())


# --------------------------------------------------------------------------- csquotes

def _marks(L, inner: bool) -> tuple[str, str]:
    q = QUOTES.get(current_lang(L).split("-")[0], QUOTES["en"])
    return (q[2], q[3]) if inner else (q[0], q[1])


def enquote(L, t, star, text) -> None:
    eng = L.engine
    depth = eng.state.values.get("quote_depth", 0)
    inner = star or depth % 2 == 1
    open_, close = _marks(L, inner)
    eng.sink.char(open_, t)
    eng.begin_group("simple", t)
    eng.state.set_value("quote_depth", depth + (2 if star and depth % 2 == 0 else 1))
    eng.push([Token(C.END, "}"), Token(CS, "@octavo@closequote")])
    L.data.setdefault("close_quotes", []).append(close)
    eng.push(text or [])


def close_quote(L, t) -> None:
    stack = L.data.get("close_quotes")
    if stack:
        L.engine.sink.char(stack.pop(), t)


def textquote(L, t, star, cite, punct, text) -> None:
    extra = []
    if punct:
        extra += list(punct)
    if cite:
        extra += [Token(C.SPACE, " "), Token(C.OTHER, "(")] + list(cite) + [Token(C.OTHER, ")")]
    L.engine.push(extra)
    enquote(L, t, star, text)


def foreignquote(L, t, star, lang, text) -> None:
    name = L.string(lang).strip()
    tag = bcp47(name)
    node = N.Span(classes=["foreign"], attrs={"lang": tag} if tag else {}, loc=L.loc(t))
    body = [Token(CS, "enquote")] + ([Token(C.OTHER, "*")] if star else []) + \
        [Token(C.BEGIN, "{")] + list(text or []) + [Token(C.END, "}")]
    L.wrap_inline(node, body, t)
    if tag:
        L.engine.state.set_value("lang", tag)


def blockquote(L, t, cite, punct, text) -> None:
    node = N.Quote(kind="blockquote", loc=L.loc(t))
    if cite:
        L.inlines(cite, lambda inl: setattr(node, "attribution", inl), t)
    L.wrap_block(node, list(text or []) + list(punct or []), t)


def make_outer_quote(L, t, arg) -> None:
    chars = L.string(arg, expand=False).strip()
    if len(chars) != 1:
        return
    ch = chars
    L.data["outer_quote"] = ch
    eng = L.engine

    def toggle(x, tok):
        key = "outer_quote_open"
        is_open = L.data.get(key, False)
        open_, close = _marks(L, False)
        x.sink.char(close if is_open else open_, tok)
        L.data[key] = not is_open
    prim = eng.define_primitive("@octavo@outerquote@" + ch, toggle, binding=True)
    eng.state.meanings["\x00active:" + ch] = prim
    if L.builder.in_preamble:
        L.data.setdefault("begin_document_hooks", []).append(
            lambda L: L.engine.state.set_catcode(ch, C.ACTIVE))
    else:
        eng.state.set_catcode(ch, C.ACTIVE)


def make_auto_quote(L, t, star, a, b) -> None:
    oa, ob = L.string(a, expand=False).strip(), L.string(b, expand=False).strip()
    if len(oa) != 1 or len(ob) != 1:
        return
    eng = L.engine
    inner = bool(star)

    def opener(x, tok):
        x.sink.char(_marks(L, inner)[0], tok)

    def closer(x, tok):
        x.sink.char(_marks(L, inner)[1], tok)
    for ch, fn in ((oa, opener), (ob, closer)):
        prim = eng.define_primitive("@octavo@autoquote@" + ch, fn, binding=True)
        eng.state.meanings["\x00active:" + ch] = prim

    def activate(L):
        L.engine.state.set_catcode(oa, C.ACTIVE)
        L.engine.state.set_catcode(ob, C.ACTIVE)
    if L.builder.in_preamble:
        L.data.setdefault("begin_document_hooks", []).append(activate)
    else:
        activate(L)


# --------------------------------------------------------------------------- user shorthands

def _shorthands(L) -> dict:
    return L.data.setdefault("shorthands", {})


def _shorthand_char(L, ch: str) -> None:
    """Bind the active ``ch`` to the shorthand dispatcher (once per character)."""
    eng = L.engine

    def dispatch(x, tok):
        table = _shorthands(L).get(ch, {})
        nt = x.get_token()
        if nt is not None and nt.cat in (C.LETTER, C.OTHER, C.ACTIVE) and len(nt.text) == 1 \
                and ch + nt.text in table:
            x.push(list(table[ch + nt.text]))
            return
        if nt is not None:
            x.push_one(nt)
        if ch in table:
            x.push(list(table[ch]))
        else:
            x.push_one(Token(C.OTHER, ch, tok.src, tok.pos))
    prim = eng.define_primitive("@octavo@shorthand@" + ch, dispatch, expandable=True, binding=True)
    eng.state.meanings["\x00active:" + ch] = prim


def _set_active(L, ch: str, on: bool) -> None:
    L.engine.state.set_catcode(ch, C.ACTIVE if on else C.OTHER)


def useshorthands(L, t, star, arg) -> None:
    for ch in L.string(arg, expand=False).strip():
        if ch.isspace() or ch in _shorthands(L):
            continue
        _shorthands(L)[ch] = {}
        _shorthand_char(L, ch)
        if L.builder.in_preamble:
            L.data.setdefault("begin_document_hooks", []).append(
                lambda L, _c=ch: _set_active(L, _c, True))
        else:
            _set_active(L, ch, True)


def defineshorthand(L, t, langs, seq, code) -> None:
    s = L.string(seq, expand=False).strip()
    if not s or len(s) > 2:
        return
    table = _shorthands(L).get(s[0])
    if table is None:  # babel asks for \useshorthands first; be lenient
        useshorthands(L, t, None, seq[:1])
        table = _shorthands(L)[s[0]]
    table[s] = list(code or [])


def shorthandswitch(on: bool):
    def handler(L, t, *args):
        for ch in L.string(args[-1], expand=False).strip():
            if ch in _shorthands(L):
                _set_active(L, ch, on)
    return handler


def setlocalecaption(L, t, lang, name, value) -> None:
    """babel's \\setlocalecaption{lang}{name}{text}: \\<name>name for that language."""
    n = L.string(name, expand=False).strip()
    code = [Token(CS, "def"), Token(CS, n + "name"), Token(C.BEGIN, "{")] + list(value or []) + \
        [Token(C.END, "}")]
    language = L.string(lang, expand=False).strip()
    if L.builder.in_preamble:
        L.data.setdefault("caption_code", {}).setdefault(language, []).extend(code)
    elif language == L.data.get("main_language"):
        L.engine.push(code)


def install(L) -> None:
    L.data.setdefault("begin_document_hooks", []).append(begin_document_hook)
    L.command("@octavo@germanquote", "", german_quote)
    L.command("selectlanguage", "m", selectlanguage)
    L.command("foreignlanguage", "o m m", foreignlanguage)
    L.environment("otherlanguage", begin=otherlanguage_begin, spec="m")
    L.environment("otherlanguage*", begin=otherlanguage_begin, spec="m")
    L.environment("hyphenrules", spec="m")
    L.command("addto", "", addto)
    L.command("setlocalecaption", "m m m", setlocalecaption)
    L.command("setdefaultlanguage", "o m", setdefaultlanguage)
    L.command("setmainlanguage", "o m", setdefaultlanguage)
    L.command("setotherlanguage", "o m", setotherlanguage)
    L.command("setotherlanguages", "o m", setotherlanguage)
    L.command("babeltags", "m", babeltags)
    L.command("og", "", lambda L, t: L.engine.sink.char("\u00ab\u00a0", t))
    L.command("fg", "", lambda L, t: L.engine.sink.char("\u00a0\u00bb", t))
    L.command("enquote", "s m", enquote)
    L.command("@octavo@closequote", "", close_quote)
    L.command("textquote", "s o o m", textquote)
    L.command("foreignquote", "s m m", foreignquote)
    L.command("hyphenquote", "s m m", foreignquote)
    L.command("blockquote", "o o m", blockquote)
    L.command("foreignblockquote", "m o o m", lambda L, t, lang, c, p, x: blockquote(L, t, c, p, x))
    L.command("MakeOuterQuote", "m", make_outer_quote)
    L.command("MakeAutoQuote", "s m m", make_auto_quote)
    L.command("useshorthands", "s m", useshorthands)
    L.command("defineshorthand", "o m m", defineshorthand)
    L.command("shorthandon", "m", shorthandswitch(True))
    L.command("shorthandoff", "s m", shorthandswitch(False))
    for name, spec in (("languageshorthands", "m"), ("babelprovide", "o m"),
                       ("babelfont", "o m o m"), ("setkeys", "m m"), ("SetBlockThreshold", "m"),
                       ("SetCiteCommand", "m"), ("DeclareQuoteStyle", "o m o o m m m m"),
                       ("setquotestyle", "s o m"), ("MakeInnerQuote", "m"), ("MakeBlockQuote", "m m m"),
                       ("newfontfamily", "m o m"), ("setmainfont", "o m o"), ("setsansfont", "o m o"),
                       ("setmonofont", "o m o"), ("gloss", ""), ("inputencoding", "m")):
        L.ignore(name, spec)
