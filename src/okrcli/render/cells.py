"""The cells the terminal's tables share: user text made visible, statuses, bars with
their numbers, values, changes marked good or bad, the ref line under a title. Every cell
is a ``Text``, never a string Rich would parse as markup."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text

from okrcli import scoring
from okrcli.i18n import _, ngettext
from okrcli.model import KeyResult
from okrcli.render import bar, num, pct, points, signed, value_text
from okrcli.render.escape import visible
from okrcli.render.layout import Column
from okrcli.scoring import Status


def user(text: str | None, style: str = "") -> Text:
    """User text (or an empty cell) as a cell: visible, never markup."""
    return Text(visible(text or ""), style=style)


def status_text(status: Status, stale: bool = False, dropped: bool = False) -> Text:
    """A status on one line (``off track · stale``)."""
    if dropped:
        return Text(_("dropped"), style="dim strike")
    text = Text(_(status.label), style=status.style)
    if stale:
        text.append(stale_mark(), style="magenta")
    return text


def stale_mark() -> str:
    """`` · stale``, after a status or a ref."""
    # TRANSLATORS: after a status or a ref: no check-in for longer than the stale limit
    return _(" · stale")


def progress_cell(fraction: float | None, progress: float | None = None,
                  expected: float | None = None, width: int = 10) -> Text:
    shown = progress if progress is not None and not 0 <= progress <= 1 else fraction
    return Text(f"{bar(fraction, width=width, expected=expected)} {pct(shown):>4}",
                style="cyan")


def score_cell(fraction: float | None, progress: float | None = None,
                expected: float | None = None) -> tuple[Text, Text]:
    """A bar and its number, and a shorter bar for a narrow terminal."""
    return (progress_cell(fraction, progress, expected),
            progress_cell(fraction, progress, expected, width=6))


def kr_score(kr: KeyResult, st: scoring.KRState) -> tuple[Text, Text]:
    """A key result's bar, with the expected marker only where it means something; a
    dropped one has no bar that could look live."""
    if kr.dropped and st.dropped:
        return (Text(_("— dropped {date}").format(date=f"{kr.dropped.date:%m-%d}"),
                     style="dim"), Text(_("— dropped"), style="dim"))
    expected = st.expected if scoring.shows_expected(kr.kind) else None
    return score_cell(st.score, st.progress, expected)


def expected_cell(kr: KeyResult, st: scoring.KRState) -> Text:
    if scoring.shows_expected(kr.kind) and not st.dropped:
        return Text(pct(st.expected))
    return Text("—", style="dim")


def value_cell(kr: KeyResult, st: scoring.KRState) -> tuple[Text, Text]:
    """The value against its target, on one line or (narrow) two: ``11800 →`` over
    ``15000 粉丝``, so that a unit is never cut."""
    full = value_text(kr, st)
    for mark in (" → ", " ("):
        if mark in full:
            at = full.index(mark)
            cut = at + (3 if mark == " → " else 1)
            return user(full), Text(f"{visible(full[:cut].rstrip())}\n{visible(full[cut:])}")
    return user(full), user(full)


def arrow(better: bool | None, text: str) -> Text:
    """A change marked as good (▲, green) or bad (▼, red) news: the sign alone says
    neither (a delivery time going up is bad)."""
    if better is None:
        return Text(text, style="dim")
    return Text(("▲ " if better else "▼ ") + text, style="green" if better else "red")


def kr_change(kr: KeyResult, st: scoring.KRState, before: scoring.KRState | None) -> Text:
    """What a key result's value did since the earlier state, by its direction."""
    if before is None or st.dropped:
        return Text("—", style="dim")
    value, previous = st.current, before.current
    if value == previous and isinstance(value, bool) == isinstance(previous, bool):
        return Text("=", style="dim")
    if previous is None:
        # TRANSLATORS: a key result's change where it had no value before
        return Text(_("new"), style="dim")
    good = scoring.better(kr.kind, st, value, previous)
    if isinstance(value, bool) or isinstance(previous, bool) or value is None:
        return arrow(good, num(value))
    return arrow(good, signed(value - previous))


def score_change(now: float | None, before: float | None) -> Text:
    if now is None or before is None:
        return Text("—", style="dim")
    if round(now * 100) == round(before * 100):
        return Text("=", style="dim")
    return arrow(now > before, points(now - before))


def ref_line(ref: str, *notes: str, stale: bool = False) -> Text:
    """The dim line under a title: its ref, ``· stale`` (in the status's place it would
    wrap the Status column onto a second line), then ``notes``."""
    text = user(ref, style="dim")
    if stale:
        text.append(stale_mark(), style="magenta")
    for note in notes:
        if note:
            text.append(visible(f" · {note}"), style="dim")
    return text


def rollup_note(state: scoring.ObjectiveState) -> str:
    """The roll-up explained where it stands in for an objective's own score."""
    if state.key_results:
        return ""
    n = state.rollup_of
    if not n:
        return _("no key results yet")
    return ngettext("score is the roll-up: the mean of {n} aligned objective",
                    "score is the roll-up: the mean of {n} aligned objectives", n).format(n=n)


def driven_by(name: str) -> str:
    """The note of a key result that a person (its ``owner``) drives."""
    return _("driven by {name}").format(name=name)


def dropped_on(date: Any, reason: str) -> str:
    return _("dropped {date}: {reason}").format(date=date, reason=reason)


def no_checkins() -> str:
    return _("no check-ins yet")


def translated(column: Column) -> Column:
    """``column`` with its header and label in the reader's language (a module's columns
    are English constants, marked ``N_``)."""
    return replace(column, header=_(column.header) if column.header else "",
                   label=_(column.label) if column.label else "")
