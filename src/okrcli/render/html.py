"""The public dashboard: one self-contained HTML file (inline CSS and SVG, no script,
nothing fetched) that opens offline, prints well and can be published as a static page."""

from __future__ import annotations

import datetime as dt
from html import escape

from okrcli import scoring
from okrcli.model import KeyResult
from okrcli.render import field_value, num, pct, score, value_text
from okrcli.render.escape import clip, visible
from okrcli.render.review import ROW_TITLE, change, signed
from okrcli.results import Report, StatusResult
from okrcli.scoring import Status

FONTS = ('system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
         '"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif')

CSS = """
:root { --done:#2457c5; --on_track:#1a7f37; --at_risk:#b7791f; --off_track:#c62828;
  --pending:#6b7280; --ink:#1f2328; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 1100px;
  padding: 24px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 28px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
.muted, .ref { color: var(--muted); } .ref { font-family: ui-monospace, monospace;
  font-size: .8rem; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; } td.n, th.n { text-align: right;
  white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: .8rem; white-space: nowrap; }
.done { background: var(--done); } .on_track { background: var(--on_track); }
.at_risk { background: var(--at_risk); } .off_track { background: var(--off_track); }
.pending { background: var(--pending); } .dropped { background: #9ca3af; }
.bar { display: inline-block; width: 120px; height: 10px; background: #e5e7eb;
  border-radius: 5px; vertical-align: middle; position: relative; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--on_track); }
.bar > i { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--ink); }
.meter, td.d { white-space: nowrap; }
.pct { display: inline-block; min-width: 3.2em; text-align: right; font-variant-numeric:
  tabular-nums; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
  min-width: 140px; } .card b { display: block; font-size: 1.4rem; }
.objective { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
  margin: 12px 0; break-inside: avoid; }
.krs { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
  gap: 10px; margin-top: 8px; }
.kr { border-top: 1px solid var(--line); padding-top: 8px; break-inside: avoid; }
.kr svg { width: 100%; height: auto; max-width: 320px; display: block; }
ul.tree, ul.tree ul { list-style: none; padding-left: 18px; margin: 0; }
ul.tree li { margin: 3px 0; } ul.tree > li { padding-left: 0; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; }
  .objective, .kr, table { break-inside: avoid; } h2 { break-after: avoid; } }
""".replace("FONTS", FONTS)


def _e(text: object) -> str:
    """User text in HTML: visible (a control character or a lone surrogate would make the
    file invalid or unwritable), then escaped."""
    return escape(visible(str(text)), quote=True)


def _row(text: str) -> str:
    """A title or a name on a row of the review: cut, then escaped (the objective's card
    below shows it whole)."""
    return _e(clip(text, ROW_TITLE))


def badge(status: Status, dropped: bool = False) -> str:
    if dropped:
        return '<span class="badge dropped">dropped</span>'
    return f'<span class="badge {status.value}">{_e(status.label)}</span>'


def bar(fraction: float | None, expected: float | None = None) -> str:
    width = 0 if fraction is None else round(min(1.0, max(0.0, fraction)) * 100)
    marker = "" if expected is None else \
        f'<i style="left:{round(min(1.0, max(0.0, expected)) * 100)}%" title="expected"></i>'
    return (f'<span class="meter"><span class="bar" role="img" aria-label="{pct(fraction)}">'
            f'<span style="width:{width}%"></span>{marker}</span> '
            f'<span class="pct">{pct(fraction)}</span></span>')


def chart(kr: KeyResult, st: scoring.KRState, cycle_start: dt.date) -> str:
    """Progress over time: each check-in's share of the way to the target (a threshold's
    value against its line; a milestone done or not) against the expected line."""
    w, h, left, right, top, bottom = 320, 120, 34, 8, 10, 22
    span = max(1, (st.due - cycle_start).days)
    last_day = max([st.due, *(c.date for c in st.checkins)])
    total = max(span, (last_day - cycle_start).days)

    def x(day: dt.date) -> float:
        return left + (w - left - right) * (day - cycle_start).days / total

    def y(fraction: float) -> float:
        return top + (h - top - bottom) * (1 - min(1.2, max(-0.1, fraction)) / 1.2)

    points = []
    for c in st.checkins:
        f = scoring.checkin_fraction(kr.kind, st, c.value)
        points.append((x(c.date), y(f), c))
    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-label="{_e(kr.title)}: progress over time">',
        f'<line x1="{left}" y1="{y(1):.1f}" x2="{w - right}" y2="{y(1):.1f}" '
        'stroke="#1a7f37" stroke-dasharray="2 3"/>',
        f'<text x="2" y="{y(1) + 4:.1f}" font-size="10" fill="#57606a">100%</text>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{w - right}" y2="{y(0):.1f}" '
        'stroke="#d0d7de"/>',
        f'<text x="2" y="{y(0) + 4:.1f}" font-size="10" fill="#57606a">0%</text>',
    ]
    if kr.kind != "threshold":
        parts.append(f'<line x1="{x(cycle_start):.1f}" y1="{y(0):.1f}" x2="{x(st.due):.1f}" '
                     f'y2="{y(1):.1f}" stroke="#b7791f" stroke-dasharray="5 4">'
                     '<title>expected</title></line>')
    if points:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2457c5" '
                     'stroke-width="2"/>')
        for px, py, c in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#2457c5">'
                         f'<title>{c.date}: {_e(num(c.value))}</title></circle>')
    parts.append(f'<text x="{left}" y="{h - 6}" font-size="10" fill="#57606a">'
                 f'{cycle_start:%m-%d}</text>')
    parts.append(f'<text x="{w - right}" y="{h - 6}" font-size="10" fill="#57606a" '
                 f'text-anchor="end">{st.due:%m-%d}</text>')
    parts.append("</svg>")
    return "".join(parts)


def dashboard(report: Report) -> str:
    """The review, the alignment tree and every objective, at the report's end."""
    status = report.status
    assert status is not None
    labels = report.labels
    out = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>OKR · {_e(report.cycle.id)} · {report.until}</title>",
        f"<style>{CSS}</style>", "</head>", "<body>",
        f"<h1>OKR · {_e(report.cycle.id)}</h1>",
        f'<p class="muted">{report.cycle.start} – {report.cycle.end} · '
        f"state on {report.until} · review of {report.since} → {report.until}</p>",
    ]
    out += _review(report)
    out += _tree(status, labels)
    out.append('<h2 id="objectives">Objectives and key results</h2>')
    for owner in status.owners:
        out.append(f'<h3 id="owner-{_e(owner.owner)}">{_e(owner.name)} '
                   f'<span class="ref">{_e(owner.owner)}</span> {bar(owner.score)}</h3>')
        for state in owner.objectives:
            out += _objective(state, status.cycle.start, labels)
    out.append('<p class="muted">Made by okr. Scores: metric progress clamped to 0..1; '
               "thresholds 1 while held; milestones 1 when done. Status compares the score "
               "with the progress expected by today.</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _review(report: Report) -> list[str]:
    out = ['<h2 id="review">This week</h2>', '<div class="cards">',
           f'<div class="card">Company score<b>{score(report.score)}</b>'
           f'<span class="muted">{signed(report.change)} since {report.since}</span></div>']
    for status, count in report.counts.items():
        out.append(f'<div class="card">{badge(status)}<b>{count}</b>'
                   '<span class="muted">key results</span></div>')
    out.append("</div>")
    out.append("<h3>What moved</h3>")
    if not report.moved:
        out.append('<p class="muted">No check-ins in this window.</p>')
    else:
        out.append('<table><tr><th>Owner</th><th>Date</th><th>Key result</th>'
                   '<th class="n">Value</th><th class="n">Change</th>'
                   '<th class="n">Confidence</th><th>Note</th></tr>')
        for owner, moves in report.moved.items():
            for m in moves:
                conf = pct(m.confidence)
                out.append(
                    f'<tr><td>{_row(report.labels.get(owner, owner))}</td>'
                    f'<td class="d">{m.date}</td>'
                    f'<td>{_row(m.title)} <span class="ref">{_e(m.ref)}</span></td>'
                    f'<td class="n">{_e(num(m.value))} {_row(m.unit or "")}</td>'
                    f'<td class="n">{_e(change(m.change))}</td><td class="n">{conf}</td>'
                    f"<td>{_e(m.note or '')}</td></tr>")
        out.append("</table>")
    out.append("<h3>Needs attention</h3>")
    if not report.attention:
        out.append('<p class="muted">Nothing at risk, off track or stale.</p>')
    else:
        out.append("<table><tr><th>Key result</th><th>Owner</th><th>Status</th>"
                   '<th>Score</th><th class="n">Confidence</th><th>Why</th></tr>')
        for a in report.attention:
            conf = pct(a.confidence)
            out.append(
                f'<tr><td>{_row(a.title)} <span class="ref">{_e(a.ref)}</span></td>'
                f"<td>{_row(report.labels.get(a.owner, a.owner))}</td><td>{badge(a.status)}</td>"
                f'<td>{bar(a.score, a.expected)}</td><td class="n">{conf}</td>'
                f"<td>{_e(', '.join(a.reasons))}</td></tr>")
        out.append("</table>")
    if report.goalposts:
        out.append("<h3>Moved goalposts</h3><ul>")
        for g in report.goalposts:
            out.append(f'<li>{g.date} {_row(g.title)} <span class="ref">{_e(g.ref)}</span>: '
                       f"{_e(g.field)} {_e(field_value(g.old))} → {_e(field_value(g.new))} — "
                       f"{_e(g.reason)}</li>")
        out.append("</ul>")
    out.append("<h3>Due in the next 14 days</h3>")
    if not report.due:
        out.append('<p class="muted">Nothing due.</p>')
    else:
        out.append("<ul>")
        for d in report.due:
            out.append(f'<li>{d.due} {_row(d.title)} <span class="ref">{_e(d.ref)}</span> — '
                       f"{_row(report.labels.get(d.owner, d.owner))} {badge(d.status)}</li>")
        out.append("</ul>")
    out.append("<h3>Owners</h3><table><tr><th>Owner</th><th>Score</th>" + "".join(
        f'<th class="n">{_e(s.label)}</th>' for s in report.counts) + "</tr>")
    for o in report.owners:
        out.append(f"<tr><td>{_e(o.name)}</td><td>{bar(o.score)}</td>" + "".join(
            f'<td class="n">{n}</td>' for n in o.counts.values()) + "</tr>")
    out.append("</table>")
    return out


def _tree(status: StatusResult, labels: dict[str, str]) -> list[str]:
    states = status.states
    out = ['<h2 id="tree">Alignment</h2>', '<ul class="tree">']
    # Depth first with an explicit stack (no recursion); a child already on the path above
    # it (an alignment loop) is not drawn again. (ref, None) enters an objective, (ref,
    # closing tags) leaves it.
    on_path: set[str] = set()
    stack: list[tuple[str, str | None]] = [(ref, None) for ref in reversed(status.roots())]
    while stack:
        ref, closing = stack.pop()
        if closing is not None:
            on_path.discard(ref)
            out.append(closing)
            continue
        state = states[ref]
        out.append(f'<li><a href="#obj-{_e(ref)}">{_e(labels.get(state.owner, state.owner))}'
                   f" · {_e(state.objective.title)}</a> {bar(state.score)} "
                   f"{badge(state.status)}")
        on_path.add(ref)
        children = [c for c in state.children if c not in on_path]
        if children:
            out.append("<ul>")
        stack.append((ref, "</ul>\n</li>" if children else "</li>"))
        stack.extend((child, None) for child in reversed(children))
    out.append("</ul>")
    return out


def _objective(state: scoring.ObjectiveState, cycle_start: dt.date,
               labels: dict[str, str]) -> list[str]:
    objective = state.objective
    head = (f'<section class="objective" id="obj-{_e(state.ref)}">'
            f"<h3>{_e(objective.title)} {badge(state.status)}</h3>"
            f'<div><span class="ref">{_e(state.ref)}</span> · '
            f"{_e(labels.get(state.owner, state.owner))} · score {bar(state.score)}")
    if objective.committed:
        head += " · committed"
    if objective.aligns_to:
        head += f' · aligns to <span class="ref">{_e(objective.aligns_to)}</span>'
    if state.rollup is not None:
        head += f" · roll-up {score(state.rollup)}"
    out = [head + "</div>", '<div class="krs">']
    for kr, st in state.key_results:
        driver = labels.get(kr.owner, kr.owner) if kr.owner else labels.get(state.owner,
                                                                              state.owner)
        conf = pct(st.confidence)
        out.append(
            f'<div class="kr" id="kr-{_e(state.ref)}/{_e(kr.id)}">'
            f"<div><b>{_e(kr.title)}</b> {badge(st.status, st.dropped)}</div>"
            f'<div class="muted">{_e(value_text(kr, st))} · {_e(driver)} · confidence {conf} · '
            f"due {st.due}</div>"
            f"<div>{bar(st.score, st.expected)} "
            f'<span class="muted">expected {pct(st.expected)}</span></div>'
            f"{chart(kr, st, cycle_start)}</div>")
    out += ["</div>", "</section>"]
    return out
