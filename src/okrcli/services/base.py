"""okr check --base REV: the history rules over what changed since REV.

The files at REV are read from git's objects (as ``Snapshot`` reads them); the new side is what the
check reads now (the working tree). Only the OKR files that differ are compared
(``git diff REV``, untracked files included, renames matched), all at once, so that an
objective moved from one file to another is matched by its reference. When a check-in
was added comes from the commits of ``REV..HEAD`` that touch its file: the first whose
version has it, else today (not committed yet).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrcli import checks, okrdiff, pipeline
from okrcli.checks.history import History, Version
from okrcli.checks.policy import Policy
from okrcli.diagnostics import Diagnostic, Finding
from okrcli.gitrepo import Repo, Touch, joined
from okrcli.model import Config, OkrFile
from okrcli.pipeline import Reading, Valid
from okrcli.refs import key_result_ref, objective_ref
from okrcli.store import MAX_OKR_FILE, OKR_SUFFIXES, Workspace


@dataclass
class Base:
    """The base of a check: the repository, the commit REV names, and HEAD (which the
    dates check-ins were added come from): both are in the check cache's key."""

    repo: Repo
    sha: str
    head: str | None
    short: str

    @property
    def key(self) -> list[str | None]:
        return [self.sha, self.head]


def resolve(ws: Workspace, rev: str) -> Base:
    """The commit ``rev`` names in the repository around the workspace; one GitError
    (exit 1) outside a repository or for a revision git does not know."""
    repo = Repo.around(ws.root)
    sha = repo.commit(rev)
    return Base(repo, sha, repo.head(), repo.short(sha))


def findings(base: Base, ws: Workspace, config: Config, readings: Sequence[Reading],
             today: dt.date, policy: Policy) -> list[Diagnostic]:
    """The history rules' diagnostics, placed in the new files (a file deleted whole: in
    its version at REV), with the policy's severities and ignore comments."""
    rules = [m for m in checks.HISTORY if policy.severity(m.RULE) is not None]
    if not rules:
        return []
    repo, prefix = base.repo, base.repo.prefix(ws.root)
    now = {ws.rel(r.path): r for r in readings}
    old: list[Version] = []
    new: dict[str, Version] = {}
    touches = repo.changed(base.sha, None, [prefix] if prefix else [])
    before_of = _at_base(base, ws, prefix, config, touches)
    for touch in touches:
        was, rel = _rel(prefix, touch.old_path), _rel(prefix, touch.new_path)
        after = now.get(rel) if touch.status != "D" and rel and _okr_file(rel, config) \
            else None
        before = before_of.get(was) if touch.status != "A" and was else None
        # A side that does not read cannot be compared (its own findings say why): a
        # file that stopped being valid has not lost its objectives.
        if (after is not None and not isinstance(after, Valid)) or (
                was in before_of and not isinstance(before, Valid)):
            continue
        successor = None
        if isinstance(after, Valid) and rel is not None:
            successor = new.setdefault(rel, Version(rel, after, after.model))
        if isinstance(before, Valid) and was is not None:
            old.append(Version(was, before, before.model, successor))
    # A file deleted and another written for the same owner and cycle (a rename git does
    # not see as one, the content having changed too): what left the one is placed in
    # the other.
    mine: dict[tuple[str, str], list[Version]] = {}
    for version in new.values():
        mine.setdefault((version.doc.owner, version.doc.cycle), []).append(version)
    for version in old:
        heirs = mine.get((version.doc.owner, version.doc.cycle), [])
        if version.successor is None and len(heirs) == 1:
            version.successor = heirs[0]

    def cycle_end(cycle_id: str) -> dt.date | None:
        cycle = config.cycle(cycle_id)
        return cycle.end if cycle else None

    deltas = okrdiff.diff([(v, v.doc) for v in old], [(v, v.doc) for v in new.values()],
                          cycle_end)
    if not deltas:
        return []
    when = _Added(repo, prefix, base, today)
    ctx = History(config, today, base.short, deltas, when.added_on, old)
    found: dict[int, tuple[Any, list[Finding]]] = {}
    for module in rules:
        for reading, finding in module.check_history(ctx):
            found.setdefault(id(reading), (reading, []))[1].append(finding)
    out: list[Diagnostic] = []
    for reading, items in found.values():
        out += pipeline.diagnose(reading, items, policy, ws.rel(reading.path))
    return out


def _at_base(base: Base, ws: Workspace, prefix: str, config: Config,
             touches: Sequence[Touch]) -> dict[str, Reading | None]:
    """The readings at REV of the OKR files that changed, read as ``Snapshot`` reads a
    file (a link, a submodule or a file over its limit refused), but only those: their
    blobs in one process, however many files the workspace holds. None for a file that
    was there and is not read (nothing to compare it with)."""
    wanted = {rel for t in touches if t.status != "A"
              for rel in [_rel(prefix, t.old_path)] if rel and _okr_file(rel, config)}
    if not wanted:
        return {}
    entries = base.repo.tree(base.sha, prefix)
    fetch = {}
    for rel in wanted & entries.keys():
        entry = entries[rel]
        if entry.mode in ("100644", "100755") and (entry.size or 0) <= MAX_OKR_FILE:
            fetch[rel] = entry.sha
    blobs = base.repo.blobs(fetch.values())
    found: dict[str, Reading | None] = {}
    for rel in wanted & entries.keys():
        raw = blobs.get(fetch.get(rel, ""))
        found[rel] = None if raw is None else pipeline.read(ws.root / rel, raw, OkrFile)
    return found


def _rel(prefix: str, path: str | None) -> str | None:
    """A repository path relative to the workspace (None: outside it)."""
    if path is None:
        return None
    if not prefix:
        return path
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _okr_file(rel: str | None, config: Config) -> bool:
    """Whether ``rel`` is an OKR file of the workspace: under okr_dir, a YAML file, not
    hidden (as the store lists them)."""
    if rel is None or not rel.endswith(OKR_SUFFIXES):
        return False
    folder = posixpath.normpath(config.settings.okr_dir)
    below = "" if folder == "." else folder + "/"
    if not rel.startswith(below):
        return False
    return not any(part.startswith(".") for part in rel[len(below):].split("/"))


@dataclass
class _Added:
    """When each check-in was added: read from the versions of its file in REV..HEAD,
    once per file, all their blobs in one process."""

    repo: Repo
    prefix: str
    base: Base
    today: dt.date
    _versions: dict[str, list[tuple[dt.date, OkrFile | None]]] = field(default_factory=dict)

    def added_on(self, version: Version, ref: str, checkin: dict[str, Any]) -> dt.date:
        """The date of the first commit since REV whose version of the file has the
        check-in (its date and value), on any branch merged since; else today."""
        dates = [date for date, doc in self._history(version.rel)
                 if doc is not None and _has(doc, ref, checkin)]
        return min(dates, default=self.today)

    def _history(self, rel: str) -> list[tuple[dt.date, OkrFile | None]]:
        """The committed versions of a file since REV, through its renames: (commit
        date, model; None when that version does not read)."""
        if rel not in self._versions:
            versions: list[tuple[dt.date, OkrFile | None]] = []
            if self.base.head is not None:
                commits = self.repo.log([joined(self.prefix, rel)], follow=True,
                                        revisions=[f"{self.base.sha}..{self.base.head}"])
                shas = [next((t.new_sha for t in c.touches if t.new_sha), None)
                        for c in commits]
                blobs = self.repo.blobs(s for s in shas if s)
                for commit, sha in zip(commits, shas, strict=True):
                    raw = blobs.get(sha) if sha else None
                    if raw is None:  # a merge that brought nothing of its own
                        continue
                    reading = pipeline.read(Path(rel), raw, OkrFile)
                    versions.append((commit.date.date(), reading.model
                                     if isinstance(reading, Valid) else None))
            self._versions[rel] = versions
        return self._versions[rel]


def _has(doc: OkrFile, ref: str, checkin: dict[str, Any]) -> bool:
    """Whether the file has that check-in (its date and value) in the key result ``ref``."""
    for objective in doc.objectives:
        for kr in objective.key_results:
            if key_result_ref(objective_ref(doc.owner, objective.id), kr.id) == ref:
                return any(c.date.isoformat() == checkin["date"] and c.value == checkin["value"]
                           for c in kr.checkins)
    return False
