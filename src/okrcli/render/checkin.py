"""The guided weekly check-in on the terminal: each key result as it is asked about, and
the summary of what was written. Every user string passes through ``visible``."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from okrcli import scoring
from okrcli.i18n import _, ngettext
from okrcli.model import KeyResult
from okrcli.render import day, num, pct
from okrcli.render.escape import visible
from okrcli.render.layout import Column, Grid, Row
from okrcli.results import Walk, WalkItem, Written
from okrcli.scoring import KRState


def header(walk: Walk) -> Text:
    """Whose walk this is, and what it leaves out."""
    who = walk.name if walk.name == walk.owner else f"{walk.name} ({walk.owner})"
    text = Text(visible(_("Weekly check-in · {who} · {cycle} · {today}").format(
        who=who, cycle=walk.cycle.id, today=walk.today)), style="bold")
    count = len(walk.items)
    text.append("\n" + ngettext("{count} key result to check in",
                                "{count} key results to check in", count).format(count=count))
    # TRANSLATORS: the key results the walk leaves out: dropped ones, done ones
    skipped = (_(" ({dropped} dropped and {done} done skipped)") if walk.dropped and walk.done
               else _(" ({dropped} dropped skipped)") if walk.dropped
               else _(" ({done} done skipped)") if walk.done else "")
    if skipped:
        text.append(skipped.format(dropped=walk.dropped, done=walk.done), style="dim")
    text.append("\n" + _("Enter skips a key result; Ctrl-C stops and writes nothing."),
                style="dim")
    return text


def _target(kr: KeyResult, st: KRState) -> str:
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.kind == "metric":
        return _("target {target} (from {start})").format(target=f"{num(st.target)}{unit}",
                                                          start=num(st.start))
    if kr.kind == "threshold":
        line = f"≥ {num(st.above)}" if st.above is not None else f"≤ {num(st.below)}"
        # TRANSLATORS: a threshold's line: "stay ≥ 95 %"
        return _("stay {line}").format(line=f"{line}{unit}")
    return _("milestone due {date}").format(date=st.due)


def expected_value(st: KRState) -> float | None:
    """Where a metric should stand today, in its own unit (whole when its start and target
    are whole)."""
    if not scoring.shows_expected(st.kind) or st.start is None or st.target is None:
        return None
    value = st.start + st.expected * (st.target - st.start)
    whole = all(float(v).is_integer() for v in (st.start, st.target))
    return round(value) if whole else value


def item(entry: WalkItem, index: int, count: int, width: int = 80) -> Text:
    """One key result as the walk asks about it: ref and title, then its last value and
    date, target (or line), expected value, confidence and status, as many to a line as
    ``width`` holds (a line breaks between them, never inside one)."""
    kr, st = entry.kr, entry.state
    text = Text("\n")
    text.append(f"[{index}/{count}] ", style="dim")
    text.append(visible(entry.ref), style="bold")
    text.append(" " + visible(kr.title))
    unit = f" {kr.unit}" if kr.unit and kr.kind != "milestone" else ""
    # TRANSLATORS: the latest check-in's value and date: "last 28 家 on 2026-11-20"
    last = (_("last {value} on {date}").format(value=f"{num(st.current)}{unit}",
                                               date=day(st.last_checkin))
            if st.last_checkin else _("last no check-in yet"))
    facts = [Text(visible(last)), Text(visible(_target(kr, st)))]
    expected = expected_value(st)
    if expected is not None:
        facts.append(Text(visible(_("expected by now {value}").format(
            value=f"{num(expected)}{unit}"))))
    facts += [Text(_("confidence {confidence}").format(confidence=pct(st.confidence))),
              Text(_(st.status.label), style=st.status.style)]
    line = 4
    text.append("\n    ")
    for at, fact in enumerate(facts):
        if at and line + 3 + fact.cell_len > width:
            text.append("\n    ")
            line = 4
        elif at:
            text.append(" · ")
            line += 3
        text.append_text(fact)
        line += fact.cell_len
    return text


def _shown(kr: KeyResult, value: Any) -> str:
    unit = f" {kr.unit}" if kr.unit and kr.kind != "milestone" else ""
    return f"{num(value)}{unit}" if value is not None else "—"


def summary(rows: list[tuple[WalkItem, Written]]) -> Grid:
    """What the walk wrote: each key result, its value before and after, score, status;
    a ``layout.Grid``, as the other screens draw, so that no line ends in spaces."""
    columns = [Column(_("Key result"), flex=True), Column(_("Old → new"), wraps=8),
               Column(_("Score"), justify="right"), Column(_("Status"))]
    lines = []
    for entry, written in rows:
        st = written.state
        assert st is not None
        change = f"{_shown(entry.kr, entry.state.current)} → {_shown(entry.kr, st.current)}"
        lines.append(Row([Text(visible(entry.ref)), Text(visible(change)), Text(pct(st.score)),
                          Text(_(st.status.label), style=st.status.style)]))
    # TRANSLATORS: the title of the table of what the guided check-in wrote
    return Grid(columns, lines, title=Text(_("Checked in"), style="bold"), least=12)
