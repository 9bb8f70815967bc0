"""The guided weekly check-in on the terminal: each key result as it is asked about, and
the summary of what was written. Every user string passes through ``visible``."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from okrcli import scoring
from okrcli.model import KeyResult
from okrcli.render import day, num, pct
from okrcli.render.escape import visible
from okrcli.render.layout import Column, Grid, Row
from okrcli.results import Walk, WalkItem, Written
from okrcli.scoring import KRState


def header(walk: Walk) -> Text:
    """Whose walk this is, and what it leaves out."""
    who = walk.name if walk.name == walk.owner else f"{walk.name} ({walk.owner})"
    text = Text(visible(f"Weekly check-in · {who} · {walk.cycle.id} · {walk.today}"),
                style="bold")
    count = len(walk.items)
    text.append(f"\n{count} key result{'s' * (count != 1)} to check in")
    skipped = [f"{n} {what}" for n, what in ((walk.dropped, "dropped"), (walk.done, "done"))
               if n]
    if skipped:
        text.append(f" ({' and '.join(skipped)} skipped)", style="dim")
    text.append("\nEnter skips a key result; Ctrl-C stops and writes nothing.", style="dim")
    return text


def _target(kr: KeyResult, st: KRState) -> str:
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.kind == "metric":
        return f"target {num(st.target)}{unit} (from {num(st.start)})"
    if kr.kind == "threshold":
        line = f"≥ {num(st.above)}" if st.above is not None else f"≤ {num(st.below)}"
        return f"stay {line}{unit}"
    return f"milestone due {st.due}"


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
    last = (f"{num(st.current)}{unit} on {day(st.last_checkin)}" if st.last_checkin
            else "no check-in yet")
    facts = [Text(visible(f"last {last}")), Text(visible(_target(kr, st)))]
    expected = expected_value(st)
    if expected is not None:
        facts.append(Text(visible(f"expected by now {num(expected)}{unit}")))
    facts += [Text(f"confidence {pct(st.confidence)}"),
              Text(st.status.label, style=st.status.style)]
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
    columns = [Column("Key result", flex=True), Column("Old → new", wraps=8),
               Column("Score", justify="right"), Column("Status")]
    lines = []
    for entry, written in rows:
        st = written.state
        assert st is not None
        change = f"{_shown(entry.kr, entry.state.current)} → {_shown(entry.kr, st.current)}"
        lines.append(Row([Text(visible(entry.ref)), Text(visible(change)), Text(pct(st.score)),
                          Text(st.status.label, style=st.status.style)]))
    return Grid(columns, lines, title=Text("Checked in", style="bold"), least=12)
