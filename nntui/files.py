"""Opening a file a user gave (a script, a corpus, a picture, weights) without trusting it.

Only a regular file is opened: a FIFO, a terminal or `/dev/zero` would block or never end, a
symbolic link loop or a name too long is named as such, and a read takes at most the limit + 1
bytes, so a file that grows or lies about its size costs no more than the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

WHY = {
    errno.ENOENT: "no such file",
    errno.ELOOP: "a symbolic link loop",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "no such file (a part of the path is not a folder)",
    errno.EACCES: "permission denied",
}


class FileError(Exception):
    """The file cannot be read safely; the message (`path: why`) says why."""


def regular_file(path: str | Path) -> os.stat_result:
    """The file's status if `path` names a regular file (through symbolic links), else FileError."""
    try:
        status = os.stat(path)
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the name
        why = WHY.get(getattr(e, "errno", None)) or getattr(e, "strerror", None) or "not a usable file name"
        raise FileError(f"{path}: {why}") from None
    if stat.S_ISDIR(status.st_mode):
        raise FileError(f"{path}: a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise FileError(f"{path}: not a regular file (a device, FIFO or socket)")
    return status


def read_bytes(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (reading at most limit + 1)."""
    regular_file(path)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise FileError(f"{path}: cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise FileError(f"{path}: too large for a {what} (at most {limit:,} bytes)")
    return data
