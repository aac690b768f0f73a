"""Cross-references: \\label, \\ref, \\pageref, \\eqref, hyperref's \\autoref \\nameref
\\hyperref[label]{text}, cleveref's \\cref \\Cref \\crefrange (and starred forms), varioref's
\\vref \\vpageref \\vrefrange \\vpagerefrange \\fullref (a web edition has no pages: always
varioref's "far away" text, \\reftextfaraway: "on page" + \\pageref).  References become
`Ref` nodes resolved after the whole document is read (transforms/xrefs.py): no .aux
file; a second reading only when a label was tested before it was defined (convert.py).
cleveref's \\crefname \\Crefname \\crefformat \\Crefformat \\crefmultiformat
\\Crefmultiformat are kept as plain text in ``doc.ref_names`` for that
transform.
"""

from __future__ import annotations

import os
import re
import stat

from octavo.doc import nodes as N
from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, Token


_INVISIBLE = (N.IndexMark, N.Anchor, N.Note)


def _after_heading(section: N.Section) -> bool:
    """Nothing a reader sees stands between the section's heading and this point (only
    index marks, anchors, notes and blanks): a \\label here names the section itself."""
    for block in section.children:
        if not isinstance(block, N.Paragraph):
            return False
        for inline in block.children:
            if isinstance(inline, _INVISIBLE) or (isinstance(inline, N.Text) and not inline.text.strip()):
                continue
            return False
    return True


def label(L, t, arg) -> None:
    """\\label: names what LaTeX's \\@currentlabel names.  A label in the running text of
    a section (after words of it, not right after its heading) still shows the section's
    number, but it links to the spot where it stands: an anchor there, so \\pageref
    lands on it."""
    name = L.string(arg, expand=True).strip()
    if not name:
        return
    misses = L.data.get("label_misses")
    if misses and name in misses:
        # a label whose name a macro makes, tested before it was read (openlogic's
        # \oliflabeldef ahead of its \ollabel): LaTeX's second run knows it, octavo did not
        # convert.py reads the document a second time, knowing every label of this
        # reading, when this list is not empty; a label still late then stays warned
        L.data.setdefault("labels_late", []).append(name)
        L.reporter.warning("W-LABEL-LATE", f"label '{name}' was tested as undefined at "
                           f"{misses.pop(name)}, before it was defined here; LaTeX's second "
                           "run finds it defined", L.loc(t))
    b = L.builder
    target = b.target
    if (isinstance(target.node, N.Section) and b.mode == "horizontal" and not b.capturing
            and name not in b.doc.labels and not _after_heading(target.node)):
        spot = b.anchor(name, t)
        b.doc.labels[name] = N.LabelTarget(spot, target.kind, target.number,
                                           list(target.title), L.loc(t))
        return
    b.label(name, t)


# The label pre-scan (label_defined): LaTeX's second run knows every label of the
# document from the .aux, so \@ifundefined{r@name} is false even before \label{name}.
# Octavo reads once; it looks for \label{...} in the .tex files under the source root
# instead, the first time such a test is made, within these bounds.
SCAN_MAX_FILES = 2000
SCAN_MAX_BYTES = 32 * 1024 * 1024
SCAN_MAX_ENTRIES = 50000
_SCAN_COMMENT = re.compile(rb"(?<!\\)%[^\n]*")
_SCAN_LABEL = re.compile(rb"\\label\s*\{([^{}\\\n]{1,200})\}")


def label_defined(L, name: str) -> bool:
    """Whether the document defines the label ``name`` anywhere: already read, or written
    as \\label{name} in a .tex file under the source root (scanned once per conversion),
    or, in a second reading, read by the first (``labels_known``, which holds the scan)."""
    if name in L.builder.doc.labels:
        return True
    found = L.data.get("labels_known")
    if found is None:
        found = L.data.get("label_scan")
    if found is None:
        found = L.data["label_scan"] = _scan_labels(getattr(L.engine, "files", None))
    if name in found:
        return True
    misses = L.data.setdefault("label_misses", {})
    if len(misses) < 1000:
        misses.setdefault(name, L.loc(None))
    return False


def _scan_labels(files) -> frozenset:
    """The \\label{...} arguments (outside % comments) of the .tex files under the source
    root that FileAccess allows and its size limit admits; no symbolic link is followed out
    of the root, hidden folders are skipped, the walk and the reads are capped."""
    if files is None:
        return frozenset()
    root = str(files.root)
    limit = min(files.limits.file_size, SCAN_MAX_BYTES)
    labels: set[str] = set()
    nfiles = nbytes = entries = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        entries += len(dirnames) + len(filenames)
        if entries > SCAN_MAX_ENTRIES:
            break
        for fn in sorted(filenames):
            if not fn.endswith(".tex"):
                continue
            if nfiles >= SCAN_MAX_FILES or nbytes >= SCAN_MAX_BYTES:
                return frozenset(labels)
            real = os.path.realpath(os.path.join(dirpath, fn))
            data = _read_bounded(files, real, min(limit, SCAN_MAX_BYTES - nbytes))
            if data is None:
                continue
            nfiles += 1
            nbytes += len(data)
            data = _SCAN_COMMENT.sub(b"", data)
            for m in _SCAN_LABEL.finditer(data):
                labels.add(m.group(1).decode("utf-8", "replace").strip())
    return frozenset(labels)


def _read_bounded(files, real: str, limit: int) -> bytes | None:
    """The bytes of an allowed regular file of at most ``limit`` bytes, else None (silent:
    the scan is a guess about the document, not a read of it)."""
    from pathlib import Path
    try:
        if not files.is_allowed(Path(real)):
            return None
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = f.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def ref(kind: str):
    def handler(L, t, star, arg):
        target = L.string(arg, expand=True).strip()
        L.builder.add_inline(N.Ref(kind=kind, target=target, loc=L.loc(t)), t)
    return handler


def crefrange(kind: str):
    def handler(L, t, star, a, b):
        target = L.string(a, expand=True).strip() + "," + L.string(b, expand=True).strip()
        L.builder.add_inline(N.Ref(kind=kind + "range", target=target, loc=L.loc(t)), t)
    return handler


# varioref's texts (English), which authors and babel redefine.  A web edition has no
# pages: a reference always reads as "far away", and \pageref shows what it shows.
VARIOREF_TEX = (
    ("reftextfaraway", r"on page~\pageref{#1}", 1),
    ("reftextpagerange", r"on pages~\pageref{#1}--\pageref{#2}", 2),
    ("reftextlabelrange", r"\ref{#1} to~\ref{#2}", 2),
    ("reftextbefore", "on the previous page", 0), ("reftextafter", "on the next page", 0),
    ("reftextfacebefore", "on the facing page", 0), ("reftextfaceafter", "on the facing page", 0),
    ("reftextcurrent", "on this page", 0), ("reftextvario", "#1", 2),
)


def _grouped(tokens) -> list:
    return [Token(C.BEGIN, "{")] + list(tokens or []) + [Token(C.END, "}")]


def vpageref(L, t, star, same, other, key) -> None:
    """\\vpageref[same][other]{key}: [other␣]\\reftextfaraway{key} ("on page 3"); the
    unstarred form puts a space before it, as varioref does after its \\unskip."""
    out = [] if star else [Token(C.SPACE, " ")]
    if other:
        out += list(other) + [Token(C.SPACE, " ")]
    L.engine.push(out + [Token(CS, "reftextfaraway")] + _grouped(key))


def vpagerefrange(L, t, star, same, a, b) -> None:
    """\\vpagerefrange[same]{a}{b}: \\reftextpagerange{a}{b} ("on pages 3–5")."""
    if L.string(a, expand=False).strip() == L.string(b, expand=False).strip():
        L.engine.push([Token(CS, "vpageref")] + _grouped(a))
        return
    L.engine.push([Token(CS, "reftextpagerange")] + _grouped(a) + _grouped(b))


def vrefrange(L, t, same, a, b) -> None:
    """\\vrefrange[same]{a}{b}: "\\reftextlabelrange{a}{b} \\vpagerefrange{a}{b}"."""
    L.engine.push([Token(CS, "reftextlabelrange")] + _grouped(a) + _grouped(b) +
                  [Token(C.SPACE, " "), Token(CS, "vpagerefrange")] + _grouped(a) + _grouped(b))


def vref(upper: bool):
    """\\vref{key}: "\\ref{key} \\vpageref{key}" (with cleveref loaded, \\cref's name
    first, as cleveref redefines it); \\fullref{key} the same without cleveref."""
    def handler(L, t, star, same, key):
        name = "ref"
        if "cleveref" in L.packages and t.text != "fullref":
            name = "Cref" if upper else "cref"
        L.engine.push([Token(CS, name)] + _grouped(key) + [Token(C.SPACE, " "), Token(CS, "vpageref")] +
                      _grouped(key))
    return handler


def hyperref_cmd(L, t, opt, *args) -> None:
    """\\hyperref[label]{text} (or the four-argument form, which links to a URL-ish target)."""
    if opt is not None:
        target = L.string(opt, expand=True).strip()
        node = N.Ref(kind="hyperref", target=target, loc=L.loc(t))
        L.wrap_inline(node, args[0] or [], t)
        return
    L.engine.push(args[0] or [])


PLACE = "QQoctavoNumberQQ"


def _store_text(L, t, key: str, tokens) -> None:
    """Digest ``tokens`` and keep their plain text as ``doc.ref_names[key]``."""
    from octavo.doc.walk import text_of
    names = L.builder.doc.ref_names

    def done(inlines):
        names[key] = " ".join(text_of(inlines).split()).replace(PLACE, "{}")
    L.inlines(tokens, done, t)


def crefname(upper: bool):
    """\\crefname{kind}{singular}{plural} (\\Crefname for the capitalised forms, which
    otherwise come from these with a capital first letter: transforms/xrefs.py)."""
    def handler(L, t, kind, sing, plural):
        for k in _kinds(L, kind):
            pre = "Cref" if upper else "cref"
            _store_text(L, t, f"{pre}:{k}", sing)
            _store_text(L, t, f"{pre}s:{k}", plural)
    return handler


def _kinds(L, kind) -> list:
    """The label kinds a cleveref type names: itself, and for a theorem-like environment
    also the printed name its labels carry (theorems.py: "lemma" for \\newtheorem{lem})."""
    k = L.string(kind, expand=False).strip()
    if not k:
        return []
    spec = L.data.get("theorems", {}).get(k)
    printed = L.string(spec.printed).strip().lower() if spec is not None else ""
    return [k, printed] if printed and printed != k else [k]


def crefformat(name: str):
    """\\crefformat{kind}{\\S#2#1#3}: #1 is the number, #2 and #3 the link's ends."""
    def handler(L, t, kind, fmt):
        kinds = _kinds(L, kind)
        toks = list(fmt or [])
        out = []
        i = 0
        while i < len(toks):
            tk = toks[i]
            if tk.cat == C.PARAM and i + 1 < len(toks) and toks[i + 1].text[:1].isdigit():
                if toks[i + 1].text[:1] == "1":
                    out.extend(Token(C.LETTER, c) for c in PLACE)
                i += 2
                continue
            out.append(tk)
            i += 1
        for k in kinds:
            _store_text(L, t, f"{name}:{k}", out)
    return handler


def crefmultiformat(name: str):
    def handler(L, t, kind, first, second, middle, last):
        crefformat(name)(L, t, kind, first)
    return handler


def install(L) -> None:
    L.command("label", "m", label)
    for name, kind in (("ref", "ref"), ("pageref", "pageref"), ("eqref", "eqref"),
                       ("autoref", "autoref"), ("Autoref", "autoref"), ("nameref", "nameref"),
                       ("Nameref", "nameref"), ("cref", "cref"), ("Cref", "Cref"),
                       ("cpageref", "pageref"), ("Cpageref", "pageref"), ("labelcref", "ref"),
                       ("namecref", "namecref"), ("nameCref", "nameCref"), ("lcnamecref", "namecref"),
                       ("thmref", "autoref"), ("subref", "ref")):
        L.command(name, "s m", ref(kind))
    for name, body, nparams in VARIOREF_TEX:
        L.engine.define_macro(name, body, nparams)
    L.command("vpageref", "s o o m", vpageref)
    L.command("vpagerefrange", "s o m m", vpagerefrange)
    L.command("vrefrange", "o m m", vrefrange)
    L.command("vref", "s o m", vref(False))
    L.command("Vref", "s o m", vref(True))
    L.command("fullref", "s o m", vref(False))
    L.command("crefrange", "s m m", crefrange("cref"))
    L.command("Crefrange", "s m m", crefrange("Cref"))
    L.command("hyperref", "o m", hyperref_cmd)
    L.command("crefname", "m m m", crefname(False))
    L.command("Crefname", "m m m", crefname(True))
    L.command("crefformat", "m m", crefformat("crefformat"))
    L.command("Crefformat", "m m", crefformat("Crefformat"))
    L.command("crefmultiformat", "m m m m m", crefmultiformat("crefmultiformat"))
    L.command("Crefmultiformat", "m m m m m", crefmultiformat("Crefmultiformat"))
    for name, spec in (("crefalias", "m m"), ("creflabelformat", "m m"),
                       ("crefrangeformat", "m m"), ("Crefrangeformat", "m m"),
                       ("crefrangemultiformat", "m m m m m"), ("Crefrangemultiformat", "m m m m m"),
                       ("labelformat", "m m"), ("newlabel", "m m")):
        L.ignore(name, spec)
