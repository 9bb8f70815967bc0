"""okr check --base REV: the history rules over what changed since REV.

The files at REV are read from git's objects (as ``Snapshot`` reads them); the new side is what the
check reads now (the working tree). Only the OKR files that differ are compared
(``git diff REV``, untracked files included, renames matched), all at once, so that an
objective moved from one file to another is matched by its reference. When a check-in
was added comes from the commits of ``REV..HEAD`` that touch its file: the first whose
version has it, else today (not committed yet), by its author date (an amend or a rebase
moves the committer date, not the day the check-in was written).

REV is judged by REV's own okr.yaml (read in the same ``cat-file`` as the files): its
``okr_dir`` says which of its files were OKR files (a pull request may move the folder),
and its lint settings, ``grace_days`` and cycles' first days are the rules the history
rules apply: what the base branch agreed, which the pull request under review cannot
relax for itself (``--select``, ``--ignore`` and ``--strict`` are the runner's and apply).
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
from okrcli.gitrepo import Entry, Repo, Touch, joined
from okrcli.model import Config, OkrFile, Settings
from okrcli.pipeline import Reading, Valid
from okrcli.refs import key_result_ref, objective_ref
from okrcli.store import CONFIG_NAME, MAX_OKR_FILE, OKR_SUFFIXES, Workspace


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
    its version at REV), with the severities of REV's okr.yaml (the command line's
    options still apply) and the ignore comments."""
    if all(policy.under(None).severity(m.RULE) is None for m in checks.HISTORY):
        return []  # --select / --ignore leave none: no git to read
    repo, prefix = base.repo, base.repo.prefix(ws.root)
    now = {ws.rel(r.path): r for r in readings}
    touches = repo.changed(base.sha, None, [prefix] if prefix else [])
    rev = _at_base(base, ws, prefix, config, touches)
    agreed = rev.config.model if isinstance(rev.config, Valid) else None
    policy = policy.under(agreed.settings.lint if agreed is not None else None)
    rules = [m for m in checks.HISTORY if policy.severity(m.RULE) is not None]
    if not rules:
        return []
    old: list[Version] = []
    new: dict[str, Version] = {}
    for was, rel in rev.pairs:
        after = now.get(rel) if rel is not None else None
        before = rev.files.get(was) if was is not None else None
        # A side that does not read cannot be compared (its own findings say why): a
        # file that stopped being valid has not lost its objectives.
        if (after is not None and not isinstance(after, Valid)) or (
                was in rev.files and not isinstance(before, Valid)):
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
    ctx = History(config, today, base.short, deltas, when.added_on, old, agreed)
    found: dict[int, tuple[Any, list[Finding]]] = {}
    for module in rules:
        for reading, finding in module.check_history(ctx):
            found.setdefault(id(reading), (reading, []))[1].append(finding)
    out: list[Diagnostic] = []
    for reading, items in found.values():
        out += pipeline.diagnose(reading, items, policy, ws.rel(reading.path))
    return out


@dataclass
class _Rev:
    """What REV holds of the comparison: its okr.yaml's reading (None: it had none), the
    pairs of paths to compare (REV's OKR file, the working tree's; None on a side where
    it is not one) and REV's readings of its side (None: there and not read)."""

    config: Reading | None
    pairs: list[tuple[str | None, str | None]]
    files: dict[str, Reading | None]


def _at_base(base: Base, ws: Workspace, prefix: str, config: Config,
             touches: Sequence[Touch]) -> _Rev:
    """REV's okr.yaml and its readings of the OKR files that changed, read as ``Snapshot``
    reads a file (a link, a submodule or a file over its limit refused), but only those:
    their blobs and okr.yaml's in one process, however many files the workspace holds.
    A path is an OKR file on each side by that side's ``okr_dir``; when REV's differs,
    the files git did not touch that are an OKR file on one side only are compared too
    (their blobs in a second process)."""
    entries = base.repo.tree(base.sha, prefix)
    moved = [(_rel(prefix, t.old_path) if t.status != "A" else None,
              _rel(prefix, t.new_path) if t.status != "D" else None) for t in touches]
    maybe = {was for was, _rel_ in moved if was and was.endswith(OKR_SUFFIXES)} & entries.keys()
    blobs = base.repo.blobs(_fetchable(entries, {CONFIG_NAME, *maybe}).values())
    raw = blobs.get(entries[CONFIG_NAME].sha) if CONFIG_NAME in entries else None
    rev_config = None if raw is None else pipeline.read(ws.root / CONFIG_NAME, raw, Config)
    old_dir = pipeline.okr_dir(rev_config) if rev_config is not None else Settings().okr_dir
    new_dir = config.settings.okr_dir
    pairs = [(was if _okr_file(was, old_dir) else None, rel if _okr_file(rel, new_dir) else None)
             for was, rel in moved]
    if posixpath.normpath(old_dir) != posixpath.normpath(new_dir):
        touched = {path for pair in moved for path in pair}
        for rel in entries.keys() - touched:
            was_okr, is_okr = _okr_file(rel, old_dir), _okr_file(rel, new_dir)
            if was_okr != is_okr:
                pairs.append((rel if was_okr else None, rel if is_okr else None))
    wanted = {was for was, _rel_ in pairs if was is not None} & entries.keys()
    more = _fetchable(entries, wanted - maybe)
    if more:
        blobs |= base.repo.blobs(more.values())
    fetch = _fetchable(entries, wanted)
    found: dict[str, Reading | None] = {}
    for rel in wanted:
        blob = blobs.get(fetch.get(rel, ""))
        found[rel] = None if blob is None else pipeline.read(ws.root / rel, blob, OkrFile)
    return _Rev(rev_config, [p for p in pairs if p != (None, None)], found)


def _fetchable(entries: dict[str, Entry], rels: set[str]) -> dict[str, str]:
    """The blob of each of ``rels`` that a ``Snapshot`` would read: a regular file within
    the limit (a link, a submodule or a file over it is refused)."""
    return {rel: entries[rel].sha for rel in rels & entries.keys()
            if entries[rel].mode in ("100644", "100755")
            and (entries[rel].size or 0) <= MAX_OKR_FILE}


def _rel(prefix: str, path: str | None) -> str | None:
    """A repository path relative to the workspace (None: outside it)."""
    if path is None:
        return None
    if not prefix:
        return path
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _okr_file(rel: str | None, okr_dir: str) -> bool:
    """Whether ``rel`` is an OKR file of a workspace whose okr.yaml says ``okr_dir``: under
    that folder, a YAML file, not hidden (as the store lists them)."""
    if rel is None or not rel.endswith(OKR_SUFFIXES):
        return False
    folder = posixpath.normpath(okr_dir)
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
        """The committed versions of a file since REV, through its renames: (author date,
        model; None when that version does not read)."""
        if rel not in self._versions:
            versions: list[tuple[dt.date, OkrFile | None]] = []
            if self.base.head is not None:
                commits = self.repo.log([joined(self.prefix, rel)], follow=True,
                                        revisions=[f"{self.base.sha}..{self.base.head}"])
                shas = [next((t.new_sha for t in c.touches if t.new_sha), None)
                        for c in commits]
                blobs = self.repo.blobs(s for s in shas if s)
                written = self._authored([c.sha for c, s in zip(commits, shas, strict=True)
                                          if s in blobs])
                for commit, sha in zip(commits, shas, strict=True):
                    raw = blobs.get(sha) if sha else None
                    if raw is None:  # a merge that brought nothing of its own
                        continue
                    reading = pipeline.read(Path(rel), raw, OkrFile)
                    versions.append((written.get(commit.sha, commit.date).date(), reading.model
                                     if isinstance(reading, Valid) else None))
            self._versions[rel] = versions
        return self._versions[rel]

    def _authored(self, shas: Sequence[str]) -> dict[str, dt.datetime]:
        """The author date of each commit, in one ``git log``: the day its change was
        written, which an amend, a rebase or a "rebase and merge" keep (``Commit.date``
        is the committer's, which they reset)."""
        if not shas:
            return {}
        out = self.repo.run("log", "--no-walk=unsorted", "--format=%H %aI", "--stdin",
                            input="".join(sha + "\n" for sha in shas).encode())
        found: dict[str, dt.datetime] = {}
        for line in out.decode("ascii", errors="replace").splitlines():
            sha, _space, date = line.partition(" ")
            try:
                found[sha] = dt.datetime.fromisoformat(date)
            except ValueError:
                continue  # never seen: the committer date stands
        return found


def _has(doc: OkrFile, ref: str, checkin: dict[str, Any]) -> bool:
    """Whether the file has that check-in (its date and value) in the key result ``ref``."""
    for objective in doc.objectives:
        for kr in objective.key_results:
            if key_result_ref(objective_ref(doc.owner, objective.id), kr.id) == ref:
                return any(c.date.isoformat() == checkin["date"] and c.value == checkin["value"]
                           for c in kr.checkins)
    return False
