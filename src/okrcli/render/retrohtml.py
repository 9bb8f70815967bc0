"""The 复盘 (okr report --retro --format html) as one self-contained page: the dashboard's
shell and CSS (render/html.py), no script, nothing fetched, every user string escaped,
readable at 390 px (its tables stack into one block per row on narrow screens, each cell
labelled)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from okrcli.cycleresults import RetroResult
from okrcli.i18n import N_, _, language
from okrcli.render import field_value, num, pct
from okrcli.render.escape import clip
from okrcli.render.fields import OUTCOMES, field_name
from okrcli.render.html import NARROW, _css, _day, _e, _muted, _row, _table, bar, generated
from okrcli.render.markdown import band as band_word
from okrcli.render.markdown import built_from
from okrcli.render.retro import (
    BRIER,
    ORIGINAL,
    as_of,
    bracketed,
    brier,
    heading,
    outcome,
    value,
)
from okrcli.scoring import Band

# The labels of the cells of stacked rows (narrow screens), as the dashboard's: msgids.
_LABELS = {
    "grades": {2: N_("Grade"), 3: N_("Band"), 4: N_("Outcome")},
    "goalposts": {2: N_("Date"), 3: N_("Change"), 4: N_("Reason"),
                  5: N_("Against the original"), 6: N_("Against the final")},
    "corrections": {1: N_("Date"), 3: N_("Change"), 4: N_("Reason")},
    "calibration": {2: N_("Brier score"), 3: N_("Check-ins")},
}
_BANDS = {Band.RED: "off_track", Band.YELLOW: "at_risk", Band.GREEN: "on_track"}
_OUTCOME_COLOURS = {"achieved": "on_track", "partial": "at_risk", "missed": "off_track",
                    "carried": "done", "dropped": "dropped"}


def _extra_css() -> str:
    labels = " ".join(f'table.{name} td:nth-child({n})::before {{ content: "{_(label)} "; '
                      "color: var(--muted); }"
                      for name, cells in _LABELS.items() for n, label in cells.items())
    return (f"@media (max-width: {NARROW}px) {{ {labels} }}\n"
            ".note { white-space: pre-wrap; } .derived { color: var(--muted); "
            "font-size: .8rem; }\n.history svg { max-width: 100%; height: auto; }\n")


def _badge(colour: str, text: str) -> str:
    return f'<span class="badge {colour}">{_e(text)}</span>'


def page(result: RetroResult, generated_at: dt.datetime | None = None,
         history_chart: str | None = None) -> str:
    """The 复盘 page. ``generated_at``: when it was made (the cli reads the clock).
    ``history_chart``: the slot for each owner's grades across cycles, an inline SVG made
    by ``okr history``'s renderer (trusted markup of our own, placed as it is; its labels
    are escaped there), shown after the grades."""
    title = _e(heading(result))
    out = [
        "<!DOCTYPE html>", f'<html lang="{language()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>", f"<style>{_css()}{_extra_css()}</style>", "</head>",
        "<body>", f"<h1>{title}</h1>", _muted(_e(as_of(result))),
    ]
    if generated_at is not None:
        out.append('<p class="muted generated">'
                   + _("generated at {time}").format(time=generated(generated_at)) + "</p>")
    line = built_from(result.origin, "<code>{}</code>")
    if line:
        out.append(f'<p class="muted commit">{line}</p>')
    out += _summary(result) + _grades(result)
    if history_chart:
        out += ['<h2 id="history">' + _("Across cycles") + "</h2>",
                f'<div class="history">{history_chart}</div>']
    out += _judgements(result) + _goalposts(result) + _lists(result)
    out += _corrections(result) + _calibration(result)
    out += [_muted(_e(_(ORIGINAL))), _muted(_e(_(BRIER))), "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _summary(result: RetroResult) -> list[str]:
    counts = Counter(o.outcome for o in result.objectives)
    out = ['<div class="cards">']
    out += [f'<div class="card">{_badge(_OUTCOME_COLOURS[word], _(label))}'
            f"<b>{counts.get(word, 0)}</b></div>" for word, label in OUTCOMES.items()]
    return [*out, "</div>"]


def _grades(result: RetroResult) -> list[str]:
    out = ['<h2 id="grades">' + _("Grades and outcomes") + "</h2>"]
    if not result.objectives:
        return [*out, _muted(_("No objectives in this cycle."))]
    for owner in result.owners:
        mine = result.of(owner)
        if not mine:
            continue
        out.append(f'<h3 id="owner-{_e(owner)}">{_e(result.name(owner))} '
                   f'<span class="ref">{_e(owner)}</span></h3>')
        out.append(_table("grades", (N_("Objective"), N_("Grade"), N_("Band"),
                                     N_("Outcome"))))
        for o in mine:
            committed = " · " + _("committed") if o.committed else ""
            derived = (' <span class="derived">' + _("(derived)") + "</span>"
                       if o.outcome_derived else "")
            shown = (_badge(_BANDS[o.band], band_word(o.band)) if o.band else "—")
            out.append(
                f'<tr><td class="t">{_row(o.title)} <span class="ref">{_e(o.ref)}'
                f"{committed}</span></td><td>{bar(o.grade)}</td><td>{shown}</td>"
                f"<td>{_badge(_OUTCOME_COLOURS.get(o.outcome, 'pending'), outcome(o.outcome))}"
                f"{derived}</td></tr>")
        out.append("</table></div>")
    return out


def _judgements(result: RetroResult) -> list[str]:
    out = ['<h2 id="short">' + _("Committed objectives under 100%") + "</h2>"]
    if not result.committed_short:
        out.append(_muted(_("None: every committed objective reached 100%.")))
    else:
        out.append('<ul class="plain">' + "".join(
            f'<li>{_row(o.title)} <span class="ref">{_e(o.ref)}</span> — {pct(o.grade)}</li>'
            for o in result.committed_short) + "</ul>")
    out.append('<h2 id="safe">' + _("Goals that may be too safe") + "</h2>")
    if not result.too_safe:
        out.append(_muted(_("None: no owner graded every aspirational objective over 90%.")))
    else:
        out.append('<ul class="plain">' + "".join(
            "<li>" + _("{name}: every aspirational objective graded over 90%").format(
                name=_e(result.name(owner))) + "</li>" for owner in result.too_safe)
            + "</ul>")
    return out


def _goalposts(result: RetroResult) -> list[str]:
    out = ['<h2 id="goalposts">' + _("Moved goalposts") + "</h2>"]
    if not result.goalposts:
        return [*out, _muted(_("No goalpost was moved."))]
    out.append(_table("goalposts", (N_("Key result"), N_("Date"), N_("Change"), N_("Reason"),
                                    N_("Against the original"), N_("Against the final")),
                      (4, 5)))
    out += [f'<tr><td class="t">{_row(g.title)} <span class="ref">{_e(g.ref)}</span></td>'
            f'<td class="d">{_day(g.date)}</td><td>{_e(field_name(g.field))} '
            f"{_e(field_value(g.old))} → {_e(field_value(g.new))}</td>"
            f'<td class="w">{_e(g.reason)}</td><td class="n">{pct(g.grade_original)}</td>'
            f'<td class="n">{pct(g.grade_final)}</td></tr>' for g in result.goalposts]
    return [*out, "</table></div>"]


def _lists(result: RetroResult) -> list[str]:
    """Drops, carry-overs and notes: one line each."""
    out = ['<h2 id="drops">' + _("Dropped") + "</h2>"]
    if not result.drops:
        out.append(_muted(_("Nothing was dropped.")))
    else:
        out.append('<ul class="plain drops">')
        for d in result.drops:
            what = bracketed(_("objective") if d.kind == "objective" else _("key result"))
            out.append(f'<li>{_day(d.date)} {_row(d.title)} <span class="ref">{_e(d.ref)} '
                       f"{what}</span> — " + _("{name}: {text}").format(
                           name=_row(result.name(d.owner)), text=_e(d.reason)) + "</li>")
        out.append("</ul>")
    out.append('<h2 id="carried">' + _("Carried over") + "</h2>")
    if not result.carried and not result.carried_in:
        out.append(_muted(_("Nothing was carried over.")))
    else:
        out.append('<ul class="plain carried">')
        for c in result.carried:
            where = (f'<span class="ref">{_e(c.to)}/{_e(c.to_ref)}</span>' if c.to and c.to_ref
                     else _e(_("(not found in a later cycle yet)")))
            out.append(f'<li>{_row(c.title)} <span class="ref">{_e(c.ref)}</span> → {where}'
                       "</li>")
        for i in result.carried_in:
            out.append(f'<li>{_row(i.title)} <span class="ref">{_e(i.ref)}</span> ← '
                       + _("carried from {source}").format(
                           source=f'<span class="ref">{_e(i.source)}</span>') + "</li>")
        out.append("</ul>")
    out.append('<h2 id="notes">' + _("Retro notes") + "</h2>")
    if not result.notes:
        out.append(_muted(_("No retro note was written.")))
    else:
        out.append('<ul class="plain notes">')
        for n in result.notes:
            kind = "" if n.field == "retro" else " " + bracketed(_("grade note"))
            out.append("<li>" + _("{name}: {text}").format(
                name=f'<b>{_row(n.title)}</b> <span class="ref">{_e(n.ref)}</span>{kind}',
                text=f'<span class="note">{_e(n.text)}</span>') + "</li>")
        out.append("</ul>")
    return out


def _corrections(result: RetroResult) -> list[str]:
    out = ['<h2 id="corrections">' + _("Corrections after the close") + "</h2>"]
    if not result.corrections:
        return [*out, _muted(_("No correction was recorded."))]
    out.append(_table("corrections", (N_("Date"), N_("Objective or key result"), N_("Change"),
                                      N_("Reason"))))
    out += [f'<tr><td class="d">{_day(c.date)}</td><td class="t">{_row(c.title)} '
            f'<span class="ref">{_e(c.ref)}</span></td><td>{_e(field_name(c.field))} '
            f"{_e(clip(value(c.field, c.old), 60))} → {_e(clip(value(c.field, c.new), 60))}"
            f'</td><td class="w">{_e(c.reason)}</td></tr>' for c in result.corrections]
    return [*out, "</table></div>"]


def _calibration(result: RetroResult) -> list[str]:
    out = ['<h2 id="calibration">' + _("Confidence calibration") + "</h2>"]
    if not result.calibration:
        return [*out, _muted(_("No objectives in this cycle."))]
    out.append(_table("calibration", (N_("Owner"), N_("Brier score"), N_("Check-ins")),
                      (1, 2)))
    out += [f'<tr><td class="t">{_row(c.name)}</td><td class="n">{_e(brier(c.brier))}</td>'
            f'<td class="n">{num(c.checkins)}</td></tr>' for c in result.calibration]
    return [*out, "</table></div>"]
