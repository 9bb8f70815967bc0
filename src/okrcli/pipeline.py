"""The check pipeline, top to bottom:

    decode -> parse -> validate -> file rules -> workspace rules -> policy -> sort

``read`` runs the first four stages on one file's bytes and returns a reading: the file is
``Unreadable`` (no data), ``Broken`` (data that is not a valid file) or ``Valid``.
``check`` runs the rest over a workspace. Reading commands and edits call the same stages
with the same policy, so that no command can disagree with ``okr check`` about a file.
Nothing here touches the disk: the store reads the bytes, the services call the stages.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from okrcli import checks, validation, yamlio
from okrcli.checks.base import Context, Unchecked, Unread
from okrcli.checks.policy import Policy
from okrcli.checks.rules import (
    duplicate_owner_file,
    encoding,
    file_too_large,
    not_a_file,
    not_checked,
    unsupported_yaml,
)
from okrcli.collector import paused
from okrcli.diagnostics import Diagnostic, Finding, YPath
from okrcli.model import Config, OkrFile, Settings
from okrcli.refs import parent_objective
from okrcli.sniff import scan_aligns_to, sniff_at, sniff_key
from okrcli.yamlio import Source

M = TypeVar("M", Config, OkrFile)

# --- readings --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Unreadable:
    """No data: the bytes are not UTF-8 text, or not one YAML document of this format."""

    path: Path
    source: Source | None  # None when the bytes are not text
    findings: tuple[Finding, ...]
    raw: bytes = b""  # the bytes that are not text, for what a text scan can still tell

    def place(self, finding: Finding) -> Finding | None:
        return finding


@dataclass(frozen=True, eq=False)
class Broken:
    """Data that is not a valid file: its findings, and the model of what is left once the
    broken parts are cut away (for references from other files), or None."""

    path: Path
    source: Source
    findings: tuple[Finding, ...]
    partial: Any  # Config | OkrFile | None: never used for an edit or a score shown
    cuts: tuple[YPath, ...]  # what was cut, in the file's coordinates
    maps: Mapping[YPath, Sequence[int]]  # per list of the partial model: its items' indices

    def place(self, finding: Finding) -> Finding | None:
        """A finding about the partial model, in the file's coordinates; None when what it
        depends on lost a part (it would be about something that is not there)."""
        subject = _to_file(finding.depends_on, self.maps)
        if any(c[: len(subject)] == subject or subject[: len(c)] == c for c in self.cuts):
            return None
        return replace(finding, ypath=_to_file(finding.ypath, self.maps), subject=None)


@dataclass(frozen=True, eq=False)
class Valid(Generic[M]):
    """A valid file: its model, and the findings of the file rules."""

    path: Path
    source: Source
    model: M
    findings: tuple[Finding, ...]

    def place(self, finding: Finding) -> Finding | None:
        return finding


Reading = Unreadable | Broken | Valid[Any]


# --- decode, parse, validate, file rules -------------------------------------------------


def misread(source: Source, doc: Any) -> tuple[Finding, ...]:
    """Where a line reader (okr's index, grep, a script) takes another owner or cycle for
    an OKR file's than YAML does: a line inside a text that looks like ``owner: x``, or a
    value written so that only YAML reads it (escapes). Such a file is refused, so that
    what passes check is indexed under its own owner."""
    if not isinstance(doc, OkrFile):
        return ()
    found: list[Finding] = []
    root: Any = None
    for key, parsed in (("owner", doc.owner), ("cycle", doc.cycle)):
        sniffed = sniff_at(source.raw, key.encode())
        if sniffed is None or sniffed[0] == parsed:
            continue
        line = source.raw.count(b"\n", 0, sniffed[1]) + 1
        if root is None:
            try:
                root = yamlio.compose(source.text)
            except Exception:  # the readers disagree: that has its own finding
                root = False
        own = bool(root) and yamlio.locate(root, (key,), at_key=True)[0] == line
        found.append(unsupported_yaml.misread(key, sniffed[0], parsed, line, own))
    return tuple(found)


class Refusal(Protocol):
    """What the store gives instead of bytes it would not read (``store.Refused``)."""

    @property
    def reason(self) -> str: ...

    @property
    def message(self) -> str: ...


# Each reason the store refuses a file for, as the rule that reports it.
REFUSED = {"not-a-file": not_a_file.RULE, "too-large": file_too_large.RULE,
           "name": encoding.RULE}


def read(path: Path, raw: bytes | Refusal, model: type[M]) -> Reading:
    """One file through the first four stages (a file the store refused is unreadable,
    with the finding of its rule). Every command and every edit reads this way: the two
    YAML readers take the same characters, and what they might read otherwise goes to
    ruamel (``yamlio.fast_ok``)."""
    with paused():
        return _read(path, raw, model)


def _read(path: Path, raw: bytes | Refusal, model: type[M]) -> Reading:
    if not isinstance(raw, bytes):
        return Unreadable(path, None, (REFUSED[raw.reason].at_pos(raw.message, 1, 1),))
    decoded = yamlio.decode(raw)
    if isinstance(decoded, Finding):
        return Unreadable(path, None, (decoded,), raw)
    text, source = decoded
    data, problems = yamlio.load(text)
    if problems:
        return Unreadable(path, source, tuple(problems))
    if data is None:
        if model is not Config:
            return Unreadable(path, source, (unsupported_yaml.empty_file(),))
        data = {}  # an empty okr.yaml is all defaults
    try:
        validated = validation.validate(model, data)
    except ValidationError as err:
        broken = _broken(path, source, model, data, err)
        return replace(broken, findings=broken.findings + misread(source, broken.partial))
    return Valid(path, source, validated,
                 tuple(file_findings(validated)) + misread(source, validated))


def file_findings(doc: Config | OkrFile) -> Iterable[Finding]:
    """The file rules of one valid model."""
    for module in checks.CONFIG if isinstance(doc, Config) else checks.FILE:
        yield from (module.check_config(doc) if isinstance(doc, Config)
                    else module.check_file(doc))


def schema_findings(model: type[BaseModel], err: ValidationError) -> list[Finding]:
    """Each validation error as the finding of the schema rule that claims it."""
    found, seen = [], set()
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        if loc in seen:  # a union reports each branch: the first says it
            continue
        seen.add(loc)
        found.append(next(f for f in (m.from_error(error, model) for m in checks.SCHEMA)
                          if f is not None))
    return found


def _broken(path: Path, source: Source, model: type[M], data: Any,
            err: ValidationError) -> Broken:
    # Check the rest of the file too: a typo in one key must not hide the file's other
    # problems. The repaired model serves findings only, never an edit or a score.
    partial, cuts, maps = _repaired(model, data, err)
    broken = Broken(path, source, (), partial, tuple(cuts), maps)
    extra: list[Finding] = [] if partial is None else [
        f for f in map(broken.place, file_findings(partial)) if f is not None]
    return replace(broken, findings=(*schema_findings(model, err), *extra))


_CUT = object()


def _repaired(model: type[M], data: Any, err: ValidationError
              ) -> tuple[M | None, list[YPath], dict[YPath, list[int]]]:
    """The model of ``data`` without the parts that failed (the key at fault, or the list
    item missing a required field), or None when that does not validate either; the paths
    cut (in the file's coordinates); and per list, which of the file's items it kept."""
    data = copy.deepcopy(data)
    cuts: list[YPath] = []
    maps: dict[YPath, list[int]] = {}
    for _ in range(3):
        for error in err.errors(include_url=False):
            loc = list(_to_file(tuple(error["loc"]), maps))
            if error["type"] == "missing":
                loc = loc[:-1]  # drop the incomplete mapping itself
            _cut(data, loc)
            cuts.append(tuple(loc))
        view, maps = _view(data)
        try:
            return model.model_validate(view), cuts, maps
        except ValidationError as again:
            err = again
    return None, cuts, maps


def _cut(data: Any, loc: list[Any]) -> None:
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


def _view(data: Any) -> tuple[Any, dict[YPath, list[int]]]:
    """``data`` without the items cut, and for each list (by its path in the view) the
    file's indices of the items kept."""
    maps: dict[YPath, list[int]] = {}

    def walk(node: Any, path: YPath) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            kept = [i for i, v in enumerate(node) if v is not _CUT]
            if len(kept) != len(node):
                maps[path] = kept
            return [walk(node[i], (*path, j)) for j, i in enumerate(kept)]
        return node

    return walk(data, ()), maps


def _to_file(ypath: YPath, maps: Mapping[YPath, Sequence[int]]) -> YPath:
    """A path in a repaired model, as a path in the file."""
    if not maps:
        return ypath
    out: list[Any] = []
    view: YPath = ()
    for part in ypath:
        kept = maps.get(view)
        out.append(kept[part] if kept is not None and isinstance(part, int)
                   and 0 <= part < len(kept) else part)
        view = (*view, part)
    return tuple(out)


# --- workspace rules ---------------------------------------------------------------------


def cross_file(config: Config, readings: Sequence[Reading], today: Any, policy: Policy,
               name: Callable[[Reading], str], *, rules: Sequence[ModuleType] | None = None,
               only: Reading | None = None, known: Any = None) -> dict[int, list[Finding]]:
    """The workspace and practice rules (or ``rules``) over every reading, as findings per
    reading (by id), for ``only`` one of them if given; rules the policy switches off are
    not run. Findings that would only follow from another file being unreadable become one
    not-checked line per pair of files; from the file itself, none (its own errors say
    it). ``known``: key results' states evaluated already (``Context.known``)."""
    files = [(r, r.model if isinstance(r, Valid) else r.partial) for r in readings
             if isinstance(r, Valid) or (isinstance(r, Broken) and r.partial is not None)]
    unread = [unread_of(r) for r in readings if not isinstance(r, Valid)]
    return run_rules(Context(config, files, today, unread, name, whole=only is None,
                             known=known or {}), policy, name, rules, only)


def run_rules(ctx: Context, policy: Policy, name: Callable[[Any], str], rules: Sequence[
        ModuleType] | None = None, only: Any = None) -> dict[int, list[Finding]]:
    """``cross_file``'s rules over a context whose handles can ``place`` a finding."""
    found: dict[int, list[Finding]] = {}
    told: set[tuple[int, int]] = set()
    for module in (*checks.WORKSPACE, *checks.PRACTICE) if rules is None else rules:
        if policy.severity(module.RULE) is None:
            continue
        for handle, item in module.check(ctx):
            if only is not None and handle is not only:
                continue
            pair = (id(handle), id(getattr(item, "because", None)))
            if isinstance(item, Unchecked):
                if item.because is handle or pair in told:
                    continue
                item = not_checked.finding(item.ypath, name(item.because), item.at_key,
                                           item.subject)
            placed = handle.place(item)
            if placed is not None:
                found.setdefault(id(handle), []).append(placed)
                if placed.rule is not_checked.RULE:
                    told.add(pair)
    return found


def first_per_owner(config: Config, readings: Sequence[Valid[OkrFile]], today: Any,
                    policy: Policy, name: Callable[[Reading], str]
                    ) -> tuple[list[Valid[OkrFile]], list[Diagnostic]]:
    """The first file of each owner and cycle (the one okr check takes the owner's
    objectives from), and what fails about the others (a second file for one owner)."""
    found = cross_file(config, readings, today, policy, name, rules=(duplicate_owner_file,))
    problems = [d for r in readings if id(r) in found
                for d in policy.failing(diagnose(r, found[id(r)], policy, name(r)))]
    return [r for r in readings if id(r) not in found], problems


def unread_of(reading: Reading) -> Unread:
    """What the rules may still know of a file without a full model."""
    partial = reading.partial if isinstance(reading, Broken) else None
    raw = reading.source.raw if reading.source is not None else getattr(reading, "raw", b"")
    owner = partial.owner if isinstance(partial, OkrFile) else sniff_key(raw, b"owner")
    cycle = partial.cycle if isinstance(partial, OkrFile) else sniff_key(raw, b"cycle")
    targets = {parent_objective(t) for t in scan_aligns_to(raw)}
    return Unread(reading, owner, cycle, frozenset(t for t in targets if t))


# --- policy and sort ---------------------------------------------------------------------


def diagnose(reading: Reading, findings: Iterable[Finding], policy: Policy,
             rel: str) -> list[Diagnostic]:
    """Findings placed at their line and column with the policy's severity; switched-off
    rules and lines with an ignore comment left out. Positions and comments come from the
    bytes that were parsed."""
    out: list[Diagnostic] = []
    findings = list(findings)
    if not findings:
        return out
    text = reading.source.text if reading.source is not None else None
    root: Any = None
    lines = text.splitlines() if text is not None and "okr:" in text else None
    for finding in findings:
        severity = policy.severity(finding.rule)
        if severity is None:
            continue
        if finding.pos is not None or text is None:
            line, col = finding.pos or (1, 1)
        else:
            if root is None:
                try:
                    root = yamlio.compose(text)
                except Exception:  # an unparsable text has only pos-located findings
                    root = False
            line, col = yamlio.locate(root, finding.ypath, finding.at_key) if root else (1, 1)
        if lines is not None and 0 < line <= len(lines) and policy.silenced(finding.rule,
                                                                             lines[line - 1]):
            continue
        out.append(Diagnostic(rel, line, col, finding.code, finding.message, severity,
                              finding.rule.name))
    return out


def blocking(reading: Reading, policy: Policy, rel: str) -> list[Diagnostic]:
    """What keeps every command from using a file: its own findings that fail under the
    policy (never none for an unreadable or broken file)."""
    return policy.failing(diagnose(reading, reading.findings, policy, rel))


def check(config: Reading, readings: Sequence[Reading], today: Any, policy: Policy,
          rel: Callable[[Path], str]) -> list[Diagnostic]:
    """Every diagnostic of a workspace, sorted by position. A broken okr.yaml still lets
    each OKR file be checked for what needs no okr.yaml (with one not-checked line)."""
    def name(reading: Reading) -> str:
        return rel(reading.path)

    with paused():
        found = diagnose(config, config.findings, policy, name(config))
        if isinstance(config, Valid):
            extra = cross_file(config.model, readings, today, policy, name)
        else:
            extra = {id(r): [not_checked.finding((), name(config))] for r in readings}
        for reading in readings:
            findings = [*reading.findings, *extra.get(id(reading), ())]
            if findings:
                found += diagnose(reading, findings, policy, name(reading))
    return sorted(dict.fromkeys(found))


def refuse_okr_dir(config: Reading, refusal: Refusal) -> Reading:
    """okr.yaml's reading with the finding that its okr_dir is not read (it leads out of
    the workspace), at okr_dir."""
    finding = REFUSED[refusal.reason].at(refusal.message, ("settings", "okr_dir"))
    return replace(config, findings=(*config.findings, finding))


def okr_dir(config: Reading) -> str:
    """The folder of OKR files: from okr.yaml, as far as it can be read."""
    model = config.model if isinstance(config, Valid) else getattr(config, "partial", None)
    return (model.settings if isinstance(model, Config) else Settings()).okr_dir


def policy_of(config: Reading, **options: Any) -> Policy:
    """The policy of okr.yaml's settings (the defaults when it is not valid) and options."""
    lint = config.model.settings.lint if isinstance(config, Valid) else None
    return Policy.of(lint, **options)


def positions(reading: Reading, ypaths: Sequence[YPath]) -> list[tuple[int, int]]:
    """Line and column (from 1) of each YAML path in a reading's text (the nearest parent
    that is there; (1, 1) for a text that cannot be composed): where ``okr diff`` puts
    what changed."""
    root: Any = False
    if reading.source is not None and ypaths:
        try:
            root = yamlio.compose(reading.source.text)
        except Exception:  # an unparsable text: the top of the file
            root = False
    return [yamlio.locate(root, ypath) if root else (1, 1) for ypath in ypaths]
