"""Issue 13's table: every command at each workspace size, interleaved, with the floors.

Run through `python bench/run.py --table` (see run.py's docstring); this module measures,
bench/targets.py turns the figures into the issue's ratios and the Markdown table.

Per size (a generated workspace of N owner files), each round runs every row once, in
order, so that machine noise hits them alike; a row's figure is the median of its rounds
and the largest peak memory of them. Cache folders: `cold` rows get an emptied folder
before each run, reading commands and the warm check share one filled by a check first
(an unchanged workspace), the changed-file rows have their own folder, filled with the
original workspace and then shown one edited file. Rows the installed okr does not offer
(`status --all`, `report --format html -o DIR`) print "n/a".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gen_workspace import generate
from measure import Sample, Samples, clean_env, run_once

MID_CYCLE = "2026-11-26"
AFTER_END = "2027-01-05"  # the quarter 2026-Q4 ended on 2026-12-31
CHECK_OK = (0, 1)  # findings are not a failure of the bench


@dataclass
class Features:
    """What the installed okr offers beyond today's main."""

    status_all: bool = False
    site: str = ""  # "" none; "new": -o a path that does not exist; "existing": -o a folder


@dataclass
class Ctx:
    okr: list[str]
    root: Path
    work: Path  # this size's scratch folder: caches, sites
    size: int
    person: str
    features: Features
    edited: Path = Path()
    original: bytes = b""
    nonce: int = 0

    def env(self, cache: str, today: str = MID_CYCLE) -> dict[str, str]:
        return {**clean_env(), "OKR_TODAY": today,
                "OKR_CACHE_DIR": str(self.work / f"cache-{cache}")}

    def cmd(self, *args: str) -> list[str]:
        return [*self.okr, *args, "--root", str(self.root)]

    def edit(self) -> None:
        """Change one file (a check-in's note, a new text each time: never cached)."""
        self.nonce += 1
        text = self.original.decode("utf-8")
        note = text.index("            note: ") + len("            note: ")
        changed = f"{text[:note]}改过{self.nonce}次 {text[note:]}"
        self.edited.write_bytes(changed.encode("utf-8"))

    def restore(self) -> None:
        self.edited.write_bytes(self.original)


@dataclass
class Row:
    key: str
    label: str
    argv: Callable[[Ctx], list[str] | None]  # None: the installed okr lacks it
    cache: str = "warm"
    today: str = MID_CYCLE
    ok: tuple[int, ...] = (0,)
    before: Callable[[Ctx], None] | None = None
    after: Callable[[Ctx, Samples], None] | None = None
    floor: bool = False  # a python process, not okr


def empty(cache: str) -> Callable[[Ctx], None]:
    def clear(ctx: Ctx) -> None:
        shutil.rmtree(ctx.work / f"cache-{cache}", ignore_errors=True)
    return clear


def changed_setup(ctx: Ctx) -> None:
    """The last check saw every file as generated; since then one file changed."""
    ctx.restore()
    run_once(ctx.cmd("check"), ctx.env("edit"), CHECK_OK)
    ctx.edit()


def site_folder(ctx: Ctx) -> Path:
    return ctx.work / "site"


def site_argv(ctx: Ctx) -> list[str] | None:
    if not ctx.features.site:
        return None
    return ctx.cmd("report", "--format", "html", "-o", str(site_folder(ctx)))


def site_setup(ctx: Ctx) -> None:
    folder = site_folder(ctx)
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        folder.unlink()
    if ctx.features.site == "existing":
        folder.mkdir()


def site_pages(ctx: Ctx, samples: Samples) -> None:
    pages = [p for p in site_folder(ctx).rglob("*.html")] if site_folder(ctx).is_dir() else []
    if not pages:
        samples.failed = samples.failed or "wrote no pages"
        return
    index = site_folder(ctx) / "index.html"
    samples.extra.update({
        "pages": len(pages),
        "largest": max(p.stat().st_size for p in pages),
        "index": index.stat().st_size if index.exists() else 0,
        "total": sum(p.stat().st_size for p in site_folder(ctx).rglob("*") if p.is_file()),
    })


BARE_LOAD = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

FAST_FLOOR = """
import sys, yaml_rs
from pathlib import Path
from okrcli.model import Config, OkrFile
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    model = Config if path.name == "okr.yaml" else OkrFile
    model.model_validate(yaml_rs.loads(path.read_text(encoding="utf-8")))
"""


def has_module(name: str) -> bool:
    found = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True)
    return found.returncode == 0


def floor(script: str, module: str) -> Callable[[Ctx], list[str] | None]:
    def argv(ctx: Ctx) -> list[str] | None:
        return [sys.executable, "-c", script, str(ctx.root)] if has_module(module) else None
    return argv


def ref(ctx: Ctx) -> str:
    return f"{ctx.person}/o1/k1"


ROWS = [
    Row("check-cold", "`okr check` cold", lambda c: c.cmd("check"), "cold", ok=CHECK_OK,
        before=empty("cold")),
    Row("check-warm", "`okr check` warm", lambda c: c.cmd("check"), ok=CHECK_OK),
    Row("check-changed", "`okr check`, one file changed", lambda c: c.cmd("check"), "edit",
        ok=CHECK_OK, before=changed_setup, after=lambda c, s: c.restore()),
    Row("check-file", "`okr check FILE`, that file changed",
        lambda c: c.cmd("check", str(c.edited)), "edit", ok=CHECK_OK,
        before=changed_setup, after=lambda c, s: c.restore()),
    Row("check-end", "`okr check` cold, after the cycle's end", lambda c: c.cmd("check"),
        "end", AFTER_END, CHECK_OK, before=empty("end")),
    Row("status", "`okr status` (no owner)", lambda c: c.cmd("status")),
    Row("status-all", "`okr status --all`",
        lambda c: c.cmd("status", "--all") if c.features.status_all else None),
    Row("status-json", "`okr status --format json`",
        lambda c: c.cmd("status", "--format", "json")),
    Row("tree", "`okr tree`", lambda c: c.cmd("tree")),
    Row("tree-cold", "`okr tree` cold", lambda c: c.cmd("tree"), "cold-read",
        before=empty("cold-read")),
    Row("report", "`okr report` (markdown)", lambda c: c.cmd("report")),
    Row("report-cold", "`okr report` cold", lambda c: c.cmd("report"), "cold-read",
        before=empty("cold-read")),
    Row("html", "`okr report --format html` (one file)",
        lambda c: c.cmd("report", "--format", "html")),
    Row("site", "`okr report --format html -o DIR` (site)", site_argv, before=site_setup,
        after=site_pages),
    Row("grade", "`okr grade`", lambda c: c.cmd("grade")),
    Row("status-one", "`okr status ONE`", lambda c: c.cmd("status", c.person)),
    Row("checkin", "`okr checkin REF VALUE --amend`",
        lambda c: c.cmd("checkin", ref(c), "1234", "--amend")),
    Row("show", "`okr show REF`", lambda c: c.cmd("show", ref(c))),
    Row("floor-csafe", "floor: PyYAML `CSafeLoader` load, one process",
        floor(BARE_LOAD, "yaml"), floor=True),
    Row("floor-fast", "floor: yaml-rs + `OkrFile.model_validate`, one process",
        floor(FAST_FLOOR, "yaml_rs"), floor=True),
]
KEYS = [row.key for row in ROWS]


def workspace(folder: Path, size: int) -> tuple[Path, list[str]]:
    """The generated workspace of ``size`` owners under ``folder`` (reused when a finished
    one is there: --keep)."""
    root, done = folder / f"ws-{size}", folder / f"ws-{size}.done"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, size)
        done.write_text("generated by bench/gen_workspace.py\n")
    people = sorted(p.stem for p in (root / "okrs" / "2026-Q4").glob("p*.yaml"))
    return root, people


def pick(people: list[str]) -> str:
    """The one person of `status ONE`, `checkin` and `show` (the same at every size)."""
    return "p0001" if "p0001" in people else (people or ["company"])[0]


def measure_size(okr: list[str], folder: Path, size: int, runs: int, features: Features,
                 only: set[str], log: Callable[[str], None]) -> dict[str, Samples]:
    root, people = workspace(folder, size)
    work = folder / f"work-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    person = pick(people)
    ctx = Ctx(okr, root, work, size, person, features)
    ctx.edited = root / "okrs" / "2026-Q4" / f"{people[-1] if people else 'company'}.yaml"
    ctx.original = ctx.edited.read_bytes()
    rows = [row for row in ROWS if not only or row.key in only]
    found = {row.key: Samples() for row in rows}
    # The check-in's correction once first: after it the file stays byte for byte the same.
    run_once(ctx.cmd("checkin", ref(ctx), "1234", "--amend"), ctx.env("warm"))
    run_once(ctx.cmd("check"), ctx.env("warm"), CHECK_OK)  # the unchanged workspace's cache
    try:
        for round_ in range(runs):
            log(f"  {size} files, round {round_ + 1}/{runs}")
            for row in rows:
                _one(row, ctx, found[row.key])
    finally:
        ctx.restore()
    return found


def _one(row: Row, ctx: Ctx, samples: Samples) -> None:
    if samples.failed or samples.missing:
        return
    argv = row.argv(ctx)
    if argv is None:
        samples.missing = "not offered by the installed okr"
        return
    if row.before:
        row.before(ctx)
    env = clean_env() if row.floor else ctx.env(row.cache, row.today)
    sample: Sample = run_once(argv, env, row.ok)
    if sample.code not in row.ok:
        samples.failed = f"exit {sample.code}: {sample.err}"
    samples.runs.append(sample)
    if row.after:
        row.after(ctx, samples)


def detect(okr: list[str], folder: Path) -> Features:
    """Which of the issue's new options the installed okr has: `status --all` from its
    help, the HTML site by writing one for a two-file workspace."""
    env = {**clean_env(), "OKR_TODAY": MID_CYCLE, "OKR_CACHE_DIR": str(folder / "cache-probe")}
    helptext = subprocess.run([*okr, "status", "--help"], capture_output=True, text=True,
                              env=env).stdout
    features = Features(status_all=bool(re.search(r"(?<![\w-])--all\b", helptext)))
    root, _ = workspace(folder, 2)
    for mode in ("new", "existing"):
        probe = folder / "probe-site"
        shutil.rmtree(probe, ignore_errors=True)
        probe.unlink(missing_ok=True)
        if mode == "existing":
            probe.mkdir()
        run_once([*okr, "report", "--format", "html", "-o", str(probe), "--root", str(root)],
                 env)
        if probe.is_dir() and any(probe.rglob("*.html")):
            features.site = mode
            break
    shutil.rmtree(folder / "probe-site", ignore_errors=True)
    (folder / "probe-site").unlink(missing_ok=True)
    return features


def subcommands(okr: list[str]) -> list[str]:
    """The sub-commands `okr --help` lists (plain or Rich-boxed help)."""
    text = subprocess.run([*okr, "--help"], capture_output=True, text=True,
                          env=clean_env()).stdout
    names: list[str] = []
    listing = False
    for line in text.splitlines():
        if re.match(r"^[\s│╭─]*Commands\b", line):
            listing = True
            continue
        found = re.match(r"^[\s│]*([a-z][a-z0-9-]*)(?:\s{2,}|\s*$)", line)
        if listing and found:
            names.append(found.group(1))
    return names


@dataclass
class Fixed:
    """Start-up and the small workspaces: measured once, not per size."""

    samples: dict[str, Samples] = field(default_factory=dict)
    helps: list[str] = field(default_factory=list)


def measure_fixed(okr: list[str], folder: Path, runs: int, log: Callable[[str], None],
                  helps: list[str] | None = None) -> Fixed:
    """``helps``: the sub-commands whose --help to time (default: every one)."""
    two, _ = workspace(folder, 2)
    ten, people = workspace(folder, 10)
    env = {**clean_env(), "OKR_TODAY": MID_CYCLE, "OKR_CACHE_DIR": str(folder / "cache-fixed")}
    fixed = Fixed(helps=helps or subcommands(okr))
    commands = {"python -c pass": [sys.executable, "-c", "pass"]}
    commands.update({f"okr {name} --help": [*okr, name, "--help"] for name in fixed.helps})
    commands.update({
        "okr status team001, 2 files": [*okr, "status", "team001", "--root", str(two)],
        "okr check, 2 files (warm)": [*okr, "check", "--root", str(two)],
        "okr status ONE, 10 files": [*okr, "status", pick(people), "--root", str(ten)],
        # the same commands again on unchanged files: answered by replay.py
        "okr status team001, 2 files (again)": [*okr, "status", "team001", "--root", str(two)],
        "okr check, 2 files (again)": [*okr, "check", "--root", str(two)],
    })
    time.sleep(2.5)  # a file changed in the last two seconds is never answered again
    for name in ("okr check, 2 files (warm)", "okr status team001, 2 files (again)",
                 "okr check, 2 files (again)"):
        run_once(commands[name], env, CHECK_OK)  # the caches filled, the answers kept
    fixed.samples = {name: Samples() for name in commands}
    for round_ in range(runs):
        log(f"  start-up, round {round_ + 1}/{runs}")
        # A variable new each round: the key of a kept answer holds the environment, the
        # caches' keys do not, so the rows without "again" start as they did before it.
        fresh = {**env, "BENCH_ROUND": str(round_)}
        for name, argv in commands.items():
            sample = run_once(argv, env if name.endswith("(again)") else fresh, CHECK_OK)
            if sample.code not in CHECK_OK:
                fixed.samples[name].failed = f"exit {sample.code}: {sample.err}"
            fixed.samples[name].runs.append(sample)
    return fixed
