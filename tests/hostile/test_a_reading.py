"""hostile.md §6 A: reading outside the project (G2)."""

from __future__ import annotations

import os

from hostile_harness import assert_safe

MARK = "RESTMARKER"


def doc(*body: str, preamble: tuple = ()) -> str:
    """Line 1 documentclass, preamble, begin{document}; body from line 3 + len(preamble)."""
    return "\n".join(["\\documentclass{article}", *preamble, "\\begin{document}", *body, MARK, "\\end{document}", ""])


def refused_at(result, line, code="E-PATH-OUTSIDE"):
    assert result.has(code, line=line, file="main.tex", severity="error"), (
        f"expected {code} error at main.tex:{line}\n" + result.explain()
    )


def test_a1_absolute_paths(hostile):
    secret = hostile.outside / "secret.tex"
    r = hostile.run({"main.tex": doc("\\input{/etc/passwd}", f"\\input{{{secret}}}")})
    assert_safe(r, hostile)
    refused_at(r, 3)
    refused_at(r, 4)
    assert r.returncode == 1
    assert MARK in r.text()


def test_a2_dotdot(hostile):
    r = hostile.run(
        {"main.tex": doc("\\input{../outside/secret}", "\\include{sub/../../outside/secret}"), "sub/x.tex": "x"}
    )
    assert_safe(r, hostile)
    refused_at(r, 3)
    refused_at(r, 4)
    assert r.returncode == 1
    assert MARK in r.text()


def test_a3_symlink_to_outside(hostile):
    hostile.write({"main.tex": doc("\\input{link}")})
    os.symlink(hostile.outside / "secret.tex", hostile.proj / "link.tex")
    r = hostile.run()
    assert_safe(r, hostile)
    refused_at(r, 3)
    assert MARK in r.text()


def test_a4_directory_symlink_to_root(hostile):
    hostile.write({"main.tex": doc("\\includegraphics{figs/etc/passwd}", preamble=("\\usepackage{graphicx}",))})
    os.symlink("/", hostile.proj / "figs")
    r = hostile.run()
    assert_safe(r, hostile)
    refused_at(r, 4)
    for rel, data in r.files.items():
        assert b"root:x:0:0" not in data, f"/etc/passwd copied to out/{rel}"
    assert MARK in r.text()


def test_a5_graphics_listings_verbatim(hostile):
    secret = "../outside/secret.tex"
    r = hostile.run(
        {
            "main.tex": doc(
                "\\includegraphics{/etc/passwd}",
                f"\\lstinputlisting{{{secret}}}",
                f"\\verbatiminput{{{secret}}}",
                "\\includegraphics{../outside/secret.png}",
                preamble=("\\usepackage{graphicx}", "\\usepackage{listings}", "\\usepackage{verbatim}"),
            )
        }
    )
    assert_safe(r, hostile)
    for line in (6, 7, 8, 9):
        refused_at(r, line)
    assert MARK in r.text()


def test_a6_openin(hostile):
    r = hostile.run({"main.tex": doc("\\openin1=/etc/passwd \\read1 to\\x \\x",
                                     f"\\openin2={hostile.outside}/secret.tex \\read2 to\\y \\y")})
    assert_safe(r, hostile)
    assert any(d.line in (3, 4) and d.severity in ("warning", "error") for d in r.diagnostics), r.explain()
    assert "root:" not in r.text()
    assert MARK in r.text()


def test_a7_bibliography(hostile):
    r = hostile.run(
        {
            "main.tex": doc(
                "\\cite{secret}",
                "\\bibliographystyle{plain}",
                "\\bibliography{../outside/secret}",
                f"\\addbibresource{{{hostile.outside}/secret.bib}}",
            )
        }
    )
    assert_safe(r, hostile)
    refused_at(r, 5)
    refused_at(r, 6)


def test_a8_pipe_input(hostile):
    r = hostile.run({"main.tex": doc('\\input{|"cat /etc/passwd"}', "\\input|ls ", "\\input{|touch pwned}")})
    assert_safe(r, hostile)
    for line in (3, 4, 5):
        assert any(d.line == line and d.severity == "warning" for d in r.diagnostics), r.explain()
    assert not (hostile.proj / "pwned").exists()
    assert MARK in r.text()


def test_a9_devices_proc_fifo(hostile):
    hostile.write({"main.tex": doc("\\input{/dev/zero}", "\\input{/dev/urandom}", "\\input{/proc/self/environ}",
                                   "\\input{pipe}")})
    os.mkfifo(hostile.proj / "pipe.tex")
    r = hostile.run(limit=5)
    assert_safe(r, hostile, limit=5)
    for line in (3, 4, 5):
        refused_at(r, line)
    assert any(d.line == 6 and d.severity == "error" for d in r.diagnostics), r.explain()
    assert MARK in r.text()


def test_a10_odd_names(hostile):
    names = ["x" * 10_000, "a^^@b", "a^^Jb", "50\\%", "CON", "aux.tex", "nul", "a^^M b"]
    r = hostile.run({"main.tex": doc(*[f"\\input{{{n}}}" for n in names])})
    assert_safe(r, hostile)
    assert MARK in r.text()
    # each odd name gives a clear diagnostic on its own line (missing file or refused name)
    for i in range(len(names)):
        assert any(d.line == 3 + i for d in r.diagnostics), f"no diagnostic for {names[i][:20]!r}\n{r.explain()}"


def test_a11_allow_read_opt_in(hostile):
    secret = hostile.outside / "secret.tex"
    r = hostile.run({"main.tex": doc(f"\\input{{{secret}}}")}, args=["--allow-read", str(hostile.outside)])
    assert_safe(r, hostile, allow_sentinel=True, extra_read_roots=(hostile.outside,))
    assert not r.has("E-PATH-OUTSIDE"), r.explain()
    assert hostile.sentinel in r.text(), "the allowed file was not read\n" + r.explain()


def test_a12_octavo_toml_linked_outside_is_not_read(hostile):
    hostile.write({"main.tex": doc("x")})
    os.symlink(hostile.outside / "secret.tex", hostile.proj / "octavo.toml")
    r = hostile.run()
    assert_safe(r, hostile, expect_codes=(2,))  # (c): the link's target is never opened
    assert "octavo.toml" in r.stderr and r.files == {}, r.explain()
