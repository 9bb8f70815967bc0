"""Editing a file safely: the one way every write goes.

Under the workspace lock, read the file again and refuse one that commands cannot read;
splice the change into its text; read the result through the pipeline and refuse it when
it would be unreadable, or would bring a new failing problem to the file or to its
references (checked among the files it aligns to); swap it in, unless the file changed
meanwhile. The problems of the file that the edit did not bring stay, and are named.
New files are validated and locked alike.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from okrcli import checks, pipeline, store
from okrcli.diagnostics import Diagnostic, OkrError
from okrcli.edit import new_document
from okrcli.i18n import _
from okrcli.model import Config, OkrFile
from okrcli.pipeline import Valid
from okrcli.refs import owner_of
from okrcli.services import equip
from okrcli.services.common import Session, read_config

M = TypeVar("M", Config, OkrFile)


def _refused(what: str, problems: list[Diagnostic]) -> OkrError:
    """A refused edit. Its problems are in text that was never written: they are named
    without a line and column, which would point into a file that does not have them."""
    found = "; ".join(f"{d.code} {d.message}" for d in problems) or _("it could not be read")
    return OkrError(_("{what} ({problems}); nothing was written").format(what=what,
                                                                        problems=found))


def edit_file(session: Session, path: Path, model: type[M], today: dt.date | None,
              change: Callable[[Valid[M]], str]) -> tuple[Valid[M], list[Diagnostic]]:
    """Apply ``change`` (the file's reading -> its new text) to ``path`` safely; returns
    the new reading and the failing problems the edit left as they were. ``today`` is the
    day references are checked on (an OKR file's check-in dates)."""
    return edit_files(session, [(path, change)], model, today)[0]


def edit_files(session: Session, changes: list[tuple[Path, Callable[[Valid[M]], str]]],
               model: type[M], today: dt.date | None) -> list[tuple[Valid[M], list[Diagnostic]]]:
    """``edit_file`` for several files (each once) under one lock: every file is read,
    changed and checked first, and none is written when one is refused. A file changed on
    disk by another program while the others are swapped in stops the rest, and the
    message names what was written. okr.yaml among OKR files is read as okr.yaml (okr cycle
    close writes both in one transaction)."""
    ws, policy = session.ws, session.policy
    planned = []
    with ws.lock():
        for path, change in changes:
            rel = session.rel(path)
            kind: type[Any] = Config if path == ws.config_path else model
            before = pipeline.read(path, ws.read(path), kind)
            if not isinstance(before, Valid):  # no model (or a file okr will not read)
                raise OkrError(_("{file} has errors: fix them before editing it; nothing was "
                                 "written").format(file=rel),
                               pipeline.blocking(before, policy, rel))
            after = pipeline.read(path, before.source.encode(change(before)), kind)
            if not isinstance(after, Valid):
                raise _refused(_("the edit would make the file invalid"),
                               pipeline.blocking(after, policy, rel))
            left = _problems(session, after, today)
            introduced = _introduced(left, _problems(session, before, today))
            if introduced:
                raise _refused(_("the edit would make the file invalid"), introduced)
            planned.append((path, before, after, left))
        written: list[str] = []
        for path, before, after, _left in planned:
            try:
                ws.replace(path, before.source.raw, after.source.raw)
            except OkrError as err:
                if written:  # the store's refusal says "nothing was written": not so
                    err.message = err.message.replace(
                        _("nothing was written"),
                        # TRANSLATORS: replaces "nothing was written" in a refusal when other
                        # files of the same edit were written before this one.
                        _("it was not written, {files} were").format(files=", ".join(written)))
                raise
            session.forget(path)
            written.append(session.rel(path))
        equip.refresh(session)
    return [(after, left) for _, _, after, left in planned]


def _problems(session: Session, reading: Valid[Any], today: dt.date | None) -> list[Diagnostic]:
    """What fails about a file: its own rules, and for an OKR file its references."""
    own = pipeline.blocking(reading, session.policy, session.rel(reading.path))
    if isinstance(reading.model, OkrFile) and today is not None:
        return own + _references(session, reading, today)
    return own


def _references(session: Session, reading: Valid[Any], today: dt.date) -> list[Diagnostic]:
    """The failing reference problems of one OKR file, among the files it aligns to."""
    doc: OkrFile = reading.model
    owners = {owner_of(o.aligns_to) for o in doc.objectives if o.aligns_to}
    others = [session.reading(p) for p in session.with_ancestors(doc.cycle, owners, reading.path)]
    found = pipeline.cross_file(session.config, [reading, *others], today, session.policy,
                                lambda r: session.rel(r.path), rules=checks.WORKSPACE,
                                only=reading)
    return session.policy.failing(pipeline.diagnose(
        reading, found.get(id(reading), []), session.policy, session.rel(reading.path)))


def _introduced(after: list[Diagnostic], before: list[Diagnostic]) -> list[Diagnostic]:
    """What ``after`` has that ``before`` had not (by code and message: lines move)."""
    seen = Counter((d.code, d.message) for d in before)
    out = []
    for d in after:
        if seen[(d.code, d.message)]:
            seen[(d.code, d.message)] -= 1
        else:
            out.append(d)
    return out


def create_file(session: Session, path: Path, today: dt.date, data: dict[str, Any]) -> None:
    """A new OKR file, validated and locked like every edit."""
    text = new_document(data, equip.modeline(session.ws.root, path, equip.OKR_FILE) + "\n")
    reading = pipeline.read(path, text.encode(), OkrFile)
    problems = pipeline.blocking(reading, session.policy, session.rel(path))
    if problems or not isinstance(reading, Valid):
        raise _refused(_("the new file would be invalid"), problems)
    problems = _references(session, reading, today)
    if problems:
        raise _refused(_("the new file would be invalid"), problems)
    with session.ws.lock():
        session.forget()  # another writer may have made the file meanwhile
        if session.owner_file(data["owner"], data["cycle"]) is not None:
            raise OkrError(_("{owner} has a file in {cycle} now; nothing was written: run the "
                             "command again").format(owner=data["owner"], cycle=data["cycle"]))
        top = session.ws.root / session.config.settings.okr_dir
        equip.refresh(session, missing=True)  # the file's schema, and okr.yaml's: first
        session.ws.create(path, text.encode(), top)
    session.forget()


def not_the_workspace(path: Path) -> None:
    """Refuse ``-o PATH`` onto a file of an OKR workspace (its okr.yaml, or an OKR file
    the store would read below its ``okr_dir``; anywhere in it when okr.yaml does not
    read): a report or a list of findings written there would be the workspace's own
    data lost, which only git could bring back. The name is judged as the write replaces
    it: a link's own name, not where it leads."""
    try:
        parent = Path(os.path.realpath(path.parent))
        root = Path(os.path.realpath(store.find_root(start=parent)))
    except (OkrError, OSError, ValueError):
        return  # no workspace around it
    target, ws = parent / path.name, store.Workspace(root)
    try:
        reading = read_config(ws, ws.read(ws.config_path))
        folder = Path(os.path.realpath(root / pipeline.okr_dir(reading))) if isinstance(
            reading, Valid) else root
    except (OSError, ValueError):
        folder = root
    name = path.name.casefold().rstrip(". ")  # as a case-blind disk names it
    under = target.relative_to(folder).parts if target.is_relative_to(folder) else None
    if (name == store.CONFIG_NAME and parent == root) or _same_file(target, ws.config_path) \
            or (under and name.endswith(store.OKR_SUFFIXES)
                and not any(part.startswith(".") for part in under)):
        raise OkrError(_("{path} is a file of the OKR workspace in {root}: -o never writes "
                         "over okr.yaml or an OKR file; nothing was written").format(
            path=store.shown(str(path)), root=store.shown(str(root))))


def _same_file(path: Path, other: Path) -> bool:
    """Whether ``path`` itself (a link not followed) is the file ``other``."""
    try:
        mine, theirs = os.lstat(path), os.stat(other)
    except (OSError, ValueError):
        return False
    return (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev)
