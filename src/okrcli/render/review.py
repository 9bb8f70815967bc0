"""The weekly review as Markdown: readable in a pull request, a wiki or meeting notes.
User text is escaped (``markdown.inline``); a title on a row is cut to ROW_TITLE
characters, so that the review grows with the files, not with their titles times their
check-ins (``okr show REF`` and the dashboard show it whole). Scores are shown to people
in percent and their changes in percentage points; JSON keeps the 0..1 fractions."""

from __future__ import annotations

from itertools import groupby

from okrcli import scoring
from okrcli.render import day, field_value, num, pct, points
from okrcli.render.escape import clip
from okrcli.render.markdown import code, inline
from okrcli.results import Move, Report

ROW_TITLE = 80
BETTER, WORSE = "▲", "▼"
LEGEND = (f"{BETTER} better, {WORSE} worse, by the key result's direction: toward its "
          "target; for a threshold, away from the wrong side of its line; for a milestone, "
          "done.")
SCORES = ("Scores are in percent, changes in percentage points (pts). An owner's score is "
          "the mean of its objectives'; an objective's, the weighted mean of its live key "
          "results, or, when it has none of its own, its roll-up: the mean of the "
          "objectives aligned to it.")


def row(text: str) -> str:
    """A title or a name on a row of the review: cut, then escaped."""
    return inline(clip(text, ROW_TITLE))


def change(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):+d}"
    return f"{value:+.2f}".rstrip("0").rstrip(".")


def direction(better: bool | None) -> str:
    """▲ for good news by the key result's direction, ▼ for bad, nothing when unknown."""
    if better is None:
        return ""
    return BETTER if better else WORSE


def moved_change(move: Move) -> str:
    """A check-in's change with its direction: ``+1 ▼`` (a milestone done: ``▲``)."""
    shown, mark = change(move.change), direction(move.better)
    if shown == "—":
        return mark or shown
    return f"{shown} {mark}".rstrip()


def _window(report: Report) -> str:
    return "this week" if (report.until - report.since).days == 7 else \
        f"since {report.since}"


def _name(report: Report, owner: str) -> str:
    return row(report.labels.get(owner, owner))


def _company(report: Report) -> str:
    names = [_name(report, r) for r in report.roots]
    if len(names) == 1:
        return f": the score of {names[0]}, the mean of its objectives"
    if names:
        return f": the mean of the scores of {', '.join(names)}"
    return ""


def markdown(report: Report) -> str:
    org = f"{inline(report.organization)} · " if report.organization else ""
    out = [f"# OKR review · {org}{inline(report.cycle.id)} · {report.since} → "
           f"{report.until}", ""]
    out += ["## Summary", ""]
    out.append(f"- Company score: **{pct(report.score)}** "
               f"({points(report.change)} since {report.since}){_company(report)}")
    counts = ", ".join(f"{s.label}: {n}" for s, n in report.counts.items())
    out.append(f"- Key results: {counts}")
    out.append("")

    out += ["## What moved", ""]
    if not report.moved:
        out += ["_No check-ins in this window._", ""]
    else:
        out += [f"_{LEGEND}_", ""]
    for owner, moves in report.moved.items():
        out += [f"### {inline(report.labels.get(owner, owner))}", ""]
        out.append("| Date | Key result | Value | Change | Confidence | Note |")
        out.append("|---|---|---:|---:|---:|---|")
        for m in moves:
            unit = f" {row(m.unit)}" if m.unit else ""
            out.append(
                f"| {m.date} | {row(m.title)} {code(m.ref)}{_dropped(m)} | "
                f"{num(m.value)}{unit} | {moved_change(m)} | {pct(m.confidence)}"
                f" | {inline(m.note or '')} |"
            )
        out.append("")

    out += [f"## No update {_window(report)}", ""]
    if not report.silent:
        out += ["_Every live key result has a check-in in this window._", ""]
    else:
        out += ["_Live key results without a check-in in this window, by who drives them "
                "(in brackets: the last check-in)._", ""]
        for owner, items in groupby(report.silent, key=lambda s: s.owner):
            krs = " · ".join(f"{code(s.ref)} {row(s.title)} "
                             f"({day(s.last_checkin) if s.last_checkin else 'no check-in yet'})"
                             for s in items)
            out.append(f"- **{_name(report, owner)}**: {krs}")
        out.append("")

    out += ["## Needs attention", ""]
    if not report.attention:
        out += ["_Nothing at risk, off track or stale._", ""]
    else:
        out.append("| Key result | Owner | Status | Score | Expected | Confidence | Why |")
        out.append("|---|---|---|---:|---:|---:|---|")
        for a in report.attention:
            conf = pct(a.confidence)
            if a.confidence_before is not None and "confidence dropped" in a.reasons:
                conf = f"{pct(a.confidence_before)} → {conf} {WORSE}"
            out.append(
                f"| {row(a.title)} {code(a.ref)} | {_name(report, a.owner)} | "
                f"{a.status.label} | {pct(a.score)} | "
                f"{pct(a.expected) if scoring.shows_expected(a.kind) else '—'} | {conf} | "
                f"{', '.join(a.reasons)} |"
            )
        out.append("")

    out += ["## Moved goalposts", ""]
    if not report.goalposts:
        out += ["_No key result was changed in this window._", ""]
    for g in report.goalposts:
        out.append(f"- {g.date} {code(g.ref)} {row(g.title)} — {_name(report, g.owner)}: "
                   f"{inline(g.field)} {inline(field_value(g.old))} → "
                   f"{inline(field_value(g.new))} — {inline(g.reason)}")
    if report.goalposts:
        out.append("")

    out += ["## Dropped", ""]
    if not report.drops:
        out += ["_No key result was dropped in this window._", ""]
    for gone in report.drops:
        out.append(f"- {gone.date} {code(gone.ref)} {row(gone.title)} — "
                   f"{_name(report, gone.owner)}: {inline(gone.reason)}")
    if report.drops:
        out += ["", "_A dropped key result counts in no score from its drop on: an owner's "
                "change may come from it._", ""]

    out += ["## Due in the next 14 days", ""]
    if not report.due:
        out += ["_Nothing due._", ""]
    for d in report.due:
        out.append(f"- {d.due} {code(d.ref)} {row(d.title)} — "
                   f"{_name(report, d.owner)}, {d.status.label}, {pct(d.score)}")
    if report.due:
        out.append("")

    out += ["## Owners", ""]
    out.append("| Owner | Score | Change | " + " | ".join(
        s.label.capitalize() for s in report.counts) + " |")
    out.append("|---|---:|---:|" + "---:|" * len(report.counts))
    for o in report.owners:
        delta = (o.score - o.score_before) if o.score is not None and \
            o.score_before is not None else None
        out.append(f"| {inline(o.name)} | {pct(o.score)} | {points(delta)} | "
                   + " | ".join(str(n) for n in o.counts.values()) + " |")
    out += ["", f"_{SCORES}_"]
    return "\n".join(out).rstrip() + "\n"


def _dropped(move: Move) -> str:
    """A check-in of a key result dropped by the window's end is marked, never live."""
    if move.dropped_on is None:
        return ""
    if move.after_drop:
        return f" **(checked in after its drop on {move.dropped_on})**"
    return f" _(dropped {move.dropped_on})_"
