"""Answers kept: a reading command run again on a workspace that has not changed answers
with the output it gave, before Typer, Pydantic, Rich or a YAML reader is imported.

``okr check``, ``status``, ``tree``, ``show``, ``report``, ``grade`` and ``log`` read
the workspace (``log`` also the history HEAD leads to, which no commit can change) and
write nothing; what they print depends only on what they read and on how they were run.
So ``entry.py`` asks ``plan()`` first. When the command may be kept, it is answered from
the entry of its key if one matches (``Plan.answer``), else run with its output recorded
(``Plan.record``) and kept for the next time.

The key (the entry's name) holds everything the command's output can depend on before it
reads the OKR files: the exact arguments, the working folder, the whole environment
(``LANG``, ``COLUMNS``, ``NO_COLOR``, ``OKR_*``... all of it, but ``_`` and ``OLDPWD``),
which of stdin/stdout/stderr are terminals and their sizes, the local date, the bytes of
okr.yaml, git's HEAD (the commit it names), index, configuration and what else its
answers depend on (``disksig.git_state``), and the code: every file of the package and
the folders of ``sys.path`` (an install or an upgrade changes them) by size and times.
The entry then names what the command read (the folders it listed and the files it
opened, ``note_tree``/``note_file`` from ``store.py``) and a signature of them: every
name, type, size, inode and time below those folders. An entry answers only when the
signature of the disk now is the same.

What it promises: an answer kept is the answer the command would give again.
- A file changed since is a miss: every write changes a file's ctime, which no one can
  set back. An entry is kept only when everything it signs was last changed more than
  two seconds before the command began (``MARGIN_NS``), so that a change in the same
  tick of a coarse file-system clock cannot pass unseen, and a change during the run is
  never kept.
- Not kept: output written to a file (``-o``), anything that reads git's history by name
  (``--at``, ``--base``), standard input (``-``), help, the HTML pages (they carry the
  time they were made), short options (they may be joined to a value) but ``-f`` and
  ``log -n``, a run where git's places are moved (``GIT_DIR``, ``GIT_INDEX_FILE`` as in
  a hook...), a run that exits with another code than 0 or 1, one that wrote to a
  stream's bytes directly, more than ``MAX_ANSWER`` of output. ``OKR_NO_CACHE=1`` turns it off.
- Entries live in the cache folder's ``answers/``, sealed with the check cache's secret
  (``seal.py``): one written by anyone else, or damaged, is a miss. At most ``KEEP``
  entries; the oldest go first.
It only ever saves time: every failure to read or write an entry is a miss, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from pathlib import Path

from okrcli import disksig, private, seal

TYPE_CHECKING = False  # typing itself is not imported: this runs before anything heavy
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TextIO

COMMANDS = frozenset({"check", "status", "tree", "show", "report", "grade", "log"})
SHORT = {"-f": frozenset(COMMANDS), "-n": frozenset({"log"})}  # the short options kept
# Arguments that make a run one not to keep (their values need no parsing: any of these
# anywhere, even as another option's value, only costs a miss).
NEVER = frozenset({"-", "-o", "--output", "--at", "--base", "-h", "--help", "--debug",
                   "--explain", "--list-rules"})
NEVER_PREFIXES = ("--output=", "--at=", "--base=")
# What moves git's repository, index or objects elsewhere than where disksig.git_state()
# looks (a hook sets some): the run is not kept.
GIT_PLACES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                        "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                        "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_REPLACE_REF_BASE"})
MARGIN_NS = 2_000_000_000
MAX_ANSWER = 16 * 1024 * 1024
MAX_CONFIG = 1024 * 1024
KEEP = 256
SUB = "answers"
FORMAT = 3
PACKAGE = Path(__file__).parent
_IGNORED_ENV = frozenset({"_", "OLDPWD"})

# What the running command read: set by Plan.record, filled by the note_* calls of
# store.py (folders listed, files opened) and gitrepo.py (what git said of the working tree).
_seen: tuple[set[str], set[str], list[list[Any]]] | None = None
_unkept = False


def note_tree(folder: Path, *, walked: bool) -> None:
    """The store listed ``folder`` (its non-hidden entries, recursively), or, not
    ``walked``, refused it (it leads out of the workspace): the link itself is signed."""
    if _seen is not None:
        (_seen[0] if walked else _seen[1]).add(os.fspath(folder))


def note_file(path: Path) -> None:
    """The store opened ``path``."""
    if _seen is not None:
        _seen[1].add(os.fspath(path))


def recording() -> bool:
    """Whether the running command may be kept (what it reads is being noted)."""
    return _seen is not None


def unkept() -> None:
    """This run may not be kept: interrupted (Ctrl-C), or stopped on the machine's error."""
    global _unkept
    _unkept = True


def note_git(cwd: str, argv: list[str], env: dict[str, str], code: int, out: bytes) -> None:
    """git answered ``argv`` (in ``cwd``, with ``env`` over the environment) with ``code``
    and ``out``: an answer that also depends on git's ignore rules, attributes or filters,
    which no key holds. A kept answer asks git again and is believed only if git says the
    same."""
    if _seen is not None:
        _seen[2].append([cwd, argv, env, code, _digest(out)])


def _digest(out: bytes) -> str:
    return hashlib.blake2b(out, digest_size=20).hexdigest()


def _git_says(asked: list[Any]) -> bool:
    """Whether git answers each query as it did."""
    import subprocess  # only for a kept answer that asked git

    for cwd, argv, env, code, digest in asked:
        try:
            proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False,
                                  env={**os.environ, **env})
        except OSError:
            return False
        if proc.returncode != code or _digest(proc.stdout) != digest:
            return False
    return True


class Plan:
    """A command that may be kept, and the name of its entry."""

    def __init__(self, root: str, key: str) -> None:
        self.root = root
        self.key = key
        self.code = 0

    def answer(self) -> bool:
        """Write the kept output and set ``code``, when there is an entry for the key and
        the disk still signs as it did; False (nothing written) otherwise."""
        kept = _load(self.key)
        if kept is None or kept["root"] != self.root:
            return False
        if disksig.signature(kept["trees"], kept["files"], since=None) != kept["sig"]:
            return False
        if kept["git"] and not _git_says(kept["git"]):
            return False
        try:
            for number, text in kept["out"]:
                stream = sys.stdout if number == 1 else sys.stderr
                stream.write(text)
                stream.flush()
        except BrokenPipeError:  # the reader stopped (`okr status | head`), as ever
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        self.code = kept["code"]
        return True

    def record(self, run: Callable[[], object]) -> None:
        """Run the command with its output recorded; keep it when the run may be kept."""
        global _seen, _unkept
        started = time.time_ns()
        chunks: list[tuple[int, str]] = []
        size = [0]
        tees = _Tee(sys.stdout, 1, chunks, size), _Tee(sys.stderr, 2, chunks, size)
        saved = sys.stdout, sys.stderr
        _seen, _unkept = (set(), set(), []), False
        code: object = None  # not finished: an exception on its way out is never kept
        try:
            sys.stdout, sys.stderr = tees
            run()
            code = 0
        except SystemExit as done:
            code = 0 if done.code is None else done.code
            raise
        finally:
            sys.stdout, sys.stderr = saved
            seen, _seen = _seen, None
            if (type(code) is int and code in (0, 1) and not _unkept
                    and not any(tee.spoiled for tee in tees)):
                with contextlib.suppress(Exception):  # keeping is never an error
                    self._keep(seen, chunks, code, started)

    def _keep(self, seen: tuple[set[str], set[str], list[list[Any]]], chunks: list[tuple[int, str]],
              code: int, started: int) -> None:
        trees, files = sorted(seen[0]), sorted({*seen[1], str(Path(self.root, "okr.yaml"))})
        sig = disksig.signature(trees, files, since=started - MARGIN_NS)
        if sig is None:
            return
        place = seal.place(SUB, create=True)
        if place is None:
            return
        folder, secret = place
        data = {"v": FORMAT, "root": self.root, "trees": trees, "files": files, "sig": sig,
                "git": seen[2], "out": _joined(chunks), "code": code}
        payload = json.dumps(data, separators=(",", ":")).encode("ascii")
        private.replace(folder / self.key, seal.sealed(secret, payload))
        _sweep(folder)


def plan(args: list[str]) -> Plan | None:
    """The plan of a command that may be kept; None for one that may not."""
    if not args or args[0] not in COMMANDS or private.folder() is None:
        return None
    for arg in args[1:]:
        if arg in NEVER or arg.startswith(NEVER_PREFIXES) or "html" in arg or (
                arg.startswith("-") and not arg.startswith("--")
                and args[0] not in SHORT.get(arg, ())):
            return None
    if any(name in GIT_PLACES for name in os.environ):
        return None
    try:
        root = _root(args)
        if root is None:
            return None
        config = _config(root)
        if config is None:
            return None
        key = _key(args, root, config)
    except Exception:  # no home folder, an odd file: not kept, never an error
        return None
    return Plan(root, key)


# --- the key ------------------------------------------------------------------------------


def _root(args: list[str]) -> str | None:
    """The workspace root as ``store.find_root`` finds it: ``--root``, ``OKR_ROOT``, or the
    nearest folder upwards holding okr.yaml."""
    override: str | None = None
    for number, arg in enumerate(args):
        if arg == "--root" and number + 1 < len(args):
            override = args[number + 1]
        elif arg.startswith("--root="):
            override = arg.removeprefix("--root=")
    if override is None:
        override = os.environ.get("OKR_ROOT")
    if override is not None:
        if not override:
            return None
        root = Path(override).expanduser()
        return str(root) if _holds_config(root) else None
    here = Path.cwd().resolve()
    return next((str(f) for f in (here, *here.parents) if _holds_config(f)), None)


def _holds_config(folder: Path) -> bool:
    return os.path.lexists(folder / "okr.yaml") and not (folder / "okr.yaml").is_dir()


def _config(root: str) -> bytes | None:
    path = os.path.join(root, "okr.yaml")
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CONFIG:
        return None
    with open(path, "rb") as handle:
        return handle.read(MAX_CONFIG + 1)


def _key(args: list[str], root: str, config: bytes) -> str:
    terminals = []
    for fd in (0, 1, 2):
        tty = os.isatty(fd)
        size = None
        if tty:
            with contextlib.suppress(OSError):
                size = tuple(os.get_terminal_size(fd))
        terminals.append([tty, size])
    context = [FORMAT, sys.version, sys.executable, args, os.getcwd(), root,
               sorted(item for item in os.environ.items() if item[0] not in _IGNORED_ENV),
               terminals, time.strftime("%Y-%m-%d"), _code(), disksig.git_state(Path(root))]
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps(context, ensure_ascii=True).encode("ascii") + b"\0")
    digest.update(config)
    return digest.hexdigest()


def _code() -> list[Any]:
    """The package's files and the folders of sys.path, by size and times."""
    stamp: list[Any] = []
    pending = [str(PACKAGE)]
    while pending:
        folder = pending.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    pending.append(entry.path)
                continue
            info = entry.stat(follow_symlinks=False)
            stamp.append([entry.path, info.st_size, info.st_mtime_ns, info.st_ctime_ns])
    # where the libraries are: an install or an upgrade adds and removes their metadata
    for folder in sorted({str(PACKAGE.parent), *(p for p in sys.path if p.endswith("-packages"))}):
        with contextlib.suppress(OSError):
            info = os.stat(folder or ".")
            stamp.append([folder, info.st_mtime_ns, info.st_ctime_ns])
    return stamp


# --- entries --------------------------------------------------------------------------------


def _load(key: str) -> dict[str, Any] | None:
    place = seal.place(SUB, create=False)
    if place is None:
        return None
    folder, secret = place
    payload = seal.read(folder / key, secret, MAX_ANSWER * 8)
    if payload is None:
        return None
    try:
        data = json.loads(payload.decode("ascii"))
    except (ValueError, RecursionError):
        return None
    return data if _shaped(data) else None


def _shaped(data: Any) -> bool:
    """Exactly the shape ``_keep`` writes (an entry is ours, but a miss costs less than a
    crash)."""
    if not isinstance(data, dict) or data.keys() != {"v", "root", "trees", "files", "sig",
                                                      "git", "out", "code"}:
        return False
    if not (isinstance(data["git"], list) and all(_query(q) for q in data["git"])):
        return False
    return (data["v"] == FORMAT and type(data["root"]) is str and type(data["sig"]) is str
            and data["code"] in (0, 1) and type(data["code"]) is int
            and all(isinstance(data[k], list) and all(type(p) is str for p in data[k])
                    for k in ("trees", "files"))
            and isinstance(data["out"], list)
            and all(isinstance(c, list) and len(c) == 2 and c[0] in (1, 2)
                    and type(c[0]) is int and type(c[1]) is str for c in data["out"]))


def _query(asked: Any) -> bool:
    """A git query as note_git keeps it: [cwd, argv, env, code, digest]."""
    if not (isinstance(asked, list) and len(asked) == 5):
        return False
    cwd, argv, env, code, digest = asked
    return (type(cwd) is str and isinstance(argv, list) and bool(argv)
            and all(type(a) is str for a in argv) and isinstance(env, dict)
            and all(type(k) is str and type(v) is str for k, v in env.items())
            and type(code) is int and type(digest) is str)


def _joined(chunks: list[tuple[int, str]]) -> list[list[Any]]:
    """Consecutive writes to one stream as one (joined once: adding to a string held in a
    list copies it every time, which for 100,000 lines took minutes)."""
    runs: list[tuple[int, list[str]]] = []
    for number, text in chunks:
        if runs and runs[-1][0] == number:
            runs[-1][1].append(text)
        else:
            runs.append((number, [text]))
    return [[number, "".join(texts)] for number, texts in runs]


def _sweep(folder: Path) -> None:
    """The oldest entries beyond ``KEEP``, removed."""
    entries = list(os.scandir(folder))
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
    for entry in entries[:len(entries) - KEEP]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


class _Tee:
    """A text stream that records what is written to it, and otherwise is the stream."""

    def __init__(self, stream: TextIO, number: int, chunks: list[tuple[int, str]],
                 size: list[int]) -> None:
        self._stream = stream
        self._number = number
        self._chunks = chunks
        self._size = size  # what both streams recorded, in characters
        self.spoiled = False

    def write(self, text: str) -> int:
        if not self.spoiled:
            self._size[0] += len(text)
            if self._size[0] > MAX_ANSWER:  # never kept: what was recorded goes now
                self.spoiled = True
                self._chunks.clear()
            else:
                self._chunks.append((self._number, text))
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> Any:  # bytes written past the text stream are not recorded
        self.spoiled = True
        return self._stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
