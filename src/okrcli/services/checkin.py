"""okr checkin: a key result's value on a day, added as its own lines of the file, or
replacing the check-in it corrects (``--amend``); and the guided weekly check-in, which
walks one owner's key results and writes every answer at the end, under one lock.

The rules every check-in meets, one at a time or in the walk: a date inside the cycle's
window; none at all on a key result dropped as of today, by its own ``dropped`` or its
objective's (amends and back-dated ones included); one check-in per date (a second one
replaces the first, when the user says so); an amended date after the previous check-in's;
a value far outside the key result's range only with ``force``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrcli import scoring
from okrcli.diagnostics import Diagnostic, OkrError, UsageError
from okrcli.edit import TextEdit
from okrcli.i18n import _
from okrcli.model import Checkin, Cycle, KeyResult, OkrFile, drop_of
from okrcli.pipeline import Valid
from okrcli.refs import Ref
from okrcli.results import Walk, WalkItem, Written
from okrcli.services.common import Session, did_you_mean, owner_ids, parse_ref, pick_cycle
from okrcli.services.cycle import refuse_closed
from okrcli.services.editing import edit_files
from okrcli.services.write import _locate, _owner_file, _text_edit

FAR = 10  # a value beyond either end by more than FAR times the key result's span


@dataclass(frozen=True)
class Entry:
    """One check-in as the user gave it."""

    value: str
    confidence: float | None = None
    note: str | None = None
    day: dt.date | None = None  # None: today, or when amending the replaced one's date
    amend: bool = False  # replace the latest check-in (the last by date)
    replace: dt.date | None = None  # replace the check-in on this date (the user said yes)
    force: bool = False  # take a value far outside the key result's range


class SameDate(OkrError):
    """The key result has a check-in on that date already: replace it, or write nothing."""

    def __init__(self, ref: str, existing: Checkin) -> None:
        super().__init__(_("{ref} already has a check-in on {date} ({value}): use --amend to "
                           "replace it; nothing was written").format(
            ref=ref, date=existing.date, value=shown(existing.value)))
        self.ref, self.existing = ref, existing


class AnswerRefused(OkrError):
    """One answer of the guided check-in refused as the walk writes: nothing is written, and
    the message names the answer (the caller shows every answer so none is lost)."""

    def __init__(self, item: WalkItem, entry: Entry, err: OkrError) -> None:
        # Every refusal of an answer that ends so ends with the same words (a test says so).
        reason = err.message.removesuffix(_("; nothing was written"))
        super().__init__(_("the answer for {ref} ({value}) was refused: {reason}; nothing "
                           "was written, none of the answers (okr writes them all or none)"
                           ).format(ref=item.ref, value=entry.value.strip(), reason=reason),
                         err.diagnostics)
        self.item, self.entry = item, entry


class FarOut(OkrError):
    """A value far outside the key result's range: a typo, unless the user insists."""

    def __init__(self, what: str) -> None:
        super().__init__(_("{what}: check the value, or pass --force to record it; nothing "
                           "was written").format(what=what))
        self.what = what


# A milestone's answers, compared case-insensitively (README, "Checking in").
DONE = frozenset({"done", "true", "yes", "y", "ok", "1", "完成", "已完成", "是"})
NOT_DONE = frozenset({"not-done", "not_done", "notdone", "not done", "undone", "false",
                      "no", "n", "0", "未完成", "否"})


def parse_checkin_value(kind: str, text: str, unit: str | None = None) -> bool | int | float:
    """A check-in's value from the command line: a milestone's done or not, else a number
    (``28%`` too, for a key result whose unit is ``%``: the unit it is counted in)."""
    word = " ".join(text.split()).casefold()
    if kind != "milestone" and unit in ("%", "％") and word.endswith(("%", "％")):
        word = word[:-1].rstrip()
    if kind == "milestone":
        if word in DONE:
            return True
        if word in NOT_DONE:
            return False
        raise UsageError(_("a milestone check-in is done or not-done (also yes / no, y / n, "
                           "ok / undone, 1 / 0, 是 / 否, 已完成 / 未完成), not {text!r}"
                           ).format(text=text))
    try:
        number = float(word)
    except ValueError:
        raise UsageError(_("{text!r} is not a number").format(text=text)) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(_("{text!r} is not a finite number").format(text=text))
    if re.fullmatch(r"[+-]?\d+", word):
        return int(word)
    return number


def parse_confidence(text: str) -> float:
    """A confidence as a person types it: 0..1, or a percent 0%..100% (``70%``, ``70 %``)."""
    answer = text.strip()
    try:
        value = float(answer[:-1].strip()) / 100 if answer.endswith("%") else float(answer)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:  # NaN too
        raise UsageError(_("{answer!r} is not a confidence: a number between 0 and 1 (or 0% "
                           "to 100%)").format(answer=answer))
    return value


def check_confidence(confidence: float | None) -> None:
    if confidence is not None and not 0 <= confidence <= 1:
        raise UsageError(_("confidence is between 0 and 1, not {confidence:g}").format(
            confidence=confidence))


def sane_range(kr: KeyResult, cycle: Cycle, day: dt.date, skip: int | None = None
               ) -> tuple[float, float] | None:
    """The values a check-in of ``kr`` on ``day`` may take without ``force``. A metric:
    from start to target widened by ten times their distance at each end. A threshold: its
    line plus or minus ten times the largest of the line's size, the latest value's distance
    from it (the latest by date up to ``day``, leaving out check-in ``skip``, the one being
    replaced) and 1, so that a line at 0 or a last value on the line still has a range.
    None (anything goes) for a milestone."""
    eff = scoring.effective(kr, cycle, day)
    if kr.kind == "metric" and eff["start"] is not None and eff["target"] is not None:
        low, high = sorted((eff["start"], eff["target"]))
        span = high - low or max(abs(high), 1)
    elif kr.kind == "threshold" and (eff["above"] is not None or eff["below"] is not None):
        low = high = eff["above"] if eff["above"] is not None else eff["below"]
        kept = [c for i, c in enumerate(kr.checkins) if i != skip]
        last = [c.value for c in scoring.visible_checkins(kr.model_copy(
            update={"checkins": kept}), day) if not isinstance(c.value, bool)]
        span = max(abs(low), abs(last[-1] - low) if last else 0, 1)
    else:
        return None
    return low - FAR * span, high + FAR * span


def shown(value: Any) -> str:
    """A check-in's value in a message: done / not done, or the number without noise."""
    if isinstance(value, bool):
        # TRANSLATORS: a milestone's value in a message about a check-in.
        return _("done") if value else _("not done")
    return f"{round(value, 4):.10g}" if isinstance(value, float) else str(value)


def _apply(edit: TextEdit, doc: OkrFile, at: tuple[int, int], ref: str, entry: Entry,
           cycle: Cycle, grace: int, today: dt.date) -> tuple[int, tuple[Any, ...]]:
    """Write ``entry`` into ``edit`` (a new check-in, or the one it replaces) for the key
    result ``at`` (objective, key result) of ``doc``; returns the check-in's index and what
    it must read back as. Every refusal happens here."""
    objective = doc.objectives[at[0]]
    kr = objective.key_results[at[1]]
    kr_path = ("objectives", at[0], "key_results", at[1])
    parsed = parse_checkin_value(kr.kind, entry.value, kr.unit)
    check_confidence(entry.confidence)
    drop = drop_of(objective, kr)
    if drop is not None and drop[0].date <= today:
        dropped, by_objective = drop
        refused = (_("{ref}: its objective {objective} was dropped on {date} ({reason}): a "
                     "key result of a dropped objective takes no check-ins (amended or "
                     "back-dated ones included); nothing was written") if by_objective
                   else _("{ref} was dropped on {date} ({reason}): a dropped key result takes "
                          "no check-ins (amended or back-dated ones included); nothing was "
                          "written"))
        raise OkrError(refused.format(ref=ref, objective=ref.rsplit("/", 1)[0],
                                      date=dropped.date, reason=dropped.reason))
    dates = [c.date for c in kr.checkins]
    index: int | None = None
    if entry.amend:
        if not dates:
            raise OkrError(_("{ref} has no check-in to amend; nothing was written").format(
                ref=ref))
        latest = max(dates)
        index = len(dates) - 1 - dates[::-1].index(latest)
    elif entry.replace is not None:
        if entry.replace not in dates:
            raise OkrError(_("{ref} has no check-in on {date} any more; nothing was written: "
                             "run the command again").format(ref=ref, date=entry.replace))
        index = len(dates) - 1 - dates[::-1].index(entry.replace)
    old = kr.checkins[index] if index is not None else None
    day = entry.day or (old.date if old else today)
    problem = scoring.checkin_window(cycle, grace, today).problem(day)
    if problem == "future":
        raise OkrError(_("check-in date {date} is after today ({today})").format(
            date=day, today=today))
    if problem == "outside":
        raise OkrError(_(
            "check-in date {date} is outside cycle {cycle} ({start} to {end}, plus {grace} "
            "days' grace)").format(
            date=day, cycle=cycle.id, start=cycle.start, end=cycle.end, grace=grace))
    if old is not None and day != old.date:
        earlier = [c for i, c in enumerate(kr.checkins) if i != index]
        previous = max(earlier, key=lambda c: c.date, default=None)
        if previous is not None and day <= previous.date:
            raise OkrError(_(
                "{ref}: the amended check-in would be dated {date}, on or before the previous "
                "one ({previous}: {value}); an amend corrects the latest check-in and keeps "
                "it the latest: give a later --date, or add the earlier one without --amend; "
                "nothing was written").format(ref=ref, date=day, previous=previous.date,
                                              value=shown(previous.value)))
    same = [c for i, c in enumerate(kr.checkins) if c.date == day and i != index]
    if same and old is None:
        raise SameDate(ref, same[-1])
    if same:
        raise OkrError(_("{ref} has another check-in on {date} ({value}); nothing was "
                         "written").format(ref=ref, date=day, value=shown(same[-1].value)))
    bounds = None if entry.force or isinstance(parsed, bool) else sane_range(
        kr, cycle, day, index)
    if bounds and not bounds[0] <= parsed <= bounds[1]:
        far = (_("{value} is far outside the range of {ref} ({low} to {high} {unit}: ten "
                 "times its span beyond either end)") if kr.unit
               else _("{value} is far outside the range of {ref} ({low} to {high}: ten times "
                      "its span beyond either end)"))
        raise FarOut(far.format(value=entry.value.strip(), ref=ref, low=shown(bounds[0]),
                                high=shown(bounds[1]), unit=kr.unit))
    confidence = entry.confidence if entry.confidence is not None else (
        old.confidence if old else None)
    note = entry.note or (old.note if old else None)
    if old is None:
        item: dict[str, Any] = {"date": day, "value": parsed}
        if confidence is not None:
            item["confidence"] = confidence
        if note:
            item["note"] = note
        edit.append(kr_path, "checkins", item)
        index = len(kr.checkins)
    else:
        assert index is not None
        item_path = (*kr_path, "checkins", index)
        for key, value in (("date", day), ("value", parsed), ("confidence", entry.confidence),
                           ("note", entry.note or None)):
            if value is not None and not (key == "date" and value == old.date):
                edit.set_value(item_path, key, value)
    return index, (day, parsed, confidence, note)


def _read_back(kr: KeyResult, index: int, wanted: tuple[Any, ...]) -> None:
    written = kr.checkins[index]
    if (written.date, written.value, written.confidence, written.note) != wanted:
        raise OkrError(_("internal error: the check-in did not read back as written"))


def checkin(
    session: Session, text: str, value: str, today: dt.date, *,
    confidence: float | None = None, note: str | None = None, day: dt.date | None = None,
    cycle_id: str | None = None, amend: bool = False, replace: dt.date | None = None,
    force: bool = False,
) -> Written:
    """One check-in: added, or (``amend``) replacing the latest one (its value, and its
    confidence, note or date when given), or replacing the one on ``replace``'s date."""
    ref = parse_ref(text, (3,))
    check_confidence(confidence)
    entry = Entry(value, confidence, note, day, amend, replace, force)
    config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    refuse_closed(cycle, _("a check-in"))
    where = (0, 0)
    written: tuple[int, tuple[Any, ...]] = (0, ())
    was: dt.date | None = None  # the date of the check-in replaced (amend, replace)

    def change(reading: Valid[OkrFile]) -> str:
        nonlocal where, written, was
        where = _locate(reading.model, str(ref.objective), ref.kr)
        edit = _text_edit(reading)
        written = _apply(edit, reading.model, where, text, entry, cycle,
                         config.settings.grace_days, today)
        checkins = reading.model.objectives[where[0]].key_results[where[1]].checkins
        was = checkins[written[0]].date if written[0] < len(checkins) else None
        return edit.text

    [(saved, left)] = edit_files(session, [(path, change)], OkrFile, today)
    kr: KeyResult = saved.model.objectives[where[0]].key_results[where[1]]
    _read_back(kr, *written)
    state = scoring.evaluate_kr(kr, cycle, today, scoring.thresholds(config.settings))
    said = _("corrected {ref} = {value}") if amend or replace else _(
        "checked in {ref} = {value}")
    said = said.format(ref=text, value=shown(written[1][1]))
    if (amend or replace) and was is not None and was < today:  # the one replaced
        said += _(" (the check-in of {date} is from an earlier day: once committed, its value "
                  "is history, and `okr check --base` refuses a rewrite of it; a new "
                  "check-in keeps both)").format(date=was)
    elif (amend or replace) and was is not None and written[1][0] != was:  # today's, moved
        said += _(" (the check-in of {date} is now dated {new}: once committed, its date is "
                  "history, and `okr check --base` refuses a rewrite of it)").format(
            date=was, new=written[1][0])
    return Written(session.rel(path), said, text, left, state)


# --- the guided weekly check-in -------------------------------------------------------


def git_email(root: Path) -> str | None:
    """``git config user.email`` as git answers it in the workspace, or None."""
    try:
        done = subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def walk(session: Session, today: dt.date, *, owner: str | None = None,
         email: str | None = None, cycle_id: str | None = None) -> Walk:
    """The key results one owner drives in the cycle (``owner: ID`` in any file, and those
    without an owner in the owner's own file), live ones only: dropped ones (or those of a
    dropped objective) and done ones are counted, not walked. The owner is ``owner``, else
    the person whose email is ``email``."""
    config = session.config
    if owner is None:
        if not email:
            raise UsageError(_("git config user.email is not set here, so okr cannot tell "
                               "who you are: pass --owner ID"))
        person = next((p for p in config.people
                       if p.email and p.email.casefold() == email.casefold()), None)
        if person is None:
            raise UsageError(_("no person in okr.yaml has the email {email!r} (git config "
                               "user.email): pass --owner ID, or add the email to the person"
                               ).format(email=email))
        owner = person.id
    elif not config.is_owner(owner):
        raise OkrError(_("unknown owner {owner!r}{hint}").format(
            owner=owner, hint=did_you_mean(owner, owner_ids(config))))
    cycle = pick_cycle(config, cycle_id, today)
    refuse_closed(cycle, _("a check-in"))
    th = scoring.thresholds(config.settings)
    readings, problems = session.usable(session.files(cycle.id), today)
    items: list[WalkItem] = []
    dropped = done = 0
    for reading in readings:
        doc = reading.model
        for oi, objective in enumerate(doc.objectives):
            for ki, kr in enumerate(objective.key_results):
                if (kr.owner or doc.owner) != owner:
                    continue
                state = scoring.evaluate_kr(kr, cycle, today, th)
                drop = drop_of(objective, kr)
                gone = drop is not None and drop[0].date <= today
                if gone or state.status is scoring.Status.DONE:
                    dropped += gone
                    done += not gone
                    continue
                items.append(WalkItem(str(Ref(doc.owner, objective.id, kr.id)), kr, state,
                                      reading.path, (oi, ki)))
    return Walk(cycle, today, owner, config.owner_label(owner), items, dropped, done,
                problems, {r.path: r.source.raw for r in readings})


def _walk_change(walk: Walk, item: WalkItem, entry: Entry, grace: int,
                 edit: TextEdit, doc: OkrFile) -> tuple[int, tuple[Any, ...]]:
    return _apply(edit, doc, item.at, item.ref, entry, walk.cycle, grace, walk.today)


def try_answer(session: Session, walk: Walk, item: WalkItem, entry: Entry) -> None:
    """Raise what writing ``entry`` would raise (UsageError, SameDate, FarOut, OkrError),
    against the file as the walk read it; write nothing."""
    reading = session.reading(item.path)
    assert isinstance(reading, Valid)
    _walk_change(walk, item, entry, session.config.settings.grace_days,
                 _text_edit(reading), reading.model)


def write_walk(session: Session, walk: Walk, answers: list[tuple[WalkItem, Entry]]
               ) -> tuple[list[Written], list[Diagnostic]]:
    """Every answer of a walk, each file written once, all under one lock; nothing when a
    file changed since the walk read it, or when any answer is refused (AnswerRefused names
    it). Returns what was written and the problems the files had that the edits left as
    they were."""
    config = session.config
    grace = config.settings.grace_days
    paths = list(dict.fromkeys(item.path for item, _ in answers))
    back: dict[str, tuple[int, tuple[Any, ...]]] = {}

    def change_of(path: Path) -> Callable[[Valid[OkrFile]], str]:
        def change(reading: Valid[OkrFile]) -> str:
            if reading.source.raw != walk.raw[path]:
                raise OkrError(_("{file} changed while you were checking in; nothing was "
                                 "written: run okr checkin again").format(
                    file=session.rel(path)))
            edit = _text_edit(reading)
            for item, entry in answers:
                if item.path == path:
                    try:
                        back[item.ref] = _walk_change(walk, item, entry, grace, edit,
                                                      reading.model)
                    except OkrError as err:
                        raise AnswerRefused(item, entry, err) from None
            return edit.text
        return change

    saved = edit_files(session, [(p, change_of(p)) for p in paths], OkrFile, walk.today)
    models = {p: reading.model for p, (reading, _) in zip(paths, saved, strict=True)}
    th = scoring.thresholds(config.settings)
    out = []
    for item, entry in answers:
        kr = models[item.path].objectives[item.at[0]].key_results[item.at[1]]
        _read_back(kr, *back[item.ref])
        state = scoring.evaluate_kr(kr, walk.cycle, walk.today, th)
        said = _("corrected {ref} = {value}") if entry.replace else _(
            "checked in {ref} = {value}")
        out.append(Written(session.rel(item.path), said.format(
            ref=item.ref, value=shown(back[item.ref][1][1])), item.ref, [], state))
    return out, [d for _, left in saved for d in left]
