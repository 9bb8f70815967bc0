"""The workspace on disk: find it, read and validate its files, map every problem to a file,
line and column, and save edits safely (lock, re-check, validate, atomic swap)."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import fcntl
import hashlib
import os
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from okrcli import checks, yamlio
from okrcli.checks import structure
from okrcli.diagnostics import Diagnostic, Finding, OkrError, Severity
from okrcli.model import Config, OkrFile

CONFIG_NAME = "okr.yaml"
IGNORE_RE = re.compile(r"#\s*okr:\s*ignore\[([^\]]*)\]")
OKR_SUFFIXES = (".yaml", ".yml")


# --- validation errors to findings ------------------------------------------------------

_TYPE_CODES = {
    "missing": "OKR004",
    "extra_forbidden": "OKR003",
    "date_value": "OKR006",
    "cycle_order": "OKR006",
    "range": "OKR007",
    "finite_number": "OKR007",
    "id_format": "OKR011",
}


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the model or list inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (for did-you-mean hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) and typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def validation_findings(model: type[BaseModel], err: ValidationError) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[Any, ...]] = set()
    for item in err.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if loc in seen:
            continue
        seen.add(loc)
        if kind == "extra_forbidden":
            key = loc[-1]
            owner = _model_at(model, loc[:-1])
            hint = ""
            if owner is not None:
                close = difflib.get_close_matches(str(key), list(owner.model_fields), n=1)
                if close:
                    hint = f" (did you mean {close[0]!r}?)"
                else:
                    hint = " (known keys: " + ", ".join(owner.model_fields) + ")"
            findings.append(Finding("OKR003", f"unknown key {key!r}{hint}", loc, at_key=True))
        elif kind == "missing":
            findings.append(Finding(
                "OKR004", f"missing required field {loc[-1]!r}: add it", loc[:-1]
            ))
        elif kind in ("model_type", "model_attributes_type") and not loc:
            findings.append(Finding(
                "OKR009",
                "the file must be one YAML mapping (owner:, cycle:, objectives: ...)",
                (),
            ))
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            findings.append(Finding("OKR005", "expected a mapping of keys and values", loc))
        elif kind == "list_type":
            findings.append(Finding("OKR005", "expected a list (items starting with '- ')", loc))
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            findings.append(Finding(
                "OKR005", f"{loc[-1]} must be one of {expected}, got {item['input']!r}", loc
            ))
        else:
            field_name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
            findings.append(Finding(
                _TYPE_CODES.get(kind, "OKR005"), f"{field_name}: {item['msg']}", loc
            ))
    return findings


# --- files ------------------------------------------------------------------------------


@dataclass
class Loaded:
    """One file as read: its text, its validated model (None when invalid) and findings."""

    path: Path
    source: yamlio.Source | None
    model: Any
    findings: list[Finding] = field(default_factory=list)
    partial: Any = None  # the model without its broken parts, for cross-file findings
    index_maps: dict[tuple[Any, ...], list[int]] = field(default_factory=dict)
    _root: Any = None
    _lines: list[str] | None = None

    @property
    def ok(self) -> bool:
        return self.model is not None and not any(
            checks.rule(f.code).severity is Severity.ERROR for f in self.findings
        )

    def in_file(self, finding: Finding) -> Finding:
        """A finding about the repaired (partial) model, with its path in the file."""
        if not self.index_maps:
            return finding
        return dataclasses.replace(finding, ypath=to_file_path(finding.ypath,
                                                               self.index_maps))

    def text(self) -> str | None:
        """The file's text: kept from the read when the file had findings or is to be
        edited, else read again (a clean file's text is not held while checking a large
        workspace)."""
        if self.source is None and self.path.exists():
            self.source, _ = yamlio.read(self.path)
        return self.source.text if self.source is not None else None

    def ignored(self, line: int, rule: Any) -> bool:
        """Whether the line carries ``# okr: ignore[CODE]`` (codes or names, comma-separated)
        for this rule."""
        if self._lines is None:
            text = self.text() or ""
            self._lines = text.splitlines() if "okr: ignore" in text else []
        if not 0 < line <= len(self._lines):
            return False
        match = IGNORE_RE.search(self._lines[line - 1])
        if match is None:
            return False
        wanted = {part.strip().upper() for part in match.group(1).split(",")}
        return rule.code in wanted or rule.name.upper() in wanted

    def position(self, finding: Finding) -> tuple[int, int]:
        if finding.pos is not None:
            return finding.pos
        if self._root is None:
            text = self.text()
            if text is None:
                return (1, 1)
            try:
                self._root = yamlio.compose(text)
            except Exception:  # an unparsable file has only pos-located findings
                return (1, 1)
        return yamlio.locate(self._root, finding.ypath, finding.at_key)


def parse(path: Path, raw: bytes, model: type[BaseModel], keep_source: bool = True,
          careful: bool = False) -> Loaded:
    """Read and validate one file. ``keep_source=False`` lets a clean file's text go (it
    is read again if a later finding needs a position). ``careful`` reads with ruamel
    only, the reader of record for edits."""
    source, problem = yamlio.decode(path, raw)
    if problem:
        return Loaded(path, None, None, [problem])
    assert source is not None
    data, findings = (yamlio.careful_load if careful else yamlio.load)(source.text)
    if findings:
        return Loaded(path, source, None, findings)
    if data is None:
        data = {} if model is Config else None
        if data is None:
            return Loaded(path, source, None, [Finding(
                "OKR009", "the file is empty: an OKR file needs owner, cycle and objectives",
                pos=(1, 1),
            )])
    try:
        validated = model.model_validate(data)
    except ValidationError as err:
        findings = validation_findings(model, err)
        # Check the rest of the file too: a typo in one key must not hide the file's other
        # problems. The repaired model is used for findings only, never for edits.
        partial, cut, maps = _repaired(model, data, err)
        loaded = Loaded(path, source, None, findings, partial=partial, index_maps=maps)
        if partial is not None:
            # Nothing about the parts cut away: they were reported already.
            extra = [loaded.in_file(f) for f in _structure(partial)]
            findings += [f for f in extra
                         if not any(loc[: len(f.ypath)] == f.ypath for loc in cut)]
        return loaded
    extra = _structure(validated)
    return Loaded(path, source if keep_source or extra else None, validated, extra)


def _structure(validated: Any) -> list[Finding]:
    if isinstance(validated, OkrFile):
        return structure.okr_file(validated)
    return structure.config(validated)


def _repaired(
    model: type[BaseModel], data: Any, err: ValidationError
) -> tuple[Any, list[tuple[Any, ...]], dict[tuple[Any, ...], list[int]]]:
    """The model of ``data`` without the parts that failed (the key at fault, or the list
    item missing a required field), or None when that does not validate either; the paths
    cut away (in the file's own coordinates); and, per list, which of the file's items
    the model's items are (see ``to_file_path``)."""
    import copy

    data, cut, maps = copy.deepcopy(data), [], {}
    view = data
    for _ in range(3):
        for item in err.errors(include_url=False):
            loc = list(to_file_path(tuple(item["loc"]), maps))
            if item["type"] == "missing":
                loc = loc[:-1]  # drop the incomplete mapping itself
            _delete(data, loc)
            cut.append(tuple(loc))
        view, maps = _view(data)
        try:
            return model.model_validate(view), cut, maps
        except ValidationError as again:
            err = again
    return None, cut, maps


def _delete(data: Any, loc: list[Any]) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if not loc:
        return
    last = loc[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
    elif isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = _CUT  # marked, so that the file's indices stay as they are


_CUT = object()


def _view(data: Any) -> tuple[Any, dict[tuple[Any, ...], list[int]]]:
    """``data`` without the items cut, and for each list (by its path in the view) the
    file's indices of the items kept."""
    maps: dict[tuple[Any, ...], list[int]] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            kept = [i for i, v in enumerate(node) if v is not _CUT]
            if len(kept) != len(node):
                maps[path] = kept
            return [walk(node[i], (*path, j)) for j, i in enumerate(kept)]
        return node

    return walk(data, ()), maps


def to_file_path(ypath: tuple[Any, ...], maps: dict[tuple[Any, ...], list[int]]
                 ) -> tuple[Any, ...]:
    """A path in a repaired model, as a path in the file."""
    if not maps:
        return ypath
    out, view_path = [], ()
    for part in ypath:
        kept = maps.get(view_path)
        out.append(kept[part] if kept is not None and isinstance(part, int)
                   and 0 <= part < len(kept) else part)
        view_path = (*view_path, part)
    return tuple(out)


# --- the workspace ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    path: Path
    owner: str | None
    cycle: str | None


def find_root(start: Path | None = None, override: str | os.PathLike[str] | None = None) -> Path:
    """The workspace root: ``override`` (``--root`` / ``OKR_ROOT``) or the nearest folder
    upwards from ``start`` that holds ``okr.yaml``."""
    if override:
        root = Path(override).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise OkrError(f"no {CONFIG_NAME} in {root}: run `okr init {root}` to start one")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise OkrError(
        f"no {CONFIG_NAME} here or in any parent folder of {here}: run `okr init` to start a "
        "workspace, or pass --root"
    )


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = root / CONFIG_NAME
        self._config: Loaded | None = None
        self._loaded: dict[Path, Loaded] = {}
        self._index: list[IndexEntry] | None = None

    # config ---------------------------------------------------------------------------

    @property
    def config_loaded(self) -> Loaded:
        if self._config is None:
            self._config = parse(self.config_path, self.config_path.read_bytes(), Config)
        return self._config

    def load_config(self, raw: bytes) -> Loaded:
        """okr.yaml from bytes already read (so that they are read once)."""
        self._config = parse(self.config_path, raw, Config)
        return self._config

    @property
    def config(self) -> Config:
        """The validated okr.yaml; a broken one refuses every operation with its findings."""
        loaded = self.config_loaded
        if not loaded.ok:
            raise OkrError(
                f"{CONFIG_NAME} has errors: fix them first", self.diagnostics(loaded)
            )
        return loaded.model

    @property
    def okr_dir(self) -> Path:
        return self.root / self.config.settings.okr_dir

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    # OKR files ------------------------------------------------------------------------

    def okr_paths(self) -> list[Path]:
        return self._walk(self.okr_dir)

    def okr_paths_unchecked(self) -> list[Path]:
        """The OKR files under okr_dir even when okr.yaml is broken (okr_dir then as far as
        it can be read, else the default)."""
        loaded = self.config_loaded
        if loaded.ok:
            return self.okr_paths()
        return self._walk(self.root / "okrs")

    def _walk(self, base: Path) -> list[Path]:
        found: list[Path] = []
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(
                Path(folder) / name for name in sorted(files)
                if name.endswith(OKR_SUFFIXES) and not name.startswith(".")
            )
        return found

    def index(self) -> list[IndexEntry]:
        """Owner and cycle of every OKR file, read from the top of each file without
        parsing it (the full parse happens only for the files a command needs)."""
        if self._index is None:
            self._index = [self._sniff(path) for path in self.okr_paths()]
        return self._index

    def _sniff(self, path: Path) -> IndexEntry:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            owner, cycle = sniff_key(head, b"owner"), sniff_key(head, b"cycle")
            if owner is None or cycle is None:
                rest = head + handle.read()
                owner, cycle = sniff_key(rest, b"owner"), sniff_key(rest, b"cycle")
        if owner is None or cycle is None:
            loaded = self.load(path)
            if loaded.model is not None:
                return IndexEntry(path, loaded.model.owner, loaded.model.cycle)
        return IndexEntry(path, owner, cycle)

    def aligned_owners(self, path: Path) -> set[str]:
        """The owners a file's objectives align to, read from its text without parsing it
        (an over-estimate: a commented-out aligns_to counts too). It lets a roll-up find
        the files it needs in a large workspace."""
        data = path.read_bytes()
        owners, at = set(), data.find(b"aligns_to:")
        while at >= 0:
            end = data.find(b"\n", at)
            value = data[at + 10 : end if end >= 0 else len(data)].strip().strip(b"'\"")
            owners.add(value.split(b"/")[0].decode("utf-8", "replace"))
            at = data.find(b"aligns_to:", at + 10)
        return owners

    def load(self, path: Path, raw: bytes | None = None) -> Loaded:
        loaded = self._loaded.get(path)
        if loaded is None:
            raw = path.read_bytes() if raw is None else raw
            loaded = parse(path, raw, OkrFile, keep_source=False)
            self._loaded[path] = loaded
        return loaded

    def forget(self, path: Path) -> None:
        self._loaded.pop(path, None)
        self._index = None

    # diagnostics ----------------------------------------------------------------------

    def severity(self, code: str) -> Severity | None:
        """The configured severity of a rule, or None when it is switched off
        (``settings.lint.ignore`` and ``settings.lint.severity`` take codes or names)."""
        lint = self._lint_settings()
        if lint is not None:
            name = checks.rule(code).name
            ignored = {n.upper() for n in lint.ignore}
            if code in ignored or name.upper() in ignored:
                return None
            levels = {k.upper(): v for k, v in lint.severity.items()}
            level = levels.get(code) or levels.get(name.upper())
            if level == "off":
                return None
            if level:
                return Severity(level)
        return checks.rule(code).severity

    def _lint_settings(self) -> Any:
        loaded = self.config_loaded if self.config_path.exists() else None
        if loaded is not None and loaded.model is not None:
            return loaded.model.settings.lint
        return None

    def diagnostics(self, loaded: Loaded, only: list[Finding] | None = None) -> list[Diagnostic]:
        result = []
        for finding in loaded.findings if only is None else only:
            severity = self.severity(finding.code)
            if severity is None:
                continue
            line, col = loaded.position(finding)
            rule = checks.rule(finding.code)
            if loaded.ignored(line, rule):
                continue
            result.append(Diagnostic(
                self.rel(loaded.path), line, col, finding.code, finding.message, severity,
                rule.name,
            ))
        return sorted(result)

    # edits ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time per workspace. The lock file is kept out of the workspace
        (under .git when there is one, else in the user's cache) because a lock on the
        edited file itself would not survive ``os.replace``."""
        path = lock_path(self.root)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def save(self, loaded: Loaded, new_text: str, model: type[BaseModel]) -> Loaded:
        """Validate ``new_text`` as the new content of ``loaded.path`` and swap it in.

        Refuses (OkrError, nothing written) when the result is invalid or when the file
        changed on disk since it was read."""
        assert loaded.source is not None
        result = parse(loaded.path, loaded.source.encode(new_text), model, careful=True)
        if not result.ok:
            raise OkrError(
                "the edit would make the file invalid; nothing was written",
                self.diagnostics(result),
            )
        current = loaded.path.read_bytes() if loaded.path.exists() else b""
        if current != loaded.source.raw:
            raise OkrError(
                f"{self.rel(loaded.path)} changed on disk while okr was editing it; "
                "nothing was written: run the command again"
            )
        yamlio.atomic_write(loaded.path, loaded.source.encode(new_text))
        self.forget(loaded.path)
        if loaded.path == self.config_path:
            self._config = None
        return result


def sniff_key(data: bytes, key: bytes) -> str | None:
    """The value of a top-level ``key: value`` line (column 0) in block-style YAML."""
    needle = b"\n" + key + b":"
    if data.startswith(key + b":"):
        start = len(key) + 1
    elif data.startswith(b"\xef\xbb\xbf" + key + b":"):
        start = len(key) + 4
    else:
        at = data.find(needle)
        if at < 0:
            return None
        start = at + len(needle)
    end = data.find(b"\n", start)
    value = data[start:] if end < 0 else data[start:end]
    hash_at = value.find(b" #")
    if hash_at >= 0:
        value = value[:hash_at]
    text = value.strip().decode("utf-8", "replace")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text or None


def lock_path(root: Path) -> Path:
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / ".git").is_dir():
            return folder / ".git" / "okr.lock"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache / "okr" / "locks" / f"{digest}.lock"
