"""References: ``OWNER``, ``OWNER/OBJECTIVE`` or ``OWNER/OBJECTIVE/KR``, as one small type.

An objective is named ``OWNER/OBJECTIVE`` and a key result ``OWNER/OBJECTIVE/KR``; an
``aligns_to`` names either. Parsing and printing happen here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SHAPES = {1: "OWNER", 2: "OWNER/OBJECTIVE", 3: "OWNER/OBJECTIVE/KR"}


@dataclass(frozen=True)
class Ref:
    owner: str
    objective: str | None = None
    kr: str | None = None

    @classmethod
    def parse(cls, text: str, parts: tuple[int, ...] = (2, 3)) -> Ref | None:
        """The reference ``text`` names, or None when it has none of the shapes ``parts``
        (surrounding slashes are forgiven, empty parts are not)."""
        pieces = text.strip("/").split("/")
        if len(pieces) not in parts or not all(pieces):
            return None
        return cls(*pieces)

    @staticmethod
    def shape(parts: tuple[int, ...]) -> str:
        return " or ".join(SHAPES[n] for n in parts)

    @property
    def objective_ref(self) -> Ref:
        """The objective this names, or lies in (for a key result)."""
        return Ref(self.owner, self.objective)

    def key_result(self, kr: str) -> Ref:
        return Ref(self.owner, self.objective, kr)

    def __str__(self) -> str:
        return "/".join(p for p in (self.owner, self.objective, self.kr) if p is not None)


def objective_ref(owner: str, objective: str) -> str:
    """``str(Ref(owner, objective))``, made without the Ref (once per objective scored)."""
    return f"{owner}/{objective}"


def key_result_ref(objective: str, kr: str) -> str:
    """A key result's reference, from its objective's."""
    return f"{objective}/{kr}"


def owner_of(target: str) -> str:
    """The owner a reference (or what looks like one, in a broken file) names."""
    return target.strip("/").split("/")[0]


@lru_cache(maxsize=4096)  # the same few targets, asked by every objective aligned to them
def parent_objective(aligns_to: str) -> str | None:
    """The objective an ``aligns_to`` points at (its own, for a key result), as text."""
    ref = Ref.parse(aligns_to)
    return str(ref.objective_ref) if ref is not None else None
