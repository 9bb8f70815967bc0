"""The tool's own words in the reader's language.

Every sentence okr says is written in English in the source, marked ``_("...")`` (or
``ngettext`` for a count, ``N_`` where it is only named and translated where it is shown)
and translated through a gettext catalogue: ``locale/<lang>/LC_MESSAGES/okr.po``, the file
translators' tools open. ``tools/catalog.py`` extracts the marked strings with Babel and
merges them into the catalogues; the ``.po`` is compiled at first use (``catalogue.py``),
never committed compiled.

Which language: ``--lang``, else ``OKR_LANG``, else ``settings.language`` of okr.yaml, else
the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh_*`` is zh-CN), else English. What
machines read (JSON keys and values, rule codes and names, exit codes) is never translated.

This module imports nothing of okr and only the standard library's ``gettext``: the model,
the rules and the renderers all use it.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping, Sequence

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)
DOMAIN = "okr"

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH


def _(message: str) -> str:
    """``message`` in the current language (the English text when it has no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence with a count ``n`` in the current language."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is defined; ``_()`` where it is shown."""
    return message


def listed(names: Sequence[str], last: str) -> str:
    """Names as a list in the reader's language: "a, b and c" in English, "a、b 和 c" in
    Chinese. ``last`` joins the last two, already translated (``_("{names} or {last}")``)."""
    said = names[0] if names else ""
    for name in names[1:-1]:
        said = _("{names}, {name}").format(names=said, name=name)  # a list of names
    return last.format(names=said, last=names[-1]) if names[1:] else said


def language() -> str:
    return _language


def normal(value: str | None) -> str | None:
    """``zh-CN`` for zh-CN, zh_CN, zh, zh_CN.UTF-8, zh-Hans...; ``en`` for en, en_US, C,
    POSIX; None for anything else (an unknown language is no choice)."""
    if not value:
        return None
    base = value.split(".", 1)[0].split("@", 1)[0].replace("_", "-").strip().lower()
    if base == "zh" or base.startswith("zh-"):
        return CHINESE
    if base in ("c", "posix") or base == "en" or base.startswith("en-"):
        return ENGLISH
    return None


def from_locale(env: Mapping[str, str]) -> str | None:
    """The language of the locale: the first of LC_ALL, LC_MESSAGES, LANG that is set
    decides, as POSIX has it (``zh_*`` is zh-CN, anything else English)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return CHINESE if normal(value) == CHINESE else ENGLISH
    return None


def choose(flag: str | None, env: Mapping[str, str], setting: str | None) -> str:
    """The language: ``--lang``, ``OKR_LANG``, ``settings.language``, the locale, English.
    A value okr does not know is passed over (the command line checks ``--lang`` itself)."""
    for value in (flag, env.get("OKR_LANG"), setting):
        known = normal(value)
        if known:
            return known
    return from_locale(env) or ENGLISH


def use(lang: str) -> None:
    """Speak ``lang`` from now on (its catalogue is read once, compiled at first use)."""
    global _active, _language
    if lang == ENGLISH:
        _active, _language = _gettext.NullTranslations(), ENGLISH
        return
    from okrcli.catalogue import load

    _active, _language = load(lang), lang
