"""octavo.toml beside the source: [fallback] environments/commands reach the picture binding;
a malformed file is a usage error (exit 2), never a traceback."""

import subprocess
import sys


def _run(tmp_path, toml: str, body: str):
    (tmp_path / "octavo.toml").write_text(toml)
    (tmp_path / "m.tex").write_text("\\documentclass{article}\\begin{document}\n" + body + "\n\\end{document}\n")
    return subprocess.run([sys.executable, "-m", "octavo", "build", "m.tex", "-t", "json", "-o", "-", "--no-tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_fallback_lists_from_toml(tmp_path):
    r = _run(tmp_path, '[fallback]\nenvironments = ["mydiagram"]\ncommands = ["drawit"]\n',
             r"A \begin{mydiagram}x\end{mydiagram} and \drawit{q}.")
    assert r.returncode == 0, r.stderr
    assert '"source": "\\\\begin{mydiagram}x\\\\end{mydiagram}"' in r.stdout
    assert '"source": "\\\\drawit{q}"' in r.stdout


def test_malformed_toml_is_a_usage_error(tmp_path):
    r = _run(tmp_path, "[fallback\nenvironments = 3\n", "x")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "octavo.toml" in r.stderr


def test_fallback_unknown_flag(tmp_path):
    (tmp_path / "m.tex").write_text("\\documentclass{article}\\begin{document}\n"
                                    "A \\begin{strangeenv}x y\\end{strangeenv} end.\n\\end{document}\n")
    r = subprocess.run([sys.executable, "-m", "octavo", "build", "m.tex", "-t", "json", "-o", "-", "--no-tex",
                        "--fallback-unknown"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert '"source": "\\\\begin{strangeenv}x y\\\\end{strangeenv}"' in r.stdout
