"""Running TeX-side programs under limits: the only place octavo starts a process.

Contract: `run_limited(argv, cwd, limits)` starts ``argv`` (a fixed argument vector,
never a shell) in ``cwd`` with a minimal environment that turns shell escape off and
makes kpathsea paranoid about reads and writes (``openin_any=p``, ``openout_any=p``,
``shell_escape=f``, no ``mktex*`` font generation), in a new session, with ``RLIMIT_CPU``
and ``RLIMIT_AS`` set in the child, and a wall-clock limit after which the whole process
group gets SIGKILL.  It always reaps the child (no zombies) and never raises for a
program that fails; a program that is missing gives ``returncode == 127``.

A `Stop` shared by the runs of one build ends them early: `Stop.stop()` kills the process
group of every run still going and no run starts after it (``returncode == -9``,
``timed_out``).  The pictures pass calls it when the build is interrupted while TeX works
on a background thread (signals reach only the main thread; the children live in their
own sessions, so a terminal's Ctrl-C never reaches them).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RunLimits:
    """Per-process budgets (config.limits.tex_*)."""

    wall_seconds: float = 30.0
    cpu_seconds: int = 20
    memory_bytes: int = 1 << 30


@dataclass(slots=True)
class RunResult:
    returncode: int
    output: str
    """stdout and stderr together, decoded leniently, at most 64 KiB (the tail)."""
    timed_out: bool = False


SAFE_ENV = {
    "openin_any": "p",
    "openout_any": "p",
    "shell_escape": "f",
    "shell_escape_commands": "",
    "MKTEXPK": "0",
    "MKTEXTFM": "0",
    "MKTEXMF": "0",
    "MKTEXFMT": "0",
    "max_print_line": "10000",
    "error_line": "254",
    "half_error_line": "238",
    "LC_ALL": "C",
    "SOURCE_DATE_EPOCH": "0",
    "FORCE_SOURCE_DATE": "1",
}


def child_env(cwd: str) -> dict[str, str]:
    """The environment of a TeX child: PATH from ours, HOME and TEXMFVAR in the temporary
    directory (so nothing in the user's home is read or written), the safety settings."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": cwd,
           "TEXMFVAR": os.path.join(cwd, ".texmf-var"), "TEXMFHOME": os.path.join(cwd, ".texmf")}
    env.update(SAFE_ENV)
    return env


def _preexec(cpu: int, mem: int):
    # Runs in the child between fork and exec: only setrlimit calls (no locks, no imports).
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return limit


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@dataclass(slots=True)
class Stop:
    """Ends the runs of one build early (thread-safe); see the module docstring."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _live: set = field(default_factory=set)
    stopped: bool = False

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for proc in self._live:
                if proc.returncode is None:  # not reaped yet: its pid is still its own
                    _kill_group(proc.pid)

    def _start(self, make):
        """``make()`` (a Popen) unless stopped; the process is registered under the lock,
        so a concurrent `stop` either prevents it or kills it."""
        with self._lock:
            if self.stopped:
                return None
            proc = make()
            self._live.add(proc)
            return proc

    def _done(self, proc) -> None:
        with self._lock:
            self._live.discard(proc)


STOPPED = "stopped: the build was interrupted"


def run_limited(argv: list[str], cwd: str, limits: RunLimits, stop: Stop | None = None) -> RunResult:
    """Run ``argv`` in ``cwd`` under ``limits``; see the module docstring."""
    exe = shutil.which(argv[0])
    if exe is None:
        return RunResult(127, f"{argv[0]}: not found")

    def make():
        return subprocess.Popen(
            [exe, *argv[1:]], cwd=cwd, env=child_env(cwd), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_preexec(int(limits.cpu_seconds), int(limits.memory_bytes)),
            close_fds=True)

    try:
        proc = make() if stop is None else stop._start(make)
    except OSError as e:
        return RunResult(126, f"{argv[0]}: {e.strerror or e}")
    if proc is None:
        return RunResult(-9, STOPPED, True)
    try:
        return _wait(proc, limits)
    finally:
        if stop is not None:
            stop._done(proc)


def _wait(proc: subprocess.Popen, limits: RunLimits) -> RunResult:
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc.pid)
        out, _ = proc.communicate()
    finally:
        if proc.poll() is None:  # e.g. KeyboardInterrupt while waiting
            _kill_group(proc.pid)
            proc.wait()
        # a grandchild left in the group (a program the tool started) must not outlive it
        _kill_group(proc.pid)
    text = (out or b"")[-65536:].decode("utf-8", "replace")
    rc = proc.returncode
    if rc is not None and rc < 0 and -rc in (signal.SIGXCPU, signal.SIGKILL):
        timed_out = True
    return RunResult(rc if rc is not None else -9, text, timed_out)
