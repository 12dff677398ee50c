"""The baseline the report benchmarks time the batch against: what one would write by
hand, a sequential loop of the ``papermill`` and ``jupyter nbconvert`` command lines."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run_quietly(command: list[str]) -> None:
    """Run a command quietly; on failure show what it printed and stop."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")


def report_seconds(selection: list[str], period: str, out: Path, jobs: int | None) -> float:
    """Seconds for ``peelstats report`` with `selection` (``--all``, ``--area X``, …) as a
    separate process, as a user runs it."""
    command = [str(BIN / "peelstats"), "report", *selection, "--period", period,
               "--out", str(out), "--no-progress"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    run_quietly(command)
    return time.perf_counter() - start


def papermill_loop(runs: list[tuple[Path, str]], period: str, out: Path) -> list[float]:
    """Seconds of each report of the loop over (notebook, area) pairs: ``papermill``
    executes the notebook with the area and period as parameters, then ``jupyter
    nbconvert --to html --no-input`` renders it."""
    seconds = []
    for index, (notebook, area) in enumerate(runs):
        start = time.perf_counter()
        executed = out / f"{index:03d}.ipynb"
        run_quietly([str(BIN / "papermill"), "--no-progress-bar", "--log-level", "WARNING",
                     "-k", "python3", str(notebook), str(executed),
                     "-p", "area", area, "-p", "period", period])
        run_quietly([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                     "--log-level", "WARN", str(executed)])
        seconds.append(time.perf_counter() - start)
    return seconds
