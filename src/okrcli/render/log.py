"""``okr log``: the history of a key result, objective or owner, as a terminal table and
as JSON. Pure: a ``LogResult`` in, a renderable or text out.

The table has one group per commit: a line with its short name, date, author and subject,
then its changes under it, each after its ref (but in a key result's own history). Every
user string (a title, a note, a reason, an author's name, a commit's subject) is a
``Text`` made visible; a rewrite is marked in words and red, a moved goalpost without a
reason in words and yellow, so that both read without colour."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from okrcli.gitresults import LogEntry, LogResult
from okrcli.i18n import N_, _, ngettext
from okrcli.render import num, pct
from okrcli.render.cells import dropped_on, user
from okrcli.render.fields import field_name
from okrcli.render.layout import (
    Cell,
    Column,
    Fit,
    Grid,
    Row,
    indented,
    padded,
    prefixed,
    wrap,
)

# The fields of an objective, a key result, a check-in or a record, as people read them.
# the words of a record's parts beside the fields' (render/fields.py has those)
_PARTS = {"old": N_("old"), "new": N_("new")}

# One line per commit (no header: the changes under it are not in its columns).
COLUMNS = [Column(""), Column(""), Column("", most=20), Column("", flex=True)]


def field_word(name: str | None) -> str:
    return _(_PARTS[name]) if name in _PARTS else field_name(name)


def value(item: Any, field: str | None = None) -> str:
    """A JSON value of a field for people: a number, a date, a yes or no, a dash for none."""
    if isinstance(item, bool) and field != "value":
        return _("yes") if item else _("no")
    if item is None or isinstance(item, int | float | bool):
        return num(item)
    return str(item)


def _checkin(item: dict[str, Any]) -> str:
    said = _("check-in {date}: {value}").format(date=item["date"],
                                                 value=value(item["value"], "value"))
    if item.get("confidence") is not None:
        said += _(", confidence {confidence}").format(confidence=pct(item["confidence"]))
    if item.get("note"):
        said += _(", note: {note}").format(note=item["note"])
    return said


def _differences(old: dict[str, Any], new: dict[str, Any]) -> str:
    return _(", ").join(
        _("{field} {old} → {new}").format(field=field_word(key), old=value(old.get(key), key),
                                         new=value(new.get(key), key))
        for key in old if old.get(key) != new.get(key))


def _rewritten(entry: LogEntry) -> str:
    old, new = entry.old or {}, entry.new or {}
    if entry.field == "checkins":
        if not new:
            return _("check-in {date} ({value}) removed after it was committed").format(
                date=old.get("date"), value=value(old.get("value"), "value"))
        return _("check-in {date} rewritten after it was committed: {what}").format(
            date=old.get("date"), what=_differences(old, new))
    if entry.field == "changes":
        if not new:
            return _("the record of a change of {field} on {date} removed after it was "
                     "committed").format(field=field_word(old.get("field")),
                                         date=old.get("date"))
        return _("the record of a change of {field} on {date} rewritten after it was "
                 "committed: {what}").format(field=field_word(old.get("field")),
                                             date=old.get("date"), what=_differences(old, new))
    return _("the drop record rewritten after it was committed: {what}").format(
        what=_differences(old, new))


def change(entry: LogEntry) -> Text:
    """What one entry changed, in a sentence (styled by what it means)."""
    kind, style = entry.kind, ""
    if kind == "checkin":
        said = _checkin(entry.new)
    elif kind == "moved" and entry.reason is not None:
        said = _("{field} moved {old} → {new}, reason: {reason}").format(
            field=field_word(entry.field), old=value(entry.old), new=value(entry.new),
            reason=entry.reason)
    elif kind == "moved":
        said, style = _("{field} moved {old} → {new}: no reason recorded").format(
            field=field_word(entry.field), old=value(entry.old),
            new=value(entry.new)), "bold yellow"
    elif kind == "changed":
        said = _("{field} changed: {old} → {new}").format(
            field=field_word(entry.field), old=value(entry.old, entry.field),
            new=value(entry.new, entry.field))
    elif kind == "dropped":
        said, style = dropped_on(entry.new, entry.reason or ""), "dim"
    elif kind == "restored":
        said = _("restored: no longer dropped")
    elif kind == "rewritten":
        said, style = _rewritten(entry), "bold red"
    elif kind == "created":
        said, style = _("created: {title}").format(title=entry.new), "green"
    elif kind == "deleted":
        said, style = _("deleted: {title}").format(title=entry.old), "red"
    elif kind == "renamed":
        said, style = _("file renamed: {old} → {new}").format(old=entry.old,
                                                              new=entry.new), "cyan"
    elif kind == "unreadable":
        said, style = _("this version cannot be read: {reason}").format(
            reason=entry.reason), "bold red"
    else:  # a kind okrdiff may add later
        said = f"{kind} {entry.field or ''}".strip()
    return user(said, style=style)


def table(result: LogResult) -> Fit:
    return Fit(lambda width: _table(result, width))


INDENT = 4  # the changes under their commit's line


def _changes(entries: list[LogEntry], width: int, ref_width: int | None) -> list[Text]:
    """One commit's changes, each wrapped under its own start: after its ref (in a column
    ``ref_width`` wide; None: no ref, a key result's own history), or below the ref where
    the width leaves the change too little room."""
    out: list[Text] = []
    for entry in entries:
        said = change(entry)
        if ref_width is None:
            out += indented(said, width, INDENT)
            continue
        ref = user(entry.ref, style="dim")
        at = INDENT + ref_width + 2
        if width - at < 24:
            out += indented(ref, width, INDENT)
            out += indented(said, width, INDENT + 2)
            continue
        lines = wrap(said, width - at)  # then indented: the first line after the ref
        first = prefixed(" " * INDENT, ref)
        first.append(" " * (at - INDENT - ref.cell_len))
        if lines:
            first.append_text(lines[0])
        out += [first, *(padded(line, at) for line in lines[1:])]
    return out


def _table(result: LogResult, width: int) -> list[Any]:
    one_ref = result.ref.count("/") == 2  # a key result's: every line would say it
    ref_width = None if one_ref else max((user(e.ref).cell_len for e in result.entries),
                                         default=0)
    groups: list[list[LogEntry]] = []
    for entry in result.entries:
        if groups and groups[-1][0].sha == entry.sha:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    rows: list[Row] = []
    for group in groups:
        first = group[0]
        if first.sha is None or first.date is None:
            head: list[Cell] = [Text("—", style="dim"), None, None, Text(
                _("uncommitted changes in the working tree"), style="bold yellow")]
        else:
            head = [Text(first.short or first.sha[:7], style="yellow"),
                    Text(f"{first.date:%Y-%m-%d}"), user(first.author),
                    user(first.subject, style="italic")]
        rows.append(Row(head, hang=2, under=_changes(group, width, ref_width)))
    title = user(_("History of {ref} · {cycle} · {path}").format(
        ref=result.ref, cycle=result.cycle.id, path=result.path), style="bold")
    notes = []
    if result.more:
        notes.append(Text(ngettext("only the newest {n} entry is shown (-n)",
                                   "only the newest {n} entries are shown (-n)",
                                   len(result.entries)).format(n=len(result.entries)),
                          style="dim"))
    if result.shallow is not None:
        short, date = result.shallow
        notes.append(Text(_("shallow clone: history starts at {sha} ({date}); older commits "
                            "are not in this clone (git fetch --unshallow)").format(
            sha=short, date=f"{date:%Y-%m-%d}"), style="bold yellow"))
    if not result.entries:
        notes.insert(0, user(_("no changes to {ref} in this history").format(ref=result.ref),
                             style="dim"))
    out = wrap(title, width)
    if rows:
        out += Grid(COLUMNS, rows, header=False, least=16).lines(width)
    return out + [line for note in notes for line in wrap(note, width)]


def as_json(result: LogResult) -> list[dict[str, Any]]:
    """The entries as ``okr log --format json`` gives them (a contract: fields may be
    added, none renamed): ``commit`` (full name, null for uncommitted changes), ``author``,
    ``date`` (the commit date, ISO 8601 with its offset), ``ref``, ``kind``, ``field``,
    ``old``, ``new``, ``reason``; then ``short``, ``email``, ``subject``, ``path``."""
    return [{"commit": e.sha, "author": e.author,
             "date": e.date.isoformat() if e.date else None, "ref": e.ref, "kind": e.kind,
             "field": e.field, "old": e.old, "new": e.new, "reason": e.reason,
             "short": e.short, "email": e.email, "subject": e.subject, "path": e.path}
            for e in result.entries]
