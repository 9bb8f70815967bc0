"""okr checkin: record a key result's value, correct the latest one (--amend), or, with no
arguments on a terminal, walk through one owner's key results (the guided weekly
check-in)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from okrcli.cli import complete
from okrcli.cli.common import (
    NBSP,
    WJ,
    CycleOpt,
    NumbersOk,
    RootOpt,
    TodayOpt,
    console,
    done,
    handled,
    parse_date,
    plain,
    print_diagnostics,
    session,
    today,
)
from okrcli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    import datetime as dt

    from okrcli.model import Checkin
    from okrcli.results import Walk, WalkItem, Written
    from okrcli.services import Session
    from okrcli.services.checkin import Entry

app = typer.Typer()


def interactive() -> bool:
    """Whether a person is there to answer: stdin and stdout are a terminal (tests
    replace this function)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command("checkin", cls=NumbersOk)
def checkin(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(
        metavar="OWNER/OBJ/KR", show_default=False, autocompletion=complete.kr_refs,
        help=N_("The key result (none: the guided weekly check-in, on a terminal)."))] = None,
    value: Annotated[str | None, typer.Argument(
        metavar="VALUE", show_default=False,
        help=N_("A number, or done / not-done for a milestone."))] = None,
    confidence: Annotated[str | None, typer.Option(
        "--confidence", "-c", metavar="0..1|N%", show_default=False,
        help=N_("Will we make it? 0..1 or a percent (0.7, 70%)."))] = None,
    note: Annotated[str | None, typer.Option(
        "--note", "-n", help=N_("What moved the value: the weekly review shows it."))] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help=N_("The day of the check-in (default: today)."))] = None,
    amend: Annotated[bool, typer.Option(
        "--amend", help=N_("Replace the latest check-in (the last by date): its value, and "
                           "its confidence, note or date when given; it keeps the others."))]
    = False,
    force: Annotated[bool, typer.Option(
        "--force", help=N_("Record a value far outside the key result's range (more than "
                           "ten times its span beyond either end)."))] = False,
    owner: Annotated[str | None, typer.Option(
        "--owner", help=N_("Guided check-in: whose key results (default: the person whose "
                           "email in okr.yaml is git config user.email)."),
        autocompletion=complete.owners)] = None,
    cycle: CycleOpt = None, root: RootOpt = None, today_opt: TodayOpt = None,
) -> None:
    """Record this week's value of a key result (adds only its own lines to the file).

    A second check-in on the date of one the key result has asks, on a terminal, whether to
    replace it (elsewhere it is refused: use --amend). With no arguments on a terminal, okr
    asks for each key result an owner drives: a value (Enter skips it), a confidence and a
    note; everything is written at the end."""
    if ref is None:
        single = [name for name, given in (("--confidence", confidence is not None),
                                           ("--note", note is not None), ("--date", date),
                                           ("--amend", amend), ("--force", force)) if given]
        if single:
            ctx.fail(ngettext(
                "{options} needs OWNER/OBJ/KR and VALUE: the guided check-in asks for each "
                "key result",
                "{options} need OWNER/OBJ/KR and VALUE: the guided check-in asks for each "
                "key result", len(single)).format(options=", ".join(single)))
        if not interactive():
            ctx.fail(_("give OWNER/OBJ/KR and VALUE; the guided check-in (no arguments) asks "
                       "its questions on a terminal only"))
        _guided(owner, cycle, root, today_opt)
        return
    if value is None:
        ctx.fail(_("missing VALUE: a number, or done / not-done for a milestone"))
    if owner is not None:
        ctx.fail(_("--owner is for the guided check-in (okr checkin with no arguments)"))
    _single(ref, value, confidence, note, date, amend, force, cycle, root, today_opt)


@handled
def _single(ref: str, value: str, confidence_text: str | None, note: str | None,
            date: str | None, amend: bool, force: bool, cycle: str | None,
            root: RootOpt, today_opt: str | None) -> None:
    from okrcli.diagnostics import OkrError
    from okrcli.render import pct
    from okrcli.services import checkin as service

    confidence = None
    if confidence_text is not None:
        try:
            confidence = service.parse_confidence(confidence_text)
        except OkrError as err:
            raise typer.BadParameter(err.message, param_hint="--confidence") from None
    given = parse_date(date, "--date")
    work, day = session(root), today(today_opt)

    def write(replace: dt.date | None = None) -> Written:
        return service.checkin(
            work, ref, value, day, confidence=confidence, note=note, day=given,
            cycle_id=cycle, amend=amend, force=force, replace=replace)

    try:
        result = write()
    except service.SameDate as err:
        if not interactive():
            raise
        if not _confirm(_same_date(ref, err.existing)):
            raise OkrError(_("nothing was written")) from None
        result = write(replace=err.existing.date)
    st = result.state
    assert st is not None
    # "on track" is kept on one line (a no-break space, which done() prints as a space)
    score, status = pct(st.score), WJ.join(_(st.status.label).replace(" ", NBSP))
    on = given or day
    if st.last_checkin is not None and st.last_checkin > on:
        # a back-dated check-in: the score is still the latest check-in's
        done(_("{message} on {date} in {path}; the latest check-in ({last}: {value}) still "
               "sets the score: {score}, {status}").format(
                   message=result.message, date=on, path=result.path, last=st.last_checkin,
                   value=service.shown(st.current), score=score, status=status),
             result.problems)
        return
    done(_("{message} in {path}: score {score}, {status}").format(
        message=result.message, path=result.path, score=score, status=status),
        result.problems)


@handled
def _guided(owner: str | None, cycle: str | None, root: RootOpt,
            today_opt: str | None) -> None:
    from okrcli.diagnostics import OkrError
    from okrcli.render import checkin as view
    from okrcli.services import checkin as service

    work, day = session(root), today(today_opt)
    email = None if owner else service.git_email(work.ws.root)
    walk = service.walk(work, day, owner=owner, email=email, cycle_id=cycle)
    out = console()
    if walk.problems:
        print_diagnostics(walk.problems)
        out.print(plain(_("okr could not read these files: their key results are not asked "
                          "about"), style="yellow"))
    out.print(view.header(walk))
    answers: list[tuple[WalkItem, Entry]] = []
    try:
        for index, item in enumerate(walk.items, 1):
            out.print(view.item(item, index, len(walk.items), out.width))
            entry = _ask(work, walk, item)
            if entry is not None:
                answers.append((item, entry))
    except (typer.Abort, KeyboardInterrupt):
        stopped = _("okr: {message}").format(
            message=_("stopped before the end: nothing was written"))
        console(stderr=True).print(plain("\n" + stopped, style="bold red"))
        raise typer.Exit(1) from None
    if not answers:
        done(_("nothing to write: every key result was skipped"))
        return
    try:
        written, left = service.write_walk(work, walk, answers)
    except OkrError:
        _keep(answers)
        raise
    out.print(view.summary(list(zip([item for item, _ in answers], written, strict=True))))
    files = sorted({w.path for w in written})
    done(ngettext("wrote {count} check-in in {files}", "wrote {count} check-ins in {files}",
                  len(written)).format(count=len(written), files=", ".join(files)), left)


def _keep(answers: list[tuple[WalkItem, Entry]]) -> None:
    """Nothing was written: every answer, as the command that records it, so that none is
    lost (on stderr, before the reason)."""
    import shlex

    err = console(stderr=True)
    err.print(plain(_("okr: {message}").format(
        message=_("your answers, none written; each one alone is:")), style="yellow"))
    for item, entry in answers:
        words = ["okr", "checkin", item.ref, entry.value.strip()]
        if entry.confidence is not None:
            words += ["-c", f"{entry.confidence:g}"]
        if entry.note:
            words += ["-n", entry.note]
        if entry.replace is not None:
            words.append("--amend")
        if entry.force:
            words.append("--force")
        err.print(plain("  " + shlex.join(words)))


def _ask(work: Session, walk: Walk, item: WalkItem) -> Entry | None:
    """The questions for one key result; a wrong answer asks again, and only an answer the
    rules take is kept (never one that was refused)."""
    from dataclasses import replace

    from okrcli.diagnostics import OkrError
    from okrcli.render import pct
    from okrcli.services import checkin as service

    ask = (_("value (done / not-done; Enter skips)") if item.kr.kind == "milestone"
           else _("value (a number; Enter skips)"))
    while True:
        text = _prompt("  " + ask)
        if not text.strip():
            return None
        entry = _settled(work, walk, item, text)
        if entry is not None:
            break
    last = entry.replace is not None or item.state.confidence is not None
    ask = (_("confidence 0..1 (Enter keeps {confidence})").format(
        confidence=pct(item.state.confidence)) if last else _("confidence 0..1 (Enter: none)"))
    while True:
        confidence: float | None = None  # each try starts afresh: a refused one is gone
        answer = _prompt("  " + ask).strip()
        if not answer:
            break
        try:
            confidence = service.parse_confidence(answer)
            break
        except OkrError as err:
            _say(err.message)
    note = _prompt("  " + _("note (Enter: none)")).strip() or None
    entry = replace(entry, confidence=confidence, note=note)
    service.try_answer(work, walk, item, entry)  # the whole answer, as it will be written
    return entry


def _settled(work: Session, walk: Walk, item: WalkItem, text: str) -> Entry | None:
    """The value as the rules take it: a same-date check-in replaced and a far value
    forced only when the user says so; None when the value is to be asked again."""
    from dataclasses import replace

    from okrcli.diagnostics import OkrError
    from okrcli.services import checkin as service

    entry = service.Entry(text.strip())
    while True:
        try:
            service.try_answer(work, walk, item, entry)
            return entry
        except service.SameDate as err:
            if not _confirm("  " + _same_date(item.ref, err.existing)):
                return None
            entry = replace(entry, replace=err.existing.date)
        except service.FarOut as err:
            if not _confirm("  " + _("{what}: record it anyway?").format(what=err.what)):
                return None
            entry = replace(entry, force=True)
        except OkrError as err:
            _say(err.message)
            return None


def _same_date(ref: str, existing: Checkin) -> str:
    """The question when a key result has a check-in on the date of a new one."""
    from okrcli.services.checkin import shown

    return _("{ref} already has a check-in on {date} ({value}): replace it?").format(
        ref=ref, date=existing.date, value=shown(existing.value))


def _prompt(text: str) -> str:
    from okrcli.render.escape import visible

    # TRANSLATORS: what follows a question the guided check-in asks, before the answer
    answer: str = typer.prompt(visible(text), default="", show_default=False,
                               prompt_suffix=_(": "))
    return answer


YES, NO = frozenset({"y", "yes", "是", "是的", "好", "对"}), frozenset({"", "n", "no", "否", "不"})


def _confirm(text: str) -> bool:
    """A yes/no question in the reader's language (y or 是, n or 否; Enter is no)."""
    from okrcli.render.escape import visible

    while True:
        answer = typer.prompt(visible(text), default="", show_default=False,
                              prompt_suffix=_(" [y/N]: ")).strip().lower()
        if answer in YES or answer in NO:
            return answer in YES
        _say(_("answer y (yes) or n (no)"))


def _say(message: str) -> None:
    console().print(plain(f"  {message}", style="red"))
