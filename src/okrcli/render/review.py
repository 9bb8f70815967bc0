"""The weekly review as Markdown: readable in a pull request, a wiki or meeting notes.
User text is escaped (``markdown.inline``); a title on a row is cut to ROW_TITLE
characters, so that the review grows with the files, not with their titles times their
check-ins (``okr show REF`` and the dashboard show it whole)."""

from __future__ import annotations

from okrcli.render import field_value, num, pct, score
from okrcli.render.escape import clip
from okrcli.render.markdown import code, inline
from okrcli.results import Report

ROW_TITLE = 80


def row(text: str) -> str:
    """A title or a name on a row of the review: cut, then escaped."""
    return inline(clip(text, ROW_TITLE))


def signed(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}"


def change(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):+d}"
    return f"{value:+.2f}".rstrip("0").rstrip(".")


def markdown(report: Report) -> str:
    out = [f"# OKR review · {report.cycle.id} · {report.since} → {report.until}", ""]
    out += ["## Summary", ""]
    out.append(f"- Company score: **{score(report.score)}** "
               f"({signed(report.change)} since {report.since})")
    counts = ", ".join(f"{s.label}: {n}" for s, n in report.counts.items())
    out.append(f"- Key results: {counts}")
    out.append("")

    out += ["## What moved", ""]
    if not report.moved:
        out += ["_No check-ins in this window._", ""]
    for owner, moves in report.moved.items():
        out += [f"### {inline(report.labels.get(owner, owner))}", ""]
        out.append("| Date | Key result | Value | Change | Confidence | Note |")
        out.append("|---|---|---:|---:|---:|---|")
        for m in moves:
            unit = f" {row(m.unit)}" if m.unit else ""
            out.append(
                f"| {m.date} | {row(m.title)} {code(m.ref)} | {num(m.value)}{unit} | "
                f"{change(m.change)} | {pct(m.confidence)}"
                f" | {inline(m.note or '')} |"
            )
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
                conf = f"{pct(a.confidence_before)} → {conf}"
            out.append(
                f"| {row(a.title)} {code(a.ref)} | {row(report.labels.get(a.owner, a.owner))} | "
                f"{a.status.label} | {pct(a.score)} | {pct(a.expected)} | {conf} | "
                f"{', '.join(a.reasons)} |"
            )
        out.append("")

    out += ["## Moved goalposts", ""]
    if not report.goalposts:
        out += ["_No key result was changed in this window._", ""]
    for g in report.goalposts:
        out.append(f"- {g.date} {code(g.ref)} {row(g.title)}: {inline(g.field)} "
                   f"{inline(field_value(g.old))} → {inline(field_value(g.new))} — "
                   f"{inline(g.reason)}")
    if report.goalposts:
        out.append("")

    out += ["## Due in the next 14 days", ""]
    if not report.due:
        out += ["_Nothing due._", ""]
    for d in report.due:
        out.append(f"- {d.due} {code(d.ref)} {row(d.title)} — "
                   f"{row(report.labels.get(d.owner, d.owner))}, {d.status.label}, "
                   f"{pct(d.score)}")
    if report.due:
        out.append("")

    out += ["## Owners", ""]
    out.append("| Owner | Score | Change | " + " | ".join(
        s.label.capitalize() for s in report.counts) + " |")
    out.append("|---|---:|---:|" + "---:|" * len(report.counts))
    for o in report.owners:
        delta = (o.score - o.score_before) if o.score is not None and \
            o.score_before is not None else None
        out.append(f"| {inline(o.name)} | {score(o.score)} | {signed(delta)} | "
                   + " | ".join(str(n) for n in o.counts.values()) + " |")
    return "\n".join(out).rstrip() + "\n"
