"""Problems as data. A rule is a record (code, name, default severity, stage); a finding
is one rule's problem located by its path in the YAML tree; a diagnostic is a finding
placed at a file, line and column with the severity the lint policy gave it. All are
frozen values; diagnostics sort by position, and two diagnostics are the same only when
their messages are the same too."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from okrcli.i18n import _


class Severity(StrEnum):
    """error fails ``okr check``; warning fails with ``--strict``; info never fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe: sort by it, never compare the strings."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Stage(Enum):
    """Where in the check pipeline a rule's findings are made. A file with a LOADER or
    SCHEMA finding has no model: no setting can relax those findings."""

    LOADER = "loader"  # the reader: the bytes are not one readable YAML document
    SCHEMA = "schema"  # validation: the data is not an OKR file (or okr.yaml)
    FILE = "file"  # one valid file on its own
    WORKSPACE = "workspace"  # references between files and okr.yaml
    PRACTICE = "practice"  # OKR practice
    HISTORY = "history"  # what changed since a base revision (okr check --base)


YPath = tuple[Any, ...]

_EXAMPLES = re.compile(r"^(?:PASS|FAIL)\b.*:\s*$", re.MULTILINE)


def split_doc(doc: str) -> tuple[str, str]:
    """A rule's docstring as (prose, examples): the examples start at its first ``PASS:``
    or ``FAIL:`` line. The prose is what the catalogue translates."""
    text = inspect.cleandoc(doc)
    match = _EXAMPLES.search(text)
    if match is None:
        return text.strip(), ""
    return text[:match.start()].strip(), text[match.start():].strip()


@dataclass(frozen=True)
class Rule:
    """One rule of ``okr check``: its module's docstring is its documentation."""

    code: str
    name: str
    severity: Severity
    stage: Stage
    doc: str = ""

    @property
    def prose(self) -> str:
        """What the rule is about, in the reader's language (its docstring's prose)."""
        prose = split_doc(self.doc)[0]
        return _(prose) if prose else ""

    @property
    def summary(self) -> str:
        prose = self.prose
        return prose.splitlines()[0] if prose else self.name

    @property
    def explanation(self) -> str:
        """The prose in the reader's language, then the examples as they are (YAML)."""
        examples = split_doc(self.doc)[1]
        return self.prose + ("\n\n" + examples if examples else "")

    @property
    def relaxable(self) -> bool:
        """Whether settings, --ignore and ignore comments may lower or silence it."""
        return self.stage not in (Stage.LOADER, Stage.SCHEMA)

    def at(self, message: str, ypath: YPath = (), *, at_key: bool = False,
           subject: YPath | None = None) -> Finding:
        """A finding at a node of the YAML tree (``at_key``: at its key, not its value).
        ``subject`` is the part of the file the finding depends on (default: ``ypath``);
        in a broken file, a finding whose subject lost a part is not reported."""
        return Finding(self, message, ypath, at_key=at_key, subject=subject)

    def at_pos(self, message: str, line: int, col: int) -> Finding:
        """A finding at a position already known (a parse error)."""
        return Finding(self, message, pos=(line, col))


@dataclass(frozen=True)
class Finding:
    """A problem found in parsed data, located by its path in the YAML tree, or by a
    (line, col) when the reader found it before there was a tree."""

    rule: Rule
    message: str
    ypath: YPath = ()
    at_key: bool = False
    pos: tuple[int, int] | None = None
    subject: YPath | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def depends_on(self) -> YPath:
        return self.ypath if self.subject is None else self.subject


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the workspace root, '/'-separated
    line: int  # from 1
    col: int  # from 1
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    name: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """Its fields, in the order of ``okr check --format json`` (a contract)."""
        return {"path": self.path, "line": self.line, "col": self.col, "code": self.code,
                "name": self.name, "severity": self.severity.value, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostic:
        return cls(data["path"], data["line"], data["col"], data["code"], data["message"],
                   Severity(data["severity"]), data["name"])


class OkrError(Exception):
    """A refused operation: the command prints the diagnostics (or the message) and exits 1."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = sorted(diagnostics or [])


class UsageError(OkrError):
    """A request that can never work as written (bad reference syntax, unknown rule): exit 2."""
