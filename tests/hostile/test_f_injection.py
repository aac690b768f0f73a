"""hostile.md §6 F: script injection into the site (G8)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from hostile_harness import assert_safe

MARK = "RESTMARKER"
ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")


def doc(*body: str, preamble: tuple = ("\\usepackage{hyperref}",)) -> str:
    return "\n".join(["\\documentclass{article}", *preamble, "\\begin{document}", *body, MARK, "\\end{document}", ""])


def elements(result):
    """(page, element) for every element of every page."""
    for rel, src in result.html.items():
        for el in html5lib.parse(src, namespaceHTMLElements=False).iter():
            if isinstance(el.tag, str):
                yield rel, el


F1_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java&#9;script:alert(1)",
    "java\\^^Iscript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
]


def test_f1_bad_schemes_dropped_text_kept(hostile):
    lines = [f"\\href{{{u}}}{{LINKTEXT{i}}}" for i, u in enumerate(F1_URLS)]
    r = hostile.run({"main.tex": doc(*lines)})
    assert_safe(r, hostile)  # (g): no href with a bad scheme
    text = r.text()
    for i in range(len(F1_URLS)):
        assert f"LINKTEXT{i}" in text, f"link text {i} lost"
        assert r.has("W-URL-SCHEME", line=4 + i), f"no W-URL-SCHEME for {F1_URLS[i]!r}\n{r.explain()}"


def test_f2_quotes_in_urls(hostile):
    r = hostile.run({"main.tex": doc("\\url{http://x/\"onmouseover=\"alert(1)}", "\\url{http://x/'><script>}",
                                     "\\href{http://x/\"><b>}{t}")})
    assert_safe(r, hostile)
    anchors = [el for _, el in elements(r) if el.tag == "a" and "x/" in (el.get("href") or "")]
    assert len(anchors) >= 3, r.explain()
    for a in anchors:
        assert set(a.attrib) <= {"href", "class", "title", "rel", "id", "data-url"}, a.attrib
    assert not any(el.tag == "b" for _, el in elements(r))


def test_f3_hostile_labels(hostile):
    r = hostile.run({"main.tex": doc(
        '\\section{A}\\label{x" onclick="alert(1)}',
        "\\section{B}\\label{</script>}",
        "\\section{C}\\label{a b}",
        "\\section{D}\\label{Sec}",
        "\\section{E}\\label{sec}",
        "\\section{F}\\label{caf\u00e9}",
        "\\section{G}\\label{cafe}",
        'Refs: \\ref{x" onclick="alert(1)}, \\ref{</script>}, \\ref{a b}, \\ref{Sec}, \\ref{sec}, '
        "\\ref{caf\u00e9}, \\ref{cafe}.",
    )})
    assert_safe(r, hostile)
    ids: dict[str, set] = {}
    for rel, el in elements(r):
        if el.get("id") is not None:
            assert ID_RE.match(el.get("id")), f"unsafe id {el.get('id')!r} in {rel}"
            assert el.get("id") not in ids.setdefault(rel, set()), f"duplicate id {el.get('id')!r} in {rel}"
            ids[rel].add(el.get("id"))
    targets = []
    for rel, el in elements(r):
        href = el.get("href")
        if el.tag == "a" and href and "#" in href and not urlsplit(href).scheme:
            page, frag = href.split("#", 1)
            page = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(page))) if page else rel
            assert unquote(frag) in ids.get(page, set()), f"{rel}: link {href!r} does not resolve"
            targets.append(unquote(frag))
    assert len(set(targets)) >= 7, f"the seven \\ref targets should be distinct: {targets}"
    assert not r.has("W-UNDEFINED-REF") and "??" not in r.text()


def test_f4_markup_in_metadata(hostile):
    r = hostile.run({"main.tex": doc(
        "\\maketitle",
        "\\section{</title><script>alert(3)</script>}",
        "Body.",
        preamble=("\\usepackage{hyperref}", "\\title{<script>alert(1)</script>}",
                  '\\author{"><img src=x onerror=alert(2)>}'),
    )}, args=["--split", "section"])
    assert_safe(r, hostile)  # (g): no foreign <script>, no on*
    titles = [el.text or "" for _, el in elements(r) if el.tag == "title"]
    assert any("<script>alert(1)</script>" in t for t in titles), titles
    assert not any(el.tag == "img" and el.get("src") == "x" for _, el in elements(r))
    for rel, data in r.files.items():
        if rel.endswith((".js", ".json")):
            text = data.decode("utf-8")
            assert "</script" not in text.lower(), f"{rel}: '</script' not escaped in data"


def test_f5_raw_html_channels(hostile):
    body = ("\\special{html:<script>alert(1)</script>}", "\\HCode{<script>alert(2)</script>}",
            "\\begin{rawhtml}<script>alert(3)</script>\\end{rawhtml}",
            "\\begin{htmlonly}<script>alert(4)</script>\\end{htmlonly}")
    r = hostile.run({"main.tex": doc(*body, preamble=("\\usepackage{html}",))})
    assert_safe(r, hostile)
    assert sum(1 for d in r.diagnostics if d.severity == "warning" and 4 <= d.line <= 7) >= 4, r.explain()
    trusted = hostile.run(
        {"main.tex": doc("\\special{html:<b class=\"rawmark\">raw</b>}", preamble=("\\usepackage{html}",))},
        args=["--trust"], out=hostile.tmp / "trusted")
    assert_safe(trusted, hostile)
    assert any(el.tag == "b" and el.get("class") == "rawmark" for _, el in elements(trusted)), trusted.explain()


def test_f6_verbatim_is_escaped(hostile):
    r = hostile.run({"main.tex": doc(
        "\\verb|<script>alert(1)</script>|",
        "\\begin{verbatim}",
        "</pre><script>alert(2)</script>",
        "\\end{verbatim}",
        "\\begin{lstlisting}",
        "</code></pre><script>alert(3)</script>",
        "\\end{lstlisting}",
        preamble=("\\usepackage{listings}",),
    )})
    assert_safe(r, hostile)
    text = r.text()
    assert "<script>alert(1)</script>" in text
    assert "</pre><script>alert(2)</script>" in text
    assert "</code></pre><script>alert(3)</script>" in text


def test_f7_style_values(hostile):
    r = hostile.run({"main.tex": doc(
        "\\textcolor{red;background:url(javascript:x)}{t1}",
        '\\definecolor{c}{HTML}{"><script>}\\textcolor{c}{t2}',
        "x\\hspace{1em;position:fixed}y",
        "\\colorbox{red;position:fixed;top:0}{t3}",
        preamble=("\\usepackage{xcolor}",),
    )})
    assert_safe(r, hostile)  # (g) rejects url()/javascript in style
    for _, el in elements(r):
        style = (el.get("style") or "").lower()
        assert "position" not in style and "background:url" not in style and "<" not in style, style
    assert "t1" in r.text() and "t2" in r.text()


def test_f8_math_channels(hostile):
    r = hostile.run({"main.tex": doc(
        "$\\href{javascript:alert(1)}{y}$",
        "$\\htmlClass{x\" onmouseover=\"alert(1)}{z}$",
        "$\\htmlData{onload=alert(1)}{w}$",
        "$\\includegraphics{/etc/passwd}$",
        "$\\url{javascript:alert(2)}$",
        preamble=("\\usepackage{hyperref}", "\\usepackage{graphicx}"),
    )})
    assert_safe(r, hostile)
    source_text_attrs = {"alttext", "title", "aria-label", "data-tex"}  # carry the TeX as text: inert
    for _, el in elements(r):
        for k, v in el.attrib.items():
            name = (k[1] if isinstance(k, tuple) else str(k).split("}")[-1]).lower()
            if name in source_text_attrs:
                continue
            assert "alert" not in v, f"{k}={v!r} on <{el.tag}>"
    assert r.has("W-URL-SCHEME"), r.explain()


def test_f9_bibliography_fields(hostile):
    r = hostile.run({
        "main.tex": doc("\\cite{k}", "\\bibliographystyle{plain}", "\\bibliography{refs}"),
        "refs.bib": '@misc{k, title={T}, author={A. B.}, year={2020}, url={javascript:alert(1)}, '
                    'doi={"><script>alert(2)</script>}, howpublished={\\url{javascript:alert(3)}}}\n',
    })
    assert_safe(r, hostile)
    assert r.has("W-URL-SCHEME"), r.explain()


def test_f10_comments_not_published(hostile):
    r = hostile.run({"main.tex": doc(
        "Visible. % secret reviewer note XYZZYCOMMENT",
        "\\begin{comment}",
        "XYZZYENV hidden",
        "\\end{comment}",
        "\\iffalse XYZZYIFFALSE \\fi",
        preamble=("\\usepackage{verbatim}",),
    )})
    assert_safe(r, hostile)
    for rel, data in r.files.items():
        for secret in (b"XYZZYCOMMENT", b"XYZZYENV", b"XYZZYIFFALSE"):
            assert secret not in data, f"{secret.decode()} published in {rel}"
    assert "Visible." in r.text()


# ------------------------------------------------------------------- F11

MATHML = {"math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot", "mstyle", "merror",
          "mpadded", "mphantom", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts",
          "mprescripts", "none", "mtable", "mtr", "mtd", "semantics", "annotation", "annotation-xml"}


def _structure(fragment: str) -> list:
    doc = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    out = []
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT":
            out.append((el.tag.split("}")[-1], tuple(sorted((str(k), v) for k, v in el.attrib.items()))))
    return out


def test_f11_sanitizer_changes_nothing(hostile):
    nh3 = pytest.importorskip("nh3", reason="nh3 not installed: pip install nh3")
    body = [f"\\href{{{u}}}{{L{i}}}" for i, u in enumerate(F1_URLS)] + [
        "\\url{http://x/\"onmouseover=\"alert(1)}",
        '\\section{</title><script>x</script>}\\label{x" onclick="y}',
        "\\ref{x\" onclick=\"y} \\verb|<script>| $\\frac{a}{b}$",
        "\\special{html:<script>alert(1)</script>}",
    ]
    r = hostile.run({"main.tex": doc(*body)})
    assert_safe(r, hostile)
    for rel, src in r.html.items():
        page = html5lib.parse(src, namespaceHTMLElements=False)
        body_el = page.find("body")
        for parent in list(body_el.iter()):  # template scripts are checked by (g)
            for child in list(parent):
                if child.tag in ("script", "style"):
                    child.tail = None
                    parent.remove(child)
        fragment = html5lib.serialize(body_el, tree="etree", quote_attr_values="always", omit_optional_tags=False)
        tags = {t for t, _ in _structure(fragment)} - {"script", "body", "style"}
        allowed_attrs: dict[str, set] = {t: set() for t in tags}
        for t, attrs in _structure(fragment):  # every attribute octavo uses, except events and URLs
            if t in allowed_attrs:
                allowed_attrs[t].update(k for k, _ in attrs if not k.lower().startswith("on") and k not in ("href", "src"))
        for t in ("a", "link", "area"):
            allowed_attrs.setdefault(t, set()).add("href")
        for t in ("img", "source", "audio", "video"):
            allowed_attrs.setdefault(t, set()).add("src")
        cleaned = nh3.clean(
            fragment,
            tags=tags | MATHML,
            clean_content_tags={"script", "style"},
            attributes=allowed_attrs,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
        )
        before = [(t, a) for t, a in _structure(fragment) if t not in ("script", "body", "style")]
        after = [(t, a) for t, a in _structure(cleaned) if t not in ("script", "body", "style")]
        assert before == after, f"{rel}: the sanitizer changed octavo's output: " + str(
            [x for x in before if x not in after][:5])
