"""A check-in into a large file, against `okr check` of that one file (target: at most 2x).

    python bench/edit_cost.py [--runs 7] [--checkins 450] [--flow]

Generates a workspace whose one owner file is near the 1 MiB limit (4 objectives x 4 key
results x --checkins check-ins, block style, or flow style with --flow) and races, round
robin, `okr check FILE` and `okr checkin REF --amend` (a second check-in on one date is a
correction: each run rewrites the latest check-in's value, the whole read, validation,
edit and write of a check-in, and the file keeps its size). Run it where okr is installed
normally (`pip install .`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import TODAY, okr_command, race

CONFIG = """organization: bench
cycles:
  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
teams:
  - {id: company, name: 公司}
  - {id: marketing, name: 市场部, parent: company}
"""


def big_file(checkins: int, flow: bool) -> str:
    lines = ["owner: marketing", "cycle: 2026-Q4", "objectives:"]
    for o in range(4):
        lines += [f"  - id: o{o}", f"    title: 目标{o}：提高分销平台的市场知名度",
                  "    key_results:"]
        for k in range(4):
            lines += [f"      - id: k{k}", f"        title: 关键结果{k}：粉丝从10000增长到15000",
                      "        start: 10000", "        target: 15000", "        unit: 粉丝",
                      "        checkins:"]
            for c in range(checkins):
                # the latest check-in alone on its day, so that --amend has one to correct
                last = c == checkins - 1
                day = dt.date(2026, 10, 1) + dt.timedelta(days=55 if last else c % 55)
                if flow:
                    lines.append(f"          - {{date: {day}, value: {10000 + c}, "
                                 "confidence: 0.7, note: 投放见效}")
                else:
                    lines += [f"          - date: {day}", f"            value: {10000 + c}",
                              "            confidence: 0.7", "            note: 投放见效"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--checkins", type=int, default=450)
    parser.add_argument("--flow", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_")}
    env.update({"OKR_TODAY": TODAY, "NO_COLOR": "1", "OKR_NO_CACHE": "1"})
    root = Path(tempfile.mkdtemp(prefix="okr-edit-bench-"))
    try:
        (root / "okr.yaml").write_text(CONFIG, encoding="utf-8")
        path = root / "okrs" / "marketing.yaml"
        path.parent.mkdir()
        path.write_text(big_file(args.checkins, args.flow), encoding="utf-8")
        size = path.stat().st_size
        okr = okr_command()
        times = race({
            "check FILE": [*okr, "check", str(path), "--root", str(root)],
            "checkin": [*okr, "checkin", "marketing/o1/k2", "12000", "--amend", "--root",
                        str(root)],
        }, args.runs, env)
        check, checkin = times["check FILE"], times["checkin"]
        print(f"one file of {size / 1024:.0f} KB ({'flow' if args.flow else 'block'} style, "
              f"{16 * args.checkins} check-ins); median of {args.runs}")
        print(f"  okr check FILE  {check * 1000:7.0f} ms")
        print(f"  okr checkin     {checkin * 1000:7.0f} ms  {checkin / check:4.2f}x (target 2x)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
