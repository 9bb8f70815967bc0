"""One timed run of a command: wall seconds, peak memory, exit code, bytes written.

Used by bench/table.py (`python bench/run.py --table`); not a script of its own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


@dataclass
class Sample:
    seconds: float
    peak_mb: float | None
    code: int
    out_bytes: int
    err: str = ""


@dataclass
class Samples:
    """Every run of one row at one size, and what the row measured besides time."""

    runs: list[Sample] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)  # e.g. site pages' bytes
    failed: str = ""  # why the row has no figure (a command that failed)
    missing: str = ""  # why the row is not measured (the installed okr lacks it)

    @property
    def seconds(self) -> float | None:
        good = [r.seconds for r in self.runs]
        return statistics.median(good) if good and not self.failed else None

    @property
    def peak_mb(self) -> float | None:
        peaks = [r.peak_mb for r in self.runs if r.peak_mb is not None]
        return max(peaks) if peaks and not self.failed else None

    @property
    def out_bytes(self) -> int | None:
        return self.runs[-1].out_bytes if self.runs and not self.failed else None


def run_once(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,),
             cwd: Path | None = None) -> Sample:
    """Run ``argv`` once, stdout to a temporary file (its size is the output's), peak
    memory from GNU time (`-f %M`, the "Maximum resident set size" of `time -v`)."""
    with tempfile.TemporaryDirectory(prefix="okr-run-") as tmp:
        out, mem = Path(tmp) / "out", Path(tmp) / "mem"
        wrapped = ([str(GNU_TIME), "-f", "%M", "-o", str(mem), *argv]
                   if GNU_TIME.exists() else argv)
        with out.open("wb") as stdout:
            started = time.perf_counter()
            done = subprocess.run(wrapped, stdout=stdout, stderr=subprocess.PIPE, env=env,
                                  cwd=cwd)
            seconds = time.perf_counter() - started
        peak = None
        if mem.exists():
            lines = [x for x in mem.read_text().split() if x.isdigit()]
            peak = int(lines[-1]) / 1024 if lines else None
        err = "" if done.returncode in ok else (
            done.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"])[-1]
        return Sample(seconds, peak, done.returncode, out.stat().st_size, err)


def seconds_text(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def bytes_text(value: float | None) -> str:
    if value is None:
        return "n/a"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def mb_text(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB"


def clean_env() -> dict[str, str]:
    """The caller's environment without any OKR_ setting, plain output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_")}
    env.update({"NO_COLOR": "1", "OKR_LANG": "en"})
    for noisy in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        env.pop(noisy, None)
    return env
