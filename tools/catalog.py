"""The message catalogues: extract okr's own words from the source, merge them into each
language's ``.po``, and say what is missing.

    python tools/catalog.py update   # after changing a message: new ones appear untranslated
    python tools/catalog.py check    # what lacks a translation, what the source no longer has

Babel extracts what the source marks: ``_("...")``, ``N_("...")`` and
``ngettext("...", "...", n)``. Two kinds of text are not calls and are extracted here from
the syntax tree: the docstring of every command (a function under ``@app.command()`` or
``@app.callback()``: its ``--help``), and the prose of every rule's docstring (the part
before its PASS/FAIL examples: ``okr check --explain`` and ``--list-rules``).

The ``.po`` is the translators' file: only its ``msgstr`` lines are written by hand. Its
entries, their order and their comments come from ``update``; entries the source no
longer has are dropped, not kept as obsolete ones. The test suite runs ``check``.
"""

from __future__ import annotations

import ast
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "okrcli"
LOCALE = PACKAGE / "locale"
DOMAIN = "okr"
LANGUAGES = ("zh_CN",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
WIDTH = 100


def _docstrings(path: Path) -> list[tuple[int, str]]:
    """The docstrings a user reads: of commands and of rules (their prose)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE).as_posix()
    found: list[tuple[int, str]] = []
    if rel.startswith("checks/rules/") and path.name != "__init__.py":
        from okrcli.diagnostics import split_doc

        doc = ast.get_docstring(tree, clean=True)
        if doc:
            prose, _examples = split_doc(doc)
            if prose:
                found.append((1, prose))
    if rel.startswith("cli/"):
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                    and d.func.attr in ("command", "callback") for d in node.decorator_list):
                doc = ast.get_docstring(node, clean=True)
                if doc:
                    found.append((node.lineno, doc))
    return found


def template() -> Catalog:
    """Every message of the source, in the order of the files and lines it comes from."""
    catalog = Catalog(domain=DOMAIN, project="okr", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        catalog.add(message, None, [(f"src/okrcli/{filename}", lineno)],
                    auto_comments=comments, context=context)
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = f"src/okrcli/{path.relative_to(PACKAGE).as_posix()}"
        for lineno, doc in _docstrings(path):
            catalog.add(doc, None, [(rel, lineno)])
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="okr", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, ignore_obsolete=True, include_lineno=False,
             omit_header=False)
    return out.getvalue()


def updated(lang: str, source: Catalog | None = None) -> Catalog:
    """The language's catalogue with the entries of the source: new ones untranslated,
    gone ones dropped, translations kept."""
    catalog = read(lang)
    catalog.update(source or template(), no_fuzzy_matching=True, update_header_comment=False,
                   update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


@dataclass
class Report:
    missing: list[str] = field(default_factory=list)  # in the source, not translated
    stale: list[str] = field(default_factory=list)  # translated, not in the source
    fuzzy: list[str] = field(default_factory=list)  # translated, marked fuzzy


def check(lang: str, source: Catalog | None = None) -> Report:
    source = source or template()
    catalog = read(lang)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in source if m.id}
    report = Report()
    have = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        have.add(key)
        if key not in wanted:
            report.stale.append(key)
        elif message.fuzzy:
            report.fuzzy.append(key)
        elif not message.string or (not isinstance(message.string, str)
                                    and not all(message.string)):
            report.missing.append(key)
    report.missing += sorted(wanted - have)
    return report


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    source = template()
    if command == "update":
        for lang in LANGUAGES:
            path = po_path(lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(updated(lang, source)))
            print(f"{path.relative_to(ROOT)}: {len(source)} messages")
        return 0
    if command == "check":
        failed = False
        for lang in LANGUAGES:
            report = check(lang, source)
            for kind in ("missing", "stale", "fuzzy"):
                for message in getattr(report, kind):
                    failed = True
                    print(f"{lang}: {kind}: {message[:90]!r}")
        return 1 if failed else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
