"""prooftrees (Forest-based proof trees): a ``prooftree`` environment is a drawing that
real TeX typesets from its source (a `Placeholder` picture), also named ``tableau`` with
the ``tableaux`` option, and in the command form
(``\\tableau{} [...] \\endtableau``) that environments defined by a document use.  In
plain text a node shows its formula and its justification (``just=``)."""

from __future__ import annotations

from octavo.latex.kernel.pictures import delimited, picture_environment


def install(L, options) -> None:
    L.data["picture_shown_keys"] = L.data.get("picture_shown_keys", frozenset()) | {"just"}
    L.environment("prooftree", begin=picture_environment("prooftree"), verbatim=True)
    if "tableaux" in options:
        # the option names the environment tableau too; without this binding
        # \begin{tableau} ran the command form below, whose fragment ended with
        # \endtableau and left TeX's environment open (openlogic: 10 pictures failed)
        L.environment("tableau", begin=picture_environment("tableau"), verbatim=True)
    # the command forms, as environments defined by the document use them
    # (\\newenvironment{oltableau}{\\center\\tableau{}}{\\endtableau\\endcenter})
    L.command("tableau", "", delimited("endtableau"))
    L.ignore("endtableau", "")

