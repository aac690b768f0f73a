"""The HTML writer's one escaping function (writers/html/escape.py) and the renderer's
"escaped exactly once" rule: text from the tree comes out of the page as it went in."""

from __future__ import annotations

import io

import markupsafe
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from octavo.config import BuildConfig
from octavo.doc import nodes as N
from octavo.errors import Reporter
from octavo.transforms import TransformContext
from octavo.writers.html import escape
from octavo.writers.html.render import HtmlRenderer, SiteLinks


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_esc_writes_what_markupsafe_writes(s):
    assert escape.esc(s) == str(markupsafe.escape(s))
    assert type(escape.esc(s)) is str
    assert escape._replace_escape(s) == escape.esc(s)  # the fallback without markupsafe's C code


def test_esc_of_numbers_and_special_characters():
    assert escape.esc(12) == "12"
    assert escape.esc("""<a href='x'>&"</a>""") == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"


class _Page:
    filename = "p.html"
    unit = None
    level = -2
    title: list = []
    number = ""


def _renderer():
    ctx = TransformContext(BuildConfig(), Reporter(stream=io.StringIO()))
    r = HtmlRenderer(ctx, SiteLinks(page_of={"x": "p.html"}, top_level=0))
    r.start_page(_Page())
    return r


_HOSTILE = st.text(alphabet=st.sampled_from(list("<>&\"' ab=/;:\u00e9")), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(_HOSTILE, _HOSTILE, _HOSTILE)
def test_text_and_attributes_come_back_unchanged(text, title, alt):
    """Escaped once: parsing the HTML gives back the tree's text, title and alt exactly
    (escaped twice would show ``&amp;lt;``; not escaped would make elements)."""
    r = _renderer()
    html = r.blocks([
        N.Paragraph(children=[N.Emph(children=[N.Text(text=text)]),
                              N.Span(attrs={"title": title}, children=[N.Text(text=text)])]),
        N.Figure(kind="figure", number=text, caption=[N.Text(text=alt)],
                 children=[N.Placeholder(source=text, reason=alt)]),
    ])
    assert type(html) is str
    tree = HTMLParser(html)
    assert tree.css_first("em").text() == text
    span = tree.css_first("span[title]")
    assert span.attributes["title"] == title and span.text() == text
    assert tree.css_first("pre.placeholder-source").text() == text
    assert tree.css_first(".float-name").text() == f"Figure {text}:"
    assert tree.css("script") == [] and tree.css("em em") == []
