"""The memoir class: its own commands.

- \\chapter[toc][head]{title} (two optional arguments: the first names the unit in the
  table of contents, the second in running heads) and \\book;
- \\setsecnumdepth{section} / \\settocdepth{subsection} / \\maxsecnumdepth (by unit
  name, as memoir takes them);
- \\epigraph{text}{source} and the epigraphs environment come from the kernel
  (latex/kernel/blocks.py);
- \\plainbreak \\fancybreak \\pfbreak (scene breaks): a rule; \\chapterprecis{text} kept;
- everything about page layout, chapter styles, heads and feet, captions and lists of
  contents is print-only and accepted silently (\\chapterstyle, \\makechapterstyle,
  \\setlrmarginsandblock, \\checkandfixthelayout, \\makepagestyle ...).
"""

from __future__ import annotations

from octavo.doc import nodes as N
from octavo.latex.kernel import counters, sectioning
from octavo.latex.kernel.sectioning import LEVELS

UNIT_DEPTH = dict(LEVELS, book=-2, all=5, none=-10)


def _set_depth(counter: str):
    def handler(L, t, arg):
        name = L.string(arg).strip()
        if name in UNIT_DEPTH:
            counters.set_value(L, counter, UNIT_DEPTH[name], t)
        else:
            L.reporter.warning("W-MEMOIR-UNIT", f"unknown sectional unit '{name}'", L.loc(t))
    return handler


def chapter(L, t, star, toc_title, head_title, title) -> None:
    sectioning.start_section(L, t, "chapter", 0, star, toc_title, title)


def scene_break(L, t) -> None:
    L.builder.add_block(N.HorizontalRule(loc=L.loc(t)))


def install(L, options: list) -> None:
    L.command("chapter", "s o o m", chapter)
    L.command("book", "s o m", lambda L, t, s, short, title: sectioning.start_section(
        L, t, "book", -2, s, short, title))
    L.command("setsecnumdepth", "m", _set_depth("secnumdepth"))
    L.command("settocdepth", "m", _set_depth("tocdepth"))
    L.command("maxsecnumdepth", "m", _set_depth("secnumdepth"))
    for name in ("plainbreak", "fancybreak", "pfbreak", "pfbreak*"):
        L.command(name, "s o" if name != "fancybreak" else "m", lambda L, t, *a: scene_break(L, t))
    L.passthrough("chapterprecis", "m")
    L.passthrough("chapterprecishere", "m")
    for name, spec in (
            ("chapterstyle", "m"), ("makechapterstyle", "m m"), ("headstyles", "m"),
            ("pagestyle", "m"), ("makepagestyle", "m"), ("aliaspagestyle", "m m"),
            ("copypagestyle", "m m"), ("makeevenhead", "m m m m"), ("makeoddhead", "m m m m"),
            ("makeevenfoot", "m m m m"), ("makeoddfoot", "m m m m"), ("makeheadrule", "m m m"),
            ("makefootrule", "m m m m"), ("makeheadposition", "m m m m m"),
            ("setlrmarginsandblock", "m m m"), ("setulmarginsandblock", "m m m"),
            ("setlrmargins", "m m m"), ("setulmargins", "m m m"), ("setstocksize", "m m"),
            ("settrimmedsize", "m m m"), ("settypeblocksize", "m m m"), ("setheadfoot", "m m"),
            ("setheaderspaces", "m m m"), ("setmarginnotes", "m m m"), ("setcolsepandrule", "m m"),
            ("settrims", "m m"), ("setbinding", "m"), ("checkandfixthelayout", "o"),
            ("checkthelayout", "o"), ("fixthelayout", ""), ("typeoutlayout", ""),
            ("isopage", "o"), ("semiisopage", "o"), ("medievalpage", "o"),
            ("setsecheadstyle", "m"), ("setsubsecheadstyle", "m"),
            ("setsubsubsecheadstyle", "m"), ("setparaheadstyle", "m"),
            ("setbeforesecskip", "m"), ("setaftersecskip", "m"), ("setsecindent", "m"),
            ("setbeforesubsecskip", "m"), ("setaftersubsecskip", "m"),
            ("setsecnumformat", "m"), ("hangsecnum", ""), ("defaultsecnum", ""),
            ("setsechook", "m"), ("setsubsechook", "m"), ("sethangfrom", "m"),
            ("captionnamefont", "m"), ("captiontitlefont", "m"), ("captiondelim", "m"),
            ("captionstyle", "o m"), ("hangcaption", ""), ("centerlastline", ""),
            ("changecaptionwidth", ""), ("captionwidth", "m"), ("normalcaptionwidth", ""),
            ("precisfont", ""), ("prechapterprecis", ""), ("postchapterprecis", ""),
            ("tightlists", ""), ("firmlists", ""), ("defaultlists", ""),
            ("midsloppy", ""), ("OnehalfSpacing", ""), ("DoubleSpacing", ""),
            ("SingleSpacing", ""), ("OnehalfSpacing*", ""), ("openany", ""), ("openright", ""),
            ("openleft", ""), ("clearforchapter", ""), ("cleartorecto", ""),
            ("cleartoverso", ""), ("cleartooddpage", "o"), ("nouppercaseheads", ""),
            ("uppercaseheads", ""), ("createmark", "m m m m m"), ("createplainmark", "m m m"),
            ("abstractintoc", ""), ("abstractnum", ""), ("abstractrunin", ""),
            ("cftsetindents", "m m m"), ("setpnumwidth", "m"), ("setrmarg", "m"),
            ("cftpagenumbersoff", "m"), ("cftpagenumberson", "m"), ("newsubfloat", "m"),
            ("newfixedcaption", "o m m"), ("renewfixedcaption", "o m m"),
            ("tightsubcaptions", ""), ("loosesubcaptions", ""), ("setFloatBlockFor", "m"),
            ("setsidecaps", "m m"), ("setsidebars", "m m m m m m"), ("sethangfrom", "m"),
            ("maxtocdepth", "m"), ("tocless", ""), ("bookpagemark", ""),
            ("printchaptername", ""), ("chapternamenum", ""), ("printchapternum", ""),
            ("afterchapternum", ""), ("printchaptertitle", "m"), ("afterchaptertitle", ""),
            ("printpartname", ""), ("partnamenum", ""), ("printpartnum", ""),
            ("afterpartskip", ""), ("beforechapskip", ""), ("afterchapskip", ""),
            ("insertchapterspace", ""), ("feetatbottom", ""), ("raggedbottomsection", ""),
            ("normalbottomsection", ""), ("sloppybottom", ""), ("memgloterm", "m"),
            ("settocpreprocessor", "m m"), ("addtodef", "s m m m"), ("addtoiargdef", "s m m m"),
            ("setafterparaskip", "m"), ("setbeforeparaskip", "m"), ("setparaindent", "m"),
            ("footmarkstyle", "m"), ("setfootins", "m m"), ("feetbelowfloat", ""),
            ("verbatimindent", ""), ("setverbatimfont", "m"), ("bvbox", ""),
            ("newlistof", "m m m"), ("newcomment", "m"), ("commentsoff", "m"),
            ("commentson", "m"), ("traditionalparskip", ""), ("nonzeroparskip", ""),
            ("continuousmarks", ""), ("setupmaintoc", ""), ("setupshorttoc", ""),
            ("renewcommand@", "")):
        if name.endswith("*") or name.endswith("@"):
            continue
        L.ignore(name, spec)
    L.tex(r"\newcommand\pagenote[2][]{\footnote{#2}}\let\printpagenotes\relax"
          r"\let\makepagenote\relax", "<memoir>")
    L.command("HUGE", "", lambda L, t: L.add_font("Huge"))
    # memoir's lengths, so that \setlength on them is quiet
    L.tex("".join(rf"\newdimen\{name}" for name in LENGTHS), "<memoir>")


LENGTHS = (
    "stockwidth", "stockheight", "trimtop", "trimedge", "spinemargin", "foremargin",
    "uppermargin", "lowermargin", "headdrop", "beforechapskip", "midchapskip", "afterchapskip",
    "chapindent", "beforepartskip", "midpartskip", "afterpartskip", "cftbeforepartskip",
    "cftbeforechapterskip", "cftbeforesectionskip", "cftbeforesubsectionskip",
    "cftpartindent", "cftchapterindent", "cftsectionindent", "cftsubsectionindent",
    "cftsubsubsectionindent", "cftpartnumwidth", "cftchapternumwidth", "cftsectionnumwidth",
    "cftsubsectionnumwidth", "cftsubsubsectionnumwidth", "cftfigurenumwidth",
    "cfttablenumwidth", "cftfigureindent", "cfttableindent", "epigraphwidth", "epigraphrule",
    "beforeepigraphskip", "afterepigraphskip", "abstitleskip", "absleftindent",
    "absrightindent", "absparindent", "absparsep", "parsepi", "topsepi", "itemsepi",
    "sidecapwidth", "sidecapsep", "sidebarwidth", "sidebarhsep", "sidebarvsep",
    "marginparmargin", "pagenotesep", "footmarkwidth", "footmarksep", "footparindent",
    "onelineskip", "lxvchars", "xlvchars", "tocentryskip",
)
