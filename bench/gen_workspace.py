"""Generate a large OKR workspace for benchmarks.

    python bench/gen_workspace.py OUT [--owners 1000] [--objectives 4] [--krs 4] [--checkins 12]

One company, teams under it, people in the teams; every file holds one owner's OKRs for
2026-Q4 with comments and Chinese text (about 28 KB each with the defaults: 28 MB for
1,000). People align to their team's objectives, teams to the company's. Deterministic:
the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

START = dt.date(2026, 10, 1)
NUMERALS = "一二三四五六七八九十"  # objective titles carry no digits (OKR206)


def owners(count: int) -> list[tuple[str, str, str | None]]:
    """(id, kind, parent) for `count` owners: the company, ~5% teams, the rest people."""
    teams = max(1, count // 20)
    out = [("company", "team", None)]
    out += [(f"team{t:03d}", "team", "company") for t in range(1, teams + 1)]
    people = count - len(out)
    out += [(f"p{p:04d}", "person", f"team{(p % teams) + 1:03d}") for p in range(people)]
    return out[:count]


def okr_file(owner: str, parent: str | None, objectives: int, krs: int, checkins: int,
             rng: random.Random) -> str:
    lines = [
        f"# OKRs of {owner} for 2026-Q4 — generated for benchmarks",
        f"owner: {owner}",
        "cycle: 2026-Q4",
        "objectives:",
    ]
    for o in range(1, objectives + 1):
        lines += [
            f"  # objective {o}: 提高分销平台的市场知名度与客户满意度",
            f"  - id: o{o}",
            f"    title: 提高分销平台在华东区域的市场知名度 (第{NUMERALS[(o - 1) % 10]}项)",
        ]
        if parent:
            lines.append(f"    aligns_to: {parent}/o{rng.randint(1, objectives)}")
        lines.append("    key_results:")
        for k in range(1, krs + 1):
            start, target = 1000 * k, 1000 * k + 500
            lines += [
                f"      - id: k{k}",
                f"        title: 三个月内社交媒体粉丝从{start}增长到{target}",
                f"        start: {start}",
                f"        target: {target}",
                "        unit: 粉丝",
                "        checkins:",
            ]
            value = start
            for c in range(checkins):
                value += rng.randint(0, 40)
                day = START + dt.timedelta(days=4 * c)  # all before 2026-11-26
                lines += [
                    f"          - date: {day.isoformat()}",
                    f"            value: {value}",
                    f"            confidence: {rng.randint(3, 9) / 10}",
                    f"            note: 第{c + 1}次:投放见效  # 周会",
                ]
    return "\n".join(lines) + "\n"


def generate(out: Path, count: int, objectives: int = 4, krs: int = 4, checkins: int = 12,
             seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "okrs" / "2026-Q4").mkdir(parents=True, exist_ok=True)
    everyone = owners(count)
    config = ["organization: 基准测试", "cycles:",
              "  - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}", "teams:"]
    config += [f"  - {{id: {i}" + (f", parent: {p}" if p else "") + "}"
               for i, kind, p in everyone if kind == "team"]
    config.append("people:")
    config += [f"  - {{id: {i}, team: {p}}}" for i, kind, p in everyone if kind == "person"]
    if config[-1] == "people:":
        config[-1] = "people: []"
    (out / "okr.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    for owner, _kind, parent in everyone:
        text = okr_file(owner, parent, objectives, krs, checkins, rng)
        (out / "okrs" / "2026-Q4" / f"{owner}.yaml").write_text(text, encoding="utf-8")
    return [o for o, _, _ in everyone]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--objectives", type=int, default=4)
    parser.add_argument("--krs", type=int, default=4)
    parser.add_argument("--checkins", type=int, default=12)
    args = parser.parse_args()
    made = generate(args.out, args.owners, args.objectives, args.krs, args.checkins)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(f"{len(made)} owner files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
