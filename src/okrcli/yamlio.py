"""YAML in and out: the one configured reader, positions for error messages, atomic writes.

Reading is a safe load with ruamel's C parser, guarded by a pass over the event stream that
refuses what this format never needs (anchors and aliases, ``%YAML`` directives, several
documents, deep nesting) before anything is built, so that an alias bomb costs nothing.
Positions are found only when something is wrong, by composing the same text into nodes.
Writing never re-emits a file: edits splice new text into the old (see ``edit.py``), and
``atomic_write`` swaps the result in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, events, nodes
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from okrcli.diagnostics import Finding

BOM = "\ufeff"
MAX_DEPTH = 64


class _Constructor(SafeConstructor):
    """Safe constructor that never raises on a timestamp: an impossible date such as
    2026-02-30 stays text, so that the model can report it with its location."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        text = self.construct_scalar(node)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return text


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _Constructor
    return yaml


_SAFE: YAML | None = None


def safe_yaml() -> YAML:
    global _SAFE
    if _SAFE is None:
        _SAFE = _safe_yaml()
    return _SAFE


@dataclass
class Source:
    """A file's text as read: decoded, with what is needed to write it back the same way."""

    path: Path
    raw: bytes
    text: str  # without the BOM; line endings as in the file
    bom: bool
    newline: str  # "\r\n" when the file uses CRLF, else "\n"

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(path: Path, raw: bytes) -> tuple[Source | None, Finding | None]:
    """Bytes to text, refusing NUL bytes and invalid UTF-8 with the position of the first."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        return None, Finding("OKR010", "NUL byte in the file: it is not text", pos=(line, col))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _byte_position(raw, err.start)
        return None, Finding(
            "OKR010", "invalid UTF-8 at this byte: save the file as UTF-8", pos=(line, col)
        )
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    return Source(path, raw, text, bom, newline), None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1 :].decode("utf-8", "replace")) + 1
    return line, col


def read(path: Path) -> tuple[Source | None, Finding | None]:
    return decode(path, path.read_bytes())


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def screen(text: str) -> Finding | None:
    """Refuse anchors, aliases, directives, several documents and deep nesting, from the
    event stream, before anything is constructed. Returns the first problem found."""
    depth = 0
    documents = 0
    try:
        for event in safe_yaml().parse(text):
            kind = type(event)
            if kind is events.AliasEvent:
                return Finding(
                    "OKR008", "aliases (*name) are not allowed: write the value out",
                    pos=_mark(event.start_mark),
                )
            if getattr(event, "anchor", None):
                return Finding(
                    "OKR008", "anchors (&name) are not allowed: write the value out",
                    pos=_mark(event.start_mark),
                )
            if kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return Finding(
                        "OKR009", f"nesting deeper than {MAX_DEPTH} levels",
                        pos=_mark(event.start_mark),
                    )
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                depth -= 1
            elif kind is events.DocumentStartEvent:
                documents += 1
                if getattr(event, "version", None):
                    return Finding(
                        "OKR009",
                        "%YAML directives are not allowed: the file is read as YAML 1.2; "
                        "remove the directive",
                        pos=_mark(event.start_mark),
                    )
                if documents > 1:
                    return Finding(
                        "OKR009", "a second YAML document: one file holds one document",
                        pos=_mark(event.start_mark),
                    )
    except MarkedYAMLError as err:
        return syntax_finding(err)
    except YAMLError as err:  # pragma: no cover - unmarked parser errors are rare
        return Finding("OKR001", f"YAML error: {err}", pos=(1, 1))
    return None


def syntax_finding(err: MarkedYAMLError) -> Finding:
    mark = err.problem_mark or err.context_mark
    problem = err.problem or err.context or "invalid YAML"
    if "\t" in problem or "cannot start any token" in problem:
        problem += " (a tab? YAML indents with spaces)"
    where = _mark(mark) if mark is not None else (1, 1)
    return Finding("OKR001", f"YAML syntax: {problem}", pos=where)


try:  # A Rust YAML 1.2 reader, about 8x faster than libyaml here; optional.
    import yaml_rs as _fast
except ImportError:  # pragma: no cover - the dependency is pinned, but be robust
    _fast = None

# What the fast reader would accept silently but this format refuses or reads otherwise:
# anchors, aliases and tags (a token starting with & * !), directives, document markers,
# and nesting deep enough to need the depth check. Such files take the careful path.
_CAREFUL = re.compile(
    r"(?:^|[\s\[{,])[&*!][^\s]|^%|^(?:---|\.\.\.)(?:\s|$)|^ {120}", re.MULTILINE
)


def fast_ok(text: str) -> bool:
    if _fast is None or text.count("[") + text.count("{") > MAX_DEPTH:
        return False
    if ("&" in text or "*" in text or "!" in text or "%" in text or "---" in text
            or "..." in text or " " * 120 in text):
        return _CAREFUL.search(text) is None
    return True


def load(text: str) -> tuple[Any, list[Finding]]:
    """Safe-load one document. Returns (data, findings); data is None on any finding.

    Plain files go through the fast reader; anything unusual, and any file the fast
    reader refuses, goes through ruamel, which screens the event stream first and gives
    the positions and messages of the findings."""
    if fast_ok(text):
        try:
            return _fast.loads(text), []
        except Exception:  # the careful path below reports the problem
            pass
    return careful_load(text)


def careful_load(text: str) -> tuple[Any, list[Finding]]:
    """Screen, then safe-load with ruamel's C parser."""
    problem = screen(text)
    if problem:
        return None, [problem]
    try:
        data = safe_yaml().load(text)
    except MarkedYAMLError as err:
        if "duplicate key" in str(err.problem):
            return None, duplicate_keys(text) or [syntax_finding(err)]
        return None, [syntax_finding(err)]
    except (YAMLError, ValueError, RecursionError) as err:
        return None, [Finding("OKR001", f"YAML error: {err}", pos=(1, 1))]
    return data, []


def compose(text: str) -> Any:
    """The node tree of a (screened, single-document) text, with start and end marks."""
    return safe_yaml().compose(text)


def duplicate_keys(text: str) -> list[Finding]:
    """Every duplicate key in the text, each reported on both of its lines."""
    found: list[Finding] = []
    try:
        root = compose(text)
    except YAMLError:
        return found

    def walk(node: Any) -> None:
        if isinstance(node, nodes.MappingNode):
            first: dict[Any, Any] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, nodes.ScalarNode) else None
                if name is not None and name in first:
                    where = first[name].start_mark
                    found.append(Finding(
                        "OKR002",
                        f"duplicate key {name!r}: also on line {where.line + 1}; keep one",
                        pos=_mark(key.start_mark),
                    ))
                    found.append(Finding(
                        "OKR002",
                        f"duplicate key {name!r}: again on line {key.start_mark.line + 1}; "
                        "keep one",
                        pos=_mark(where),
                    ))
                elif name is not None:
                    first[name] = key
                walk(value)
        elif isinstance(node, nodes.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return found


def locate(root: Any, ypath: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
    """Line and column (from 1) of the node at ``ypath``; the deepest existing parent when
    the path runs out (a missing field is reported at its parent mapping)."""
    node, key_node = root, None
    for part in ypath:
        if isinstance(node, nodes.MappingNode):
            match = next(
                ((k, v) for k, v in node.value if isinstance(k, nodes.ScalarNode)
                 and k.value == str(part)),
                None,
            )
            if match is None:
                break
            key_node, node = match
        elif isinstance(node, nodes.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            key_node, node = None, node.value[part]
        else:
            break
    else:
        if at_key and key_node is not None:
            return _mark(key_node.start_mark)
    if node is None:
        return (1, 1)
    return _mark(node.start_mark)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsynced, then
    ``os.replace``: a reader sees the old file or the new one, never half of one. The
    file's mode is kept."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
