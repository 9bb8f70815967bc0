"""The dashboard's key-result cards and their charts: a key result over time as inline
SVG, in its own units, against the target or line in force on each day
(``scoring.effective``), so that a moved target is a step and never rescales the past.
Styled by the dashboard's CSS (classes, no colours here); every user string through
``html._e``."""

from __future__ import annotations

import datetime as dt
import math
from itertools import pairwise
from typing import Any

from okrcli import scoring
from okrcli.i18n import _
from okrcli.model import GOALPOSTS, Cycle, KeyResult
from okrcli.render import field_value, num, pct, value_text
from okrcli.render.escape import clip
from okrcli.render.fields import field_name
from okrcli.render.html import _day, _e, badge, bar
from okrcli.results import StatusResult

UNIT = 12  # characters of a unit shown inside a chart


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(
        value)


W, H, LEFT, RIGHT, TOP, BOTTOM = 320, 140, 50, 10, 14, 22


def card(state: scoring.ObjectiveState, kr: KeyResult, st: scoring.KRState,
         status: StatusResult, labels: dict[str, str]) -> list[str]:
    """A key result's card: its title, value, driver, score bar, chart, last check-in and
    the changes of its fields."""
    driver = labels.get(kr.owner, kr.owner) if kr.owner else labels.get(state.owner,
                                                                          state.owner)
    confidence = _("confidence {value}").format(value=pct(st.confidence))
    due = _("due {date}").format(date=st.due)
    out = [f'<div class="kr{" dropped" if st.dropped else ""}" '
           f'id="kr-{_e(state.ref)}/{_e(kr.id)}">',
           f"<div><b>{_e(kr.title)}</b> {badge(st.status, st.dropped)}</div>",
           f'<div class="muted">{_e(value_text(kr, st))} · {_e(driver)} · '
           f'<span class="nb">{confidence}</span> · <span class="nb">{due}</span></div>']
    if st.dropped and kr.dropped is not None:
        # Out of the scores: no bar that looks live, the reason instead.
        out.append('<p class="drop">' + _("dropped {date}: {reason} · not scored").format(
            date=_day(kr.dropped.date), reason=_e(kr.dropped.reason)) + "</p>")
    elif scoring.shows_expected(kr.kind):
        expected = _("expected {value}").format(value=pct(st.expected))
        out.append(f"<div>{bar(st.score, st.expected, st.status)} "
                   f'<span class="muted">{expected}</span></div>')
    else:
        out.append(f"<div>{bar(st.score, None, st.status)}</div>")
    out.append(chart(kr, st, status.cycle, status.today))
    out.append(f'<p class="last">{latest(kr, st)}</p>')
    changes = [c for c in sorted(kr.changes, key=lambda c: c.date) if c.date <= status.today]
    if changes:
        out.append('<ul class="changes">')
        out += [f"<li>{_day(c.date)} {_e(field_name(c.field))} {_e(field_value(c.old))} → "
                f"{_e(field_value(c.new))}: {_e(c.reason)}</li>" for c in changes]
        out.append("</ul>")
    out.append("</div>")
    return out


def latest(kr: KeyResult, st: scoring.KRState) -> str:
    """The last check-in in words, under its chart (a tooltip is not enough on a phone)."""
    if not st.checkins:
        return _("latest: no check-in yet")
    last = st.checkins[-1]
    unit = f" {_e(kr.unit)}" if kr.unit and not isinstance(last.value, bool) else ""
    return _("latest: {value} · {date}").format(value=_e(num(last.value)) + unit,
                                                date=_day(last.date))



def chart(kr: KeyResult, st: scoring.KRState, cycle: Cycle, today: dt.date) -> str:
    """A key result over time, in its own units. A metric: its values against the target
    in force on each day (a step where the target moved) and the expected line; a
    threshold: its values against its line, each point coloured held or missed; a
    milestone: each check-in done or not, and the due date."""
    first = cycle.start
    last = max([st.due, *(c.date for c in st.checkins)])
    total = max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return LEFT + (W - LEFT - RIGHT) * min(1.0, max(0.0, (day - first).days / total))

    parts = [f'<svg class="chart" viewBox="0 0 {W} {H}" xmlns="http://www.w3.org/2000/svg" '
             f'role="img" aria-label="' + _("{title}: over time").format(title=_e(kr.title))
             + '">']
    if kr.kind == "milestone":
        parts += _milestone(st, x)
    else:
        parts += _numeric(kr, st, cycle, today, x, first, last)
    parts.append(f'<text x="{LEFT}" y="{H - 6}">{first:%m-%d}</text>'
                 f'<text x="{W - RIGHT}" y="{H - 6}" text-anchor="end">{last:%m-%d}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _segments(kr: KeyResult, cycle: Cycle, first: dt.date, last: dt.date,
              today: dt.date) -> list[tuple[dt.date, dt.date, dict[str, Any]]]:
    """The chart's days cut where a change of the key result took effect: (from, to, the
    values in force), the values as ``scoring.effective`` gives them on ``from``."""
    cuts = sorted({c.date for c in kr.changes
                   if first < c.date <= min(last, today) and c.field in GOALPOSTS})
    days = [first, *cuts, last]
    return [(a, b, scoring.effective(kr, cycle, a)) for a, b in pairwise(days)]


def _line_of(kind: str, values: dict[str, Any]) -> tuple[float | None, str]:
    """What a segment's line stands at: the target of a metric, the line of a threshold,
    with how it reads (``≥ 99.5``)."""
    if kind == "metric":
        target = values["target"]
        return (target, num(target)) if _number(target) else (None, "")
    for name, sign in (("above", "≥"), ("below", "≤")):
        if _number(values[name]):
            return values[name], f"{sign} {num(values[name])}"
    return None, ""


def _numeric(kr: KeyResult, st: scoring.KRState, cycle: Cycle, today: dt.date, x: Any,
             first: dt.date, last: dt.date) -> list[str]:
    segments = _segments(kr, cycle, first, last, today)
    # (from, to, value, label): the target or the line, merged where it stayed
    lines: list[tuple[dt.date, dt.date, float | None, str]] = []
    for a, b, in_force in segments:
        value, label = _line_of(kr.kind, in_force)
        if lines and lines[-1][2] == value and lines[-1][3] == label:
            lines[-1] = (lines[-1][0], b, value, label)
        else:
            lines.append((a, b, value, label))
    expected: list[tuple[dt.date, float]] = []
    if scoring.shows_expected(kr.kind):
        for a, b, in_force in segments:
            start, target, due = in_force["start"], in_force["target"], in_force["due"]
            if _number(start) and _number(target):
                expected += [(day, start + (target - start) * scoring.expected_progress(
                    cycle.start, due, day)) for day in (a, b)]
    shown = [(c.date, c.value) for c in st.checkins if _number(c.value)]
    values: list[float] = [v for *_, v, _ in lines if v is not None]
    values += [v for _, v in shown] + [v for _, v in expected]
    if kr.kind == "metric" and st.start is not None and _number(st.start):
        values.append(st.start)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.12 if high > low else max(1.0, abs(high) * 0.1)
    lo, hi = low - pad, high + pad
    if not math.isfinite(hi - lo):
        lo, hi = -1.0, 1.0

    def y(value: float) -> float:
        share = (value - lo) / (hi - lo) if math.isfinite(value) else 0.0
        return TOP + (H - TOP - BOTTOM) * (1 - min(1.0, max(0.0, share)))

    bottom = H - BOTTOM
    parts = [f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{W - RIGHT}" y2="{bottom}"/>',
             f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>']
    for tick in dict.fromkeys((high, low)):  # the range of what is drawn, in its units
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end">'
                     f"{_e(num(tick))}</text>")
    previous_y = None
    for a, b, value, label in lines:
        if value is None:
            previous_y = None
            continue
        ly = y(value)
        if previous_y is not None:
            parts.append(f'<line class="jump" x1="{x(a):.1f}" y1="{previous_y:.1f}" '
                         f'x2="{x(a):.1f}" y2="{ly:.1f}"/>')
        parts.append(f'<line class="tline" x1="{x(a):.1f}" y1="{ly:.1f}" x2="{x(b):.1f}" '
                     f'y2="{ly:.1f}"><title>{a} → {b}: {_e(label)}</title></line>')
        # At the segment's start: a metric's expected line meets its target at the end.
        text = _e(_unit(label, kr.unit))
        if kr.kind == "metric":
            text = _("target {value}").format(value=text)
        parts.append(f'<text class="tlabel" x="{x(a) + 3:.1f}" y="{ly - 3:.1f}">{text}</text>')
        previous_y = ly
    if expected:
        path = " ".join(f"{x(day):.1f},{y(v):.1f}" for day, v in expected)
        parts.append(f'<polyline class="exp" points="{path}"><title>' + _("expected")
                     + "</title></polyline>")
    if shown:
        path = " ".join(f"{x(day):.1f},{y(v):.1f}" for day, v in shown)
        parts.append(f'<polyline class="path" points="{path}"/>')
    for c in st.checkins:
        if not _number(c.value):
            continue
        kind = ""
        if kr.kind == "threshold":
            held = _holds(scoring.effective(kr, cycle, c.date), c.value)
            kind = "" if held is None else (" held" if held else " miss")
        parts.append(f'<circle class="pt{kind}" cx="{x(c.date):.1f}" cy="{y(c.value):.1f}" '
                     f'r="3"><title>{c.date}: {_e(_unit(num(c.value), kr.unit))}</title>'
                     "</circle>")
    return parts


def _holds(values: dict[str, Any], value: float) -> bool | None:
    """Whether a threshold's value holds the line in force (None: no line)."""
    if _number(values["above"]):
        return bool(value >= values["above"])
    if _number(values["below"]):
        return bool(value <= values["below"])
    return None


def _unit(text: str, unit: str | None) -> str:
    """A number with its unit, cut for a chart: ``99.5%``, ``120 家``."""
    if not unit:
        return text
    unit = clip(unit, UNIT)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _milestone(st: scoring.KRState, x: Any) -> list[str]:
    done_y, open_y, bottom = TOP + 16, H - BOTTOM - 16, H - BOTTOM
    parts = [f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{W - RIGHT}" y2="{bottom}"/>',
             f'<text x="{LEFT - 4}" y="{done_y + 4}" text-anchor="end">' + _("done")
             + "</text>",
             f'<text x="{LEFT - 4}" y="{open_y + 4}" text-anchor="end">' + _("not done")
             + "</text>",
             f'<line class="due" x1="{x(st.due):.1f}" y1="{TOP}" x2="{x(st.due):.1f}" '
             f'y2="{bottom}"/>',
             f'<text x="{x(st.due) - 3:.1f}" y="{TOP + 2}" text-anchor="end">'
             + _("due {date}").format(date=f"{st.due:%m-%d}") + "</text>"]
    for c in st.checkins:
        done = c.value is True
        parts.append(f'<circle class="pt{"" if done else " open"}" cx="{x(c.date):.1f}" '
                     f'cy="{done_y if done else open_y}" r="4"><title>{c.date}: '
                     f"{num(c.value)}</title></circle>")
    return parts
