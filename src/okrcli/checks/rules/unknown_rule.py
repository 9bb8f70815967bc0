"""settings.lint names a rule that does not exist.

`settings.lint.ignore` and `settings.lint.severity` take rule codes or names
(metric-without-unit); `okr check --list-rules` lists them. A misspelt one would
silently change nothing.

PASS:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
    settings:
      lint: {ignore: [metric-without-unit]}

FAIL:
    # file: okr.yaml
    cycles:
      - {id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
    teams:
      - {id: company}
    settings:
      lint: {ignore: [metric-without-units]}
                      ^ OKR113
"""

from collections.abc import Iterator

from okrcli.checks.base import ERROR, FILE, Rule
from okrcli.diagnostics import Finding
from okrcli.fields import shorten
from okrcli.i18n import _
from okrcli.model import Config

RULE = Rule("OKR113", "unknown-rule", ERROR, FILE, __doc__ or "")


def check_config(cfg: Config) -> Iterator[Finding]:
    from okrcli import checks  # the registry imports this module: import it late

    lint = cfg.settings.lint
    for index, name in enumerate(lint.ignore):
        if checks.lookup(name) is None:
            yield RULE.at(_unknown(name), ("settings", "lint", "ignore", index))
    for name in lint.severity:
        if checks.lookup(name) is None:
            yield RULE.at(_unknown(name), ("settings", "lint", "severity", name), at_key=True)


def _unknown(name: str) -> str:
    return _("unknown rule {name}: okr check --list-rules lists them").format(
        name=repr(shorten(name)))
