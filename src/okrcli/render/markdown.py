"""Markdown for pull requests, wikis and meeting notes. User text is shown, never
rendered: ``inline`` escapes what CommonMark and GitHub's renderer would act on (the
tests render it with cmark-gfm, GitHub's own)."""

from __future__ import annotations

import re

from okrcli import scoring
from okrcli.model import KeyResult
from okrcli.render import day, num, pct, points, signed, value_text
from okrcli.render.escape import LINE_BREAKS, clip, shown
from okrcli.results import GradeResult, StatusResult
from okrcli.scoring import KRState, ObjectiveState

_SPACES = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))
# Mid-line, these are all that Markdown acts on: \ escapes, ` code, * _ ~ emphasis,
# [ ] ! links and images, < > & HTML, autolinks and entities, | table cells, # a
# heading's closing sequence, $ GitHub's math, : the scheme of a bare URL. User text never
# starts a line, so the line-start markers (> - + = 1.) need nothing.
_PUNCTUATION = re.compile(r"([\\`*_~\[\]!<>&|#$:])")
_WWW = re.compile(r"(?<=[wW]{3})\.")  # www.example.com: a link in GitHub's renderer
# Anything inline() changes; most titles hold none of it.
_SPECIAL = re.compile("[\\\\`*_~\\[\\]!<>&|#$:.@\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def inline(text: str) -> str:
    """User text inside a line of Markdown (a heading, a list item, a table cell): one
    line, every control character visible, every Markdown character escaped. A zero-width
    space after ``@`` keeps an address from being linked and a name from being mentioned
    (a backslash cannot: GitHub links addresses after parsing)."""
    if _SPECIAL.search(text) is None:
        return text
    text = _PUNCTUATION.sub(r"\\\1", shown(text.translate(_SPACES)))
    return _WWW.sub(r"\\.", text).replace("@", "@\u200b")


def code(text: str) -> str:
    """A reference in a code span, where nothing is interpreted; as ``inline`` text when a
    backtick, a pipe or a line break would end the span or the table cell."""
    if not text or re.search(r"[`|\s]", text):
        return inline(text)
    return f"`{shown(text)}`"


def status(result: StatusResult) -> str:
    """``okr status --format markdown``: scores in percent; with ``--since``, a change
    column (▲ good news, ▼ bad, by each key result's direction)."""
    since = result.since is not None
    title = f"# OKR status · {inline(result.cycle.id)} · {result.today}"
    out = [title + (f" · changes since {result.since}" if since else ""), ""]
    for owner in result.owners:
        change = (f" ({_score_change(owner.score, owner.score_before)} since {result.since})"
                  if since else "")
        out.append(f"## {inline(owner.name)} — score {pct(owner.score)}{change}")
        out.append("")
        for state in owner.objectives:
            out += _objective(result, state, state.key_results)
        for driven in owner.driven:
            out += _objective(result, driven.objective, driven.key_results,
                              result.name(driven.objective.owner))
    return "\n".join(out).rstrip() + "\n"


def _objective(result: StatusResult, state: ObjectiveState,
               key_results: list[tuple[KeyResult, KRState]], whose: str = "") -> list[str]:
    committed = " *(committed)*" if state.objective.committed else ""
    of = f" — objective of {inline(whose)}" if whose else ""
    out = [f"### {inline(state.objective.title)}{committed}{of}", ""]
    status = "dropped" if state.dropped else state.status.label
    line = f"{code(state.ref)} · score {pct(state.score)} · {status}"
    if state.dropped and state.objective.dropped is not None:
        line += f" {state.objective.dropped.date}: {inline(state.objective.dropped.reason)}"
    if state.objective.aligns_to:
        line += f" · aligns to {code(state.objective.aligns_to)}"
    if result.since is not None:
        before = result.before.get(state.ref)
        line += f" · {_score_change(state.score, before.score if before else None)} since " \
            f"{result.since}"
    out += [line, ""]
    if not key_results:
        n = state.rollup_of
        out += [f"_No key results of its own: its score is the roll-up, the mean of {n} "
                f"aligned objective{'s' if n != 1 else ''}._" if n else
                "_No key results of its own._", ""]
        return out
    since = result.since is not None
    drivers = any(kr.owner for kr, _ in key_results)
    out.append("| Key result | Value | Score | Expected | Status | Confidence | Last |"
               + (" Driven by |" if drivers else "") + (" Change |" if since else ""))
    out.append("|---|---|---:|---:|---|---:|---|" + ("---|" if drivers else "")
               + ("---:|" if since else ""))
    for kr, st in key_results:
        label = "dropped" if st.dropped else st.status.label + (" · stale" if st.stale else "")
        if kr.dropped and st.dropped:
            label += f" {kr.dropped.date}: {inline(clip(kr.dropped.reason, 60))}"
        expected = pct(st.expected) if scoring.shows_expected(kr.kind) and not st.dropped \
            else "—"
        shown = "—" if st.dropped else pct(st.score)  # out of every score: no live figure
        row = (f"| {inline(kr.title)} | {inline(value_text(kr, st))} | {shown} | "
               f"{expected} | {label} | {pct(st.confidence)} | {day(st.last_checkin)} |")
        if drivers:
            row += f" {inline(result.name(kr.owner)) if kr.owner else ''} |"
        if since:
            row += f" {_kr_change(kr, st, result.previous(state.ref, kr.id))} |"
        out.append(row)
    out.append("")
    return out


def _score_change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "—"
    if round(now * 100) == round(before * 100):
        return "="
    return ("▲ " if now > before else "▼ ") + points(now - before)


def _kr_change(kr: KeyResult, st: KRState, before: KRState | None) -> str:
    if before is None or st.dropped:
        return "—"
    value, previous = st.current, before.current
    if value == previous and isinstance(value, bool) == isinstance(previous, bool):
        return "="
    if previous is None:
        return "new"
    good = scoring.better(kr.kind, st, value, previous)
    text = num(value) if isinstance(value, bool) or isinstance(previous, bool) or \
        value is None else signed(value - previous)
    return text if good is None else ("▲ " if good else "▼ ") + text


def grade(result: GradeResult) -> str:
    """``okr grade --format markdown``."""
    out = [f"# Grades · {inline(result.cycle.id)}", ""]
    if result.provisional:
        out += [f"_Provisional: {inline(result.cycle.id)} runs until {result.cycle.end}; "
                "these grades are today's scores and may still move._", ""]
    names = {o.owner: o.name for o in result.owners}
    out.append("| Objective | Owner | Grade | Band | Note |")
    out.append("|---|---|---:|---|---|")
    for row in result.rows:
        committed = " *(committed)*" if row.committed else ""
        out.append(f"| {inline(row.title)}{committed} · {code(row.ref)} | "
                   f"{inline(names.get(row.owner, row.owner))} | {pct(row.grade)} | "
                   f"{row.band.value if row.band else '—'} | {inline(row.flag or '')} |")
    out += ["", "## Owners", "", "| Owner | Grade | Note |", "|---|---:|---|"]
    for o in result.owners:
        out.append(f"| {inline(o.name)} | {pct(o.grade)} | {inline(o.note or '')} |")
    return "\n".join(out) + "\n"
