"""okr log REF: the history of a key result, an objective or an owner, from git.

The file that holds REF now (in the working tree, in the cycle) is followed back through
its renames (``git log --follow``); each commit's version is compared with the version
before it in that commit (its parent's, so that two branches' commits each show their own
change) through ``okrdiff``, and the changes are kept that concern REF. Most versions
are derived from a newer one (versions.py: a commit that only added check-ins); the few
read in full are asked one at a time of one ``git cat-file --batch`` (gitbatch.py), and
each is parsed once (most are the old side of one commit and the new side of another).

What is decided here (README, "okr log"):
- uncommitted changes of the working tree come first, as one group with no commit
  (``sha`` None); ``--until`` leaves them out (they are later than any day it names);
- ``--since`` and ``--until`` are days compared with each commit's date as shown (in its
  committer's time zone); git's ``--until`` is not used: it skips the commit of a rename
  and ``--follow`` loses the file there;
- ``-n N`` is the N newest entries, not commits: a commit that changes nothing of REF is
  no entry, so ``okr log REF -n 5`` shows REF's last five changes;
- a version that cannot be read is one ``unreadable`` entry; the next version is compared
  with the newest readable one before it;
- a rename of the file is one ``renamed`` entry (``field`` "file", old and new paths);
- in a shallow clone the oldest commit is where the clone starts, not where the file was
  created: its version is the starting state, and the result says where history starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from okrcli import okrdiff, pipeline
from okrcli import versions as derive
from okrcli.diagnostics import OkrError
from okrcli.gitbatch import BlobReader
from okrcli.gitrepo import Commit, Repo, joined
from okrcli.gitresults import LogEntry, LogResult
from okrcli.i18n import _
from okrcli.model import OkrFile
from okrcli.refs import Ref, key_result_ref, objective_ref
from okrcli.services import logfind
from okrcli.services.common import Session, did_you_mean, owner_ids, parse_ref, pick_cycle
from okrcli.store import MAX_OKR_FILE, Refused

RENAMED, UNREADABLE = okrdiff.RENAMED, okrdiff.UNREADABLE
# The kinds of an entry: okrdiff's, and two of the log's own (a JSON contract).
KINDS = (*okrdiff.KINDS, RENAMED, UNREADABLE)
_DISK = "working tree"  # the key of the working tree's version among the blobs
_FAST_AFTER = 8  # versions: beyond this many, older ones are derived where they can be
_MOVES = 100  # moves git did not pair, followed one after another at most


@dataclass(frozen=True)
class _Version:
    """One step of the file's history: what a commit (None: the working tree) made of it."""

    commit: Commit | None
    old_path: str
    new_path: str
    old: str | None  # blob before (None: the file did not exist)
    new: str | None  # blob after (``_DISK``: the working tree's bytes; None: deleted)
    start: bool = False  # a shallow clone's first commit: a starting state, not a creation
    others: tuple[str | None, ...] = ()  # a merge: the other parents' blobs


def log(session: Session, text: str, cycle_id: str | None, today: dt.date, *,
        since: dt.date | None = None, until: dt.date | None = None,
        limit: int | None = None) -> LogResult:
    config = session.config
    cycle = pick_cycle(config, cycle_id, today)
    ref = parse_ref(text, (1, 2, 3))
    owner = ref.owner
    if not config.is_owner(owner) and not any(e.owner == owner for e in session.index()):
        raise OkrError(_("unknown owner {owner!r}{hint}").format(
            owner=owner, hint=did_you_mean(owner, owner_ids(config))))
    path = session.owner_file(owner, cycle.id)
    repo = Repo.around(session.ws.root)
    prefix = repo.prefix(session.ws.root)
    with _History(session, repo, prefix, path or session.ws.root,
                  lambda c: _end(session, c)) as history:
        if path is None:  # the file deleted: its history ends there
            gone = logfind.deleted_file(session, repo, prefix, owner, cycle.id, history.model)
            if gone is not None:
                path = history.path = session.ws.root / history.rel(gone)
        if path is None:
            raise OkrError(_("{owner} has no OKR file in cycle {cycle}: there is no history "
                             "to show").format(owner=owner, cycle=cycle.id))
        versions = history.versions(since, until)
        wanted = _matcher(ref)
        entries: list[LogEntry] = []
        more = False
        for entry in history.entries(versions, str(ref)):
            if not wanted(entry.ref) and entry.kind not in (RENAMED, UNREADABLE):
                continue
            if limit is not None and len(entries) >= limit:
                more = True
                break
            entries.append(entry)
        if ref.objective is not None and not history.knows(str(ref)):
            if since or until or more or limit is not None:  # look at the whole history
                with _History(session, repo, prefix, path,
                              lambda c: _end(session, c)) as full:
                    for _entry in full.entries(full.versions(None, None), str(ref)):
                        pass
                history.seen |= full.seen
            if not history.knows(str(ref)):
                _unknown(ref, history, cycle.id)
        return LogResult(str(ref), cycle, session.rel(path), entries, history.start(), more)


def _end(session: Session, cycle_id: str) -> dt.date | None:
    cycle = session.config.cycle(cycle_id)
    return cycle.end if cycle else None


def _matcher(ref: Ref) -> Callable[[str], bool]:
    """Which entries' refs concern ``ref``: a key result's own; an objective's and its key
    results'; everything in an owner's file."""
    if ref.objective is None:
        return lambda _ref: True
    mine = str(ref)
    if ref.kr is not None:
        return lambda other: other == mine
    return lambda other: other == mine or other.startswith(mine + "/")


def _unknown(ref: Ref, history: _History, cycle: str) -> None:
    objective = str(ref.objective_ref)
    if ref.kr is None or objective not in history.seen:
        options = sorted(r for r in history.seen if r.count("/") == 1
                         and r.startswith(ref.owner + "/"))  # (not a file looked at for it)
        raise OkrError(_("no objective {ref!r} in cycle {cycle}{hint}").format(
            ref=objective, cycle=cycle, hint=did_you_mean(objective, options)))
    krs = sorted(r.rsplit("/", 1)[1] for r in history.seen if r.startswith(objective + "/"))
    raise OkrError(_("no key result {ref!r}{hint}").format(
        ref=str(ref), hint=did_you_mean(ref.kr, krs)))


def _what(delta: okrdiff.Delta) -> tuple[str, str, str | None, str]:
    """A change as the new side has it (the old side differs by parent)."""
    return delta.ref, delta.kind, delta.field, repr(delta.new)


def _refs(doc: OkrFile) -> set[str]:
    """The refs of every objective and key result of a file."""
    found = set()
    for objective in doc.objectives:
        ref = objective_ref(doc.owner, objective.id)
        found.add(ref)
        found.update(key_result_ref(ref, kr.id) for kr in objective.key_results)
    return found


def _hunks_args(here: str, since: str | None, revisions: list[str] | None = None) -> list[str]:
    """The log of the hunk headers of each commit's diff of the file (git's own ``-U0``
    diff, one process for the whole history, or from ``revisions`` back)."""
    args = ["log", "-p", "-U0", "--follow", "-M", "--no-color", "--no-ext-diff",
            "--no-textconv", "--format=%x1e%H"]
    if since:
        args.append(f"--since={since}")
    return [*args, *(revisions or []), "--", here]


def _hunks(out: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each commit's hunks: what lets an older version be derived from a newer one
    without reading it (versions.py)."""
    found = {}
    for record in out.split(b"\x1e")[1:]:
        sha, _nl, patch = record.partition(b"\n")
        found[sha.decode()] = derive.hunks(patch)
    return found


class _History:
    """The versions of one file and the changes between them."""

    def __init__(self, session: Session, repo: Repo, prefix: str, path: Path,
                 cycle_end: Callable[[str], dt.date | None]) -> None:
        self.session, self.repo, self.prefix, self.path = session, repo, prefix, path
        self.cycle_end = cycle_end
        self.reader = BlobReader(repo.top)  # the few versions read in full, as they are
        self.blobs: dict[str, bytes] = {}
        self.models: dict[str, OkrFile | str] = {}  # by blob: a model, or why it is unread
        self.seen: set[str] = set()  # every objective and key result ref of a version read
        self.boundary: set[str] = set()
        self.shallow = False
        self.anchors: dict[str, derive.Version | None] = {}  # by blob: where check-ins are
        self.hunks: dict[str, list[tuple[int, int, int, int]]] = {}  # by commit

    def versions(self, since: dt.date | None, until: dt.date | None) -> list[_Version]:
        """The file's versions, newest first: the working tree's (when it differs from
        HEAD and ``until`` is not given), then each commit's."""
        here = joined(self.prefix, self.session.rel(self.path))
        found: list[_Version] = []
        head = self.repo.head()
        if until is None:
            if head is None:
                found.append(_Version(None, here, here, None, _DISK))
            else:
                # the whole OKR folder, so that a rename staged but not committed pairs up
                folder = logfind.okr_folder(self.session, self.prefix)
                for mine in self.repo.changed(head, None, [folder]):
                    if mine.new_path == here:  # changed, moved or deleted there
                        found.append(_Version(None, mine.old_path, here, mine.old_sha,
                                              None if mine.status == "D" else _DISK))
                        break
                if found:
                    here = found[0].old_path if found[0].old is not None else here
        # git stops the walk at --since (a day early: its days are the local time zone's);
        # --until is not git's, which would drop a rename and lose the file before it
        early = f"{since - dt.timedelta(days=1)} 00:00:00" if since else None
        # the hunks of every commit, asked beside the log (a long history needs both)
        hunks = [self.repo.later(*_hunks_args(here, early))] if head else []
        commits = self.repo.log([here], follow=True, since=early) if head else []
        self.shallow = self.repo.shallow() if head else False
        if self.shallow:
            self.boundary = self._boundary()
        walked, last = self._walk(commits, here, since, until)
        found += walked
        for _moves in range(_MOVES):  # a move git did not pair: the moved file's history too
            created = self.model(last.new) if last and last.old is None and not last.start \
                else None  # the oldest version walked (of any day): where the file began
            if last is None or last.commit is None or not isinstance(created, OkrFile):
                break
            gone = logfind.moved_from(self.session, self.repo, self.prefix, last.commit.sha,
                                      created, self.model)
            if gone is None:
                break
            if found and found[-1] is last:
                found[-1] = dataclasses.replace(last, old_path=gone[0], old=gone[1])
            before = [f"{last.commit.sha}^"]
            hunks.append(self.repo.later(*_hunks_args(gone[0], early, before)))
            commits = self.repo.log([gone[0]], follow=True, since=early, revisions=before)
            walked, last = self._walk(commits, gone[0], since, until)
            found += walked
        for asked in hunks:
            out = asked()
            if len(found) > _FAST_AFTER:
                self.hunks.update(_hunks(out))
        return found

    def _walk(self, commits: list[Commit], here: str, since: dt.date | None,
              until: dt.date | None) -> tuple[list[_Version], _Version | None]:
        """The versions ``commits`` made of the file ``here`` (newest first, through the
        renames git found) of the days asked, and the oldest walked, of any day."""
        found, last = [], None
        current = here
        for commit in commits:
            touch = next((t for t in commit.touches if t.new_path == current),
                         commit.touches[0] if commit.touches else None)
            if touch is None:
                continue
            start = commit.sha in self.boundary and touch.old_sha is None
            current = touch.old_path
            last = _Version(commit, touch.old_path, touch.new_path, touch.old_sha,
                            touch.new_sha, start, touch.others)
            day = commit.date.date()  # as the table shows it: the committer's own day
            if not ((since and day < since) or (until and day > until)):
                found.append(last)
        return found, last

    def _anchor(self, sha: str) -> derive.Version | None:
        """Where the check-ins of a version are: from its text when it was read in full,
        else from the derivation that made it."""
        if sha not in self.anchors:
            model = self.models.get(sha)
            raw = self.blobs.get(sha)
            text = raw.decode("utf-8", "replace") if raw is not None else ""
            # line breaks that libyaml counts and git does not: no fast path
            plain = "\r" not in text.replace("\r\n", "") and not any(
                c in text for c in "\x85\u2028\u2029")
            self.anchors[sha] = derive.anchor(text, model) if (
                isinstance(model, OkrFile) and raw is not None and plain) else None
        return self.anchors[sha]

    def _derived(self, version: _Version) -> list[okrdiff.Delta] | None:
        """The changes of a commit that only added whole check-ins, and the version before
        it derived from its own (None: read the version before in full)."""
        commit = version.commit
        if (commit is None or version.old is None or version.new is None
                or version.old in self.models or commit.sha not in self.hunks):
            return None
        base = self._anchor(version.new)
        older = derive.older(base, self.hunks[commit.sha]) if base else None
        if older is None:
            return None
        before, added = older
        self.models[version.old], self.anchors[version.old] = before.model, before
        doc = base.model if base else before.model
        return [okrdiff.Delta(key_result_ref(objective_ref(doc.owner, doc.objectives[oi].id),
                                             doc.objectives[oi].key_results[ki].id),
                              okrdiff.CHECKIN, "checkins", None, okrdiff.jsonable(checkin))
                for oi, ki, checkin in added]

    def _boundary(self) -> set[str]:
        """The commits a shallow clone starts at (git's ``shallow`` file: one name a line)."""
        name = self.repo.run("rev-parse", "--git-path", "shallow").decode().strip()
        try:
            text = (self.repo.top / name).read_text(encoding="ascii")
        except OSError:
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def model(self, sha: str | None) -> OkrFile | str | None:
        """The model of a version (None: no file), or why it cannot be read."""
        if sha is None:
            return None
        if sha not in self.models:
            if sha == _DISK:
                raw: bytes | Refused = self.session.ws.read(self.path)
            else:
                got = self.reader.get(sha, MAX_OKR_FILE)
                if isinstance(got, int):  # never held: as the disk refuses it
                    self.models[sha] = _("the file is larger than {size} MiB, okr's limit "
                                         "for it: split it or trim it").format(
                        size=MAX_OKR_FILE >> 20)
                    return self.models[sha]
                if got is None:  # a blob this (partial, shallow) clone does not hold
                    self.models[sha] = _("the version is not in this clone")
                    return self.models[sha]
                raw = self.blobs[sha] = got
            self.models[sha] = self._read(raw)
        return self.models[sha]

    def _read(self, raw: bytes | Refused) -> OkrFile | str:
        # Through the readings cache (keyed by content): a version read by an earlier
        # okr log, status or check is not parsed and validated again.
        reading = self.session.shelf.read(self.path, self.session.rel(self.path), raw, OkrFile)
        if isinstance(reading, pipeline.Valid):
            doc: OkrFile = reading.model
            self.seen |= _refs(doc)
            return doc
        problems = pipeline.blocking(reading, self.session.policy, self.session.rel(self.path))
        first = min(problems) if problems else None
        if first is None:
            return _("the file is not a valid OKR file")
        return f"{first.line}:{first.col}: {first.code} {first.message}"

    def close(self) -> None:
        self.reader.close()

    def __enter__(self) -> _History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def knows(self, ref: str) -> bool:
        return ref in self.seen

    def entries(self, versions: list[_Version], ref: str) -> Iterator[LogEntry]:
        """Every change, newest first; a version compared with the one before it in its
        commit, or (that one unreadable) with the newest readable one older than it."""
        for i, version in enumerate(versions):
            commit = version.commit
            new_path = self.rel(version.new_path)

            def entry(kind: str, the_ref: str = ref, field: str | None = None,
                      old: object = None, new: object = None, reason: str | None = None,
                      path: str = new_path, c: Commit | None = commit) -> LogEntry:
                return LogEntry(c.sha if c else None, c.short if c else None,
                                c.author if c else None,
                                c.email if c else None, c.date if c else None,
                                c.subject if c else None, path, the_ref, kind, field, old,
                                new, reason)

            new = self.model(version.new)
            if isinstance(new, str):
                yield entry(UNREADABLE, reason=new)
                continue
            if version.old_path != version.new_path and version.old is not None and (
                    "/" not in ref or new is None or ref in _refs(new)):
                yield entry(RENAMED, field="file", old=self.rel(version.old_path),
                            new=new_path)
            if version.start:
                continue
            derived = self._derived(version) if not isinstance(new, str) else None
            if derived is not None:
                for delta in derived:
                    yield entry(delta.kind, delta.ref, delta.field, delta.old, delta.new)
                continue
            old = self.model(version.old)
            if isinstance(old, str):
                old = next((m for m in (self.model(v.new) for v in versions[i + 1:])
                            if not isinstance(m, str)), None)
            for delta in self._changes(old, new, version):
                yield entry(delta.kind, delta.ref, delta.field, delta.old, delta.new,
                            delta.reason)

    def _changes(self, old: OkrFile | None, new: OkrFile | None,
                 version: _Version) -> list[okrdiff.Delta]:
        """What a commit changed; of a merge, what it changed against every parent: the
        merge's own doing (a conflict resolved by a new value), not what it brought from
        the branches, whose commits say that themselves."""
        deltas = okrdiff.one_file(old, new, None, self.cycle_end)
        for other in version.others:
            theirs = self.model(other)
            if isinstance(theirs, str):
                continue
            also = {_what(d) for d in okrdiff.one_file(theirs, new, None, self.cycle_end)}
            deltas = [d for d in deltas if _what(d) in also]
        return deltas

    def rel(self, repo_path: str) -> str:
        """A repository path as the workspace names it (the repository's, outside it)."""
        if not self.prefix:
            return repo_path
        return repo_path[len(self.prefix) + 1:] if repo_path.startswith(
            self.prefix + "/") else repo_path

    def _boundary_commits(self) -> list[tuple[str, dt.datetime]]:
        """The short name and date of each commit a shallow clone starts at, in one
        ``git log --no-walk``."""
        if not self.boundary:
            return []
        out = self.repo.run("log", "--no-walk=unsorted", "--format=%h %cI",
                            *sorted(self.boundary))
        return [(short, dt.datetime.fromisoformat(date)) for short, date in
                (line.split(" ") for line in out.decode().splitlines())]

    def start(self) -> tuple[str, dt.datetime] | None:
        """Where a shallow clone's history starts: its oldest boundary commit."""
        if not self.shallow:
            return None
        starts = self._boundary_commits()
        if not starts:
            return ("?", dt.datetime.min.replace(tzinfo=dt.UTC))
        return min(starts, key=lambda pair: pair[1])
