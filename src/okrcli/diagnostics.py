"""Problems as data: a finding knows where it is in the YAML tree; a diagnostic knows the
file, line and column. Both are frozen values; diagnostics sort by position."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


YPath = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    """A problem found in parsed data, located by its path in the YAML tree.

    ``at_key`` points at the mapping key rather than its value (an unknown key, say).
    ``pos`` is a (line, col) already known (a parse error), used instead of ``ypath``.
    """

    code: str
    message: str
    ypath: YPath = ()
    at_key: bool = False
    pos: tuple[int, int] | None = None


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the workspace root, '/'-separated
    line: int  # from 1
    col: int  # from 1
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    name: str = field(default="", compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class OkrError(Exception):
    """A refused operation: the command prints the diagnostics (or the message) and exits 1."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = sorted(diagnostics or [])


class UsageError(OkrError):
    """A request that can never work as written (bad reference syntax, unknown rule): exit 2."""
