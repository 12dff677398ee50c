"""`peelstats report` under faults: a killed worker, kernel or main process, a full disk, a
read-only folder, two runs into one folder, Ctrl-C.

Runs that must be killed are started as `peelstats report` processes in a session of their
own; a test kills only processes it started (the run and its descendants, recorded from
/proc while they run, each checked by its start time so a reused pid is never hit). The
notebook is the force profile with one cell added that, for chosen forces, records its
kernel's and worker's pids in a marker file and then waits, or kills its own kernel, so that
a fault lands at a known point. Every wait has a timeout. Two or three forces a run.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

import peelstats
from peelstats._paths import notebooks_dir
from peelstats.cli import main
from peelstats.reports import _index, _lifetime, _output
from peelstats.reports._kernel import WarmKernel

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process tree from Linux's /proc")

PERIOD = "2019-03"
FILES = ("report.ipynb", "report.html", "figures.csv", "figures.json")
RUN_SECONDS = 240     # the longest a small run may take on a loaded 2-core machine
GONE_SECONDS = 15     # the longest processes may take to end once their parent has gone


# -- helpers --------------------------------------------------------------------------------

def _notebook(path: Path, source: str) -> Path:
    """The force-profile notebook with `source` as a cell just after the parameters."""
    nb = nbformat.read(str(notebooks_dir() / "force_profile.ipynb"), as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    cell["id"] = "fault"
    nb.cells.insert(3, cell)
    nbformat.write(nb, str(path))
    return path


def _holding(markers: Path, areas: set[str], seconds: int = 60) -> str:
    """A cell that, for `areas`, writes "<kernel pid> <worker pid>" to a marker and waits."""
    return (f"import os, pathlib, time\n"
            f"if area in {sorted(areas)!r}:\n"
            f"    pathlib.Path({str(markers)!r}, area + '.pid').write_text(\n"
            f"        f'{{os.getpid()}} {{os.getppid()}}')\n"
            f"    time.sleep({seconds})\n")


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _marker(markers: Path, area: str, seconds: float = RUN_SECONDS) -> tuple[int, int]:
    path = markers / f"{area}.pid"
    text = _wait_for(lambda: path.is_file() and path.read_text().strip(), seconds,
                     f"{area}'s report to start")
    kernel, worker = text.split()
    return int(kernel), int(worker)


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a process, from /proc; None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], fields[19]


def _descendants(root: int) -> dict[int, str]:
    """Every process below `root`: pid → start time."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append(int(entry.name))
    found, stack = {}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if (stat := _stat(child)) is not None:
                found[child] = stat[2]
                stack.append(child)
    return found


def _running(processes: dict[int, str]) -> dict[int, str]:
    """Those of `processes` (pid → start time) still running (not gone, not a zombie)."""
    return {pid: start for pid, start in processes.items()
            if (stat := _stat(pid)) is not None and stat[2] == start and stat[1] != "Z"}


def _kill_all(processes: dict[int, str]) -> None:
    for pid in _running(processes):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


class _Run:
    """`peelstats report` in a session of its own; every process it started is killed on
    the way out of the ``with`` block."""

    def __init__(self, out: Path, notebook: Path, areas: list[str], jobs: int):
        command = [sys.executable, "-m", "peelstats", "report", "--period", PERIOD,
                   "--out", str(out), "--notebook", str(notebook), "--jobs", str(jobs),
                   "--no-progress"]
        for area in areas:
            command += ["--area", area]
        source = str(Path(peelstats.__file__).parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [source, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env,
                                        start_new_session=True)
        self.seen: dict[int, str] = {}

    def tree(self) -> dict[int, str]:
        """The run's processes now (remembered for the clean-up)."""
        found = _descendants(self.process.pid)
        self.seen.update(found)
        return found

    def finish(self, seconds: float = RUN_SECONDS) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=seconds)
        return self.process.returncode, out, err

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.tree()
            self.process.kill()
        _kill_all(self.seen)
        self.process.communicate(timeout=GONE_SECONDS)


def _runtime_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"peelstats-kernels-{pid}-*"))


def _complete(folder: Path) -> bool:
    return (all((folder / name).is_file() for name in FILES)
            and not (folder / _output.FAILED_NAME).exists())


def _report(out: Path, *args: str) -> int:
    return main(["report", "--period", PERIOD, "--out", str(out), "--no-progress", *args])


# -- a dead worker --------------------------------------------------------------------------

def test_a_killed_worker_costs_only_its_report(tmp_path):
    """kill -9 of the worker making Kent's report: Kent failed (and not written), the other
    two written by the other worker and a new one, the dead worker's kernel gone."""
    markers = tmp_path / "markers"
    markers.mkdir()
    notebook = _notebook(tmp_path / "hold.ipynb", _holding(markers, {"Kent"}))
    out = tmp_path / "out"
    with _Run(out, notebook, ["Kent", "Essex", "Surrey"], jobs=2) as run:
        kernel, worker = _marker(markers, "Kent")
        tree = run.tree()
        assert worker in tree and kernel in tree
        os.kill(worker, signal.SIGKILL)
        code, printed, err = run.finish()
        assert not _running({kernel: tree[kernel]}), "the dead worker's kernel lives on"
    assert code == 1, err
    assert "3 reports for YE Mar 2019" in printed
    assert "2 written, 0 up to date (skipped), 1 failed" in printed
    assert "FAILED Kent: the worker process making it died (killed by SIGKILL)" in printed
    assert "Traceback" not in err
    assert not (out / PERIOD / "kent").exists()  # listed as failed: not written
    for slug in ("essex", "surrey"):
        assert _complete(out / PERIOD / slug), slug
    assert sorted(p.name for p in (out / PERIOD).iterdir()) == sorted(
        ["essex", "surrey", *_index.INDEX_FILES])  # Kent is listed as failed in the index
    assert "failed</strong>: the worker process making it died" in (
        out / PERIOD / "index.html").read_text(encoding="utf-8")
    assert _runtime_folders(run.process.pid) == [], "kernel files left behind"


# -- a dead kernel ----------------------------------------------------------------------------

def test_a_dead_kernel_is_said_and_its_report_made_again(tmp_path, capsys):
    """Essex's kernel is killed once: made again in a fresh kernel and written. Kent's kernel
    is killed every time: failed after one retry, the kept notebook says so."""
    markers = tmp_path / "markers"
    markers.mkdir()
    notebook = _notebook(tmp_path / "die.ipynb", (
        "import os, pathlib, signal\n"
        f"if area == 'Essex' and not pathlib.Path({str(markers)!r}, 'essex').exists():\n"
        f"    pathlib.Path({str(markers)!r}, 'essex').write_text('died once')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "if area == 'Kent':\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"))
    start = time.monotonic()
    code = _report(tmp_path, "--notebook", str(notebook), "--area", "Essex", "--area", "Kent",
                   "--jobs", "1")
    seconds = time.monotonic() - start
    printed = capsys.readouterr()
    assert code == 1, printed.err
    assert "1 written, 0 up to date (skipped), 1 failed" in printed.out
    kept = nbformat.read(str(tmp_path / PERIOD / "kent" / _output.FAILED_NAME), as_version=4)
    cell = [cell.get("id") for cell in kept.cells].index("fault") + 1
    died = f"the kernel died (killed by SIGKILL) while it ran cell {cell}"
    assert f"FAILED Kent: {died}; made again in a fresh kernel, {died}" in printed.out
    assert "Timeout" not in printed.out
    # Three kernel deaths: the old runner waited 120 s for output from a dead kernel.
    assert seconds < 120, f"{seconds:.0f} s"
    assert _complete(tmp_path / PERIOD / "essex")
    assert kept.metadata["peelstats"]["failure"].startswith(died)
    fault = next(cell for cell in kept.cells if cell.get("id") == "fault")
    assert [(o.ename, o.evalue) for o in fault.outputs] == [("KernelDied", died)]


# -- the main process killed ----------------------------------------------------------------

def test_nothing_outlives_a_killed_main_process_and_its_lock(tmp_path):
    """While a run holds its folder, a second run into it is refused; after kill -9 of the
    first run's main process, its workers, kernels and helpers end within seconds and write
    nothing more, and the folder can be locked again."""
    markers = tmp_path / "markers"
    markers.mkdir()
    notebook = _notebook(tmp_path / "hold.ipynb",
                         _holding(markers, {"Kent", "Essex"}, seconds=20))
    out = tmp_path / "out"
    with _Run(out, notebook, ["Kent", "Essex", "Surrey"], jobs=2) as run:
        kernels = [_marker(markers, area)[0] for area in ("Kent", "Essex")]
        (private,) = _runtime_folders(run.process.pid)
        assert private.stat().st_mode & 0o777 == 0o700
        assert len(list(private.glob("*/kernel.json"))) == 2  # not in Jupyter's runtime folder

        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            assert _report(out, "--area", "Kent") == 2
        assert (f"another peelstats report (process {run.process.pid}) is writing into "
                f"{str(out / PERIOD)!r}") in printed.getvalue()

        tree = run.tree()
        assert set(kernels) <= set(tree) and len(tree) >= 4  # 2 workers and their kernels
        os.kill(run.process.pid, signal.SIGKILL)
        run.process.wait(timeout=GONE_SECONDS)
        _wait_for(lambda: not _running(tree), GONE_SECONDS, "the run's processes to end")
    time.sleep(1)
    assert sorted(p.name for p in (out / PERIOD).iterdir()) == [_output.LOCK_NAME]
    with _output.locked(out / PERIOD):  # the dead run's lock went with it
        pass


def test_stale_kernel_folders_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=GONE_SECONDS)
    stale = tmp_path / f"peelstats-kernels-{dead.pid}-abc_1234"
    live = tmp_path / f"peelstats-kernels-{os.getpid()}-abc_1234"
    other = tmp_path / "peelstats-kernels-notmine"
    for folder in (stale, live, other):
        folder.mkdir()
    assert _lifetime.remove_stale_runtime_folders(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
    with _lifetime.runtime_folder(tmp_path) as private:
        assert private.stat().st_mode & 0o777 == 0o700
        assert private.name.startswith(f"peelstats-kernels-{os.getpid()}-")
    assert not private.exists()


# -- Ctrl-C -----------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_the_batch_with_a_summary(tmp_path, jobs):
    """SIGINT to the run's process group, as a terminal sends it, while Surrey's report is
    being made: the run ends within seconds, one line, exit code 130, nothing left."""
    markers = tmp_path / "markers"
    markers.mkdir()
    notebook = _notebook(tmp_path / "hold.ipynb", _holding(markers, {"Surrey"}))
    out = tmp_path / "out"
    areas = ["Kent", "Surrey"] if jobs == 1 else ["Kent", "Essex", "Surrey"]
    with _Run(out, notebook, areas, jobs=jobs) as run:
        _marker(markers, "Surrey")
        tree = run.tree()
        os.killpg(run.process.pid, signal.SIGINT)
        start = time.monotonic()
        code, printed, err = run.finish(seconds=GONE_SECONDS)
        assert time.monotonic() - start < 10
        _wait_for(lambda: not _running(tree), GONE_SECONDS, "the run's processes to end")
    assert code == 130, err
    assert "Traceback" not in err
    written = sum(_complete(out / PERIOD / slug) for slug in ("kent", "essex"))
    assert written >= 1
    assert printed.splitlines() == [
        f"interrupted: {written} of {len(areas)} reports for YE Mar 2019 written in "
        f"{out / PERIOD} (0 up to date, 0 failed, {len(areas) - written} not made)"]
    assert not (out / PERIOD / "surrey").exists()
    assert _runtime_folders(run.process.pid) == []
    assert not any(p.name.startswith(".") for p in (out / PERIOD).iterdir())


# -- output folders -------------------------------------------------------------------------

@contextlib.contextmanager
def _mounted(folder: Path, options: str):
    """A tmpfs mounted at `folder` (root with the right to mount), or skip."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, timeout=30)


def _no_kernel(monkeypatch):
    def refuse(self):
        raise AssertionError("a kernel was started")
    monkeypatch.setattr(WarmKernel, "start", refuse)


@pytest.mark.parametrize("how", ["mount", "simulated"])
def test_a_read_only_out_is_refused_before_any_kernel(tmp_path, monkeypatch, capsys, how):
    """A read-only --out: one line, exit code 2, no kernel started. "mount": a tmpfs mounted
    read-only (tests run as root, for whom permissions do not stop a write); "simulated":
    mkdir and open under --out fail with EROFS, as on a read-only file system."""
    out = tmp_path / "out"
    _no_kernel(monkeypatch)
    with contextlib.ExitStack() as stack:
        if how == "mount":
            stack.enter_context(_mounted(out, "ro,size=1m"))
        else:
            out.mkdir()
            for name in ("mkdir", "open"):
                real = getattr(os, name)

                def refuse(path, *args, real=real, **kwargs):
                    if str(path).startswith(str(out)):
                        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
                    return real(path, *args, **kwargs)
                monkeypatch.setattr(os, name, refuse)
        code = _report(out, "--area", "Kent")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"peelstats: error: --out {str(out)!r}: cannot write reports in "
                   f"{str(out / PERIOD)!r}: Read-only file system\n")


@pytest.mark.parametrize("how", ["tmpfs", "simulated"])
def test_a_full_disk_is_one_line_a_report(tmp_path, monkeypatch, capsys, how):
    """No space left: each report fails in one line, the failure handler's own write fails
    quietly, no traceback, no empty force folder. "tmpfs": a 3 MiB tmpfs filled to all but
    64 KiB; "simulated": every write of a report file raises ENOSPC."""
    out = tmp_path / "out"
    with contextlib.ExitStack() as stack:
        if how == "tmpfs":
            stack.enter_context(_mounted(out, "size=3m"))
            free = os.statvfs(out).f_bavail * os.statvfs(out).f_frsize
            with open(out / "filler", "wb") as filler:
                filler.write(b"\0" * (free - 64 * 1024))
        else:
            out.mkdir()

            write_bytes, fdopen = Path.write_bytes, os.fdopen

            def full(path):
                if str(path).startswith(str(out)):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

            def full_write_bytes(self, data):
                full(self)
                return write_bytes(self, data)

            def full_fdopen(fd, *args, **kwargs):
                full(os.readlink(f"/proc/self/fd/{fd}"))
                return fdopen(fd, *args, **kwargs)
            monkeypatch.setattr(Path, "write_bytes", full_write_bytes)
            monkeypatch.setattr(os, "fdopen", full_fdopen)
        code = _report(out, "--area", "Kent", "--area", "Essex", "--jobs", "1")
        printed = capsys.readouterr()
        monkeypatch.undo()
        assert code == 1
        assert "Traceback" not in printed.err and "Traceback" not in printed.out
        lines = printed.out.splitlines()
        assert lines[0].endswith("0 written, 0 up to date (skipped), 2 failed")
        space = os.strerror(errno.ENOSPC)
        for area, line in zip(("Kent", "Essex"), lines[1:3], strict=True):
            assert line == (f"  FAILED {area}: could not write the report: {space} (the "
                            f"failed notebook could not be kept either: {space})")
        # The index of the period folder cannot be written either: said, and nothing left.
        assert lines[3:] == [f"  INDEX NOT WRITTEN: {space}"]
        assert list((out / PERIOD).iterdir()) == [], "folders left in the full folder"


def test_write_file_leaves_no_empty_folder(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(_output.os, "fdopen", full)
    with pytest.raises(OSError):
        _output.write_file(tmp_path / "kent" / _output.FAILED_NAME, b"notebook")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "essex").mkdir()
    with pytest.raises(OSError):  # a folder it did not make stays
        _output.write_file(tmp_path / "essex" / _output.FAILED_NAME, b"notebook")
    assert [p.name for p in tmp_path.iterdir()] == ["essex"]
    assert list((tmp_path / "essex").iterdir()) == []


def test_stale_temporary_folders_are_cleaned_only_with_the_lock(tmp_path, capsys):
    """What a killed batch leaves: its temporary folders go, a report moved aside and not
    replaced is put back, anything not of the runner's naming stays; a run that finds the
    folder locked touches nothing."""
    folder = tmp_path / PERIOD
    _output.write_folder(folder / "kent", {"report.html": b"kent"}, "s")
    _output.write_folder(folder / "surrey", {"report.html": b"surrey"}, "s")
    (folder / ".kent.abcd_123.tmp").mkdir()
    (folder / ".essex.x1y2z3w4.old" / "report").mkdir(parents=True)
    (folder / ".essex.x1y2z3w4.old" / "report" / "report.html").write_bytes(b"essex")
    (folder / ".surrey.q1q2q3q4.old" / "report").mkdir(parents=True)
    (folder / "kent" / ".report.failed.ipynb.m1n2o3p4.tmp").write_bytes(b"half")
    kept = [folder / ".notes.tmp", folder / "kent" / "mine.tmp", folder / ".kent.tmp"]
    for path in kept:
        path.write_bytes(b"not the runner's")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))

    with _output.locked(folder):  # another run holds the folder: nothing is touched
        assert _report(tmp_path, "--area", "Kent") == 2
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    capsys.readouterr()

    with _output.locked(folder):
        cleaned = _output.clean_stale(folder)
    assert sorted(cleaned) == [".essex.x1y2z3w4.old", ".kent.abcd_123.tmp",
                               ".surrey.q1q2q3q4.old",
                               "kent/.report.failed.ipynb.m1n2o3p4.tmp"]
    assert (folder / "essex" / "report.html").read_bytes() == b"essex"  # put back
    assert (folder / "surrey" / "report.html").read_bytes() == b"surrey"
    assert all(path.exists() for path in kept)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".kent.tmp", ".notes.tmp", "essex", "kent", "surrey"]
