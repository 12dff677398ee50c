"""Worker processes that each do one task at a time, and are replaced when one dies.

``concurrent.futures.ProcessPoolExecutor`` suits none of a report batch's faults: one dead
worker breaks the whole pool (every pending task fails with ``BrokenProcessPool`` while the
other workers may go on and finish them), tasks are queued to workers ahead of time, so no
one knows which task a dead worker held, and nothing stops the workers when the main
process is killed. Here the main process hands each worker one task, waits for its answer
or its death (``multiprocessing.connection.wait`` on pipes and process sentinels), and:

- a worker that dies costs only the task it held (`lost` is told which, and how the worker
  ended); a new worker takes over the rest;
- workers end with the main process (see `_lifetime`), and stop when it asks, or is
  interrupted: a busy worker is sent SIGTERM, then SIGKILL if it has not gone in seconds.

A worker is `serve(connection, parent_pid, *args)`: it sends ``("ready", None)`` once it
can take tasks (or ``("broken", reason)`` and ends), then for each task received, one
``("done", result)``; ``None`` asks it to end.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing import connection
from multiprocessing.process import BaseProcess
from typing import Any

from peelstats.reports._lifetime import describe_exit

START_ATTEMPTS = 3    # workers in a row that may fail to start before the rest is given up
STOP_SECONDS = 5.0    # how long a worker asked to stop may take before it is killed
_WAIT_SECONDS = 1.0   # the longest the main process waits without looking up (Ctrl-C)


@dataclass
class _Worker:
    process: BaseProcess
    conn: connection.Connection
    ready: bool = False
    task: int | None = None
    broken: str | None = None  # why it could not start, as it said


def run_pool(serve: Callable[..., None], args: tuple, tasks: Mapping[int, Any], processes: int,
             done: Callable[[int, Any], None], lost: Callable[[int, str], None]) -> None:
    """Do every task of `tasks` (index → picklable task) in at most `processes` workers.

    ``done(index, result)`` is called for each task a worker finished, ``lost(index,
    reason)`` for each task that was not (its worker died, or no worker could start).
    KeyboardInterrupt stops the workers within seconds and is raised again.

    Workers are started from the calling thread; on Linux they end when that thread ends.
    """
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    queue = deque(tasks)
    workers: list[_Worker] = []
    failed_starts = 0
    last_failure = ""

    def start() -> None:
        mine, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, os.getpid(), *args),
                                  name="peelstats-report-worker", daemon=True)
        process.start()
        theirs.close()
        workers.append(_Worker(process, mine))

    def give_work(worker: _Worker) -> None:
        if worker.ready and worker.task is None and queue:
            index = queue.popleft()
            try:
                worker.conn.send(tasks[index])
            except OSError:  # it died just now: the task never reached it
                queue.appendleft(index)
                return
            worker.task = index

    def buried(worker: _Worker) -> None:
        nonlocal failed_starts, last_failure
        worker.process.join(STOP_SECONDS)
        workers.remove(worker)
        worker.conn.close()
        how = describe_exit(worker.process.exitcode)
        if worker.task is not None:
            lost(worker.task, f"the worker process making it died ({how})")
        elif not worker.ready:
            failed_starts += 1
            last_failure = worker.broken or f"a worker process died as it started ({how})"
        wanted = min(processes, len(queue) + sum(w.task is not None for w in workers))
        if len(workers) < wanted and failed_starts < START_ATTEMPTS:
            start()

    def hear(worker: _Worker) -> None:
        nonlocal failed_starts
        try:
            kind, value = worker.conn.recv() if worker.conn.poll() else (None, None)
        except (EOFError, OSError):
            kind, value = "gone", None
        if kind is None and not worker.process.is_alive():
            kind = "gone"
        if kind == "gone":
            buried(worker)
            return
        if kind == "ready":
            worker.ready, failed_starts = True, 0
        elif kind == "broken":
            worker.broken = value
        elif kind == "done":
            index, worker.task = worker.task, None
            done(index, value)
        give_work(worker)

    finished = False
    try:
        for _ in range(min(processes, len(queue))):
            start()
        while workers and (queue or any(w.task is not None for w in workers)):
            waitables = [w.conn for w in workers] + [w.process.sentinel for w in workers]
            ready = set(connection.wait(waitables, timeout=_WAIT_SECONDS))
            for worker in list(workers):
                if worker.conn in ready or worker.process.sentinel in ready:
                    hear(worker)
        for index in queue:  # every worker failed to start
            lost(index, f"no worker process could start: {last_failure}")
        queue.clear()
        finished = True
    finally:
        _stop(workers, now=not finished)


def _stop(workers: list[_Worker], *, now: bool) -> None:
    """Ask idle workers to end, SIGTERM busy ones (all, if `now`); SIGKILL any still there
    after seconds."""
    ignoring = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if ignoring else None
    try:
        for worker in workers:
            if not now and worker.task is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(STOP_SECONDS)
            worker.conn.close()
    finally:
        if ignoring:
            signal.signal(signal.SIGINT, previous)
