"""One warm Jupyter kernel that executes notebook after notebook.

Starting a kernel and importing pandas, matplotlib and statsmodels takes seconds; executing
a force profile takes a fraction of that. A `WarmKernel` starts one kernel, imports the heavy
libraries once, and before each notebook restores the state recorded after warm-up (see
`_kernel_state`), so a report comes out the same as from a fresh kernel.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

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
for _module in ("peelstats.data", "peelstats.figures", "peelstats.plots", "peelstats.stats"):
    _WARM_UP += f"import {_module}\n"
_WARM_UP += "peelstats.reports._kernel_state.snapshot()\n"

_RESTORE = "import peelstats.reports._kernel_state as _s; _s.restore()\n"


class KernelCodeError(RuntimeError):
    """Code the runner itself sent to the kernel failed (warm-up or state restore)."""


class NotebookFailed(Exception):
    """A notebook cell raised; `notebook` holds the outputs up to and including the error."""

    def __init__(self, message: str, notebook: nbformat.NotebookNode):
        super().__init__(message)
        self.notebook = notebook


class WarmKernel:
    """A kernel started once and reused for many notebooks, all driven from one event loop.

    Parameters
    ----------
    cwd : Path
        Working directory of the kernel (notebooks do not depend on it; it is fixed so that
        every report runs in the same place).
    """

    def __init__(self, cwd: Path):
        self._cwd = Path(cwd)
        self._sockets = tempfile.mkdtemp(prefix="peelstats-kernel-")
        self._loop = asyncio.new_event_loop()
        self._km: AsyncKernelManager | None = None
        self._kc: Any = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._loop.run_until_complete(self._start())

    async def _start(self) -> None:
        # IPC sockets in a private folder: no TCP ports to race for between parallel
        # kernels, and nothing listening on the network.
        self._km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                      ip=os.path.join(self._sockets, "kernel"))
        # History in memory, as nbclient does: no sqlite file shared between kernels.
        await self._km.start_kernel(
            extra_arguments=["--HistoryManager.hist_file=:memory:"], cwd=str(self._cwd))
        self._kc = self._km.client()
        self._kc.start_channels()
        await self._kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        self._kc.allow_stdin = False
        await self._run_code(_WARM_UP)

    def stop(self) -> None:
        if self._km is None:
            return
        try:
            if self._kc is not None:
                self._kc.stop_channels()
            self._loop.run_until_complete(self._km.shutdown_kernel(now=True))
        finally:
            self._km = None
            self._kc = None

    def close(self) -> None:
        """Stop the kernel and close the event loop."""
        self.stop()
        if not self._loop.is_closed():
            self._loop.close()
        shutil.rmtree(self._sockets, ignore_errors=True)

    def _alive(self) -> bool:
        return self._km is not None and self._loop.run_until_complete(self._km.is_alive())

    # -- running code ----------------------------------------------------------------------
    async def _run_code(self, code: str) -> None:
        errors: list[str] = []

        def collect(msg: dict) -> None:
            if msg["msg_type"] == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "stream":
                errors.append(msg["content"]["text"])

        reply = await self._kc.execute_interactive(
            code, silent=False, store_history=False, output_hook=collect,
            timeout=STARTUP_TIMEOUT)
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
        await self._run_code(_RESTORE)
        client = NotebookClient(
            nb, km=self._km, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT,
            record_timing=False, allow_errors=False, shutdown_kernel="immediate")
        client.kc = self._kc  # reuse this kernel's channels: nbclient then leaves them open
        try:
            await client.async_execute()
        except CellExecutionError as error:
            raise NotebookFailed(_first_line_of_error(error), nb) from error
        except DeadKernelError as error:
            self.stop()
            raise NotebookFailed(f"the kernel died: {error}", nb) from error
        except Exception as error:  # a cell timed out, or the messaging broke
            # The kernel may still be busy with the cell: start afresh for the next notebook.
            self.stop()
            raise NotebookFailed(f"{type(error).__name__}: {error}", nb) from error
        return nb


def _first_line_of_error(error: CellExecutionError) -> str:
    ename = getattr(error, "ename", "") or "Error"
    evalue = getattr(error, "evalue", "") or str(error).strip().splitlines()[-1]
    return f"{ename}: {evalue}"
