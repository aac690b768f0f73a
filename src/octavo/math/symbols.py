"""Math symbol tables: control-sequence name -> Unicode text and MathML element class.

Hand-written data covering the symbols of the LaTeX base (fontmath, latexsym), amsmath,
amssymb, the basic stmaryrd symbols and the common mathtools relations.  Code points
follow the Unicode names (e.g. \\leq -> U+2264 LESS-THAN OR EQUAL TO); variant glyphs
without their own code point map to the nearest character.

Each entry of `SYMBOLS` is a `Sym`; the tables are built once at import and never
mutated (read-only mappings).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Sym:
    text: str
    """Unicode text (usually one character)."""
    kind: str
    """mi (italic identifier), mi0 (upright identifier), ord (ordinary operator-like
    symbol rendered as <mo>), bin, rel, op (large operator with limits), opi (large
    operator with side scripts), open, close, fence, punct."""


# "name hex[,hex...]" pairs, whitespace separated; grouped by kind.
_DATA = {
    "mi": """
alpha 3B1 beta 3B2 gamma 3B3 delta 3B4 epsilon 3F5 varepsilon 3B5 zeta 3B6 eta 3B7
theta 3B8 vartheta 3D1 iota 3B9 kappa 3BA varkappa 3F0 lambda 3BB mu 3BC nu 3BD xi 3BE
omicron 3BF pi 3C0 varpi 3D6 rho 3C1 varrho 3F1 sigma 3C3 varsigma 3C2 tau 3C4
upsilon 3C5 phi 3D5 varphi 3C6 chi 3C7 psi 3C8 omega 3C9 digamma 3DD
varGamma 1D6E4 varDelta 1D6E5 varTheta 1D6E9 varLambda 1D6EC varXi 1D6EF varPi 1D6F1
varSigma 1D6F4 varUpsilon 1D6F6 varPhi 1D6F7 varPsi 1D6F9 varOmega 1D6FA
ell 2113 imath 1D6A4 jmath 1D6A5 wp 2118 partial 2202
""",
    "mi0": """
Gamma 393 Delta 394 Theta 398 Lambda 39B Xi 39E Pi 3A0 Sigma 3A3 Upsilon 3A5 Phi 3A6
Psi 3A8 Omega 3A9 Alpha 391 Beta 392 Epsilon 395 Zeta 396 Eta 397 Iota 399 Kappa 39A
Mu 39C Nu 39D Omicron 39F Rho 3A1 Tau 3A4 Chi 3A7
aleph 2135 beth 2136 gimel 2137 daleth 2138 hbar 210F hslash 210F Re 211C Im 2111
infty 221E emptyset 2205 varnothing 2300 nabla 2207 top 22A4 bot 22A5 angle 2220
measuredangle 2221 sphericalangle 2222 triangle 25B3 triangledown 25BD vartriangle 25B3
blacktriangle 25B4 blacktriangledown 25BE square 25A1 Box 25A1 blacksquare 25A0
lozenge 25CA blacklozenge 29EB Diamond 25C7 diamondsuit 2662 heartsuit 2661
clubsuit 2663 spadesuit 2660 flat 266D natural 266E sharp 266F mho 2127 eth F0
Finv 2132 Game 2141 Bbbk 1D55C circledS 24C8 bigstar 2605 checkmark 2713 maltese 2720
diagup 2571 diagdown 2572 S A7 P B6 complement 2201 lightning 21AF degree B0
textdegree B0 copyright A9 pounds A3 yen A5 euro 20AC
ocircle 25CB invneg 2310 wasylozenge 2311 varangle 2222
""",
    "ord": """
prime 2032 backprime 2035 forall 2200 exists 2203 nexists 2204 neg AC lnot AC
surd 221A cdots 22EF ldots 2026 vdots 22EE ddots 22F1 iddots 22F0 adots 22F0
dotsc 2026 dotso 2026 dotsb 22EF dotsm 22EF dotsi 22EF
dag 2020 ddag 2021 backslash 5C slash 2F
idotsint 222B,22EF,222B mathdollar 24 mathparagraph B6 mathsection A7
sqrtsign 221A
""",
    "bin": """
pm B1 mp 2213 times D7 div F7 cdot 22C5 ast 2217 star 22C6 circ 2218 bullet 2219
cap 2229 cup 222A uplus 228E sqcap 2293 sqcup 2294 vee 2228 lor 2228 wedge 2227
land 2227 setminus 2216 smallsetminus 2216 wr 2240 diamond 22C4 bigtriangleup 25B3
bigtriangledown 25BD triangleleft 25C3 triangleright 25B9 lhd 22B2 rhd 22B3
unlhd 22B4 unrhd 22B5 oplus 2295 ominus 2296 otimes 2297 oslash 2298 odot 2299
bigcirc 25EF amalg 2A3F dagger 2020 ddagger 2021 dotplus 2214 ltimes 22C9 rtimes 22CA
leftthreetimes 22CB rightthreetimes 22CC curlywedge 22CF curlyvee 22CE
circleddash 229D circledast 229B circledcirc 229A centerdot 22C5 intercal 22BA
doublecap 22D2 Cap 22D2 doublecup 22D3 Cup 22D3 boxplus 229E boxminus 229F
boxtimes 22A0 boxdot 22A1 divideontimes 22C7 barwedge 22BC veebar 22BB
doublebarwedge 2A5E
varoplus 2295 varotimes 2297 varominus 2296 varodot 2299 varoslash 2298 obar 29B6
obslash 29B8 olessthan 29C0 ogreaterthan 29C1 oblong 25AF interleave 2AF4
cdotp 22C5 ldotp 2E sslash 2AFD talloblong 2AFE boxast 29C6 boxbslash 29C5 boxslash 29C4 boxbox 29C8
boxcircle 29C7 binampersand 26 bindnasrepma 214B fatsemi 2A1F fatslash 29F8
fatbslash 29F9 merge 2A07 minuso 29B5 moo 29E5 nplus 2A2E
varbigtriangledown 25BD varbigtriangleup 25B3 baro 233D boxbar 25EB boxempty 25A1
varbigcirc 25EF vartimes D7 varolessthan 29C0 varogreaterthan 29C1 varobar 29B6
varobslash 29B8 varocircle 229A varoast 229B leftslice 2AA6 rightslice 2AA7
""",
    "rel": """
Relbar 3D relbar 2212 mapstochar 2223
leq 2264 le 2264 geq 2265 ge 2265 neq 2260 ne 2260 equiv 2261 approx 2248
approxeq 224A cong 2245 sim 223C simeq 2243 asymp 224D doteq 2250 doteqdot 2251
Doteq 2251 propto 221D varpropto 221D models 22A8 vdash 22A2 dashv 22A3 vDash 22A8
Vdash 22A9 Vvdash 22AA nvdash 22AC nvDash 22AD nVdash 22AE nVDash 22AF perp 27C2
mid 2223 nmid 2224 parallel 2225 nparallel 2226 shortmid 2223 shortparallel 2225
nshortmid 2224 nshortparallel 2226 smile 2323 frown 2322 smallsmile 2323
smallfrown 2322 bowtie 22C8 Join 2A1D in 2208 ni 220B owns 220B notin 2209
subset 2282 supset 2283 subseteq 2286 supseteq 2287 subsetneq 228A supsetneq 228B
varsubsetneq 228A varsupsetneq 228B nsubseteq 2288 nsupseteq 2289 subseteqq 2AC5
supseteqq 2AC6 subsetneqq 2ACB supsetneqq 2ACC varsubsetneqq 2ACB varsupsetneqq 2ACC
nsubseteqq 2AC5,338 nsupseteqq 2AC6,338 Subset 22D0 Supset 22D1 sqsubset 228F
sqsupset 2290 sqsubseteq 2291 sqsupseteq 2292 prec 227A succ 227B preceq 2AAF
succeq 2AB0 preccurlyeq 227C succcurlyeq 227D curlyeqprec 22DE curlyeqsucc 22DF
precsim 227E succsim 227F precapprox 2AB7 succapprox 2AB8 precneqq 2AB5
succneqq 2AB6 precnsim 22E8 succnsim 22E9 precnapprox 2AB9 succnapprox 2ABA
nprec 2280 nsucc 2281 npreceq 22E0 nsucceq 22E1 ll 226A gg 226B lll 22D8 llless 22D8
ggg 22D9 gggtr 22D9 leqq 2266 geqq 2267 leqslant 2A7D geqslant 2A7E
eqslantless 2A95 eqslantgtr 2A96 lesssim 2272 gtrsim 2273 lessapprox 2A85
gtrapprox 2A86 lessdot 22D6 gtrdot 22D7 lessgtr 2276 gtrless 2277 lesseqgtr 22DA
gtreqless 22DB lesseqqgtr 2A8B gtreqqless 2A8C lneq 2A87 gneq 2A88 lneqq 2268
gneqq 2269 lvertneqq 2268 gvertneqq 2269 lnsim 22E6 gnsim 22E7 lnapprox 2A89
gnapprox 2A8A nless 226E ngtr 226F nleq 2270 ngeq 2271 nleqslant 2A7D,338
ngeqslant 2A7E,338 nleqq 2266,338 ngeqq 2267,338 nsim 2241 ncong 2247 napprox 2249
nequiv 2262 thicksim 223C thickapprox 2248 backsim 223D backsimeq 22CD eqsim 2242
triangleq 225C circeq 2257 bumpeq 224F Bumpeq 224E risingdotseq 2253
fallingdotseq 2252 eqcirc 2256 vartriangleleft 22B2 vartriangleright 22B3
trianglelefteq 22B4 trianglerighteq 22B5 ntriangleleft 22EA ntriangleright 22EB
ntrianglelefteq 22EC ntrianglerighteq 22ED blacktriangleleft 25C0
blacktriangleright 25B6 therefore 2234 because 2235 between 226C pitchfork 22D4
backepsilon 220D multimap 22B8 coloneqq 2254 Coloneqq 2A74 coloneq 2254 Coloneq 2A74
eqqcolon 2255 Eqqcolon 3D,2237 eqcolon 2239 Eqcolon 2212,2237 Colon 2237 dblcolon 2237
vcentcolon 2236 ratio 2236 colonapprox 2236,2248 colonsim 2236,223C
leftarrow 2190 gets 2190 rightarrow 2192 to 2192 uparrow 2191 downarrow 2193
updownarrow 2195 leftrightarrow 2194 Leftarrow 21D0 Rightarrow 21D2 Uparrow 21D1
Downarrow 21D3 Updownarrow 21D5 Leftrightarrow 21D4 longleftarrow 27F5
longrightarrow 27F6 longleftrightarrow 27F7 Longleftarrow 27F8 Longrightarrow 27F9
Longleftrightarrow 27FA iff 27FA implies 27F9 impliedby 27F8 mapsto 21A6
longmapsto 27FC mapsfrom 21A4 longmapsfrom 27FB Mapsto 2907 Mapsfrom 2906
hookleftarrow 21A9 hookrightarrow 21AA leftharpoonup 21BC leftharpoondown 21BD
rightharpoonup 21C0 rightharpoondown 21C1 upharpoonleft 21BF upharpoonright 21BE
restriction 21BE downharpoonleft 21C3 downharpoonright 21C2 rightleftharpoons 21CC
leftrightharpoons 21CB nearrow 2197 searrow 2198 swarrow 2199 nwarrow 2196
leadsto 21DD rightsquigarrow 21DD leftrightsquigarrow 21AD leftleftarrows 21C7
rightrightarrows 21C9 leftrightarrows 21C6 rightleftarrows 21C4 upuparrows 21C8
downdownarrows 21CA Lleftarrow 21DA Rrightarrow 21DB twoheadleftarrow 219E
twoheadrightarrow 21A0 leftarrowtail 21A2 rightarrowtail 21A3 looparrowleft 21AB
looparrowright 21AC curvearrowleft 21B6 curvearrowright 21B7 circlearrowleft 21BA
circlearrowright 21BB Lsh 21B0 Rsh 21B1 nleftarrow 219A nrightarrow 219B
nLeftarrow 21CD nRightarrow 21CF nleftrightarrow 21AE nLeftrightarrow 21CE
dashrightarrow 21E2 dashleftarrow 21E0 leftarrowtriangle 21FD rightarrowtriangle 21FE
leftrightarrowtriangle 21FF shortrightarrow 2192 shortleftarrow 2190
shortuparrow 2191 shortdownarrow 2193 nnearrow 2197 nnwarrow 2196 ssearrow 2198
sswarrow 2199 subsetplus 2ABF supsetplus 2AC0 subsetpluseq 2AC1 supsetpluseq 2AC2
trianglelefteqslant 22B4 trianglerighteqslant 22B5 ntrianglelefteqslant 22EC
ntrianglerighteqslant 22ED
""",
    "op": """
sum 2211 prod 220F coprod 2210 bigcup 22C3 bigcap 22C2 bigvee 22C1 bigwedge 22C0
bigoplus 2A01 bigotimes 2A02 bigodot 2A00 biguplus 2A04 bigsqcup 2A06 bigsqcap 2A05
bigcurlyvee 22CE bigcurlywedge 22CF bigbox 25A1 bigparallel 2AFC
""",
    "opi": """
int 222B iint 222C iiint 222D iiiint 2A0C oint 222E oiint 222F oiiint 2230
smallint 222B intop 222B ointop 222E
""",
    "open": """
lbrace 7B lbrack 5B langle 27E8 lfloor 230A lceil 2308 lvert 7C lVert 2016
lgroup 27EE lmoustache 23B0 ulcorner 231C llcorner 231E llbracket 27E6
llparenthesis 2987 lbag 27C5 Lbag 27C5
""",
    "close": """
rbrace 7D rbrack 5D rangle 27E9 rfloor 230B rceil 2309 rvert 7C rVert 2016
rgroup 27EF rmoustache 23B1 urcorner 231D lrcorner 231F rrbracket 27E7
rrparenthesis 2988 rbag 27C6 Rbag 27C6
""",
    "fence": """
vert 7C Vert 2016 arrowvert 7C Arrowvert 2016 bracevert 23AA
""",
}


def _build() -> dict:
    table = {}
    for kind, block in _DATA.items():
        words = block.split()
        for name, codes in zip(words[0::2], words[1::2]):
            table[name] = Sym("".join(chr(int(c, 16)) for c in codes.split(",")), kind)
    # Escaped characters that are math symbols.
    table["{"] = Sym("{", "open")
    table["}"] = Sym("}", "close")
    table["|"] = Sym("\u2016", "fence")
    table["#"] = Sym("#", "mi0")
    table["$"] = Sym("$", "mi0")
    table["%"] = Sym("%", "mi0")
    table["&"] = Sym("&", "mi0")
    table["_"] = Sym("_", "mi0")
    return table


SYMBOLS = MappingProxyType(_build())
"""name (without backslash) -> Sym."""


def _by_char() -> dict:
    out = {}
    for name, sym in SYMBOLS.items():
        if len(sym.text) == 1 and not sym.text.isalnum() and sym.text not in out \
                and ord(sym.text) > 0x7F:
            out[sym.text] = sym
    return out


BY_CHAR = MappingProxyType(_by_char())
"""A non-ASCII symbol typed as a character (unicode-math: ⊂, ≤, ∑) -> its Sym, so it is
spaced as the command would be."""

# Function names: upright, spaced like TeX's \mathop.  The second set takes limits.
FUNCTIONS = frozenset(
    "arccos arcsin arctan arg cos cosh cot coth csc deg dim exp hom ker lg ln log sec "
    "sin sinh tan tanh sgn".split()
)
LIMIT_FUNCTIONS = MappingProxyType({
    "det": "det", "gcd": "gcd", "inf": "inf", "lim": "lim", "liminf": "lim\u2009inf",
    "limsup": "lim\u2009sup", "max": "max", "min": "min", "Pr": "Pr", "sup": "sup",
    "injlim": "inj\u2009lim", "projlim": "proj\u2009lim", "varliminf": "lim\u2009inf",
    "varlimsup": "lim\u2009sup", "varinjlim": "lim", "varprojlim": "lim",
})


@dataclass(frozen=True, slots=True)
class AccentSpec:
    char: str
    stretchy: bool
    over: bool = True
    combining: str = ""
    """Combining mark for linear text (x̂); empty: use a prefix notation."""


ACCENTS = MappingProxyType({
    "hat": AccentSpec("\u02c6", False, combining="\u0302"),
    "widehat": AccentSpec("^", True, combining="\u0302"),
    "check": AccentSpec("\u02c7", False, combining="\u030c"),
    "widecheck": AccentSpec("\u02c7", True, combining="\u030c"),
    "tilde": AccentSpec("~", False, combining="\u0303"),
    "widetilde": AccentSpec("~", True, combining="\u0303"),
    "acute": AccentSpec("\u00b4", False, combining="\u0301"),
    "grave": AccentSpec("`", False, combining="\u0300"),
    "dot": AccentSpec("\u02d9", False, combining="\u0307"),
    "ddot": AccentSpec("\u00a8", False, combining="\u0308"),
    "dddot": AccentSpec("\u20db", False, combining="\u20db"),
    "ddddot": AccentSpec("\u20dc", False, combining="\u20dc"),
    "breve": AccentSpec("\u02d8", False, combining="\u0306"),
    "bar": AccentSpec("\u00af", False, combining="\u0304"),
    "widebar": AccentSpec("\u203e", True, combining="\u0305"),
    "vec": AccentSpec("\u2192", False, combining="\u20d7"),
    "mathring": AccentSpec("\u02da", False, combining="\u030a"),
    "overline": AccentSpec("\u203e", True, combining="\u0305"),
    "underline": AccentSpec("_", True, over=False, combining="\u0332"),
    "overrightarrow": AccentSpec("\u2192", True, combining="\u20d7"),
    "overleftarrow": AccentSpec("\u2190", True, combining="\u20d6"),
    "overleftrightarrow": AccentSpec("\u2194", True, combining="\u20e1"),
    "underrightarrow": AccentSpec("\u2192", True, over=False),
    "underleftarrow": AccentSpec("\u2190", True, over=False),
    "underleftrightarrow": AccentSpec("\u2194", True, over=False),
    "overbrace": AccentSpec("\u23de", True),
    "underbrace": AccentSpec("\u23df", True, over=False),
    "overparen": AccentSpec("\u23dc", True),
    "underparen": AccentSpec("\u23dd", True, over=False),
    "overbracket": AccentSpec("\u23b4", True),
    "underbracket": AccentSpec("\u23b5", True, over=False),
})
BRACES = frozenset({"overbrace", "underbrace", "overparen", "underparen", "overbracket",
                    "underbracket"})
"""Accents whose following scripts go above/below (labels of braces)."""

# Extensible arrows of amsmath / mathtools: name -> arrow character.
X_ARROWS = MappingProxyType({
    "xrightarrow": "\u2192", "xleftarrow": "\u2190", "xleftrightarrow": "\u2194",
    "xRightarrow": "\u21d2", "xLeftarrow": "\u21d0", "xLeftrightarrow": "\u21d4",
    "xmapsto": "\u21a6", "xhookrightarrow": "\u21aa", "xhookleftarrow": "\u21a9",
    "xrightharpoonup": "\u21c0", "xrightharpoondown": "\u21c1",
    "xleftharpoonup": "\u21bc", "xleftharpoondown": "\u21bd",
    "xrightleftharpoons": "\u21cc", "xleftrightharpoons": "\u21cb",
    "xtwoheadrightarrow": "\u21a0", "xtwoheadleftarrow": "\u219e",
    "xlongequal": "=",
    # extarrows
    "xlongrightarrow": "\u27f6", "xlongleftarrow": "\u27f5", "xlongleftrightarrow": "\u27f7",
    "xLongrightarrow": "\u27f9", "xLongleftarrow": "\u27f8", "xLongleftrightarrow": "\u27fa",
})

# Horizontal spaces in em (1em = 18mu).
SPACES = MappingProxyType({
    ",": 3 / 18, "thinspace": 3 / 18, ":": 4 / 18, ">": 4 / 18, "medspace": 4 / 18,
    ";": 5 / 18, "thickspace": 5 / 18, "!": -3 / 18, "negthinspace": -3 / 18,
    "negmedspace": -4 / 18, "negthickspace": -5 / 18, "quad": 1.0, "qquad": 2.0,
    "enspace": 0.5, "enskip": 0.5, " ": 1 / 3, "space": 1 / 3, "nobreakspace": 1 / 3,
    "hfill": 1.0, "hfil": 1.0, "hss": 0.0,
})

# \big and friends: delimiter height in em (TeX's 8.5pt/11.5pt/14.5pt/17.5pt at 10pt).
BIG_SIZES = MappingProxyType({"big": 1.2, "Big": 1.623, "bigg": 2.047, "Bigg": 2.470})

# Negated forms for \not<rel>.
NEGATIONS = MappingProxyType({
    "=": "\u2260", "<": "\u226e", ">": "\u226f", "\u2264": "\u2270", "\u2265": "\u2271",
    "\u2208": "\u2209", "\u220b": "\u220c", "\u2282": "\u2284", "\u2283": "\u2285",
    "\u2286": "\u2288", "\u2287": "\u2289", "\u2261": "\u2262", "\u223c": "\u2241",
    "\u2243": "\u2244", "\u2245": "\u2247", "\u2248": "\u2249", "\u2223": "\u2224",
    "\u2225": "\u2226", "\u227a": "\u2280", "\u227b": "\u2281", "\u22a2": "\u22ac",
    "\u22a8": "\u22ad", "\u2192": "\u219b", "\u2190": "\u219a", "\u2194": "\u21ae",
    "\u21d2": "\u21cf", "\u21d0": "\u21cd", "\u21d4": "\u21ce", "\u224d": "\u226d",
    "\u2203": "\u2204", "\u2291": "\u22e2", "\u2292": "\u22e3",
})

# Plain characters typed in math: class and displayed text.
CHAR_CLASSES = MappingProxyType({
    "+": ("bin", "+"), "-": ("bin", "\u2212"), "*": ("bin", "\u2217"),
    "=": ("rel", "="), "<": ("rel", "<"), ">": ("rel", ">"), ":": ("rel", ":"),
    ",": ("punct", ","), ";": ("punct", ";"), "(": ("open", "("), ")": ("close", ")"),
    "[": ("open", "["), "]": ("close", "]"), "|": ("fence", "|"), "/": ("ord", "/"),
    "!": ("close", "!"), "?": ("punct", "?"), ".": ("ord", "."), "@": ("ord", "@"),
    "\"": ("ord", "\u2033"), "`": ("ord", "\u2035"),
})

# Delimiter names usable after \left, \right, \big...
def delimiter_text(name_or_char: str, is_cs: bool) -> str | None:
    """Unicode text of a delimiter token (None if it is not a delimiter); "" for '.'."""
    if not is_cs:
        if name_or_char == ".":
            return ""
        if name_or_char in "()[]|/<>":
            return {"<": "\u27e8", ">": "\u27e9"}.get(name_or_char, name_or_char)
        return None
    sym = SYMBOLS.get(name_or_char)
    if sym is not None and (sym.kind in ("open", "close", "fence") or name_or_char in (
            "uparrow", "downarrow", "updownarrow", "Uparrow", "Downarrow", "Updownarrow",
            "backslash", "slash")):
        return sym.text
    return None
