"""Config's lookups (owner_label, is_owner, ancestors, cycle) are built once per model and
give the answers of a scan in order, duplicates and loops included; they are no part of
the model's value (equality, pickling)."""

from __future__ import annotations

import pickle

from okrcli.model import Config

DATA = {
    "teams": [{"id": "co"}, {"id": "eng", "parent": "co", "name": "Eng"},
              {"id": "eng", "parent": "x"}, {"id": "a", "parent": "b"},
              {"id": "b", "parent": "a"}],
    "people": [{"id": "al", "team": "eng", "name": "Al"}, {"id": "al", "team": "co"},
               {"id": "eng", "name": "P"}, {"id": "bo"}],
    "cycles": [{"id": "q", "start": "2026-01-01", "end": "2026-03-31"},
               {"id": "q", "start": "2026-04-01", "end": "2026-06-30"}],
}


def _scan(config: Config, owner: str) -> tuple[str, bool, list[str]]:
    """The answers as the scans before the lookups gave them."""
    items = [*config.teams, *config.people]
    label = next((item.label for item in items if item.id == owner), owner)
    known = any(t.id == owner for t in config.teams) or any(
        p.id == owner for p in config.people)
    parents = {t.id: t.parent for t in config.teams}
    person = next((p for p in config.people if p.id == owner), None)
    chain: list[str] = []
    current = person.team if person else parents.get(owner)
    while current and current not in chain and current != owner:
        chain.append(current)
        current = parents.get(current)
    return label, known, chain


def test_the_lookups_answer_as_the_scans():
    config = Config.model_validate(DATA)
    for owner in ("co", "eng", "al", "bo", "a", "b", "x", "nobody"):
        for _ in range(2):  # built, then reused
            assert (config.owner_label(owner), config.is_owner(owner),
                    config.ancestors(owner)) == _scan(config, owner), owner
    assert config.cycle("q") is config.cycles[0]
    assert config.cycle("r") is None
    config.ancestors("al").append("mutated")
    assert config.ancestors("al") == ["eng", "x"]  # the last team "eng" names the parent


def test_the_lookups_are_no_part_of_the_value():
    used, fresh = Config.model_validate(DATA), Config.model_validate(DATA)
    used.owner_label("al")
    assert used == fresh and fresh == used
    again = pickle.loads(pickle.dumps(used))
    assert again == fresh and again._lookup is None
    assert again.owner_label("al") == "Al"
