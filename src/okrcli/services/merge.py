"""The merge driver: ``okr merge-file BASE OURS THEIRS``, as git runs it (``%O %A %B``),
and ``okr git-setup``, which tells the repository's git to run it.

Each side is read as every command reads a file; when all three are valid OKR files they
are merged by meaning (``services/merging.py``) and the result is read again before it
is written: a merge that is not a valid file is a conflict, never a silently broken
file. When a side cannot be read, or a change cannot be merged by meaning, git's own line
merge (``git merge-file``) does the work, with its exit code. Git's contract: the result
is left in OURS; exit 0 when clean, 1 on conflicts.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from okrcli import pipeline, store
from okrcli.diagnostics import OkrError, UsageError
from okrcli.gitrepo import Repo
from okrcli.gitresults import GitSetup, MergeConflict, MergeResult
from okrcli.i18n import _
from okrcli.model import OkrFile
from okrcli.pipeline import Valid
from okrcli.services.common import Session
from okrcli.services.merging import Unmergeable, merge
from okrcli.store import shown

ATTRIBUTES = ".gitattributes"
DRIVER = "merge-file %O %A %B --marker-size %L --path %P"
ATTRIBUTES_NOTE = "# okr: merge OKR files by meaning (each clone runs `okr git-setup` once)"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise UsageError(_("cannot read {file}: {error}").format(
            file=shown(str(path)), error=err.strerror or err)) from None


def merge_file(base: Path, ours: Path, theirs: Path, marker_size: int = 7,
               name: str | None = None) -> MergeResult:
    """Merge THEIRS into OURS (BASE their common ancestor) and write the result into
    OURS. ``name`` is the file's path in the repository (git's ``%P``), for messages."""
    if marker_size < 1:
        raise UsageError(_("--marker-size must be at least 1"))
    raws = [_read(p) for p in (base, ours, theirs)]
    shown_as = name or str(ours)
    where = Path(shown_as)
    readings = [pipeline.read(where, raw, OkrFile) for raw in raws]
    unread = [side for side, r in zip((_("base"), _("ours"), _("theirs")), readings,
                                      strict=True) if not isinstance(r, Valid)]
    if unread:
        return _line_merge(base, ours, theirs, marker_size, shown_as, _(
            "{sides} cannot be read as an OKR file").format(sides=", ".join(unread)))
    old, mine, them = readings
    assert isinstance(old, Valid) and isinstance(mine, Valid) and isinstance(them, Valid)
    try:
        merged = merge(old.model, mine.model, mine.source.text, them.model, them.source.text,
                       mine.source.newline, marker_size)
    except Unmergeable as why:
        return _line_merge(base, ours, theirs, marker_size, shown_as, str(why))
    conflicts = [MergeConflict(c.ref, c.kind, c.field) for c in merged.conflicts]
    data = mine.source.encode(merged.text)
    if conflicts:
        store.write_file(ours, data)
        return MergeResult(shown_as, 1, conflicts)
    if not _valid(where, data, mine, them):
        return _line_merge(base, ours, theirs, marker_size, shown_as,
                           _("the merge by meaning is not a valid OKR file"), (mine, them))
    if data != raws[1]:
        store.write_file(ours, data)
    return MergeResult(shown_as, 0)


def _valid(where: Path, data: bytes, *sides: Valid[OkrFile]) -> bool:
    """The merge reads as a valid file, with no finding of its own rules that neither side
    had."""
    after = pipeline.read(where, data, OkrFile)
    if not isinstance(after, Valid):
        return False
    had = {(f.rule.code, f.message) for side in sides for f in side.findings}
    return all((f.rule.code, f.message) in had for f in after.findings)


def _line_merge(base: Path, ours: Path, theirs: Path, marker_size: int, name: str,
                why: str, invalid: tuple[Valid[OkrFile], ...] = ()) -> MergeResult:
    """``git merge-file``: git's own line merge, its result in OURS and its exit code.
    After a merge by meaning that was not valid (``invalid``: the two sides), a clean
    line merge is held to the same test: not valid, or a finding neither side had, is a
    conflict still."""
    command = ["git", "merge-file", "-p", f"--marker-size={marker_size}", "-L", "ours",
               "-L", "base", "-L", "theirs", "--", str(ours), str(base), str(theirs)]
    try:
        proc = subprocess.run(command, capture_output=True, check=False,
                              env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C"})
    except FileNotFoundError:
        raise OkrError(_("git is not installed (or not on PATH): okr reads history through "
                         "the git command")) from None
    if proc.returncode < 0 or proc.returncode > 127:
        said = proc.stderr.decode("utf-8", "replace").strip()
        raise OkrError(_("git {command} failed: {said}").format(command="merge-file",
                                                                said=said))
    store.write_file(ours, proc.stdout)
    code = proc.returncode
    if invalid and not code:
        code = 0 if _valid(Path(name), proc.stdout, *invalid) else 1
    return MergeResult(name, 1 if code else 0, line_merge=why, invalid=bool(invalid))


# --- okr git-setup and the .gitattributes of okr init ------------------------------------


def _pattern(okr_dir: str, name: str) -> str:
    """A gitattributes pattern for ``name`` in ``okr_dir`` and below: glob characters of
    the folder escaped, the whole quoted (C style) when it holds a space or a quote."""
    folder = okr_dir.replace("\\", "/").strip("/")
    while folder.startswith("./"):
        folder = folder[2:]
    folder = "".join("\\" + ch if ch in "*?[\\" else ch for ch in folder)
    pattern = f"{folder}/**/{name}" if folder not in ("", ".") else f"**/{name}"
    if pattern[0] in "#!":
        pattern = "\\" + pattern
    if any(ch in pattern for ch in ' \t"'):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def attribute_lines(okr_dir: str) -> list[str]:
    """The lines that send OKR files to the driver."""
    return [f"{_pattern(okr_dir, name)} merge=okr" for name in ("*.yaml", "*.yml")]


def write_attributes(root: Path, okr_dir: str) -> list[str]:
    """Add the driver's lines to ``root/.gitattributes`` (made when missing); returns the
    lines added, none when they are there already."""
    path = root / ATTRIBUTES
    old = _attributes_text(path)
    have = {" ".join(line.split()) for line in old.splitlines()}
    missing = [line for line in attribute_lines(okr_dir) if line not in have]
    if not missing:
        return []
    newline = "\r\n" if "\r\n" in old else "\n"
    lead = "" if not old or old.endswith("\n") else newline
    body = newline.join([ATTRIBUTES_NOTE] if ATTRIBUTES_NOTE not in have else [])
    body = newline.join(([body] if body else []) + missing) + newline
    store.write_file(path, (old + lead + body).encode("utf-8"))
    return missing


_MAX_ATTRIBUTES = 1024 * 1024


def _attributes_text(path: Path) -> str:
    """The text of the workspace's own ``.gitattributes`` ('' when there is none): a link
    (which could lead out of the workspace), anything but a regular file, a file over
    1 MiB or one that is not UTF-8 is refused, nothing written."""
    if not os.path.lexists(path):
        return ""
    if path.is_symlink() or not path.is_file():
        raise OkrError(_("{path} is not a regular file: okr adds its lines only to a "
                         "regular file of the workspace; nothing was written").format(
                             path=shown(str(path))))
    with open(path, "rb") as handle:
        data = handle.read(_MAX_ATTRIBUTES + 1)
    try:
        if len(data) > _MAX_ATTRIBUTES:
            raise UnicodeError
        return data.decode("utf-8")
    except UnicodeError:
        raise OkrError(_("{path} is not a UTF-8 text file of at most 1 MiB: okr adds no "
                         "lines to it; nothing was written").format(
                             path=shown(str(path)))) from None


def git_setup(session: Session, command: str = "okr") -> GitSetup:
    """Name the driver in the repository's own git config (``.git/config`` is never
    committed, so every clone runs this once) and add the ``.gitattributes`` lines."""
    if not command.strip():
        raise UsageError(_("--command must not be empty"))
    root = session.ws.root
    repo = Repo.around(root)
    settings = [("merge.okr.name", "okr: merge OKR files by meaning"),
                ("merge.okr.driver", f"{command} {DRIVER}")]
    _attributes_text(root / ATTRIBUTES)  # refused before anything is configured
    for key, value in settings:
        repo.set_config(key, value)
    added = write_attributes(root, session.config.settings.okr_dir)
    return GitSetup(settings, session.rel(root / ATTRIBUTES), added)
