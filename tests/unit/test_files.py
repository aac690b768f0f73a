"""Confined lookup and decoding of sources (hostile.md A1–A11, E3–E8; property P7)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octavo.config import Limits
from octavo.errors import Location, PathRefused, Reporter
from octavo.tex.files import FileAccess

LOC = Location("main.tex", 3, 1)
SENTINEL = b"OCTAVO_SENTINEL_42"


@pytest.fixture
def tree(tmp_path):
    """tmp/proj (the root) and tmp/outside with a secret."""
    proj = tmp_path / "proj"
    (proj / "chapters").mkdir(parents=True)
    (proj / "main.tex").write_text("\\input{chapters/one}")
    (proj / "chapters/one.tex").write_text("one")
    (proj / "chapters/two.tex").write_text("two")
    (proj / "macros.sty").write_text("sty")
    (proj / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tex").write_bytes(SENTINEL)
    (outside / "secret.bib").write_bytes(SENTINEL)
    return proj, outside


def fa(proj, **kw):
    rep = kw.pop("reporter", Reporter())
    return FileAccess(proj, kw.pop("allow_read", []), kw.pop("texinputs", []), kw.pop("limits", Limits()), rep)


# ------------------------------------------------------------------ lookup


def test_tex_lookup_order(tree):
    proj, _ = tree
    f = fa(proj)
    assert f.resolve("chapters/one", LOC) == proj / "chapters/one.tex"
    assert f.resolve("chapters/one.tex", LOC) == proj / "chapters/one.tex"
    # relative to the including file's directory first, then the root
    assert f.resolve("two", LOC, base_dir=proj / "chapters") == proj / "chapters/two.tex"
    assert f.resolve("main", LOC, base_dir=proj / "chapters") == proj / "main.tex"
    assert f.resolve("macros", LOC, exts=(".sty",)) == proj / "macros.sty"
    assert f.resolve("fig", LOC, exts=(".pdf", ".png")) == proj / "fig.png"
    assert f.resolve("missing", LOC) is None
    assert f.resolve("chapters", LOC) is None  # a directory is not a file


def test_name_with_extension_prefers_the_extension(tree):
    proj, _ = tree
    (proj / "chap").write_text("no ext")
    (proj / "chap.tex").write_text("tex")
    assert fa(proj).resolve("chap", LOC) == proj / "chap.tex"  # TeX tries name.tex first


def test_texinputs_searched_after_root(tree, tmp_path):
    proj, _ = tree
    lib = tmp_path / "texmf"
    lib.mkdir()
    (lib / "shared.tex").write_text("shared")
    assert fa(proj).resolve("shared", LOC) is None
    f = fa(proj, texinputs=[lib])
    assert f.resolve("shared", LOC) == lib / "shared.tex"
    assert f.read_source(lib / "shared.tex", LOC).text == "shared"


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",  # A1
        "../outside/secret",  # A2
        "chapters/../../outside/secret",  # A2
        "../outside/nonexistent",  # refused even when absent: no existence oracle
        "/dev/zero",  # A9
        "/dev/urandom",
        "/proc/self/environ",
    ],
)
def test_outside_refused(tree, name):
    proj, _ = tree
    with pytest.raises(PathRefused) as e:
        fa(proj).resolve(name, LOC)
    assert e.value.code == "E-PATH-OUTSIDE"
    assert e.value.loc == LOC


def test_absolute_path_of_the_sentinel_refused(tree):
    proj, outside = tree
    with pytest.raises(PathRefused, match="outside the project"):
        fa(proj).resolve(str(outside / "secret.tex"), LOC)


def test_a3_file_symlink_to_outside(tree):
    proj, outside = tree
    (proj / "link.tex").symlink_to(outside / "secret.tex")
    with pytest.raises(PathRefused) as e:
        fa(proj).resolve("link", LOC)
    assert e.value.code == "E-PATH-OUTSIDE"


def test_a4_directory_symlink_to_root(tree):
    proj, _ = tree
    (proj / "figs").symlink_to("/")
    with pytest.raises(PathRefused):
        fa(proj).resolve("figs/etc/passwd", LOC, exts=(".png", ".pdf"))


def test_symlink_inside_root_is_fine(tree):
    proj, _ = tree
    (proj / "alias.tex").symlink_to(proj / "chapters/one.tex")
    assert fa(proj).resolve("alias", LOC) == proj / "chapters/one.tex"


def test_a11_allow_read(tree):
    proj, outside = tree
    f = fa(proj, allow_read=[outside])
    path = f.resolve(str(outside / "secret"), LOC)
    assert path == outside / "secret.tex"
    assert f.read_source(path, LOC).text == SENTINEL.decode()
    assert f.resolve("../outside/secret", LOC) == outside / "secret.tex"


def test_a9_fifo_is_refused_without_opening(tree):
    proj, _ = tree
    os.mkfifo(proj / "pipe.tex")
    start = time.monotonic()
    with pytest.raises(PathRefused) as e:
        fa(proj).resolve("pipe", LOC)
    assert e.value.code == "E-PATH-NOT-FILE"
    with pytest.raises(PathRefused):
        fa(proj).read_source(proj / "pipe.tex", LOC)
    with pytest.raises(PathRefused):
        fa(proj).read_bytes(proj / "pipe.tex", LOC)
    assert time.monotonic() - start < 30  # hang detector: a FIFO opened for reading would block forever


@pytest.mark.parametrize("name", ['|"cat /etc/passwd"', "|ls", '"|ls"', " |ls"])
def test_a8_pipe_input_is_a_warning_and_missing(tree, name):
    proj, _ = tree
    rep = Reporter()
    assert fa(proj, reporter=rep).resolve(name, LOC) is None
    assert [d.code for d in rep.diagnostics] == ["W-PIPE-INPUT"]


@pytest.mark.parametrize("name", ["x" * 10_000, "a\0b", "a\nb", "a\rb"])
def test_a10_bad_names_refused_cleanly(tree, name):
    proj, _ = tree
    with pytest.raises(PathRefused) as e:
        fa(proj).resolve(name, LOC)
    assert e.value.code == "E-PATH-NAME"


@pytest.mark.parametrize("name", ["50%", "CON", "aux.tex", "nul", "x" * 300, "~", "%2e%2e/x", "a:b"])
def test_a10_odd_names_are_safe_lookups(tree, name):
    proj, _ = tree
    assert fa(proj).resolve(name, LOC) is None


def test_a10_odd_names_that_exist_are_found(tree):
    proj, _ = tree
    (proj / "aux.tex").write_text("aux")
    (proj / "50%.tex").write_text("pct")
    f = fa(proj)
    assert f.read_source(f.resolve("aux.tex", LOC), LOC).text == "aux"
    assert f.read_source(f.resolve("50%", LOC), LOC).text == "pct"


def test_read_outside_refused_even_if_called_directly(tree):
    proj, outside = tree
    with pytest.raises(PathRefused):
        fa(proj).read_source(outside / "secret.tex", LOC)
    with pytest.raises(PathRefused):
        fa(proj).read_bytes(outside / "secret.bib", LOC)


def test_file_size_limit(tree):
    proj, _ = tree
    (proj / "big.tex").write_bytes(b"x" * 2000)
    rep = Reporter()
    f = fa(proj, limits=Limits(file_size=1000), reporter=rep)
    assert f.read_source(proj / "big.tex", LOC) is None
    assert f.read_bytes(proj / "big.tex", LOC) is None
    assert {d.code for d in rep.diagnostics} == {"E-LIMIT-FILE-SIZE"}
    assert rep.diagnostics[0].loc == LOC


def test_display_path(tree, monkeypatch):
    proj, outside = tree
    monkeypatch.chdir(proj)
    f = fa(proj)
    assert f.display_path(proj / "chapters/one.tex") == "chapters/one.tex"
    assert f.display_path(outside / "secret.tex") == str(outside / "secret.tex")


# ---------------------------------------------------------------- P7


_segments = st.sampled_from(
    ["..", ".", "/", "\\", "\0", ":", "~", "%2e", "%2e%2e", "proj", "outside", "secret", "link", "dirlink", "chapters",
     "one", "a", ".tex", "//", "\n", "|", '"']
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_segments, max_size=10).map("".join), st.booleans())
def test_p7_confinement(tree, name, from_sub):
    proj, outside = tree
    if not (proj / "link.tex").exists():
        (proj / "link.tex").symlink_to(outside / "secret.tex")
        (proj / "dirlink").symlink_to(outside)
        (proj / "chapters/up").symlink_to("..")
    f = fa(proj)
    base = proj / "chapters" if from_sub else None
    try:
        found = f.resolve(name, LOC, base_dir=base)
    except PathRefused:
        return
    if found is not None:
        real = Path(os.path.realpath(found))
        assert real == proj.resolve() or proj.resolve() in real.parents
        assert real.is_file()


# ---------------------------------------------------------------- decoding


def decode(tmp_path, data: bytes, name="main.tex", **kw):
    proj = tmp_path / "dec"
    proj.mkdir(exist_ok=True)
    (proj / name).write_bytes(data)
    rep = Reporter()
    src = fa(proj, reporter=rep).read_source(proj / name, LOC, **kw)
    return src, rep.diagnostics


def test_utf8_as_is(tmp_path):
    src, diags = decode(tmp_path, "Café “quoted”\n".encode())
    assert src.text == "Café “quoted”\n" and src.encoding == "utf-8" and diags == []


def test_e6_utf8_bom_stripped(tmp_path):
    src, diags = decode(tmp_path, b"\xef\xbb\xbf\\section{x}")
    assert src.text == "\\section{x}" and diags == []


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_e6_utf16_with_bom(tmp_path, codec, bom):
    src, diags = decode(tmp_path, bom + "Grüße \\emph{x}\n".encode(codec))
    assert src.text == "Grüße \\emph{x}\n" and src.encoding == codec and diags == []


def test_e6_broken_utf16_is_replaced_with_warning(tmp_path):
    src, diags = decode(tmp_path, b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert src.text.startswith("ab") and "\ufffd" in src.text
    assert [d.code for d in diags] == ["W-ENCODING"]


@pytest.mark.parametrize("option,codec,raw,text", [
    ("latin1", "latin-1", b"caf\xe9", "café"),
    ("latin9", "iso8859-15", b"\xa4", "€"),
    ("cp1252", "cp1252", b"\x93q\x94", "“q”"),
    ("ansinew", "cp1252", b"\x80", "€"),
    ("applemac", "mac-roman", b"\x8e", "é"),
    ("T1,latin1", "latin-1", b"\xe9", "é"),
])
def test_e4_declared_inputenc_is_used_silently(tmp_path, option, codec, raw, text):
    data = b"\\documentclass{article}\n\\usepackage[" + option.encode() + b"]{inputenc}\n" + raw
    src, diags = decode(tmp_path, data)
    assert diags == []
    assert src.encoding == codec
    assert src.text.endswith(text)


def test_declaration_in_a_comment_is_ignored(tmp_path):
    src, diags = decode(tmp_path, b"% \\usepackage[latin1]{inputenc}\ncaf\xe9")
    assert src.encoding == "cp1252"
    assert [d.code for d in diags] == ["W-ENCODING"]


def test_encoding_in_force_passed_from_including_file(tmp_path):
    src, diags = decode(tmp_path, b"caf\xe9", encoding="latin-1")
    assert src.text == "café" and diags == []


def test_e5_cp1252_fallback_warns_with_location(tmp_path):
    data = b"first line\r\nsecond \x93quoted\x94 and \x81\n"
    src, diags = decode(tmp_path, data)
    assert src.text == "first line\r\nsecond “quoted” and \x81\n"
    assert src.encoding == "cp1252"
    assert len(diags) == 1
    d = diags[0]
    assert d.code == "W-ENCODING" and d.severity == "warning"
    assert (d.loc.line, d.loc.col) == (2, 8)
    assert d.loc.file.endswith("main.tex")
    assert "byte offset 19" in d.message and "0x93" in d.message


def test_e6_mixed_utf8_and_latin1_reported_at_first_bad_line(tmp_path):
    data = "ä ö ü ß — all UTF-8\nstill “UTF-8”\n".encode() + b"latin1 caf\xe9\n" + "more é\n".encode()
    src, diags = decode(tmp_path, data)
    assert src.encoding == "utf-8+cp1252"
    assert src.text == "ä ö ü ß — all UTF-8\nstill “UTF-8”\nlatin1 café\nmore é\n"
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("W-ENCODING", 3, 11)]


def test_declared_utf8_with_as_many_latin1_bytes_as_utf8_sequences_is_repaired(tmp_path):
    """One pasted Latin-1 byte in a file that declares utf8 (one 'é' each way): the
    tie used to decode the whole file as Windows-1252 ('cafÃ©')."""
    data = b"\\usepackage[utf8]{inputenc}\ncaf\xc3\xa9 and caf\xe9\n"
    src, diags = decode(tmp_path, data)
    assert src.encoding == "utf-8+cp1252" and src.text.endswith("café and café\n")
    assert [(d.code, d.loc.line) for d in diags] == [("W-ENCODING", 2)]
    undeclared, _ = decode(tmp_path, b"caf\xc3\xa9 and caf\xe9\n")
    assert undeclared.encoding == "cp1252"  # a tie without a declaration: as before


@pytest.mark.parametrize("data,line", [(b"a\rb\r\xe9", 3), (b"a\r\nb\r\n\xe9", 3), (b"a\nb\n\n\xe9", 4)])
def test_e8_line_numbers_with_cr_and_crlf(tmp_path, data, line):
    _, diags = decode(tmp_path, data)
    assert diags[0].loc.line == line and diags[0].loc.col == 1


def test_e7_nul_kept(tmp_path):
    src, diags = decode(tmp_path, b"a\x00b ^^@ ^^ff \xef\xbf\xbe")
    assert src.text == "a\x00b ^^@ ^^ff \ufffe"
    assert diags == []


def test_e7_encoded_surrogate_is_not_utf8(tmp_path):
    src, diags = decode(tmp_path, b"x \xed\xa0\x80 y")  # CESU surrogate: invalid UTF-8
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in src.text)
    src.text.encode("utf-8")  # encodable: output will be valid UTF-8
    assert [d.code for d in diags] == ["W-ENCODING"]


def test_e3_png_renamed_tex(tmp_path):
    src, diags = decode(tmp_path, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert src is None
    assert [(d.code, d.severity) for d in diags] == [("E-NOT-TEXT", "error")]


def test_e3_random_bytes(tmp_path):
    data = bytes((i * 7919 + (i >> 3) * 31) % 256 for i in range(1 << 20))
    start = time.monotonic()
    src, diags = decode(tmp_path, data)
    assert time.monotonic() - start < 30  # hang detector
    if src is None:
        assert [d.code for d in diags] == ["E-NOT-TEXT"]
    else:
        assert [d.code for d in diags] == ["W-ENCODING"]
        src.text.encode("utf-8")


def test_e3_control_heavy_file(tmp_path):
    src, diags = decode(tmp_path, b"\x01\x02\x03\x04" * 1000 + b"text")
    assert src is None and [d.code for d in diags] == ["E-NOT-TEXT"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_decoding_never_raises_and_gives_encodable_text(tmp_path, data):
    src, diags = decode(tmp_path, data)
    if src is None:
        assert any(d.code == "E-NOT-TEXT" for d in diags)
    else:
        src.text.encode("utf-8")
        assert len([d for d in diags if d.code == "W-ENCODING"]) <= 1
