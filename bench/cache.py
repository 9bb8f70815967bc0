"""The caches of okr check and of the reading commands: cold, warm and one file changed.

For each size: `okr check` cold (no cache), cold writing the cache, warm (nothing
changed), after one file changed (the readings cache alone), `okr check FILE` after one
file changed; warm `okr report`, `okr tree`, `okr status ONE`; each with its peak memory
(/usr/bin/time -v). Ratios are against the cold check of the same size, measured in the
same run, commands interleaved, medians.

    python3 -m venv /tmp/okr-bench && /tmp/okr-bench/bin/pip install -q . pyyaml
    python bench/cache.py --okr /tmp/okr-bench/bin/okr [--sizes 100 1000] [--big] [--runs 3]

``--big`` adds 10,000 files (minutes per cold command). Workspaces are generated with
bench/gen_workspace.py under /tmp/okr-bench-cache-ws-N; the cache is /tmp/okr-bench-cache-dir.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/okr-bench-cache-dir")


def workspace(n: int) -> Path:
    root = Path(f"/tmp/okr-bench-cache-ws-{n}")
    if not (root / "okr.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(root),
                        "--owners", str(n)], check=True, stdout=subprocess.DEVNULL)
    return root


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak KB of one run."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], env=env, capture_output=True)
    seconds = time.perf_counter() - start
    peak = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return seconds, int(peak.group(1)) if peak else 0


def one_file(root: Path) -> Path:
    return sorted((root / "okrs").rglob("*.yaml"))[len(list((root / "okrs").rglob("*.yaml"))) // 2]


def measure(okr: str, n: int, runs: int) -> dict[str, tuple[float, int]]:
    root = workspace(n)
    changed = one_file(root)
    original = changed.read_bytes()
    owner = re.search(rb"^owner: (\S+)", original, re.M)
    env = {**os.environ, "OKR_CACHE_DIR": str(CACHE), "OKR_TODAY": "2026-11-26",
           "OKR_LANG": "en"}
    check = [okr, "check", "--root", str(root), "--format", "json"]
    cases = {
        "check cold": (check, {"OKR_NO_CACHE": "1"}, None),
        "check cold, writing the cache": (check, {}, "empty"),
        "check warm": (check, {}, None),
        "check, one file changed": (check, {}, "change"),
        "check FILE, one file changed": ([*check, str(changed)], {}, "change"),
        "report warm": ([okr, "report", "--root", str(root)], {}, None),
        "tree warm": ([okr, "tree", "--root", str(root)], {}, None),
        "status ONE warm": ([okr, "status", "--root", str(root),
                             (owner.group(1) if owner else b"company").decode()], {}, None),
    }
    got: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
    subprocess.run(check, env=env, capture_output=True)  # the cache warm
    try:
        for i in range(runs):
            for name, (cmd, extra, before) in cases.items():
                if before == "empty":
                    shutil.rmtree(CACHE, ignore_errors=True)
                elif before == "change":
                    changed.write_bytes(original.replace(b"title: ", b"title: %d " % i, 1))
                got[name].append(timed(cmd, {**env, **extra}))
                changed.write_bytes(original)
                if before in ("empty", "change"):
                    subprocess.run(check, env=env, capture_output=True)
    finally:
        changed.write_bytes(original)
    return {name: (statistics.median(s for s, _ in v), max(k for _, k in v))
            for name, v in got.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--okr", default=shutil.which("okr") or "okr")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--big", action="store_true", help="add 10,000 files")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [*args.sizes, *([10_000] if args.big else [])]
    print("| files | command | median s | x cold check | peak MB |")
    print("|---|---|---|---|---|")
    for n in sizes:
        found = measure(args.okr, n, args.runs)
        cold = found["check cold"][0]
        for name, (seconds, peak) in found.items():
            print(f"| {n} | {name} | {seconds:.2f} | {seconds / cold:.2f} | {peak / 1024:.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
