"""okr cycle / team / person add and rename: the skeleton in okr.yaml, changed like every
file, through ``editing.py``."""

from __future__ import annotations

from typing import Any

from okrcli.diagnostics import OkrError, UsageError
from okrcli.model import Config, Person, Team
from okrcli.pipeline import Valid
from okrcli.results import Written
from okrcli.services.common import Session, did_you_mean, owner_ids
from okrcli.services.editing import edit_file
from okrcli.services.write import _check_id, _text_edit
from okrcli.store import CONFIG_NAME


def config_add(session: Session, key: str, item: dict[str, Any]) -> Written:
    """Append a cycle, team or person to okr.yaml."""
    _check_id(item["id"])
    item = {k: v for k, v in item.items() if v is not None}

    def change(reading: Valid[Config]) -> str:
        cfg = reading.model
        teams = [t.id for t in cfg.teams]
        taken = [c.id for c in cfg.cycles] if key == "cycles" else owner_ids(cfg)
        if item["id"] in taken:
            raise OkrError(f"{item['id']!r} exists already in okr.yaml")
        for field, what in (("parent", "parent team"), ("team", "team")):
            if key in ("teams", "people") and item.get(field) and item[field] not in teams:
                raise OkrError(f"unknown {what} {item[field]!r}"
                               + did_you_mean(item[field], teams))
        edit = _text_edit(reading)
        edit.append((), key, item)
        return edit.text

    _, left = edit_file(session, session.ws.config_path, Config, None, change)
    noun = {"cycles": "cycle", "teams": "team", "people": "person"}[key]
    return Written(CONFIG_NAME, f"added {noun} {item['id']}", item["id"], left)


def config_rename(session: Session, key: str, item_id: str, name: str) -> Written:
    """Give a team or a person (``key``: teams, people) a new display name in okr.yaml; the
    id, which files and references use, stays."""
    noun, other = ("team", "person") if key == "teams" else ("person", "team")
    if not name.strip():
        raise UsageError("the name cannot be empty")
    same = False

    def change(reading: Valid[Config]) -> str:
        nonlocal same
        cfg = reading.model
        items: list[Team] | list[Person] = cfg.teams if key == "teams" else cfg.people
        ids = [item.id for item in items]
        if item_id not in ids:
            if item_id in owner_ids(cfg):
                raise OkrError(f"{item_id!r} is a {other}, not a {noun}: okr {other} rename")
            raise OkrError(f"unknown {noun} {item_id!r}" + did_you_mean(item_id, ids))
        index = ids.index(item_id)
        same = items[index].name == name
        edit = _text_edit(reading)
        if not same:  # a new `name:` goes after the id, before the other keys
            edit.set_value((key, index), "name", name, before=("parent", "team", "email"))
        return edit.text

    _, left = edit_file(session, session.ws.config_path, Config, None, change)
    if same:
        return Written(CONFIG_NAME, f"{noun} {item_id} is named {name} already", item_id,
                       left)
    return Written(CONFIG_NAME, f"renamed {noun} {item_id} to {name}", item_id, left)
