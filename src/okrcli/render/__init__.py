"""Pure formatters: results in, Rich renderables or text out. Nothing here prints.

``tables`` (Rich, for the terminal), ``findings`` (okr check: text, json, github, junit),
``machine`` (the JSON of status, tree and report), ``markdown`` and ``review`` (Markdown),
``html`` (the dashboard). This module holds the number formats they share.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from okrcli.i18n import N_, _

if TYPE_CHECKING:
    from okrcli.model import KeyResult
    from okrcli.scoring import KRState

SHOWN_CHECKINS = 20  # okr show: the latest check-ins of a key result (--all: every one)
# Machine words as people read them (``word``): a key result's kind (the YAML keeps
# ``metric``), a rule's severity (``okr check --format json`` keeps ``error``).
WORDS = {"metric": N_("metric"), "threshold": N_("threshold"), "milestone": N_("milestone"),
         "error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def word(value: str) -> str:
    """A kind or a severity in the reader's language (anything else as it is)."""
    return _(WORDS[value]) if value in WORDS else value


def done_word(done: bool) -> str:
    """A milestone's value: done or not done."""
    # TRANSLATORS: a milestone's value (also the status "done")
    return _("done") if done else _("not done")


def _missing(value: Any) -> bool:
    """Nothing to show: no value, or a float that is not a number a person can read (the
    check refuses such input; a renderer still never prints ``nan`` or fails on it)."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def num(value: Any) -> str:
    """A number for people: integers without a point, others with up to two decimals."""
    if isinstance(value, bool):
        return done_word(value)
    if _missing(value):
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def pct(value: float | None) -> str:
    if value is None or _missing(value * 100):
        return "—"
    return f"{round(value * 100):d}%"


def signed(value: float | None) -> str:
    """A change for people: ``+400``, ``-0.11``, ``0``."""
    if _missing(value):
        return "—"
    assert value is not None
    return ("+" if value > 0 else "") + num(value)


def points(value: float | None) -> str:
    """A change of a score, in percentage points: ``+8 pts``, ``-3 pts``."""
    if value is None or _missing(value * 100):
        return "—"
    shown = round(value * 100)
    # TRANSLATORS: a change of a score in percentage points: "+8 pts"
    return _("{points} pts").format(points=f"{shown:+d}") if shown else _("±0 pts")


def score(value: float | None) -> str:
    return "—" if _missing(value) else f"{value:.2f}"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def field_value(value: Any) -> str:
    """A changed field's old or new value (a number, a date, or nothing), as text."""
    if value is None or isinstance(value, int | float):
        return num(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def bar(fraction: float | None, width: int = 10, expected: float | None = None) -> str:
    """A bar drawn with characters that stay visible without colour; ``expected`` puts a
    ``┃`` where the progress expected by today stands (metrics only: callers pass it
    where ``scoring.shows_expected``)."""
    if fraction is None or _missing(fraction):
        return "·" * width
    filled = round(min(1.0, max(0.0, fraction)) * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    if expected is not None and not _missing(expected):
        cells[min(width - 1, int(min(1.0, max(0.0, expected)) * width))] = "┃"
    return "".join(cells)


def value_text(kr: KeyResult, st: KRState) -> str:
    """The current value against the target (or the line), with the unit."""
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.kind == "metric":
        return f"{num(st.current)} → {num(st.target)}{unit}"
    if kr.kind == "threshold":
        line = f"≥ {num(st.above)}" if st.above is not None else f"≤ {num(st.below)}"
        if st.current is None:
            return f"— ({line}{unit})"
        return f"{num(st.current)}{unit} ({line}{unit})"  # 96.2 % (≥ 95 %)
    return done_word(bool(st.current)) if st.current in (True, False) else "—"
