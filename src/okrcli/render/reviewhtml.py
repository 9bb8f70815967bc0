"""The weekly review's sections on the dashboard and on the site's pages: the week's
cards, what moved, what had no update, drops, what needs attention, moved goalposts, what
is due, and the owners' table. Every user string through ``html._e``; a title on a row cut
(``html._row``)."""

from __future__ import annotations

from collections.abc import Callable

from okrcli import scoring
from okrcli.i18n import N_, _
from okrcli.render import field_value, num, pct, points
from okrcli.render.fields import field_name
from okrcli.render.html import _day, _e, _muted, _row, _table, badge, bar, moved
from okrcli.render.markdown import listed
from okrcli.results import OwnerLine, Report


def review(report: Report, who: Callable[[str], str] | None = None,
           more: Callable[[str], list[str]] | None = None, cards: bool = True) -> list[str]:
    """The review's sections. ``who`` an owner's name in HTML (on the site: a link to its
    page; else the name, cut) and, given, no owners' table (the site has its own);
    ``more(section)`` the lines that follow a section's list (on the site's index, where
    lists are cut: how many more, and where); ``cards``: the company's score and counts
    (an owner's page of the site has its own)."""
    def name(owner: str) -> str:
        return who(owner) if who else _row(report.labels.get(owner, owner))

    def after(section: str) -> list[str]:
        return more(section) if more else []

    since = _("{change} since {since}").format(change=points(report.change),
                                               since=_day(report.since))
    out = ['<h2 id="review">' + _("This week") + "</h2>"]
    if cards:
        out += ['<div class="cards">', '<div class="card wide">' + _("Company score")
                + f'<b>{pct(report.score)}</b><span class="muted">{since}</span></div>']
        for status, count in report.counts.items():
            out.append(f'<div class="card">{badge(status)}<b>{count}</b><span class="muted">'
                       + _("key results") + "</span></div>")
        out.append("</div>")

    out.append('<h3 id="moved">' + _("What moved") + "</h3>")
    if not report.moved:
        out.append(_muted(_("No check-ins in this window.")))
    else:
        out.append(_table("moves", (N_("Owner"), N_("Date"), N_("Key result"), N_("Value"),
                                    N_("Change"), N_("Confidence"), N_("Note")), (3, 4, 5)))
        for owner, moves in report.moved.items():
            for m in moves:
                out.append(
                    f'<tr><td class="who">{name(owner)}</td>'
                    f'<td class="d">{m.date}</td>'
                    f'<td class="t">{_row(m.title)} <span class="ref">{_e(m.ref)}</span></td>'
                    f'<td class="n">{_e(num(m.value))} {_row(m.unit or "")}</td>'
                    f'<td class="n">{moved(m)}</td><td class="n">{pct(m.confidence)}</td>'
                    f"<td class=\"w\">{_e(m.note or '')}</td></tr>")
        out.append("</table></div>")
    out += after("moved")

    out.append('<h3 id="silent">' + _("No update this week") + "</h3>")
    if not report.silent:
        out.append(_muted(_("Every live key result has a check-in.")))
    else:
        by_owner: dict[str, list[str]] = {}
        for s in report.silent:
            last = _("(last {date})").format(date=_day(s.last_checkin)) if s.last_checkin \
                else _("(never checked in)")
            by_owner.setdefault(s.owner, []).append(
                f'{_row(s.title)} <span class="ref">{_e(s.ref)}</span> '
                f'<span class="muted">{last}</span>')
        out.append('<ul class="plain silent">')
        for owner, items in by_owner.items():
            # TRANSLATORS: between the key results of one owner on the dashboard.
            krs = _("; ").join(items)
            out.append("<li>" + _("{name}: {text}").format(
                name=f"<b>{name(owner)}</b>", text=krs) + "</li>")
        out.append("</ul>")
    out += after("silent")

    out.append('<h3 id="drops">' + _("Dropped this week") + "</h3>")
    if not report.drops:
        out.append(_muted(_("No key result was dropped in this window.")))
    else:
        out.append('<ul class="plain drops">')
        out += [f'<li>{_day(d.date)} {_row(d.title)} <span class="ref">{_e(d.ref)}</span> — '
                + _("{name}: {text}").format(name=name(d.owner),
                                             text=_e(d.reason)) + "</li>" for d in report.drops]
        out.append("</ul>")
    out += after("drops")

    out.append("<h3>" + _("Needs attention") + "</h3>")
    if not report.attention:
        out.append(_muted(_("Nothing at risk, off track or stale.")))
    else:
        out.append(_table("attention", (N_("Key result"), N_("Owner"), N_("Status"),
                                        N_("Score"), N_("Confidence"), N_("Why")), (4,)))
        for a in report.attention:
            expected = a.expected if scoring.shows_expected(a.kind) else None
            out.append(
                f'<tr><td class="t">{_row(a.title)} <span class="ref">{_e(a.ref)}</span></td>'
                f'<td class="who">{name(a.owner)}</td><td>{badge(a.status)}</td>'
                f'<td>{bar(a.score, expected, a.status)}</td>'
                f'<td class="n">{pct(a.confidence)}</td>'
                f'<td class="w">{_e(listed([_(r) for r in a.reasons]))}</td></tr>')
        out.append("</table></div>")
    out += after("attention")
    if report.goalposts:
        out.append("<h3>" + _("Moved goalposts") + '</h3><ul class="plain">')
        for g in report.goalposts:
            out.append(f'<li>{_day(g.date)} {_row(g.title)} <span class="ref">{_e(g.ref)}</span>: '
                       f"{_e(field_name(g.field))} {_e(field_value(g.old))} → "
                       f"{_e(field_value(g.new))} — "
                       f"{_e(g.reason)}</li>")
        out.append("</ul>")
        out += after("goalposts")
    out.append("<h3>" + _("Due in the next 14 days") + "</h3>")
    if not report.due:
        out.append(_muted(_("Nothing due.")))
    else:
        out.append('<ul class="plain">')
        for d in report.due:
            out.append(f'<li>{_day(d.due)} {_row(d.title)} <span class="ref">{_e(d.ref)}</span> — '
                       f"{name(d.owner)} {badge(d.status)}</li>")
        out.append("</ul>")
    out += after("due")
    if who is None:
        out += owners_table(report, report.owners, _("Owners"))
    return out


def owners_table(report: Report, lines: list[OwnerLine], heading: str,
                 who: Callable[[str], str] | None = None) -> list[str]:
    """Owners with their scores and counts by status (``heading``, translated)."""
    statuses = tuple(s.label for s in report.counts)
    out = ["<h3>" + heading + "</h3>" + _table("owners", (N_("Owner"), N_("Score"), *statuses),
                                               tuple(range(2, 2 + len(statuses))))]
    for o in lines:
        name = who(o.owner) if who else _row(o.name)
        out.append(f'<tr><td class="who">{name}</td><td>{bar(o.score)}</td>' + "".join(
            f'<td class="n">{n}</td>' for n in o.counts.values()) + "</tr>")
    out.append("</table></div>")
    return out
