"""Octavo: LaTeX sources to a hypertext edition.

Data flows one way: source -> tokens (tex/) -> expansion (tex/ + latex/ bindings)
-> document tree (doc/) -> transforms -> writers/site.
"""

__version__ = "0.1.0"
