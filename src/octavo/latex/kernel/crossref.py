"""Cross-references: \\label, \\ref, \\pageref, \\eqref, hyperref's \\autoref \\nameref
\\hyperref[label]{text}, cleveref's \\cref \\Cref \\crefrange (and starred forms), varioref's
\\vref.  References become `Ref` nodes resolved after the whole document is read
(transforms/xrefs.py): no .aux file, no second run.
"""

from __future__ import annotations

from octavo.doc import nodes as N


def label(L, t, arg) -> None:
    """\\label: names what LaTeX's \\@currentlabel names.  A label in the running text of
    a section (not right after its heading) still shows the section's number, but it
    links to the spot where it stands: an anchor there, so \\pageref lands on it."""
    name = L.string(arg, expand=False).strip()
    if not name:
        return
    b = L.builder
    target = b.target
    if (isinstance(target.node, N.Section) and b.mode == "horizontal" and not b.capturing
            and name not in b.doc.labels):
        spot = b.anchor(name, t)
        b.doc.labels[name] = N.LabelTarget(spot, target.kind, target.number,
                                           list(target.title), L.loc(t))
        return
    b.label(name, t)


def ref(kind: str):
    def handler(L, t, star, arg):
        target = L.string(arg, expand=False).strip()
        L.builder.add_inline(N.Ref(kind=kind, target=target, loc=L.loc(t)), t)
    return handler


def crefrange(kind: str):
    def handler(L, t, star, a, b):
        target = L.string(a, expand=False).strip() + "," + L.string(b, expand=False).strip()
        L.builder.add_inline(N.Ref(kind=kind + "range", target=target, loc=L.loc(t)), t)
    return handler


def hyperref_cmd(L, t, opt, *args) -> None:
    """\\hyperref[label]{text} (or the four-argument form, which links to a URL-ish target)."""
    if opt is not None:
        target = L.string(opt, expand=False).strip()
        node = N.Ref(kind="hyperref", target=target, loc=L.loc(t))
        L.wrap_inline(node, args[0] or [], t)
        return
    L.engine.push(args[0] or [])


def install(L) -> None:
    L.command("label", "m", label)
    for name, kind in (("ref", "ref"), ("pageref", "pageref"), ("eqref", "eqref"),
                       ("autoref", "autoref"), ("Autoref", "autoref"), ("nameref", "nameref"),
                       ("Nameref", "nameref"), ("cref", "cref"), ("Cref", "Cref"),
                       ("cpageref", "pageref"), ("Cpageref", "pageref"), ("vref", "cref"),
                       ("Vref", "Cref"), ("vpageref", "pageref"), ("labelcref", "ref"),
                       ("namecref", "namecref"), ("nameCref", "nameCref"), ("lcnamecref", "namecref"),
                       ("thmref", "autoref"), ("subref", "ref")):
        L.command(name, "s m", ref(kind))
    L.command("crefrange", "s m m", crefrange("cref"))
    L.command("Crefrange", "s m m", crefrange("Cref"))
    L.command("hyperref", "o m", hyperref_cmd)
    for name, spec in (("crefname", "m m m"), ("Crefname", "m m m"), ("crefformat", "m m"),
                       ("Crefformat", "m m"), ("crefalias", "m m"), ("creflabelformat", "m m"),
                       ("crefrangeformat", "m m"), ("crefmultiformat", "m m m m m"),
                       ("labelformat", "m m"), ("newlabel", "m m")):
        L.ignore(name, spec)
