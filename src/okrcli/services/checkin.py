"""okr checkin: a key result's value on a day, added as its own lines of the file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from okrcli import scoring
from okrcli.diagnostics import OkrError, UsageError
from okrcli.model import KeyResult, OkrFile
from okrcli.pipeline import Valid
from okrcli.results import Written
from okrcli.services.common import Session, parse_ref
from okrcli.services.editing import edit_file
from okrcli.services.write import _locate, _owner_file, _text_edit


def parse_checkin_value(kind: str, text: str) -> bool | int | float:
    word = text.strip().lower()
    if kind == "milestone":
        if word in ("done", "true", "yes", "1", "完成"):
            return True
        if word in ("not-done", "notdone", "false", "no", "0", "未完成"):
            return False
        raise UsageError(f"a milestone check-in is done or not-done, not {text!r}")
    try:
        number = float(word)
    except ValueError:
        raise UsageError(f"{text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"{text!r} is not a finite number")
    if re.fullmatch(r"[+-]?\d+", word):
        return int(word)
    return number


def checkin(
    session: Session, text: str, value: str, today: dt.date, *,
    confidence: float | None = None, note: str | None = None, day: dt.date | None = None,
    cycle_id: str | None = None,
) -> Written:
    ref = parse_ref(text, (3,))
    if confidence is not None and not 0 <= confidence <= 1:
        raise UsageError(f"confidence is between 0 and 1, not {confidence}")
    day = day or today
    config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    grace = config.settings.grace_days
    problem = scoring.checkin_window(cycle, grace, today).problem(day)
    if problem == "future":
        raise OkrError(f"check-in date {day} is after today ({today})")
    if problem == "outside":
        raise OkrError(f"check-in date {day} is outside cycle {cycle.id} ({cycle.start} to "
                       f"{cycle.end}, plus {grace} days' grace)")
    where = (0, 0)
    wanted: tuple[Any, ...] = ()

    def change(reading: Valid[OkrFile]) -> str:
        nonlocal where, wanted
        where = _locate(reading.model, str(ref.objective), ref.kr)
        kr = reading.model.objectives[where[0]].key_results[where[1]]
        parsed = parse_checkin_value(kr.kind, value)
        item: dict[str, Any] = {"date": day, "value": parsed}
        if confidence is not None:
            item["confidence"] = confidence
        if note:
            item["note"] = note
        wanted = (day, parsed, confidence, note or None)
        edit = _text_edit(reading)
        edit.append(("objectives", where[0], "key_results", where[1]), "checkins", item)
        return edit.text

    saved, left = edit_file(session, path, OkrFile, today, change)
    kr: KeyResult = saved.model.objectives[where[0]].key_results[where[1]]
    written = kr.checkins[-1]
    if (written.date, written.value, written.confidence, written.note) != wanted:
        raise OkrError("internal error: the check-in did not read back as written")
    state = scoring.evaluate_kr(kr, cycle, today, scoring.thresholds(config.settings))
    return Written(session.rel(path), f"checked in {text} = {value}", text, left, state)


