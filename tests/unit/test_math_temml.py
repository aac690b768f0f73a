"""Differential check against npm's temml (issue 5): for every gallery formula, octavo and
temml must build the same layout skeleton -- the sequence of fractions, roots, scripts
and tables -- and use the same visible characters in token elements.

temml lives outside the repository: ``npm install --prefix ~/.cache/octavo/temml temml``
(or set OCTAVO_TEMML to a directory holding node_modules/temml).  Skips when node or
temml is absent.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from octavo.math.api import SimpleContext, convert_display, convert_inline
from octavo.tex.tokenizer import tokenize_string

from test_math_gallery import gallery_formulas

TEMML_DIR = Path(os.environ.get("OCTAVO_TEMML", Path.home() / ".cache/octavo/temml"))
_NODE_SCRIPT = r"""
const temml = require(process.argv[1]);
const items = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = items.map(([tex, display]) => {
  try { return temml.renderToString(tex, {displayMode: display, throwOnError: true}); }
  catch (e) { return null; }
});
process.stdout.write(JSON.stringify(out));
"""
_SCRIPTS = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}
_LAYOUT = {"mfrac", "msqrt", "mroot", "mtable"} | _SCRIPTS
_INVISIBLE = re.compile("[\u2061\u2062\u2063\u00a0\u2009\u200b\\s]")


def skeleton(mathml: str) -> tuple:
    """Layout elements in document order (all script kinds count as one kind)."""
    names = re.findall(r"<(m[a-z]+)[\s>]", mathml)
    return tuple("script" if n in _SCRIPTS else n for n in names if n in _LAYOUT)


def glyphs(mathml: str) -> str:
    """Characters of mi/mn/mo elements, without invisible operators."""
    texts = re.findall(r"<(mi|mn|mo)(?:\s[^>]*)?>([^<]*)</\1>", mathml)
    return _INVISIBLE.sub("", "".join(t for _, t in texts))


def _temml(items):
    node = shutil.which("node")
    pkg = TEMML_DIR / "node_modules" / "temml"
    if node is None:
        pytest.skip("node not installed: apt-get install -y nodejs")
    if not pkg.exists():
        pytest.skip(f"temml not installed: npm install --prefix {TEMML_DIR} temml")
    run = subprocess.run([node, "-e", _NODE_SCRIPT, str(pkg / "dist" / "temml.cjs")], input=json.dumps(items),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_gallery_skeletons_agree_with_temml():
    formulas = gallery_formulas()
    items = []
    ours = []
    for f in formulas:
        body = f.body.strip()
        base = f.env.rstrip("*")
        tex = body
        if base in ("align", "gather", "multline", "alignat", "flalign", "eqnarray"):
            tex = f"\\begin{{{f.env}}}{body}\\end{{{f.env}}}"
        items.append([tex, f.display])
        toks = tokenize_string(body)
        r = convert_display(f.env, toks, SimpleContext()) if f.display else \
            convert_inline(toks, SimpleContext())
        ours.append(r.mathml)
    theirs = _temml(items)
    compared = [(i, o, t) for i, (o, t) in enumerate(zip(ours, theirs)) if t is not None]
    assert len(compared) >= 0.9 * len(formulas), "temml rejected too many gallery formulas"
    skel_diff = [i + 1 for i, o, t in compared if skeleton(o) != skeleton(t)]
    glyph_diff = [i + 1 for i, o, t in compared if glyphs(o) != glyphs(t)]
    # Known, deliberate differences (measured with temml 0.13.5: 8 skeletons, 31 glyph
    # strings of 243): \overline (temml: menclose, not in MathML Core), ″/‴ for primes,
    # \vcentcolon as U+2236, macron for \bar.  A regression shows up as many more.
    assert len(skel_diff) <= 0.05 * len(compared), f"skeletons differ for gallery #{skel_diff}"
    assert len(glyph_diff) <= 0.15 * len(compared), f"glyphs differ for gallery #{glyph_diff}"
