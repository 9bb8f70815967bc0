"""okr check: the whole workspace through the pipeline (or the answer of the cache, when
nothing changed), reported on the files asked for; and the rules themselves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from okrcli import cache, checks, pipeline, readcache
from okrcli.diagnostics import Diagnostic, Rule, Severity, UsageError
from okrcli.i18n import _
from okrcli.model import OkrFile
from okrcli.pipeline import Valid
from okrcli.readcache import Shelf
from okrcli.results import CheckResult
from okrcli.services import base as history
from okrcli.services import incremental
from okrcli.services.common import Session, read_config
from okrcli.store import CONFIG_NAME, Refused, shown


def examples() -> str:
    """How `okr check --explain`'s examples are read, in the reader's language."""
    return _(checks.EXAMPLES)


def run(session: Session, today: dt.date, paths: list[Path] | None = None, *,
        select: list[Rule] | None = None, ignore: list[Rule] | None = None,
        strict: bool = False, use_cache: bool = True, base: str | None = None) -> CheckResult:
    """Every finding of the workspace (schema, references, practice), or of the files in
    ``paths`` (okr.yaml's errors always: they concern every file); with ``base`` (a
    revision), the history rules too, over what changed since it. A run over the same
    bytes, day and options as the last one answers from the cache (see cache.py): what is
    cached depends on no option the key leaves out (the base is in it as the commit it
    names, with HEAD)."""
    ws = session.ws
    # Outside a repository, or for an unknown revision: one message, before any finding
    # (a gate asked to judge history must not look like a pass of the rest).
    since = history.resolve(ws, base) if base is not None else None
    use_cache = use_cache and cache.enabled()
    shelf = session.shelf if use_cache else Shelf(use=False)
    config_raw = ws.read(ws.config_path)
    config = read_config(ws, config_raw, shelf)
    okr_dir = pipeline.okr_dir(config)
    every = ws.okr_paths(okr_dir)
    only = None if paths is None else _named(session, paths, okr_dir, every)
    policy = pipeline.policy_of(config, select=select, ignore=ignore or (), strict=strict)
    # The key holds each file's reading key (a hash of its name and bytes), not its bytes:
    # no file's bytes are kept while the others are read, and a file unchanged since a
    # command read it is not read (its digest is the index cache's: store.digest). Without
    # a cache (OKR_NO_CACHE=1, as in CI) no key is looked up: no file is read twice for one.
    digests: dict[Path, tuple[str, bytes | Refused]] = {path: ("", b"") for path in every}
    if use_cache:
        for path in every:
            content = ws.digest(path)
            digests[path] = (readcache.keyed(ws.rel(path), content, OkrFile)
                             if isinstance(content, str) else "",
                             content if isinstance(content, Refused) else b"")
        ws.keep_index()
    named = [(CONFIG_NAME, config_raw),
             *((ws.rel(p), kept or digest.encode()) for p, (digest, kept) in digests.items())]
    # A refused file is keyed by why it was refused, never by bytes it does not have.
    refused = {name: [raw.reason, raw.message] for name, raw in named
               if isinstance(raw, Refused)}
    context = [today, sorted(r.code for r in select or []) if select is not None else None,
               sorted(r.code for r in ignore or []), sorted(only) if only is not None else None,
               refused, ws.okr_folder(okr_dir) is None,
               since.key if since else None]  # cache.key adds the language
    key = cache.key([(name, b"" if isinstance(raw, Refused) else raw) for name, raw in named],
                    context) if use_cache else ""
    cached = cache.get(ws.root, key) if use_cache else None
    if cached is not None:
        found, files = cached
    else:
        if since is None:
            found, same = incremental.check(session, shelf, config, config_raw, every, today,
                                            policy, [*context[1:3], strict], digests)
        else:
            readings = [shelf.read(path, ws.rel(path), ws.read(path), OkrFile)
                        for path in every]
            found, same = pipeline.check(config, readings, today, policy, ws.rel), True
            if isinstance(config, Valid):
                found = sorted(dict.fromkeys(found + history.findings(
                    since, ws, config.model, readings, today, policy)))
        files = [CONFIG_NAME, *(ws.rel(p) for p in every)]
        if only is not None:
            found = [d for d in found if d.path in only
                     or (d.path == CONFIG_NAME and d.severity is Severity.ERROR)]
            files = [f for f in files if f in only
                     or (f == CONFIG_NAME and any(d.path == f for d in found))]
        if use_cache and same:  # never an answer stored under bytes it was not made of
            cache.put(ws.root, key, found, files)
    return CheckResult(found, files, policy.failing(found))


def _named(session: Session, paths: list[Path], okr_dir: str, every: list[Path]) -> set[str]:
    """The workspace files that ``paths`` name (a folder names the files under it). A path
    that is not there, or names no file of the workspace, is a usage error."""
    ws = session.ws
    root = ws.root.resolve()
    files = {CONFIG_NAME, *(ws.rel(p) for p in every)}  # the workspace's own names
    named: set[str] = set()
    for path in paths:
        given = shown(str(path))
        if not path.exists():
            raise UsageError(_("{path}: no such file or folder").format(path=given))
        rel = _inside(ws.root, path)
        if rel in files:  # a file, or a linked folder (which is a finding)
            named.add(rel)
        elif path.is_dir():
            if rel is None:  # a folder around the workspace holds all of it
                under = files if root.is_relative_to(path.resolve()) else set()
            else:
                prefix = "" if rel == "." else rel + "/"
                under = {f for f in files if f.startswith(prefix)}
            if not under:
                raise UsageError(_("{path}: no OKR file of the workspace at {root} is in "
                                   "this folder").format(path=given, root=shown(str(root))))
            named |= under
        else:
            raise UsageError(_(
                "{path} is not a file of the workspace at {root}: okr reads okr.yaml and the "
                "*.yaml and *.yml files under {folder}/ (settings.okr_dir), not hidden ones"
                ).format(path=given, root=shown(str(root)), folder=shown(okr_dir)))
    return named


def _inside(root: Path, path: Path) -> str | None:
    """``path`` relative to ``root``, '/'-separated, or None when it is outside. By name
    first, so that a linked file is known by where it stands in the workspace; then by
    what both resolve to (the workspace named through a link)."""
    for base, full in ((Path(os.path.abspath(root)), Path(os.path.abspath(path))),
                       (root.resolve(), path.resolve())):
        if full.is_relative_to(base):
            return shown(full.relative_to(base).as_posix())
    return None


def rules() -> tuple[Rule, ...]:
    return checks.RULES


def rule(code_or_name: str) -> Rule:
    found = checks.lookup(code_or_name)
    if found is None:
        raise UsageError(_("unknown rule {rule!r}: okr check --list-rules lists them").format(
            rule=code_or_name))
    return found


def rules_named(values: list[str] | None) -> list[Rule] | None:
    """The rules of --select / --ignore values (codes or names, comma-separated)."""
    if not values:
        return None
    return [rule(part) for value in values
            for part in filter(None, (p.strip() for p in value.split(",")))]


def sources(session: Session, found: list[Diagnostic]) -> dict[str, list[str]]:
    """The lines of the files with findings, for the excerpts shown on a terminal."""
    out: dict[str, list[str]] = {}
    for path in {d.path for d in found}:
        try:
            raw = session.ws.read(session.ws.root / path)
        except OSError:
            continue
        if not isinstance(raw, Refused):  # never a line of a file okr would not read
            out[path] = raw.decode("utf-8", errors="replace").splitlines()
    return out


def git_prefix(session: Session) -> str:
    """The workspace's folder relative to the git repository's root ('' at the top), so
    that annotations land on the file when the workspace is a subfolder."""
    here = session.ws.root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            rel = here.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
