"""PDF and EPS figures (``\\includegraphics``) converted to SVG for the web.

Contract: `convert_graphic(path, source_root, cache, limits)` returns a
`GraphicResult`: the SVG bytes of the first page (sized in em, ids prefixed, sanitized;
colours untouched, they are the author's) or an error message.  The file must lie inside
``source_root`` (real path checked) and be at most ``MAX_INPUT`` bytes.  A PDF becomes SVG
with ``pdftocairo -svg`` (or ``dvisvgm --pdf`` when poppler is absent); an EPS first
becomes PDF with Ghostscript run ``-dSAFER`` and ``-dEPSCrop``.  Every program runs like
TeX does (`sandbox.run_limited`: fresh temporary directory holding only a copy of the
input, CPU, memory and wall limits).  Results are cached by the sha256 of the file's
bytes plus the tools' fingerprint, so a warm rebuild starts no process.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from octavo.fallback.cache import Cache, make_key, tools_fingerprint
from octavo.fallback.sandbox import RunLimits, run_limited
from octavo.fallback.svgpost import finish

MAX_INPUT = 50 * 1024 * 1024
CONVERTIBLE = (".pdf", ".eps", ".ps")
TOOLS = ["pdftocairo", "gs", "dvisvgm"]
INSTALL_HINT = "apt-get install poppler-utils ghostscript"


@dataclass(slots=True)
class GraphicResult:
    svg: bytes | None = None
    error: str = ""
    cached: bool = False


def _tool(name: str) -> bool:
    return shutil.which(name) is not None


def can_convert(suffix: str) -> bool:
    """True when the programs a file of this kind needs are installed."""
    suffix = suffix.lower()
    pdf = _tool("pdftocairo") or _tool("dvisvgm")
    if suffix == ".pdf":
        return pdf
    if suffix in (".eps", ".ps"):
        return pdf and _tool("gs")
    return False


def _pdf_to_svg(tmp: Path, pdf: str, limits: RunLimits) -> tuple[bytes | None, str]:
    if _tool("pdftocairo"):
        argv = ["pdftocairo", "-svg", "-f", "1", "-l", "1", pdf, "out.svg"]
    else:
        argv = ["dvisvgm", "--pdf", "--page=1", "--no-fonts", "-o", "out.svg", pdf]
    res = run_limited(argv, str(tmp), limits)
    out = tmp / "out.svg"
    if res.timed_out:
        return None, f"{argv[0]} stopped: time limit exceeded"
    if res.returncode != 0 or not out.is_file():
        last = [ln for ln in res.output.splitlines() if ln.strip()][-1:] or ["no output"]
        return None, f"{argv[0]} failed (exit {res.returncode}): {last[0][:200]}"
    return out.read_bytes(), ""


def _eps_to_pdf(tmp: Path, eps: str, limits: RunLimits) -> str:
    argv = ["gs", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dQUIET", "-dEPSCrop",
            "-sDEVICE=pdfwrite", "-sOutputFile=conv.pdf", eps]
    res = run_limited(argv, str(tmp), limits)
    if res.timed_out:
        return "gs stopped: time limit exceeded"
    if res.returncode != 0 or not (tmp / "conv.pdf").is_file():
        last = [ln for ln in res.output.splitlines() if ln.strip()][-1:] or ["no output"]
        return f"gs failed (exit {res.returncode}): {last[0][:200]}"
    return ""


def convert_graphic(path: str | Path, source_root: str | Path, cache: Cache | None,
                    limits: RunLimits = RunLimits()) -> GraphicResult:
    """See the module docstring."""
    root = Path(source_root).resolve()
    try:
        real = (root / path).resolve()
    except (OSError, RuntimeError):
        return GraphicResult(error=f"cannot resolve {path}")
    if not real.is_relative_to(root):
        return GraphicResult(error=f"{path} is outside the source directory")
    suffix = real.suffix.lower()
    if suffix not in CONVERTIBLE:
        return GraphicResult(error=f"{path}: not a PDF or EPS file")
    try:
        if not real.is_file() or real.stat().st_size > MAX_INPUT:
            return GraphicResult(error=f"{path}: not a regular file or larger than "
                                       f"{MAX_INPUT // (1024 * 1024)} MiB")
        data = real.read_bytes()
    except OSError as e:
        return GraphicResult(error=f"{path}: {e.strerror or e}")
    if not can_convert(suffix):
        return GraphicResult(error=f"cannot convert {suffix} figures: {INSTALL_HINT}")

    digest = hashlib.sha256(data).hexdigest()
    key = make_key("graphic", suffix, digest, tools_fingerprint(TOOLS))
    raw = cache.get(key, "svg") if cache is not None else None
    cached = raw is not None
    if raw is None:
        with tempfile.TemporaryDirectory(prefix="octavo-gfx-") as d:
            tmp = Path(d)
            name = "in" + (".pdf" if suffix == ".pdf" else ".eps")
            (tmp / name).write_bytes(data)
            pdf = name
            if suffix != ".pdf":
                err = _eps_to_pdf(tmp, name, limits)
                if err:
                    return GraphicResult(error=err)
                pdf = "conv.pdf"
            raw, err = _pdf_to_svg(tmp, pdf, limits)
            if raw is None:
                return GraphicResult(error=err)
        if cache is not None:
            cache.put(key, raw, "svg")
    svg = finish(raw, "g" + key[:8], recolor=False)
    if svg is None:
        return GraphicResult(error=f"{path}: the converted SVG was rejected by the sanitizer")
    return GraphicResult(svg=svg, cached=cached)
