"""Real TeX for what octavo cannot translate: pictures (and PDF/EPS figures) as SVG.

Contract with the rest of octavo: the LaTeX layer leaves each untranslatable fragment
as a `octavo.doc.nodes.Placeholder` with ``reason="picture"`` and its exact source; the
pass `octavo.transforms.pictures` fills ``image`` (``pictures/<hash>.svg``) and ``alt``
and hands the SVG bytes to the site writer in ``ctx.data["pictures"]``.

Modules, in the order data flows through them:

- `preamble`  — snippet preamble: the document's packages and macros minus page layout;
- `cache`     — content-addressed results (a warm rebuild starts no process);
- `runner`    — snippet documents, batches, log parsing, per-fragment error isolation;
- `job`       — that work on a background thread, beside the Python pipeline;
- `sandbox`   — the one place a process starts: limits, paranoid kpathsea, kill on timeout;
- `svgpost`   — em sizing, currentColor, id prefixes, sanitizing;
- `graphics`  — PDF/EPS figures to SVG with the same sandbox and cache.

See docs/fallback.md.
"""
