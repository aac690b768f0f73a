"""octavo.site.output.write_atomically: the one atomic single-file write (``-t text``
output, picture cache entries)."""

from __future__ import annotations

import os

import pytest

from octavo.cli.build import write_file
from octavo.fallback.cache import Cache
from octavo.site.output import TMP_PREFIX, write_atomically


def test_writes_and_replaces_whole_files(tmp_path):
    target = tmp_path / "out.txt"
    write_atomically(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    write_atomically(target, b"second, longer\n")
    assert target.read_bytes() == b"second, longer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing-dir" / "x", b"data")


def test_a_link_at_the_target_is_replaced_never_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    inside = tmp_path / "out"
    inside.mkdir()
    (inside / "x.txt").symlink_to(outside)
    write_atomically(inside / "x.txt", b"new")
    assert not (inside / "x.txt").is_symlink()
    assert (inside / "x.txt").read_bytes() == b"new" and outside.read_bytes() == b"keep me"


def test_temporaries_carry_the_prefix_a_later_build_removes(tmp_path, monkeypatch):
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(tmp_path / "a", b"x")
    write_atomically(tmp_path / "b", b"x", prefix=".tmp-")
    assert seen[0].startswith(TMP_PREFIX) and seen[1].startswith(".tmp-")


def test_text_output_and_cache_entries_use_it(tmp_path, monkeypatch):
    calls = []
    real = write_atomically

    def spy(target, data, prefix=TMP_PREFIX):
        calls.append((target.name, data))
        return real(target, data, prefix)

    monkeypatch.setattr("octavo.cli.build.write_atomically", spy)
    monkeypatch.setattr("octavo.fallback.cache.write_atomically", spy)
    write_file(str(tmp_path / "doc.txt"), "héllo\n", tmp_path)
    assert (tmp_path / "doc.txt").read_text("utf-8") == "héllo\n"
    cache = Cache(tmp_path / "cache")
    assert cache.put("ab" + "0" * 62, b"<svg/>") and cache.get("ab" + "0" * 62) == b"<svg/>"
    assert calls == [("doc.txt", "héllo\n".encode()), ("ab" + "0" * 62 + ".svg", b"<svg/>")]
