"""okr diff: what changed between two states of the workspace in OKR terms, by owner, and
what it does to the numbers up the alignment tree.

Only what the comparison needs is read: the files git says changed (``git diff --raw``),
the files of the owners they align to, up to the company, and, under an objective that
takes its roll-up, the files aligned to it (found by a text scan, not a parse). A side
that is a commit reads from git's objects only the files that differ from the working
tree (one ``cat-file --batch``); those it holds unchanged it reads from the disk, so an
unchanged file is the same bytes on both sides and is parsed once for both.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from okrcli import okrdiff, pipeline, scoring
from okrcli.diagnostics import Diagnostic, UsageError
from okrcli.gitrepo import GitError, Repo, joined
from okrcli.gitresults import DiffChange, DiffEffect, DiffResult
from okrcli.i18n import _
from okrcli.model import Cycle, KeyResult, OkrFile
from okrcli.pipeline import Broken, Reading, Valid
from okrcli.refs import Ref, parent_objective
from okrcli.services import difffiles
from okrcli.services.common import Session
from okrcli.services.difffiles import File
from okrcli.snapshot import Beside, Snapshot
from okrcli.store import CONFIG_NAME, OKR_SUFFIXES


def diff(session: Session, revisions: list[str], cycle_id: str | None,
         today: dt.date, *, lines: bool = True) -> DiffResult:
    """The changes from the first revision to the second (see ``_sides``), each with its
    place in the file (``lines``: its line and column too, which takes composing the
    file), and the effects on scores and statuses on ``today`` (both sides scored on the
    same day)."""
    root = session.ws.root
    repo = Repo.around(root)
    old_sha, new_sha = _sides(repo, revisions)
    prefix = repo.prefix(root)
    scope = [prefix or "."]
    touches = repo.changed(old_sha, new_sha, scope)

    def below(paths: Iterable[str]) -> set[str]:
        cut = len(prefix) + 1 if prefix else 0
        return {p[cut:] for p in paths if not prefix or p.startswith(prefix + "/")}

    # files git does not compare with the disk (skip-worktree, assume-unchanged, a sparse
    # checkout's): their bytes on disk say nothing of any commit, so they come from git
    unwatched = below(os.fsdecode(line[2:]) for line in repo.run(
        "ls-files", "-v", "-z", "--full-name", "--", *scope).split(b"\x00")
        if line[:1] == b"S" or line[:1].islower())

    def differs(sha: str) -> set[str]:
        found = touches if new_sha is None and sha == old_sha else repo.changed(sha, None, scope)
        return below([t.old_path for t in found] + [t.new_path for t in found]) | unwatched

    old = Session(Beside(root, repo, old_sha, differs(old_sha)))
    new = session if new_sha is None else Session(Beside(root, repo, new_sha, differs(new_sha)))
    bare = [isinstance(one.ws, Snapshot) and not one.ws.has(one.ws.config_path)
            for one in (old, new)]  # a side with no workspace yet (or no more)
    if all(bare):
        raise GitError(_("neither {old} nor {new} holds {config} here: no workspace to "
                         "compare").format(old=repo.short(old_sha), new=repo.short(new_sha or
                                           old_sha), config=CONFIG_NAME))
    if bare[1]:
        new._config = old.config_reading  # no file there: all deleted
    elif bare[0] or CONFIG_NAME not in below(t.new_path for t in touches):
        old._config = new.config_reading  # no file there (all created), or the same okr.yaml
    new_config = new.config
    old_changed = _okr_files(old, below(t.old_path for t in touches if t.status != "A"))
    new_changed = _okr_files(new, below(t.new_path for t in touches if t.status != "D"))

    def started(cycle: str) -> bool:
        found = new_config.cycle(cycle)
        return found is None or today >= found.start

    problems: list[Diagnostic] = []
    files: dict[bool, list[tuple[File, OkrFile]]] = {True: [], False: []}
    unread: list[tuple[bool, Path, Diagnostic | None]] = []  # a side's file that cannot be read
    models: dict[tuple[bool, str], OkrFile] = {}  # every file read, of any cycle
    for side, ses, paths in ((True, old, old_changed), (False, new, new_changed)):
        for path in paths:
            reading = ses.reading(path)
            blocking = ses.blocking(reading)
            problems += blocking
            model = _model(reading)
            if model is None:
                unread.append((side, path, min(blocking, default=None)))
                continue
            models[(side, ses.rel(path))] = model
            if cycle_id is None or model.cycle == cycle_id:
                files[side].append((File(path, ses.rel(path), model.cycle, side,
                                          started(model.cycle)), model))
    moved = {(side, next(iter(below([a])), "")): next(iter(below([b])), "")
             for t in touches if t.status == "R"
             for side, a, b in ((True, t.old_path, t.new_path), (False, t.new_path, t.old_path))}
    unreadable = difffiles.unreadable(unread, files, models, moved, (old, new), prefix, cycle_id)

    def cycle_end(cycle: str) -> dt.date | None:
        found = new_config.cycle(cycle)
        return found.end if found is not None else None

    deltas = okrdiff.diff(files[True], files[False], cycle_end)
    changes = (difffiles.renamed(touches, below, files, prefix) + unreadable
               + _placed(deltas, old, new, prefix, lines))
    cycles = list(dict.fromkeys(d.file.cycle for d in deltas))
    effects: list[DiffEffect] = []
    for cycle in cycles:
        effects += _effects(old, new, cycle, deltas, files, today)
    labels = {c.owner: new_config.owner_label(c.owner) for c in changes}
    labels.update({e.owner: new_config.owner_label(e.owner) for e in effects})
    return DiffResult(old_sha, new_sha, repo.short(old_sha),
                      repo.short(new_sha) if new_sha else _("the working tree"),
                      changes, effects, labels, problems, today)


def _sides(repo: Repo, revisions: list[str]) -> tuple[str, str | None]:
    """(old, new) commits; new None for the working tree. None: HEAD against the working
    tree; ``A``: A against it; ``A B`` and ``A..B``: A against B; ``A...B``: the merge
    base of A and B against B (what a pull request from B into A changes)."""
    if len(revisions) > 2:
        raise UsageError(_("okr diff takes at most two revisions"))
    if len(revisions) == 1 and ".." in revisions[0]:
        text = revisions[0]
        three = "..." in text
        a, b = text.split("...", 1) if three else text.split("..", 1)
        a_sha, b_sha = repo.commit(a or "HEAD"), repo.commit(b or "HEAD")
        return (_merge_base(repo, a_sha, b_sha, text) if three else a_sha), b_sha
    if any(".." in r for r in revisions):
        raise UsageError(_("a range A..B or A...B is the only revision: okr diff A..B"))
    if len(revisions) == 2:
        return repo.commit(revisions[0]), repo.commit(revisions[1])
    if revisions:
        return repo.commit(revisions[0]), None
    head = repo.head()
    if head is None:
        raise GitError(_("the repository has no commit yet: commit the workspace first"))
    return head, None


def _merge_base(repo: Repo, a: str, b: str, text: str) -> str:
    try:
        out = repo.run("merge-base", a, b).decode().strip()
    except GitError:
        out = ""
    if not out:
        raise GitError(_("{range} has no merge base: the two revisions share no history{shallow}"
                         ).format(range=repr(text), shallow=repo.shallow_note()))
    return out


def _okr_files(session: Session, rels: set[str]) -> list[Path]:
    """The OKR files of the session's workspace among ``rels`` (those its listing holds),
    in the listing's order; the listing of a large workspace is read only when many
    files changed."""
    okr_dir = session.config.settings.okr_dir
    if len(rels) > 50:
        return [p for p in session.ws.okr_paths(okr_dir) if session.ws.rel(p) in rels]
    below = "" if posixpath.normpath(okr_dir) == "." else posixpath.normpath(okr_dir) + "/"
    found = []
    for rel in sorted(rels, key=_listing_order):
        parts = rel[len(below):].split("/")
        if rel.startswith(below) and rel.endswith(OKR_SUFFIXES) and rel != CONFIG_NAME \
                and not any(p.startswith(".") for p in parts) \
                and session.ws.okr_folder(okr_dir) is None:
            path = session.ws.root / rel
            if (session.ws.has(path) if isinstance(session.ws, Snapshot)
                    else os.path.lexists(path)):
                found.append(path)
    return found


def _listing_order(rel: str) -> tuple[tuple[int, str], ...]:
    *folders, name = rel.split("/")  # as the store lists: a folder's files, then its folders
    return (*((1, f) for f in folders), (0, name))


def _model(reading: Reading) -> OkrFile | None:
    if isinstance(reading, Valid):
        return reading.model if isinstance(reading.model, OkrFile) else None
    if isinstance(reading, Broken) and isinstance(reading.partial, OkrFile):
        return reading.partial
    return None


def _pointed(delta: okrdiff.Delta) -> tuple[object, ...]:
    """Where a change is pointed at: a check-in rewritten at what changed in it (its date,
    else its value), where okr check --base places it; any other at its place."""
    old, new = delta.old, delta.new
    if delta.kind == okrdiff.REWRITTEN and delta.field == "checkins" and isinstance(
            old, dict) and isinstance(new, dict):
        for part in ("date", "value"):
            if old.get(part) != new.get(part):
                return (*delta.where, part)
    return delta.where


def _placed(deltas: list[okrdiff.Delta], old: Session, new: Session, prefix: str,
            lines: bool) -> list[DiffChange]:
    """Each delta with its owner and its line and column in the file it is in (the old
    file's for what is gone from the new side)."""
    by_file: dict[File, list[int]] = {}
    for i, delta in enumerate(deltas):
        by_file.setdefault(delta.file, []).append(i)
    where: dict[int, tuple[int, int]] = {}
    for handle, indices in by_file.items() if lines else ():
        ses = old if handle.old else new
        found = pipeline.positions(ses.reading(handle.path),
                                   [_pointed(deltas[i]) for i in indices])
        where.update(zip(indices, found, strict=True))
    out = []
    for i, delta in enumerate(deltas):
        line, col = where.get(i, (None, None))
        if delta.file.old:  # gone from the new side: no line there to point at
            line = col = None
        out.append(DiffChange(delta, delta.ref.split("/")[0], delta.file.rel,
                              joined(prefix, delta.file.rel), line, col))
    return out


# --- the numbers ------------------------------------------------------------------------


def _effects(old: Session, new: Session, cycle_id: str, deltas: list[okrdiff.Delta],
             files: dict[bool, list[tuple[File, OkrFile]]], today: dt.date) -> list[DiffEffect]:
    """Score and status before and after of every key result and objective that changed,
    the objectives they align to up the tree, and their owners: what differs."""
    old_cycle, new_cycle = old.config.cycle(cycle_id), new.config.cycle(cycle_id)
    changed = {side: [h.path for h, m in found if m.cycle == cycle_id]
               for side, found in files.items()}
    owners: set[str] = set()
    for side, ses in ((True, old), (False, new)):
        for path in changed[side]:
            owners |= ses.aligned_owners(path)
    # the index of the new side finds the owners' files: an unchanged file is the same on
    # both sides, and a changed one is read on each side anyway
    shared = new.with_ancestors(cycle_id, owners, new.ws.root)
    starts = [d.ref for d in deltas if d.file.cycle == cycle_id]
    states = _score(old, new, old_cycle, new_cycle, changed, shared, today)
    chain = set(_chain(states, starts))
    roll = {s.owner for found in states for s in found.values()
            if s.ref in chain and not _measured(s)}
    done: set[str] = set()
    while roll:  # what aligns to an objective that takes its roll-up counts in it: one
        # level at a time, deeper only below an objective that takes its roll-up too
        done |= roll
        entries = [e for e in new.index() if e.cycle == cycle_id]
        more = [e.path for e in entries if e.path not in shared and e.path not in
                changed[False] and new.aligned_owners(e.path) & roll]
        if not more:
            break
        shared += more
        states = _score(old, new, old_cycle, new_cycle, changed, shared, today)
        added = {e.owner for e in entries if e.path in more}
        roll = {s.owner for found in states for s in found.values()
                if s.owner in added and not _measured(s)} - done
    return _rows(states, starts)


def _measured(state: scoring.ObjectiveState) -> bool:
    """Whether an objective has a key result of its own that counts (else its roll-up)."""
    return any(not st.dropped for _kr, st in state.key_results)


def _score(old: Session, new: Session, old_cycle: Cycle | None, new_cycle: Cycle | None,
           changed: dict[bool, list[Path]], shared: list[Path],
           today: dt.date) -> tuple[dict[str, scoring.ObjectiveState], ...]:
    new_only = set(changed[False])
    out: list[dict[str, scoring.ObjectiveState]] = []
    for side, ses, cycle in ((True, old, old_cycle), (False, new, new_cycle)):
        if cycle is None:
            out.append({})
            continue
        paths = list(dict.fromkeys([*changed[side], *(p for p in shared if p not in new_only)]))
        if side:
            _share(old, new, [p for p in shared if p not in new_only and p not in changed[True]])
        loaded, _problems = ses.usable(paths, today)
        items = [(doc.model.owner, o) for doc in loaded if doc.model.cycle == cycle.id
                 for o in doc.model.objectives]
        out.append(scoring.evaluate_objectives(items, cycle, today,
                                               scoring.thresholds(ses.config.settings)))
    return tuple(out)


def _share(old: Session, new: Session, paths: list[Path]) -> None:
    """A file unchanged between the sides is the same bytes on both: parsed once."""
    for path in paths:
        old._readings.setdefault(path, new.reading(path))


def _chain(states: Iterable[dict[str, scoring.ObjectiveState]], refs: list[str]) -> list[str]:
    """The objectives of ``refs`` (objectives or key results) and every objective they align
    to, up the tree, on either side: each once, nearest first."""
    sides = list(states)
    out: list[str] = []
    parsed = [Ref.parse(r) for r in dict.fromkeys(refs)]
    todo = list(dict.fromkeys(str(r.objective_ref) for r in parsed if r is not None))
    while todo:
        ref = todo.pop(0)
        if ref in out:
            continue
        out.append(ref)
        for found in sides:
            state = found.get(ref)
            target = state.objective.aligns_to if state is not None else None
            parent = parent_objective(target) if target else None
            if parent is not None and parent not in out:
                todo.append(parent)
    return out


def _rows(states: tuple[dict[str, scoring.ObjectiveState], ...],
          starts: list[str]) -> list[DiffEffect]:
    before, after = states
    rows: list[DiffEffect] = []
    for ref in dict.fromkeys(starts):
        parsed = Ref.parse(ref)
        if parsed is None or parsed.kr is None:
            continue
        a = _kr(before, str(parsed.objective_ref), parsed.kr)
        b = _kr(after, str(parsed.objective_ref), parsed.kr)
        either = b or a
        title = either[0].title if either else ""
        rows.append(DiffEffect(ref, "key_result", parsed.owner, title,
                               a[1].score if a else None, b[1].score if b else None,
                               a[1].status if a else None, b[1].status if b else None,
                               bool(a and a[1].dropped), bool(b and b[1].dropped)))
    chain = _chain(states, starts)
    for ref in chain:
        a_state, b_state = before.get(ref), after.get(ref)
        state = b_state or a_state
        if state is None:
            continue
        rows.append(DiffEffect(ref, "objective", state.owner, state.objective.title,
                               a_state.score if a_state else None,
                               b_state.score if b_state else None,
                               a_state.status if a_state else None,
                               b_state.status if b_state else None,
                               bool(a_state and a_state.dropped),
                               bool(b_state and b_state.dropped)))
    for owner in dict.fromkeys(ref.split("/")[0] for ref in chain):
        a_all = [s for s in before.values() if s.owner == owner]
        b_all = [s for s in after.values() if s.owner == owner]
        rows.append(DiffEffect(owner, "owner", owner, "",
                               scoring.mean(s.score for s in a_all) if a_all else None,
                               scoring.mean(s.score for s in b_all) if b_all else None,
                               _owner_status(a_all), _owner_status(b_all)))
    return [r for r in rows if (r.score_before, r.status_before, r.dropped_before) != (
        r.score_after, r.status_after, r.dropped_after)]


def _kr(states: dict[str, scoring.ObjectiveState], objective: str,
        kr_id: str) -> tuple[KeyResult, scoring.KRState] | None:
    state = states.get(objective)
    if state is None:
        return None
    return next(((kr, st) for kr, st in state.key_results if kr.id == kr_id), None)


def _owner_status(states: list[scoring.ObjectiveState]) -> scoring.Status | None:
    """An owner's status: its objectives' worst, as an objective's is its key results'."""
    if not states:
        return None
    return scoring.worst_status(s.status for s in states if not s.dropped)


__all__ = ["diff"]
