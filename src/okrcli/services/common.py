"""What every service shares: the session (one workspace, each file read once per command
through the pipeline, judged by one lint policy), the cycle a command means, and which
files hold which owners."""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from pathlib import Path

from okrcli import collector, cycles, pipeline, scoring
from okrcli.checks.policy import Policy
from okrcli.diagnostics import Diagnostic, OkrError, UsageError
from okrcli.i18n import _
from okrcli.model import Config, Cycle, OkrFile
from okrcli.pipeline import Broken, Reading, Valid
from okrcli.readcache import Shelf
from okrcli.refs import SHAPES, Ref, owner_of
from okrcli.results import Origin
from okrcli.services.lean import Keep, Lean, States
from okrcli.store import CONFIG_NAME, OKR_SUFFIXES, IndexEntry, Refused, Workspace, find_root


class Session:
    """One command's view of a workspace."""

    def __init__(self, ws: Workspace, committed: dt.datetime | None = None) -> None:
        self.ws = ws
        self.committed = committed  # a Snapshot's commit date (the day of ``--at``)
        self._origin: Origin | None = None
        self._config: Reading | None = None
        self._policy: Policy | None = None
        self._readings: dict[Path, Reading] = {}
        self._blocking: dict[int, tuple[Reading, list[Diagnostic]]] = {}
        self._index: list[IndexEntry] | None = None
        self._aligned: dict[Path, set[str]] = {}
        self.shelf = Shelf()  # the readings of files read before (readcache.py)
        self._lean: Lean | None = None  # Session.lean

    def rel(self, path: Path) -> str:
        return self.ws.rel(path)

    def origin(self) -> Origin:
        """The commit this session reads (``--at``), or the working tree's HEAD and whether
        the workspace's files differ from it; null outside git. Only the outputs that name
        it ask (a table costs no git process)."""
        if self._origin is None:
            self._origin = self._find_origin()
        return self._origin

    def _find_origin(self) -> Origin:
        # git is imported when asked: most commands never ask it
        from okrcli.gitrepo import GitError, Repo, joined
        from okrcli.snapshot import Snapshot

        if isinstance(self.ws, Snapshot):
            return Origin(self.ws.sha, self.ws.repo.short(self.ws.sha), False, at=True)
        try:
            repo = Repo.around(self.ws.root)
            head = repo.head()
            prefix = repo.prefix(self.ws.root)
            okr_dir = posixpath.normpath(pipeline.okr_dir(self.config_reading))
            folder = _escaped(joined(prefix, "" if okr_dir == "." else okr_dir))
            files = [f":(glob){joined(folder, '**/*' + suffix)}" for suffix in OKR_SUFFIXES]
            # hidden files and folders are never read: their changes are none of a report's
            files += [f":(exclude,glob){joined(folder, '**/.*')}",
                      f":(exclude,glob){joined(folder, '**/.*/**')}"]
            dirty = repo.dirty([f":(literal){joined(prefix, CONFIG_NAME)}", *files])
            return Origin(head, repo.short(head) if head else None, dirty or head is None)
        except (GitError, ValueError):  # no git, no repository, a root outside it
            return Origin(None)

    # okr.yaml ----------------------------------------------------------------------------

    @property
    def config_reading(self) -> Reading:
        if self._config is None:
            self._config = read_config(self.ws, self.ws.read(self.ws.config_path),
                                       self.shelf)
        return self._config

    @property
    def policy(self) -> Policy:
        """The policy of okr.yaml's settings: what blocks a reading command or an edit."""
        if self._policy is None:
            self._policy = pipeline.policy_of(self.config_reading)
        return self._policy

    @property
    def config(self) -> Config:
        """The valid okr.yaml; one that fails the policy refuses every command but check."""
        reading = self.config_reading
        problems = self.blocking(reading)
        if problems or not isinstance(reading, Valid):
            raise OkrError(_("{file} has errors: fix them first").format(file=CONFIG_NAME),
                           problems)
        config: Config = reading.model
        return config

    # OKR files ---------------------------------------------------------------------------

    def reading(self, path: Path) -> Reading:
        """A file's reading, whole (a lean one, ``lean``, is read again)."""
        found = self._readings.get(path)
        if found is None or self._is_lean(found):
            found = self._readings[path] = self._fresh(path)
        return found

    def _fresh(self, path: Path, store: bool = True) -> Reading:
        """A file read now, through the readings cache (``store``: what it made), not kept."""
        return self.shelf.read(path, self.rel(path), self.ws.read(path), OkrFile, store=store)

    def forget(self, path: Path | None = None) -> None:
        """Drop what was read: after a write (of ``path``, or of a new file)."""
        if path is not None:
            self._readings.pop(path, None)
            self._aligned.pop(path, None)
        if path is None or path == self.ws.config_path:
            self._config = self._policy = None
            self._blocking.clear()
            self._lean = None
        self._index = None
        self.ws.forget()

    def index(self) -> list[IndexEntry]:
        """Owner and cycle of every OKR file: from the plain lines at the top of its text,
        or, where those do not say them (flow style, a key further down, a value that
        could go on), from reading it, so that no file is taken for another owner's."""
        if self._index is None:
            entries = []
            for entry in self.ws.index(self.config.settings.okr_dir):
                if entry.owner is None or entry.cycle is None:
                    reading = self.reading(entry.path)
                    model = reading.model if isinstance(reading, Valid) else (
                        reading.partial if isinstance(reading, Broken) else None)
                    if isinstance(model, OkrFile):
                        entry = IndexEntry(entry.path, model.owner, model.cycle)
                entries.append(entry)
            self._index = entries
        return self._index

    def files(self, cycle: str, owners: set[str] | None = None) -> list[Path]:
        return [e.path for e in self.index()
                if e.cycle == cycle and (owners is None or e.owner in owners)]

    def unplaced(self) -> list[Path]:
        """Files whose owner or cycle cannot be read even by reading them: they could be
        anyone's, so every reading command names their errors."""
        return [e.path for e in self.index() if e.owner is None or e.cycle is None]

    def lean(self, cycle: Cycle, days: list[dt.date], keep: Keep | None = None) -> None:
        """Read lean (services/lean.py) the files of ``cycle`` that ``usable(lean=True)``
        reads, for the states of their key results on ``days`` (with ``keep``'s check-ins
        on the first): for ``status``, ``tree``, ``grade`` of everyone and the review.
        Asked again for some of the same days: as it is; for others, read again."""
        th = scoring.thresholds(self.config.settings)
        if self._lean is not None and self._lean.covers(cycle, days, th, keep):
            return
        for path, reading in list(self._readings.items()):  # of other days: read again
            if self._is_lean(reading):
                del self._readings[path]
                self._blocking.pop(id(reading), None)
        self._lean = Lean(cycle, days, th, keep)

    def _is_lean(self, reading: Reading) -> bool:
        return self._lean is not None and id(reading) in self._lean.ids

    def known(self, day: dt.date) -> dict[int, States] | None:
        """The states of the lean files' key results on ``day`` (by their objective's
        ``id()``), for ``scoring.evaluate_objectives``; None when not read lean."""
        return self._lean.known.get(day) if self._lean is not None else None

    def whole_states(self, owner: str, day: dt.date) -> dict[str, States] | None:
        """``owner``'s lean file's key results on ``day`` with every check-in, by
        objective ref (``Lean.whole_states``: read again, not kept)."""
        return None if self._lean is None else self._lean.whole_states(owner, self._fresh, day)

    def usable(self, paths: list[Path], today: dt.date, *, lean: bool = False
               ) -> tuple[list[Valid[OkrFile]], list[Diagnostic]]:
        """The files commands may read (of an owner with two files in a cycle, the first),
        and what keeps the others from being read. ``lean`` (after ``Session.lean``): the
        first file of each owner in its cycle is made lean as it is read (a second keeps
        its bytes: a finding is placed in it); else every file is whole."""
        good: list[Valid[OkrFile]] = []
        problems: list[Diagnostic] = []
        homes: set[tuple[str, str]] = set()
        if lean:
            self._lean_reads([path for path in paths if path not in self._readings])
        for path in paths:
            kept = self._readings.get(path)
            if (lean and isinstance(kept, Valid) and self._is_lean(kept)
                    and (kept.model.owner, kept.model.cycle) not in homes):
                reading: Reading = kept
            else:
                reading = self.reading(path)
            blocking = self.blocking(reading)
            if isinstance(reading, Valid) and not blocking:
                home = (reading.model.owner, reading.model.cycle)
                if (lean and self._lean is not None and home not in homes
                        and reading.model.cycle == self._lean.cycle.id):
                    if not self._is_lean(reading):
                        self._blocking.pop(id(reading), None)
                        reading = self._readings[path] = self._lean.made(reading)
                        self._blocking[id(reading)] = (reading, [])
                    self._lean.paths[home[0]] = path  # the owner's own: its page's charts
                homes.add(home)
                good.append(reading)
            else:
                problems += blocking
        good, twice = pipeline.first_per_owner(self.config, good, today, self.policy,
                                               lambda r: self.rel(r.path))
        return good, problems + twice

    def _lean_reads(self, paths: list[Path]) -> None:
        """``paths`` read lean on every core (``Lean.read``), through the user's cache."""
        if (lean := self._lean) is not None:
            cached = lean.cached(self.shelf, self.ws.digest, self.rel, self.config_reading.source)
            for path, made in lean.read(paths, self._fresh, lambda r: pipeline.blocking(
                    r, self.policy, self.rel(r.path)), cached):
                self._readings[path], self._blocking[id(made)] = made, (made, [])
            self.ws.keep_index()  # the digests learnt (store.digest), for the next command
            collector.kept(len(paths))

    def blocking(self, reading: Reading) -> list[Diagnostic]:
        """What fails about a file's own content (computed once per reading)."""
        key = id(reading)
        if key not in self._blocking:
            self._blocking[key] = (reading, pipeline.blocking(reading, self.policy,
                                                              self.rel(reading.path)))
        return self._blocking[key][1]

    def owner_file(self, owner: str, cycle: str) -> Path | None:
        """The one file of an owner in a cycle (None when there is none); two are refused."""
        matches = self.files(cycle, {owner})
        if len(matches) > 1:
            raise OkrError(_(
                "owner {owner!r} has {n} files in cycle {cycle}: {files}; merge them (okr "
                "check shows this)").format(owner=owner, n=len(matches), cycle=cycle,
                                            files=", ".join(self.rel(p) for p in matches)))
        return matches[0] if matches else None

    def with_descendants(self, cycle: str, owners: set[str]) -> list[Path]:
        """The files of ``owners`` and of every owner whose objectives align to them,
        directly or through others: what a roll-up of those owners' objectives needs."""
        entries = [e for e in self.index() if e.cycle == cycle]
        wanted = set(owners)
        pending = [e for e in entries if e.owner not in wanted]
        targets = {e.path: self.aligned_owners(e.path) for e in pending}
        self.ws.keep_index()  # what the scans learnt, for the next command (indexcache.py)
        changed = True
        while changed:
            changed = False
            for entry in pending:
                if entry.owner not in wanted and targets[entry.path] & wanted:
                    wanted.add(entry.owner or "")
                    changed = True
        return [e.path for e in entries if e.owner in wanted]

    def with_ancestors(self, cycle: str, owners: set[str], path: Path) -> list[Path]:
        """The files of ``owners`` (those ``path``'s objectives align to) and of the owners
        they align to in turn: what the references of one file need."""
        seen, found = {path}, []
        todo = list(owners)
        done: set[str] = set()
        while todo:
            owner = todo.pop()
            if owner in done:
                continue
            done.add(owner)
            for other in self.files(cycle, {owner}):
                if other not in seen:
                    seen.add(other)
                    found.append(other)
                    todo.extend(self.aligned_owners(other))
        return found

    def aligned_owners(self, path: Path) -> set[str]:
        """The owners a file's objectives align to: from its reading when it has been read,
        else from a text scan (an over-estimate that needs no parse)."""
        if path not in self._aligned:
            reading = self._readings.get(path)
            if isinstance(reading, Valid):
                self._aligned[path] = {owner_of(o.aligns_to) for o in reading.model.objectives
                                       if o.aligns_to}
            else:
                self._aligned[path] = set(self.ws.scans(path)[0])
        return self._aligned[path]

    def drivers(self, path: Path) -> set[str] | None:
        """The owners a file's key results name (``owner:``): from its reading when it has
        been read, else from a text scan (an over-estimate; None: the scan cannot be sure,
        so read the file)."""
        reading = self._readings.get(path)
        if isinstance(reading, Valid):
            return {kr.owner for o in reading.model.objectives for kr in o.key_results
                    if kr.owner}
        found = self.ws.scans(path)[1]
        return None if found is None else set(found)


def read_config(ws: Workspace, raw: bytes | Refused, shelf: Shelf | None = None) -> Reading:
    """okr.yaml's reading, refused at okr_dir when that folder leads out of the workspace
    (then no OKR file is read: the store lists none there)."""
    reading = (shelf or Shelf(use=False)).read(ws.config_path, CONFIG_NAME, raw, Config)
    refused = ws.okr_folder(pipeline.okr_dir(reading))
    return reading if refused is None else pipeline.refuse_okr_dir(reading, refused)


def _escaped(path: str) -> str:
    """A path as a glob pathspec matches it literally."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in path)


def open_session(root: Path | None = None, near: Path | None = None,
                 at: str | None = None) -> Session:
    """The workspace of ``--root`` (or ``OKR_ROOT``), else the one around ``near`` (a file
    named on the command line), else the current folder's; ``at``: as committed at that
    revision (``--at``), read from git's objects."""
    if at is not None:
        from okrcli.services.at import snapshot_at

        return Session(*snapshot_at(root, at))
    if root is None and near is not None:
        try:
            return Session(Workspace(find_root(start=near)))
        except OkrError:
            pass  # a file outside any workspace: the current one says what it is not
    return Session(Workspace(find_root(override=root)))


def pick_cycle(config: Config, cycle_id: str | None, today: dt.date) -> Cycle:
    if cycle_id:
        cycle = config.cycle(cycle_id)
        if cycle is None:
            if not config.cycles:
                raise OkrError(_("unknown cycle {cycle!r} (known: none yet)").format(
                    cycle=cycle_id))
            raise OkrError(_("unknown cycle {cycle!r} (known: {known})").format(
                cycle=cycle_id, known=", ".join(c.id for c in config.cycles)))
        return cycle
    cycle = cycles.current_cycle(config.cycles, today)
    if cycle is None:
        raise OkrError(_("okr.yaml has no cycles yet: add one with `okr cycle add`"))
    return cycle


def parse_ref(text: str, parts: tuple[int, ...]) -> Ref:
    ref = Ref.parse(text, parts)
    if ref is None:
        shapes = [SHAPES[n] for n in parts]
        if len(shapes) == 2:
            raise UsageError(_("{text!r} is not a reference of the form {one} or {other}"
                               ).format(text=text, one=shapes[0], other=shapes[1]))
        raise UsageError(_("{text!r} is not a reference of the form {shape}").format(
            text=text, shape=Ref.shape(parts)))
    return ref


# At most this many names after "known:": a company of thousands would get all of them.
KNOWN_SHOWN = 12


def did_you_mean(name: str, options: list[str]) -> str:
    """The hint a message about an unknown ``name`` ends with (its ``{hint}``): the closest
    of ``options``, else all of them, else nothing."""
    close = difflib.get_close_matches(name, options, n=1)
    if close:
        # TRANSLATORS: the end of a message about an unknown name; it starts with a space.
        return _(" (did you mean {name!r}?)").format(name=close[0])
    # TRANSLATORS: the end of a message about an unknown name; it starts with a space.
    shown = options if len(options) <= KNOWN_SHOWN else [*options[:KNOWN_SHOWN], "…"]
    return _(" (known: {names})").format(names=", ".join(shown)) if options else ""


def owner_ids(config: Config) -> list[str]:
    return [t.id for t in config.teams] + [p.id for p in config.people]


def owner_order(config: Config, owners: set[str]) -> list[str]:
    """``owners`` in okr.yaml's order (teams, then people), as okr status shows them;
    owners okr.yaml does not name after them, by id."""
    known = owner_ids(config)
    return [o for o in known if o in owners] + sorted(owners - set(known))
