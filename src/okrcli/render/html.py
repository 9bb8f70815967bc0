"""The public dashboard: one self-contained HTML file (inline CSS and SVG, no script,
nothing fetched) that opens offline, prints well and can be published as a static page.

It is read on phones (390 px, inside a chat app) as much as on a laptop: the page never
scrolls sideways (tables stack into one block per row on narrow screens, and scroll inside
their own box in between), key-result cards go one per row. Scores are percentages. A
chart plots a key result's values in its own units against the target or line in force
on each day, so a moved target is a step and never rescales the past."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from okrcli import scoring
from okrcli.i18n import N_, _, language, ngettext
from okrcli.render import num, pct
from okrcli.render.escape import clip, visible
from okrcli.render.markdown import built_from, word
from okrcli.render.review import LEFT_OUT, ROW_TITLE, change, left_out
from okrcli.results import Move, Report, StatusResult
from okrcli.scoring import Status

FONTS = ('system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
         '"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif')
NARROW = 900  # px: below this, tables stack into one block per row

# Labels of the cells of stacked rows (narrow screens): in CSS, once, not on every row;
# msgids, translated when the page is made.
_LABELS = {
    "moves": {6: N_("confidence")},
    "attention": {5: N_("confidence")},
    "owners": {i + 3: s.label for i, s in enumerate(scoring.SHOWN)},
}

CSS = """
:root { --done:#2457c5; --on_track:#1a7f37; --at_risk:#b7791f; --off_track:#c62828;
  --pending:#6b7280; --score:#4f5bd5; --ink:#1f2328; --muted:#57606a; --line:#d0d7de;
  --bg:#f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 1100px;
  padding: 24px; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 28px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
p { margin: 4px 0; }
.muted, .ref { color: var(--muted); } .ref { font-family: ui-monospace, monospace;
  font-size: .8rem; font-weight: normal; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.who, td.d, .nb { white-space: nowrap; } td.w { min-width: 8em; }
.better { color: var(--on_track); } .worse { color: var(--off_track); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: .8rem; white-space: nowrap; }
.badge.done, .fill.done { background: var(--done); }
.badge.on_track, .fill.on_track { background: var(--on_track); }
.badge.at_risk, .fill.at_risk { background: var(--at_risk); }
.badge.off_track, .fill.off_track { background: var(--off_track); }
.badge.pending, .fill.pending { background: var(--pending); }
.badge.dropped { background: #9ca3af; } .fill.score { background: var(--score); }
.meter { white-space: nowrap; }
.bar { display: inline-block; width: 120px; height: 10px; background: #e5e7eb;
  border-radius: 5px; vertical-align: middle; position: relative; overflow: hidden; }
.bar > .fill { display: block; height: 100%; }
.bar > i { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--ink); }
.pct { display: inline-block; min-width: 3.2em; text-align: right; font-variant-numeric:
  tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
  gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.card b { display: block; font-size: 1.4rem; } .card.wide { grid-column: span 2; }
.objective { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
  margin: 12px 0; break-inside: avoid; }
.krs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 320px), 1fr));
  gap: 14px; margin-top: 8px; }
.kr { border-top: 1px solid var(--line); padding-top: 8px; break-inside: avoid;
  min-width: 0; }
.kr.dropped { opacity: .5; } .kr.dropped .chart { filter: grayscale(1); }
.kr .last { font-weight: 600; font-variant-numeric: tabular-nums; }
.kr .drop { color: var(--off_track); }
ul.changes { margin: 4px 0; padding-left: 18px; font-size: .88rem; color: var(--muted); }
.chart { width: 100%; height: auto; display: block; margin-top: 4px; }
.chart text { font-size: 10px; fill: var(--muted); }
.chart .axis { stroke: var(--line); } .chart .tline { stroke: var(--on_track);
  stroke-width: 1.5; } .chart .jump { stroke: var(--on_track); stroke-dasharray: 2 2; }
.chart .exp { stroke: var(--at_risk); stroke-dasharray: 5 4; fill: none; }
.chart .due { stroke: var(--muted); stroke-dasharray: 3 3; }
.chart .path { stroke: var(--done); stroke-width: 2; fill: none; }
.chart .pt { fill: var(--done); } .chart .pt.miss { fill: var(--off_track); }
.chart .pt.held { fill: var(--on_track); }
.chart .pt.open { fill: #fff; stroke: var(--pending); stroke-width: 1.5; }
ul.tree, ul.tree ul { list-style: none; padding-left: 16px; margin: 0; }
ul.tree { padding-left: 0; } ul.tree li { margin: 3px 0; }
ul.plain { padding-left: 18px; margin: 4px 0; } ul.plain li { margin: 2px 0; }
@media (max-width: NARROWpx) {
  body { padding: 12px; } h1 { font-size: 1.35rem; }
  .bar { width: 80px; } .card.wide { grid-column: 1 / -1; }
  table.stack, table.stack tbody { display: block; }
  table.stack tr:first-child { display: none; }
  table.stack tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px;
    padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.stack td { display: block; border: 0; padding: 0; text-align: left;
    min-width: 0; }
  table.stack td.t, table.stack td.w { flex-basis: 100%; }
  table.stack td.who { white-space: normal; }
  table.stack td.t { order: -1; font-weight: 600; }
  LABELS
}
@media print { body { padding: 0; max-width: none; } a { color: inherit; }
  .scroll { overflow: visible; }
  .objective, .kr, tr { break-inside: avoid; } h2, h3 { break-after: avoid; } }
"""


def _css() -> str:
    labels = " ".join(f'table.{name} td:nth-child({n})::before {{ content: "{_(label)} "; '
                      "color: var(--muted); }"
                      for name, cells in _LABELS.items() for n, label in cells.items())
    return (CSS.replace("FONTS", FONTS).replace("NARROW", str(NARROW))
            .replace("LABELS", labels))


def _e(text: object) -> str:
    """User text in HTML: visible (a control character or a lone surrogate would make the
    file invalid or unwritable), then escaped."""
    return escape(visible(str(text)), quote=True)


def _row(text: str) -> str:
    """A title or a name on a row of the review: cut, then escaped (the objective's card
    below shows it whole)."""
    return _e(clip(text, ROW_TITLE))


def generated(at: dt.datetime) -> str:
    """The moment the page was made, with its UTC offset: ``2026-11-26 09:30 UTC+08:00``."""
    offset = at.strftime("%z")  # +0800, or nothing for a naive time
    zone = "" if offset in ("", "+0000") else f"{offset[:3]}:{offset[3:5]}"
    return f"{at:%Y-%m-%d %H:%M} UTC{zone}"


def badge(status: Status, dropped: bool = False) -> str:
    if dropped:
        return '<span class="badge dropped">' + _("dropped") + "</span>"
    return f'<span class="badge {status.value}">{_e(word(status))}</span>'


def bar(fraction: float | None, expected: float | None = None,
        status: Status | None = None) -> str:
    """A score as a bar coloured by its status (an owner's or the company's, which have
    none: a neutral colour), with the expected marker where one means something."""
    width = 0 if fraction is None else round(min(1.0, max(0.0, fraction)) * 100)
    marker = "" if expected is None else (
        f'<i style="left:{round(min(1.0, max(0.0, expected)) * 100)}%" title="'
        + _("expected") + '"></i>')
    colour = "score" if status is None else status.value
    return (f'<span class="meter"><span class="bar" role="img" aria-label="{pct(fraction)}">'
            f'<span class="fill {colour}" style="width:{width}%"></span>{marker}</span> '
            f'<span class="pct">{pct(fraction)}</span></span>')


def moved(m: Move) -> str:
    """A check-in's change, marked by whether it is good news for its key result (its
    direction), not by its sign: ▲ better, ▼ worse."""
    text = change(m.change)
    if m.better is None:
        return _e(text)
    if text == "—":
        text = num(m.value)  # a milestone: done or not done
    mark, kind, title = ("▲", "better", _("better")) if m.better else ("▼", "worse",
                                                                          _("worse"))
    return f'<span class="{kind}" title="{title}">{mark} {_e(text)}</span>'


def _day(day: dt.date) -> str:
    """A date that never breaks at its hyphens."""
    return f'<span class="nb">{day}</span>'


# --- the page -----------------------------------------------------------------------------


def opening(report: Report, generated_at: dt.datetime | None, *, heading: str = "",
            css: str = "", meta: str = "", before: str = "") -> list[str]:
    """A page's head and its first lines: the title and the heading (``heading``, escaped
    HTML, before the organisation's name on a page of the site), the cycle, the window,
    when it was made and from which commit. ``css`` is added to the page's style, ``meta``
    to its head, ``before`` (HTML) goes above the heading."""
    org = f"{_e(report.organization)} · " if report.organization else ""
    out = [
        "<!DOCTYPE html>", f'<html lang="{language()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        *([meta] if meta else []),
        f"<title>{heading}{org}OKR · {_e(report.cycle.id)} · {report.until}</title>",
        f"<style>{_css()}{css}</style>", "</head>", "<body>",
        *([before] if before else []),
        f"<h1>{heading}{org}OKR · {_e(report.cycle.id)}</h1>",
        f'<p class="muted">{_day(report.cycle.start)} – {_day(report.cycle.end)} · '
        + _("state on {day} · review of {since} → {until}").format(
            day=_day(report.until), since=_day(report.since), until=_day(report.until))
        + "</p>",
    ]
    if generated_at is not None:
        out.append('<p class="muted generated">'
                   + _("generated at {time}").format(time=generated(generated_at)) + "</p>")
    line = built_from(report.origin, "<code>{}</code>")
    if line and report.origin and report.origin.commit:
        out.append(f'<p class="muted commit" data-commit="{_e(report.origin.commit)}">{line}</p>')
    elif line:
        out.append(f'<p class="muted commit">{line}</p>')
    files = left_out(report)
    if files:
        out.append('<p class="left-out"><strong>⚠️ ' + _e(_(LEFT_OUT).format(
            files=", ".join(files))) + "</strong></p>")
    return out


def dashboard(report: Report, generated_at: dt.datetime | None = None) -> str:
    """The review, the alignment tree and every objective, at the report's end.
    ``generated_at`` is when the page was made (the cli reads the clock)."""
    status = report.status
    assert status is not None
    labels = report.labels
    from okrcli.render.reviewhtml import review

    out = opening(report, generated_at)
    out += review(report)
    out += _tree(status, labels)
    out.append('<h2 id="objectives">' + _("Objectives and key results") + "</h2>")
    for owner in status.owners:
        out.append(f'<h3 id="owner-{_e(owner.owner)}">{_e(owner.name)} '
                   f'<span class="ref">{_e(owner.owner)}</span> {bar(owner.score)}</h3>')
        for state in owner.objectives:
            out += _objective(state, status, labels)
    out += closing()
    return "\n".join(out) + "\n"


def closing() -> list[str]:
    """The last lines of a page: what the scores and marks mean."""
    return ['<p class="muted">' + _(
        "Made by okr. Scores: a metric's way from start to target (0–100%); a threshold 100% "
        "while it holds its line; a milestone 100% when done. Status compares the score "
        "with the progress expected by today; a milestone not yet done is on track until "
        "its due date. ▲ better, ▼ worse, by each key result's direction.") + "</p>",
        "</body>", "</html>"]


def _table(name: str, cells: tuple[str, ...], numbers: tuple[int, ...] = ()) -> str:
    """A table's start and its header row (each cell a msgid; ``numbers``: right-aligned)."""
    head = "".join(f'<th class="n">{_(c)}</th>' if i in numbers else f"<th>{_(c)}</th>"
                   for i, c in enumerate(cells))
    return f'<div class="scroll"><table class="stack {name}"><tr>{head}</tr>'


def _muted(text: str) -> str:
    return f'<p class="muted">{text}</p>'


def _tree(status: StatusResult, labels: dict[str, str]) -> list[str]:
    states = status.states
    out = ['<h2 id="tree">' + _("Alignment") + "</h2>", '<ul class="tree">']
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
        out.append(node(state, labels, f"#obj-{ref}"))
        on_path.add(ref)
        children = [c for c in state.children if c not in on_path]
        if children:
            out.append("<ul>")
        stack.append((ref, "</ul>\n</li>" if children else "</li>"))
        stack.extend((child, None) for child in reversed(children))
    out.append("</ul>")
    return out


def node(state: scoring.ObjectiveState, labels: dict[str, str], href: str) -> str:
    """An objective in the alignment tree: a link to its card, its score and status (the
    ``<li>`` left open for its children)."""
    return (f'<li><a href="{_e(href)}">{_e(labels.get(state.owner, state.owner))}'
            f" · {_e(state.objective.title)}</a> {bar(state.score, None, state.status)} "
            f"{badge(state.status, state.dropped)}")


def _objective(state: scoring.ObjectiveState, status: StatusResult,
               labels: dict[str, str], link: Callable[[str], str | None] | None = None
               ) -> list[str]:
    """An objective's card with its key results' cards; ``link(ref)`` the address of the
    objective it aligns to (on the site: on another page), None: not linked."""
    from okrcli.render.chart import card

    objective = state.objective
    head = (f'<section class="objective" id="obj-{_e(state.ref)}">'
            f"<h3>{_e(objective.title)} {badge(state.status, state.dropped)}</h3>"
            f'<div><span class="ref">{_e(state.ref)}</span> · '
            f"{_e(labels.get(state.owner, state.owner))} · "
            + _("score {score}").format(score=bar(state.score, None, state.status)))
    if objective.committed:
        head += " · " + _("committed")
    if state.dropped and objective.dropped is not None:
        head += " · " + _("dropped {date}: {reason}").format(
            date=objective.dropped.date, reason=_e(objective.dropped.reason))
    if objective.aligns_to:
        target = f'<span class="ref">{_e(objective.aligns_to)}</span>'
        href = link(objective.aligns_to) if link else None
        if href is not None:
            target = f'<a href="{_e(href)}">{target}</a>'
        head += " · " + _("aligns to {ref}").format(ref=target)
    if state.rollup is not None:
        n = state.rollup_of
        head += " · " + ngettext("roll-up {score}: mean of the objective aligned to it",
                                 "roll-up {score}: mean of the {n} objectives aligned to it",
                                 n).format(score=pct(state.rollup), n=n)
    out = [head + "</div>", '<div class="krs">']
    for kr, st in state.key_results:
        out += card(state, kr, st, status, labels)
    out += ["</div>", "</section>"]
    return out
