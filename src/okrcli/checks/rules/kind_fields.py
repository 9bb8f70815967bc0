"""A key result's fields do not fit its kind.

A metric needs `start` and `target` (and they differ); a threshold needs exactly one
of `above` or `below`; a milestone has neither.

PASS:
    owner: engineering
    cycle: 2026-Q4
    objectives:
      - id: platform
        title: 打造稳定可靠的平台
        key_results:
          - id: uptime
            title: 平台可用性保持在99.5%以上
            kind: threshold
            above: 99.5

FAIL:
    owner: engineering
    cycle: 2026-Q4
    objectives:
      - id: platform
        title: 打造稳定可靠的平台
        key_results:
          - id: uptime
            title: 平台可用性保持在99.5%以上
            kind: threshold
            above: 99.5
            target: 100
            ^ OKR013
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding, YPath
from okrcli.i18n import _
from okrcli.model import KeyResult, OkrFile

RULE = Rule("OKR013", "kind-fields", ERROR, FILE, __doc__ or "")


def check_file(doc: OkrFile) -> Iterator[Finding]:
    for oi, objective in enumerate(doc.objectives):
        for ki, kr in enumerate(objective.key_results):
            yield from _key_result(kr, ("objectives", oi, "key_results", ki))


def _key_result(kr: KeyResult, ypath: YPath) -> Iterator[Finding]:
    def wrong(key: str, message: str) -> Finding:
        return RULE.at(message, (*ypath, key), at_key=True)

    if kr.kind == "metric":
        for key in ("start", "target"):
            if getattr(kr, key) is None:
                yield RULE.at(_("a metric key result needs a number for {key}: add it (or "
                                "set kind: threshold / milestone)").format(key=repr(key)), ypath)
        if kr.start is not None and kr.target is not None and kr.start == kr.target:
            yield wrong("target", _("start and target are equal: there is no way to make "
                                    "progress"))
        for key in ("above", "below"):
            if getattr(kr, key) is not None:
                yield wrong(key, _("{key} belongs to a threshold key result: add kind: "
                                   "threshold").format(key=repr(key)))
    elif kr.kind == "threshold":
        if (kr.above is None) == (kr.below is None):
            yield RULE.at(_("a threshold key result needs exactly one of 'above' or 'below'"),
                          ypath)
        for key in ("start", "target"):
            if getattr(kr, key) is not None:
                yield wrong(key, _("a threshold key result has no {key}: use above or "
                                   "below").format(key=repr(key)))
    else:
        for key in ("start", "target", "above", "below", "unit"):
            if getattr(kr, key) is not None:
                yield wrong(key, _("a milestone key result has no {key}: it is done or "
                                   "not").format(key=repr(key)))
