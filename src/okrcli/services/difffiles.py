"""What ``okr diff`` says of whole files: one renamed or moved, and one a side cannot
read; and ``File``, the handle of a changed file that okrdiff carries in its deltas."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from okrcli import okrdiff
from okrcli.diagnostics import Diagnostic
from okrcli.gitrepo import Touch, joined
from okrcli.gitresults import DiffChange
from okrcli.model import OkrFile
from okrcli.services.common import Session


@dataclass(frozen=True)
class File:
    """A changed file on one side: the handle okrdiff carries in its deltas."""

    path: Path
    rel: str
    cycle: str
    old: bool  # the old side's
    started: bool = True  # today is on or after its cycle's first day (as check --base)


def renamed(touches: list[Touch], below: Callable[[Iterable[str]], set[str]],
             files: dict[bool, list[tuple[File, OkrFile]]], prefix: str) -> list[DiffChange]:
    """One change per OKR file renamed or moved (``renamed``, field ``file``, the old and
    new paths; its ref the file's owner): as git finds renames, or, where git sees a file
    deleted and another added, the only file of an owner and cycle gone and the only one
    of that owner and cycle new."""
    before = {h.rel: (h, m) for h, m in files[True]}
    after = {h.rel: (h, m) for h, m in files[False]}

    def rel(path: str) -> str:
        return next(iter(below([path])), "")

    pairs = [(rel(t.old_path), rel(t.new_path)) for t in touches
             if t.status == "R" and (rel(t.old_path) in before or rel(t.new_path) in after)]
    gone: dict[tuple[str, str], list[str]] = {}
    fresh: dict[tuple[str, str], list[str]] = {}
    for t in touches:
        if t.status == "D" and rel(t.old_path) in before:
            model = before[rel(t.old_path)][1]
            gone.setdefault((model.owner, model.cycle), []).append(rel(t.old_path))
        elif t.status == "A" and rel(t.new_path) in after:
            model = after[rel(t.new_path)][1]
            fresh.setdefault((model.owner, model.cycle), []).append(rel(t.new_path))
    pairs += [(gone[key][0], rels[0]) for key, rels in fresh.items()
              if len(rels) == 1 and len(gone.get(key, ())) == 1]
    out = []
    for old_rel, new_rel in pairs:
        handle, model = after.get(new_rel) or before[old_rel]
        delta = okrdiff.Delta(model.owner, okrdiff.RENAMED, "file", old_rel, new_rel,
                              file=handle)
        out.append(DiffChange(delta, model.owner, new_rel, joined(prefix, new_rel)))
    return out


def unreadable(unread: list[tuple[bool, Path, Diagnostic | None]],
                files: dict[bool, list[tuple[File, OkrFile]]],
                models: dict[tuple[bool, str], OkrFile], moved: dict[tuple[bool, str], str],
                sessions: tuple[Session, Session], prefix: str,
                cycle_id: str | None) -> list[DiffChange]:
    """One ``unreadable`` change per file a side cannot read (a YAML error, conflict
    markers left by a merge): the file on the other side (the same path, or the one git
    says it was renamed from or to) is compared with nothing, so that its objectives read
    neither as deleted nor as created. Unreadable on both sides, it is one change, the new
    side's. It is placed at the first problem of the new side (the old side's has no line
    in the new file); its owner and cycle are the other side's, else those its text
    names; of another cycle than ``--cycle``'s, it is left out."""
    out = []
    gone = {(side, sessions[0 if side else 1].rel(path)) for side, path, _p in unread}
    for side, path, problem in unread:
        ses = sessions[0 if side else 1]
        rel = ses.rel(path)
        there = moved.get((side, rel), rel)
        files[not side] = [(h, m) for h, m in files[not side] if h.rel != there]
        if side and (False, there) in gone:
            continue  # said once, on the new side
        other = models.get((not side, there))
        sniffed = next((e for e in ses.index() if e.path == path), None)
        owner = other.owner if other else (sniffed.owner if sniffed else None) or path.stem
        cycle = other.cycle if other else (sniffed.cycle if sniffed else None) or ""
        if cycle_id is not None and cycle and cycle != cycle_id:
            continue
        reason = f"{problem.code} {problem.message}" if problem else None
        delta = okrdiff.Delta(owner, okrdiff.UNREADABLE, "file", reason=reason,
                              file=File(path, rel, cycle, side))
        line, col = (problem.line, problem.col) if problem and not side else (None, None)
        out.append(DiffChange(delta, owner, rel, joined(prefix, rel), line, col))
    return out
