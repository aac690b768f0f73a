"""Source archives (octavo.archive): what is extracted, what is skipped, the caps, the
main file; and `octavo build paper.tar.gz` end to end."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from octavo import archive
from octavo.errors import Reporter

DOC = b"\\documentclass{article}\\begin{document}Archived text.\\end{document}\n"


def make_tar(path, members, mode="w:gz"):
    with tarfile.open(path, mode) as t:
        for name, data, kw in members:
            info = tarfile.TarInfo(name)
            for k, v in kw.items():
                setattr(info, k, v)
            regular = info.type == tarfile.REGTYPE
            info.size = len(data) if regular else 0
            t.addfile(info, io.BytesIO(data) if regular else None)


def unpack(tmp_path, path, file_size=20 << 20):
    rep = Reporter()
    dest = tmp_path / "dest"
    dest.mkdir()
    main = archive.unpack(path, dest, rep, file_size)
    return main, dest, rep


def test_hostile_members_are_skipped_and_named(tmp_path):
    path = tmp_path / "paper.tar.gz"
    make_tar(path, [("src/main.tex", DOC, {}), ("src/fig.txt", b"f", {}),
                    ("../../evil", b"x", {}), ("/abs/evil", b"x", {}),
                    ("link", b"", {"type": tarfile.SYMTYPE, "linkname": "/etc"}),
                    ("hard", b"", {"type": tarfile.LNKTYPE, "linkname": "/etc/passwd"}),
                    ("dev", b"", {"type": tarfile.CHRTYPE, "devmajor": 1, "devminor": 3}),
                    ("fifo", b"", {"type": tarfile.FIFOTYPE}), ("a\\b.tex", b"x", {})])
    main, dest, rep = unpack(tmp_path, path)
    assert main == dest / "src" / "main.tex"
    files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert files == ["src/fig.txt", "src/main.tex"]
    skipped = [d.message for d in rep.diagnostics if d.code == "W-ARCHIVE-MEMBER"]
    assert len(skipped) == 7, skipped
    assert all(d.loc.file == "paper.tar.gz" for d in rep.diagnostics)
    assert not (tmp_path / "evil").exists() and not os.path.lexists(dest / "link")


def test_a_member_over_the_file_limit_and_the_total_cap(tmp_path, monkeypatch):
    path = tmp_path / "big.tar.gz"
    make_tar(path, [("main.tex", DOC, {}), ("big.bin", b"\0" * 5000, {}), ("ok.bin", b"\0" * 100, {})])
    main, dest, rep = unpack(tmp_path, path, file_size=1000)
    assert main.name == "main.tex" and not (dest / "big.bin").exists() and (dest / "ok.bin").exists()
    # the total cap counts bytes as they are written; the headers' sizes (skipped
    # members included: a stream must still decompress them) have a cap of twice that
    monkeypatch.setattr(archive, "MAX_TOTAL", 150)
    small = tmp_path / "small.tar"
    make_tar(small, [("main.tex", DOC, {}), ("ok.bin", b"\0" * 100, {})], mode="w")
    (tmp_path / "x").mkdir()
    rep = Reporter()
    archive.unpack(small, tmp_path / "x", rep, 1000)
    assert any(d.code == "E-ARCHIVE" and "bytes unpacked" in d.message for d in rep.diagnostics)
    assert not (tmp_path / "x" / "ok.bin").exists()
    (tmp_path / "y").mkdir()
    rep = Reporter()
    archive.unpack(path, tmp_path / "y", rep, 1000)
    assert any(d.code == "E-ARCHIVE" and "members of more than 300 bytes" in d.message for d in rep.diagnostics)


def test_a_zip_member_that_decompresses_past_the_limit_is_cut_while_reading(tmp_path):
    path = tmp_path / "paper.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("main.tex", DOC)
        z.writestr("bomb.bin", b"\0" * 3_000_000)  # ~3 kB compressed
        z.writestr("../up.tex", DOC)
    main, dest, rep = unpack(tmp_path, path, file_size=100_000)
    assert main.name == "main.tex" and not (dest / "bomb.bin").exists()
    assert [d.code for d in rep.diagnostics] == ["W-ARCHIVE-MEMBER", "W-ARCHIVE-MEMBER"]


def test_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    path = tmp_path / "many.tar"
    make_tar(path, [("main.tex", DOC, {})] + [(f"f{i}", b"x", {}) for i in range(10)], mode="w")
    main, dest, rep = unpack(tmp_path, path)
    assert len(list(dest.iterdir())) == 5
    assert any("more than 5 members" in d.message for d in rep.diagnostics)


def test_main_file_choice(tmp_path):
    path = tmp_path / "multi.tar.gz"
    make_tar(path, [("appendix.tex", b"% \\documentclass{x}\nnot a main file", {}),
                    ("sub/other.tex", DOC, {}), ("paper.tex", DOC, {}), ("z.tex", DOC + b"%" * 100, {})])
    main, dest, rep = unpack(tmp_path, path)
    assert main == dest / "paper.tex"
    assert [d.code for d in rep.diagnostics] == ["N-ARCHIVE-MAIN"]


def test_single_gzipped_tex_and_failures(tmp_path):
    one = tmp_path / "2401.00001.gz"
    one.write_bytes(gzip.compress(DOC))
    assert archive.archive_kind(one) == "compressed"
    main, dest, rep = unpack(tmp_path, one)
    assert main.read_bytes() == DOC
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x1f\x8b" + os.urandom(200))
    (tmp_path / "d2").mkdir()
    with pytest.raises(archive.ArchiveError):
        archive.unpack(junk, tmp_path / "d2", Reporter(), 1 << 20)
    nomain = tmp_path / "nomain.tar.gz"
    make_tar(nomain, [("readme.txt", b"hello", {})])
    (tmp_path / "d3").mkdir()
    with pytest.raises(archive.ArchiveError, match="no .tex file"):
        archive.unpack(nomain, tmp_path / "d3", Reporter(), 1 << 20)


def test_cli_builds_an_archive_and_leaves_nothing_behind(tmp_path):
    path = tmp_path / "paper.tar.gz"
    make_tar(path, [("main.tex", b"\\documentclass{article}\\begin{document}\\input{ch}\\end{document}\n", {}),
                    ("ch.tex", b"Chapter text from the archive.\n", {})])
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "octavo", "build", str(path), "-o", str(out), "--no-tex"],
                       capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmpdir)})
    assert r.returncode == 0, r.stderr
    assert "Chapter text from the archive." in (out / "index.html").read_text(encoding="utf-8")
    assert list(tmpdir.iterdir()) == []  # the unpacked sources are removed
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\0" * 50)
    r = subprocess.run([sys.executable, "-m", "octavo", "build", str(bad), "-o", str(tmp_path / "s2")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "bad.tar.gz" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_member_that_collides_with_another_is_skipped_not_fatal(tmp_path):
    path = tmp_path / "clash.tar.gz"
    make_tar(path, [("a", b"file", {}), ("a/b.tex", b"x", {}), ("main.tex", DOC, {}), ("main.tex", b"again", {})])
    main, dest, rep = unpack(tmp_path, path)
    assert main.read_bytes() == DOC and (dest / "a").read_bytes() == b"file"
    assert [d.code for d in rep.diagnostics] == ["W-ARCHIVE-MEMBER", "W-ARCHIVE-MEMBER"], rep.diagnostics
