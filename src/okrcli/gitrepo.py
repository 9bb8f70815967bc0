"""Git, read through the ``git`` command: the commits, trees and blobs that ``okr log``,
``okr diff``, ``okr check --base`` and ``--at REV`` read, and the workspace as it was
committed at a revision (``Snapshot``), which every reading command takes as it takes the
disk. Nothing here writes to the repository but ``set_config`` (``okr git-setup``).

Why the command and not a binding: it is the reference reader of every repository git
can make (packs, alternates, worktrees, shallow and partial clones, SHA-256 object
names), its rename detection is ``--follow``'s, and it is on every machine that holds a
repository. A process costs a few milliseconds, so every read is one process for many
objects: ``ls-tree -r`` for a tree, ``cat-file --batch`` for all the blobs a command needs,
``log --raw`` for a file's history with the blob of each version.

Revisions are the user's text: one that starts with ``-`` is refused before it reaches
git, and every path is passed after ``--``. What git prints is read with ``-z``, so no
file name is ever parsed from quoted text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from okrcli import replay
from okrcli.diagnostics import OkrError
from okrcli.i18n import _
from okrcli.store import MAX_CONFIG, shown

# The environment of every git process: no prompt for a password, no pager, no lock
# taken for a read (``git status`` refreshes the index otherwise), messages in English
# (okr words its own), and no terminal colours in what okr parses.
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat",
        "LC_ALL": "C", "LANGUAGE": "C"}
# The commands whose answer depends on more than HEAD, the index and the files okr reads
# (git's ignore rules, attributes, filters, the other files of a folder...); so does a
# ``diff`` against the working tree (``changed``).
_WORKING_TREE = frozenset({"status", "ls-files"})
_BASE = ("git", "-c", "core.quotepath=off", "-c", "color.ui=false", "-c", "log.showSignature=false")
# The separator okr puts before each commit in ``git log``'s output: it starts with a NUL,
# which no subject, name or path can hold, so no text of a commit can make one.
_RECORD = "%x00%x1eokr%x1e"
_SEPARATOR = b"\x00\x1eokr\x1e"


class GitError(OkrError):
    """Git could not answer: no git, no repository, an unknown revision. ``said`` is
    what git itself printed, when it ran."""

    def __init__(self, message: str, said: str = "") -> None:
        super().__init__(message)
        self.said = said


@dataclass(frozen=True)
class Entry:
    """One file of a tree: its mode (``100644``, ``120000`` for a link, ``160000`` for a
    submodule), object name and size (None for a submodule)."""

    mode: str
    sha: str
    size: int | None


@dataclass(frozen=True)
class Touch:
    """What one commit did to one file: ``status`` as git says it (``A``dded,
    ``M``odified, ``D``eleted, ``R``enamed, ``C``opied, ``T`` type changed), the path
    before and after (the same but for a rename or copy) and the blob before and after
    (None where there is none). For a merge (git's combined ``-c`` record, a file that
    differs from every parent) ``old_sha`` is the first parent's blob and ``others`` the
    other parents'."""

    status: str
    old_path: str
    new_path: str
    old_sha: str | None
    new_sha: str | None
    others: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    author: str
    email: str
    date: dt.datetime  # the commit date, with the committer's offset
    subject: str
    touches: tuple[Touch, ...] = ()


def _zero(sha: str) -> str | None:
    return None if not sha.strip("0") else sha


class Repo:
    """The repository that holds a folder, read through ``git``."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._short: dict[str, str] = {}
        self._abbrev: int | None = None
        self._shallow: bool | None = None
        self._head: tuple[str | None] | None = None  # asked once: okr moves no branch

    # finding it -------------------------------------------------------------------------

    @classmethod
    def around(cls, folder: Path) -> Repo:
        """The repository whose work tree holds ``folder``; one clear GitError when there
        is none (or no git)."""
        try:  # where it is, and whether it is shallow (asked later): one process
            out = _run(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
        except GitError as err:
            if "not a git repository" in err.said:
                raise GitError(_(
                    "{folder} is not in a git repository: okr log, okr diff, okr check "
                    "--base and --at read the history git keeps; run `git init` and "
                    "commit the workspace first").format(folder=shown(str(folder)))) from None
            raise
        top, _nl, shallow = out.rstrip(b"\n").rpartition(b"\n")
        repo = cls(Path(os.fsdecode(top)))
        repo._shallow = shallow == b"true"
        if replay.recording():
            repo._note_configs()
        return repo

    def _note_configs(self) -> None:
        """Every configuration file git reads here, for a kept answer to sign: besides
        those the key holds, the ones they include (``include.path``, ``includeIf``)."""
        try:
            out = self.run("config", "--list", "--show-origin", "-z")
        except GitError:
            return
        fields = out.split(b"\x00")  # origin, then name and value on two lines, ...
        for origin, entry in zip(fields[0::2], fields[1::2], strict=False):
            if not origin.startswith(b"file:"):
                continue
            where = self.top / os.fsdecode(origin[5:])
            replay.note_file(where)
            name, _nl, value = entry.partition(b"\n")
            name = name.lower()
            if name == b"include.path" or (name.startswith(b"includeif.")
                                           and name.endswith(b".path")):
                # an included file, though empty (then no entry names it as its origin)
                with contextlib.suppress(RuntimeError):  # ~ with no home: git reads none
                    target = Path(os.fsdecode(value)).expanduser()
                    replay.note_file(target if target.is_absolute() else where.parent / target)

    def prefix(self, root: Path) -> str:
        """Where ``root`` is in the repository: a '/'-separated path, '' at the top."""
        rel = Path(os.path.realpath(root)).relative_to(os.path.realpath(self.top))
        return "" if str(rel) == "." else rel.as_posix()

    def run(self, *args: str, input: bytes | None = None) -> bytes:
        return _run(self.top, *args, input=input)

    def later(self, *args: str) -> Callable[[], bytes]:
        """``run(*args)`` started now beside the caller's own work (git's process runs on
        the other core): the function returned waits for it and returns or raises what
        ``run`` would."""
        import threading

        done: list[bytes | BaseException] = []

        def work() -> None:
            try:
                done.append(self.run(*args))
            except BaseException as error:  # raised where the answer is asked for
                done.append(error)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()

        def result() -> bytes:
            thread.join()
            if isinstance(done[0], BaseException):
                raise done[0]
            return done[0]

        return result

    # revisions --------------------------------------------------------------------------

    def commit(self, rev: str) -> str:
        """The full object name of the commit ``rev`` names; GitError when none (which, in
        a shallow clone, says how much history it holds)."""
        if not rev or rev.startswith("-") or "\x00" in rev:
            raise GitError(_("{rev!r} is not a revision").format(rev=rev))
        try:
            out = self.run("rev-parse", "--verify", "--quiet", rev + "^{commit}")
        except GitError:
            out = b""
        if not out.strip():
            raise GitError(_("unknown revision {rev!r}{shallow}").format(
                rev=rev, shallow=self.shallow_note()))
        return out.decode().strip()

    def head(self) -> str | None:
        """HEAD's commit, or None in a repository with no commit yet; its short name is
        asked with it (one process)."""
        if self._head is None:
            try:
                out = self.run("log", "-1", "--no-walk", "--format=%H%x00%h", "HEAD",
                               "--").decode().strip()
            except GitError:
                out = ""
            sha, _nul, short = out.partition("\x00")
            if sha and short:
                self._short[sha] = short
            self._head = (sha or None,)
        return self._head[0]

    def short(self, sha: str) -> str:
        if sha not in self._short:
            self._short[sha] = self.run("rev-parse", "--short", sha).decode().strip()
        return self._short[sha]

    def shallow(self) -> bool:
        if self._shallow is None:
            self._shallow = self.run("rev-parse", "--is-shallow-repository").strip() == b"true"
        return self._shallow

    def shallow_note(self) -> str:
        """The end of a message about missing history: in a shallow clone, how many commits
        it holds ('' in a full one)."""
        if not self.shallow():
            return ""
        count = self.run("rev-list", "--count", "HEAD").decode().strip()
        # TRANSLATORS: the end of a message about a revision git does not have.
        return _(" (this is a shallow clone holding {n} commits of history: fetch more with "
                 "`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)").format(n=count)

    # trees and blobs ----------------------------------------------------------------------

    def tree(self, sha: str, prefix: str) -> dict[str, Entry]:
        """Every file below ``prefix`` in the commit ``sha``, by its path below ``prefix``."""
        args = ["ls-tree", "-r", "-l", "-z", "--full-tree", sha]
        if prefix:
            args += ["--", prefix + "/"]
        found: dict[str, Entry] = {}
        cut = len(prefix) + 1 if prefix else 0
        for record in self.run(*args).split(b"\x00"):
            if not record:
                continue
            head, _tab, name = record.partition(b"\t")
            mode, _kind, sha_, size = head.split(None, 3)
            path = os.fsdecode(name)[cut:]
            found[path] = Entry(mode.decode(), sha_.decode(),
                                None if size == b"-" else int(size))
        return found

    def sizes(self, shas: Iterable[str]) -> dict[str, int]:
        """The size of each object git holds (one ``git cat-file --batch-check``)."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch-check",
                       input="".join(s + "\n" for s in wanted).encode())
        found = {}
        for line in out.decode().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                found[parts[0]] = int(parts[2])
        return found

    def blobs(self, shas: Iterable[str], limit: int | None = MAX_CONFIG) -> dict[str, bytes]:
        """The content of each blob, all through one ``git cat-file --batch``; a blob over
        ``limit`` bytes (None: no limit, the caller knows the sizes) is left out, never
        read, as one the clone does not hold is."""
        wanted = list(dict.fromkeys(shas))
        if limit is not None and wanted:
            sizes = self.sizes(wanted)
            wanted = [s for s in wanted if sizes.get(s, limit + 1) <= limit]
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input="".join(s + "\n" for s in wanted).encode())
        found: dict[str, bytes] = {}
        at = 0
        for sha in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) < 3:  # "<sha> missing": not in this (shallow, partial) clone
                at = end + 1
                continue
            size = int(header[2])
            found[sha] = out[end + 1:end + 1 + size]
            at = end + 1 + size + 1
        return found

    # history ------------------------------------------------------------------------------

    def log(self, paths: Sequence[str], *, follow: bool = False, since: str | None = None,
            until: str | None = None, limit: int | None = None,
            revisions: Sequence[str] = (), diff_filter: str | None = None) -> list[Commit]:
        """The commits that touch ``paths`` (repository paths), newest first, each with what
        it did to them. ``follow``: one file, through its renames. A merge has a touch
        only for a file that differs from every parent (git's combined ``-c`` record: the
        first parent's blob as ``old_sha``, the others' in ``others``)."""
        args = ["log", "-z", "--raw", "-c", "--no-abbrev", "-M", "--no-color", "--no-ext-diff",
                f"--format={_RECORD}%H%x00%an%x00%ae%x00%cI%x00%s"]
        if follow:
            args.append("--follow")
        if since:
            args.append(f"--since={since}")
        if until:
            args.append(f"--until={until}")
        if limit is not None:
            args.append(f"-n{limit}")
        if diff_filter:  # git's letters: D, the commits that deleted one of them
            args.append(f"--diff-filter={diff_filter}")
        args += [*revisions, "--", *paths]
        out = self.run(*args)
        return list(_parse_log(out, self.abbrev() if out else 7))

    def abbrev(self) -> int:
        """How many digits git shows of an object name here (``--no-abbrev``, which the
        log's blob names need, would make ``%h`` the whole name)."""
        if self._abbrev is None:
            head = self.head()
            self._abbrev = len(self.short(head)) if head else 7
        return self._abbrev

    def changed(self, old: str, new: str | None, paths: Sequence[str]) -> list[Touch]:
        """The files below ``paths`` that differ between the commit ``old`` and the commit
        ``new`` (the working tree when None, with files git does not track yet), renames
        found as ``git diff -M`` finds them."""
        args = ["diff", "--raw", "-z", "--no-abbrev", "-M", "--no-ext-diff", "--no-textconv", old]
        if new is not None:
            args.append(new)
        out = _run(self.top, *args, "--", *paths, asked_again=new is None)
        touches = list(_parse_raw(out.split(b"\x00")))
        if new is None:
            for name in self.untracked(paths):
                touches.append(Touch("A", name, name, None, None))
        return touches

    def untracked(self, paths: Sequence[str]) -> list[str]:
        out = self.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name",
                       "--", *paths)
        return [os.fsdecode(name) for name in out.split(b"\x00") if name]

    def dirty(self, paths: Sequence[str]) -> bool:
        """Whether the working tree (or the index) differs from HEAD below ``paths``."""
        out = self.run("status", "--porcelain", "-z", "--untracked-files=normal",
                       "--ignore-submodules", "--", *paths)
        return bool(out.strip(b"\x00"))

    # configuration ------------------------------------------------------------------------

    def set_config(self, key: str, value: str) -> None:
        self.run("config", "--local", key, value)


def _run(cwd: Path, *args: str, input: bytes | None = None, asked_again: bool = False) -> bytes:
    env = {**os.environ, **_ENV}
    try:
        proc = subprocess.run([*_BASE, *args], cwd=cwd, input=input, capture_output=True,
                              env=env, check=False)
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH): okr reads history through "
                         "the git command")) from None
    except NotADirectoryError:
        raise GitError(_("{folder} is not a folder").format(folder=shown(str(cwd)))) from None
    if asked_again or args[0] in _WORKING_TREE:  # what a kept answer asks again (replay.py)
        replay.note_git(str(cwd), [*_BASE, *args], _ENV, proc.returncode, proc.stdout)
    if proc.returncode:
        said = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(_("git {command} failed: {said}").format(
            command=args[0], said=said[-1] if said else proc.returncode), "\n".join(said))
    return proc.stdout


def _parse_log(out: bytes, abbrev: int) -> Iterable[Commit]:
    for record in out.split(_SEPARATOR)[1:]:
        fields = record.split(b"\x00", 5)
        sha, author, email, date, subject = (f.decode("utf-8", "replace") for f in fields[:5])
        touches = tuple(_parse_raw(fields[5].split(b"\x00"))) if len(fields) > 5 else ()
        yield Commit(sha, sha[:abbrev], author, email, dt.datetime.fromisoformat(date),
                     subject, touches)


def _parse_raw(parts: list[bytes]) -> Iterable[Touch]:
    """``--raw -z`` records: ``:oldmode newmode oldsha newsha STATUS`` then one path (two
    for a rename or copy)."""
    i = 0
    while i < len(parts):
        head = parts[i].strip(b"\n")
        i += 1
        if not head.startswith(b":"):
            continue
        colons = len(head) - len(head.lstrip(b":"))
        if colons > 1:  # a merge: a mode per parent, the result's, a blob per parent...
            fields = head[colons:].decode().split(" ")
            shas = fields[colons + 1:2 * colons + 2]
            path = os.fsdecode(parts[i])
            i += 1
            yield Touch("M", path, path, _zero(shas[0]), _zero(shas[-1]),
                        tuple(_zero(sha) for sha in shas[1:-1]))
            continue
        _om, _nm, old_sha, new_sha, status = head[1:].decode().split(" ")
        old = new = os.fsdecode(parts[i])
        i += 1
        if status[0] in "RC":
            new = os.fsdecode(parts[i])
            i += 1
        yield Touch(status[0], old, new, _zero(old_sha), _zero(new_sha))


def joined(prefix: str, rel: str) -> str:
    return f"{prefix}/{rel}" if prefix else rel
