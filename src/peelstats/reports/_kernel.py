"""One warm Jupyter kernel that executes notebook after notebook.

Starting a kernel and importing pandas, matplotlib and statsmodels takes seconds; executing
a force profile takes a fraction of that. A `WarmKernel` starts one kernel, imports the heavy
libraries once, and before each notebook restores the state recorded after warm-up (see
`_kernel_state`), so a report comes out the same as from a fresh kernel.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from peelstats.reports._lifetime import describe_exit

KERNEL_NAME = "python3"
CELL_TIMEOUT = 600  # seconds a single cell may run
STARTUP_TIMEOUT = 120

# Imported once per kernel: what the notebooks use and what takes seconds to import.
_WARM_UP = """\
import matplotlib.pyplot
import numpy
import pandas
import scipy.stats
import statsmodels.api
import peelstats
import peelstats.reports._kernel_state
"""
for _module in ("peelstats.data", "peelstats.figures", "peelstats.notebook", "peelstats.plots",
                "peelstats.stats"):
    _WARM_UP += f"import {_module}\n"
_WARM_UP += "peelstats.reports._kernel_state.snapshot()\n"

_RESTORE = "import peelstats.reports._kernel_state as _s; _s.restore()\n"
# Sent first: the kernel ends when the process that started it ends (see `_lifetime`).
# Its parent as the kernel sees it (a kernel spec may start it through a wrapper); until
# then, ipykernel's own watch of the process that launched it (JPY_PARENT_PID) covers it.
_DIE_WITH_PARENT = ("import os, peelstats.reports._lifetime as _l; "
                    "_l.die_with_parent(os.getppid())\n")
LIVENESS_SECONDS = 0.25  # how often code the runner sends checks that the kernel is alive


class KernelCodeError(RuntimeError):
    """Code the runner itself sent to the kernel failed (warm-up or state restore)."""


class NotebookFailed(Exception):
    """A notebook cell raised; `notebook` holds the outputs up to and including the error."""

    def __init__(self, message: str, notebook: nbformat.NotebookNode | None):
        super().__init__(message)
        self.notebook = notebook


class KernelDied(NotebookFailed):
    """The kernel process ended while it ran a notebook or the runner's own code."""


class _Loop(asyncio.SelectorEventLoop):
    """An event loop that leaves signals to the runner. nbclient would take SIGINT and
    SIGTERM for the length of each notebook (Ctrl-C and a stop request ignored) and then
    reset them to the defaults (a worker's own handlers lost)."""

    def add_signal_handler(self, sig: int, callback: Any, *args: Any) -> None:
        raise RuntimeError("the report runner handles signals itself")  # nbclient skips

    def remove_signal_handler(self, sig: int) -> bool:
        return False


class WarmKernel:
    """A kernel started once and reused for many notebooks, all driven from one event loop.

    Parameters
    ----------
    cwd : Path
        Working directory of the kernel (notebooks do not depend on it; it is fixed so that
        every report runs in the same place).
    runtime : Path, optional
        A private folder (see `_lifetime.runtime_folder`) to hold, in a private folder of
        this kernel's own, its connection file and IPC sockets; default: the system's
        temporary folder.
    """

    def __init__(self, cwd: Path, runtime: Path | None = None):
        self._cwd = Path(cwd)
        # mkdtemp makes the folder mode 0700: the connection file holds the signing key.
        self._sockets = tempfile.mkdtemp(prefix="peelstats-kernel-", dir=runtime)
        self._loop = _Loop()
        self._km: AsyncKernelManager | None = None
        self._kc: Any = None
        self._pid: int | None = None
        self._cell: int | None = None  # index of the cell being executed

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._loop.run_until_complete(self._start())

    async def _start(self) -> None:
        # IPC sockets in a private folder: no TCP ports to race for between parallel
        # kernels, and nothing listening on the network.
        self._km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                      ip=os.path.join(self._sockets, "kernel"))
        # Not in Jupyter's shared runtime folder, where a killed run would leave it behind.
        self._km.connection_file = os.path.join(self._sockets, "kernel.json")
        # History in memory, as nbclient does: no sqlite file shared between kernels.
        await self._km.start_kernel(
            extra_arguments=["--HistoryManager.hist_file=:memory:"], cwd=str(self._cwd))
        self._pid = self._km.provisioner.pid if self._km.provisioner is not None else None
        self._kc = self._km.client()
        self._kc.start_channels()
        await self._kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        self._kc.allow_stdin = False
        await self._run_code(_DIE_WITH_PARENT + _WARM_UP)

    def stop(self) -> None:
        self._loop.run_until_complete(self._stop())

    async def _stop(self) -> None:
        """Shut the kernel down (from inside the event loop)."""
        if self._km is None:
            return
        try:
            if self._kc is not None:
                self._kc.stop_channels()
            await self._km.shutdown_kernel(now=True)
        finally:
            self._km = None
            self._kc = None

    def close(self, *, now: bool = False) -> None:
        """Stop the kernel and close the event loop; `now`: kill the kernel rather than
        ask it to shut down, and cancel what the loop was doing (after Ctrl-C)."""
        if not now:
            try:
                self.stop()
            except Exception:
                now = True
        if now:
            self.kill()
            with contextlib.suppress(Exception):
                if self._kc is not None:
                    self._kc.stop_channels()
                pending = asyncio.all_tasks(self._loop)
                for task in pending:
                    task.cancel()
                self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._km = self._kc = None
        if not self._loop.is_closed():
            self._loop.close()
        shutil.rmtree(self._sockets, ignore_errors=True)

    def kill(self) -> None:
        """End the kernel process at once and remove its files, without the event loop
        (safe in a signal handler)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self._sockets, ignore_errors=True)

    def _alive(self) -> bool:
        return self._km is not None and self._loop.run_until_complete(self._km.is_alive())

    def _death(self) -> str:
        """How the kernel process ended, in words: "killed by SIGKILL", "exit code 1"."""
        process = getattr(self._km.provisioner if self._km else None, "process", None)
        code = process.poll() if process is not None else None
        return "the kernel died" if code is None else f"the kernel died ({describe_exit(code)})"

    # -- running code ----------------------------------------------------------------------
    async def _run_code(self, code: str) -> None:
        """Run the runner's own `code`; raise `KernelDied` as soon as the kernel has gone."""
        errors: list[str] = []

        def collect(msg: dict) -> None:
            if msg["msg_type"] == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "stream":
                errors.append(msg["content"]["text"])

        task = asyncio.ensure_future(self._kc.execute_interactive(
            code, silent=False, store_history=False, output_hook=collect,
            timeout=STARTUP_TIMEOUT))
        while not task.done():
            await asyncio.wait({task}, timeout=LIVENESS_SECONDS)
            if not task.done() and not await self._km.is_alive():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                raise KernelDied(self._death() + " while the runner prepared it", None)
        reply = task.result()
        if reply["content"]["status"] != "ok" or errors:
            raise KernelCodeError(
                "the report kernel could not run its own set-up code:\n" + "".join(errors))

    def execute(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Execute `nb` in place from a clean state; return it, or raise `NotebookFailed`."""
        if not self._alive():
            self.stop()
            self._loop.run_until_complete(self._start())
        return self._loop.run_until_complete(self._execute(nb))

    async def _execute(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        try:
            await self._run_code(_RESTORE)
        except KernelDied as died:
            await self._stop()
            raise KernelDied(str(died), nb) from died
        self._cell = None

        def started(cell: Any, cell_index: int) -> None:
            self._cell = cell_index

        client = NotebookClient(
            nb, km=self._km, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT,
            record_timing=False, allow_errors=False, shutdown_kernel="immediate",
            on_cell_execute=started)
        client.kc = self._kc  # reuse this kernel's channels: nbclient then leaves them open
        try:
            await client.async_execute()
        except CellExecutionError as error:
            raise NotebookFailed(_first_line_of_error(error), nb) from error
        except DeadKernelError as error:
            message = self._death()
            await self._stop()
            if self._cell is not None:  # say so in the notebook, where the cell stopped
                message += f" while it ran cell {self._cell + 1}"
                nb.cells[self._cell].outputs.append(nbformat.v4.new_output(
                    "error", ename="KernelDied", evalue=message, traceback=[message]))
            raise KernelDied(message, nb) from error
        except Exception as error:  # a cell timed out, or the messaging broke
            # The kernel may still be busy with the cell: start afresh for the next notebook.
            await self._stop()
            raise NotebookFailed(f"{type(error).__name__}: {error}", nb) from error
        return nb


def _first_line_of_error(error: CellExecutionError) -> str:
    ename = getattr(error, "ename", "") or "Error"
    evalue = getattr(error, "evalue", "") or str(error).strip().splitlines()[-1]
    return f"{ename}: {evalue}"
