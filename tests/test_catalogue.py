"""The message catalogues: every message of the source translated, none left over, each
translation safe to format and to show."""

from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import catalog

LANGS = catalog.LANGUAGES
MARKUP = set("[]<>*_`|#\\")


@pytest.fixture(scope="module")
def source():
    return catalog.template()


def _fields(text: str) -> list[str]:
    return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                  if name is not None)


def _pairs(lang: str):
    for message in catalog.read(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(
            message.string)
        for translated in strings:
            yield ids, translated


def test_the_source_has_messages(source):
    assert len(source) > 100
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in source}
    assert "Options" in ids  # a word of Typer's, named in cli/words.py
    assert any(i.startswith("A key result that reads as an activity") for i in ids)  # a rule


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_none_is_left_over(lang, source):
    report = catalog.check(lang, source)
    assert report.missing == [], f"untranslated ({len(report.missing)}): {report.missing[:5]}"
    assert report.stale == [], f"no longer in the source: {report.stale[:5]}"
    assert report.fuzzy == [], f"marked fuzzy: {report.fuzzy[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_is_as_the_extraction_writes_it(lang, source):
    """Only msgstr lines are written by hand: `tools/catalog.py update` changes nothing."""
    path = catalog.po_path(lang)
    assert path.read_bytes() == catalog.render(catalog.updated(lang, source)), \
        f"{path.name} is not up to date: run python tools/catalog.py update"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_every_placeholder(lang):
    """A message that is formatted (``.format``) keeps its fields; one with a brace that
    is no field (a rule's prose quoting YAML) is never formatted, so has none to keep."""
    checked = 0
    for ids, translated in _pairs(lang):
        try:
            wanted = [_fields(i) for i in ids]
        except ValueError:
            continue
        if translated:
            assert _fields(translated) in wanted, (ids[0], translated)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang", LANGS)
def test_translations_add_no_markup(lang):
    """Rich markup, Markdown and HTML would act on characters the English text does not
    have: a translation brings none of its own."""
    for ids, translated in _pairs(lang):
        added = set(translated) & MARKUP - set("".join(ids))
        assert not added, (ids[0], translated, added)


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_are_the_languages(lang):
    po = catalog.read(lang)
    assert po.plural_forms == "nplurals=1; plural=0;"  # Chinese has one form
    for message in po:
        if message.id and not isinstance(message.id, str):
            assert len(message.string) == 1 and message.string[0], message.id


def test_chinese_uses_full_width_punctuation_between_chinese_words():
    between = re.compile(r"[\u4e00-\u9fff][,:;?!()][\u4e00-\u9fff]")
    for ids, translated in _pairs("zh_CN"):
        assert not between.search(translated), (ids[0], translated)


def test_nothing_compiled_is_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo", "**/*.mo", "*.pot"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert tracked == ""


def test_no_f_string_is_translated():
    """A message is formatted after it is translated: ``_(f"...")`` has no msgid."""
    pattern = re.compile(r"\b(?:_|N_|ngettext)\(\s*f[\"']")
    for path in (ROOT / "src" / "okrcli").rglob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_every_marked_string_is_extracted(source):
    """Babel's reader does not look inside an f-string's braces: ``f"<h3>{_('Owners')}</h3>"``
    would stay English in every language. Every constant that the syntax tree shows marked
    is in the catalogue's template."""
    import ast

    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in source}
    missed = []
    for path in (ROOT / "src" / "okrcli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ngettext") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and node.args[0].value not in ids):
                missed.append((path.name, node.lineno, node.args[0].value))
    assert missed == []
