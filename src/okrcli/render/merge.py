"""What the merge driver and okr git-setup say (plain text: the CLI wraps each line in
a Rich Text)."""

from __future__ import annotations

from okrcli.gitresults import GitSetup, MergeConflict, MergeResult
from okrcli.i18n import N_, _

# TRANSLATORS: why a merge conflict is one; {ref} is a key result or an objective
CONFLICTS = {
    "field": N_("{ref}: {field} changed on both sides, each its own way"),
    "added": N_("{ref}: added on both sides, differently"),
    "same-day": N_("{ref}: a check-in of the same day on both sides, with different values"),
}


def conflict(item: MergeConflict) -> str:
    return _(CONFLICTS[item.kind]).format(ref=item.ref, field=item.field)


def merged(result: MergeResult) -> list[str]:
    """The driver's lines on stderr: nothing when merged cleanly by meaning."""
    lines = [_("okr merge-file: conflict in {file}: {what}").format(
        file=result.path, what=conflict(c)) for c in result.conflicts]
    if result.line_merge is not None:
        lines.append(_("okr merge-file: {file}: {why}; merged line by line by git").format(
            file=result.path, why=result.line_merge))
        if result.invalid and result.exit_code:
            lines.append(_("okr merge-file: {file}: the line merge is not a valid OKR file "
                           "either; resolve it by hand").format(file=result.path))
    return lines


def set_up(result: GitSetup) -> list[str]:
    said = [_("git config {key} = {value}").format(key=k, value=v) for k, v in result.config]
    if result.added:
        said.append(_("{file}: added {lines}").format(file=result.attributes,
                                                     lines="; ".join(result.added)))
    else:
        said.append(_("{file} already sends OKR files to the driver").format(
            file=result.attributes))
    return said
