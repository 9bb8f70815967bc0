"""Markdown for pull requests, wikis and meeting notes. User text is shown, never
rendered: ``inline`` escapes what CommonMark and GitHub's renderer would act on (the
tests render it with cmark-gfm, GitHub's own)."""

from __future__ import annotations

import re

from okrcli import scoring
from okrcli.i18n import N_, _, ngettext
from okrcli.model import KeyResult
from okrcli.render import day, num, pct, points, signed, value_text
from okrcli.render.escape import LINE_BREAKS, clip, shown
from okrcli.results import GradeResult, Origin, StatusResult
from okrcli.scoring import Band, KRState, ObjectiveState, Status

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


# The labels of scoring's statuses and grade bands are English words, translated where
# they are shown (their English text is the msgid): marked here for the catalogue.
WORDS = (N_("done"), N_("on track"), N_("at risk"), N_("off track"), N_("pending"),
         N_("red"), N_("yellow"), N_("green"), N_("dropped"), N_("stale"))


def word(status: Status) -> str:
    """A status in the reader's language."""
    return _(status.label)


def band(value: Band | None) -> str:
    """A grade band in the reader's language (red, yellow, green)."""
    return _(value.value) if value else "—"


def listed(items: list[str]) -> str:
    """Items of a list (names, counts, reasons) joined as the language joins them."""
    # TRANSLATORS: between the items of a list: names, counts, reasons.
    return _(", ").join(items)


def header(*cells: str) -> str:
    """The header row of a Markdown table, each cell a msgid."""
    return "| " + " | ".join(_(cell) for cell in cells) + " |"


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


def built_from(origin: Origin | None, commit: str = "{}") -> str | None:
    """The line that names the commit an output was built from (None outside git, or when
    it was not asked for); ``commit`` shapes the short name in its medium."""
    if origin is None or origin.uncommitted is None:
        return None
    if origin.commit is None:
        return _("built from files not committed yet")
    sha = commit.format(origin.short or origin.commit)
    if origin.uncommitted:
        return _("built from commit {commit} + uncommitted changes").format(commit=sha)
    return _("built from commit {commit}").format(commit=sha)


def origin_lines(origin: Origin | None) -> list[str]:
    """The line under a Markdown output's title (a short sha GitHub links), if any."""
    line = built_from(origin)
    return [f"_{line}_", ""] if line else []


def status(result: StatusResult) -> str:
    """``okr status --format markdown``: scores in percent; with ``--since``, a change
    column (▲ good news, ▼ bad, by each key result's direction)."""
    since = result.since is not None
    title = "# " + _("OKR status · {cycle} · {today}").format(cycle=inline(result.cycle.id),
                                                             today=result.today)
    out = [title + (" · " + _("changes since {since}").format(since=result.since) if since
                    else ""), "", *origin_lines(result.origin)]
    for owner in result.owners:
        change = (_(" ({change} since {since})").format(
            change=_score_change(owner.score, owner.score_before), since=result.since)
            if since else "")
        out.append("## " + _("{name} — score {score}").format(
            name=inline(owner.name), score=pct(owner.score)) + change)
        out.append("")
        for state in owner.objectives:
            out += _objective(result, state, state.key_results)
        for driven in owner.driven:
            out += _objective(result, driven.objective, driven.key_results,
                              result.name(driven.objective.owner))
    return "\n".join(out).rstrip() + "\n"


def _objective(result: StatusResult, state: ObjectiveState,
               key_results: list[tuple[KeyResult, KRState]], whose: str = "") -> list[str]:
    committed = " *" + _("(committed)") + "*" if state.objective.committed else ""
    of = " — " + _("objective of {name}").format(name=inline(whose)) if whose else ""
    out = [f"### {inline(state.objective.title)}{committed}{of}", ""]
    status = _("dropped") if state.dropped else word(state.status)
    score = _("score {score}").format(score=pct(state.score))
    line = f"{code(state.ref)} · {score} · {status}"
    if state.dropped and state.objective.dropped is not None:
        line += f" {state.objective.dropped.date}: {inline(state.objective.dropped.reason)}"
    if state.objective.aligns_to:
        line += " · " + _("aligns to {ref}").format(ref=code(state.objective.aligns_to))
    if result.since is not None:
        before = result.before.get(state.ref)
        line += " · " + _("{change} since {since}").format(
            change=_score_change(state.score, before.score if before else None),
            since=result.since)
    out += [line, ""]
    if not key_results:
        n = state.rollup_of
        out += ["_" + (ngettext(
            "No key results of its own: its score is the roll-up, the mean of {n} aligned "
            "objective.", "No key results of its own: its score is the roll-up, the mean of "
            "{n} aligned objectives.", n).format(n=n) if n else
            _("No key results of its own.")) + "_", ""]
        return out
    since = result.since is not None
    drivers = any(kr.owner for kr, _st in key_results)
    out.append(header(N_("Key result"), N_("Value"), N_("Score"), N_("Expected"),
                      N_("Status"), N_("Confidence"), N_("Last"))
               + (" " + _("Driven by") + " |" if drivers else "")
               + (" " + _("Change") + " |" if since else ""))
    out.append("|---|---|---:|---:|---|---:|---|" + ("---|" if drivers else "")
               + ("---:|" if since else ""))
    for kr, st in key_results:
        label = _("dropped") if st.dropped else word(st.status) + (
            " · " + _("stale") if st.stale else "")
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
        # TRANSLATORS: a change column: a key result's first value.
        return _("new")
    good = scoring.better(kr.kind, st, value, previous)
    text = num(value) if isinstance(value, bool) or isinstance(previous, bool) or \
        value is None else signed(value - previous)
    return text if good is None else ("▲ " if good else "▼ ") + text


def grade(result: GradeResult) -> str:
    """``okr grade --format markdown``."""
    out = ["# " + _("Grades · {cycle}").format(cycle=inline(result.cycle.id)), "",
           *origin_lines(result.origin)]
    if result.provisional:
        out += ["_" + _("Provisional: {cycle} runs until {end}; these grades are today's "
                        "scores and may still move.").format(cycle=inline(result.cycle.id),
                                                             end=result.cycle.end) + "_", ""]
    names = {o.owner: o.name for o in result.owners}
    out.append(header(N_("Objective"), N_("Owner"), N_("Grade"), N_("Band"), N_("Note")))
    out.append("|---|---|---:|---|---|")
    for row in result.rows:
        committed = " *" + _("(committed)") + "*" if row.committed else ""
        out.append(f"| {inline(row.title)}{committed} · {code(row.ref)} | "
                   f"{inline(names.get(row.owner, row.owner))} | {pct(row.grade)} | "
                   f"{band(row.band)} | {inline(_(row.flag) if row.flag else '')} |")
    out += ["", "## " + _("Owners"), "", header(N_("Owner"), N_("Grade"), N_("Note")),
            "|---|---:|---|"]
    for o in result.owners:
        out.append(f"| {inline(o.name)} | {pct(o.grade)} | {inline(_(o.note) if o.note else '')} |")
    return "\n".join(out) + "\n"
