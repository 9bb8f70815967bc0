"""``okr diff`` in four formats: text (the terminal), markdown (the pull-request comment),
json (the contract ``{from, to, changes, effects}``) and github (workflow annotations on
the changed lines). Pure functions of a ``DiffResult``. A change is said as one sentence
(``said``) that holds user text (titles, notes, reasons) as it is; each format makes the
whole sentence safe for its reader."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from okrcli.gitresults import DiffChange, DiffEffect, DiffResult
from okrcli.i18n import N_, _, ngettext
from okrcli.okrdiff import (
    CHANGED,
    CHECKIN,
    CREATED,
    DELETED,
    DROPPED,
    MOVED,
    RENAMED,
    RESTORED,
    REWRITTEN,
    UNREADABLE,
)
from okrcli.render import num, pct
from okrcli.render.cells import user
from okrcli.render.escape import visible
from okrcli.render.fields import field_name
from okrcli.render.findings import _escape_data, _escape_property
from okrcli.render.layout import Column, Fit, Grid, Row, indented, wrap
from okrcli.render.machine import dumps
from okrcli.render.markdown import code, header, inline
from okrcli.scoring import Status

# The kinds as a reader sees them (the JSON keeps okrdiff's words).
KIND_WORDS = {CREATED: N_("created"), DELETED: N_("deleted, not dropped"),
              DROPPED: N_("dropped"), RESTORED: N_("restored"),
              MOVED: N_("goalpost moved"), CHANGED: N_("changed"), CHECKIN: N_("check-in"),
              REWRITTEN: N_("rewritten"), RENAMED: N_("file renamed"),
              UNREADABLE: N_("cannot be read")}
KIND_STYLES = {CREATED: "green", DELETED: "bold red", DROPPED: "yellow", RESTORED: "bold red",
               MOVED: "magenta", CHANGED: "", CHECKIN: "cyan", REWRITTEN: "bold red",
               RENAMED: "cyan", UNREADABLE: "bold red"}


# After these no space comes (a translation's full-width bracket carries its own).
_FULL_WIDTH_CLOSE = ("）", "」", "』", "】", "》")


def silent(change: DiffChange) -> bool:
    """A goalpost moved without a reason recorded in ``changes:``, after the cycle began
    (okr check --base: silent-goalpost)."""
    return change.delta.kind == MOVED and not change.delta.reason and _started(change)


def rewrites(change: DiffChange) -> bool:
    """What ``okr check --base`` reports as rewritten history: a check-in or record
    changed or removed after it was committed (rewritten-checkin, rewritten-change), a
    drop taken back (rewritten-change), an objective or key result deleted instead of
    dropped once the cycle began (deleted-not-dropped)."""
    d = change.delta
    if d.kind == REWRITTEN and d.field == "checkins" and isinstance(d.new, dict) and all(
            d.new.get(part) == d.old.get(part) for part in ("date", "value")):
        return False  # its note or confidence: what a check-in says of itself, no history
    return d.kind in (REWRITTEN, RESTORED) or (d.kind == DELETED and _started(change))


def warned(change: DiffChange) -> bool:
    """Marked in every format: ⚠️ in markdown, a warning annotation on GitHub (a file
    that cannot be read too: okr check fails on it)."""
    return silent(change) or rewrites(change) or change.delta.kind == UNREADABLE


def _started(change: DiffChange) -> bool:
    return bool(getattr(change.delta.file, "started", True))


def _kind(change: DiffChange) -> str:
    return _(KIND_WORDS.get(change.delta.kind, change.delta.kind))


def _part(key: str, value: Any) -> str:
    """One part of a check-in or a record (its value, confidence, note...) as text."""
    if value is None:
        return "—"
    if key == "confidence" and isinstance(value, int | float):
        return pct(value)
    if key == "field" and isinstance(value, str):
        return field_name(value)
    if key == "note":
        return _("“{note}”").format(note=value)
    return _value(value)


def _value(value: Any) -> str:
    """A field's old or new value, a check-in or a record, as text (user text raw)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict) and "value" in value:  # a check-in
        out = f"{value['date']} {num(value['value'])}"
        if value.get("confidence") is not None:
            out += _(" (confidence {confidence})").format(confidence=pct(value["confidence"]))
        if value.get("note"):
            note = _(" “{note}”").format(note=value["note"])
            out += note.lstrip(" ") if out.endswith(_FULL_WIDTH_CLOSE) else note
        return out
    if isinstance(value, dict) and "field" in value:  # a change record
        return _("{date} {field} {old} → {new}: {reason}").format(
            date=value["date"], field=field_name(value["field"]), old=_value(value["old"]),
            new=_value(value["new"]), reason=value["reason"])
    if isinstance(value, dict):  # a drop record
        return _("{date}: {reason}").format(date=value.get("date"), reason=value.get("reason"))
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return num(value) if isinstance(value, int | float) else str(value)


def _differences(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Only what differs between two versions of a check-in or a record."""
    keys = list(dict.fromkeys([*old, *new]))
    return _(", ").join(
        _("{field} {old} → {new}").format(field=field_name(key), old=_part(key, old.get(key)),
                                         new=_part(key, new.get(key)))
        for key in keys if old.get(key) != new.get(key))


def _rewritten(field: str | None, old: Any, new: Any) -> str:
    """A check-in or a record changed or removed after it was committed: which one, and
    what of it changed."""
    old = old if isinstance(old, dict) else {}
    if field == "checkins":
        if new is None:
            return _("check-in {checkin} removed after it was committed").format(
                checkin=_value(old))
        return _("check-in {date}: {what}, changed after it was committed").format(
            date=old.get("date"), what=_differences(old, new))
    if field == "changes":
        if new is None:
            return _("change record {record} removed after it was committed").format(
                record=_value(old))
        return _("change record of {field} on {date}: {what}, changed after it was "
                 "committed").format(field=field_name(old.get("field")), date=old.get("date"),
                                     what=_differences(old, new))
    return _("drop record: {what}, changed after it was committed").format(
        what=_differences(old, new if isinstance(new, dict) else {}))


def said(change: DiffChange) -> str:
    """What changed, in one line: its kind's own words, then the details."""
    d = change.delta
    if d.kind in (CREATED, DELETED):
        return _value(d.new if d.kind == CREATED else d.old)
    if d.kind == DROPPED:  # after "dropped: "
        return _("on {date}, reason: {reason}").format(date=d.new, reason=d.reason or "—")
    if d.kind == RESTORED:
        return _("no longer dropped (was: {was})").format(was=_value(d.old))
    if d.kind == RENAMED:
        return _("{old} → {new}").format(old=d.old, new=d.new)
    if d.kind == UNREADABLE:  # compared with nothing: its objectives neither gone nor new
        return _("{path}: {reason}").format(path=change.path, reason=d.reason or "—")
    field = field_name(d.field)
    if d.kind == MOVED:
        if not d.reason:
            return _("{field} {old} → {new}, no reason recorded").format(
                field=field, old=_value(d.old), new=_value(d.new))
        return _("{field} {old} → {new}, reason: {reason}").format(
            field=field, old=_value(d.old), new=_value(d.new), reason=d.reason)
    if d.kind == CHECKIN:
        return _value(d.new)
    if d.kind == REWRITTEN:
        return _rewritten(d.field, d.old, d.new)
    return _("{field} {old} → {new}").format(field=field, old=_value(d.old), new=_value(d.new))


def _sides(result: DiffResult) -> str:
    return _("{old} → {new}").format(old=result.old_label, new=result.new_label)


def _status(status: Status | None) -> str:
    return _(status.label) if status is not None else "—"


def _statuses(effect: DiffEffect) -> tuple[str, str]:
    """An effect's status before and after, a thing dropped on a side "dropped" there."""
    return (_("dropped") if effect.dropped_before else _status(effect.status_before),
            _("dropped") if effect.dropped_after else _status(effect.status_after))


def _status_change(effect: DiffEffect) -> str:
    return _("{before} → {after}").format(before=_statuses(effect)[0],
                                         after=_statuses(effect)[1])


def _groups(result: DiffResult) -> list[tuple[str, list[DiffChange]]]:
    groups: dict[str, list[DiffChange]] = {}
    for change in result.changes:
        groups.setdefault(change.owner, []).append(change)
    return list(groups.items())


def _owner(result: DiffResult, owner: str) -> str:
    name = result.name(owner)
    return name if name == owner else f"{name} ({owner})"


def _effect_ref(effect: DiffEffect, result: DiffResult) -> str:
    """A key result's or objective's ref; an owner by its name, as the changes name it."""
    return effect.ref if effect.kind != "owner" else _("owner {owner}").format(
        owner=_owner(result, effect.ref))


# --- text ---------------------------------------------------------------------------------


INDENT = 2  # a change under its owner
NARROW = 24  # a change given less room than this after its ref goes below the ref


def text(result: DiffResult) -> list[Any]:
    """Renderables for the terminal: per owner the changes, then the effects table. Each
    change wraps under its own start, after its ref (as ``okr log`` wraps them)."""
    out: list[Any] = [Fit(lambda width: _changes(result, width))]
    if result.changes and result.effects:
        rows = [Row([Text(visible(_effect_ref(e, result)),
                          style="bold" if e.kind == "owner" else ""),
                     Text(_("{before} → {after}").format(before=pct(e.score_before),
                                                          after=pct(e.score_after))),
                     Text(_status_change(e))])
                for e in result.effects]
        columns = [Column(_(EFFECT_COLUMNS[0]), flex=True), Column(_(EFFECT_COLUMNS[1])),
                   Column(_(EFFECT_COLUMNS[2]), wraps=8)]
        out.append(Text())
        out.append(Grid(columns, rows, title=Text(_("What it does to the numbers"),
                                                  style="bold")))
    return out


def _said(change: DiffChange) -> Text:
    """A change's kind in its colour, then what changed (yellow: a goalpost moved without
    a reason)."""
    line = Text(_kind(change), style=KIND_STYLES.get(change.delta.kind, ""))
    line.append(_(": "))
    line.append_text(user(said(change), style="yellow" if silent(change) else ""))
    return line


def _changes(result: DiffResult, width: int) -> list[Text]:
    out = wrap(user(_("OKR diff · {sides}").format(sides=_sides(result)), style="bold"), width)
    if not result.changes:
        return out + wrap(Text(_("No change to objectives or key results.")), width)
    for owner, changes in _groups(result):
        out.append(Text())
        out += wrap(user(_owner(result, owner), style="bold"), width)
        refs = [user(c.delta.ref, style="dim") for c in changes if c.delta.kind != RENAMED]
        at = INDENT + max((r.cell_len for r in refs), default=0) + 2
        for change in changes:
            line = _said(change)
            if change.delta.kind == RENAMED:  # the file's line, under no ref
                out += indented(line, width, INDENT + 2, INDENT)
                continue
            ref = user(change.delta.ref, style="dim")
            if width - at < NARROW:
                out += indented(ref, width, INDENT)
                out += indented(line, width, INDENT + 2)
                continue
            lines = indented(line, width, at)
            first = Text(" " * INDENT) + ref + Text(" " * (at - INDENT - ref.cell_len))
            first.append_text(lines[0][at:] if lines else Text())
            out += [first, *lines[1:]]
    return out


EFFECT_COLUMNS = (N_("Key result / objective / owner"), N_("Score"), N_("Status"))


def summary(result: DiffResult) -> str:
    """The line on stderr after the text: how many changes, how many without a reason,
    how many rewrite history."""
    n = len(result.changes)
    quiet = sum(silent(c) for c in result.changes)
    rewritten = sum(rewrites(c) for c in result.changes)
    line = ngettext("{n} change", "{n} changes", n).format(n=n)
    if quiet:
        line += _(", ") + ngettext("{n} goalpost moved without a reason",
                                   "{n} goalposts moved without a reason", quiet).format(n=quiet)
    if rewritten:
        line += _(", ") + _rewrite_count(rewritten)
    return line


def _rewrite_count(n: int) -> str:
    return ngettext("{n} rewrite of committed history (okr check --base: an error)",
                    "{n} rewrites of committed history (okr check --base: errors)",
                    n).format(n=n)


# --- markdown -----------------------------------------------------------------------------


def markdown(result: DiffResult) -> str:
    """The pull-request comment: a heading, per owner its renamed files and a table of its
    changes, the effects. What ``okr check --base`` would fail on is marked ⚠️ and bold."""
    lines = ["## " + inline(_("OKR diff · {sides}").format(sides=_sides(result))), ""]
    if not result.changes:
        lines += [inline(_("No change to objectives or key results.")), ""]
        return "\n".join(lines)
    for owner, changes in _groups(result):
        lines += ["### " + inline(_owner(result, owner)), ""]
        renames = [c for c in changes if c.delta.kind == RENAMED]
        rest = [c for c in changes if c.delta.kind != RENAMED]
        for change in renames:
            lines.append(_("{kind}: {old} → {new}").format(
                kind=inline(_kind(change)), old=code(change.delta.old),
                new=code(change.delta.new)) + "  ")
        if renames:
            lines[-1] = lines[-1].rstrip()
            lines.append("")
        if not rest:
            continue
        lines += [header(N_("Ref"), N_("Change"), N_("Details")), "| --- | --- | --- |"]
        for change in rest:
            what = inline(said(change))
            if warned(change):
                what = f"⚠️ **{what}**"
            lines.append(f"| {code(change.delta.ref)} | {inline(_kind(change))} | {what} |")
        lines.append("")
    if result.effects:
        lines += ["### " + _("What it does to the numbers"), "",
                  header(*EFFECT_COLUMNS), "| --- | --- | --- |"]
        for e in result.effects:
            ref = code(e.ref) if e.kind != "owner" else f"**{inline(_effect_ref(e, result))}**"
            lines.append(f"| {ref} | {pct(e.score_before)} → {pct(e.score_after)} | "
                         f"{_status_change(e)} |")
        lines.append("")
    quiet = sum(silent(c) for c in result.changes)
    rewritten = sum(rewrites(c) for c in result.changes)
    notes = []
    if quiet:
        notes.append(inline(ngettext(
            "{n} goalpost moved without a reason recorded",
            "{n} goalposts moved without a reason recorded", quiet).format(n=quiet)))
    if rewritten:
        notes.append(inline(_rewrite_count(rewritten)))
    if notes:
        lines += ["  \n".join(f"⚠️ {note}" for note in notes), ""]
    return "\n".join(lines)


# --- json ---------------------------------------------------------------------------------


def as_json(result: DiffResult) -> str:
    """``{from, to, changes, effects}``: a contract (add fields, never rename)."""
    return dumps({
        "from": result.old,
        "to": result.new,
        "changes": [{**c.delta.to_json(), "owner": c.owner, "path": c.path, "line": c.line}
                    for c in result.changes],
        "effects": [{"ref": e.ref, "score_before": e.score_before,
                     "score_after": e.score_after,
                     "status_before": e.status_before.value if e.status_before else None,
                     "status_after": e.status_after.value if e.status_after else None,
                     "kind": e.kind, "owner": e.owner, "dropped_before": e.dropped_before,
                     "dropped_after": e.dropped_after} for e in result.effects],
    })


# --- github -------------------------------------------------------------------------------


def github(result: DiffResult) -> str:
    """A workflow annotation per change on its line of the new file (a warning for what
    ``okr check --base`` fails on: a goalpost moved without a reason, rewritten history),
    a renamed file's on the file, and one notice per effect."""
    lines = []
    for change in result.changes:
        level = "warning" if warned(change) else "notice"
        props = []
        if change.line is not None:
            props = [f"file={_escape_property(change.repo_path)}", f"line={change.line}",
                     f"col={change.col}"]
        elif change.delta.kind in (RENAMED, UNREADABLE):
            props = [f"file={_escape_property(change.repo_path)}"]
        props.append("title=" + _escape_property(
            f"okr diff: {change.delta.ref} {_kind(change)}"))
        lines.append(f"::{level} {','.join(props)}::{_escape_data(said(change))}")
    for e in result.effects:
        was, now = _statuses(e)
        message = _("{ref}: score {before} → {after}, status {was} → {now}").format(
            ref=_effect_ref(e, result), before=pct(e.score_before), after=pct(e.score_after),
            was=was, now=now)
        lines.append(f"::notice title={_escape_property('okr diff')}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
