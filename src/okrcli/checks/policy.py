"""The lint policy: one object, built once per command from ``settings.lint`` and the command
line, that decides each finding's severity, whether an ignore comment silences it, and
whether a set of diagnostics fails. ``okr check``, every edit and every reading command
use it, so that they cannot disagree about a file.

A rule whose findings leave a file without a model (the LOADER and SCHEMA stages) cannot
be relaxed: no setting, ``--ignore`` or ``# okr: ignore[...]`` comment lowers it, because
no command could read such a file anyway. An ignore comment never silences an error of
any rule: the file under review cannot wave its own errors through. For the same reason
``okr check --base REV`` takes the history rules' severities from REV's okr.yaml
(``under``): a pull request cannot switch off the rules that judge it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from okrcli.diagnostics import Diagnostic, Rule, Severity
from okrcli.model import LintSettings

# Linear on any line: the codes stop at the next bracket, so that a line of 40,000
# `# okr: ignore[` costs one pass, not one pass per repeat.
IGNORE_RE = re.compile(r"#[ \t]*okr:[ \t]*ignore\[([^\[\]\n]*)\]")


@dataclass(frozen=True)
class Policy:
    levels: Mapping[str, Severity | None] = field(default_factory=dict)  # by code; None: off
    select: frozenset[str] | None = None  # --select: only these codes
    ignore: frozenset[str] = frozenset()  # --ignore
    strict: bool = False  # --strict: warnings fail too

    @classmethod
    def of(cls, lint: LintSettings | None = None, *, select: Iterable[Rule] | None = None,
           ignore: Iterable[Rule] = (), strict: bool = False) -> Policy:
        """The policy of ``settings.lint`` (codes or names; names are checked by the
        unknown-rule rule, and unknown ones change nothing) and the command line."""
        from okrcli import checks  # the registry; imported late, it imports every rule

        levels: dict[str, Severity | None] = {}
        if lint is not None:
            for name, level in lint.severity.items():
                rule = checks.lookup(name)
                if rule is not None:
                    levels[rule.code] = None if level == "off" else Severity(level)
            for name in lint.ignore:  # the ignore list wins over a severity
                rule = checks.lookup(name)
                if rule is not None:
                    levels[rule.code] = None
        return cls(levels, None if select is None else frozenset(r.code for r in select),
                   frozenset(r.code for r in ignore), strict)

    def under(self, lint: LintSettings | None) -> Policy:
        """The same command line (``--select``, ``--ignore``, ``--strict``) with the
        severities of other settings (None: every rule's own)."""
        return replace(self, levels=Policy.of(lint).levels)

    def severity(self, rule: Rule) -> Severity | None:
        """The rule's severity here, or None when it is switched off."""
        if not rule.relaxable:
            return rule.severity
        if (self.select is not None and rule.code not in self.select) or rule.code in self.ignore:
            return None
        return self.levels.get(rule.code, rule.severity)

    def silenced(self, rule: Rule, line: str) -> bool:
        """Whether ``line`` ends with ``# okr: ignore[CODE]`` (codes or names, comma-separated)
        for this rule. A comment in the file silences warnings and infos, never an error:
        an error is lowered only in okr.yaml's settings, where a reviewer sees it."""
        if not rule.relaxable or "okr:" not in line or (
                self.severity(rule) is Severity.ERROR):
            return False
        match = IGNORE_RE.search(line)
        if match is None:
            return False
        wanted = {part.strip().upper() for part in match.group(1).split(",")}
        return rule.code in wanted or rule.name.upper() in wanted

    def fails(self, diagnostic: Diagnostic) -> bool:
        return diagnostic.severity is Severity.ERROR or (
            self.strict and diagnostic.severity is Severity.WARNING)

    def failing(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if self.fails(d)]

    def blocks(self, diagnostics: Iterable[Diagnostic]) -> bool:
        return any(self.fails(d) for d in diagnostics)
