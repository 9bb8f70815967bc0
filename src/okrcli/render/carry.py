"""``okr carry``: what was carried where, as lines for the terminal and as JSON. Pure: a
``CarryResult`` in, text or data out (the terminal's lines become ``Text`` in cli/, never
markup; the JSON goes through ``machine.dumps``)."""

from __future__ import annotations

from typing import Any

from okrcli.cycleresults import Carried, CarriedKR, CarryResult, Skipped
from okrcli.i18n import _, ngettext
from okrcli.render import num


def lines(result: CarryResult) -> list[str]:
    """One line per carried objective and what went with it, one per objective left, and
    what the source file now says."""
    out: list[str] = []
    for item in result.carried:
        out += _carried(result, item)
    out += [_skipped(result, item) for item in result.skipped]
    if result.marked:
        out.append(ngettext(
            "marked {n} objective carried in {file}: {refs}",
            "marked {n} objectives carried in {file}: {refs}", len(result.marked)).format(
            n=len(result.marked), file=result.source_path, refs=_(", ").join(result.marked)))
    if not result.carried and not result.marked:
        out.append(_("nothing was written: no objective to carry from {source} to {target}"
                     ).format(source=result.source.id, target=result.target.id))
    return out


def _carried(result: CarryResult, item: Carried) -> list[str]:
    out = [_("carried {ref} from {source} to {target} in {file}").format(
        ref=item.ref, source=result.source.id, target=result.target.id, file=result.path)]
    if item.key_results:
        out.append("  " + _("key results: {krs}").format(
            krs=_(", ").join(_kr(kr) for kr in item.key_results)))
    else:
        out.append("  " + _("no key results: add them with okr kr add"))
    if item.left:
        out.append("  " + _("left behind (done or dropped): {krs}").format(
            krs=_(", ").join(item.left)))
    if item.aligns_to:
        out.append("  " + _("aligned to {ref}, as before").format(ref=item.aligns_to))
    if item.alignment_dropped:
        out.append("  " + _("aligned to {ref}, which is not in {cycle}: align it with okr "
                            "objective edit --aligns-to").format(
            ref=item.alignment_dropped, cycle=result.target.id))
    return out


def _kr(kr: CarriedKR) -> str:
    parts = []
    if kr.start is not None:
        parts.append(_("start {value}").format(value=num(kr.start)))
    if kr.due is not None:
        parts.append(_("due {date}").format(date=kr.due.isoformat()))
    if not parts:
        return kr.id
    # TRANSLATORS: a key result carried over and what was set: "new-customers (start 60)"
    return _("{id} ({what})").format(id=kr.id, what=_(", ").join(parts))


def _skipped(result: CarryResult, item: Skipped) -> str:
    if item.reason == "already_carried":
        return _("{ref} is in {target} already (as {where}): nothing to do").format(
            ref=item.ref, target=result.target.id, where=item.where)
    if item.reason == "dropped":
        return _("{ref} was dropped: not carried").format(ref=item.ref)
    return _("{ref} was achieved: not carried (--include-done takes it too)").format(
        ref=item.ref)


def data(result: CarryResult) -> dict[str, Any]:
    """The JSON of okr carry: a contract (fields may be added, none renamed)."""
    return {
        "from": result.source.id,
        "to": result.target.id,
        "file": result.path,
        "created": result.created,
        "source_file": result.source_path,
        "carried": [{
            "ref": item.ref,
            "from": item.source,
            "krs": [{"id": kr.id, "kind": kr.kind, "start": kr.start,
                     "due": kr.due.isoformat() if kr.due else None}
                    for kr in item.key_results],
            "left": item.left,
            "aligns_to": item.aligns_to,
            "alignment_dropped": item.alignment_dropped,
        } for item in result.carried],
        "skipped": [{"ref": item.ref, "reason": item.reason, "carried_as": item.where}
                    for item in result.skipped],
        "marked": result.marked,
    }
