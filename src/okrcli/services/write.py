"""The writing commands: objective add/edit/drop, kr add/edit/drop, init, and ``-o``
output files (okr.yaml's cycles, teams and people: ``skeleton.py``; okr checkin:
``checkin.py``). Each says what to change; ``editing.py`` changes it safely."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from okrcli import cycles, pipeline, scoring, store
from okrcli.diagnostics import Diagnostic, OkrError, UsageError
from okrcli.edit import TextEdit, new_document
from okrcli.i18n import _, ngettext
from okrcli.model import GOALPOSTS, ID_RULE, Config, Cycle, OkrFile, is_id
from okrcli.pipeline import Valid
from okrcli.refs import Ref, objective_ref
from okrcli.results import Written
from okrcli.services import equip
from okrcli.services.common import Session, did_you_mean, owner_ids, parse_ref, pick_cycle
from okrcli.services.editing import create_file, edit_file, not_the_workspace
from okrcli.store import CONFIG_NAME

EXAMPLES = Path(__file__).parent.parent / "examples"


def _owner_file(session: Session, owner: str, cycle_id: str | None,
                today: dt.date) -> tuple[Config, Cycle, Path]:
    """The config, the cycle, and the owner's file in it (refused when there is none)."""
    config = session.config
    cycle = pick_cycle(config, cycle_id, today)
    path = session.owner_file(owner, cycle.id)
    if path is None:
        raise OkrError(_("owner {owner!r} has no OKR file in cycle {cycle}: add an objective "
                         "first (okr objective add)").format(owner=owner, cycle=cycle.id))
    return config, cycle, path


def _open(cycle: Cycle, what: str) -> None:
    """Refused in a closed cycle (okr cycle close; cycle.py builds on this module)."""
    from okrcli.services.cycle import refuse_closed

    refuse_closed(cycle, what)


def _locate(doc: OkrFile, obj_id: str, kr_id: str | None = None) -> tuple[int, int]:
    """Indices of an objective (and of one of its key results; -1 when none is asked)."""
    oi = next((i for i, o in enumerate(doc.objectives) if o.id == obj_id), None)
    if oi is None:
        raise OkrError(_("no objective {ref} in cycle {cycle}{hint}").format(
            ref=objective_ref(doc.owner, obj_id), cycle=doc.cycle,
            hint=did_you_mean(obj_id, [o.id for o in doc.objectives])))
    if kr_id is None:
        return oi, -1
    krs = doc.objectives[oi].key_results
    ki = next((i for i, k in enumerate(krs) if k.id == kr_id), None)
    if ki is None:
        raise OkrError(_("no key result {ref}{hint}").format(
            ref=Ref(doc.owner, obj_id, kr_id), hint=did_you_mean(kr_id, [k.id for k in krs])))
    return oi, ki


def _check_id(value: str) -> str:
    if not is_id(value):
        raise UsageError(_("invalid id {value!r}: {rule}").format(value=value, rule=_(ID_RULE)))
    return value


def _new_id(prefix: str, taken: list[str]) -> str:
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _text_edit(reading: Valid[Any]) -> TextEdit:
    return TextEdit(reading.source.text, reading.source.newline)


# --- objectives and key results -----------------------------------------------------------


def objective_add(
    session: Session, owner: str, title: str, today: dt.date, *, obj_id: str | None = None,
    aligns_to: str | None = None, committed: bool = False, cycle_id: str | None = None,
) -> Written:
    config = session.config
    if not config.is_owner(owner):
        raise OkrError(_("unknown owner {owner!r}{hint}: add it with okr team add / okr "
                         "person add").format(owner=owner,
                                              hint=did_you_mean(owner, owner_ids(config))))
    cycle = pick_cycle(config, cycle_id, today)
    _open(cycle, _("a new objective"))
    if aligns_to:
        parse_ref(aligns_to, (2, 3))

    def item(new_id: str) -> dict[str, Any]:
        fields: dict[str, Any] = {"id": new_id, "title": title}
        if committed:
            fields["committed"] = True
        if aligns_to:
            fields["aligns_to"] = aligns_to
        return fields

    new_id = ""
    path = session.owner_file(owner, cycle.id)
    if path is None:
        path = session.ws.root / config.settings.okr_dir / cycle.id / f"{owner}.yaml"
        new_id = _check_id(obj_id) if obj_id else "o1"
        create_file(session, path, today,
                    {"owner": owner, "cycle": cycle.id, "objectives": [item(new_id)]})
        left: list[Diagnostic] = []
    else:
        def change(reading: Valid[OkrFile]) -> str:
            nonlocal new_id
            taken = [o.id for o in reading.model.objectives]
            new_id = _check_id(obj_id) if obj_id else _new_id("o", taken)
            if new_id in taken:
                raise OkrError(_("{ref} exists already").format(
                    ref=objective_ref(owner, new_id)))
            edit = _text_edit(reading)
            edit.append((), "objectives", item(new_id))
            return edit.text

        _saved, left = edit_file(session, path, OkrFile, today, change)
    ref = objective_ref(owner, new_id)
    return Written(session.rel(path), _("added objective {ref}").format(ref=ref), ref, left)


# An objective's keys in the house order: one it lacks goes before the first of these.
_OBJECTIVE_LATER = ("carried_from", "description", "key_results", "dropped", "outcome", "retro",
                    "changes")


def objective_edit(
    session: Session, text: str, today: dt.date, *, title: str | None = None,
    aligns_to: str | None = None, committed: bool | None = None, cycle_id: str | None = None,
) -> Written:
    """Change an objective's title, alignment (``""``: none) or commitment, and no other
    line. A new alignment must name an objective or key result of the cycle and close no
    loop: ``edit_file`` checks the file's references among the files it aligns to."""
    ref = parse_ref(text, (2,))
    if title is None and aligns_to is None and committed is None:
        raise UsageError(_("nothing to change: give --title, --aligns-to or "
                           "--committed/--aspirational"))
    if title is not None and not title.strip():
        raise UsageError(_("the title cannot be empty"))
    if aligns_to:
        aligns_to = str(parse_ref(aligns_to, (2, 3)))
    _config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    _open(cycle, _("an edit of an objective (corrections: --outcome, --retro with --reason)"))
    said: list[str] = []

    def change(reading: Valid[OkrFile]) -> str:
        oi, _ki = _locate(reading.model, str(ref.objective))
        objective = reading.model.objectives[oi]
        edit = _text_edit(reading)
        where = ("objectives", oi)
        if title is not None and title != objective.title:
            edit.set_value(where, "title", title)
            said.append(_("title = {title}").format(title=title))
        if aligns_to == "" and objective.aligns_to is not None:
            edit.remove_key(where, "aligns_to")
            said.append(_("aligns to nothing"))
        elif aligns_to and aligns_to != objective.aligns_to:
            edit.set_value(where, "aligns_to", aligns_to, before=_OBJECTIVE_LATER)
            said.append(_("aligns to {ref}").format(ref=aligns_to))
        if committed is not None and committed != objective.committed:
            # Aspirational is the default: an objective without the line stays without it.
            edit.set_value(where, "committed", committed, before=_OBJECTIVE_LATER)
            said.append(_("committed") if committed else _("aspirational"))
        return edit.text

    _saved, left = edit_file(session, path, OkrFile, today, change)
    if not said:
        return Written(session.rel(path), _("{ref} has these values already").format(ref=text),
                       text, left)
    return Written(session.rel(path), _("changed {ref}: {changes}").format(
        ref=text, changes=_listed(said)), text, left)


def objective_drop(session: Session, text: str, today: dt.date, reason: str,
                   cycle_id: str | None = None) -> Written:
    """Drop an objective with its key results: ``dropped`` on the objective and on each
    key result not dropped before, so every score and report leaves them out as it does a
    dropped key result."""
    ref = parse_ref(text, (2,))
    reason = _reason(reason)
    _config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    _open(cycle, _("dropping an objective"))
    total = before = 0  # key results, of which dropped before

    def change(reading: Valid[OkrFile]) -> str:
        nonlocal total, before
        oi, _ki = _locate(reading.model, str(ref.objective))
        objective = reading.model.objectives[oi]
        if objective.dropped is not None:
            raise OkrError(_("{ref} is dropped already (on {date})").format(
                ref=text, date=objective.dropped.date))
        edit = _text_edit(reading)
        dropped = {"date": today, "reason": reason}
        total, before = len(objective.key_results), 0
        for ki, kr in enumerate(objective.key_results):
            if kr.dropped is None:
                edit.set_mapping(("objectives", oi, "key_results", ki), "dropped", dropped)
            else:
                before += 1  # it keeps its own date and reason
        edit.set_mapping(("objectives", oi), "dropped", dropped, before=("key_results",))
        return edit.text

    _saved, left = edit_file(session, path, OkrFile, today, change)
    if before:
        message = ngettext("dropped objective {ref} and its {n} key result ({before} dropped "
                           "before)", "dropped objective {ref} and its {n} key results "
                           "({before} dropped before)", total)
    elif total:
        message = ngettext("dropped objective {ref} and its {n} key result",
                           "dropped objective {ref} and its {n} key results", total)
    else:
        message = _("dropped objective {ref}")
    return Written(session.rel(path), message.format(ref=text, n=total, before=before), text,
                   left)


def _listed(items: list[str]) -> str:
    """The changes an edit made, in one line."""
    # TRANSLATORS: between the changes an edit lists ("title = X, aligns to Y").
    return _(", ").join(items)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise UsageError(_("--reason cannot be empty: say why, for the review and the "
                           "record"))
    return reason


def kr_add(
    session: Session, objective: str, title: str, today: dt.date, *,
    kr_id: str | None = None, target: float | None = None, start: float | None = None,
    above: float | None = None, below: float | None = None, milestone: bool = False,
    unit: str | None = None, due: dt.date | None = None, weight: float | None = None,
    owner: str | None = None, cycle_id: str | None = None,
) -> Written:
    ref = parse_ref(objective, (2,))
    kinds = sum([target is not None, above is not None, below is not None, milestone])
    if kinds != 1:
        raise UsageError(_("give exactly one of --target N, --above N, --below N or "
                           "--milestone"))
    _config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    _open(cycle, _("a new key result"))
    new_id = ""

    def change(reading: Valid[OkrFile]) -> str:
        nonlocal new_id
        oi, _ki = _locate(reading.model, str(ref.objective))
        if reading.model.objectives[oi].dropped is not None:
            raise OkrError(_("{ref} is dropped: a key result added to it would count for "
                             "nothing").format(ref=ref))
        taken = [k.id for k in reading.model.objectives[oi].key_results]
        new_id = _check_id(kr_id) if kr_id else _new_id("kr", taken)
        if new_id in taken:
            raise OkrError(_("{ref} exists already").format(ref=ref.key_result(new_id)))
        item: dict[str, Any] = {"id": new_id, "title": title}
        if target is not None:
            item["start"] = start if start is not None else 0
            item["target"] = target
        elif above is not None:
            item["kind"], item["above"] = "threshold", above
        elif below is not None:
            item["kind"], item["below"] = "threshold", below
        else:
            item["kind"] = "milestone"
        for key, value in (("unit", unit), ("due", due), ("weight", weight), ("owner", owner)):
            if value is not None:
                item[key] = value
        edit = _text_edit(reading)
        edit.append(("objectives", oi), "key_results", item)
        return edit.text

    _saved, left = edit_file(session, path, OkrFile, today, change)
    full = str(ref.key_result(new_id))
    return Written(session.rel(path), _("added key result {ref}").format(ref=full), full,
                   left)


def kr_edit(
    session: Session, text: str, today: dt.date, changes: dict[str, Any], *,
    reason: str | None = None, cycle_id: str | None = None,
) -> Written:
    ref = parse_ref(text, (3,))
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise UsageError(_("nothing to change: give --title, --target, --start, --above, "
                           "--below, --due, --unit, --weight, --owner, --grade or "
                           "--grade-note"))
    _config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    _open(cycle, _("an edit of a key result (corrections: --grade, --grade-note with "
                   "--reason)"))

    def change(reading: Valid[OkrFile]) -> str:
        oi, ki = _locate(reading.model, str(ref.objective), ref.kr)
        kr = reading.model.objectives[oi].key_results[ki]
        kr_path = ("objectives", oi, "key_results", ki)
        effective = scoring.effective(kr, cycle, dt.date.max)
        if "target" in changes and kr.kind == "threshold":
            raise OkrError(_("a threshold key result has no target: edit --above/--below "
                             "instead"))
        moved = [f for f in GOALPOSTS if f in changes and changes[f] != effective[f]]
        if moved and today >= cycle.start and not reason:
            raise OkrError(_(
                "cycle {cycle} has started: changing {fields} needs --reason, which is "
                "recorded in the key result's changes").format(cycle=cycle.id,
                                                               fields=", ".join(moved)))
        edit = _text_edit(reading)
        for key, value in changes.items():
            edit.set_value(kr_path, key, value)
        if today >= cycle.start:
            for key in moved:
                edit.append(kr_path, "changes", {
                    "date": today, "field": key, "old": effective[key], "new": changes[key],
                    "reason": reason})
        same.append(edit.text == reading.source.text)
        return edit.text

    same: list[bool] = []  # the values given are the file's already: nothing written
    _saved, left = edit_file(session, path, OkrFile, today, change)
    said = _("{ref} already has {changes}: nothing to change") if same[0] else _(
        "changed {ref}: {changes}")
    return Written(session.rel(path), said.format(
        ref=text, changes=_listed([f"{k} = {v}" for k, v in changes.items()])), text, left)


def kr_drop(session: Session, text: str, today: dt.date, reason: str,
            cycle_id: str | None = None) -> Written:
    ref = parse_ref(text, (3,))
    reason = _reason(reason)
    _config, cycle, path = _owner_file(session, ref.owner, cycle_id, today)
    _open(cycle, _("dropping a key result"))

    def change(reading: Valid[OkrFile]) -> str:
        oi, ki = _locate(reading.model, str(ref.objective), ref.kr)
        if reading.model.objectives[oi].key_results[ki].dropped is not None:
            raise OkrError(_("{ref} is dropped already").format(ref=text))
        edit = _text_edit(reading)
        edit.set_mapping(("objectives", oi, "key_results", ki), "dropped",
                         {"date": today, "reason": reason})
        return edit.text

    _saved, left = edit_file(session, path, OkrFile, today, change)
    return Written(session.rel(path), _("dropped {ref}").format(ref=text), text, left)


# --- init and output ------------------------------------------------------------


def init(target: Path, example: str | None, organization: str | None,
         today: dt.date, language: str | None = None) -> Written:
    """A new workspace (or a copy of an example); ``language`` is written as
    ``settings.language`` (zh-CN or en), the team's choice kept in git."""
    target = target.resolve()
    if (target / CONFIG_NAME).exists():
        raise OkrError(_("{file} exists already: nothing was written").format(
            file=target / CONFIG_NAME))
    if example:
        source = EXAMPLES / example
        if not source.is_dir():
            known = ", ".join(sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
            raise UsageError(_("unknown example {example!r} (known: {known})").format(
                example=example, known=known))
        clash = [p.name for p in source.iterdir() if (target / p.name).exists()]
        if clash:
            raise OkrError(_("{folder} already has {names}: nothing was written").format(
                folder=target, names=", ".join(clash)))
        store.copy_tree(source, target)
        if language:
            config = target / CONFIG_NAME
            text = config.read_text(encoding="utf-8")
            # the examples are ours: each says its language on one line of its own, and
            # what it means in a comment that another language makes wrong (it goes)
            store.write_file(config, re.sub(
                r"(?m)^(  language: )(\S+).*$", lambda m: m[0] if m[2] == language
                else m[1] + language, text, count=1).encode())
        equip.equip_new(target)  # the copies get their modelines; .okr/ its schemas
        _attributes(target)
        return Written(str(target), _("copied example {example} into {folder}").format(
            example=example, folder=target))
    quarter = cycles.quarter_of(today)
    data: dict[str, object] = {
        "organization": organization or target.name,
        "cycles": [{"id": quarter.id, "start": quarter.start, "end": quarter.end}],
        "teams": [{"id": "company", "name": organization or _("Company")}],
    }
    if language:
        data["settings"] = {"language": language}
    text = new_document(data, equip.modeline(target, target / CONFIG_NAME, equip.CONFIG) + "\n")
    (target / "okrs").mkdir(parents=True, exist_ok=True)
    store.write_file(target / CONFIG_NAME, text.encode())
    equip.equip_new(target)  # both schemas under .okr/
    _attributes(target)
    return Written(str(target), _("started a workspace in {folder}").format(folder=target))


def _attributes(root: Path) -> None:
    """The ``.gitattributes`` lines that send the workspace's OKR files to the merge
    driver (``okr git-setup`` names it in each clone's git config)."""
    from okrcli.services.merge import write_attributes

    config = pipeline.read(root / CONFIG_NAME, (root / CONFIG_NAME).read_bytes(), Config)
    write_attributes(root, config.model.settings.okr_dir if isinstance(config, Valid)
                     else "okrs")


def output(path: Path, text: str) -> None:
    """A report, a check result or a schema written with ``-o``, whole or not at all. A
    relative path stays in the current folder's tree: a linked folder on its way that
    leads out of it is refused (a committed ``site`` link to anywhere), unless the path is
    absolute, the user's own choice."""
    if not path.is_absolute():
        here = Path.cwd()
        store.refuse_links_out(here / path, here, tree="the current folder")
    not_the_workspace(path)
    store.write_file(path, text.encode("utf-8"))
