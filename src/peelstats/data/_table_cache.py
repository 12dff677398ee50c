"""A checked table kept on disk in a fast form, so a new process need not parse it again.

Reading and checking the tables is most of what `peelstats figures` does beyond importing
pandas and the statistics. Once a table has been read and has passed every check, the
frame is pickled into the user's cache folder (`peelstats._paths.cache_dir`), never into
data/. The key is a hash of everything the frame depends on: the table file's own bytes
and of the data folder's manifest if it has one, the schema and the check, the source of
peelstats.data (where the checks live), and the versions of Python, pandas and numpy. A
changed table, check or library is a different key, so a cached frame is always the frame
that reading the file would give. A table that fails its checks is never cached. The cache
only saves time: a folder that cannot be written or a file that cannot be read is passed
over, and the table is read from its file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from peelstats._paths import cache_dir

_FORMAT = "1"  # change to orphan every cached table
MANIFEST = "MANIFEST.csv"


@cache
def _code_hash() -> str:
    """The hash of peelstats.data's own source: the loaders, schemas and checks."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _key(path: Path, identity: str) -> str:
    digest = hashlib.sha256()
    for part in (_FORMAT, platform.python_version(), pd.__version__, np.__version__,
                 _code_hash(), identity):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(hashlib.sha256(path.read_bytes()).digest())
    # A manifest of the tables beside the file (data/MANIFEST.csv, when the build writes
    # one) is part of what a load checks, so it is part of the key too.
    manifest = path.parent / MANIFEST
    if manifest.is_file():
        digest.update(b"manifest\0" + hashlib.sha256(manifest.read_bytes()).digest())
    return digest.hexdigest()


def cached_table(path: Path, identity: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame `read()` gives for the file at `path`, from the cache when it holds it.

    `identity` names how the file is read and checked (schema and check); `read` reads
    and checks the file, raising on any problem (nothing is cached then).
    """
    folder = cache_dir()
    if folder is None:
        return read()
    key = _key(path, identity)
    stored = folder / "tables" / f"{path.stem}-{key[:32]}.pickle"
    try:
        with open(stored, "rb") as stream:
            frame = pickle.load(stream)
        if isinstance(frame, pd.DataFrame):
            return frame
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            ValueError, TypeError):
        pass  # not cached yet, or unreadable: read the file
    frame = read()
    _store(stored, frame)
    return frame


def _store(stored: Path, frame: pd.DataFrame) -> None:
    """Write the pickle atomically; a folder that cannot be written only costs time."""
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{stored.name}.", suffix=".tmp",
                                             dir=stored.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(frame, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, stored)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
