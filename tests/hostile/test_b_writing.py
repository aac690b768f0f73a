"""hostile.md §6 B: writing and data loss (G3, G4)."""

from __future__ import annotations

import json
import os
import random
import re
import resource

from hostile_harness import DEFAULT_LIMIT, assert_safe, read_tree, snapshot

MARK = "RESTMARKER"
SAFE_COMPONENT = re.compile(r"^[A-Za-z0-9._+-]+$")


def doc(*body: str, preamble: tuple = ()) -> str:
    return "\n".join(["\\documentclass{article}", *preamble, "\\begin{document}", *body, MARK, "\\end{document}", ""])


def book(n: int, word: str = "alpha") -> str:
    parts = ["\\documentclass{book}", "\\begin{document}"]
    for i in range(n):
        parts.append(f"\\chapter{{Chapter {i}}}\\label{{ch{i}}}")
        parts.append(f"{word} " * 200 + f"see \\ref{{ch{(i + 1) % n}}}.")
    parts.append("\\end{document}\n")
    return "\n".join(parts)


def test_b1_openout_outside(hostile):
    r = hostile.run(
        {
            "main.tex": doc(
                "\\immediate\\openout1=../outside/evil.txt \\immediate\\write1{x}\\immediate\\closeout1",
                f"\\immediate\\openout2={hostile.outside}/evil2.txt \\immediate\\write2{{x}}\\immediate\\closeout2",
                "\\openout3=../outside/evil3.txt \\write3{x}",
            )
        }
    )
    assert_safe(r, hostile)
    assert not any(p.name.startswith("evil") for p in hostile.outside.iterdir())
    for line in (3, 4):
        assert any(d.line == line and d.severity == "warning" for d in r.diagnostics), r.explain()


def test_b2_hostile_section_titles_and_labels_as_file_names(hostile):
    r = hostile.run(
        {
            "main.tex": doc(
                "\\section{../../../pwn}\\label{../../x}",
                "Text.",
                "\\section{/etc/cron.d/evil}\\label{/abs}",
                "\\section{CON}\\label{con}",
                "\\section{index}\\label{index}",
                "See \\ref{../../x} and \\ref{/abs}.",
            )
        },
        args=["--split", "section"],
    )
    assert_safe(r, hostile)
    assert r.returncode in (0, 1)
    assert r.files, "nothing written"
    for rel in r.files:
        parts = rel.split("/")
        assert all(SAFE_COMPONENT.match(p) and p not in (".", "..") for p in parts), rel
        assert os.path.splitext(parts[-1])[0].lower() not in ("con", "aux", "nul", "prn"), rel
    assert not (hostile.tmp / "pwn").exists() and not (hostile.tmp / "pwn.html").exists()
    assert "index.html" in r.files


def test_b3_figures_cannot_overwrite_pages(hostile):
    png_a = b"\x89PNG\r\n\x1a\n" + b"A" * 64
    png_b = b"\x89PNG\r\n\x1a\n" + b"B" * 64
    png_c = b"\x89PNG\r\n\x1a\n" + b"C" * 64
    r = hostile.run(
        {
            "main.tex": doc(
                "\\includegraphics{index.html.png}",
                "\\includegraphics{a/fig.png}",
                "\\includegraphics{b/fig.png}",
                preamble=("\\usepackage{graphicx}",),
            ),
            "index.html.png": png_c,
            "a/fig.png": png_a,
            "b/fig.png": png_b,
        }
    )
    assert_safe(r, hostile)
    page = r.files.get("index.html", b"")
    assert b"<html" in page.lower() and MARK.encode() in page, "index.html is not the generated page"
    contents = set(r.files.values())
    assert png_a in contents and png_b in contents and png_c in contents, "a figure was lost or overwritten"


def test_b4_out_equals_source(hostile):
    hostile.write({"main.tex": doc("x")})
    before = snapshot(hostile.tmp, [hostile.hdir])
    r1 = hostile.run(out=".", cwd=hostile.proj)
    r2 = hostile.run(argv=["build", str(hostile.proj / "main.tex"), "-o", str(hostile.proj)], cwd=hostile.tmp)
    r3 = hostile.run(argv=["build", "proj/main.tex", "-o", "proj/"], cwd=hostile.tmp)
    for r in (r1, r2, r3):
        assert r.returncode == 2, r.explain()
        assert "Traceback" not in r.stderr
        assert "source directory" in r.stderr, r.explain()
    assert snapshot(hostile.tmp, [hostile.hdir]) == before


def test_b5_out_is_ancestor_of_source(hostile):
    hostile.write({"main.tex": doc("x")})
    before = snapshot(hostile.tmp, [hostile.hdir])
    r = hostile.run(out="..", cwd=hostile.proj)
    assert r.returncode == 2, r.explain()
    assert "Traceback" not in r.stderr and "source directory" in r.stderr
    assert snapshot(hostile.tmp, [hostile.hdir]) == before


def test_b6_out_inside_source_twice(hostile):
    hostile.write({"main.tex": doc("\\section{A}x", "\\section{B}y")})
    r1 = hostile.run(out="site", cwd=hostile.proj)
    assert r1.returncode in (0, 1), r1.explain()
    r2 = hostile.run(out="site", cwd=hostile.proj)
    assert r2.returncode in (0, 1), r2.explain()
    site = os.path.realpath(hostile.proj / "site")
    reads = [e["real"] for e in r2.events if e["event"] == "open" and not e.get("write")
             and (e.get("real") or "").startswith(site + os.sep)
             and not e["real"].endswith(".octavo-manifest.json")]
    assert reads == [], f"second run read its own output as input: {reads[:5]}"
    assert r2.files == r1.files


def test_b7_clean_keeps_user_files(hostile):
    hostile.write({"main.tex": doc("\\section{A}x", "\\section{B}y", "\\section{C}z")})
    r1 = hostile.run(args=["--split", "section"])
    assert r1.returncode in (0, 1), r1.explain()
    (hostile.out / "notes.txt").write_text("user notes")
    manifest = json.loads((hostile.out / ".octavo-manifest.json").read_text())
    listed = set(manifest["files"])
    hostile.write({"main.tex": doc("\\section{A}x")})
    r2 = hostile.run(args=["--split", "section", "--clean"])
    assert_safe(r2, hostile)
    assert (hostile.out / "notes.txt").read_text() == "user notes"
    removed = set(r1.files) - set(r2.files)
    assert removed <= listed, f"removed files octavo did not list: {removed - listed}"


def test_b8_out_is_a_regular_file(hostile):
    hostile.write({"main.tex": doc("x")})
    hostile.out.write_text("I am a file")
    r = hostile.run()
    assert r.returncode == 2, r.explain()
    assert "Traceback" not in r.stderr
    assert "not a directory" in r.stderr, r.explain()
    assert hostile.out.read_text() == "I am a file"


def test_b9_symlinks_in_output_are_replaced_not_followed(hostile):
    hostile.write({"main.tex": doc("\\section{A}x", "\\section{B}y")})
    first = hostile.run(args=["--split", "section"])
    assert first.returncode in (0, 1) and first.files, first.explain()
    victims = {}
    for i, rel in enumerate(sorted(r for r in first.files if r.endswith(".html"))):
        victim = hostile.outside / f"victim{i}"
        victim.write_text("precious")
        victims[rel] = victim
        (hostile.out / rel).unlink()
        (hostile.out / rel).symlink_to(victim)
    (hostile.out / "chapter1.html").symlink_to(hostile.outside / "victim")
    r = hostile.run(args=["--split", "section"])
    assert_safe(r, hostile)  # (e) covers outside/victim*
    for rel, victim in victims.items():
        assert victim.read_text() == "precious"
        assert not (hostile.out / rel).is_symlink(), f"{rel} still a link"


def _same_as_one_of(files: dict, *versions: dict) -> list[str]:
    bad = []
    for rel, data in files.items():
        if rel == ".octavo-manifest.json":
            continue
        if not any(v.get(rel) == data for v in versions):
            bad.append(rel)
    return bad


def test_b10_killed_runs_leave_complete_files(hostile):
    runs = int(os.environ.get("OCTAVO_HOSTILE_KILLS", "8"))
    env = {"SOURCE_DATE_EPOCH": "0"}
    doc_a, doc_b = book(12, "alpha"), book(12, "beta")
    ref_a = hostile.run({"main.tex": doc_a}, out=hostile.tmp / "ref-a", env=env)
    ref_b = hostile.run({"main.tex": doc_b}, out=hostile.tmp / "ref-b", env=env)
    assert ref_a.returncode in (0, 1) and ref_b.returncode in (0, 1), ref_b.explain()
    typical = max(ref_a.wall, 0.5)
    first = hostile.run({"main.tex": doc_a}, env=env)
    assert first.files.keys() == ref_a.files.keys()
    rng = random.Random(8)
    suspects = []
    for k in range(runs):
        source = doc_b if k % 2 == 0 else doc_a
        previous = read_tree(hostile.out)
        hostile.run({"main.tex": source}, env=env, kill_after=rng.uniform(0.2, typical))
        current = {rel: data for rel, data in read_tree(hostile.out).items() if ".octavo-tmp-" not in rel}
        suspects += [(k, rel, data) for rel, data in current.items()
                     if rel in _same_as_one_of({rel: data}, previous, ref_a.files, ref_b.files)]
    # Complete runs after the kills: a file octavo copies from its own package may have been
    # edited meanwhile (the work tree is shared); its complete new version is acceptable.
    late_a = hostile.run({"main.tex": doc_a}, out=hostile.tmp / "late-a", env=env)
    late_b = hostile.run({"main.tex": doc_b}, out=hostile.tmp / "late-b", env=env)
    torn = [(k, rel) for k, rel, data in suspects if _same_as_one_of({rel: data}, late_a.files, late_b.files)]
    assert not torn, f"killed runs left torn files: {torn[:5]}"
    final = hostile.run({"main.tex": doc_a}, env=env)
    assert_safe(final, hostile)
    assert not [rel for rel in final.files if ".octavo-tmp-" in rel or rel.endswith(".tmp")]


def test_b11_file_too_large(hostile):
    hostile.write({"main.tex": doc("small")})
    old = hostile.run()
    assert old.returncode in (0, 1), old.explain()
    big = doc("\\section{Big}", "word " * 250_000)
    ref = hostile.run({"main.tex": big}, out=hostile.tmp / "ref")
    assert ref.returncode in (0, 1), ref.explain()

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    r = hostile.run(preexec=small_files, limit=DEFAULT_LIMIT * 2)
    assert r.returncode == 2, r.explain()
    assert "Traceback" not in r.stderr
    assert "file too large" in r.stderr, r.explain()
    assert not _same_as_one_of(r.files, old.files, ref.files), "a torn file after the write failure"
    assert not [rel for rel in r.files if ".octavo-tmp-" in rel]
