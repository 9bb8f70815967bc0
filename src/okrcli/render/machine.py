"""Machine formats: the JSON of ``okr status``, ``tree``, ``show``, ``grade`` and
``report``. Pure functions of the results, never through Rich. They are contracts
(README): fields may be added; none is renamed or removed. Each names the commit it was
built from (``commit``, ``uncommitted``). (``okr check``'s formats are in findings.py.)"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from okrcli.refs import key_result_ref
from okrcli.render.escape import unsurrogate

if TYPE_CHECKING:  # types only: a JSON output needs neither the models nor the scoring
    from okrcli.cycleresults import RetroObjective, RetroResult
    from okrcli.model import KeyResult
    from okrcli.results import (
        Attention,
        Drop,
        Due,
        Goalpost,
        GradeResult,
        Move,
        Origin,
        OwnerLine,
        Report,
        ShowResult,
        Silent,
        StatusResult,
    )
    from okrcli.scoring import KRState, ObjectiveState

# Characters JSON allows raw in a string that a terminal or a JavaScript parser would act
# on (C1 controls, DEL, bidi controls, line and paragraph separators): written as \uXXXX.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(data: Any) -> str:
    """Strict JSON, whatever the data holds: a float that is not finite is null (JSON has
    no NaN), a lone surrogate (a file name that is not UTF-8) is shown as the byte it
    stands for; control and bidi characters are escaped, so the text is safe to print."""
    return "".join(pieces(data))


class Streamed(list[Any]):
    """A JSON array made item by item as it is written (``pieces``), never held whole: the
    owners of ``okr status --format json`` at 10,000 files are a gigabyte of dicts."""

    def __init__(self, items: Callable[[], Iterable[Any]], count: int) -> None:
        super().__init__()
        self._items, self._count = items, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return (_strict(item) for item in self._items())


def _each(items: Sequence[Any], made: Callable[[Any], Any]) -> Streamed:
    """``[made(item) for item in items]``, made as it is written."""
    return Streamed(lambda: map(made, items), len(items))


_SOME = 1 << 16  # characters of JSON written at a time


def pieces(data: Any) -> Iterator[str]:
    """``dumps(data)`` in pieces, the same text: what ``Streamed`` holds is made as it is
    written (json's own encoder, whose indented output is pure Python and takes a list's
    length and items as the list gives them)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False)
    buffer: list[str] = []
    size = 0
    for chunk in encoder.iterencode(_strict(data)):
        buffer.append(chunk)
        size += len(chunk)
        if size >= _SOME:
            yield _safe("".join(buffer))
            buffer, size = [], 0
    yield _safe("".join(buffer)) + "\n"


def _safe(text: str) -> str:
    """Pieces of JSON split between its tokens: a string is whole in one of them."""
    # "##[" (a workflow command to GitHub's runner anywhere in a line) only occurs inside
    # strings: written as "\u0023#[" it reads back the same.
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text).replace("##[", "\\u0023#[")


def _strict(data: Any) -> Any:
    if isinstance(data, Streamed):  # its items made strict as they are made
        return data
    if isinstance(data, str):
        return unsurrogate(data)
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {_strict(k): _strict(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_strict(v) for v in data]
    return data


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def origin(found: Origin | None) -> dict[str, Any]:
    """The commit an output was built from: its full name (null outside a git repository
    or before the first commit), and whether the workspace's files in the working tree
    differ from it (null outside git; false under ``--at``)."""
    if found is None:
        return {"commit": None, "uncommitted": None}
    return {"commit": found.commit, "uncommitted": found.uncommitted}


def status(result: StatusResult) -> dict[str, Any]:
    """``okr status --format json`` (DESIGN.md); its owners are ``Streamed``: write it
    with ``pieces``."""
    return {
        "cycle": result.cycle.id,
        "today": result.today.isoformat(),
        "owners": Streamed(lambda: ({
            "owner": o.owner, "name": o.name, "score": o.score,
            "objectives": [_objective(s) for s in o.objectives],
        } for o in result.owners), len(result.owners)),
        **origin(result.origin),
    }


def _objective(s: ObjectiveState) -> dict[str, Any]:
    return {
        "ref": s.ref, "title": s.objective.title, "committed": s.objective.committed,
        "aligns_to": s.objective.aligns_to,
        "score": s.score, "status": s.status.value, "rollup": s.rollup, "dropped": s.dropped,
        "key_results": [_key_result(key_result_ref(s.ref, kr.id), kr, st)
                        for kr, st in s.key_results],
        "carried_from": s.objective.carried_from, "outcome": s.objective.outcome,
        "retro": s.objective.retro,
    }


def _key_result(ref: str, kr: KeyResult, st: KRState) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ref": ref, "title": kr.title, "kind": kr.kind,
        "start": st.start if kr.kind == "metric" else None,
        "target": st.target if kr.kind == "metric" else None,
        "current": st.current, "unit": kr.unit,
        "progress": st.progress, "score": st.score, "expected": st.expected,
        "status": st.status.value, "confidence": st.confidence,
        "last_checkin": _day(st.last_checkin), "stale": st.stale,
    }
    if kr.kind == "threshold":
        if st.above is not None:
            out["above"] = st.above
        if st.below is not None:
            out["below"] = st.below
    out.update({"due": st.due.isoformat(), "weight": kr.weight, "owner": kr.owner,
                "dropped": st.dropped, "grade": kr.grade, "grade_note": kr.grade_note})
    return out


def tree(result: StatusResult) -> dict[str, Any]:
    """``okr tree --format json``: the alignment tree from its roots."""
    def node(ref: str, seen: tuple[str, ...]) -> dict[str, Any]:
        state = result.states[ref]
        return {
            "ref": ref, "owner": state.owner, "name": result.labels.get(state.owner),
            "title": state.objective.title, "score": state.score, "rollup": state.rollup,
            "status": state.status.value, "dropped": state.dropped,
            "children": [node(c, (*seen, ref)) for c in state.children if c not in seen],
        }

    return {"cycle": result.cycle.id, "today": result.today.isoformat(),
            "roots": [node(r, ()) for r in result.roots()], **origin(result.origin)}


def show(result: ShowResult) -> dict[str, Any]:
    """``okr show REF --format json``: the objective as ``okr status`` gives it, and for a
    key result its own fields with its check-ins and recorded changes (those dated by
    today), as the screen shows them."""
    key_result = None
    if result.kr is not None and result.state is not None:
        kr, st = result.kr, result.state
        key_result = {
            **_key_result(key_result_ref(result.objective.ref, kr.id), kr, st),
            "checkins": [{"date": c.date.isoformat(), "value": c.value,
                          "confidence": c.confidence, "note": c.note} for c in st.checkins],
            "changes": [{"date": c.date.isoformat(), "field": c.field, "old": _plain(c.old),
                         "new": _plain(c.new), "reason": c.reason} for c in kr.changes
                        if result.today is None or c.date <= result.today],
            "dropped_reason": kr.dropped.reason if kr.dropped else None,
        }
    return {
        "cycle": result.cycle.id, "today": _day(result.today), "ref": result.ref,
        "path": result.path, "objective": _objective(result.objective),
        "key_result": key_result, **origin(result.origin),
    }


def report(report: Report) -> dict[str, Any]:
    """``okr report --format json`` (README); its lists are ``Streamed``: write it with
    ``pieces`` (at 10,000 files they are tens of thousands of items)."""
    def counts(found: dict[Any, int]) -> dict[str, int]:
        return {status.value: n for status, n in found.items()}

    def name(owner: str) -> str:
        return report.labels.get(owner, owner)

    def moved(item: tuple[str, list[Move]]) -> dict[str, Any]:
        owner, moves = item
        return {"owner": owner, "name": name(owner), "checkins": [
            {"ref": m.ref, "title": m.title, "date": _day(m.date), "value": m.value,
             "previous": m.previous, "change": m.change, "unit": m.unit,
             "confidence": m.confidence, "note": m.note, "better": m.better,
             "dropped_on": _day(m.dropped_on)}
            for m in moves]}

    def attention(a: Attention) -> dict[str, Any]:
        return {"ref": a.ref, "title": a.title, "owner": a.owner, "name": name(a.owner),
                "status": a.status.value, "score": a.score, "expected": a.expected,
                "stale": a.stale, "confidence": a.confidence,
                "confidence_before": a.confidence_before, "reasons": list(a.reasons)}

    def goalpost(g: Goalpost) -> dict[str, Any]:
        return {"ref": g.ref, "title": g.title, "owner": g.owner, "name": name(g.owner),
                "date": _day(g.date), "field": g.field, "old": _plain(g.old),
                "new": _plain(g.new), "reason": g.reason}

    def due(d: Due) -> dict[str, Any]:
        return {"ref": d.ref, "title": d.title, "owner": d.owner, "name": name(d.owner),
                "due": _day(d.due), "status": d.status.value, "score": d.score}

    def drop(d: Drop) -> dict[str, Any]:
        return {"ref": d.ref, "title": d.title, "owner": d.owner, "name": name(d.owner),
                "date": _day(d.date), "reason": d.reason}

    def silent(s: Silent) -> dict[str, Any]:
        return {"ref": s.ref, "title": s.title, "owner": s.owner, "name": name(s.owner),
                "last_checkin": _day(s.last_checkin), "status": s.status.value}

    def owner(o: OwnerLine) -> dict[str, Any]:
        return {"owner": o.owner, "name": o.name, "score": o.score,
                "score_before": o.score_before, "counts": counts(o.counts)}

    return {
        "cycle": report.cycle.id,
        "organization": report.organization,
        "since": _day(report.since),
        "until": _day(report.until),
        "summary": {"score": report.score, "score_before": report.score_before,
                    "change": report.change, "counts": counts(report.counts),
                    "roots": list(report.roots)},
        "moved": _each(list(report.moved.items()), moved),
        "attention": _each(report.attention, attention),
        "goalposts": _each(report.goalposts, goalpost),
        "due": _each(report.due, due),
        "drops": _each(report.drops, drop),
        "silent": _each(report.silent, silent),
        "owners": _each(report.owners, owner),
        **origin(report.origin),
    }


def grade(result: GradeResult) -> dict[str, Any]:
    """``okr grade --format json`` (README): grades from 0 to 1, ``provisional`` while the
    cycle runs."""
    return {
        "cycle": result.cycle.id,
        "today": _day(result.today),
        "provisional": result.provisional,
        "objectives": [
            {"ref": r.ref, "owner": r.owner, "title": r.title, "committed": r.committed,
             "grade": r.grade, "band": r.band.value if r.band else None, "flag": r.flag,
             "outcome": r.outcome}
            for r in result.rows
        ],
        "owners": [{"owner": o.owner, "name": o.name, "grade": o.grade, "note": o.note}
                   for o in result.owners],
        **origin(result.origin),
    }


def retro(result: RetroResult) -> dict[str, Any]:
    """``okr report --retro --format json``: the 复盘 (README). Grades and Brier scores
    from 0 to 1; ``outcome_derived`` when the outcome was derived from the grade (none was
    written); ``as_of`` the day the scores are taken on (the close day of a closed cycle)."""
    name = result.name

    def objective(o: RetroObjective) -> dict[str, Any]:
        return {"ref": o.ref, "owner": o.owner, "name": name(o.owner), "title": o.title,
                "committed": o.committed, "grade": o.grade,
                "band": o.band.value if o.band else None, "outcome": o.outcome,
                "outcome_derived": o.outcome_derived, "retro": o.retro, "dropped": o.dropped}

    return {
        "cycle": result.cycle.id,
        "closed": _day(result.closed),
        "as_of": _day(result.as_of),
        "objectives": [objective(o) for o in result.objectives],
        "committed_short": [{"ref": o.ref, "owner": o.owner, "name": name(o.owner),
                             "title": o.title, "grade": o.grade}
                            for o in result.committed_short],
        "too_safe": [{"owner": owner, "name": name(owner)} for owner in result.too_safe],
        "goalposts": [
            {"ref": g.ref, "owner": g.owner, "name": name(g.owner), "title": g.title,
             "date": _day(g.date), "field": g.field, "old": _plain(g.old),
             "new": _plain(g.new), "reason": g.reason, "grade_original": g.grade_original,
             "grade_final": g.grade_final}
            for g in result.goalposts],
        "drops": [{"ref": d.ref, "owner": d.owner, "name": name(d.owner), "title": d.title,
                   "kind": d.kind, "date": _day(d.date), "reason": d.reason}
                  for d in result.drops],
        "carried": [{"ref": c.ref, "owner": c.owner, "title": c.title, "to": c.to,
                     "to_ref": c.to_ref} for c in result.carried],
        "carried_in": [{"ref": c.ref, "owner": c.owner, "title": c.title, "from": c.source}
                       for c in result.carried_in],
        "notes": [{"ref": n.ref, "owner": n.owner, "name": name(n.owner), "title": n.title,
                   "field": n.field, "text": n.text} for n in result.notes],
        "corrections": [
            {"ref": c.ref, "owner": c.owner, "name": name(c.owner), "title": c.title,
             "date": _day(c.date), "field": c.field, "old": _plain(c.old),
             "new": _plain(c.new), "reason": c.reason}
            for c in result.corrections],
        # six places: 0.02, not the float sum's 0.01999999999999999
        "calibration": [{"owner": c.owner, "name": c.name,
                         "brier": c.brier,
                         "checkins": c.checkins} for c in result.calibration],
        **origin(result.origin),
    }
