"""The document tree (as the JSON writer serialises it) of lists, tables and floats:
the structure writers rely on -- spans, alignment, numbers, captions, labels."""

from __future__ import annotations

import json
from pathlib import Path

from octavo.config import BuildConfig
from octavo.convert import convert
from octavo.errors import Reporter
from octavo.writers.json import render_json


def tree(tmp_path: Path, body: str, cls: str = "article", preamble: str = ""):
    src = tmp_path / "doc.tex"
    src.write_text(f"\\documentclass{{{cls}}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
                   encoding="utf-8")
    cfg = BuildConfig(source=src, format="json")
    cfg.no_tex = True
    rep = Reporter()
    conv = convert(cfg, rep, "json")
    data = json.loads(render_json(conv.document))["document"]
    return data, rep


def find(node, type_name):
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if n.get("type") == type_name:
                out.append(n)
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, list):
            stack.extend(reversed(n))
    return out


def text(node) -> str:
    return "".join(t["text"] for t in find(node, "Text"))


def test_table_cells_spans_and_alignment(tmp_path):
    data, rep = tree(tmp_path, r"""
\begin{tabular}{|l|c|r|}
\hline
A & B & C \\ \hline
\multicolumn{2}{|r|}{wide} & x \\
\multirow{2}{*}{tall} & 1 & 2 \\
 & 3 & 4 \\
\end{tabular}""")
    (table,) = find(data, "Table")
    assert table["colspec"] == ["left", "center", "right"]
    rows = table["rows"]
    assert len(rows) == 4
    assert rows[0]["rule_above"] == "hline" and rows[1]["rule_above"] == "hline"
    assert [c["align"] for c in rows[0]["cells"]] == ["left", "center", "right"]
    wide = rows[1]["cells"][0]
    assert wide["colspan"] == 2 and wide["align"] == "right" and text(wide) == "wide"
    tall = rows[2]["cells"][0]
    assert tall["rowspan"] == 2 and text(tall) == "tall"
    # the cell the \multirow covers is not repeated in the next row
    assert [text(c) for c in rows[3]["cells"]] == ["3", "4"]
    assert not [d for d in rep.diagnostics if d.severity == "error"]


def test_cell_font_declarations_end_with_the_cell(tmp_path):
    data, _ = tree(tmp_path, r"\begin{tabular}{ll}\bfseries bold & plain\\\end{tabular} after")
    (table,) = find(data, "Table")
    first, second = table["rows"][0]["cells"]
    assert find(first, "Strong") and not find(second, "Strong")
    assert not find(find(data, "Paragraph")[-1], "Strong")


def test_booktabs_header_rows(tmp_path):
    data, _ = tree(tmp_path, r"""
\begin{tabular}{ll}\toprule Head & Er \\ \midrule a & b \\ c & d \\ \bottomrule\end{tabular}""")
    rows = find(data, "Table")[0]["rows"]
    assert [all(c["header"] for c in r["cells"]) for r in rows] == [True, False, False]
    assert rows[-1]["rule_below"] == "bottomrule"


def test_paragraph_column_keeps_blocks(tmp_path):
    data, _ = tree(tmp_path, "\\begin{tabular}{p{3cm}}One.\n\nTwo.\\\\\\end{tabular}")
    cell = find(data, "Cell")[0]
    assert [k["type"] for k in cell["children"]] == ["Paragraph", "Paragraph"]


def test_nested_tables_restore_the_outer_table(tmp_path):
    data, _ = tree(tmp_path, r"""
\begin{tabular}{ll}
\begin{tabular}{c}x\\y\end{tabular} & right \\
second & row
\end{tabular}""")
    outer = find(data, "Table")[0]
    assert len(outer["rows"]) == 2
    assert text(outer["rows"][1]) == "secondrow"
    inner = find(outer["rows"][0]["cells"][0], "Table")[0]
    assert len(inner["rows"]) == 2


def test_figure_number_caption_and_label(tmp_path):
    data, _ = tree(tmp_path, r"""
\chapter{C}
\begin{figure}\caption[Short]{Long caption}\label{fig:x}\end{figure}
\begin{table}\caption{T}\label{tab:y}\end{table}
\begin{figure}\caption{Second}\end{figure}
""", cls="book")
    figs = find(data, "Figure")
    assert [(f["kind"], f["number"]) for f in figs] == [("figure", "1.1"), ("table", "1.1"),
                                                        ("figure", "1.2")]
    assert text({"c": figs[0]["caption"]}) == "Long caption"
    assert text({"c": figs[0]["short_caption"]}) == "Short"
    labels = data["labels"]
    assert labels["fig:x"]["id"] == figs[0]["id"] and labels["fig:x"]["number"] == "1.1"
    assert labels["fig:x"]["kind"] == "figure"
    assert labels["tab:y"]["number"] == "1.1" and labels["tab:y"]["kind"] == "table"


def test_subfigure_label_carries_the_parent_number(tmp_path):
    data, _ = tree(tmp_path, r"""
\begin{figure}
\begin{subfigure}{.4\textwidth}A\caption{a}\label{s:a}\end{subfigure}
\begin{subfigure}{.4\textwidth}B\caption{b}\label{s:b}\end{subfigure}
\caption{Parent}\label{f:p}
\end{figure}""")
    assert data["labels"]["s:b"]["number"] == "1b"
    subs = [f for f in find(data, "Figure") if f["kind"] == "subfigure"]
    assert [s["number"] for s in subs] == ["a", "b"]


def test_lists_items_labels_and_start(tmp_path):
    data, _ = tree(tmp_path, r"""
\begin{enumerate}[start=4]
\item four\label{i:4}
\item[x] custom
\item five
\end{enumerate}
\begin{description}\item[Term] def\end{description}""", preamble=r"\usepackage{enumitem}")
    lists = find(data, "List")
    enum, desc = lists
    assert enum["kind"] == "enumerate" and enum["start"] == 4
    labels = [text({"l": i["label"]}) for i in enum["items"]]
    assert labels == ["4.", "x", "5."]
    assert data["labels"]["i:4"]["kind"] == "item" and data["labels"]["i:4"]["number"] == "4"
    assert data["labels"]["i:4"]["id"] == enum["items"][0]["id"]
    assert desc["items"][0]["term"] is True and text({"l": desc["items"][0]["label"]}) == "Term"


def test_missing_image_is_a_visible_placeholder(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    data, rep = tree(tmp_path, r"\includegraphics[width=.5\linewidth]{a} \includegraphics{b}",
                     preamble=r"\graphicspath{{pics/}}")
    a, b = find(data, "Image")
    assert a["src"] == "pics/a.png" and a["width"] == "50%"
    assert b["src"] == "" and b["alt"] == "b"
    warns = [d for d in rep.diagnostics if d.code == "W-IMAGE-MISSING"]
    assert len(warns) == 1 and warns[0].loc.line == 4


def test_image_outside_the_source_tree_is_refused(tmp_path):
    data, rep = tree(tmp_path, r"\includegraphics{/etc/hostname}")
    (img,) = find(data, "Image")
    assert img["src"] == ""
    assert any(d.code == "E-PATH-OUTSIDE" for d in rep.diagnostics)
