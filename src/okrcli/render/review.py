"""The weekly review as Markdown: readable in a pull request, a wiki or meeting notes.
User text is escaped (``markdown.inline``); a title on a row is cut to ROW_TITLE
characters, so that the review grows with the files, not with their titles times their
check-ins (``okr show REF`` and the dashboard show it whole). Scores are shown to people
in percent and their changes in percentage points; JSON keeps the 0..1 fractions."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import TypeVar

from okrcli import scoring
from okrcli.i18n import N_, _, ngettext
from okrcli.render import day, field_value, num, pct, points
from okrcli.render.escape import clip
from okrcli.render.fields import field_name
from okrcli.render.markdown import code, header, inline, listed, origin_lines, word
from okrcli.results import Move, Report, TopOfTree

T = TypeVar("T")
ROW_TITLE = 80
MOST = 50  # items of a list (and owners in the owners' table) before "and N more"
BETTER, WORSE = "▲", "▼"
LEGEND = N_("{better} better, {worse} worse, by the key result's direction: toward its "
            "target; for a threshold, away from the wrong side of its line; for a "
            "milestone, done.")
SCORES = N_("Scores are in percent, changes in percentage points (pts). An owner's score "
            "is the mean of its objectives'; an objective's, the weighted mean of its live "
            "key results, or, when it has none of its own, its roll-up: the mean of the "
            "objectives aligned to it.")
# The words services/review.py gives a key result that needs attention (Attention.reasons,
# English in JSON), besides its status: translated where the review shows them.
REASONS = (N_("confidence dropped"), N_("stale"))


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
    """The heading of the key results without a check-in in the window."""
    if (report.until - report.since).days == 7:
        return _("No update this week")
    return _("No update since {since}").format(since=report.since)


def _name(report: Report, owner: str) -> str:
    return row(report.labels.get(owner, owner))


def _last(last: dt.date | None) -> str:
    """After a title: the date of its last check-in, in brackets."""
    if last is None:
        return _(" (no check-in yet)")
    # TRANSLATORS: after a title: the date of its last check-in, in brackets.
    return _(" ({date})").format(date=day(last))


def _reasons(reasons: tuple[str, ...]) -> str:
    """Why a key result needs attention, in the reader's language."""
    return listed([_(reason) for reason in reasons])


def _company(report: Report) -> str:
    names = [_name(report, r) for r in report.roots]
    score = f"**{pct(report.score)}**"
    change = points(report.change)
    if len(names) == 1:
        return _("Company score: {score} ({change} since {since}): the score of {name}, the "
                 "mean of its objectives").format(score=score, change=change,
                                                   since=report.since, name=names[0])
    if names:
        return _("Company score: {score} ({change} since {since}): the mean of the scores "
                 "of {names}").format(score=score, change=change, since=report.since,
                                      names=listed(names))
    return _("Company score: {score} ({change} since {since})").format(
        score=score, change=change, since=report.since)


# Above a review, a dashboard or a site that had to leave files out: never unsaid.
LEFT_OUT = N_("Left out of this review: {files} (okr check says why); the scores and "
              "counts here are without them.")


def left_out(report: Report) -> list[str]:
    """The files of the cycle the review could not take in (they do not read, or are an
    owner's second file), each once, in the order their problems came."""
    status = report.status
    if status is None:
        return []
    return list(dict.fromkeys(d.path for d in status.problems if d.path not in status.elsewhere))


def markdown(report: Report, people: bool = False) -> str:
    """The review. Each list that grows with the company (check-ins, key results without
    one, what needs attention, goalposts, drops, what is due) shows its first MOST items
    and says how many more; above MOST owners the owners' table is the company and its
    departments. ``people``: every item and every owner (``okr report --people``)."""
    most = None if people else MOST
    org = f"{inline(report.organization)} · " if report.organization else ""
    out = ["# " + _("OKR review · {organization}{cycle} · {since} → {until}").format(
        organization=org, cycle=inline(report.cycle.id), since=report.since,
        until=report.until), ""]
    out += origin_lines(report.origin)
    files = left_out(report)
    if files:
        out += ["⚠️ **" + inline(_(LEFT_OUT).format(files=", ".join(files))) + "**", ""]
    out += ["## " + _("Summary"), ""]
    out.append(f"- {_company(report)}")
    counts = listed([_("{status}: {count}").format(status=word(s), count=n)
                     for s, n in report.counts.items()])
    out.append("- " + _("Key results: {counts}").format(counts=counts))
    out.append("")

    out += ["## " + _("What moved"), ""]
    if not report.moved:
        out += ["_" + _("No check-ins in this window.") + "_", ""]
    else:
        out += ["_" + _(LEGEND).format(better=BETTER, worse=WORSE) + "_", ""]
    room, left = most, 0  # check-ins shown, of MOST; those left out
    for owner, every in report.moved.items():
        moves = every if room is None else every[:room]
        left += len(every) - len(moves)
        if room is not None:
            room -= len(moves)
        if not moves:
            continue
        out += [f"### {inline(report.labels.get(owner, owner))}", ""]
        out.append(header(N_("Date"), N_("Key result"), N_("Value"), N_("Change"),
                          N_("Confidence"), N_("Note")))
        out.append("|---|---|---:|---:|---:|---|")
        for m in moves:
            unit = f" {row(m.unit)}" if m.unit else ""
            out.append(
                f"| {m.date} | {row(m.title)} {code(m.ref)}{_dropped(m)} | "
                f"{num(m.value)}{unit} | {moved_change(m)} | {pct(m.confidence)}"
                f" | {inline(m.note or '')} |"
            )
        out.append("")
    out += _more(left)

    out += [f"## {_window(report)}", ""]
    if not report.silent:
        out += ["_" + _("Every live key result has a check-in in this window.") + "_", ""]
    else:
        out += ["_" + _("Live key results without a check-in in this window, by who drives "
                        "them (in brackets: the last check-in).") + "_", ""]
        silent, left = _cut(report.silent, most)
        for owner, items in groupby(silent, key=lambda s: s.owner):
            krs = " · ".join(f"{code(s.ref)} {row(s.title)}" + _last(s.last_checkin)
                             for s in items)
            out.append("- " + _("{name}: {text}").format(
                name=f"**{_name(report, owner)}**", text=krs))
        out.append("")
        out += _more(left)

    out += ["## " + _("Needs attention"), ""]
    if not report.attention:
        out += ["_" + _("Nothing at risk, off track or stale.") + "_", ""]
    else:
        out.append(header(N_("Key result"), N_("Owner"), N_("Status"), N_("Score"),
                          N_("Expected"), N_("Confidence"), N_("Why")))
        out.append("|---|---|---|---:|---:|---:|---|")
        attention, left = _cut(report.attention, most)
        for a in attention:
            conf = pct(a.confidence)
            if a.confidence_before is not None and "confidence dropped" in a.reasons:
                conf = f"{pct(a.confidence_before)} → {conf} {WORSE}"
            out.append(
                f"| {row(a.title)} {code(a.ref)} | {_name(report, a.owner)} | "
                f"{word(a.status)} | {pct(a.score)} | "
                f"{pct(a.expected) if scoring.shows_expected(a.kind) else '—'} | {conf} | "
                f"{_reasons(a.reasons)} |"
            )
        out.append("")
        out += _more(left)

    out += ["## " + _("Moved goalposts"), ""]
    if not report.goalposts:
        out += ["_" + _("No key result was changed in this window.") + "_", ""]
    goalposts, left = _cut(report.goalposts, most)
    for g in goalposts:
        out.append(f"- {g.date} {code(g.ref)} {row(g.title)} — " + _("{name}: {text}").format(
            name=_name(report, g.owner), text=f"{inline(field_name(g.field))} "
            f"{inline(field_value(g.old))} → {inline(field_value(g.new))} — {inline(g.reason)}"))
    if report.goalposts:
        out += ["", *_more(left)]

    out += ["## " + _("Dropped"), ""]
    if not report.drops:
        out += ["_" + _("No key result was dropped in this window.") + "_", ""]
    drops, left = _cut(report.drops, most)
    for gone in drops:
        out.append(f"- {gone.date} {code(gone.ref)} {row(gone.title)} — " + _(
            "{name}: {text}").format(name=_name(report, gone.owner), text=inline(gone.reason)))
    if report.drops:
        out += ["", *_more(left), "_" + _("A dropped key result counts in no score from its "
                                          "drop on: an owner's change may come from it.")
                + "_", ""]

    out += ["## " + _("Due in the next 14 days"), ""]
    if not report.due:
        out += ["_" + _("Nothing due.") + "_", ""]
    due, left = _cut(report.due, most)
    for d in due:
        out.append(f"- {d.due} {code(d.ref)} {row(d.title)} — " + listed(
            [_name(report, d.owner), word(d.status), pct(d.score)]))
    if report.due:
        out += ["", *_more(left)]

    if most is not None and len(report.owners) > most and report.top is not None:
        out += departments(report, report.top)
        out += ["", "_" + _(SCORES) + "_"]
        return "\n".join(out).rstrip() + "\n"
    out += ["## " + _("Owners"), ""]
    out.append(header(N_("Owner"), N_("Score"), N_("Change")) + " " + " | ".join(
        word(s).capitalize() for s in report.counts) + " |")
    out.append("|---|---:|---:|" + "---:|" * len(report.counts))
    for o in report.owners:
        delta = (o.score - o.score_before) if o.score is not None and \
            o.score_before is not None else None
        out.append(f"| {inline(o.name)} | {pct(o.score)} | {points(delta)} | "
                   + " | ".join(str(n) for n in o.counts.values()) + " |")
    out += ["", "_" + _(SCORES) + "_"]
    return "\n".join(out).rstrip() + "\n"


def _dropped(move: Move) -> str:
    """A check-in of a key result dropped by the window's end is marked, never live."""
    if move.dropped_on is None:
        return ""
    if move.after_drop:
        return " **" + _("(checked in after its drop on {date})").format(
            date=move.dropped_on) + "**"
    return " _" + _("(dropped {date})").format(date=move.dropped_on) + "_"


def _cut(items: list[T], most: int | None) -> tuple[list[T], int]:
    """The first ``most`` of ``items`` (all of them without a bound), and how many are
    left out."""
    if most is None or len(items) <= most:
        return items, 0
    return items[:most], len(items) - most


def _more(left: int) -> list[str]:
    """The line after a list cut short: how many it leaves out, and how to see them."""
    if not left:
        return []
    return ["_" + ngettext("… and {n} more: `okr report --people` shows every one.",
                           "… and {n} more: `okr report --people` shows every one.",
                           left).format(n=left) + "_", ""]


def departments(report: Report, top: TopOfTree) -> list[str]:
    """The owners' table of a company of more than MOST owners: the company and its
    departments, each with what lies below it (its first 4 × MOST lines)."""
    out = ["## " + _("Company and departments"), "",
           "_" + ngettext("{n} owner; the score is each team's own, the counts are of "
                          "everyone in it.", "{n} owners; the score is each team's own, "
                          "the counts are of everyone in it.", top.owners).format(
               n=top.owners) + "_", ""]
    out.append(header(N_("Team"), N_("Score"), N_("Change"), N_("OKR owners"))
               + " " + " | ".join(word(s).capitalize() for s in report.counts) + " |")
    out.append("|---|---:|---:|---:|" + "---:|" * len(report.counts))
    lines, left = _cut(top.branches, 4 * MOST)
    for line in [*lines, *([top.rest] if top.rest else [])]:
        name = row(report.labels.get(line.owner, line.owner)) if line.owner \
            else "_" + _("in none of these teams") + "_"
        if line.depth == 0 and line.owner:  # the company, in bold above its departments
            name = f"**{name}**"
        delta = (line.score - line.score_before if line.score is not None
                 and line.score_before is not None else None)
        out.append(f"| {name} | {pct(line.score)} | {points(delta)} | {line.owners} | "
                   + " | ".join(str(line.counts.get(s, 0)) for s in report.counts) + " |")
    out += ["", *_more(left)]
    return out
