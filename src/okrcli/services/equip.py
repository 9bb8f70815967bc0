"""A workspace equipped for editors: the two JSON Schemas under ``.okr/`` and, on the first
line of each file, the modeline that points the YAML language server (VS Code's YAML
extension) at its schema: ``# yaml-language-server: $schema=../../.okr/okr-file.schema.json``,
relative to the file, as the server resolves it.

A schema is written in the workspace's language (``settings.language``, else English: the
team's choice, not each reader's locale) and stamped with a ``$comment`` naming the okr
version and that language. A write of any command refreshes a schema whose stamp is older
(or missing): ``refresh`` leaves a notice in ``NOTICES``, which the command line prints.
``okr schema --install`` (``install``) equips an existing workspace; ``okr init`` equips
the workspace it starts.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from okrcli import __version__, i18n, pipeline, schema, store
from okrcli.diagnostics import OkrError
from okrcli.i18n import _, ngettext
from okrcli.model import Config
from okrcli.pipeline import Valid
from okrcli.results import Equipped
from okrcli.services.common import Session
from okrcli.store import CONFIG_NAME, Workspace

SCHEMA_DIR = ".okr"
OKR_FILE = "okr-file.schema.json"
CONFIG = "okr.schema.json"
SCHEMAS = {OKR_FILE: schema.okr_file_schema, CONFIG: schema.config_schema}

# What the language server reads as a modeline (a comment anywhere naming a $schema).
_MODELINE = re.compile(rb"(?m)^(?:\xef\xbb\xbf)?[ \t]*#[ \t]*yaml-language-server[ \t]*:"
                       rb"[^\r\n]*\$schema=")
_STAMP = re.compile(r"^okr (\d+(?:\.\d+)*)\S* \(([^)]*)\)")
_BOM = b"\xef\xbb\xbf"

NOTICES: list[str] = []  # what refresh did, for the command line to say (then cleared)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


OURS = _version(re.match(r"\d+(?:\.\d+)*", __version__)[0])  # type: ignore[index]


def stamp(language: str) -> str:
    return f"okr {__version__} ({language}): written by okr; okr refreshes it"


def language_of(config: Config | None) -> str:
    """The language a workspace's schemas are written in."""
    return (config.settings.language if config is not None else None) or i18n.ENGLISH


def build(name: str, language: str) -> bytes:
    """A schema's file: built while ``language`` is the active one, stamped."""
    previous = i18n.language()
    if language != previous:
        i18n.use(language)
    try:
        built = SCHEMAS[name]()
    finally:
        if language != previous:
            i18n.use(previous)
    data = {"$schema": built.pop("$schema", schema.DRAFT_07), "$comment": stamp(language),
            **built}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def state(path: Path, language: str) -> str:
    """``missing``; ``current``; ``stale`` (no stamp, an older okr's, or this okr's in
    another language); ``newer`` (a later okr's: left to it); ``other``: no regular file,
    never written through."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    if not stat.S_ISREG(mode) or os.path.getsize(path) > store.MAX_CONFIG:
        return "other"
    try:
        comment = json.loads(path.read_bytes()).get("$comment", "")
    except (ValueError, AttributeError, OSError):
        return "stale"
    found = _STAMP.match(comment) if isinstance(comment, str) else None
    if found is None:
        return "stale"
    theirs = _version(found[1])
    if theirs > OURS:
        return "newer"
    return "stale" if theirs < OURS or found[2] != language else "current"


def write_schemas(root: Path, language: str, wanted: tuple[str, ...] = (OKR_FILE, CONFIG),
                  *, only_stale: bool = False) -> dict[str, str]:
    """Write each wanted schema that is missing (unless ``only_stale``) or stale; returns
    each one's state before (a ``.okr`` folder that leads out of the workspace is refused)."""
    states = {}
    for name in wanted:
        target = root / SCHEMA_DIR / name
        states[name] = found = state(target, language)
        if found == "stale" or (found == "missing" and not only_stale):
            store.refuse_links_out(target, root)
            store.write_file(target, build(name, language))
    return states


def refresh(session: Session, *, missing: bool = False) -> None:
    """After a write: each stale schema of the workspace rewritten, and said; one okr
    cannot write (a read-only folder, a linked one) is left as it is: the edit itself went
    through. ``missing``: before a new file is created, the missing ones written too, and
    one that cannot be written refuses the command, which has written nothing yet."""
    try:
        language = language_of(session.config)
        states = write_schemas(session.ws.root, language, only_stale=not missing)
    except (OSError, OkrError):
        if missing:
            raise
        return
    stale = [f"{SCHEMA_DIR}/{name}" for name, found in states.items() if found == "stale"]
    if stale:
        NOTICES.append(_("refreshed {files}: editors now validate with okr {version}'s "
                         "schemas").format(files=", ".join(stale), version=__version__))


def modeline(root: Path, path: Path, name: str) -> str:
    """The first line of ``path``: its schema's path relative to the file's folder."""
    rel = os.path.relpath(root / SCHEMA_DIR / name, path.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}"


def with_modeline(raw: bytes, line: str) -> bytes | None:
    """``raw`` with ``line`` before its first line (after a BOM, ended as the file's first
    line is: CRLF stays CRLF), every other byte as it was; None when it has a modeline."""
    if _MODELINE.search(raw):
        return None
    bom = _BOM if raw.startswith(_BOM) else b""
    body = raw[len(bom):]
    found = re.search(rb"\r\n|\n|\r", body)
    end = found[0] if found else b"\n"
    return bom + line.encode() + end + body


def equip(ws: Workspace, config: Config | None, okr_dir: str) -> Equipped:
    """Both schemas, and a modeline into okr.yaml and each OKR file that has none: one
    line added, under the workspace's lock, each file swapped in whole (unchanged since
    it was read). Files okr will not read (links to folders, too large) are left alone."""
    root = ws.root
    with ws.lock():
        states = write_schemas(root, language_of(config))
        added: list[str] = []
        kept: list[str] = []
        for path, name in [(ws.config_path, CONFIG),
                           *((p, OKR_FILE) for p in ws.okr_paths(okr_dir))]:
            raw = ws.read(path)
            if not isinstance(raw, bytes):
                continue
            new = with_modeline(raw, modeline(root, path, name))
            if new is None:
                kept.append(ws.rel(path))
                continue
            try:
                ws.replace(path, raw, new)
            except OkrError as err:
                if added:  # the store's refusal says "nothing was written": not so
                    err.message = err.message.replace(_("nothing was written"), _(
                        "it was not written, {files} were").format(files=", ".join(added)))
                raise
            added.append(ws.rel(path))
    return Equipped(_lines(states, added, kept), states, added, kept)


def _lines(states: dict[str, str], added: list[str], kept: list[str]) -> list[str]:
    """What was done, one line per kind: the schemas, okr.yaml, the OKR files."""
    def named(*which: str) -> str:
        return ", ".join(f"{SCHEMA_DIR}/{n}" for n, s in states.items() if s in which)

    said = [part.format(files=files) for part, files in (
        (_("wrote {files}"), named("missing", "stale")),
        (_("{files} up to date"), named("current")),
        # TRANSLATORS: a schema file okr did not write over
        (_("{files} left alone (a later okr's, or not a regular file)"),
         named("newer", "other"))) if files]
    lines = ["; ".join(said)]
    if CONFIG_NAME in added:
        lines.append(_("added a modeline to {file}").format(file=CONFIG_NAME))
    elif CONFIG_NAME in kept:
        lines.append(_("{file} has a modeline already").format(file=CONFIG_NAME))
    fresh = len([f for f in added if f != CONFIG_NAME])
    had = len([f for f in kept if f != CONFIG_NAME])
    if fresh and had:
        lines.append(ngettext("added a modeline to {count} OKR file; the others had one",
                              "added a modeline to {count} OKR files; the others had one",
                              fresh).format(count=fresh))
    elif fresh:
        lines.append(ngettext("added a modeline to {count} OKR file",
                              "added a modeline to {count} OKR files", fresh).format(count=fresh))
    elif had:
        lines.append(ngettext("the {count} OKR file has a modeline already",
                              "all {count} OKR files have a modeline already",
                              had).format(count=had))
    else:
        lines.append(_("no OKR file yet"))
    return lines


def install(session: Session) -> Equipped:
    """okr schema --install: the workspace around the command equipped."""
    reading = session.config_reading
    config = reading.model if isinstance(reading, Valid) else None
    return equip(session.ws, config, pipeline.okr_dir(reading))


def equip_new(root: Path) -> Equipped:
    """okr init: the workspace just written (or copied) equipped."""
    ws = Workspace(root)
    reading = pipeline.read(ws.config_path, ws.config_path.read_bytes(), Config)
    config = reading.model if isinstance(reading, Valid) else None
    return equip(ws, config, pipeline.okr_dir(reading))
