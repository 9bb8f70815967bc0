"""YAML text in: the one configured reader, and positions for error messages.

Reading is a safe load with ruamel's C parser, guarded by a pass over the event stream that
refuses what this format never needs (anchors and aliases, ``%YAML`` directives, several
documents, deep nesting) before anything is built, so that an alias bomb costs nothing.
Plain files take a faster Rust reader first. Positions are found only when something is
wrong, by composing the same text into nodes. The reader's own refusals are findings of
the loader rules, made through those rules' objects. Writing never re-emits a file:
edits splice new text into the old (see ``edit.py``) and the store swaps it in.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from okrcli.checks.rules import anchor_alias, duplicate_key, encoding, unsupported_yaml, yaml_syntax
from okrcli.diagnostics import Finding
from okrcli.i18n import _

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

# ruamel is imported only when a file must go to it (a file the fast reader does not take,
# a position, a screen): a plain file read by yaml-rs, or a command answered from a cache,
# never pays for it.

BOM = "\ufeff"
MAX_DEPTH = 64


def _safe_yaml() -> YAML:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class _Constructor(SafeConstructor):
        """Safe constructor that never raises on a timestamp: an impossible date such as
        2026-02-30 stays text, so that the model can report it with its location."""

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            text = self.construct_scalar(node)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    return text
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return text

    _Constructor.add_constructor("tag:yaml.org,2002:timestamp",
                                 _Constructor.construct_yaml_timestamp)
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _Constructor
    return yaml


_SAFE: YAML | None = None


def safe_yaml() -> YAML:
    global _SAFE
    if _SAFE is None:
        _SAFE = _safe_yaml()
    return _SAFE


@dataclass(frozen=True)
class Source:
    """A file's bytes as read, known to be UTF-8 text. The text is decoded from these very
    bytes whenever it is needed (positions, ignore comments, edits): never read again."""

    raw: bytes
    bom: bool
    newline: str  # "\r\n" when the file uses CRLF, else "\n"

    @property
    def text(self) -> str:
        """Without the BOM; line endings as in the file."""
        text = self.raw.decode("utf-8")
        return text[1:] if self.bom else text

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


# Characters no OKR file holds raw: YAML's non-printable ones (C0 controls but tab and
# line breaks, DEL, C1 controls, U+FFFE, U+FFFF), which the careful reader refuses and the
# fast one would take, and NEL, LS and PS, which ruamel's C parser reads as line breaks
# (YAML 1.1) and the fast reader as text (YAML 1.2). Refused here, before either reader,
# both readers accept exactly the same characters. Inside double quotes each can still be
# written as an escape ("\e", "\x85", "\u2028").
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_UNPRINTABLE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]"
                          rb"|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]")


def _unprintable(raw: bytes) -> int:
    """The offset of the first character the readers may not agree on, or -1. Plain files
    cost one translate and a few finds (C loops), the regular expression runs only when
    a suspicious lead byte is there."""
    if (len(raw.translate(None, _CONTROL_BYTES)) == len(raw) and b"\xc2" not in raw
            and b"\xe2\x80\xa8" not in raw and b"\xe2\x80\xa9" not in raw
            and b"\xef\xbf" not in raw):
        return -1
    found = _UNPRINTABLE.search(raw)
    return -1 if found is None else found.start()


def decode(raw: bytes) -> tuple[str, Source] | Finding:
    """Bytes to text and its source, or the encoding finding at the first NUL byte,
    invalid UTF-8 sequence or raw control character."""
    bad = _unprintable(raw)
    if bad >= 0 and raw[bad] == 0:
        return encoding.RULE.at_pos(_("NUL byte in the file: it is not text"),
                                    *_byte_position(raw, bad))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return encoding.RULE.at_pos(_("invalid UTF-8 at this byte: save the file as UTF-8"),
                                    *_byte_position(raw, err.start))
    if bad >= 0:
        char = raw[bad:bad + 3].decode("utf-8", "ignore")[:1] or chr(raw[bad])
        return encoding.RULE.at_pos(
            _("control character U+{code} in the file: remove it (inside double quotes, "
              "write it as \\u{code} if it is meant)").format(code=f"{ord(char):04X}"),
            *_byte_position(raw, bad))
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    return text, Source(raw, bom, "\r\n" if "\r\n" in text else "\n")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1 :].decode("utf-8", "replace")) + 1
    return line, col


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def screen(text: str) -> Finding | None:
    """Refuse anchors, aliases, directives, several documents and deep nesting, from the
    event stream, before anything is constructed. Returns the first problem found."""
    from ruamel.yaml import events
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    depth = 0
    documents = 0
    try:
        for event in safe_yaml().parse(text):
            kind = type(event)
            if kind is events.AliasEvent:
                return _at(anchor_alias, _("aliases (*name) are not allowed: write the value "
                                           "out"),
                           event.start_mark)
            if getattr(event, "anchor", None):
                return _at(anchor_alias, _("anchors (&name) are not allowed: write the value "
                                           "out"),
                           event.start_mark)
            if kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return _at(unsupported_yaml, _("nesting deeper than {depth} levels").format(
                        depth=MAX_DEPTH),
                               event.start_mark)
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                depth -= 1
            elif kind is events.DocumentStartEvent:
                documents += 1
                if getattr(event, "version", None):
                    return _at(unsupported_yaml,
                               _("%YAML directives are not allowed: the file is read as YAML "
                                 "1.2; remove the directive"), event.start_mark)
                if documents > 1:
                    return _at(unsupported_yaml,
                               _("a second YAML document: one file holds one document"),
                               event.start_mark)
    except MarkedYAMLError as err:
        return syntax_finding(err)
    except YAMLError as err:  # pragma: no cover - unmarked parser errors are rare
        return yaml_syntax.unmarked(err)
    return None


def _at(rule_module: ModuleType, message: str, mark: Any) -> Finding:
    finding: Finding = rule_module.RULE.at_pos(message, *_mark(mark))
    return finding


def syntax_finding(err: MarkedYAMLError) -> Finding:
    mark = err.problem_mark or err.context_mark
    line, col = _mark(mark) if mark is not None else (1, 1)
    return yaml_syntax.finding(err.problem or err.context or "invalid YAML", line, col)


_fast: ModuleType | None
try:  # A Rust YAML 1.2 reader, about 8x faster than libyaml here; optional.
    import yaml_rs as _fast
except ImportError:  # pragma: no cover - the dependency is pinned, but be robust
    _fast = None
HAS_FAST = _fast is not None

# What the fast reader would accept silently but this format refuses or reads otherwise:
# anchors, aliases and tags (a token starting with & * !), directives, document markers,
# and nesting deep enough to need the depth check (an indentation of 64 spaces, or flow
# brackets 32 deep: together never past MAX_DEPTH). Such files take the careful path.
_CAREFUL = re.compile(
    r"(?:^|[\s\[{,])[&*!][^\s]|^%|^(?:---|\.\.\.)(?:\s|$)|^ {64}", re.MULTILINE
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
FLOW_DEPTH = MAX_DEPTH // 2


# What libyaml (the composer every position and edit comes from) reads otherwise or
# refuses while yaml-rs (YAML 1.2) accepts it: block nesting on one line (`- - - x`), tabs,
# a BOM past the start, a lone `=` (YAML 1.1's value key), and in flow context a colon
# without a space after it or `?`, `|` and `>` inside plain text. Such files take the
# careful path, so that what the gate passes an edit can compose.
_ONE_LINE_NESTING = re.compile(r"^[ ?\-]{64}", re.MULTILINE)
_LONE_EQUALS = re.compile(r"(?<![^\s\[{,:])=(?![^\s,\]}])")
_FLOW_ODD = re.compile(r":[^\s]|[?|>]")


def fast_ok(text: str) -> bool:
    if _fast is None:
        return False
    if "\t" in text or "\ufeff" in text:
        return False
    flow = "[" in text or "{" in text
    if flow and (_FLOW_ODD.search(text) is not None
                 or (text.count("[") + text.count("{") > FLOW_DEPTH and _deep_flow(text))):
        return False
    if ("- -" in text or "? " in text) and _ONE_LINE_NESTING.search(text) is not None:
        return False
    if "=" in text and _LONE_EQUALS.search(text) is not None:
        return False
    if ("&" in text or "*" in text or "!" in text or "%" in text or "---" in text
            or "..." in text or " " * 64 in text):
        return _CAREFUL.search(text) is None
    return True


def _deep_flow(text: str) -> bool:
    """Whether flow brackets may nest deeper than FLOW_DEPTH (brackets inside quotes count
    too: an over-estimate, which only costs the careful path). A file of flow-style
    check-ins has thousands of brackets one or two deep: each round of removing the
    innermost pairs is one C loop, and FLOW_DEPTH rounds settle it."""
    brackets = _NOT_BRACKET.sub("", text)
    for _round in range(FLOW_DEPTH):
        reduced = brackets.replace("{}", "").replace("[]", "")
        if not reduced:
            return False
        if reduced == brackets:
            return True  # unbalanced or crossed: let the careful reader say what it is
        brackets = reduced
    return True


def load(text: str) -> tuple[Any, list[Finding]]:
    """Safe-load one document. Returns (data, findings); data is None on any finding.

    Plain files go through the fast reader; anything unusual, and any file the fast
    reader refuses, goes through ruamel, which screens the event stream first and gives
    the positions and messages of the findings."""
    if _fast is not None and fast_ok(text):
        try:
            return _fast.loads(text), []
        except Exception:  # the careful path below reports the problem
            pass
    return careful_load(text)


def careful_load(text: str) -> tuple[Any, list[Finding]]:
    """Screen, then safe-load with ruamel's C parser."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    problem = screen(text)
    if problem:
        return None, [problem]
    try:
        data = safe_yaml().load(text)
    except MarkedYAMLError as err:
        if "duplicate key" in str(err.problem):
            return None, duplicate_keys(text) or [syntax_finding(err)]
        return None, [syntax_finding(err)]
    except (YAMLError, ValueError, RecursionError) as err:
        return None, [yaml_syntax.unmarked(err)]
    return data, []


def fast_loads(text: str) -> Any:
    """The fast reader alone (for the test that both readers agree); raises when it is
    missing or refuses the text."""
    if _fast is None:  # pragma: no cover
        raise RuntimeError("yaml-rs is not installed")
    return _fast.loads(text)


def compose(text: str) -> Any:
    """The node tree of a (screened, single-document) text, with start and end marks.
    libyaml composes it in C (about 4x faster than ruamel's Python composer, the same
    nodes, marks and styles: a test compares them); the positions of findings and every
    edit start here."""
    composer = _c_composer()
    if composer is not None:
        return composer(text).get_single_node()
    return safe_yaml().compose(text)  # pragma: no cover - the C extension is a dependency


_CComposer: Any = False  # not built yet; None when the C extension is missing


def _c_composer() -> Any:
    global _CComposer
    if _CComposer is not False:
        return _CComposer
    try:
        # Imported by name: the compiled module has no stubs, and whether a type checker
        # finds it at all depends on the machine.
        try:  # ruamel.yaml.clib 0.2.x installs it at the top level, as ruamel.yaml finds it
            c_parser: Any = importlib.import_module("_ruamel_yaml").CParser
        except ImportError:
            c_parser = importlib.import_module("ruamel.yaml.clib._ruamel_yaml").CParser
        from ruamel.yaml.resolver import BaseResolver

        class _CComposerClass(c_parser, BaseResolver):
            """libyaml's parser and composer, with no implicit tags: marks are all we
            need."""

            def __init__(self, text: str) -> None:
                c_parser.__init__(self, text)
                BaseResolver.__init__(self)

        _CComposer = _CComposerClass
    except ImportError:  # pragma: no cover
        _CComposer = None
    return _CComposer


def duplicate_keys(text: str) -> list[Finding]:
    """Every duplicate key in the text, each reported on both of its lines."""
    from ruamel.yaml import nodes
    from ruamel.yaml.error import YAMLError

    found: list[Finding] = []
    try:
        root = compose(text)
    except YAMLError:
        return found

    def walk(node: Any) -> None:
        if isinstance(node, nodes.MappingNode):
            first: dict[Any, Any] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, nodes.ScalarNode) else None
                if name is not None and name in first:
                    where = first[name].start_mark
                    found.append(_at(duplicate_key, _("duplicate key {key}: also on line "
                                     "{line}; keep one").format(key=repr(name),
                                                                line=where.line + 1),
                                     key.start_mark))
                    found.append(_at(duplicate_key, _("duplicate key {key}: again on line "
                                     "{line}; keep one").format(key=repr(name),
                                                                line=key.start_mark.line + 1),
                                     where))
                elif name is not None:
                    first[name] = key
                walk(value)
        elif isinstance(node, nodes.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return found


def locate(root: Any, ypath: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
    """Line and column (from 1) of the node at ``ypath``; the deepest existing parent when
    the path runs out (a missing field is reported at its parent mapping)."""
    from ruamel.yaml import nodes

    node, key_node = root, None
    for part in ypath:
        if isinstance(node, nodes.MappingNode):
            match = next(
                ((k, v) for k, v in node.value if isinstance(k, nodes.ScalarNode)
                 and k.value == str(part)),
                None,
            )
            if match is None:
                break
            key_node, node = match
        elif isinstance(node, nodes.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            key_node, node = None, node.value[part]
        else:
            break
    else:
        if at_key and key_node is not None:
            return _mark(key_node.start_mark)
    if node is None:
        return (1, 1)
    return _mark(node.start_mark)
