"""Older versions of one OKR file derived from a newer one, when the commit between them
only added whole check-ins (the weekly commit): ``okr log`` of a file with hundreds of
commits reads one version in full and derives the others, instead of parsing each.

A ``Version`` is a model and the lines of its block lists of check-ins. A commit's
hunks (git's ``-U0`` diff of the commit against its parent) that each insert exactly whole
items of one such list are undone on the model: the version before has those check-ins
fewer and is otherwise the same, because the text differs by those lines only. Anything
else (a changed line, an insertion that is not whole items, a flow list, a list that did
not exist) answers None and the caller reads the older version in full.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from okrcli.model import Checkin, OkrFile

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


@dataclass
class _List:
    """A key result's block list of check-ins: the line of its ``checkins:`` key, each
    item's first line counted from that key, and the line after its last item."""

    oi: int
    ki: int
    key: int
    starts: list[int]
    end: int


@dataclass
class Version:
    model: OkrFile
    lists: list[_List]


def hunks(patch: bytes) -> list[tuple[int, int, int, int]]:
    """The hunk headers of one file's ``-U0`` diff: (old start, old count, new start, new
    count), lines counted from 1 as git counts them."""
    return [(int(a), int(b) if b else 1, int(c), int(d) if d else 1)
            for a, b, c, d in _HUNK.findall(patch)]


def anchor(text: str, model: OkrFile) -> Version | None:
    """The version of a text read in full: its model, and the lines of each block list of
    check-ins, found by a scan of the text (composing the nodes would cost more than the
    parse itself) and kept only where the model agrees: the list's key result, found by
    the ids above it, has as many check-ins as the list has items."""
    lines = text.split("\n")
    if "\r" in text:
        lines = [line.rstrip("\r") for line in lines]
    krs = {(o.id, kr.id): (oi, ki, len(kr.checkins)) for oi, o in enumerate(model.objectives)
           for ki, kr in enumerate(o.key_results)}
    found: list[_List] = []
    for at, line in enumerate(lines):
        if "checkins:" not in line:
            continue
        match = _KEY.match(line)
        if match is None:
            continue
        one = _block_list(lines, at, len(match.group(1)))
        owner = _owner_ids(lines, at, len(match.group(1)))
        if one is None or owner is None or owner not in krs:
            continue
        oi, ki, count = krs[owner]
        if count == len(one[0]):
            found.append(_List(oi, ki, at, one[0], one[1]))
    return Version(model, found)


_KEY = re.compile(r"^( *)checkins: *(?:#.*)?$")
_ID = re.compile(r"^( *)(- +)?id: *([^ #'\"{}\[\],&*!|>%@`]+) *(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_list(lines: list[str], key: int, col: int) -> tuple[list[int], int] | None:
    """The items of the block list under the key on line ``key`` (each item's first line,
    counted from the key) and the line after it, counted from the key; None when what
    follows is no block list of plain items."""
    starts: list[int] = []
    dash = -1
    at = last = key + 1
    while at < len(lines):
        line = lines[at]
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            at += 1
            continue
        indent = len(line) - len(body)
        if dash < 0:
            if indent < col or not (body == "-" or body.startswith("- ")):
                return None
            dash = indent
        if indent < dash or (indent == dash and not body.startswith("- ")):
            break
        if indent == dash:
            if body.startswith("- -") or (body.startswith("- {") and not body.endswith("}")):
                return None
            starts.append(at - key)
        at += 1
        last = at  # the line after the list's last line that is not blank or a comment
    return (starts, last - key) if starts else None


def _owner_ids(lines: list[str], key: int, col: int) -> tuple[str, str] | None:
    """The (objective id, key result id) of the mapping whose key ``checkins:`` is on line
    ``key`` at column ``col``: the ``id`` of that mapping, then of the objective whose
    ``key_results`` holds it, read from the lines above."""
    kr_id, dash_line = _mapping_id(lines, key, col)
    if kr_id is None or dash_line is None:
        return None
    at = dash_line - 1
    while at >= 0:  # up to the `key_results:` key that holds the key result's list
        line = lines[at]
        body = line.lstrip(" ")
        if body and not body.startswith("#") and _indent(line) < col - 2 + (
                0 if body.startswith("- ") else 1):
            break
        at -= 1
    if at < 0 or not lines[at].lstrip(" ").startswith("key_results:"):
        return None
    objective_id, _line = _mapping_id(lines, at, _indent(lines[at]))
    return (objective_id, kr_id) if objective_id is not None else None


def _mapping_id(lines: list[str], key: int, col: int) -> tuple[str | None, int | None]:
    """The ``id`` of the block mapping whose keys are at column ``col`` (one of them on
    line ``key``), and the line of its dash."""
    found: str | None = None
    at = key
    while at >= 0:
        line = lines[at]
        body = line.lstrip(" ")
        if body and not body.startswith("#"):
            indent = len(line) - len(body)
            match = _ID.match(line)
            if match and len(match.group(1)) + len(match.group(2) or "") == col:
                found = match.group(3)
            if body.startswith("- ") and indent + 2 <= col and len(line) - len(
                    body[1:].lstrip(" ")) == col:
                return found, at  # the dash of this mapping's item
            if indent < col:
                return None, None
        at -= 1
    return None, None


def older(version: Version, changes: list[tuple[int, int, int, int]]
          ) -> tuple[Version, list[tuple[int, int, Checkin]]] | None:
    """The version before a commit whose hunks only insert whole check-ins, and those
    check-ins (objective index, key result index, check-in) in file order; None when the
    commit did anything else."""
    if not changes or any(count for _a, count, _c, _d in changes):
        return None
    lists = list(version.lists)
    removed: dict[tuple[int, int], list[int]] = {}
    for _a, _b, first, count in sorted(changes, key=lambda h: -h[2]):
        start = first - 1  # git counts lines from 1
        at = next((i for i, x in enumerate(lists)
                   if x.key < start and start + count <= x.key + x.end), None)
        if at is None:
            return None
        one = lists[at]
        rel, stop = start - one.key, start - one.key + count
        low, high = bisect.bisect_left(one.starts, rel), bisect.bisect_left(one.starts, stop)
        if low == len(one.starts) or one.starts[low] != rel or (
                stop != one.end and (high == len(one.starts) or one.starts[high] != stop)):
            return None
        if high - low == len(one.starts):  # the list emptied: `checkins:` left with nothing
            return None
        # hunks are undone from the bottom: an item above a removed one keeps its index
        removed.setdefault((one.oi, one.ki), []).extend(range(low, high))
        lists[at] = _List(one.oi, one.ki, one.key,
                          one.starts[:low] + [s - count for s in one.starts[high:]],
                          one.end - count)
        lists = [x if x.key <= one.key else replace(x, key=x.key - count) for x in lists]
    model, added = _without(version.model, removed)
    if model is None:
        return None
    return Version(model, lists), added


def _without(model: OkrFile, removed: dict[tuple[int, int], list[int]]
             ) -> tuple[OkrFile | None, list[tuple[int, int, Checkin]]]:
    objectives = list(model.objectives)
    added: list[tuple[int, int, Checkin]] = []
    for (oi, ki), indices in sorted(removed.items()):
        if oi >= len(objectives) or ki >= len(objectives[oi].key_results):
            return None, []
        objective = objectives[oi]
        krs = list(objective.key_results)
        checkins = krs[ki].checkins
        if any(i >= len(checkins) for i in indices):
            return None, []
        drop = set(indices)
        added += [(oi, ki, checkins[i]) for i in sorted(drop)]
        krs[ki] = krs[ki].model_copy(update={
            "checkins": [c for i, c in enumerate(checkins) if i not in drop]})
        objectives[oi] = objective.model_copy(update={"key_results": krs})
    return model.model_copy(update={"objectives": objectives}), added
