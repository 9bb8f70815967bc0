"""``okr history``: each owner's grade per cycle as a terminal table with a trend, as JSON,
and as a small inline SVG line chart for an HTML page (the retro). Pure: a
``HistoryResult`` in, a renderable, data or text out.

The table has one column per cycle, oldest first (its grade as a percentage, coloured by
its band: the number reads without colour), its state under its id (closed, running,
ended), and a trend: one tick per cycle shown (▁ 0% to █ 100%, ``·`` where the owner had
no objectives) and the change between the owner's last two graded cycles that ended. Where the width
has no room for every cycle, the latest that fit are shown, and a line says so."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text

from okrcli.cycleresults import HistoryResult, OwnerHistory
from okrcli.i18n import _, ngettext
from okrcli.model import Cycle
from okrcli.render import pct, points
from okrcli.render.cells import user
from okrcli.render.escape import clip, visible
from okrcli.render.html import _e
from okrcli.render.layout import Column, Fit, Grid, Row, width_of, wrap
from okrcli.render.machine import origin

TICKS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a cycle the owner had no objectives in
OWNER_ROOM = 30  # cells of the owner column kept before older cycles give way


def spark(owner: OwnerHistory, cycles: list[Cycle]) -> str:
    """One tick per cycle, on an absolute scale (a grade of 0 is ▁, 1 is █)."""
    out = []
    for cycle in cycles:
        point = owner.point(cycle.id)
        if point is None or point.grade is None:
            out.append(GAP)
        else:
            out.append(TICKS[round(min(1.0, max(0.0, point.grade)) * (len(TICKS) - 1))])
    return "".join(out)


def state_word(cycle: Cycle, result: HistoryResult) -> str:
    if cycle.closed is not None:
        return _("closed")
    if cycle.start <= result.today <= cycle.end:
        return _("running")
    return _("ended")


def _owner_cell(owner: OwnerHistory) -> Text:
    head = user(owner.name, style="bold")
    if owner.name != owner.owner:
        head.append(visible(f" {owner.owner}"), style="dim")
    return head


def _grid(result: HistoryResult, cycles: list[Cycle], least: int) -> Grid:
    columns = [Column(_("Owner"), flex=True),
               *(Column(visible(c.id), justify="right") for c in cycles),
               Column(_("Trend"))]
    states = Row([Text(), *(Text(state_word(c, result), style="dim") for c in cycles),
                  Text()])
    rows = [states]
    for owner in result.owners:
        cells: list[Text | tuple[Text, Text] | None] = [_owner_cell(owner)]
        for cycle in cycles:
            point = owner.point(cycle.id)
            if point is None or point.grade is None:
                cells.append(Text("—", style="dim"))
            else:
                cells.append(Text(pct(point.grade), style=point.band.style if point.band
                                  else ""))
        trend = Text(spark(owner, cycles), style="cyan")
        if owner.trend is not None:
            trend.append(" " + points(owner.trend))
        cells.append(trend)
        rows.append(Row(cells))
    return Grid(columns, rows, least=least)


def table(result: HistoryResult) -> Fit:
    """The history table, laid out for the width it is drawn at."""
    return Fit(lambda width: _table(result, width))


def _table(result: HistoryResult, width: int) -> list[Any]:
    out: list[Any] = wrap(user(_("Grades by cycle · {today}").format(today=result.today),
                               style="bold"), width)
    natural = max([cell_len(_("Owner")), *(width_of(_owner_cell(o)) for o in result.owners)])
    least = min(natural, OWNER_ROOM)
    # The most latest cycles whose table fits (fewer always fit better): a binary search,
    # so that many cycles of many owners are laid out a few times, not once per cycle.
    low, high = 1, len(result.cycles)
    while low < high:
        mid = (low + high + 1) // 2
        if _grid(result, result.cycles[-mid:], least).plan(width) is None:
            high = mid - 1
        else:
            low = mid
    cycles = result.cycles[-low:] if result.cycles else []
    grid = _grid(result, cycles, least)
    if len(cycles) < len(result.cycles):
        out += wrap(Text(ngettext(
            "the latest {n} of {total} cycles, from {first}, fit in {width} columns: widen "
            "the terminal or use --format json for all",
            "the latest {n} of {total} cycles, from {first}, fit in {width} columns: widen "
            "the terminal or use --format json for all", len(cycles)).format(
            n=len(cycles), total=len(result.cycles), first=visible(cycles[0].id),
            width=width), style="dim"), width)
    out += grid.lines(width)
    out += wrap(Text(_("A cycle's grade: the mean of the owner's objectives (recorded grades "
                       "where given, else scores at the close or today: a running "
                       "cycle's may still move); — no objectives that cycle. Trend: the cycles "
                       "shown, ▁ 0% to █ 100%, and the change between the owner's last two "
                       "cycles that ended."), style="dim"), width)
    return out


def as_json(result: HistoryResult) -> dict[str, Any]:
    """``okr history --format json``: each owner's cycles (those it has objectives in),
    oldest first, ``trend`` the grade's change since its previous graded cycle; every
    cycle shown, with its ``closed`` date (null while open)."""
    return {
        "owners": [
            {"owner": o.owner, "name": o.name,
             "cycles": [{"cycle": p.cycle, "score": p.score, "grade": p.grade,
                         "band": p.band.value if p.band else None, "closed": p.closed,
                         "running": p.running} for p in o.points],
             "trend": o.trend}
            for o in result.owners
        ],
        "cycles": [{"id": c.id, "start": c.start.isoformat(), "end": c.end.isoformat(),
                    "closed": c.closed.isoformat() if c.closed else None}
                   for c in result.cycles],
        "today": result.today.isoformat(),
        **origin(result.origin),
    }


# --- the chart ----------------------------------------------------------------------------

W, PLOT, LEFT, RIGHT, TOP, AXIS = 360, 150, 36, 24, 10, 20
LEGEND_ROW, LEGEND_COLUMNS, NAME = 15, 2, 14  # px per legend line, names per line, chars
MOST_LINES = 12  # owners drawn; the rest are named as a count (okr history has them all)
# Colours that stay apart for most colour vision (Okabe & Ito), then dashes for more.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
DASHES = ("", "5 3", "1 3")
BANDS = ((0.0, 0.4, "#c62828"), (0.4, 0.7, "#b7791f"), (0.7, 1.0, "#1a7f37"))


def history_svg(result: HistoryResult) -> str:
    """Every owner's grade per cycle as a line chart: one self-contained inline SVG (its
    colours as attributes, no script, nothing fetched) that scales to its box (390 px on
    a phone). Bands shaded behind; a line breaks where an owner had no grade; a running
    cycle's point is hollow (it may still move). Every name passes through ``_e``."""
    cycles = result.cycles
    drawn = result.owners[:MOST_LINES]
    more = len(result.owners) - len(drawn)
    rows = -(-len(drawn) // LEGEND_COLUMNS) + (1 if more else 0)
    height = TOP + PLOT + AXIS + rows * LEGEND_ROW + 4
    bottom = TOP + PLOT
    label = _("Grades by cycle")

    def x(i: int) -> float:
        if len(cycles) < 2:
            return (LEFT + W - RIGHT) / 2
        return LEFT + (W - LEFT - RIGHT) * i / (len(cycles) - 1)

    def y(grade: float) -> float:
        return TOP + PLOT * (1 - min(1.0, max(0.0, grade)))

    parts = [f'<svg class="history" viewBox="0 0 {W} {height}" '
             'xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-label="{_e(label)}" style="width:100%;max-width:640px;height:auto" '
             'font-size="10" font-family="system-ui, sans-serif">',
             f"<title>{_e(label)}</title>"]
    for low, high, colour in BANDS:
        parts.append(f'<rect x="{LEFT}" y="{y(high):.1f}" width="{W - LEFT - RIGHT}" '
                     f'height="{y(low) - y(high):.1f}" fill="{colour}" fill-opacity="0.07"/>')
    for tick in (0.0, 0.4, 0.7, 1.0):
        parts.append(f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{W - RIGHT}" '
                     f'y2="{y(tick):.1f}" stroke="#d0d7de"'
                     + ('' if tick in (0.0, 1.0) else ' stroke-dasharray="3 3"') + "/>")
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end" '
                     f'fill="#57606a">{pct(tick)}</text>')
    step = max(1, -(-len(cycles) // 6))  # at most about six labels under the axis
    for i, cycle in enumerate(cycles):
        if (len(cycles) - 1 - i) % step:
            continue  # the latest always has its label
        parts.append(f'<text x="{x(i):.1f}" y="{bottom + 14}" text-anchor="middle" '
                     f'fill="#57606a">{_e(clip(cycle.id, 12))}</text>')
    for n, owner in enumerate(drawn):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n // len(COLOURS) % len(DASHES)]
        style = f'stroke="{colour}" stroke-width="2" fill="none"' + (
            f' stroke-dasharray="{dash}"' if dash else "")
        for run in _runs(owner, cycles):
            if len(run) > 1:
                path = " ".join(f"{x(i):.1f},{y(grade):.1f}" for i, grade in run)
                parts.append(f'<polyline points="{path}" {style}/>')
        for i, cycle in enumerate(cycles):
            point = owner.point(cycle.id)
            if point is None or point.grade is None:
                continue
            fill = "#fff" if point.running else colour
            said = _("{owner} · {cycle}: {grade}").format(
                owner=owner.name, cycle=cycle.id, grade=pct(point.grade))
            if point.running:  # hollow: it may still move
                said += " · " + _("running")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(point.grade):.1f}" r="3" '
                         f'fill="{fill}" stroke="{colour}" stroke-width="1.5">'
                         f"<title>{_e(said)}</title></circle>")
        lx = LEFT + (n % LEGEND_COLUMNS) * (W - LEFT) / LEGEND_COLUMNS
        ly = bottom + AXIS + (n // LEGEND_COLUMNS) * LEGEND_ROW + 10
        parts.append(f'<line x1="{lx:.1f}" y1="{ly - 3:.1f}" x2="{lx + 16:.1f}" '
                     f'y2="{ly - 3:.1f}" {style}/>'
                     f'<text x="{lx + 20:.1f}" y="{ly:.1f}" fill="#1f2328">'
                     f"{_e(clip(owner.name, NAME))}</text>")
    if more:
        ly = bottom + AXIS + (rows - 1) * LEGEND_ROW + 10
        said = ngettext("and {n} more owner: okr history --format json",
                        "and {n} more owners: okr history --format json", more).format(n=more)
        parts.append(f'<text x="{LEFT}" y="{ly}" fill="#57606a">{_e(said)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _runs(owner: OwnerHistory, cycles: list[Cycle]) -> list[list[tuple[int, float]]]:
    """The owner's grades as (cycle's position, grade), in runs of consecutive cycles: a
    line is drawn along each run, broken where the owner had no grade."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, cycle in enumerate(cycles):
        point = owner.point(cycle.id)
        if point is None or point.grade is None:
            runs.append([])
        else:
            runs[-1].append((i, point.grade))
    return [run for run in runs if run]
