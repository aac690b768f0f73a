"""textpos: blocks placed at absolute positions on the printed page (covers, title
pages, logos).  A web page has no page to place them on, so ``textblock`` and
``textblock*`` are blocks of their own (a Div of class ``textblock``) where they stand in
the source, in reading order; the width, the anchor point ``[ho,vo]`` and the position
``(x,y)`` are read and dropped.  The
package's set-up commands are print-only."""

from __future__ import annotations

from octavo.latex.kernel.blocks import div_env


def install(L, options) -> None:
    for name in ("textblock", "textblock*"):
        L.environment(name, begin=div_env(["textblock"]), spec="m o r()")
    for name, spec in (("textblockorigin", "m m"), ("TPGrid", "o m m"), ("TPMargin", "s m"),
                       ("textblockcolour", "m"), ("textblockcolor", "m"),
                       ("textblockrulecolour", "m"), ("textblockrulecolor", "m"),
                       ("textblocklabel", "m"), ("TPoptions", "m")):
        L.ignore(name, spec)
    # its lengths and switches, so that \setlength and \TPshowboxestrue are quiet
    L.tex(r"\newdimen\TPHorizModule\newdimen\TPVertModule\newdimen\TPboxrulesize"
          r"\newif\ifTPshowboxes\newif\ifTPabsolute\newif\ifTPoverlay", "<textpos>")
