"""cleveref: the reference commands themselves live in the kernel (latex/kernel/crossref.py);
this binding applies the package options that change what readers see.

- ``capitalize`` / ``capitalise``: \\cref prints capitalised names, like \\Cref
  ("Lemma 2.1" rather than "lemma 2.1");
- ``nameinlink``, ``noabbrev``, ``poorman``, ``sort``, ``compress``, language options:
  accepted (link extent and print layout only).
"""

from __future__ import annotations

from octavo.latex.kernel import crossref


def install(L, options) -> None:
    opts = {o.strip() for o in options}
    if opts & {"capitalize", "capitalise"}:
        # names are capitalised, but \cref keeps \crefformat (transforms/xrefs.py)
        L.builder.doc.ref_names["capitalize"] = "true"
        L.command("cpageref", "s m", crossref.ref("pageref"))
