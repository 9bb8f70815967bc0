"""An id that looks like another one and is not.

`сompany` with a Cyrillic `с`, or `ｃompany` in full-width letters, reads like
`company` to every reviewer and is another owner to okr: a pull request could slip an
objective in under a name nobody checks. Ids of one kind (teams and people, cycles,
the objectives of a file, the key results of an objective) that are equal once
Unicode compatibility forms are folded (NFKC), case is ignored and look-alike letters of
other scripts are read as Latin ones, are reported on the later id, naming the
earlier. Chinese and other ids in one script are never confusable with each other.

PASS:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群}
      - {id: 华东, title: 华东区域做深做透}

FAIL:
    owner: sales
    cycle: 2026-Q4
    objectives:
      - {id: growth, title: 扩大华东市场的客户群}
      - {id: grоwth, title: 华东区域做深做透}
             ^ OKR116
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from okrcli.checks.base import FILE, WARNING, Rule
from okrcli.diagnostics import Finding, YPath
from okrcli.i18n import _
from okrcli.model import Config, OkrFile

RULE = Rule("OKR116", "confusable-id", WARNING, FILE, __doc__ or "")

# Letters of other scripts that are drawn like a Latin letter or digit (a selection of
# Unicode's confusables.txt: the Cyrillic, Greek and Armenian look-alikes, lower case;
# NFKC and casefold take care of full-width and upper-case forms).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i",
    "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p",
    "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x",
    "у": "y", "ү": "y", "з": "3", "ь": "b",
    "α": "a", "β": "b", "ϲ": "c", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ζ": "z",
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "ռ": "n", "ա": "w",
    "ı": "i", "ɡ": "g", "ɑ": "a", "ʏ": "y",
})


def skeleton(identifier: str) -> str:
    """What an id looks like: compatibility forms folded, case ignored, look-alikes read
    as the Latin letters they are drawn like."""
    return unicodedata.normalize("NFKC", identifier).casefold().translate(_LOOKALIKE)


def _twins(items: Iterable[tuple[str, YPath]]) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for identifier, ypath in items:
        shape = skeleton(identifier)
        seen = first.setdefault(shape, identifier)
        if seen != identifier:
            yield RULE.at(_("id {id} looks like {other} but is another id ({letters}): use "
                            "one spelling").format(id=repr(identifier), other=repr(seen),
                                                   letters=_spelled(identifier)), ypath)


def _spelled(identifier: str) -> str:
    odd = [c for c in identifier if not c.isascii()]
    # TRANSLATORS: {name} is the letter's Unicode name ("Cyrillic Small Letter O").
    one = _("{char} is U+{code} {name}")
    # TRANSLATORS: between the letters of a list: "о is U+043E ..., а is U+0430 ...".
    return _(", ").join(one.format(char=c, code=f"{ord(c):04X}",
                                   name=unicodedata.name(c, "?").title())
                        for c in dict.fromkeys(odd))[:200] or _("other letters")


def check_config(config: Config) -> Iterator[Finding]:
    yield from _twins((c.id, ("cycles", i, "id")) for i, c in enumerate(config.cycles))
    yield from _twins([*((t.id, ("teams", i, "id")) for i, t in enumerate(config.teams)),
                       *((p.id, ("people", i, "id")) for i, p in enumerate(config.people))])


def check_file(doc: OkrFile) -> Iterator[Finding]:
    yield from _twins((o.id, ("objectives", oi, "id")) for oi, o in enumerate(doc.objectives))
    for oi, objective in enumerate(doc.objectives):
        yield from _twins((kr.id, ("objectives", oi, "key_results", ki, "id"))
                          for ki, kr in enumerate(objective.key_results))
