"""The preamble and files: \\documentclass, \\usepackage, \\input/\\include, class and package
loading, options, \\AtBeginDocument, \\begin{document} and \\end{document}.

Loading order for ``\\usepackage{name}``: octavo's binding module
``octavo.latex.packages.<name>`` (``install(L, options)``), else the document's own
``name.sty`` in its source tree (read raw through the expander, with @ a letter), else
silently nothing for print-only packages, else one warning and nothing
(commands of an unknown package fall back to text).  Classes likewise, falling back to
book or article.  No file outside the confinement policy is ever read (tex/files.py).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from octavo.tex import catcodes as C
from octavo.tex.tokens import CS, Token

# Packages that only affect print (layout, fonts, PDF features): loaded silently.
PRINT_ONLY = frozenset("""
geometry fancyhdr microtype fontenc lmodern times mathptmx helvet courier palatino mathpazo
newpxtext newpxmath newtxtext newtxmath libertine libertinus charter bookman kpfonts fourier
tgtermes tgheros tgpagella tgschola tgbonum tgcursor ebgaramond garamondx sourcesanspro
sourcecodepro inconsolata beramono fontspec unicode-math xltxtra xunicode ifxetex ifluatex
iftex ifpdf pdfpages setspace parskip titlesec titletoc tocloft footmisc savesym
afterpage placeins float flafter morefloats changepage marginnote multicol ragged2e
emptypage bookmark pdfcomment hypcap xspace calc ifthen etoolbox xparse expl3 l3keys2e
kvoptions keyval xkeyval pgfkeys pgfopts scrlfile scrhack nag fixltx2e cmap mmap
appendix tocbibind epstopdf grffile caption subcaption subfig sidecap wrapfig needspace
enumitem mdwlist paralist booktabs array longtable tabularx multirow makecell colortbl
tabu threeparttable dcolumn siunitx graphicx graphics color xcolor textcomp amsmath amssymb
amsfonts amsthm mathtools latexsym stmaryrd mathrsfs bm upgreek dsfont bbm eucal
eufrak euscript wasysym pifont marvosym exscale relsize anyfontsize moresize url hyperref
inputenc babel polyglossia csquotes lipsum blindtext verbatim fancyvrb listings minted
ifdraft datetime datetime2 lastpage totcount refcount zref-abspage atbegshi everyshi
eso-pic wallpaper background watermark draftwatermark transparent pdfrender
tikz pgf pgfplots tikz-cd xy forest circuitikz chemfig pstricks pst-node
bussproofs prooftree cleveref varioref nameref makeidx imakeidx index natbib biblatex
cite backref doi footnote footnotebackref perpage chngcntr remreset aliascnt thmtools
ntheorem cancel tcolorbox mdframed framed fancybox shadow soul ulem todonotes
comment environ trimspaces letltxmacro gitinfo2 pdfx hyphenat filecontents
import subfiles standalone currfile xstring stringstrings datatool pgffor ocgx2
cellspace vogtwidebar glossaries mfirstuc microtype-show etex fixme upquote
""".split())


def usepackage(L, t, required: bool = False) -> None:
    eng = L.engine
    opts = eng.read_optional(t)
    names = L.string(eng.read_undelimited(t))
    eng.read_optional(t)  # [version]
    options = [o.strip() for o in L.string(opts).split(",") if o.strip()] if opts else []
    for name in (n.strip() for n in names.split(",")):
        if name:
            load_package(L, name, options, t)


def load_package(L, name: str, options: list, t: Token) -> None:
    if name in L.packages:
        return
    L.packages[name] = list(options)
    # octavo's binding first: a local copy of a standard package is read only when octavo
    # has no binding for it (custom packages have names of their own)
    modname = name.replace("-", "_").replace(".", "_")
    try:
        mod = importlib.import_module(f"octavo.latex.packages.{modname}")
    except ModuleNotFoundError:
        mod = None
    except Exception as e:  # a broken binding must not stop the conversion
        L.reporter.error("E-INTERNAL", f"binding for package {name} failed to load: {e}", L.loc(t))
        return
    if mod is not None and hasattr(mod, "install"):
        mod.install(L, options)
        return
    if _input_local(L, name, ".sty", t):
        return
    if name in PRINT_ONLY:
        return
    L.unknown_packages.add(name)
    L.reporter.warning("W-UNKNOWN-PACKAGE", f"package {name} is not known to octavo; its commands "
                       "will show as text", L.loc(t), once=("pkg", name))


def _input_local(L, name: str, ext: str, t: Token) -> bool:
    """Read the document's own .sty/.cls (inside the source tree only) with @ a letter."""
    files = L.engine.files
    if files is None:
        return False
    try:
        path = files.resolve(name + ext, L.loc(t), exts=(), base_dir=None)
    except Exception:
        return False
    if path is None:
        return False
    st = files.read_source(path, L.loc(t))
    if st is None:
        return False
    eng = L.engine
    saved = eng.state.catcodes
    eng.state.catcodes = C.with_code(saved, "@", C.LETTER)
    stop = Token(CS, "\x00stop")
    eng.push_one(stop)
    eng.push_source(st.text, files.display_path(path), path)
    eng.run(until=stop)
    eng.state.catcodes = C.with_code(eng.state.catcodes, "@", C.catcode(saved, "@"))
    return True


def documentclass(L, t) -> None:
    eng = L.engine
    opts = eng.read_optional(t)
    name = L.string(eng.read_undelimited(t)).strip()
    eng.read_optional(t)
    options = [o.strip() for o in L.string(opts).split(",") if o.strip()] if opts else []
    if L.docclass:
        # a second \documentclass (e.g. in a subfile): ignore
        return
    L.class_options = options
    load_class(L, name, options, t)


def load_class(L, name: str, options: list, t: Token, fallback_warn: bool = True) -> None:
    from octavo.latex.classes import base
    if _class_binding(L, name, options):
        return
    if L.docclass == "" and _input_local(L, name, ".cls", t):
        if not L.docclass:
            base.install(L, "book" if _bookish(name) else "article", options)
            L.docclass = name
        return
    fb = "book" if _bookish(name) else "article"
    if fallback_warn:
        L.reporter.warning("W-UNKNOWN-CLASS", f"document class {name} is not known to octavo; "
                           f"using {fb}", L.loc(t), once=("cls", name))
    base.install(L, fb, options)
    L.docclass = name


def _bookish(name: str) -> bool:
    n = name.lower()
    return any(k in n for k in ("book", "thesis", "report", "memoir", "scrreprt", "notes", "lecture"))


def _class_binding(L, name: str, options: list) -> bool:
    from octavo.latex.classes import base
    if name in base.CLASSES:
        base.install(L, name, options)
        L.docclass = name
        return True
    return False


def loadclass(L, t) -> None:
    eng = L.engine
    opts = eng.read_optional(t)
    name = L.string(eng.read_undelimited(t)).strip()
    eng.read_optional(t)
    options = [o.strip() for o in L.string(opts).split(",") if o.strip()] if opts else []
    from octavo.latex.classes import base
    if name in base.CLASSES:
        base.install(L, name, options + L.class_options)
        L.docclass = L.docclass or name
    else:
        load_class(L, name, options, t)


def include(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    only = L.data.get("includeonly")
    if only is not None and name not in only:
        return
    eng.sink.par(t)
    eng.input_file(name, t)


def includeonly(L, t) -> None:
    arg = L.string(L.engine.read_undelimited(t))
    L.data["includeonly"] = {n.strip() for n in arg.split(",") if n.strip()}


def _file_exists(L, name: str, t: Token) -> bool:
    files = L.engine.files
    if files is None or not name:
        return False
    try:
        return files.resolve(name, L.loc(t), exts=(".tex",)) is not None
    except Exception:
        return False


def iffileexists(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    yes = eng.read_undelimited(t)
    no = eng.read_undelimited(t)
    eng.push(yes if _file_exists(L, name, t) else no)


def inputiffileexists(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    yes = eng.read_undelimited(t)
    no = eng.read_undelimited(t)
    if _file_exists(L, name, t):
        eng.input_file(name, t)
        eng.push(yes)
    else:
        eng.push(no)


_DOCUMENTCLASS = re.compile(r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{[^}]*\}(?:\s*\[[^\]]*\])?")
_BEGIN_DOCUMENT_AT_END = re.compile(r"\\begin\s*\{\s*document\s*\}\s*$")
_SUBFILE_BODY = re.compile(r"\\begin\s*\{document\}(.*?)(?:\\end\s*\{document\}|\Z)", re.S)


def subfile(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    files = eng.files
    if files is None:
        return
    # subfiles >= 1.3 (with import): a path is relative to the file being read
    cur = eng.file_stack[-1].src.path if eng.file_stack else None
    base = Path(cur).parent if cur else None
    try:
        path = files.resolve(name, L.loc(t), exts=(".tex",), base_dir=base)
    except Exception as e:
        L.reporter.error(getattr(e, "code", "E-FILE"), str(e), L.loc(t))
        return
    if path is None:
        L.reporter.error("E-FILE-MISSING", f"file {name!r} not found", L.loc(t))
        return
    st = files.read_source(path, L.loc(t))
    if st is None:
        return
    text = st.text
    m = _SUBFILE_BODY.search(text)
    if m and "\\documentclass" in text[:m.start()]:
        # keep line numbers right: blank out the preamble instead of cutting it
        pre = text[:m.start(1)]
        text = re.sub(r"[^\n]", " ", pre) + m.group(1)
    eng.push_source(text, files.display_path(path), path)


def ifpackageloaded(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    yes = eng.read_undelimited(t)
    no = eng.read_undelimited(t)
    eng.push(yes if name in L.packages else no)


def ifclassloaded(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    yes = eng.read_undelimited(t)
    no = eng.read_undelimited(t)
    eng.push(yes if name == L.docclass else no)


def ifpackagewith(L, t) -> None:
    eng = L.engine
    name = L.string(eng.read_undelimited(t)).strip()
    opts = {o.strip() for o in L.string(eng.read_undelimited(t)).split(",") if o.strip()}
    yes = eng.read_undelimited(t)
    no = eng.read_undelimited(t)
    eng.push(yes if name in L.packages and opts <= set(L.packages[name]) else no)


def declare_option(L, t) -> None:
    eng = L.engine
    star = eng.read_star()
    name = None if star else L.string(eng.read_undelimited(t), expand=False).strip()
    code = eng.read_undelimited(t)
    L.data.setdefault("options_code", {})[name] = code


def process_options(L, t) -> None:
    eng = L.engine
    eng.read_star()
    codes = L.data.pop("options_code", {})
    given = set(L.class_options)
    for pkg_opts in L.packages.values():
        given.update(pkg_opts)
    out = []
    for name, code in codes.items():
        if name is not None and name in given:
            out.extend(code)
    eng.push(out)


def execute_options(L, t) -> None:
    eng = L.engine
    names = [n.strip() for n in L.string(eng.read_undelimited(t), expand=False).split(",") if n.strip()]
    codes = L.data.get("options_code", {})
    out = []
    for n in names:
        out.extend(codes.get(n, []))
    eng.push(out)


def at_begin_document(L, t) -> None:
    code = L.engine.read_undelimited(t)
    if L.builder.in_preamble:
        L.at_begin_document.append(code)
    else:
        L.engine.push(code)


def at_end_document(L, t) -> None:
    L.at_end_document.append(L.engine.read_undelimited(t))


def begin_document(L, t) -> None:
    if not L.builder.in_preamble:
        L.reporter.warning("W-DOCUMENT", "a second \\begin{document} is ignored", L.loc(t),
                           once=("begin-document",))
        return
    L.builder.in_preamble = False
    L.data["document_begun"] = True
    eng = L.engine
    # raw preamble text of the main file, for the real-TeX picture fallback
    # the file that holds \begin{document} (HoTT's main.tex, \input by hott-online.tex)
    tk = eng.file_stack[-1] if eng.file_stack else None
    if tk is not None:
        # from after \documentclass[...]{...} up to \begin{document} (both left out)
        text = tk.text[:tk.pos]
        m_end = _BEGIN_DOCUMENT_AT_END.search(text)
        if m_end is not None:
            text = text[:m_end.start()]
        m = _DOCUMENTCLASS.search(text)
        if m is not None:
            text = re.sub(r"[^\r]", " ", text[:m.end()]) + text[m.end():]  # keep line numbers
        L.builder.doc.preamble = text.replace(C.EOL_CHAR, "\n")
    hooks = L.at_begin_document
    L.at_begin_document = []
    for code in reversed(hooks):
        eng.push(code)
    for fn in L.data.get("begin_document_hooks", []):
        fn(L)


def end_document(L, t) -> None:
    eng = L.engine
    if L.builder.in_preamble:
        L.reporter.warning("W-DOCUMENT", "\\end{document} without \\begin{document}", L.loc(t))
    hooks = L.at_end_document
    L.at_end_document = []
    if hooks:
        marker = Token(CS, "\x00stop")
        eng.push_one(marker)
        for code in reversed(hooks):
            eng.push(code)
        eng.run(until=marker)
    L.data["document_ended"] = True
    # TeX ignores what follows \end{document}; say so when there is more than blanks
    if eng.file_stack:
        tk = eng.file_stack[-1]
        rest = re.sub(r"%[^\r]*", "", tk.text[tk.pos:])
        if rest.strip():
            off = tk.pos + (len(tk.text[tk.pos:]) - len(tk.text[tk.pos:].lstrip()))
            L.reporter.warning("W-AFTER-END", "text after \\end{document} is ignored",
                               tk.src.location(off))
    eng.stop()


def install(L) -> None:
    L.begin_document = lambda t: begin_document(L, t)
    L.end_document = lambda t: end_document(L, t)
    L.command("documentclass", "", documentclass)
    L.command("usepackage", "", lambda L, t: usepackage(L, t))
    L.command("RequirePackage", "", lambda L, t: usepackage(L, t, required=True))
    L.command("RequirePackageWithOptions", "", lambda L, t: usepackage(L, t, required=True))
    L.command("LoadClass", "", loadclass)
    L.command("LoadClassWithOptions", "", loadclass)
    L.command("include", "", include)
    L.command("includeonly", "", includeonly)
    L.command("IfFileExists", "", iffileexists)
    L.command("InputIfFileExists", "", inputiffileexists)
    L.command("subfile", "", subfile)
    L.command("subfileinclude", "", subfile)
    L.command("@ifpackageloaded", "", ifpackageloaded, expandable=True)
    L.command("@ifclassloaded", "", ifclassloaded, expandable=True)
    L.command("@ifpackagewith", "", ifpackagewith, expandable=True)
    L.command("DeclareOption", "", declare_option)
    L.command("ProcessOptions", "", process_options)
    L.command("ExecuteOptions", "", execute_options)
    L.ignore("PassOptionsToPackage", "m m")
    L.ignore("PassOptionsToClass", "m m")
    L.command("AtBeginDocument", "", at_begin_document)
    L.command("AtEndDocument", "", at_end_document)
    L.ignore("AtEndOfPackage", "m")
    L.ignore("AtEndOfClass", "m")
    L.ignore("listfiles", "")
    L.ignore("nofiles", "")
