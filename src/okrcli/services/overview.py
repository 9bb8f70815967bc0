"""The top of the tree: what ``okr status`` shows of a workspace whose owners are more than
a screenful. The company (each root of okr.yaml's teams) and its departments (the teams
whose parent is a root), each with what lies below it: owners, people, objectives, key
results by status, and its own score. Pure: built from everyone's status and okr.yaml."""

from __future__ import annotations

from collections.abc import Callable

from okrcli.model import Config, Person, Team
from okrcli.results import Branch, StatusResult, TopOfTree
from okrcli.scoring import SHOWN, Status
from okrcli.services.common import Session


def top_of_tree(session: Session, result: StatusResult,
                before: StatusResult | None = None) -> TopOfTree:
    """``result`` (everyone's status) summed up to the company and its departments; each
    team's score before from ``before`` (the review's window start) or ``--since``."""
    config = session.config
    names = owner_labels(config)
    top = _top(config)
    below = _placer(config, set(top))
    lines = {team: _branch(team, names.get(team, team), depth) for team, depth in top.items()}
    rest = _branch("", "", 1)
    scores = {o.owner: o for o in result.owners}
    for team, line in lines.items():
        if team in scores:
            line.score, line.score_before = scores[team].score, scores[team].score_before
    for owner in before.owners if before is not None else []:
        if owner.owner in lines:
            lines[owner.owner].score_before = owner.score
    for person in config.people:
        for team in below(person.id):
            lines[team].people += 1
    for owner in result.owners:
        krs = [st for state in owner.objectives for _kr, st in state.key_results
               if not st.dropped]
        for line in [lines[t] for t in below(owner.owner)] or [rest]:
            line.owners += 1
            line.objectives += len(owner.objectives)
            for st in krs:
                line.counts[st.status] += 1
    return TopOfTree(result.cycle, result.today, list(lines.values()),
                     rest if rest.owners else None, len(result.owners), result.since,
                     result.problems)


def _branch(owner: str, name: str, depth: int) -> Branch:
    counts: dict[Status, int] = dict.fromkeys(SHOWN, 0)
    return Branch(owner, name, depth, None, None, 0, 0, 0, counts)


def _top(config: Config) -> dict[str, int]:
    """The roots of okr.yaml's teams, each followed by its departments, in okr.yaml's
    order, with their depth (0, 1)."""
    ids = {t.id for t in config.teams}
    roots = [t.id for t in config.teams if t.parent is None or t.parent not in ids]
    children: dict[str, list[str]] = {}
    for team in config.teams:
        if team.parent in roots and team.id not in roots:
            children.setdefault(team.parent, []).append(team.id)
    out: dict[str, int] = {}
    for root in roots:
        out.setdefault(root, 0)
        for child in children.get(root, []):
            out.setdefault(child, 1)
    return out


def _placer(config: Config, shown: set[str]) -> Callable[[str], list[str]]:
    """A function giving, for an owner, the shown teams it lies in (itself, its team and
    their parents, a loop of parents cut where it closes); remembered team by team, so
    that 10,000 people cost one walk up each team."""
    parents = {t.id: t.parent for t in config.teams}
    teams = {p.id: p.team for p in config.people if p.id not in parents}
    seen: dict[str, list[str]] = {}

    def chain(team: str) -> list[str]:
        if team not in seen:
            path, current = [], team
            while current and current not in path:
                path.append(current)
                current = parents.get(current) or ""
            seen[team] = [t for t in path if t in shown]
        return seen[team]

    def below(owner: str) -> list[str]:
        if owner in parents:
            return chain(owner)
        team = teams.get(owner)
        return chain(team) if team else []

    return below


def owner_labels(config: Config) -> dict[str, str]:
    """Every team's and person's name for a reader, by id (``Config.owner_label`` for
    all of them at once: the first of okr.yaml's entries with an id wins, as there)."""
    out: dict[str, str] = {}
    items: list[Team | Person] = [*config.teams, *config.people]
    for item in items:
        out.setdefault(item.id, item.label)
    return out
