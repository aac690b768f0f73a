"""Build configuration: one `BuildConfig` per conversion.

Defaults treat the input as untrusted (see docs/security.md); ``trust`` relaxes raw-HTML
channels, ``allow_read`` widens read confinement.  ``octavo.toml`` (later) and CLI flags
fill the same dataclass, CLI last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Limits:
    """Per-document budgets (hostile.md G5).  Every one is checked, none is advisory."""

    expansions: int = 10_000_000
    """Macro expansions and expandable primitives executed."""
    tokens: int = 50_000_000
    """Tokens produced by expansion, in total."""
    expansion_size: int = 1_000_000
    """Tokens one expansion (or one \\edef/argument) may hold."""
    input_depth: int = 15
    group_depth: int = 255
    env_depth: int = 500
    conditionals: int = 1_500_000
    file_size: int = 20 * 1024 * 1024
    pages: int = 10_000
    wall_seconds: float = 120.0
    name_length: int = 10_000
    """Longest control-sequence name built by \\csname."""
    tex_cpu_seconds: int = 20
    tex_wall_seconds: int = 30
    tex_memory: int = 1 << 30


@dataclass(slots=True)
class BuildConfig:
    source: Path = Path("main.tex")
    """The main .tex file."""
    output: str = "_site"
    """Output directory (html) or file (text/json; '-' for stdout)."""
    format: str = "html"
    """html, text or json."""
    split: str = ""
    """'' = class default; chapter, section, subsection, or a depth; '0' = one page."""
    trust: bool = False
    """Author converting their own files: raw HTML passes, reads less confined."""
    allow_read: list = field(default_factory=list)
    """Extra directories (resolved Paths) the conversion may read."""
    texinputs: list = field(default_factory=list)
    """Extra search directories for \\input and packages (TEXINPUTS)."""
    limits: Limits = field(default_factory=Limits)
    no_tex: bool = False
    """Never run real TeX (pictures become placeholders)."""
    cache_dir: Path | None = None
    """Picture cache; the CLI defaults it to OUTDIR/.octavo-cache (nothing is written outside OUTDIR)."""
    template_dir: Path | None = None
    """User templates overriding the built-in theme."""
    signature: str = ""
    """Footer line (latex2html's address); empty = generated 'title, date'."""
    source_date_epoch: int | None = None
    """Fixes every date octavo prints (reproducible builds)."""
    search: bool = True
    debug: bool = False
    clean: bool = False
    """Remove files a previous build wrote that this build did not write."""
    fallback_environments: list = field(default_factory=list)
    """Environments to typeset with real TeX as pictures (octavo.toml [fallback])."""
    fallback_unknown: bool = False
    """Typeset every environment octavo has no binding for with real TeX (--fallback-unknown)."""
    fallback_commands: list = field(default_factory=list)
    """Commands (one argument) to typeset with real TeX as pictures."""

    def load_toml(self, path: Path) -> None:
        """Read ``octavo.toml`` (only the keys octavo knows; CLI flags are applied after)."""
        import tomllib
        from octavo.errors import UsageError
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise UsageError(f"{path}: {e}")
        fb = data.get("fallback", {})
        for key in ("environments", "commands"):
            v = fb.get(key, [])
            if not isinstance(v, list) or not all(isinstance(x, str) and x.isprintable() and len(x) < 100
                                                   for x in v):
                raise UsageError(f"{path}: fallback.{key} must be a list of names")
            setattr(self, "fallback_" + key, list(v))

    @property
    def source_root(self) -> Path:
        return self.source.resolve().parent
