"""Where a report goes and how it gets there: never half-written, skipped when up to date.

A report is built in a temporary folder beside its final place, then renamed into place;
an existing report is replaced only once the new one is complete. Each report folder holds
a stamp: a hash of everything the report depends on (notebook, parameters, data files,
peelstats' code and version, the versions of the libraries that compute and draw). A report
whose stamp matches is up to date.

A batch holds a lock on its period folder (``OUT/<period>/``) while it writes there, so a
second batch into the same folder refuses to start rather than race the first; with the
lock held, temporary folders a killed batch left behind are cleaned up.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

STAMP_NAME = ".stamp"
FAILED_NAME = "report.failed.ipynb"
LOCK_NAME = ".peelstats-report.lock"
# What `write_folder` and `write_file` leave behind when killed half-way: tempfile's names
# (8 characters of [a-z0-9_]) inside our prefix and suffix, nothing else.
_STALE_FOLDER = re.compile(r"\.(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.[a-z0-9_]{8}\.(?P<kind>tmp|old)")
_STALE_FILE = re.compile(r"\.(?:report\.failed\.ipynb)\.[a-z0-9_]{8}\.tmp")
# ... and of the period folder's index files (`_index.INDEX_FILES`).
_STALE_INDEX_FILE = re.compile(
    r"\.(?:index\.html|figures\.(?:csv|xlsx)|(?:forest|funnel)\.(?:png|svg))\.[a-z0-9_]{8}\.tmp")


class OutputFolderError(Exception):
    """An output folder cannot be used: not writable, or another batch is writing there."""


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
            try:
                os.replace(temporary, folder)
            except BaseException:
                os.replace(old / "report", folder)  # the earlier report stays
                shutil.rmtree(old, ignore_errors=True)
                raise
            shutil.rmtree(old)
        else:
            os.replace(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def write_file(path: Path, content: bytes) -> None:
    """Write one file atomically (temporary file in the same folder, then os.replace).

    On failure nothing is left: no temporary file, and no folder if this call made it.
    """
    path = Path(path)
    made = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        raise


def check_writable(folder: Path) -> None:
    """Make `folder` if needed and check that a file can be made in it, before any work.

    Raises `OutputFolderError` naming the folder and the reason (read-only, no permission,
    no space for even an empty file).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".peelstats-probe.", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise OutputFolderError(
            f"cannot write reports in {str(folder)!r}: {describe_os_error(error)}") from None


def describe_os_error(error: OSError) -> str:
    """An OSError in one line: its reason, without the temporary path it happened at."""
    if error.errno is not None:
        return os.strerror(error.errno)
    return str(error)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the lock of output folder `folder` for the ``with`` block; refuse if another
    process holds it (`OutputFolderError` naming that process).

    ``flock`` on a lock file: the lock ends with the process however it ends, so a killed
    batch never leaves a folder locked. The lock file is removed on the way out; a process
    that opened it just before checks, once it holds the lock, that the file it locked is
    still the one in the folder.
    """
    path = Path(folder) / LOCK_NAME
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(handle)
            raise OutputFolderError(
                f"another peelstats report (process {holder}) is writing into "
                f"{str(folder)!r}; wait for it to finish, or choose another --out") from None
        except BaseException:
            os.close(handle)
            raise
        try:
            same = os.stat(path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)  # the holder removed it as we opened it: lock the new one
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(handle)


def clean_stale(folder: Path) -> list[str]:
    """Remove what a killed batch left in period folder `folder`; call with its lock held.

    Temporary report folders (``.<slug>.XXXXXXXX.tmp``), temporary files of a failed
    notebook and of the index files (``.index.html.XXXXXXXX.tmp``) are removed. A replaced
    report (``.<slug>.XXXXXXXX.old/report``) is put back when the batch was killed between
    moving it aside and moving the new one in, and removed otherwise. Only names of this module's making are touched. Returns the names cleaned.
    """
    folder = Path(folder)
    cleaned = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        match = _STALE_FOLDER.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink():
            final = folder / match["slug"]
            if match["kind"] == "old" and (path / "report").is_dir() and not final.exists():
                os.replace(path / "report", final)
            shutil.rmtree(path, ignore_errors=True)
            cleaned.append(path.name)
        elif _STALE_INDEX_FILE.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            cleaned.append(path.name)
        elif path.is_dir() and not path.name.startswith("."):
            for inner in path.iterdir():
                if _STALE_FILE.fullmatch(inner.name) and inner.is_file():
                    inner.unlink(missing_ok=True)
                    cleaned.append(f"{path.name}/{inner.name}")
    return cleaned
