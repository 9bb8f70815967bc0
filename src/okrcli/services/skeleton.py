"""okr cycle / team / person add and rename: the skeleton in okr.yaml, changed like every
file, through ``editing.py``."""

from __future__ import annotations

from typing import Any

from okrcli.diagnostics import OkrError, UsageError
from okrcli.i18n import N_, _
from okrcli.model import Config, Person, Team
from okrcli.pipeline import Valid
from okrcli.results import Written
from okrcli.services.common import Session, did_you_mean, owner_ids
from okrcli.services.editing import edit_file
from okrcli.services.write import _check_id, _text_edit
from okrcli.store import CONFIG_NAME

# What okr.yaml's lists hold, in the messages about them.
ADDED = {"cycles": N_("added cycle {id}"), "teams": N_("added team {id}"),
         "people": N_("added person {id}")}


def config_add(session: Session, key: str, item: dict[str, Any]) -> Written:
    """Append a cycle, team or person to okr.yaml."""
    _check_id(item["id"])
    item = {k: v for k, v in item.items() if v is not None}

    def change(reading: Valid[Config]) -> str:
        cfg = reading.model
        teams = [t.id for t in cfg.teams]
        taken = [c.id for c in cfg.cycles] if key == "cycles" else owner_ids(cfg)
        if item["id"] in taken:
            raise OkrError(_("{id!r} exists already in okr.yaml").format(id=item["id"]))
        for field, unknown in (("parent", N_("unknown parent team {team!r}{hint}")),
                               ("team", N_("unknown team {team!r}{hint}"))):
            if key in ("teams", "people") and item.get(field) and item[field] not in teams:
                raise OkrError(_(unknown).format(team=item[field],
                                                 hint=did_you_mean(item[field], teams)))
        edit = _text_edit(reading)
        edit.append((), key, item)
        return edit.text

    _saved, left = edit_file(session, session.ws.config_path, Config, None, change)
    return Written(CONFIG_NAME, _(ADDED[key]).format(id=item["id"]), item["id"], left)


def config_rename(session: Session, key: str, item_id: str, name: str) -> Written:
    """Give a team or a person (``key``: teams, people) a new display name in okr.yaml; the
    id, which files and references use, stays."""
    team = key == "teams"
    if not name.strip():
        raise UsageError(_("the name cannot be empty"))
    same = False

    def change(reading: Valid[Config]) -> str:
        nonlocal same
        cfg = reading.model
        items: list[Team] | list[Person] = cfg.teams if key == "teams" else cfg.people
        ids = [item.id for item in items]
        if item_id not in ids:
            if item_id in owner_ids(cfg):
                raise OkrError((_("{id!r} is a person, not a team: okr person rename") if team
                                else _("{id!r} is a team, not a person: okr team rename")
                                ).format(id=item_id))
            raise OkrError((_("unknown team {team!r}{hint}") if team
                            else _("unknown person {person!r}{hint}")).format(
                team=item_id, person=item_id, hint=did_you_mean(item_id, ids)))
        index = ids.index(item_id)
        same = items[index].name == name
        edit = _text_edit(reading)
        if not same:  # a new `name:` goes after the id, before the other keys
            edit.set_value((key, index), "name", name, before=("parent", "team", "email"))
        return edit.text

    _saved, left = edit_file(session, session.ws.config_path, Config, None, change)
    if same:
        said = (_("team {id} is named {name} already") if team
                else _("person {id} is named {name} already"))
    else:
        said = (_("renamed team {id} to {name}") if team
                else _("renamed person {id} to {name}"))
    return Written(CONFIG_NAME, said.format(id=item_id, name=name), item_id, left)
