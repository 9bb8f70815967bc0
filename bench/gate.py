"""The gate's cache costs: what writing the caches adds to a cold `okr check`, and what a
check costs after one file changed, as ratios of the no-cache cold check.

    python3 -m venv /tmp/okr-bench && /tmp/okr-bench/bin/pip install -q . pyyaml
    python bench/gate.py --okr /tmp/okr-bench/bin/okr [--sizes 100 1000] [--runs 3]

For each size (a workspace from bench/gen_workspace.py under /tmp/okr-bench-gate-ws-N),
round-robin, medians of ``--runs``, CPU seconds (user + system of the command, from
``resource.getrusage``) and the wall time beside:

- ``cold``: ``OKR_NO_CACHE=1 okr check``;
- ``empty``: ``okr check`` with an empty cache folder (it writes the caches; target
  about 1.1x cold);
- ``warm``: the same again, nothing changed;
- ``comment``: one file changed by a line of comment (no sketch changes: the cross-file
  findings of the last check are reused; target 0.1x cold); ``comment FILE``: the same
  with ``okr check FILE``;
- ``title``: one objective's title changed in that file (its sketch changes: the
  cross-file rules run again over every sketch).

Each run of a "changed" command starts from the cache the warm run left, the file as
generated (it is restored after every round).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/okr-bench-gate-cache")


def workspace(n: int) -> Path:
    root = Path(f"/tmp/okr-bench-gate-ws-{n}")
    if not (root / "okr.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(root),
                        "--owners", str(n)], check=True, stdout=subprocess.DEVNULL)
    return root


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU and wall seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime), wall


def one_round(okr: str, root: Path, changed: Path, base: dict[str, str]
              ) -> dict[str, tuple[float, float]]:
    check = [okr, "check", "--root", str(root)]
    cached = {**base, "OKR_CACHE_DIR": str(CACHE)}
    out: dict[str, tuple[float, float]] = {}
    original = changed.read_bytes()
    out["cold"] = timed(check, {**base, "OKR_NO_CACHE": "1"})
    shutil.rmtree(CACHE, ignore_errors=True)
    out["empty"] = timed(check, cached)
    out["warm"] = timed(check, cached)
    saved = CACHE.with_name(CACHE.name + "-warm")
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(CACHE, saved, symlinks=True)

    def changed_run(name: str, text: bytes, argv: list[str]) -> None:
        shutil.rmtree(CACHE)
        shutil.copytree(saved, CACHE, symlinks=True)
        changed.write_bytes(text)
        try:
            out[name] = timed(argv, cached)
        finally:
            changed.write_bytes(original)

    comment = b"# changed\n" + original
    changed_run("comment", comment, check)
    changed_run("comment FILE", comment, [*check, str(changed)])
    title = original.replace(b"    title: ", b"    title: x", 1)
    changed_run("title", title, check)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--okr", default=shutil.which("okr") or "okr")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = {**os.environ, "OKR_TODAY": "2026-11-26", "OKR_LANG": "en"}
    for key in ("OKR_NO_CACHE", "OKR_CACHE_DIR"):
        base.pop(key, None)
    for n in args.sizes:
        root = workspace(n)
        files = sorted((root / "okrs").rglob("*.yaml"))
        changed = files[len(files) // 2]
        rounds = [one_round(args.okr, root, changed, base) for _ in range(args.runs)]
        cpu = {k: statistics.median(r[k][0] for r in rounds) for k in rounds[0]}
        wall = {k: statistics.median(r[k][1] for r in rounds) for k in rounds[0]}
        print(f"{n} files, medians of {args.runs} ({time.strftime('%Y-%m-%d')})")
        for name in cpu:
            print(f"  {name:<13} CPU {cpu[name]:6.2f} s  {cpu[name] / cpu['cold']:5.2f}x cold"
                  f"   wall {wall[name]:6.2f} s  {wall[name] / wall['cold']:5.2f}x")


if __name__ == "__main__":
    main()
