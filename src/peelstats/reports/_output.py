"""Where a report goes and how it gets there: never half-written, skipped when up to date.

A report is built in a temporary folder beside its final place, then renamed into place;
an existing report is replaced only once the new one is complete. Each report folder holds
a stamp: a hash of everything the report depends on (notebook, parameters, data files,
peelstats' code and version, the versions of the libraries that compute and draw). A report
whose stamp matches is up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

STAMP_NAME = ".stamp"
FAILED_NAME = "report.failed.ipynb"


def area_slug(name: str) -> str:
    """The folder name of an area: lower case, words joined by hyphens.

    >>> area_slug("Avon and Somerset")
    'avon-and-somerset'
    >>> area_slug("London, City of")
    'london-city-of'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"area name {name!r} gives an empty folder name")
    return slug


def hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """One SHA-256 over the names (relative to `root`) and contents of `paths`, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        name = str(path.relative_to(root)) if root is not None else str(path)
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stamp_for(inputs_hash: str, parameters: Mapping[str, Any]) -> str:
    """The stamp of one report: the shared inputs' hash and this report's parameters."""
    text = json.dumps({"inputs": inputs_hash, "parameters": dict(parameters)}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_up_to_date(folder: Path, stamp: str, names: Iterable[str]) -> bool:
    """True when `folder` holds every file in `names` and a stamp equal to `stamp`."""
    stamp_file = folder / STAMP_NAME
    if not stamp_file.is_file() or (folder / FAILED_NAME).exists():
        return False
    return (stamp_file.read_text(encoding="utf-8").strip() == stamp
            and all((folder / name).is_file() for name in names))


def write_folder(folder: Path, files: Mapping[str, bytes], stamp: str) -> None:
    """Write `files` into `folder` atomically: build a temporary sibling, then rename it in.

    The stamp is written last inside the temporary folder, so a folder with a stamp is a
    complete report.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp",
                                      dir=folder.parent))
    try:
        for name, content in files.items():
            (temporary / name).write_bytes(content)
        (temporary / STAMP_NAME).write_text(stamp + "\n", encoding="utf-8")
        os.chmod(temporary, 0o755)  # mkdtemp makes it private; a report folder is not
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old",
                                        dir=folder.parent))
            os.replace(folder, old / "report")
            os.replace(temporary, folder)
            shutil.rmtree(old)
        else:
            os.replace(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def write_file(path: Path, content: bytes) -> None:
    """Write one file atomically (temporary file in the same folder, then os.replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
