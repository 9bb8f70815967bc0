"""Issue 13's targets as ratios of the figures bench/table.py measured, and the Markdown
that `python bench/run.py --table --markdown FILE` writes (paste it into bench/README.md).

A target stated at 1,000 or 10,000 files is computed at that size when it was measured,
else at the largest size measured (the row says which); "n/a" when a figure is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from measure import Samples, bytes_text, mb_text, seconds_text
from table import ROWS, Fixed

Sizes = dict[int, dict[str, Samples]]


@dataclass
class Ratio:
    what: str
    where: str
    value: str
    target: str
    verdict: str  # "ok", "MISS" or "n/a"


def _verdict(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("ok" if value <= limit else "MISS")


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _count(size: int) -> str:
    return f"{size:,}"


class Figures:
    def __init__(self, sizes: Sizes, fixed: Fixed | None) -> None:
        self.sizes, self.fixed = sizes, fixed

    def at(self, wanted: int) -> int | None:
        """``wanted`` when measured, else the largest size measured."""
        if not self.sizes:
            return None
        return wanted if wanted in self.sizes else max(self.sizes)

    def where(self, size: int | None, wanted: int) -> str:
        if size is None:
            return "-"
        note = "" if size == wanted else f" (target at {_count(wanted)})"
        return f"{_count(size)} files{note}"

    def s(self, size: int | None, key: str) -> float | None:
        if size is None or key not in self.sizes.get(size, {}):
            return None
        return self.sizes[size][key].seconds

    def peak(self, size: int | None, key: str) -> float | None:
        if size is None or key not in self.sizes.get(size, {}):
            return None
        return self.sizes[size][key].peak_mb

    def fixed_s(self, name: str) -> float | None:
        if self.fixed is None or name not in self.fixed.samples:
            return None
        return self.fixed.samples[name].seconds


def ratios(sizes: Sizes, fixed: Fixed | None) -> list[Ratio]:
    f = Figures(sizes, fixed)
    out: list[Ratio] = []

    def ratio(what: str, wanted: int, num: str, den: str, limit: float) -> None:
        size = f.at(wanted)
        value = _div(f.s(size, num), f.s(size, den))
        out.append(Ratio(what, f.where(size, wanted), _x(value), f"<= {limit}x",
                         _verdict(value, limit)))

    def absolute(what: str, wanted: int, value: float | None, limit: float,
                 text: Callable[[float | None], str], unit: str) -> None:
        size = f.at(wanted)
        out.append(Ratio(what, f.where(size, wanted), text(value), f"<= {limit:g} {unit}",
                         _verdict(value, limit)))

    big = f.at(10_000)
    ratio("`okr check` cold / PyYAML CSafeLoader load", 1000, "check-cold", "floor-csafe",
          0.2)
    ratio("`okr check` cold / yaml-rs + Pydantic floor", 1000, "check-cold", "floor-fast",
          1.5)
    if 1000 in sizes and 10_000 in sizes:
        value = _div(f.s(10_000, "check-cold"), f.s(1000, "check-cold"))
        out.append(Ratio("`okr check` cold, 10,000 / 1,000 files", "both", _x(value),
                         "<= 11x", _verdict(value, 11)))
    else:
        out.append(Ratio("`okr check` cold, 10,000 / 1,000 files", "needs both sizes",
                         "n/a", "<= 11x", "n/a"))
    absolute("`okr check` cold, peak memory", 10_000, f.peak(big, "check-cold"), 300,
             mb_text, "MB")
    absolute("`okr check` warm", 10_000, f.s(big, "check-warm"), 0.5, seconds_text, "s")
    for size in sorted(sizes):
        value = _div(f.s(size, "check-end"), f.s(size, "check-cold"))
        out.append(Ratio("`okr check` cold, after the cycle's end / mid-cycle",
                         f"{_count(size)} files", _x(value), "<= 1.1x", _verdict(value, 1.1)))
    for key, name in (("report", "`okr report`"), ("tree", "`okr tree`")):
        absolute(f"{name}, unchanged workspace (warm)", 10_000, f.s(big, key), 3,
                 seconds_text, "s")
    value = _div(f.s(big, "status-one"), f.fixed_s("okr status ONE, 10 files"))
    out.append(Ratio("`okr status ONE` / the same in a 10-file workspace",
                     f.where(big, 10_000), _x(value), "<= 1.2x", _verdict(value, 1.2)))
    for key, name in (("tree-cold", "`okr tree`"), ("report-cold", "`okr report`")):
        ratio(f"{name} cold / `okr check` cold", 10_000, key, "check-cold", 1.2)
    okr_rows = [row for row in ROWS if not row.floor]
    peaks = [(f.peak(big, row.key), row.label) for row in okr_rows]
    known = [(p, label) for p, label in peaks if p is not None]
    worst = max(known, default=None)
    out.append(Ratio("peak memory of any command" + (f" ({worst[1]})" if worst else ""),
                     f.where(big, 10_000), mb_text(worst[0] if worst else None), "<= 500 MB",
                     _verdict(worst[0] if worst else None, 500)))
    ratio("`okr status --all` / `okr status --format json`", 10_000, "status-all",
          "status-json", 2)
    report = sizes[big]["report"].out_bytes if big and "report" in sizes[big] else None
    out.append(Ratio("`okr report` (markdown), its size", f.where(big, 10_000),
                     bytes_text(report), "<= ~200 KB",
                     _verdict(None if report is None else report / 1e3, 200)))
    ratio("`okr check`, one file changed / cold", 1000, "check-changed", "check-cold", 0.1)
    ratio("`okr check FILE`, that file changed / cold", 1000, "check-file", "check-cold", 0.1)
    small = 100 if 100 in sizes else (min(sizes) if sizes else None)
    for key in ("checkin", "status-one", "show"):
        label = next(row.label for row in ROWS if row.key == key)
        value = _div(f.s(big, key), f.s(small, key)) if big != small else None
        where = (f"{f.where(big, 10_000)} / {_count(small)}" if big and small and big != small
                 else "needs two sizes")
        out.append(Ratio(f"{label}, large / small workspace", where, _x(value), "<= 1.2x",
                         _verdict(value, 1.2)))
    site = sizes[big].get("site") if big else None
    extra = site.extra if site and not site.failed and not site.missing else {}
    for part, limit in (("largest", 2e6), ("index", 1e6)):
        value = extra.get(part)
        out.append(Ratio(f"site: {'largest page' if part == 'largest' else 'index.html'}",
                         f.where(big, 10_000), bytes_text(value), f"<= {bytes_text(limit)}",
                         _verdict(value, limit)))
    base = f.fixed_s("python -c pass")
    if fixed is not None:
        helps = [(_div(f.fixed_s(f"okr {n} --help"), base), n) for n in fixed.helps]
        helps = [(v, n) for v, n in helps if v is not None]
        worst_help = max(helps, default=None)
        out.append(Ratio("slowest `okr SUB --help` / `python -c pass`"
                         + (f" ({worst_help[1]})" if worst_help else ""), "start-up",
                         _x(worst_help[0] if worst_help else None), "<= 8x",
                         _verdict(worst_help[0] if worst_help else None, 8)))
        for name in ("okr check --help", "okr status team001, 2 files",
                     "okr check, 2 files (warm)", "okr status team001, 2 files (again)",
                     "okr check, 2 files (again)"):
            value = _div(f.fixed_s(name), base)
            out.append(Ratio(f"{quoted(name)} / `python -c pass`", "start-up", _x(value),
                             "<= 8x", _verdict(value, 8)))
    return out


def quoted(name: str) -> str:
    """`okr status team001`, 2 files: the command in backticks, the note after it."""
    command, comma, note = name.partition(", ")
    return f"`{command}`{comma}{note}"


def cell(samples: Samples, key: str) -> str:
    if samples.missing:
        return "n/a"
    if samples.failed:
        return "failed"
    text = f"{seconds_text(samples.seconds)}, {mb_text(samples.peak_mb)}"
    if key in ("report", "html", "report-cold", "status", "status-all"):
        text += f", {bytes_text(samples.out_bytes)} out"
    if key == "site" and samples.extra:
        e = samples.extra
        text += (f"; {e['pages']:.0f} pages, largest {bytes_text(e['largest'])}, "
                 f"index {bytes_text(e['index'])}")
    return text


def markdown(sizes: Sizes, fixed: Fixed | None) -> str:
    order = sorted(sizes)
    lines = ["| command | " + " | ".join(f"{_count(n)} files" for n in order) + " |",
             "|---|" + "---|" * len(order)]
    keys = {key for found in sizes.values() for key in found}
    for row in ROWS:
        if row.key in keys:
            cells = [cell(sizes[n][row.key], row.key) if row.key in sizes[n] else "-"
                     for n in order]
            lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
    notes = [f"- {row.label} at {_count(n)} files: {sizes[n][row.key].failed}"
             for row in ROWS for n in order
             if row.key in sizes[n] and sizes[n][row.key].failed]
    if notes:
        lines += ["", "Failed:", *notes]
    lines += ["", "| target | where | measured | target | |", "|---|---|---|---|---|"]
    lines += [f"| {r.what} | {r.where} | {r.value} | {r.target} | {r.verdict} |"
              for r in ratios(sizes, fixed)]
    if fixed is not None:
        base = fixed.samples["python -c pass"].seconds
        lines += ["", "| start-up | median | / `python -c pass` |", "|---|---|---|"]
        for name, samples in fixed.samples.items():
            value = "failed" if samples.failed else _x(_div(samples.seconds, base))
            lines.append(f"| {quoted(name)} | {seconds_text(samples.seconds)} | {value} |")
    return "\n".join(lines) + "\n"
