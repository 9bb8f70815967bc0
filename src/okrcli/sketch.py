"""What ``okr check`` keeps of a file once its own findings are placed: its sketch.

A check runs in two parts. A file's own part is what depends on that file alone (with
okr.yaml, the day and the options): the findings of its reading and of the file-scope
workspace rules (``checks.BY_SCOPE["file"]``; those of ``"owner"`` scope too, while the
file is its owner's only one in its cycle), placed at their line and column. The other
part is the cross-file rules (``"workspace"`` scope), run over every file's sketch: the
model without what those rules never read (the check-ins and changes of its key results;
when its cycle has ended and grades are asked for, the states of its key results on the
day instead, evaluated once where the file is read), how a finding is placed in a broken
file, and what the text of an unreadable file still tells. ``parts.Pack``
keeps both parts of each file, so that one file changed re-does that file's part only.

Nothing here touches the disk: a cross-file finding is placed with the bytes the caller
reads again (``placed``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrcli import checks, pipeline, scoring, slim, yamlio
from okrcli.checks.base import Context, Unread
from okrcli.checks.policy import Policy
from okrcli.checks.rules import committed_under_one, not_checked, too_safe
from okrcli.diagnostics import Diagnostic, Finding, YPath
from okrcli.model import Config, OkrFile
from okrcli.pipeline import Broken, Reading, Valid

FILE, OWNER, CROSS = (checks.BY_SCOPE[s] for s in checks.SCOPES)
# What grades read (the check-ins) is kept for an ended cycle while one of these runs.
GRADED = (committed_under_one.RULE, too_safe.RULE)


@dataclass(frozen=True, eq=False)
class Sketch:
    """A file's handle for the cross-file rules (``place`` as its reading's)."""

    path: Path
    model: OkrFile | None  # None: no model (unreadable, or broken beyond repair)
    unread: tuple[str | None, str | None, frozenset[str]] | None  # owner, cycle, aligns_to
    cuts: tuple[YPath, ...] = ()
    maps: Mapping[YPath, Sequence[int]] | None = None  # a broken file's (see Broken)
    # Of an ended cycle whose grades are asked for: each objective's key results' states
    # (without their check-ins), evaluated over the full model for the day.
    krs: tuple[tuple[scoring.KRState, ...], ...] | None = None

    def place(self, finding: Finding) -> Finding | None:
        if self.maps is None:
            return finding
        return Broken.place(self, finding)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Part:
    """A file's own part of a check: its placed diagnostics (of its reading and file-scope
    rules; of its owner-scope rules apart, as if it were its owner's only file) and its
    sketch."""

    own: tuple[Diagnostic, ...]
    owner: tuple[Diagnostic, ...]
    sketch: Sketch


def own_part(config: Reading, reading: Reading, today: Any, policy: Policy,
             rel: Callable[[Path], str]) -> Part:
    """What ``pipeline.check`` finds of ``reading`` that needs no other file."""
    def name(item: Any) -> str:
        return rel(item.path)

    here = name(reading)
    if not isinstance(config, Valid):
        found = [*reading.findings, not_checked.finding((), name(config))]
        return Part(tuple(pipeline.diagnose(reading, found, policy, here)), (),
                    sketch_of(reading, None, today, policy))
    # an ended cycle's key results evaluated once: for the file's rules and its sketch
    doc = _model_of(reading)
    states = None if doc is None else _graded(doc, config.model, today, policy)
    known = {} if doc is None or states is None else {
        id(o): list(zip(o.key_results, krs, strict=True))
        for o, krs in zip(doc.objectives, states, strict=True)}
    own = pipeline.cross_file(config.model, [reading], today, policy, name, rules=FILE,
                              known=known)
    owner = pipeline.cross_file(config.model, [reading], today, policy, name, rules=OWNER,
                                known=known)
    return Part(
        tuple(pipeline.diagnose(reading, [*reading.findings, *own.get(id(reading), ())],
                                policy, here)),
        tuple(pipeline.diagnose(reading, owner.get(id(reading), ()), policy, here)),
        sketch_of(reading, config.model, today, policy, states=states))


def _model_of(reading: Reading) -> OkrFile | None:
    model = reading.model if isinstance(reading, Valid) else getattr(reading, "partial", None)
    return model if isinstance(model, OkrFile) else None


def sketch_of(reading: Reading, config: Config | None, today: Any, policy: Policy, *,
              states: tuple[tuple[scoring.KRState, ...], ...] | None = None) -> Sketch:
    """``states``: the file's key results' states as ``_graded`` gives them, when the
    caller has them."""
    model = _model_of(reading)
    unread = None
    if not isinstance(reading, Valid):
        u = pipeline.unread_of(reading)
        unread = (u.owner, u.cycle, u.aligns_to)
    krs = None
    if model is None or config is None:
        model = None
    else:
        if states is None:
            states = _graded(model, config, today, policy)
        krs = None if states is None else tuple(
            tuple(slim.bare(state) for state in row) for row in states)
        model = slim.without(model, ("checkins", "changes"))
    if isinstance(reading, Broken):
        return Sketch(reading.path, model, unread, reading.cuts, dict(reading.maps), krs)
    return Sketch(reading.path, model, unread, krs=krs)


def _graded(doc: OkrFile, config: Config, today: Any,
            policy: Policy) -> tuple[tuple[scoring.KRState, ...], ...] | None:
    """The states of the key results of a file whose cycle has ended, while a rule that
    reads grades runs (the rest of the sketch does without check-ins)."""
    cycle = config.cycle(doc.cycle)
    if cycle is None or not today > cycle.end or all(
            policy.severity(rule) is None for rule in GRADED):
        return None
    th = scoring.thresholds(config.settings)
    return tuple(tuple(scoring.evaluate_kr(kr, cycle, today, th) for kr in o.key_results)
                 for o in doc.objectives)


def cross(config: Config, sketches: Sequence[Sketch], today: Any, policy: Policy,
          rel: Callable[[Path], str]) -> dict[int, list[Finding]]:
    """The cross-file rules over every sketch, as ``pipeline.cross_file`` gives them."""
    def name(item: Any) -> str:
        return rel(item.path)

    files = [(s, s.model) for s in sketches if s.model is not None]
    unread = [Unread(s, *s.unread) for s in sketches if s.unread is not None]
    known = {id(o): list(zip(o.key_results, states, strict=True))
             for s in sketches if s.model is not None and s.krs is not None
             for o, states in zip(s.model.objectives, s.krs, strict=True)}
    return pipeline.run_rules(Context(config, files, today, unread, name, known=known),
                              policy, name, CROSS)


def groups(keys: Sequence[tuple[str, str] | None]) -> list[list[int]]:
    """The files (by index) of each owner and cycle (``keys``, None for a file without a
    model) that has more than one: their owner-scope rules see each other."""
    by: dict[tuple[str, str], list[int]] = {}
    for i, k in enumerate(keys):
        if k is not None:
            by.setdefault(k, []).append(i)
    return [group for group in by.values() if len(group) > 1]


def owner_part(config: Config, readings: Sequence[Reading], today: Any, policy: Policy,
               rel: Callable[[Path], str]) -> list[Diagnostic]:
    """The owner-scope rules over the readings of one owner's files in one cycle."""
    def name(item: Any) -> str:
        return rel(item.path)

    found = pipeline.cross_file(config, readings, today, policy, name, rules=OWNER)
    return [d for r in readings if id(r) in found
            for d in pipeline.diagnose(r, found[id(r)], policy, name(r))]


@dataclass(frozen=True, eq=False)
class _Text:
    source: yamlio.Source | None


def placed(raw: bytes | Any, findings: Sequence[Finding], policy: Policy,
           rel: str) -> list[Diagnostic]:
    """Cross-file findings of a file at their line and column in its bytes ``raw``."""
    decoded = yamlio.decode(raw) if isinstance(raw, bytes) else None
    source = decoded[1] if isinstance(decoded, tuple) else None
    return pipeline.diagnose(_Text(source), findings, policy, rel)  # type: ignore[arg-type]
