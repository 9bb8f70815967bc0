"""One function per command. Services take a workspace and ``today``, read and write
through the store, compute through scoring, and return plain results. They never print."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrcli import checks, scoring, yamlio
from okrcli.checks import references
from okrcli.checks.base import Context
from okrcli.diagnostics import Diagnostic, OkrError, UsageError
from okrcli.edit import TextEdit, new_document
from okrcli.model import ID_RE, Config, Cycle, KeyResult, OkrFile
from okrcli.results import (
    GradeResult,
    GradeRow,
    OwnerStatus,
    ShowResult,
    StatusResult,
    tree_roots,
)
from okrcli.store import CONFIG_NAME, Loaded, Workspace, parse

EXAMPLES = Path(__file__).parent / "examples"


# --- shared helpers -----------------------------------------------------------------------


def thresholds(config: Config) -> scoring.Thresholds:
    s = config.settings
    return scoring.Thresholds(s.on_track_gap, s.at_risk_gap, s.stale_after_days)


def pick_cycle(config: Config, cycle_id: str | None, today: dt.date) -> Cycle:
    if cycle_id:
        cycle = config.cycle(cycle_id)
        if cycle is None:
            known = ", ".join(c.id for c in config.cycles) or "none yet"
            raise OkrError(f"unknown cycle {cycle_id!r} (known: {known})")
        return cycle
    cycle = scoring.current_cycle(config.cycles, today)
    if cycle is None:
        raise OkrError("okr.yaml has no cycles yet: add one with `okr cycle add`")
    return cycle


def split_ref(ref: str, parts: tuple[int, ...]) -> tuple[str, ...]:
    pieces = tuple(ref.strip("/").split("/"))
    if len(pieces) not in parts or not all(pieces):
        shape = " or ".join(
            {2: "OWNER/OBJECTIVE", 3: "OWNER/OBJECTIVE/KR"}[n] for n in parts
        )
        raise UsageError(f"{ref!r} is not a reference of the form {shape}")
    return pieces


def _did_you_mean(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known: {', '.join(options)})" if options else ""


def owner_files(ws: Workspace, cycle: str, owners: set[str] | None = None) -> list[Path]:
    return [
        e.path for e in ws.index()
        if e.cycle == cycle and (owners is None or e.owner in owners)
    ]


def load_valid(ws: Workspace, paths: list[Path]) -> tuple[list[Loaded], list[Diagnostic]]:
    good, problems = [], []
    for path in paths:
        loaded = ws.load(path)
        if loaded.ok:
            good.append(loaded)
        else:
            problems += [d for d in ws.diagnostics(loaded) if d.severity.value == "error"]
    return good, problems


def with_descendants(ws: Workspace, cycle: str, owners: set[str]) -> list[Path]:
    """The files of ``owners`` and of every owner whose objectives align to them, directly
    or through others: what a roll-up of those owners' objectives needs."""
    entries = [e for e in ws.index() if e.cycle == cycle]
    wanted = set(owners)
    pending = [e for e in entries if e.owner not in wanted]
    targets = {e.path: ws.aligned_owners(e.path) for e in pending}
    changed = True
    while changed:
        changed = False
        for entry in pending:
            if entry.owner not in wanted and targets[entry.path] & wanted:
                wanted.add(entry.owner or "")
                changed = True
    return [e.path for e in entries if e.owner in wanted]


# --- status ---------------------------------------------------------------------------------


def owner_order(config: Config, owners: set[str]) -> list[str]:
    known = [t.id for t in config.teams] + [p.id for p in config.people]
    return [o for o in known if o in owners] + sorted(owners - set(known))


def evaluate(
    ws: Workspace, cycle_id: str | None, today: dt.date, owners: list[str] | None = None
) -> StatusResult:
    config = ws.config
    cycle = pick_cycle(config, cycle_id, today)
    if owners:
        unknown = [o for o in owners if not config.is_owner(o)
                   and not any(e.owner == o for e in ws.index())]
        if unknown:
            choices = [t.id for t in config.teams] + [p.id for p in config.people]
            raise OkrError(f"unknown owner {unknown[0]!r}" + _did_you_mean(unknown[0], choices))
        paths = with_descendants(ws, cycle.id, set(owners))
    else:
        paths = owner_files(ws, cycle.id)
    loaded, problems = load_valid(ws, paths)
    items = [
        (doc.model.owner, objective) for doc in loaded if doc.model.cycle == cycle.id
        for objective in doc.model.objectives
    ]
    states = scoring.evaluate_objectives(items, cycle, today, thresholds(config))
    shown = set(owners) if owners else {doc.model.owner for doc in loaded}
    result = []
    for owner in owner_order(config, shown):
        objs = [s for s in states.values() if s.owner == owner]
        if owners is None and not objs:
            continue
        result.append(OwnerStatus(
            owner, config.owner_label(owner), scoring.mean(s.score for s in objs), objs
        ))
    labels = {o: config.owner_label(o) for o in {s.owner for s in states.values()}}
    return StatusResult(cycle, today, result, problems, states, labels)


def status_json(result: StatusResult) -> dict[str, Any]:
    """The contract of ``okr status --format json`` (DESIGN.md): add fields, never rename."""

    def kr_json(ref: str, kr: KeyResult, st: scoring.KRState) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ref": ref, "title": kr.title, "kind": kr.kind,
            "start": st.start if kr.kind == "metric" else None,
            "target": st.target if kr.kind == "metric" else None,
            "current": st.current, "unit": kr.unit,
            "progress": st.progress, "score": st.score, "expected": st.expected,
            "status": st.status, "confidence": st.confidence,
            "last_checkin": st.last_checkin.isoformat() if st.last_checkin else None,
            "stale": st.stale,
        }
        if kr.kind == "threshold":
            if st.above is not None:
                out["above"] = st.above
            if st.below is not None:
                out["below"] = st.below
        out.update({
            "due": st.due.isoformat(), "weight": kr.weight, "owner": kr.owner,
            "dropped": st.dropped, "grade": kr.grade,
        })
        return out

    return {
        "cycle": result.cycle.id,
        "today": result.today.isoformat(),
        "owners": [
            {
                "owner": o.owner, "name": o.name, "score": o.score,
                "objectives": [
                    {
                        "ref": s.ref, "title": s.objective.title,
                        "committed": s.objective.committed,
                        "aligns_to": s.objective.aligns_to,
                        "score": s.score, "status": s.status, "rollup": s.rollup,
                        "key_results": [
                            kr_json(f"{s.ref}/{kr.id}", kr, st) for kr, st in s.key_results
                        ],
                    }
                    for s in o.objectives
                ],
            }
            for o in result.owners
        ],
    }


# --- grade ------------------------------------------------------------------------------


def grade(ws: Workspace, cycle_id: str | None, today: dt.date) -> GradeResult:
    result = evaluate(ws, cycle_id, today)
    grades = scoring.objective_grades(result.states)
    rows, owners = [], []
    for owner in result.owners:
        aspirational = []
        for state in owner.objectives:
            value = grades[state.ref]
            flag = None
            if state.objective.committed and (value is None or value < 1.0):
                flag = "committed objective graded under 1.0"
            if not state.objective.committed and value is not None:
                aspirational.append(value)
            rows.append(GradeRow(state.ref, owner.owner, state.objective.title,
                                 state.objective.committed, value, scoring.band(value), flag))
        mean = scoring.mean(grades.get(s.ref) for s in owner.objectives)
        note = None
        # The check issue asks for "all over 0.9" where DESIGN.md says "average": the
        # issue wins, and grade says the same as `okr check` (OKR211).
        if aspirational and all(g > 0.9 for g in aspirational):
            note = "every aspirational objective scored over 0.9: the goals may be too safe"
        owners.append((owner.owner, owner.name, mean, note))
    return GradeResult(result.cycle, rows, owners, result.problems)


# --- show -------------------------------------------------------------------------------


def show(ws: Workspace, ref: str, cycle_id: str | None, today: dt.date) -> ShowResult:
    parts = split_ref(ref, (2, 3))
    result = evaluate(ws, cycle_id, today, [parts[0]])
    objective_ref = "/".join(parts[:2])
    state = result.states.get(objective_ref)
    if state is None:
        options = [r for r in result.states if r.startswith(parts[0] + "/")]
        raise OkrError(
            f"no objective {objective_ref!r} in cycle {result.cycle.id}"
            + _did_you_mean(objective_ref, options)
        )
    path = next((ws.rel(e.path) for e in ws.index()
                 if e.owner == parts[0] and e.cycle == result.cycle.id), "")
    out = ShowResult(ref, result.cycle, result.labels.get(parts[0], parts[0]), state, path=path)
    if len(parts) == 3:
        match = next(((kr, st) for kr, st in state.key_results if kr.id == parts[2]), None)
        if match is None:
            raise OkrError(f"no key result {ref!r}" + _did_you_mean(
                parts[2], [kr.id for kr, _ in state.key_results]))
        out.kr, out.state = match
        if out.kr.owner:
            out.driver = ws.config.owner_label(out.kr.owner)
    return out


# --- check ------------------------------------------------------------------------------


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: list[str]  # the files reported on, relative to the workspace root


def check(
    ws: Workspace, today: dt.date, only: list[Path] | None = None, *,
    select: set[str] | None = None, ignore: set[str] | None = None, use_cache: bool = True,
) -> CheckResult:
    """Every finding of the workspace (schema, references, practice), or of the files in
    ``only``. ``select`` and ``ignore`` are rule codes. A run over the same bytes as the
    last one answers from the cache (see cache.py)."""
    from okrcli import cache

    config_raw = ws.config_path.read_bytes()
    ws.load_config(config_raw)  # parsed once: okr_dir below and the checks share it
    paths = ws.okr_paths_unchecked()
    raws = {path: path.read_bytes() for path in paths}
    context = [today, sorted(select or []), sorted(ignore or []),
               sorted(ws.rel(p) for p in only) if only is not None else None]
    cache_key = cache.key([(CONFIG_NAME, config_raw),
                           *((ws.rel(p), raw) for p, raw in raws.items())], context)
    cached = cache.get(ws.root, cache_key) if use_cache else None
    if cached is not None:
        return CheckResult(*cached)
    result = _check(ws, today, only, select, ignore, raws)
    if use_cache:
        cache.put(ws.root, cache_key, result.diagnostics, result.files)
    return result


def _check(
    ws: Workspace, today: dt.date, only: list[Path] | None, select: set[str] | None,
    ignore: set[str] | None, raws: dict[Path, bytes],
) -> CheckResult:
    config_loaded = ws.config_loaded
    found = ws.diagnostics(config_loaded)
    paths = list(raws) if config_loaded.ok else []
    loaded = [ws.load(path, raws[path]) for path in paths]
    if config_loaded.ok:
        config = config_loaded.model
        for doc in loaded:
            found += ws.diagnostics(doc)
        valid = [(doc, doc.model if doc.model is not None else doc.partial)
                 for doc in loaded if doc.model is not None or doc.partial is not None]
        for doc, finding in references.check(config, valid, today,
                                             config.settings.grace_days):
            found += ws.diagnostics(doc, [doc.in_file(finding)])
        context = Context(config, valid, today)
        for module in checks.PRACTICE:
            if select is not None and module.RULE.code not in select:
                continue
            for doc, finding in module.check(context):
                found += ws.diagnostics(doc, [doc.in_file(finding)])
    files = [ws.rel(ws.config_path)] + [ws.rel(p) for p in paths]
    if only is not None:
        wanted = {ws.rel(p) for p in only}
        files = [f for f in files if f in wanted]
        found = [d for d in found if d.path in wanted]
    found = [d for d in found if (select is None or d.code in select)
             and d.code not in (ignore or set())]
    return CheckResult(sorted(set(found)), files)


# --- writing ------------------------------------------------------------------------------


@dataclass
class Written:
    path: str
    message: str
    ref: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def _fresh(ws: Workspace, path: Path) -> Loaded:
    """Re-read a file inside the lock; refuse to edit a broken one."""
    loaded = parse(path, path.read_bytes(), OkrFile if path != ws.config_path else Config,
                   careful=True)
    if not loaded.ok:
        raise OkrError(
            f"{ws.rel(path)} has errors: fix them before editing it; nothing was written",
            ws.diagnostics(loaded),
        )
    return loaded


def _file_for(ws: Workspace, owner: str, cycle: str) -> Path | None:
    matches = owner_files(ws, cycle, {owner})
    if len(matches) > 1:
        raise OkrError(
            f"owner {owner!r} has {len(matches)} files in cycle {cycle}: "
            + ", ".join(ws.rel(p) for p in matches) + "; merge them (okr check shows this)"
        )
    return matches[0] if matches else None


def _owner_file(ws: Workspace, owner: str, cycle_id: str | None,
                today: dt.date) -> tuple[Config, Cycle, Path]:
    """The config, the cycle, and the owner's file in it (refused when there is none)."""
    config = ws.config
    cycle = pick_cycle(config, cycle_id, today)
    path = _file_for(ws, owner, cycle.id)
    if path is None:
        raise OkrError(f"owner {owner!r} has no OKR file in cycle {cycle.id}: add an objective "
                       "first (okr objective add)")
    return config, cycle, path


def _locate_kr(doc: OkrFile, obj_id: str, kr_id: str | None) -> tuple[int, int | None]:
    oi = next((i for i, o in enumerate(doc.objectives) if o.id == obj_id), None)
    if oi is None:
        raise OkrError(f"no objective {doc.owner}/{obj_id} in cycle {doc.cycle}"
                       + _did_you_mean(obj_id, [o.id for o in doc.objectives]))
    if kr_id is None:
        return oi, None
    krs = doc.objectives[oi].key_results
    ki = next((i for i, k in enumerate(krs) if k.id == kr_id), None)
    if ki is None:
        raise OkrError(f"no key result {doc.owner}/{obj_id}/{kr_id}"
                       + _did_you_mean(kr_id, [k.id for k in krs]))
    return oi, ki


def parse_checkin_value(kind: str, text: str) -> bool | int | float:
    word = text.strip().lower()
    if kind == "milestone":
        if word in ("done", "true", "yes", "1", "完成"):
            return True
        if word in ("not-done", "notdone", "false", "no", "0", "未完成"):
            return False
        raise UsageError(f"a milestone check-in is done or not-done, not {text!r}")
    try:
        number = float(word)
    except ValueError:
        raise UsageError(f"{text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"{text!r} is not a finite number")
    if re.fullmatch(r"[+-]?\d+", word):
        return int(word)
    return number


def checkin(
    ws: Workspace, ref: str, value: str, today: dt.date, *, confidence: float | None = None,
    note: str | None = None, day: dt.date | None = None, cycle_id: str | None = None,
) -> Written:
    owner, obj_id, kr_id = split_ref(ref, (3,))
    if confidence is not None and not 0 <= confidence <= 1:
        raise UsageError(f"confidence is between 0 and 1, not {confidence}")
    day = day or today
    config, cycle, path = _owner_file(ws, owner, cycle_id, today)
    if day > today:
        raise OkrError(f"check-in date {day} is after today ({today})")
    last = cycle.end + dt.timedelta(days=config.settings.grace_days)
    if not cycle.start <= day <= last:
        raise OkrError(f"check-in date {day} is outside cycle {cycle.id} ({cycle.start} to "
                       f"{cycle.end}, plus {config.settings.grace_days} days' grace)")
    with ws.lock():
        loaded = _fresh(ws, path)
        oi, ki = _locate_kr(loaded.model, obj_id, kr_id)
        assert ki is not None
        kr = loaded.model.objectives[oi].key_results[ki]
        parsed = parse_checkin_value(kr.kind, value)
        item: dict[str, Any] = {"date": day, "value": parsed}
        if confidence is not None:
            item["confidence"] = confidence
        if note:
            item["note"] = note
        edit = TextEdit(loaded.source.text, loaded.source.newline)
        edit.append(("objectives", oi, "key_results", ki), "checkins", item)
        saved = ws.save(loaded, edit.text, OkrFile)
        written = saved.model.objectives[oi].key_results[ki].checkins[-1]
        if (written.date, written.value, written.confidence, written.note) != (
                day, parsed, confidence, note or None):
            raise OkrError("internal error: the check-in did not read back as written")
    state = scoring.evaluate_kr(saved.model.objectives[oi].key_results[ki], cycle, today,
                                thresholds(config))
    return Written(ws.rel(path), f"checked in {ref} = {value}", ref,
                   {"status": state.status, "score": state.score})


def _new_id(prefix: str, taken: list[str]) -> str:
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _check_id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise UsageError(
            f"invalid id {value!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    return value


SCHEMA_DIR = ".okr"
SCHEMAS = {"okr-file.schema.json": "okr_file_schema", "okr.schema.json": "config_schema"}


def schema_header(ws_root: Path, path: Path, name: str) -> str:
    """The first line of a file the tool creates: VS Code's YAML extension (and any
    yaml-language-server editor) validates and completes the file with this schema. The
    schema files are written under .okr/ when missing."""
    import json

    from okrcli import schema

    folder = ws_root / SCHEMA_DIR
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        data = getattr(schema, SCHEMAS[name])()
        yamlio.atomic_write(target, (json.dumps(data, ensure_ascii=False, indent=2)
                                     + "\n").encode())
    rel = os.path.relpath(target, path.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}\n"


def objective_add(
    ws: Workspace, owner: str, title: str, today: dt.date, *, obj_id: str | None = None,
    aligns_to: str | None = None, committed: bool = False, cycle_id: str | None = None,
) -> Written:
    config = ws.config
    if not config.is_owner(owner):
        choices = [t.id for t in config.teams] + [p.id for p in config.people]
        raise OkrError(f"unknown owner {owner!r}" + _did_you_mean(owner, choices)
                       + ": add it with okr team add / okr person add")
    cycle = pick_cycle(config, cycle_id, today)
    if aligns_to:
        split_ref(aligns_to, (2, 3))
    item: dict[str, Any] = {}
    with ws.lock():
        path = _file_for(ws, owner, cycle.id)
        if path is None:
            path = ws.okr_dir / cycle.id / f"{owner}.yaml"
            item["id"] = _check_id(obj_id) if obj_id else "o1"
            item["title"] = title
            if committed:
                item["committed"] = True
            if aligns_to:
                item["aligns_to"] = aligns_to
            text = new_document({"owner": owner, "cycle": cycle.id, "objectives": [item]},
                                schema_header(ws.root, path, "okr-file.schema.json"))
            result = parse(path, text.encode(), OkrFile)
            if not result.ok:
                raise OkrError("the new file would be invalid", ws.diagnostics(result))
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                raise OkrError(f"{ws.rel(path)} exists but is not {owner}'s file for "
                               f"{cycle.id}; nothing was written")
            yamlio.atomic_write(path, text.encode())
            ws.forget(path)
        else:
            loaded = _fresh(ws, path)
            taken = [o.id for o in loaded.model.objectives]
            new_id = _check_id(obj_id) if obj_id else _new_id("o", taken)
            if new_id in taken:
                raise OkrError(f"{owner}/{new_id} exists already")
            item["id"] = new_id
            item["title"] = title
            if committed:
                item["committed"] = True
            if aligns_to:
                item["aligns_to"] = aligns_to
            edit = TextEdit(loaded.source.text, loaded.source.newline)
            edit.append((), "objectives", item)
            ws.save(loaded, edit.text, OkrFile)
    ref = f"{owner}/{item['id']}"
    return Written(ws.rel(path), f"added objective {ref}", ref)


def kr_add(
    ws: Workspace, objective_ref: str, title: str, today: dt.date, *,
    kr_id: str | None = None, target: float | None = None, start: float | None = None,
    above: float | None = None, below: float | None = None, milestone: bool = False,
    unit: str | None = None, due: dt.date | None = None, weight: float | None = None,
    owner: str | None = None, cycle_id: str | None = None,
) -> Written:
    obj_owner, obj_id = split_ref(objective_ref, (2,))
    kinds = sum([target is not None, above is not None, below is not None, milestone])
    if kinds != 1:
        raise UsageError("give exactly one of --target N, --above N, --below N or --milestone")
    _, _, path = _owner_file(ws, obj_owner, cycle_id, today)
    with ws.lock():
        loaded = _fresh(ws, path)
        oi, _ = _locate_kr(loaded.model, obj_id, None)
        taken = [k.id for k in loaded.model.objectives[oi].key_results]
        new_id = _check_id(kr_id) if kr_id else _new_id("kr", taken)
        if new_id in taken:
            raise OkrError(f"{objective_ref}/{new_id} exists already")
        item: dict[str, Any] = {"id": new_id, "title": title}
        if target is not None:
            item["start"] = start if start is not None else 0
            item["target"] = target
        elif above is not None or below is not None:
            item["kind"] = "threshold"
            item["above" if above is not None else "below"] = above if above is not None \
                else below
        else:
            item["kind"] = "milestone"
        for key, value in (("unit", unit), ("due", due), ("weight", weight), ("owner", owner)):
            if value is not None:
                item[key] = value
        edit = TextEdit(loaded.source.text, loaded.source.newline)
        edit.append(("objectives", oi), "key_results", item)
        ws.save(loaded, edit.text, OkrFile)
    ref = f"{objective_ref}/{new_id}"
    return Written(ws.rel(path), f"added key result {ref}", ref)


GOALPOSTS = ("start", "target", "due", "above", "below")


def kr_edit(
    ws: Workspace, ref: str, today: dt.date, changes: dict[str, Any], *,
    reason: str | None = None, cycle_id: str | None = None,
) -> Written:
    owner, obj_id, kr_id = split_ref(ref, (3,))
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise UsageError("nothing to change: give --title, --target, --start, --due, "
                         "--weight or --owner")
    _, cycle, path = _owner_file(ws, owner, cycle_id, today)
    with ws.lock():
        loaded = _fresh(ws, path)
        oi, ki = _locate_kr(loaded.model, obj_id, kr_id)
        kr = loaded.model.objectives[oi].key_results[ki]
        kr_path = ("objectives", oi, "key_results", ki)
        effective = scoring.effective(kr, cycle, dt.date.max)
        if "target" in changes and kr.kind == "threshold":
            raise OkrError("a threshold key result has no target: edit --above/--below instead")
        moved = [f for f in GOALPOSTS if f in changes and changes[f] != effective[f]]
        if moved and today >= cycle.start and not reason:
            raise OkrError(
                f"cycle {cycle.id} has started: changing {', '.join(moved)} needs --reason, "
                "which is recorded in the key result's changes"
            )
        edit = TextEdit(loaded.source.text, loaded.source.newline)
        for key, value in changes.items():
            edit.set_value(kr_path, key, value)
        if today >= cycle.start:
            for key in moved:
                edit.append(kr_path, "changes", {
                    "date": today, "field": key, "old": effective[key], "new": changes[key],
                    "reason": reason,
                })
        ws.save(loaded, edit.text, OkrFile)
    return Written(ws.rel(path), f"changed {ref}: " + ", ".join(
        f"{k} = {v}" for k, v in changes.items()), ref)


def kr_drop(ws: Workspace, ref: str, today: dt.date, reason: str,
            cycle_id: str | None = None) -> Written:
    owner, obj_id, kr_id = split_ref(ref, (3,))
    _, _, path = _owner_file(ws, owner, cycle_id, today)
    with ws.lock():
        loaded = _fresh(ws, path)
        oi, ki = _locate_kr(loaded.model, obj_id, kr_id)
        if loaded.model.objectives[oi].key_results[ki].dropped is not None:
            raise OkrError(f"{ref} is dropped already")
        edit = TextEdit(loaded.source.text, loaded.source.newline)
        edit.set_mapping(("objectives", oi, "key_results", ki), "dropped",
                         {"date": today, "reason": reason})
        ws.save(loaded, edit.text, OkrFile)
    return Written(ws.rel(path), f"dropped {ref}", ref)


# --- okr.yaml -----------------------------------------------------------------------------


def config_add(ws: Workspace, key: str, item: dict[str, Any]) -> Written:
    """Append a cycle, team or person to okr.yaml."""
    _check_id(item["id"])
    with ws.lock():
        loaded = _fresh(ws, ws.config_path)
        cfg: Config = loaded.model
        taken = {"cycles": [c.id for c in cfg.cycles]}.get(
            key, [t.id for t in cfg.teams] + [p.id for p in cfg.people])
        if item["id"] in taken:
            raise OkrError(f"{item['id']!r} exists already in okr.yaml")
        if key == "teams" and item.get("parent") and item["parent"] not in [t.id for t in
                                                                            cfg.teams]:
            raise OkrError(f"unknown parent team {item['parent']!r}"
                           + _did_you_mean(item["parent"], [t.id for t in cfg.teams]))
        if key == "people" and item.get("team") and item["team"] not in [t.id for t in
                                                                         cfg.teams]:
            raise OkrError(f"unknown team {item['team']!r}"
                           + _did_you_mean(item["team"], [t.id for t in cfg.teams]))
        edit = TextEdit(loaded.source.text, loaded.source.newline)
        item = {k: v for k, v in item.items() if v is not None}
        edit.append((), key, item)
        ws.save(loaded, edit.text, Config)
    return Written(CONFIG_NAME, f"added {key[:-1] if key != 'people' else 'person'} "
                   f"{item['id']}", item["id"])


def init(target: Path, example: str | None, organization: str | None, today: dt.date) -> Written:
    target = target.resolve()
    if (target / CONFIG_NAME).exists():
        raise OkrError(f"{target / CONFIG_NAME} exists already: nothing was written")
    if example:
        source = EXAMPLES / example
        if not source.is_dir():
            known = ", ".join(sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
            raise UsageError(f"unknown example {example!r} (known: {known})")
        target.mkdir(parents=True, exist_ok=True)
        clash = [p.name for p in source.iterdir() if (target / p.name).exists()]
        if clash:
            raise OkrError(f"{target} already has {', '.join(clash)}: nothing was written")
        shutil.copytree(source, target, dirs_exist_ok=True)
        return Written(str(target), f"copied example {example} into {target}")
    quarter = (today.month - 1) // 3
    start = dt.date(today.year, quarter * 3 + 1, 1)
    end = (dt.date(today.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
           - dt.timedelta(days=1))
    target.mkdir(parents=True, exist_ok=True)
    text = new_document({
        "organization": organization or target.name,
        "cycles": [{"id": f"{today.year}-Q{quarter + 1}", "start": start, "end": end}],
        "teams": [{"id": "company", "name": organization or "Company"}],
    }, schema_header(target, target / CONFIG_NAME, "okr.schema.json"))
    (target / "okrs").mkdir(exist_ok=True)
    yamlio.atomic_write(target / CONFIG_NAME, text.encode())
    return Written(str(target), f"started a workspace in {target}")


# --- tree ---------------------------------------------------------------------------------


def tree_json(result: StatusResult) -> dict[str, Any]:
    def node(ref: str, seen: tuple[str, ...]) -> dict[str, Any]:
        state = result.states[ref]
        return {
            "ref": ref, "owner": state.owner, "name": result.labels.get(state.owner),
            "title": state.objective.title, "score": state.score, "rollup": state.rollup,
            "status": state.status,
            "children": [node(c, (*seen, ref)) for c in state.children if c not in seen],
        }

    return {"cycle": result.cycle.id, "today": result.today.isoformat(),
            "roots": [node(r, ()) for r in tree_roots(result)]}





# --- report -------------------------------------------------------------------------------


def report(ws: Workspace, cycle_id: str | None, until: dt.date,
           since: dt.date | None = None) -> tuple[Any, StatusResult]:
    """The review of the window (since, until]: the report and the status at ``until``."""
    from okrcli import report as review

    since = since or until - dt.timedelta(days=7)
    if since >= until:
        raise UsageError(f"--since {since} is not before --until {until}")
    now = evaluate(ws, cycle_id, until)
    before = evaluate(ws, now.cycle.id, since)
    roots = [t.id for t in ws.config.teams if t.parent is None]
    return review.build(now, before, roots, since), now
