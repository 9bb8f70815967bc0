"""The names of the fields of an objective, a key result, a check-in or a record as a
person reads them (``target`` is 目标值 in Chinese): one table, its words translated where
they are shown. JSON keeps the YAML keys, and so do the messages of ``okr check`` that
tell the user which key to write (there the key stays in backticks)."""

from __future__ import annotations

from okrcli.i18n import N_, _

FIELDS = {
    # the goalposts
    "start": N_("start value"), "target": N_("target"), "due": N_("due"),
    "above": N_("above"), "below": N_("below"),
    # a key result's and an objective's other fields
    "title": N_("title"), "weight": N_("weight"),
    # TRANSLATORS: a key result's `owner`: the person who drives it
    "owner": N_("driver"), "unit": N_("unit"), "kind": N_("kind"),
    # TRANSLATORS: a key result's list of check-ins (`checkins:`)
    "checkins": N_("check-ins"),
    # TRANSLATORS: a key result's recorded goalpost changes (`changes:`)
    "changes": N_("change records"),
    # TRANSLATORS: the record of a drop (`dropped:`: its date and reason)
    "dropped": N_("drop record"),
    "grade": N_("grade"), "grade_note": N_("grade note"),
    # TRANSLATORS: an objective's `aligns_to`: the objective it aligns to
    "aligns_to": N_("alignment"), "committed": N_("committed"),
    "description": N_("description"),
    # TRANSLATORS: an objective's `carried_from`: the earlier cycle's objective it continues
    "carried_from": N_("carried from"),
    # TRANSLATORS: an objective's `outcome` at the cycle's close (achieved, missed...)
    "outcome": N_("outcome"),
    # TRANSLATORS: an objective's `retro`: the 复盘 note written at the cycle's close
    "retro": N_("retro note"),
    # TRANSLATORS: an OKR file (its path), as in "file renamed"
    "file": N_("file"),
    # the parts of a check-in or a record
    "date": N_("date"), "value": N_("value"), "confidence": N_("confidence"),
    "note": N_("note"), "reason": N_("reason"), "field": N_("field"),
}


# An objective's outcome (the machine word, in the YAML and JSON) as people read it.
OUTCOMES = {"achieved": N_("achieved"), "partial": N_("partial"), "missed": N_("missed"),
            "carried": N_("carried"), "dropped": N_("dropped")}


def field_name(name: str | None) -> str:
    """A field's name for a person in the current language (a key the table does not
    know, as it is)."""
    if name is None:
        return ""
    return _(FIELDS[name]) if name in FIELDS else name
