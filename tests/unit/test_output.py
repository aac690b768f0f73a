"""The output directory (hostile.md B1–B11 at the module level)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from octavo.errors import PathRefused, Reporter, UsageError
from octavo.site.output import MANIFEST, DuplicateOutput, OutputDir, OutputWriteError, check_rel


@pytest.fixture
def proj(tmp_path):
    src = tmp_path / "proj"
    src.mkdir()
    (src / "main.tex").write_text("x")
    return src


def snapshot(root: Path, skip: Path | None = None) -> dict:
    """Every entry under root (not following links) -> content/link target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if skip is not None and (p == skip or skip in p.parents):
                continue
            if p.is_symlink():
                out[str(p)] = ("link", os.readlink(p))
            elif p.is_file():
                out[str(p)] = ("file", p.read_bytes())
            else:
                out[str(p)] = ("dir",)
    return out


# ------------------------------------------------------ refusing directories


@pytest.mark.parametrize("which", ["same", "ancestor", "root-ancestor"])
def test_refuses_source_or_ancestor(tmp_path, proj, which):
    target = {"same": proj, "ancestor": tmp_path, "root-ancestor": Path("/")}[which]
    before = snapshot(tmp_path)
    with pytest.raises(UsageError) as e:
        OutputDir(target, proj, Reporter())
    assert "source directory" in e.value.message
    assert snapshot(tmp_path) == before


def test_refuses_same_through_relative_and_symlinked_spelling(tmp_path, proj, monkeypatch):
    monkeypatch.chdir(proj)
    with pytest.raises(UsageError, match="equals the source directory"):
        OutputDir(Path("."), proj, Reporter())
    alias = tmp_path / "alias"
    alias.symlink_to(proj)
    with pytest.raises(UsageError):
        OutputDir(alias, proj, Reporter())


def test_refuses_regular_file(tmp_path, proj):
    f = tmp_path / "out"
    f.write_text("not a dir")
    with pytest.raises(UsageError, match="not a directory"):
        OutputDir(f, proj, Reporter())
    assert f.read_text() == "not a dir"


def test_out_inside_source_is_allowed(proj):
    out = OutputDir(proj / "site", proj, Reporter())
    out.write_text("index.html", "<p>x</p>")
    assert (proj / "site" / "index.html").read_text() == "<p>x</p>"


# ----------------------------------------------------------- relative paths


@pytest.mark.parametrize(
    "rel",
    ["", "../x", "a/../../x", "/etc/passwd", "a\\b", "a\0b", "a//b", "./a", "a/./b", "a/", "é.html", "a b.html",
     "x" * 2000, ".octavo-manifest.json", ".octavo-tmp-1", "a/.octavo-tmp-x", "a:b", "con*"],
)
def test_unsafe_rel_refused(tmp_path, proj, rel):
    out = OutputDir(tmp_path / "out", proj, Reporter())
    before = snapshot(tmp_path)
    with pytest.raises(PathRefused):
        out.write_bytes(rel, b"x")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("rel", ["index.html", "img/fig-1.png", "a/b/c.d.e", ".nojekyll", "search_index.json", "x+y-z"])
def test_safe_rel_accepted(rel):
    assert check_rel(rel) == tuple(rel.split("/"))


# --------------------------------------------------------------- writing


def test_write_creates_dirs_and_leaves_no_temp(tmp_path, proj):
    out = OutputDir(tmp_path / "out", proj, Reporter())
    out.write_bytes("img/a/b.png", b"\x89PNG")
    out.write_text("p.html", "caf\u00e9 \ud800")  # a lone surrogate becomes U+FFFD
    src = proj / "main.tex"
    out.copy_file("src/main.tex", src)
    assert (tmp_path / "out/img/a/b.png").read_bytes() == b"\x89PNG"
    assert (tmp_path / "out/p.html").read_bytes().decode("utf-8") == "caf\u00e9 \ufffd"
    assert (tmp_path / "out/src/main.tex").read_text() == "x"
    assert not list((tmp_path / "out").rglob(".octavo-tmp-*"))
    assert out.written == ["img/a/b.png", "p.html", "src/main.tex"]


def test_duplicate_write_refused_and_unique_names(tmp_path, proj):
    out = OutputDir(tmp_path / "out", proj, Reporter())
    out.write_text("index.html", "page")
    with pytest.raises(DuplicateOutput):
        out.write_bytes("index.html", b"figure")
    with pytest.raises(DuplicateOutput):
        out.write_bytes("INDEX.html", b"figure")  # same file on case-insensitive systems
    assert (tmp_path / "out/index.html").read_text() == "page"
    name = out.unique("index.html")
    assert name == "index-2.html"
    out.write_bytes(name, b"figure")
    assert out.unique("index.html") == "index-3.html"
    assert out.unique("img/fig.tar.gz") == "img/fig.tar.gz"
    out.write_bytes("img/fig.tar.gz", b"")
    assert out.unique("img/fig.tar.gz") == "img/fig-2.tar.gz"


def test_b9_symlinked_file_is_replaced_not_followed(tmp_path, proj):
    (tmp_path / "outside").mkdir()
    victim = tmp_path / "outside/victim"
    victim.write_text("precious")
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "chapter1.html").symlink_to(victim)
    out = OutputDir(outdir, proj, Reporter())
    out.write_text("chapter1.html", "new")
    assert victim.read_text() == "precious"
    assert not (outdir / "chapter1.html").is_symlink()
    assert (outdir / "chapter1.html").read_text() == "new"


def test_symlinked_directory_is_replaced_not_followed(tmp_path, proj):
    outside = tmp_path / "outside"
    outside.mkdir()
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "img").symlink_to(outside)
    out = OutputDir(outdir, proj, Reporter())
    out.write_bytes("img/a.png", b"png")
    assert list(outside.iterdir()) == []
    assert (outdir / "img").is_dir() and not (outdir / "img").is_symlink()
    assert (outdir / "img/a.png").read_bytes() == b"png"


def test_output_dir_itself_a_symlink_is_refused(tmp_path, proj):
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real")
    with pytest.raises(UsageError, match="symbolic link"):
        OutputDir(tmp_path / "out", proj, Reporter())


def test_file_in_the_way_of_a_directory(tmp_path, proj):
    out = OutputDir(tmp_path / "out", proj, Reporter())
    out.write_text("img", "a file")
    with pytest.raises(PathRefused):
        out.write_bytes("img/a.png", b"x")
    assert (tmp_path / "out/img").read_text() == "a file"


# -------------------------------------------------------- manifest & clean


def test_b7_clean_removes_only_own_stale_files(tmp_path, proj):
    outdir = tmp_path / "out"
    first = OutputDir(outdir, proj, Reporter())
    first.write_text("index.html", "1")
    first.write_text("old.html", "1")
    first.write_bytes("img/old.png", b"1")
    first.finish(clean=True)
    (outdir / "notes.txt").write_text("user file")
    (outdir / "img/mine.png").write_bytes(b"user")
    manifest = json.loads((outdir / MANIFEST).read_text())
    assert manifest["files"] == ["img/old.png", "index.html", "old.html"]

    second = OutputDir(outdir, proj, Reporter())
    second.write_text("index.html", "2")
    deleted = second.finish(clean=True)
    assert sorted(deleted) == ["img/old.png", "old.html"]
    assert (outdir / "notes.txt").read_text() == "user file"
    assert (outdir / "img/mine.png").read_bytes() == b"user"
    assert not (outdir / "old.html").exists()
    assert (outdir / "index.html").read_text() == "2"
    assert json.loads((outdir / MANIFEST).read_text())["files"] == ["index.html"]


def test_without_clean_stale_files_stay_listed(tmp_path, proj):
    outdir = tmp_path / "out"
    first = OutputDir(outdir, proj, Reporter())
    first.write_text("old.html", "1")
    first.finish()
    second = OutputDir(outdir, proj, Reporter())
    second.write_text("new.html", "2")
    assert second.finish(clean=False) == []
    assert (outdir / "old.html").exists()
    third = OutputDir(outdir, proj, Reporter())
    third.write_text("new.html", "3")
    assert third.finish(clean=True) == ["old.html"]


def test_hostile_manifest_cannot_delete_outside(tmp_path, proj):
    outdir = tmp_path / "out"
    outdir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.html").write_text("keep")
    (outdir / "linkdir").symlink_to(tmp_path / "elsewhere")
    (outdir / MANIFEST).write_text(
        json.dumps({"version": 1, "files": ["../victim.txt", str(victim), "linkdir/a.html", "a\\..\\..\\victim.txt"]})
    )
    out = OutputDir(outdir, proj, Reporter())
    out.finish(clean=True)
    assert victim.read_text() == "keep"
    assert (tmp_path / "elsewhere/a.html").read_text() == "keep"


def test_garbage_manifest_is_a_warning(tmp_path, proj):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / MANIFEST).write_text("{not json")
    rep = Reporter()
    OutputDir(outdir, proj, rep).finish(clean=True)
    assert [d.code for d in rep.diagnostics] == ["W-MANIFEST"]


def test_leftover_temp_files_are_removed(tmp_path, proj):
    outdir = tmp_path / "out"
    (outdir / "sub").mkdir(parents=True)
    (outdir / ".octavo-tmp-dead").write_text("torn")
    (outdir / "sub/.octavo-tmp-dead2").write_text("torn")
    (outdir / "keep.tmp").write_text("user")
    OutputDir(outdir, proj, Reporter())
    assert not list(outdir.rglob(".octavo-tmp-*"))
    assert (outdir / "keep.tmp").exists()


# ------------------------------------------------------ B10 / B11 atomicity

_WRITER = textwrap.dedent(
    """
    import sys, os
    from pathlib import Path
    from octavo.errors import Reporter
    from octavo.site.output import OutputDir
    outdir, proj, gen = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    out = OutputDir(outdir, proj, Reporter())
    print("ready", flush=True)
    for i in range(40):
        out.write_bytes(f"f{i}.html", (gen * 200_000).encode())
    out.finish(clean=True)
    """
)


def test_b10_killed_run_leaves_only_complete_files(tmp_path, proj):
    outdir = tmp_path / "out"
    subprocess.run([sys.executable, "-c", _WRITER, outdir, proj, "A"], check=True)
    old = "A" * 200_000
    delays = [0.0, 0.02, 0.05, 0.1, 0.15]
    for n, delay in enumerate(delays):
        gen = "BCDEFG"[n]
        p = subprocess.Popen([sys.executable, "-c", _WRITER, outdir, proj, gen], stdout=subprocess.PIPE)
        p.stdout.readline()
        if delay:
            import time

            time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
        for i in range(40):
            content = (outdir / f"f{i}.html").read_text()
            assert content in (old, gen * 200_000) or (len(set(content)) == 1 and len(content) == 200_000), i
    # the next run removes the temp files a killed run may have left
    subprocess.run([sys.executable, "-c", _WRITER, outdir, proj, "Z"], check=True)
    assert not list(outdir.rglob(".octavo-tmp-*"))
    assert all((outdir / f"f{i}.html").read_text() == "Z" * 200_000 for i in range(40))


def test_b11_file_too_large_keeps_old_output(tmp_path, proj):
    outdir = tmp_path / "out"
    first = OutputDir(outdir, proj, Reporter())
    first.write_text("a.html", "old")
    first.finish()

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from octavo.errors import Reporter
        from octavo.site.output import OutputDir, OutputWriteError
        out = OutputDir(Path(sys.argv[1]), Path(sys.argv[2]), Reporter())
        try:
            out.write_bytes("a.html", b"x" * 100_000)
        except OutputWriteError as e:
            print(e.message)
            sys.exit(2)
        """
    )
    r = subprocess.run([sys.executable, "-c", code, outdir, proj], capture_output=True, text=True, preexec_fn=limit)
    assert r.returncode == 2, r.stderr
    assert "cannot write a.html: file too large" in r.stdout
    assert (outdir / "a.html").read_text() == "old"
    assert not list(outdir.rglob(".octavo-tmp-*"))


def test_write_error_is_an_octavo_error(tmp_path, proj):
    outdir = tmp_path / "out"
    out = OutputDir(outdir, proj, Reporter())
    os.chmod(outdir, 0o500)
    try:
        if os.access(outdir, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(OutputWriteError, match="cannot write x.html"):
            out.write_text("x.html", "x")
    finally:
        os.chmod(outdir, 0o700)
