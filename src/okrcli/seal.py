"""The cache folder's sub-folders and the per-user secret, and the MAC of an entry: what
every cache of okr (``cache.py``, ``readcache.py``, ``parts.py``, ``replay.py``) shares.
Light on purpose (the standard library and ``private.py``): ``replay.py`` answers a command
with it before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from pathlib import Path

from okrcli import private

SECRET_SIZE = 32


# --- the entry: a MAC line, then the payload ---------------------------------------------


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest().encode("ascii")


def sealed(secret: bytes, payload: bytes) -> bytes:
    return _mac(secret, payload) + b"\n" + payload


def sealed_pieces(secret: bytes, payload: bytes) -> tuple[bytes, bytes]:
    """``sealed`` in two pieces, for a payload too large to copy (``private.replace``)."""
    return _mac(secret, payload) + b"\n", payload


def opened(secret: bytes, raw: bytes) -> bytes | None:
    """The payload of an entry whose MAC is right, else None. Nothing of an entry is
    parsed before its MAC is checked."""
    mac, newline, payload = raw.partition(b"\n")
    if not newline or not hmac.compare_digest(mac, _mac(secret, payload)):
        return None
    return payload


def read(path: Path, secret: bytes, limit: int) -> bytes | None:
    """The payload of the entry at ``path``, when it is a private file of the user's within
    ``limit`` whose MAC is right; None (a miss) for anything else."""
    try:
        raw = private.read_private(path, limit, private=False)
    except OSError:
        return None
    return None if raw is None else opened(secret, raw)


# --- the folder and the secret: the user's own, or not used ------------------------------


def place(sub: str, *, create: bool) -> tuple[Path, bytes] | None:
    """The folder ``sub`` of the cache folder (``check``, ``read``) and the secret the
    MACs of its entries need, when both folders can be trusted (``create``: making the
    folders and the secret that are missing)."""
    base = private.folder()
    if base is None:
        return None
    entries = base / sub
    if create:
        private.make_folder(base)
        private.make_folder(entries)
    if not (private.trusted_folder(base) and private.trusted_folder(entries)):
        return None
    secret = _secret(base / "secret", create=create)
    return None if secret is None else (entries, secret)


def _secret(path: Path, *, create: bool) -> bytes | None:
    """The user's secret; made when it is missing and ``create``. One that is there but
    not a regular file of the user's with no group or other permission is not trusted:
    no cache (it is never replaced, so that whoever planted it learns nothing)."""
    try:
        raw = private.read_private(path, SECRET_SIZE, private=True)
    except FileNotFoundError:
        if not create:
            return None
        try:
            raw = _new_secret(path)
        except OSError:  # a folder that cannot hold a link, say: no cache
            return None
    except OSError:
        return None
    return raw if raw is not None and len(raw) == SECRET_SIZE else None


def _new_secret(path: Path) -> bytes | None:
    """32 random bytes in a new file of mode 0600, complete before its name appears (a
    temporary file made with O_CREAT|O_EXCL, then linked): a concurrent check reads the
    whole secret or none. When another check made it first, its secret is the one."""
    import secrets  # only the first run of a user makes a secret
    import tempfile

    value = secrets.token_bytes(SECRET_SIZE)
    fd, tmp = tempfile.mkstemp(prefix=".secret.", dir=path.parent)  # O_EXCL, mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return private.read_private(path, SECRET_SIZE, private=True)
        return value
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
