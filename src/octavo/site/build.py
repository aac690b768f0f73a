"""Write the hypertext edition: ``write_site(doc, ctx, out) -> list[str]``.

Contract:

* runs after the transforms (runs toc and split itself when ``ctx.data`` has no pages);
* renders every page of ``ctx.data['pages']`` through the page template (compiled once)
  and writes it under its file name; copies ``static/octavo.css``, ``static/octavo.js``
  and octavo.math's ``static/math.css`` (a file of the same name in
  ``config.template_dir/static/`` wins) and writes ``static/pygments.css``;
* copies every image an `Image` node names: ``src`` is relative to ``doc.source_root``,
  must stay inside it, and may omit its extension (``.svg``, ``.png``, ``.jpg``,
  ``.jpeg``, ``.gif``, ``.webp`` are tried in that order); it lands in ``img/<src>``.
  SVG files are sanitised (`octavo.site.svg_sanitize`); other formats (PDF, EPS) are left
  to the picture fallback and show their alt text;
* writes the SVGs the picture fallback left in ``ctx.data['pictures']``;
* writes ``search-index.js`` unless ``config.search`` is off;
* returns the relative paths written, sorted.  Two builds of the same tree write the same
  bytes: nothing depends on time, except the signature's date, which comes only from
  ``config.source_date_epoch`` or ``SOURCE_DATE_EPOCH``.

Template lookup: ``config.template_dir`` first, then the built-in templates, which are
also reachable as ``octavo/page.html`` for ``{% extends %}`` (docs/theming.md).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup
from pygments.formatters import HtmlFormatter

from octavo.doc import nodes as N
from octavo.errors import Location, OctavoError
from octavo.site.navigation import nav_links, page_text, plain_text, side_toc
from octavo.site.search import search_entries, search_script
from octavo.site.svg_sanitize import sanitize_svg
from octavo.transforms.split import top_level
from octavo.transforms.toc import iter_tree
from octavo.writers.html.backmatter import footnotes as render_footnotes
from octavo.writers.html.index_page import index_mentions
from octavo.writers.html.render import HtmlRenderer, SiteLinks

HTML_DIR = Path(__file__).resolve().parent.parent / "writers" / "html"
TEMPLATES = HTML_DIR / "templates"
STATIC = HTML_DIR / "static"
STATIC_FILES = ("octavo.css", "octavo.js")
IMAGE_EXTS = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
_UNSAFE_COMPONENT = re.compile(r"[^A-Za-z0-9._+-]+")


class TemplateError(OctavoError):
    code = "E-TEMPLATE"


# --------------------------------------------------------------------------- templates


def template_env(template_dir) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(str(TEMPLATES))
    loaders = []
    if template_dir:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders += [jinja2.PrefixLoader({"octavo": builtin}), builtin]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              keep_trailing_newline=True, undefined=jinja2.ChainableUndefined)


def _template_failure(e: Exception) -> TemplateError:
    if isinstance(e, jinja2.TemplateSyntaxError):
        loc = Location(e.filename or e.name or "page.html", e.lineno or 0)
        return TemplateError(f"template error: {e.message}", loc)
    if isinstance(e, jinja2.TemplateNotFound):
        return TemplateError(f"template not found: {e.name}")
    return TemplateError(f"template error: {e}")


# --------------------------------------------------------------------------- images


def _output_name(src: str) -> str:
    parts = [p for p in PurePosixPath(src.replace("\\", "/")).parts if p not in ("", ".", "/")]
    safe = [(_UNSAFE_COMPONENT.sub("-", p).lstrip(".") or "x") for p in parts]
    return "img/" + "/".join(safe)


def _find_image(root: Path, src: str) -> Path | None:
    if not src or src.startswith(("/", "\\")) or ".." in PurePosixPath(src.replace("\\", "/")).parts:
        return None
    base = root / src
    candidates = [base] if base.suffix.lower() in IMAGE_EXTS else [base.with_name(base.name + e) for e in IMAGE_EXTS]
    for c in candidates:
        try:
            real = c.resolve()
        except OSError:
            continue
        if (real == root or root in real.parents) and real.is_file():
            return real
    return None


def copy_images(doc: N.Document, ctx, out) -> dict:
    """Copy the images the tree names; returns Image.src -> output path ('' when not copied)."""
    images: dict[str, str] = {}
    locs = {}
    for n in iter_tree(doc):
        if isinstance(n, N.Image) and n.src:  # no src: the binding reported why
            locs.setdefault(n.src, n.loc)
    srcs = sorted(locs)
    root = Path(doc.source_root or ".").resolve()
    limit = ctx.config.limits.file_size
    for src in srcs:
        found = _find_image(root, src)
        if found is None:
            ext = PurePosixPath(src).suffix.lower()
            why = (f"image format {ext} is not shown in browsers" if ext and ext not in IMAGE_EXTS
                   else "image file not found inside the source directory")
            ctx.reporter.warning("W-IMAGE", f"{why}: {src}", locs[src], once=("image", src))
            images[src] = ""
            continue
        rel = _output_name(str(PurePosixPath(src).with_suffix(found.suffix.lower()))
                           if PurePosixPath(src).suffix.lower() != found.suffix.lower() else src)
        try:
            if found.stat().st_size > limit:
                ctx.reporter.warning("W-IMAGE", f"image larger than {limit} bytes not copied: {src}",
                                     locs[src], once=("image", src))
                images[src] = ""
                continue
            rel = out.unique(rel)
            if found.suffix.lower() == ".svg":
                clean = sanitize_svg(found.read_bytes())
                if clean is None:
                    ctx.reporter.warning("W-IMAGE", f"SVG image refused (not a plain SVG document): {src}",
                                         locs[src], once=("image", src))
                    images[src] = ""
                    continue
                out.write_bytes(rel, clean)
            else:
                out.copy_file(rel, found)
        except OctavoError as e:
            ctx.reporter.warning("W-IMAGE", f"image not copied: {e.message}", locs[src], once=("image", src))
            images[src] = ""
            continue
        images[src] = rel
    return images


# --------------------------------------------------------------------------- pages


def build_date(config) -> str:
    """YYYY-MM-DD from config.source_date_epoch or SOURCE_DATE_EPOCH; '' when neither is set."""
    epoch = config.source_date_epoch
    if epoch is None:
        raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        epoch = int(raw) if raw.isdigit() else None
    if epoch is None:
        return ""
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def signature(doc: N.Document, config) -> str:
    if config.signature:
        return config.signature
    date = build_date(config) or plain_text(doc.meta.date)
    return ", ".join(x for x in (plain_text(doc.meta.title), date) if x)


def site_links(doc: N.Document, ctx, images: dict) -> SiteLinks:
    bib_of = {}
    for n in iter_tree(doc, (N.Paragraph, N.Meta)):
        if isinstance(n, N.BibEntry) and n.id:
            bib_of.setdefault(n.key, n.id)
    top = top_level(doc, ctx)
    return SiteLinks(page_of=ctx.data.get("page_of", {}), noterefs=ctx.data.get("noterefs", {}),
                     labels=doc.labels, bib_of=bib_of, images=images,
                     pages={p.filename: p for p in ctx.data["pages"]}, top_level=top if top is not None else 0,
                     index_mentions=index_mentions(doc), doc=doc)


def render_page(page, doc, r: HtmlRenderer, template, common: dict) -> str:
    r.start_page(page)
    body = r.title_block(doc.meta) + r.blocks(page.blocks) if page.unit is None else r.blocks(page.blocks)
    notes = render_footnotes(r, page.footnotes) if page.footnotes else ""
    doc_title = plain_text(doc.meta.title) or "Untitled"
    head_title = doc_title if page.unit is None else f"{page_text(page)} — {doc_title}"
    pages = common["pages"]
    return template.render(
        lang=doc.meta.lang or "en",
        head_title=head_title,
        doc_title=Markup(r.plain_inlines(doc.meta.title)) or doc_title,
        nav=nav_links(page, r, common["contents_href"], common["index_href"]),
        sidetoc=side_toc(page, pages, r),
        body=Markup(body),  # the renderer's HTML (str, escaped where it was built): wrapped once per page
        footnotes=Markup(notes),
        signature=common["signature"],
        search=common["search"],
        static="static/",
        stylesheets=common["stylesheets"],
        page=page,
        filename=page.filename,
    )


def write_site(doc: N.Document, ctx, out) -> list[str]:
    if "pages" not in ctx.data:
        from octavo.transforms import split, toc
        toc.run(doc, ctx)
        split.run(doc, ctx)
    pages = ctx.data["pages"]
    config = ctx.config
    env = template_env(config.template_dir)
    try:
        template = env.get_template("page.html")
    except jinja2.TemplateError as e:
        raise _template_failure(e) from None

    before = set(out.written)
    images = copy_images(doc, ctx, out)
    r = HtmlRenderer(ctx, site_links(doc, ctx, images))
    common = {
        "pages": pages,
        "contents_href": ctx.data.get("contents_href", "index.html"),
        "index_href": ctx.data.get("index_href", ""),
        "signature": signature(doc, config),
        "search": bool(config.search),
        "stylesheets": ["octavo.css", "math.css", "pygments.css"] if math_css() else ["octavo.css", "pygments.css"],
    }
    for page in pages:
        ctx.check_time(f"writing {page.filename}")
        try:
            html = render_page(page, doc, r, template, common)
        except jinja2.TemplateError as e:
            raise _template_failure(e) from None
        out.write_text(page.filename, html)

    user_static = Path(config.template_dir) / "static" if config.template_dir else None
    for name in STATIC_FILES:
        src = user_static / name if user_static is not None and (user_static / name).is_file() else STATIC / name
        out.copy_file("static/" + name, src)
    out.write_text("static/pygments.css", pygments_css())
    if math_css() is not None:
        src = user_static / "math.css" if user_static is not None and (user_static / "math.css").is_file() else math_css()
        out.copy_file("static/math.css", src)

    for rel, data in sorted((ctx.data.get("pictures") or {}).items()):
        out.write_bytes(rel, data)

    if config.search:
        out.write_text("search-index.js", search_script(search_entries(doc, pages)))
    return sorted(rel for rel in out.written if rel not in before)


def math_css() -> Path | None:
    """octavo.math's stylesheet (equation layout and numbers), when that package has one."""
    try:
        from octavo.math.api import stylesheet_path
    except ImportError:
        return None
    path = stylesheet_path()
    return path if path.is_file() else None


def pygments_css() -> str:
    light = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark = HtmlFormatter(style="github-dark").get_style_defs(".highlight")
    dark = "\n".join("  " + line for line in dark.splitlines())
    return (f"/* Code colours (Pygments): light, then dark */\n{light}\n"
            f"@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
