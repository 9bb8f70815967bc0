"""Start-up and large-workspace benchmarks, as ratios measured in one run.

    python bench/run.py [--runs 15] [--owners 1000] [--keep DIR]
    python bench/run.py --table [--big] [--runs 3] [--keep DIR] [--markdown FILE]

`--table` measures issue 13's table instead (bench/table.py, bench/targets.py): every
command at 100 and 1,000 files (`--big` adds 10,000, which takes long; `--sizes N ...`
chooses others, `--only KEY,...` some rows: see `--list-rows`), the floors beside them, the
start-up of every sub-command, and the issue's ratios with their targets; `--markdown
FILE` writes the tables to paste into bench/README.md. `--keep DIR` keeps the generated
workspaces (DIR/ws-N) for the next run. Progress goes to stderr, the tables to stdout.

Without `--table`, it measures, interleaving the commands so that machine noise hits them alike:

1. `okr --version` and `okr --help` against `python -c pass` (targets: 6x and 8x), the
   same `okr --help` in Chinese, and what the Chinese catalogue costs a command: `okr
   --lang zh-CN checkin -h` against `okr --lang en checkin -h`, and loading the compiled
   catalogue in process (target: a few milliseconds);
2. `okr checkin` and `okr status OWNER` in a generated workspace of 1,000 owner files
   against the same commands in a two-file workspace (target: 1.5x);
3. `okr check` on the 1,000 files, cold (empty cache) and warm (nothing changed), against
   a bare single-process load of the same files with PyYAML's CSafeLoader (targets: cold
   1.0x, stretch 0.6x; warm 0.15x), its peak memory (target: 300 MB), and
   check-jsonschema with `okr schema` on the same files (target: okr 5x faster).

Run it from an environment where okr is installed normally (`pip install .`, not `-e`):
with PYTHONDONTWRITEBYTECODE set, a source checkout is recompiled on every start. Part 3
needs PyYAML and, for the last figure, check-jsonschema: `pip install pyyaml
check-jsonschema` (skipped with a note when missing). `--skip-check` leaves part 3 out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_workspace import generate
from measure import clean_env

TODAY = "2026-11-26"


def okr_command() -> list[str]:
    script = Path(sys.executable).with_name("okr")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrcli"]


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{result.stderr.decode()}")
    return elapsed


def race(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds of each command, run round-robin after one warm-up each."""
    for argv in commands.values():
        timed(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(timed(argv, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def small_copy(big: Path, small: Path, person: str, team: str) -> None:
    (small / "okrs" / "2026-Q4").mkdir(parents=True)
    for owner in (team, person):
        shutil.copy(big / "okrs" / "2026-Q4" / f"{owner}.yaml", small / "okrs" / "2026-Q4")
    (small / "okr.yaml").write_text(
        "cycles:\n  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}\n"
        f"teams:\n  - {{id: company}}\n  - {{id: {team}, parent: company}}\n"
        f"people:\n  - {{id: {person}, team: {team}}}\n",
        encoding="utf-8",
    )


BARE_LOAD = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def peak_mb(argv: list[str], env: dict[str, str]) -> float | None:
    """Peak resident memory of one run, from GNU time when the machine has it."""
    if not Path("/usr/bin/time").exists():
        return None
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def check_bench(okr: list[str], big: Path, folder: Path, runs: int,
                env: dict[str, str]) -> None:
    try:
        import yaml  # noqa: F401
    except ImportError:
        print("\nokr check: skipped (pip install pyyaml to compare with CSafeLoader)")
        return
    cold_env = {**env, "OKR_CACHE_DIR": str(folder / "cache-cold")}
    warm_env = {**env, "OKR_CACHE_DIR": str(folder / "cache-warm")}
    timed([*okr, "check", "--root", str(big)], warm_env)  # fill the warm cache
    samples: dict[str, list[float]] = {"cold": [], "warm": [], "CSafeLoader": []}
    for _ in range(runs):
        shutil.rmtree(folder / "cache-cold", ignore_errors=True)
        samples["cold"].append(timed([*okr, "check", "--root", str(big)], cold_env))
        samples["warm"].append(timed([*okr, "check", "--root", str(big)], warm_env))
        samples["CSafeLoader"].append(timed([sys.executable, "-c", BARE_LOAD, str(big)], env))
    med = {name: statistics.median(values) for name, values in samples.items()}
    base = med["CSafeLoader"]
    print(f"\nokr check, {big.name} (median s; ratio to a bare CSafeLoader load)")
    for name in ("CSafeLoader", "cold", "warm"):
        print(f"  {name:<12} {med[name]:7.2f} s  {med[name] / base:5.2f}x")
    shutil.rmtree(folder / "cache-cold", ignore_errors=True)
    peak = peak_mb([*okr, "check", "--root", str(big)], cold_env)
    if peak is not None:
        print(f"  peak memory, cold: {peak:.0f} MB")
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name(
        "check-jsonschema"))
    if not Path(tool).exists():
        print("  check-jsonschema: skipped (pip install check-jsonschema)")
        return
    schema = folder / "okr-file.schema.json"
    schema.write_text(subprocess.run([*okr, "schema"], capture_output=True, text=True,
                                     env=env).stdout)
    files = sorted(str(p) for p in (big / "okrs").rglob("*.yaml"))
    seconds = timed([tool, "--schemafile", str(schema), *files], env)
    print(f"  check-jsonschema {seconds:7.2f} s  (okr cold is {seconds / med['cold']:.1f}x "
          "faster)")


CATALOGUE = """
import statistics, time
from okrcli import catalogue
catalogue.load("zh-CN")  # compiled and kept on a miss
times = []
for _ in range(50):
    started = time.perf_counter()
    catalogue.load("zh-CN")
    times.append(time.perf_counter() - started)
started = time.perf_counter()
catalogue.compile_po(catalogue.source("zh-CN").read_text(encoding="utf-8"))
print(statistics.median(times) * 1000, (time.perf_counter() - started) * 1000)
"""


def catalogue_bench(env: dict[str, str]) -> None:
    """Loading the kept Chinese catalogue (every command in Chinese), and compiling it
    (the first command after an install or a change of the .po)."""
    out = subprocess.run([sys.executable, "-c", CATALOGUE], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    print(f"  zh-CN catalogue: load {float(out[0]):.2f} ms (median of 50), "
          f"compile {float(out[1]):.1f} ms (once)")


def table_main(args: argparse.Namespace) -> None:
    """Issue 13's table: bench/table.py measures, bench/targets.py compares."""
    from table import KEYS, detect, measure_fixed, measure_size
    from targets import markdown

    if args.list_rows:
        print("\n".join([*KEYS, "startup"]))
        return
    only = set(filter(None, (args.only or "").split(",")))
    unknown = only - {*KEYS, "startup"}
    if unknown:
        raise SystemExit(f"unknown rows: {', '.join(sorted(unknown))} (see --list-rows)")
    sizes = args.sizes or [100, 1000, *([10_000] if args.big else [])]
    runs = args.runs or 3
    okr = okr_command()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-"))
    folder.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        features = detect(okr, folder)
        print(f"okr: {' '.join(okr)}; python: {sys.version.split()[0]}; runs: {runs}; "
              f"sizes: {', '.join(map(str, sizes))}; status --all: "
              f"{'yes' if features.status_all else 'n/a'}; html site (-o DIR): "
              f"{features.site or 'n/a'}; load: {os.getloadavg()[0]:.2f}", flush=True)
        fixed = None
        if not only or "startup" in only:
            helps = args.helps.split(",") if args.helps else None
            fixed = measure_fixed(okr, folder, args.startup_runs, log, helps)
        found = {}
        for size in sizes:
            found[size] = measure_size(okr, folder, size, runs, features,
                                       only - {"startup"}, log)
        text = markdown(found, fixed)
        print(f"\n{text}", end="")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        if args.markdown:
            args.markdown.write_text(text, encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="15; with --table 3")
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate the workspaces here and keep them")
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--skip-check", action="store_true")
    table = parser.add_argument_group("issue 13's table")
    table.add_argument("--table", action="store_true", help="measure it (see above)")
    table.add_argument("--big", action="store_true", help="add 10,000 files (implies --table)")
    table.add_argument("--sizes", type=int, nargs="+", help="workspace sizes (files)")
    table.add_argument("--only", help="only these rows, comma-separated (--list-rows)")
    table.add_argument("--list-rows", action="store_true")
    table.add_argument("--startup-runs", type=int, default=7)
    table.add_argument("--helps", help="time only these sub-commands' --help (default: all)")
    table.add_argument("--markdown", type=Path, help="write the tables to this file")
    args = parser.parse_args()
    if args.table or args.big or args.sizes or args.list_rows or args.markdown:
        table_main(args)
        return
    args.runs = args.runs or 15
    env = clean_env()
    env.pop("OKR_LANG")
    env.update({"OKR_TODAY": TODAY, "NO_COLOR": "1"})
    okr = okr_command()
    print(f"okr: {' '.join(okr)}; python: {sys.version.split()[0]}; runs: {args.runs}")

    startup = race({
        "python -c pass": [sys.executable, "-c", "pass"],
        "okr --version": [*okr, "--version"],
        "okr --help": [*okr, "--help"],
        "okr --help, zh-CN": ["env", "OKR_LANG=zh-CN", *okr, "--help"],
        "checkin -h, en": [*okr, "--lang", "en", "checkin", "-h"],
        "checkin -h, zh-CN": [*okr, "--lang", "zh-CN", "checkin", "-h"],
    }, args.runs, env)
    base = startup["python -c pass"]
    print("\nstart-up (median ms, ratio to python -c pass)")
    for name, seconds in startup.items():
        print(f"  {name:<18} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x")
    en, zh = startup["checkin -h, en"], startup["checkin -h, zh-CN"]
    print(f"  Chinese costs checkin -h {(zh - en) * 1000:+.1f} ms ({zh / en:.2f}x)")
    catalogue_bench(env)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="okr-bench-"))
    try:
        big, small = folder / "big", folder / "small"
        if not big.exists():
            generate(big, args.owners)
        person, team = "p0001", "team002"
        if not small.exists():
            small_copy(big, small, person, team)
        ref = f"{person}/o1/k1"
        commands = {}
        for label, root in (("2 files", small), (f"{args.owners} files", big)):
            commands[f"checkin, {label}"] = [*okr, "checkin", ref, "1234", "--amend", "--root",
                                          str(root)]
            commands[f"status {person}, {label}"] = [*okr, "status", person, "--root",
                                                     str(root)]
        large = race(commands, args.runs, env)
        print(f"\nlarge workspace (median ms; ratio {args.owners} files / 2 files)")
        for verb in ("checkin", f"status {person}"):
            a, b = large[f"{verb}, 2 files"], large[f"{verb}, {args.owners} files"]
            print(f"  {verb:<14} {a * 1000:7.1f} ms vs {b * 1000:7.1f} ms  {b / a:5.2f}x")
        if not args.skip_check:
            check_bench(okr, big, folder, args.check_runs, env)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
