"""The 复盘 (okr report --retro) as Markdown, safe for a pull-request comment: user text
through ``markdown.inline``, titles on rows cut to ``review.ROW_TITLE``. Grades and scores
in percent; the Brier score as a number from 0 to 1. The words it shares with the HTML
page (outcomes, section titles, the Brier legend) are here."""

from __future__ import annotations

from typing import Any

from okrcli.cycleresults import RetroObjective, RetroResult
from okrcli.i18n import N_, _
from okrcli.render import field_value, num, pct
from okrcli.render.escape import clip
from okrcli.render.fields import OUTCOMES, field_name
from okrcli.render.markdown import band, code, header, inline, origin_lines
from okrcli.render.review import row

BRIER = N_("The Brier score is the mean of (confidence − reached)² over every check-in "
           "with a confidence, reached being 1 when the key result's final score is 100% "
           "and 0 otherwise: 0 is a perfect forecast, 0.25 what always saying 50% earns; "
           "lower is better.")
ORIGINAL = N_("Against the original: the grade the final values earn against the goalposts "
              "as first set, before any recorded change; against the final: the key "
              "result's grade.")


def outcome(value: str, derived: bool = False) -> str:
    """An outcome in the reader's language; a derived one (no outcome was written: it
    follows from the grade) says so."""
    text = _(OUTCOMES[value]) if value in OUTCOMES else value
    return _("{outcome} (derived)").format(outcome=text) if derived else text


def bracketed(kind: str) -> str:
    """What a line is about, after it: ``(key result)``, ``(grade note)``."""
    # TRANSLATORS: after a line of the 复盘: what it is about, "(key result)"
    return _("({kind})").format(kind=kind)


def brier(value: float | None) -> str:
    return _("no confidence recorded") if value is None else f"{value:.2f}"


def value(field: str, raw: Any) -> str:
    """A corrected field's old or new value: a grade in percent, an outcome in words, a
    note as it is; nothing as a dash."""
    if raw is None:
        return "—"
    if field == "grade" and isinstance(raw, int | float):
        return pct(raw)
    if field == "outcome":
        return outcome(str(raw))
    return field_value(raw)


def heading(result: RetroResult) -> str:
    org = f"{result.organization} · " if result.organization else ""
    # TRANSLATORS: the title of the end-of-cycle review (复盘)
    return _("Retrospective · {org}{cycle}").format(org=org, cycle=result.cycle.id)


def as_of(result: RetroResult) -> str:
    """The line under the title: closed when, and the day the scores are taken on."""
    span = f"{result.cycle.start} – {result.cycle.end}"
    if result.closed is not None:
        return _("{span} · closed on {closed}: grades as of that day").format(
            span=span, closed=result.closed)
    if result.provisional:
        return _("{span} · still running: these grades are today's scores ({today}) and "
                 "may still move").format(span=span, today=result.as_of)
    return _("{span} · ended, not closed yet: grades as of {today}").format(
        span=span, today=result.as_of)


def markdown(result: RetroResult, history: str | None = None) -> str:
    """``okr report --retro``. ``history``: a Markdown block of each owner's grades across
    cycles (``okr history``), placed after the grades when given."""
    out = ["# " + inline(heading(result)), "", "_" + as_of(result) + "_", "",
           *origin_lines(result.origin)]
    out += _grades(result)
    if history:
        out += ["## " + _("Across cycles"), "", history.rstrip(), ""]
    out += ["## " + _("Committed objectives under 100%"), ""]
    if not result.committed_short:
        out += ["_" + _("None: every committed objective reached 100%.") + "_", ""]
    else:
        out += [f"- {row(o.title)} · {code(o.ref)} — {pct(o.grade)}"
                for o in result.committed_short] + [""]
    out += ["## " + _("Goals that may be too safe"), ""]
    if not result.too_safe:
        out += ["_" + _("None: no owner graded every aspirational objective over 90%.")
                + "_", ""]
    else:
        out += ["- " + _("{name}: every aspirational objective graded over 90%").format(
            name=inline(result.name(owner))) for owner in result.too_safe] + [""]
    out += _goalposts(result) + _drops(result) + _carried(result) + _notes(result)
    out += _corrections(result) + _calibration(result)
    return "\n".join(out).rstrip() + "\n"


def _grade_row(o: RetroObjective) -> str:
    committed = " *" + _("(committed)") + "*" if o.committed else ""
    return (f"| {row(o.title)}{committed} · {code(o.ref)} | {pct(o.grade)} | {band(o.band)} | "
            f"{outcome(o.outcome, o.outcome_derived)} |")


def _grades(result: RetroResult) -> list[str]:
    out = ["## " + _("Grades and outcomes"), ""]
    if not result.objectives:
        return [*out, "_" + _("No objectives in this cycle.") + "_", ""]
    for owner in result.owners:
        mine = result.of(owner)
        if not mine:
            continue
        out += ["### " + inline(result.name(owner)), "",
                header(N_("Objective"), N_("Grade"), N_("Band"), N_("Outcome")),
                "|---|---:|---|---|", *(_grade_row(o) for o in mine), ""]
    if any(o.outcome_derived for o in result.objectives):
        out += ["_" + _("(derived): no outcome was written; it follows from the grade "
                        "(achieved at 100% for a committed objective, 70% for an "
                        "aspirational one; partial from 40%).") + "_", ""]
    return out


def _goalposts(result: RetroResult) -> list[str]:
    out = ["## " + _("Moved goalposts"), ""]
    if not result.goalposts:
        return [*out, "_" + _("No goalpost was moved.") + "_", ""]
    out += [header(N_("Key result"), N_("Date"), N_("Change"), N_("Reason"),
                   N_("Against the original"), N_("Against the final")),
            "|---|---|---|---|---:|---:|"]
    out += [f"| {row(g.title)} · {code(g.ref)} | {g.date} | {inline(field_name(g.field))} "
            f"{inline(field_value(g.old))} → {inline(field_value(g.new))} | "
            f"{inline(g.reason)} | {pct(g.grade_original)} | {pct(g.grade_final)} |"
            for g in result.goalposts]
    return [*out, "", "_" + _(ORIGINAL) + "_", ""]


def _drops(result: RetroResult) -> list[str]:
    out = ["## " + _("Dropped"), ""]
    if not result.drops:
        return [*out, "_" + _("Nothing was dropped.") + "_", ""]
    for d in result.drops:
        what = bracketed(_("objective") if d.kind == "objective" else _("key result"))
        out.append(f"- {d.date} {row(d.title)} · {code(d.ref)} {what} — "
                   + _("{name}: {text}").format(name=inline(result.name(d.owner)),
                                                text=inline(d.reason)))
    return [*out, ""]


def _carried(result: RetroResult) -> list[str]:
    out = ["## " + _("Carried over"), ""]
    if not result.carried and not result.carried_in:
        return [*out, "_" + _("Nothing was carried over.") + "_", ""]
    for c in result.carried:
        where = (code(f"{c.to}/{c.to_ref}") if c.to and c.to_ref
                 else _("(not found in a later cycle yet)"))
        out.append(f"- {row(c.title)} · {code(c.ref)} → {where}")
    for i in result.carried_in:
        out.append(f"- {row(i.title)} · {code(i.ref)} ← "
                   + _("carried from {source}").format(source=code(i.source)))
    return [*out, ""]


def _notes(result: RetroResult) -> list[str]:
    out = ["## " + _("Retro notes"), ""]
    if not result.notes:
        return [*out, "_" + _("No retro note was written.") + "_", ""]
    for n in result.notes:
        kind = "" if n.field == "retro" else " " + bracketed(_("grade note"))
        out.append("- " + _("{name}: {text}").format(
            name=f"**{row(n.title)}** · {code(n.ref)}{kind}", text=inline(n.text)))
    return [*out, ""]


def _corrections(result: RetroResult) -> list[str]:
    out = ["## " + _("Corrections after the close"), ""]
    if not result.corrections:
        return [*out, "_" + _("No correction was recorded.") + "_", ""]
    out += [header(N_("Date"), N_("Objective or key result"), N_("Change"), N_("Reason")),
            "|---|---|---|---|"]
    out += [f"| {c.date} | {row(c.title)} · {code(c.ref)} | {inline(field_name(c.field))} "
            f"{inline(clip_note(value(c.field, c.old)))} → "
            f"{inline(clip_note(value(c.field, c.new)))} | {inline(c.reason)} |"
            for c in result.corrections]
    return [*out, ""]


def clip_note(text: str) -> str:
    """A corrected note in a table cell: its start (the files keep it whole)."""
    return clip(text, 60)


def _calibration(result: RetroResult) -> list[str]:
    out = ["## " + _("Confidence calibration"), ""]
    if not result.calibration:
        return [*out, "_" + _("No objectives in this cycle.") + "_", ""]
    out += [header(N_("Owner"), N_("Brier score"), N_("Check-ins")), "|---|---:|---:|"]
    out += [f"| {inline(c.name)} | {brier(c.brier)} | {num(c.checkins)} |"
            for c in result.calibration]
    return [*out, "", "_" + _(BRIER) + "_", ""]
