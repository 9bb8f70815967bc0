"""Calendar arithmetic of cycles: which cycle is current, and the quarter around a day.
Pure: ``today`` is a parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from okrcli.model import Cycle


def current_cycle(cycles: Sequence[Cycle], today: dt.date) -> Cycle | None:
    """The cycle that contains today, else the one that started last (by today), else the
    first to come."""
    containing = [c for c in cycles if c.start <= today <= c.end]
    if containing:
        return max(containing, key=lambda c: c.start)
    started = [c for c in cycles if c.start <= today]
    if started:
        return max(started, key=lambda c: c.start)
    return min(cycles, key=lambda c: c.start) if cycles else None


@dataclass(frozen=True)
class Span:
    id: str
    start: dt.date
    end: dt.date


def quarter_of(day: dt.date) -> Span:
    """The calendar quarter that contains ``day``: 2026-Q4, 2026-10-01 to 2026-12-31."""
    quarter = (day.month - 1) // 3
    start = dt.date(day.year, quarter * 3 + 1, 1)
    after = dt.date(day.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
    return Span(f"{day.year}-Q{quarter + 1}", start, after - dt.timedelta(days=1))
