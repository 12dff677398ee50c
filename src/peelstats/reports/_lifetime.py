"""Processes that end with the process that started them, and a private folder for kernels.

A batch is a tree: the main process, its worker processes, and one kernel per worker. When
the main process ends in a way that runs no clean-up (``kill -9``, an out-of-memory kill),
its workers must not go on making reports nobody will count, nor keep their kernels alive.

Two mechanisms, because neither alone covers every case:

- On Linux, ``prctl(PR_SET_PDEATHSIG)`` asks the kernel to send a signal to this process
  the moment its parent dies. It is set by the child itself, so there is a window between
  the child starting and the call: `die_with_parent` closes it by comparing
  ``os.getppid()`` with the parent the child was started by.
- Everywhere, a daemon thread polls ``os.getppid()`` once a second and ends the process when
  the parent has changed (an orphan is adopted by init or a sub-reaper).

Process groups would not do: Jupyter starts each kernel in a session of its own.

Kernel connection files hold the key that signs messages to a kernel, and its IPC sockets
accept commands. Both go in one private folder per batch (mode 0700), removed when the
batch ends; a folder left by a batch that was killed is removed by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_RUNTIME_PREFIX = "peelstats-kernels-"
_RUNTIME_NAME = re.compile(re.escape(_RUNTIME_PREFIX) + r"(\d+)-[a-z0-9_]+")
WATCH_SECONDS = 1.0


def _set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send `signum` to this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter is linked with
    return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0


def die_with_parent(parent_pid: int, *, signum: int = signal.SIGKILL,
                    on_orphan: Callable[[], None] | None = None) -> None:
    """End this process when `parent_pid`, the process that started it, ends.

    Sends `signum` to this process on the parent's death (Linux), and starts a watchdog
    thread that calls `on_orphan` (default: exit at once, status 1) when the parent has
    changed. If the parent has already gone, acts now.
    """
    def orphaned() -> None:
        if on_orphan is not None:
            on_orphan()
        os._exit(1)

    _set_parent_death_signal(signum)
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        orphaned()

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCH_SECONDS)
        orphaned()

    threading.Thread(target=watch, name="peelstats-parent-watch", daemon=True).start()


def describe_exit(code: int | None) -> str:
    """How a process ended, in words: "killed by SIGKILL", "exit code 1"."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_runtime_folders(parent: Path | None = None) -> list[Path]:
    """Remove the kernel folders of batches whose process no longer runs; return them.

    Only folders of this project's naming (``peelstats-kernels-<pid>-*``) owned by this
    user are considered.
    """
    parent = Path(parent if parent is not None else tempfile.gettempdir())
    removed = []
    for path in parent.glob(f"{_RUNTIME_PREFIX}*"):
        match = _RUNTIME_NAME.fullmatch(path.name)
        try:
            mine = path.is_dir() and not path.is_symlink() and path.stat().st_uid == os.getuid()
        except OSError:
            continue
        if match and mine and not _pid_running(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def runtime_folder(parent: Path | None = None) -> Iterator[Path]:
    """A private folder (mode 0700) for this batch's kernel files, removed on the way out."""
    remove_stale_runtime_folders(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{_RUNTIME_PREFIX}{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
