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
from okrcli.okrdiff import CHANGED, CHECKIN, CREATED, DELETED, DROPPED, MOVED, RESTORED, REWRITTEN
from okrcli.render import num, pct
from okrcli.render.escape import visible
from okrcli.render.findings import _escape_data, _escape_property
from okrcli.render.layout import Column, Grid, Row
from okrcli.render.machine import dumps
from okrcli.render.markdown import code, header, inline
from okrcli.scoring import Status

# The kinds as a reader sees them (the JSON keeps okrdiff's words).
KIND_WORDS = {CREATED: N_("created"), DELETED: N_("deleted, not dropped"),
              DROPPED: N_("dropped"), RESTORED: N_("restored"),
              MOVED: N_("goalpost moved"), CHANGED: N_("changed"), CHECKIN: N_("check-in"),
              REWRITTEN: N_("rewritten")}
KIND_STYLES = {CREATED: "green", DELETED: "bold red", DROPPED: "yellow", RESTORED: "green",
               MOVED: "magenta", CHANGED: "", CHECKIN: "cyan", REWRITTEN: "bold red"}


def silent(change: DiffChange) -> bool:
    """A goalpost moved without a reason recorded in ``changes:``."""
    return change.delta.kind == MOVED and not change.delta.reason


def _value(value: Any) -> str:
    """A field's old or new value, a check-in or a record, as text (user text raw)."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "value" in value:  # a check-in
        out = f"{value['date']} {num(value['value'])}"
        if value.get("confidence") is not None:
            out += " " + _("(confidence {confidence})").format(
                confidence=pct(value["confidence"]))
        if value.get("note"):
            out += " " + _("“{note}”").format(note=value["note"])
        return out
    if isinstance(value, dict) and "field" in value:  # a change record
        return _("{date} {field} {old} → {new}: {reason}").format(
            date=value["date"], field=value["field"], old=_value(value["old"]),
            new=_value(value["new"]), reason=value["reason"])
    if isinstance(value, dict):  # a drop record
        return _("{date}: {reason}").format(date=value.get("date"), reason=value.get("reason"))
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return num(value) if isinstance(value, int | float) else str(value)


def said(change: DiffChange) -> str:
    """What changed, in one line: its kind's own words, then the details."""
    d = change.delta
    if d.kind in (CREATED, DELETED):
        return _value(d.new if d.kind == CREATED else d.old)
    if d.kind == DROPPED:
        return _("reason: {reason}").format(reason=d.reason or "—")
    if d.kind == RESTORED:
        return _("no longer dropped (was: {was})").format(was=_value(d.old))
    if d.kind == MOVED:
        if not d.reason:
            return _("{field} {old} → {new}, no reason recorded").format(
                field=d.field, old=_value(d.old), new=_value(d.new))
        return _("{field} {old} → {new}, reason: {reason}").format(
            field=d.field, old=_value(d.old), new=_value(d.new), reason=d.reason)
    if d.kind == CHECKIN:
        return _value(d.new)
    if d.kind == REWRITTEN and d.new is None:
        return _("{field}: {old} removed after it was committed").format(
            field=d.field, old=_value(d.old))
    if d.kind == REWRITTEN:
        return _("{field}: {old} → {new}, changed after it was committed").format(
            field=d.field, old=_value(d.old), new=_value(d.new))
    return _("{field} {old} → {new}").format(field=d.field, old=_value(d.old), new=_value(d.new))


def _sides(result: DiffResult) -> str:
    return _("{old} → {new}").format(old=result.old_label, new=result.new_label)


def _status(status: Status | None) -> str:
    return _(status.label) if status is not None else "—"


def _groups(result: DiffResult) -> list[tuple[str, list[DiffChange]]]:
    groups: dict[str, list[DiffChange]] = {}
    for change in result.changes:
        groups.setdefault(change.owner, []).append(change)
    return list(groups.items())


def _owner(result: DiffResult, owner: str) -> str:
    name = result.name(owner)
    return name if name == owner else f"{name} ({owner})"


def _effect_ref(effect: DiffEffect) -> str:
    return effect.ref if effect.kind != "owner" else _("owner {owner}").format(owner=effect.ref)


# --- text ---------------------------------------------------------------------------------


def text(result: DiffResult) -> list[Any]:
    """Renderables for the terminal: per owner the changes, then the effects table."""
    out: list[Any] = []
    title = Text(visible(_("OKR diff · {sides}").format(sides=_sides(result))), style="bold")
    out.append(title)
    if not result.changes:
        out.append(Text(_("No change to objectives or key results.")))
        return out
    for owner, changes in _groups(result):
        out.append(Text())
        out.append(Text(visible(_owner(result, owner)), style="bold"))
        for change in changes:
            line = Text("  ")
            line.append(visible(change.delta.ref), style="dim")
            line.append("  ")
            line.append(_(KIND_WORDS[change.delta.kind]), style=KIND_STYLES[change.delta.kind])
            line.append(_(": "))
            line.append(visible(said(change)), style="yellow" if silent(change) else "")
            out.append(line)
    if result.effects:
        out.append(Text())
        rows = [Row([Text(visible(_effect_ref(e)), style="bold" if e.kind == "owner" else ""),
                     Text(_("{before} → {after}").format(before=pct(e.score_before),
                                                          after=pct(e.score_after))),
                     Text(_("{before} → {after}").format(before=_status(e.status_before),
                                                          after=_status(e.status_after)))])
                for e in result.effects]
        columns = [Column(_(EFFECT_COLUMNS[0]), flex=True), Column(_(EFFECT_COLUMNS[1])),
                   Column(_(EFFECT_COLUMNS[2]), wraps=8)]
        out.append(Grid(columns, rows, title=Text(_("What it does to the numbers"),
                                                  style="bold")))
    return out


EFFECT_COLUMNS = (N_("Key result / objective / owner"), N_("Score"), N_("Status"))


def summary(result: DiffResult) -> str:
    """The line on stderr after the text: how many changes, how many without a reason."""
    n = len(result.changes)
    quiet = sum(silent(c) for c in result.changes)
    line = ngettext("{n} change", "{n} changes", n).format(n=n)
    if quiet:
        line += _(", ") + ngettext("{n} goalpost moved without a reason",
                                   "{n} goalposts moved without a reason", quiet).format(n=quiet)
    return line


# --- markdown -----------------------------------------------------------------------------


def markdown(result: DiffResult) -> str:
    """The pull-request comment: a heading, a table of changes per owner, the effects."""
    lines = ["## " + inline(_("OKR diff · {sides}").format(sides=_sides(result))), ""]
    if not result.changes:
        lines += [inline(_("No change to objectives or key results.")), ""]
        return "\n".join(lines)
    for owner, changes in _groups(result):
        lines += ["### " + inline(_owner(result, owner)), "",
                  header(N_("Ref"), N_("Change"), N_("Details")), "| --- | --- | --- |"]
        for change in changes:
            what = inline(said(change))
            if silent(change):
                what = f"⚠️ **{what}**"
            lines.append(f"| {code(change.delta.ref)} | {_(KIND_WORDS[change.delta.kind])} "
                         f"| {what} |")
        lines.append("")
    if result.effects:
        lines += ["### " + _("What it does to the numbers"), "",
                  header(*EFFECT_COLUMNS), "| --- | --- | --- |"]
        for e in result.effects:
            ref = code(e.ref) if e.kind != "owner" else "**" + inline(_effect_ref(e)) + "**"
            lines.append(f"| {ref} | {pct(e.score_before)} → {pct(e.score_after)} | "
                         f"{_status(e.status_before)} → {_status(e.status_after)} |")
        lines.append("")
    quiet = sum(silent(c) for c in result.changes)
    if quiet:
        lines += [inline(ngettext(
            "{n} goalpost moved without a reason recorded",
            "{n} goalposts moved without a reason recorded", quiet).format(n=quiet)),
            ""]
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
                     "kind": e.kind, "owner": e.owner} for e in result.effects],
    })


# --- github -------------------------------------------------------------------------------


def github(result: DiffResult) -> str:
    """A workflow annotation per change on its line of the new file (a goalpost moved
    without a reason is a warning), and one notice per effect."""
    lines = []
    for change in result.changes:
        level = "warning" if silent(change) else "notice"
        props = []
        if change.line is not None:
            props = [f"file={_escape_property(change.repo_path)}", f"line={change.line}",
                     f"col={change.col}"]
        props.append("title=" + _escape_property(
            f"okr diff: {change.delta.ref} {_(KIND_WORDS[change.delta.kind])}"))
        lines.append(f"::{level} {','.join(props)}::{_escape_data(said(change))}")
    for e in result.effects:
        message = _("{ref}: score {before} → {after}, status {was} → {now}").format(
            ref=_effect_ref(e), before=pct(e.score_before), after=pct(e.score_after),
            was=_status(e.status_before), now=_status(e.status_after))
        lines.append(f"::notice title={_escape_property('okr diff')}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
