"""The one escaping function of the HTML writer.

The writer builds HTML as plain ``str``: every text or attribute value taken from the
document tree goes through `esc` exactly once, where it is put into the markup; a string a
rendering function returns is HTML and is never escaped again.  ``& < > ' "`` become
``&amp; &lt; &gt; &#39; &#34;``, the same bytes markupsafe (and so Jinja2's autoescape)
writes.
"""

from __future__ import annotations


def _replace_escape(s: str, /) -> str:
    """The same in pure Python (markupsafe without its C speedups)."""
    return (s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


try:  # markupsafe's C escaper on plain str: what markupsafe.escape runs, without a Markup object
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its speedups
    _escape_inner = _replace_escape


def esc(value) -> str:
    """``value`` (text or an attribute value from the tree, or a number) as HTML text.
    Never give it HTML."""
    return _escape_inner(value if type(value) is str else str(value))
