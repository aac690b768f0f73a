"""fancyhdr: running heads and feet are print-only (a hypertext edition has no pages), so
their set-up is read and dropped -- nothing of it becomes text.

\\fancyhead[..]{..} \\fancyfoot \\fancyhf \\lhead \\chead \\rhead \\lfoot \\cfoot \\rfoot (with
their optional even-page argument), \\fancypagestyle{name}{code}, \\fancyheadoffset,
\\fancyfootoffset, \\fancyhfoffset; \\fancyplain{plain}{fancy} and \\nouppercase{x} print
their text where a document uses them elsewhere; \\headrulewidth and \\footrulewidth
exist so that \\renewcommand works; \\iffloatpage{a}{b} gives b.
"""

from __future__ import annotations


def install(L, options) -> None:
    for name in ("fancyhead", "fancyfoot", "fancyhf", "lhead", "chead", "rhead", "lfoot",
                 "cfoot", "rfoot", "fancyheadoffset", "fancyfootoffset", "fancyhfoffset"):
        L.ignore(name, "o m")
    L.ignore("fancypagestyle", "m m")
    L.passthrough("fancyplain", "m m")
    L.passthrough("nouppercase", "m")
    L.passthrough("iffloatpage", "m m")
    L.tex(r"\providecommand\headrulewidth{0.4pt}\providecommand\footrulewidth{0pt}"
          r"\providecommand\headruleskip{0pt}\providecommand\footruleskip{0pt}"
          r"\providecommand\headrule{}\providecommand\footrule{}")
