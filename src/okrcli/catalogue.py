"""A language's catalogue, compiled at first use.

The package ships the ``.po`` files translators edit (``locale/zh_CN/LC_MESSAGES/okr.po``),
never a compiled ``.mo``. The first command in a language compiles its ``.po`` with polib
and keeps the ``.mo`` in the user's cache folder (``private.keep``, named by a checksum of
the ``.po``: a changed catalogue is compiled again); every later command reads that ``.mo``
with the standard library (under a millisecond). A cache folder that cannot be used costs
the compilation on every command, never a result.
"""

from __future__ import annotations

import gettext
import io
import zlib
from pathlib import Path

from okrcli import private

LOCALE = Path(__file__).with_name("locale")
DOMAIN = "okr"
MAX_MO = 8 * 1024 * 1024


def folder_name(lang: str) -> str:
    """gettext's name of the language's folder: zh-CN -> zh_CN."""
    return lang.replace("-", "_")


def source(lang: str) -> Path:
    return LOCALE / folder_name(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(text: str) -> bytes:
    """The ``.mo`` of a ``.po``: its translated entries (a fuzzy one is not translated)."""
    import polib

    return bytes(polib.pofile(text).to_binary())


def load(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang``; no translation at all when it has no catalogue."""
    try:
        raw = source(lang).read_bytes()
    except OSError:
        return gettext.NullTranslations()
    digest = f"{len(raw):x}-{zlib.crc32(raw):08x}"  # hashlib costs a command 5 ms to import
    code = folder_name(lang)
    name = f"lang/{DOMAIN}-{code}-{digest}.mo"
    compiled = private.kept(name, MAX_MO)
    if compiled is not None:
        try:
            return gettext.GNUTranslations(io.BytesIO(compiled))
        except Exception:  # a damaged cache entry is a miss, whatever breaks in it
            pass
    compiled = compile_po(raw.decode("utf-8"))
    private.keep(name, compiled, replacing=f"{DOMAIN}-{code}-*.mo")
    return gettext.GNUTranslations(io.BytesIO(compiled))
