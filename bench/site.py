"""The dashboard as a site, at size (issue 13, point 5).

    python bench/site.py [--owners 10000] [--work /tmp/okr-bench-site] [--okr PATH] [--runs 3]

Generates a workspace of OWNERS owners in WORK (bench/gen_workspace.py; kept and reused
when it is there), writes the site with ``PATH report --format html -o WORK/site`` (PATH:
an installed ``okr``, by default the one beside this Python; OKR_TODAY=2026-11-26), then
prints the time of that write and its peak memory (``/usr/bin/time -v`` when present), the
number of pages, the index's size and the largest pages, and how long headless Chromium
takes to load and lay out the index and the largest page (medians of RUNS loads, against
an empty page's). The targets: no page over 2 MB, the index under 1 MB, the index of the
10,000-owner site rendered in under 3 s.

Chromium is driven as the dashboard's tests drive it (``tests/test_dashboard.DevTools``:
the DevTools protocol on a pipe; needs chromium on PATH and pytest installed)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from gen_workspace import generate  # noqa: E402

# Load and lay out: the time from the navigation's start to the end of its load event,
# after asking the page's width (which forces a layout).
RENDERED = ("(() => { document.documentElement.scrollWidth; "
            "const n = performance.getEntriesByType('navigation')[0]; "
            "return n.loadEventEnd - n.startTime; })()")


def write_site(okr: str, workspace: Path, site: Path) -> tuple[float, str]:
    env = {**os.environ, "OKR_TODAY": "2026-11-26", "OKR_LANG": "en"}
    command = [okr, "report", "--format", "html", "-o", str(site)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run([*timer, *command], cwd=workspace, env=env, capture_output=True,
                          text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return took, f"{int(peak.group(1)) / 1024:.0f} MB" if peak else "?"


def render_ms(page: Path, runs: int) -> float:
    from test_dashboard import DevTools
    from test_report import chromium

    exe = chromium()
    if exe is None:
        sys.exit("chromium is not installed")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            tools = DevTools(exe, Path(profile))
            try:
                tools.open(page.as_uri(), 1280, 900, False)
                times.append(float(tools.evaluate(RENDERED)))
            finally:
                tools.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--owners", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/okr-bench-site"))
    parser.add_argument("--okr", default=str(Path(sys.executable).with_name("okr")))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workspace = args.work / f"ws-{args.owners}"
    if not (workspace / "okr.yaml").exists():
        generate(workspace, args.owners)
    site = args.work / f"site-{args.owners}"
    if site.exists():
        shutil.rmtree(site)
    took, peak = write_site(args.okr, workspace, site)
    sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix())
                    for p in site.rglob("*.html")), reverse=True)
    index = (site / "index.html").stat().st_size
    print(f"okr report --format html -o SITE, {args.owners} owners: {took:.1f} s, "
          f"peak {peak}, {len(sizes)} pages, {sum(s for s, _ in sizes) / 1e6:.1f} MB")
    print(f"index.html: {index / 1e6:.3f} MB (bound 1 MB)")
    for size, name in sizes[:3]:
        print(f"largest: {name} {size / 1e6:.3f} MB (bound 2 MB)")
    empty = args.work / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    base = render_ms(empty, args.runs)
    shown = render_ms(site / "index.html", args.runs)
    largest = render_ms(site / sizes[0][1], args.runs)
    print(f"chromium, load and layout (median of {args.runs}): index {shown / 1000:.2f} s "
          f"(target < 3 s), {sizes[0][1]} {largest / 1000:.2f} s, an empty page "
          f"{base / 1000:.2f} s")


if __name__ == "__main__":
    main()
