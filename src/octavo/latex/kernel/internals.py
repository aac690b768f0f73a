"""The \\makeatletter internals real documents and packages use, plus ifthen/etoolbox basics.

Most are plain TeX source (level 1); \\@ifnextchar, \\@ifstar, \\@ifundefined and
friends are Python for exactness (they must skip blanks and compare as \\ifx does) and
for speed.
"""

from __future__ import annotations

from octavo.tex import catcodes as C
from octavo.tex.meanings import CharMeaning, Macro, Primitive, same_meaning
from octavo.tex.tokens import CS, Token, to_str

KERNEL_TEX = r"""
\def\makeatletter{\catcode`\@=11\relax}
\def\makeatother{\catcode`\@=12\relax}
\def\@empty{}
\def\@gobble#1{}
\def\@gobbletwo#1#2{}
\def\@gobblethree#1#2#3{}
\def\@gobblefour#1#2#3#4{}
\def\@firstofone#1{#1}
\long\def\@firstoftwo#1#2{#1}
\long\def\@secondoftwo#1#2{#2}
\long\def\@firstofthree#1#2#3{#1}
\long\def\@secondofthree#1#2#3{#2}
\long\def\@thirdofthree#1#2#3{#3}
\def\@namedef#1{\expandafter\def\csname #1\endcsname}
\def\@nameuse#1{\csname #1\endcsname}
\def\@car#1#2\@nil{#1}
\def\@cdr#1#2\@nil{#2}
\def\@nil{\@nil}
\def\@iden#1{#1}
\def\@tempa{}\def\@tempb{}\def\@tempc{}
\chardef\z@=0 \chardef\@ne=1 \chardef\tw@=2 \chardef\thr@@=3 \chardef\sixt@@n=16
\chardef\@cclv=255 \mathchardef\@cclvi=256 \mathchardef\@m=1000 \mathchardef\@M=10000
\mathchardef\@MM=20000 \countdef\m@ne=19 \m@ne=-1
\newdimen\p@ \p@=1pt \newdimen\z@skip
\newcount\@tempcnta \newcount\@tempcntb \newdimen\@tempdima \newdimen\@tempdimb
\newskip\@tempskipa \newskip\@tempskipb \newtoks\@temptokena
\newbox\voidb@x \newbox\@tempboxa \newbox\strutbox
\newif\if@tempswa \newif\if@twocolumn \newif\if@twoside \newif\if@mainmatter \@mainmattertrue
\newif\if@openright \newif\if@noskipsec \newif\if@nobreak \newif\if@inlabel \newif\if@minipage
\def\@ehc{}\def\@ehd{}\def\@eha{}\def\@ehb{}
\def\space{ }
\def\@spaces{\space\space\space\space}
\def\lq{`}\def\rq{'}
\def\nobreakspace{\char"A0\relax}
\def\@xobeysp{\ }
\def\obeyspaces{\catcode`\ =13\relax}
\def\frenchspacing{}\def\nonfrenchspacing{}
\def\nonstopmode{}\def\batchmode{}
\def\@onlypreamble#1{}
\def\@preamblecmds{}
\def\loop#1\repeat{\def\body{#1}\iterate}
\def\iterate{\body \let\next\iterate \else\let\next\relax\fi \next}
\let\repeat=\fi
\def\@whilenum#1\do #2{\ifnum #1\relax #2\relax\@iwhilenum{#1\relax #2\relax}\fi}
\def\@iwhilenum#1{\ifnum #1\expandafter\@iwhilenum\else\expandafter\@gobble\fi{#1}}
\def\@whiledim#1\do #2{\ifdim #1\relax #2\relax\@iwhiledim{#1\relax #2\relax}\fi}
\def\@iwhiledim#1{\ifdim #1\expandafter\@iwhiledim\else\expandafter\@gobble\fi{#1}}
\def\@whilesw#1\fi#2{#1#2\@iwhilesw{#1#2}\fi\fi}
\def\@iwhilesw#1\fi{#1\expandafter\@iwhilesw\else\@gobbletwo\fi{#1}\fi}
\def\@for#1:=#2\do#3{\edef\@fortmp{#2}\ifx\@fortmp\@empty\else
  \expandafter\@forloop#2,\@nil,\@nil\@@#1{#3}\fi}
\def\@forloop#1,#2,#3\@@#4#5{\def#4{#1}\ifx #4\@nil \else
  #5\def#4{#2}\ifx #4\@nil \else#5\@iforloop #3\@@#4{#5}\fi\fi}
\def\@iforloop#1,#2\@@#3#4{\def#3{#1}\ifx #3\@nil
  \expandafter\@fornoop \else#4\relax\expandafter\@iforloop\fi#2\@@#3{#4}}
\def\@fornoop#1\@@#2#3{}
\def\@tfor#1:={\@tf@r#1 }
\long\def\@tf@r#1#2\do#3{\def\@fortmp{#2}\ifx\@fortmp\space\else\@tforloop#2\@nil\@nil\@@#1{#3}\fi}
\long\def\@tforloop#1#2\@@#3#4{\def#3{#1}\ifx #3\@nil \expandafter\@fornoop \else
  #4\relax\expandafter\@tforloop\fi#2\@@#3{#4}}
\def\@ifdefinable#1#2{#2}
\def\@star@or@long#1{\@ifstar{#1}{#1}}
\def\@dblarg#1{\@ifnextchar[{#1}{\@xdblarg{#1}}}
\def\@xdblarg#1#2{#1[{#2}]{#2}}
\def\@testopt#1#2{\@ifnextchar[{#1}{#1[{#2}]}}
\def\@protected@testopt#1{\@testopt}
\def\protected@edef{\edef}\def\protected@xdef{\xdef}
\def\protected@write#1#2#3{}
\let\@typeset@protect\relax \let\protect\relax \def\noexpand@protect{}
\def\unprotect{\makeatletter}\def\protect@{}
\def\@bsphack{}\def\@esphack{}\def\@Esphack{}
\def\typeout#1{\message{#1}}
\def\PackageWarning#1#2{}\def\PackageWarningNoLine#1#2{}\def\PackageInfo#1#2{}
\def\ClassWarning#1#2{}\def\ClassWarningNoLine#1#2{}\def\ClassInfo#1#2{}
\def\PackageError#1#2#3{}\def\ClassError#1#2#3{}\def\GenericWarning#1#2{}\def\GenericError#1#2#3#4{}
\def\@latex@warning#1{}\def\@latex@warning@no@line#1{}\def\@latex@error#1#2{}\def\@latex@info#1{}
\def\@font@warning#1{}
\def\NeedsTeXFormat#1{\@ifnextchar[\@gobble@opt{}}
\def\@gobble@opt[#1]{}
\def\ProvidesPackage#1{\@ifnextchar[\@gobble@opt{}}
\def\ProvidesClass#1{\@ifnextchar[\@gobble@opt{}}
\def\ProvidesFile#1{\@ifnextchar[\@gobble@opt{}}
\def\@ifl@aded#1#2{\@secondoftwo}
\def\stepcounter@hook{}
\def\strip@pt#1{\expandafter\@strip@pt\the#1}
\def\@strip@pt#1.#2pt{#1\ifnum#2>0 .#2\fi}
\def\hb@xt@{\hbox to}
\def\@height{height}\def\@depth{depth}\def\@width{width}\def\@plus{plus}\def\@minus{minus}
\def\@vobeyspaces{}\def\@noligs{}
\def\@sanitize{}\def\dospecials{}
\def\@currentlabel{}
\def\@currenvir{document}
\def\@arabic#1{\number #1}
\def\@roman#1{\romannumeral #1}
\def\ensuremath#1{\ifmmode #1\else $#1$\fi}
\def\@ifmtarg#1{\expandafter\@ifmtarg@\expandafter{\detokenize{#1}}}
\def\@ifmtarg@#1{\ifx\relax#1\relax\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\@ifnotmtarg#1#2{\@ifmtarg{#1}{}{#2}}
\let\@xp\expandafter \let\@nx\noexpand
\def\@empty{}
\def\@tempswafalse{\let\if@tempswa\iffalse}\def\@tempswatrue{\let\if@tempswa\iftrue}
\def\IfFormatAtLeastTF#1{\@firstoftwo}
\def\IfFormatAtLeastT#1#2{#2}
\def\ExplSyntaxOn{\catcode`\_=11 \catcode`\:=11 \catcode`\ =9 \catcode9=9 \catcode13=9 \catcode`\~=10 \relax}
\def\ExplSyntaxOff{\catcode`\_=8 \catcode`\:=12 \catcode`\ =10 \catcode9=10 \catcode13=5 \catcode`\~=13 \relax}
\chardef\active=13
\long\def\@ifpackagelater#1#2#3#4{#3}
\long\def\@ifclasslater#1#2#3#4{#3}
\def\DeclareMathSymbol#1#2#3#4{\ifx#1\@undefined\@declmathsym#1#4\@nil\fi}
\def\@declmathsym#1#2#3\@nil{\ifx`#2\def#1{#3}\else\def#1{}\fi}
"""


def _ifnextchar(x, t):
    """\\@ifnextchar c{yes}{no}: compare the next non-blank token with c as \\ifx does."""
    c = x.get_token()
    while c is not None and c.cat == C.SPACE:
        c = x.get_token()
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    nt = x.get_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = x.get_token()
    if nt is None or c is None:
        x.push(no)
        return
    x.push_one(nt)
    x.push(yes if _same(x, nt, c) else no)


def _same(x, a: Token, b: Token) -> bool:
    if a.cat in (CS, C.ACTIVE) or b.cat in (CS, C.ACTIVE):
        ma = x.meaning(a) if a.cat in (CS, C.ACTIVE) else CharMeaning(a)
        mb = x.meaning(b) if b.cat in (CS, C.ACTIVE) else CharMeaning(b)
        if ma is None and mb is None:
            return a == b
        return same_meaning(ma, mb)
    return a.cat == b.cat and a.text == b.text


def _ifstar(x, t):
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    nt = x.get_token()
    while nt is not None and nt.cat == C.SPACE:
        nt = x.get_token()
    if nt is not None and nt.cat == C.OTHER and nt.text == "*":
        x.push(yes)
        return
    if nt is not None:
        x.push_one(nt)
    x.push(no)


def _undefined_name(x, name: str) -> bool:
    m = x.state.meanings.get(name)
    if m is not None and not (type(m) is Primitive and m.name == "relax"):
        return False
    if name.startswith("r@") and len(name) > 2:
        # \r@label: defined on LaTeX's second run for every label of the document
        # (crossref.label_defined); no macro is defined
        L = getattr(x, "latex_layer", None)
        if L is not None:
            from octavo.latex.kernel.crossref import label_defined
            return not label_defined(L, name[2:])
    return True


def _ifundefined(x, t):
    arg = x.read_undelimited(t)
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    name = _name_of(x, arg)
    x.push(yes if _undefined_name(x, name) else no)


def _name_of(x, arg) -> str:
    toks = x.expand_tokens(list(arg))
    return "".join(tk.text for tk in toks if tk.cat != C.BEGIN and tk.cat != C.END)


def _ifdefined_cs(negate: bool, kind: str):
    """etoolbox \\ifdef{\\cs}{yes}{no}, \\ifundef, \\ifcsdef{name}, \\ifcsundef, \\ifdefined-like."""
    def fn(x, t):
        arg = x.read_undelimited(t)
        yes = x.read_undelimited(t)
        no = x.read_undelimited(t)
        if kind == "cs":
            toks = [a for a in arg if a.cat != C.SPACE]
            m = x.meaning(toks[0]) if toks else None
            defined = m is not None and not (type(m) is Primitive and m.name == "relax" and negate)
        else:
            defined = not _undefined_name(x, _name_of(x, arg))
        r = (not defined) if negate else defined
        x.push(yes if r else no)
    return fn


def _ifx_strings(x, t):
    """etoolbox \\ifstrequal{a}{b}{yes}{no} (unexpanded comparison)."""
    a = x.read_undelimited(t)
    b = x.read_undelimited(t)
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    x.push(yes if to_str(a) == to_str(b) else no)


def _ifdefempty(x, t):
    arg = x.read_undelimited(t)
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    toks = [a for a in arg if a.cat != C.SPACE]
    m = x.meaning(toks[0]) if toks else None
    empty = isinstance(m, Macro) and not m.body and not m.nparams
    x.push(yes if empty else no)


def _ifblank(x, t):
    arg = x.read_undelimited(t)
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    x.push(no if any(a.cat != C.SPACE for a in arg) else yes)


ETOOLBOX_TEX = r"""
\def\csdef#1{\expandafter\def\csname#1\endcsname}
\def\csgdef#1{\expandafter\gdef\csname#1\endcsname}
\def\csedef#1{\expandafter\edef\csname#1\endcsname}
\def\csxdef#1{\expandafter\xdef\csname#1\endcsname}
\def\csuse#1{\ifcsname#1\endcsname\csname#1\expandafter\endcsname\fi}
\def\cslet#1{\expandafter\let\csname#1\endcsname}
\def\letcs#1#2{\expandafter\let\expandafter#1\csname#2\endcsname}
\def\csletcs#1#2{\expandafter\let\csname#1\expandafter\endcsname\csname#2\endcsname}
\def\etb@undef@empty#1{\ifdefined#1\ifx#1\relax\let#1\@empty\fi\else\let#1\@empty\fi}
\def\etb@gundef@empty#1{\ifdefined#1\ifx#1\relax\global\let#1\@empty\fi\else\global\let#1\@empty\fi}
\def\appto#1#2{\etb@undef@empty#1\expandafter\def\expandafter#1\expandafter{#1#2}}
\def\gappto#1#2{\etb@gundef@empty#1\expandafter\gdef\expandafter#1\expandafter{#1#2}}
\def\preto#1#2{\etb@undef@empty#1\def\@tempa{#2}\expandafter\expandafter\expandafter\def\expandafter\expandafter\expandafter#1\expandafter\expandafter\expandafter{\expandafter\@tempa#1}}
\def\gpreto#1#2{\etb@gundef@empty#1\def\@tempa{#2}\expandafter\expandafter\expandafter\gdef\expandafter\expandafter\expandafter#1\expandafter\expandafter\expandafter{\expandafter\@tempa#1}}
\def\eappto#1#2{\etb@undef@empty#1\edef#1{\expandafter\unexpanded\expandafter{#1}#2}}
\def\xappto#1#2{\etb@gundef@empty#1\xdef#1{\expandafter\unexpanded\expandafter{#1}#2}}
\def\csappto#1{\expandafter\appto\csname#1\endcsname}
\def\csgappto#1{\expandafter\gappto\csname#1\endcsname}
\def\newbool#1{\expandafter\newif\csname if#1\endcsname}
\def\providebool#1{\ifcsname if#1\endcsname\else\newbool{#1}\fi}
\def\booltrue#1{\csname #1true\endcsname}
\def\boolfalse#1{\csname #1false\endcsname}
\def\setbool#1#2{\csname #1#2\endcsname}
\def\ifbool#1{\csname if#1\endcsname\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\notbool#1#2#3{\ifbool{#1}{#3}{#2}}
\def\newtoggle#1{\expandafter\newif\csname iftoggle@#1\endcsname}
\def\providetoggle#1{\ifcsname iftoggle@#1\endcsname\else\newtoggle{#1}\fi}
\def\toggletrue#1{\csname toggle@#1true\endcsname}
\def\togglefalse#1{\csname toggle@#1false\endcsname}
\def\settoggle#1#2{\csname toggle@#1#2\endcsname}
\def\iftoggle#1{\csname iftoggle@#1\endcsname\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\nottoggle#1#2#3{\iftoggle{#1}{#3}{#2}}
\def\ifnumcomp#1#2#3{\ifnum#1#2#3\relax\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\ifnumequal#1#2{\ifnumcomp{#1}{=}{#2}}
\def\ifnumless#1#2{\ifnumcomp{#1}{<}{#2}}
\def\ifnumgreater#1#2{\ifnumcomp{#1}{>}{#2}}
\def\ifnumodd#1{\ifodd\numexpr#1\relax\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\ifdimcomp#1#2#3{\ifdim\dimexpr#1\relax#2\dimexpr#3\relax\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\ifdimequal#1#2{\ifdimcomp{#1}{=}{#2}}
\def\ifdimless#1#2{\ifdimcomp{#1}{<}{#2}}
\def\ifdimgreater#1#2{\ifdimcomp{#1}{>}{#2}}
\def\AtEndPreamble#1{\AtBeginDocument{#1}}
\def\AfterEndPreamble#1{\AtBeginDocument{#1}}
\def\AfterEndDocument#1{}
\def\AtEndEnvironment#1#2{}\def\AtBeginEnvironment#1#2{}
\def\BeforeBeginEnvironment#1#2{}\def\AfterEndEnvironment#1#2{}
\def\robustify#1{}
\def\protected@csedef{\csedef}
\def\ifdefmacro#1{\@secondoftwo}
\def\ifdefparam#1{\@secondoftwo}
\def\ifdefstring#1#2{\expandafter\ifstrequal\expandafter{#1}{#2}}
\def\ifcsstring#1#2{\expandafter\ifdefstring\csname#1\endcsname{#2}}
\def\ifdefequal#1#2{\ifx#1#2\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\ifcsequal#1#2{\expandafter\ifx\csname#1\expandafter\endcsname\csname#2\endcsname\expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi}
\def\ifdefvoid#1{\ifdefempty{#1}}
\def\ifcsvoid#1{\expandafter\ifdefempty\csname#1\endcsname}
\def\ifcsempty#1{\expandafter\ifdefempty\csname#1\endcsname}
\def\ifstrempty#1{\ifblank{#1}}
\def\etb@lst@q@end{\etb@lst@q@end}
\long\def\etb@listitem#1#2{\expandafter\ifblank\expandafter{\@gobble#2}{}%
  {\expandafter\etb@listitem@i\expandafter{\@secondoftwo#2}{#1}}}
\long\def\etb@listitem@i#1#2{#2{#1}}
\long\def\listbreak#1&{}
\def\etb@dlp@do#1#2{\long\def#1##1{\csname etb@lst@\string#1\endcsname\do\@nil##1#2\etb@lst@q@end#2&}%
  \etb@dlp@loop#1{#2}}
\def\etb@dlp@arg#1#2{\long\def#1##1##2{\csname etb@lst@\string#1\endcsname{##1}\@nil##2#2\etb@lst@q@end#2&}%
  \etb@dlp@loop#1{#2}}
\def\etb@dlp@loop#1#2{\expandafter\long\expandafter\def\csname etb@lst@\string#1\endcsname##1##2#2{%
  \expandafter\ifx\expandafter\etb@lst@q@end\@gobble##2\@empty
    \expandafter\@firstoftwo\else\expandafter\@secondoftwo\fi
  {\listbreak}{\etb@listitem{##1}{##2}\csname etb@lst@\string#1\endcsname{##1}\@nil}}}
\def\DeclareListParser{\@ifstar\etb@dlp@arg\etb@dlp@do}
\etb@dlp@do\docsvlist{,}
\etb@dlp@arg\forcsvlist{,}
\etb@dlp@do\etb@dolist{|}
\etb@dlp@arg\etb@forlist{|}
\def\listadd#1#2{\appto#1{#2|}}
\def\listgadd#1#2{\gappto#1{#2|}}
\def\listcsadd#1{\expandafter\listadd\csname#1\endcsname}
\def\dolistloop#1{\expandafter\etb@dolist\expandafter{#1}}
\def\dolistcsloop#1{\expandafter\dolistloop\csname#1\endcsname}
\def\forlistloop#1#2{\expandafter\etb@forlist@i\expandafter{#2}{#1}}
\def\etb@forlist@i#1#2{\etb@forlist{#2}{#1}}
\def\forlistcsloop#1#2{\expandafter\forlistloop\expandafter{\expandafter#1\expandafter}\csname#2\endcsname}
\def\ifinlist#1#2{\@secondoftwo}
\def\ifrmnum#1{\@secondoftwo}
\def\ifboolexpr#1{\@secondoftwo}
\def\ifboolexpe#1{\@secondoftwo}
"""


def _patchcmd(x, t):
    """etoolbox \\patchcmd{\\cmd}{search}{replace}{success}{failure} on the macro's body."""
    star_prefix = None
    nt = x.skip_spaces()
    if nt is not None and nt.cat == C.OTHER and nt.text == "[":
        star_prefix = x.read_optional(t)
    cmd = x.read_undelimited(t)
    search = x.read_undelimited(t)
    replace = x.read_undelimited(t)
    yes = x.read_undelimited(t)
    no = x.read_undelimited(t)
    del star_prefix
    toks = [a for a in cmd if a.cat != C.SPACE]
    m = x.meaning(toks[0]) if toks else None
    if not isinstance(m, Macro) or m.xparse is not None:
        x.push(no)
        return
    from octavo.tex.tokens import split_run
    flat = []
    for b in m.body:
        if type(b) is not int and b.cat == 17:
            flat.extend(split_run(b))
        else:
            flat.append(b)
    sflat = []
    for s in search:
        sflat.extend(split_run(s) if s.cat == 17 else [s])
    if not sflat:
        x.push(no)
        return
    n = len(sflat)
    for i in range(len(flat) - n + 1):
        ok = True
        for j in range(n):
            a, b = flat[i + j], sflat[j]
            if type(a) is int:
                if not (b.cat == C.PARAM):
                    ok = False
                    break
            elif not (a == b):
                ok = False
                break
        if ok:
            from octavo.tex.primitives import compile_body
            rep = compile_body(x, list(replace), m.nparams, toks[0])
            new_body = flat[:i] + rep + flat[i + n:]
            nm = Macro(m.name, new_body, m.prefix, m.delims, m.brace_end, m.long, m.protected, m.outer, m.loc)
            nm.opt_default = m.opt_default
            if nm.opt_default is not None:
                nm.rbody = None
            x.state.set_meaning(toks[0].key(), nm)
            x.push(yes)
            return
    x.push(no)


def _apptocmd(front: bool):
    def fn(x, t):
        cmd = x.read_undelimited(t)
        code = x.read_undelimited(t)
        yes = x.read_undelimited(t)
        no = x.read_undelimited(t)
        toks = [a for a in cmd if a.cat != C.SPACE]
        m = x.meaning(toks[0]) if toks else None
        if not isinstance(m, Macro) or m.xparse is not None:
            x.push(no)
            return
        from octavo.tex.primitives import compile_body
        add = compile_body(x, list(code), m.nparams, toks[0])
        body = add + list(m.body) if front else list(m.body) + add
        nm = Macro(m.name, body, m.prefix, m.delims, m.brace_end, m.long, m.protected, m.outer, m.loc)
        nm.opt_default = m.opt_default
        if nm.opt_default is not None:
            nm.rbody = None
        x.state.set_meaning(toks[0].key(), nm)
        x.push(yes)
    return fn


def install(L) -> None:
    eng = L.engine
    d = eng.define_primitive
    d("@ifnextchar", _ifnextchar, expandable=True, binding=True)
    d("kernel@ifnextchar", _ifnextchar, expandable=True, binding=True)
    d("@ifstar", _ifstar, expandable=True, binding=True)
    d("@ifundefined", _ifundefined, expandable=True, binding=True)
    d("ifdef", _ifdefined_cs(False, "cs"), expandable=True, binding=True)
    d("ifundef", _ifdefined_cs(True, "cs"), expandable=True, binding=True)
    d("ifcsdef", _ifdefined_cs(False, "name"), expandable=True, binding=True)
    d("ifcsundef", _ifdefined_cs(True, "name"), expandable=True, binding=True)
    d("ifdefined@", _ifdefined_cs(False, "cs"), expandable=True, binding=True)
    d("ifstrequal", _ifx_strings, expandable=True, binding=True)
    d("ifdefempty", _ifdefempty, expandable=True, binding=True)
    d("ifblank", _ifblank, expandable=True, binding=True)
    d("patchcmd", _patchcmd, binding=True)
    d("apptocmd", _apptocmd(False), binding=True)
    d("pretocmd", _apptocmd(True), binding=True)
    L.tex(KERNEL_TEX, "<octavo kernel>")
    L.tex(ETOOLBOX_TEX, "<octavo etoolbox>")
    # \@ifnextchar must also be what \kernel@ifnextchar is (some packages use both)
    eng.state.meanings["@ifnextchar"] = eng.state.meanings["kernel@ifnextchar"]
