"""`peelstats report`: real reports end to end, failures kept, atomic writes, skips, determinism.

Kernels take seconds to start, so the runs are shared by module-scoped fixtures: one batch
of three forces in one warm kernel (Kent, then Greater Manchester, then Cambridgeshire),
Cambridgeshire again alone in a fresh worker, and a YE Dec 2019 batch on two workers with a
notebook that fails for Kent.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest

from peelstats._paths import notebooks_dir
from peelstats.cli import main
from peelstats.reports import _output

# The notebook's default period (full data), so that a report can be checked against the
# committed notebook's outputs.
PERIOD = "2019-03"
# YE Dec 2019: the ONS edition without Greater Manchester Police's figures (data/README.md).
NO_GMP = "2019-12"
FILES = ("report.ipynb", "report.html", "figures.csv", "figures.json")
CHROMIUM = Path("/usr/bin/chromium")


def _report(out: Path, *args: str, period: str = PERIOD) -> int:
    return main(["report", "--period", period, "--out", str(out), "--no-progress", *args])


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Kent, Greater Manchester, Cambridgeshire: one worker, so one kernel runs all three."""
    out = tmp_path_factory.mktemp("batch")
    code = _report(out, "--area", "Kent", "--area", "Greater Manchester",
                   "--area", "Cambridgeshire", "--jobs", "1")
    return out / PERIOD, code


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """Cambridgeshire alone, in a fresh kernel (named twice: by code and by name)."""
    out = tmp_path_factory.mktemp("alone")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = _report(out, "--area", "E23000023", "--area", "Cambridgeshire Constabulary")
    return out / PERIOD, code, printed.getvalue()


def test_batch_writes_every_file(batch):
    folder, code = batch
    assert code == 0
    for slug in ("kent", "greater-manchester", "cambridgeshire"):
        assert sorted(p.name for p in (folder / slug).iterdir()) == sorted(
            [*FILES, _output.STAMP_NAME]), slug
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "temporary folders left behind"


def test_html_has_no_code_and_embeds_charts(batch):
    folder, _ = batch
    html = (folder / "cambridgeshire" / "report.html").read_text(encoding="utf-8")
    nb = nbformat.read(str(folder / "cambridgeshire" / "report.ipynb"), as_version=4)
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    assert "validate_parameters" in "".join(code)
    for source in code:
        for line in source.splitlines():
            if len(line.strip()) > 20:
                assert line.strip() not in html, f"code shown in the HTML: {line!r}"
    assert 'class="jp-CodeMirrorEditor' not in html and 'class="highlight' not in html
    assert "<title>Cambridgeshire: force profile, YE Mar 2019</title>" in html
    assert '<h1 id="Cambridgeshire:-force-profile,-YE-Mar-2019">' in html
    assert html.count('src="data:image/png;base64,') == 3  # the forest, funnel and trend chart
    assert 'alt="Chart: Crime excluding fraud across the forces"' in html
    assert 'alt="Chart: Crime excluding fraud over five years"' in html
    assert "No description has been provided" not in html


def test_figures_files_are_the_figures_shown(batch):
    """figures.json and figures.csv hold exactly the figures the executed notebook displays."""
    folder, _ = batch
    report = folder / "cambridgeshire"
    figures = json.loads((report / "figures.json").read_text(encoding="utf-8"))
    nb = nbformat.read(str(report / "report.ipynb"), as_version=4)
    shown = [output["data"]["application/vnd.peelstats.figures+json"]
             for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
             if "application/vnd.peelstats.figures+json" in output.get("data", {})]
    assert len(shown) == 1
    assert figures == shown[0]["figures"]
    assert figures, "no figures for Cambridgeshire"
    assert {f["area_code"] for f in figures} == {"E23000023"}
    crime = {f["measure"]: f for f in figures}["crime_excluding_fraud_rate"]
    assert crime["period"] == PERIOD and crime["verdict"] in {"higher", "lower", "similar"}
    for figure in figures:
        assert figure["id"] and figure["sentence"]
    header = (report / "figures.csv").read_text(encoding="utf-8").splitlines()
    assert header[0].split(",") == list(figures[0])
    assert len(header) == 1 + len(figures)


def test_area_without_data_says_so(failing):
    """Greater Manchester is missing from the YE Dec 2019 edition: a report that says so."""
    folder, _, _ = failing
    report = folder / "greater-manchester"
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "There are no recorded crime figures for Greater Manchester in YE Dec 2019." in html
    figures = {f["measure"]: f for f in
               json.loads((report / "figures.json").read_text(encoding="utf-8"))}
    crime = figures["crime_excluding_fraud_rate"]
    assert crime["value"] is None and crime["verdict"] == ""
    assert "not available" in crime["sentence"]


def test_report_matches_the_committed_notebook(alone):
    """A warm-kernel report with the default parameters has the committed (fresh-kernel,
    nbval-checked) notebook's outputs, cell for cell."""
    folder, _, _ = alone
    report = nbformat.read(str(folder / "cambridgeshire" / "report.ipynb"), as_version=4)
    committed = nbformat.read(str(notebooks_dir() / "force_profile.ipynb"), as_version=4)
    def outputs(cell):  # execution counts differ by one: the report has the injected cell
        return [{k: v for k, v in output.items() if k != "execution_count"}
                for output in cell.outputs]

    made = {cell.id: outputs(cell) for cell in report.cells if cell.cell_type == "code"}
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert made[cell.id] == outputs(cell), cell.id


def test_no_state_leaks_and_html_is_byte_identical(batch, alone):
    """Cambridgeshire after Kent and Greater Manchester in one kernel == Cambridgeshire alone."""
    (after, _), (single, code, _) = batch, alone
    assert code == 0
    for name in FILES:
        assert (after / "cambridgeshire" / name).read_bytes() == \
            (single / "cambridgeshire" / name).read_bytes(), name


def test_a_force_named_twice_is_made_once(alone):
    _, code, printed = alone
    assert code == 0
    assert printed.startswith("1 report for YE Mar 2019")


def test_rerun_skips_up_to_date_reports(batch, capsys):
    folder, _ = batch
    # Bring the two reports up to date first: the stamp covers peelstats' own source, so an
    # edit to the package since the batch ran makes them stale (as it should).
    assert _report(folder.parent, "--area", "Kent", "--area", "Cambridgeshire") == 0
    capsys.readouterr()
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    code = _report(folder.parent, "--area", "Kent", "--area", "Cambridgeshire")
    assert code == 0
    assert "0 written, 2 up to date" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before


def test_stamp_changes_with_the_parameters(batch):
    folder, _ = batch
    stamp = (folder / "kent" / _output.STAMP_NAME).read_text().strip()
    assert not _output.is_up_to_date(folder / "kent", stamp[::-1], FILES)
    assert _output.is_up_to_date(folder / "kent", stamp, FILES)


# -- failures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def failing(tmp_path_factory, failing_notebook):
    """Greater Manchester, Kent (fails), Essex for YE Dec 2019 on two workers: (folder, exit
    code, what the command printed)."""
    out = tmp_path_factory.mktemp("failing")
    notebook = failing_notebook(out / "failing.ipynb")
    # An earlier good Kent report: the failure must not remove it.
    good = out / NO_GMP / "kent"
    good.mkdir(parents=True)
    (good / "report.html").write_text("earlier report")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = _report(out, "--notebook", str(notebook), "--area", "Greater Manchester",
                       "--area", "Kent", "--area", "Essex", "--jobs", "2", period=NO_GMP)
    return out / NO_GMP, code, printed.getvalue()


def test_one_failure_does_not_stop_the_others(failing):
    folder, code, _ = failing
    assert code == 1
    for slug in ("greater-manchester", "essex"):
        assert all((folder / slug / name).is_file() for name in FILES), slug
        assert not (folder / slug / _output.FAILED_NAME).exists()


def test_failed_notebook_is_kept_with_the_error(failing):
    folder, _, _ = failing
    kept = nbformat.read(str(folder / "kent" / _output.FAILED_NAME), as_version=4)
    errors = [output for cell in kept.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("RuntimeError",
                                                       "deliberate failure for Kent")]
    # The earlier report is still there, untouched, and not counted as up to date.
    assert (folder / "kent" / "report.html").read_text() == "earlier report"


def test_summary_names_the_failure(failing):
    folder, _, printed = failing
    assert "3 reports for YE Dec 2019" in printed
    assert "2 written, 0 up to date (skipped), 1 failed" in printed
    assert (f"FAILED Kent: RuntimeError: deliberate failure for Kent (notebook kept: "
            f"{folder / 'kent' / _output.FAILED_NAME})") in printed


def test_bad_parameters_are_a_usage_error(tmp_path, capsys):
    assert _report(tmp_path, "--area", "Cambridgeshir") == 2
    err = capsys.readouterr().err
    assert "Cambridgeshir" in err and "Cambridgeshire" in err
    assert main(["report", "--area", "Kent", "--period", "2019-13", "--out",
                 str(tmp_path)]) == 2
    assert "2019-13" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


# -- atomic writes -------------------------------------------------------------------------

def test_write_folder_replaces_only_a_complete_report(tmp_path, monkeypatch):
    folder = tmp_path / NO_GMP / "kent"
    _output.write_folder(folder, {"a.txt": b"old"}, "stamp-1")
    original = Path.write_bytes

    def failing_write(self, data):
        if self.name == "b.txt":
            raise OSError("disk full")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="disk full"):
        _output.write_folder(folder, {"a.txt": b"new", "b.txt": b"new"}, "stamp-2")
    monkeypatch.undo()
    assert (folder / "a.txt").read_bytes() == b"old"
    assert (folder / _output.STAMP_NAME).read_text().strip() == "stamp-1"
    assert [p.name for p in folder.parent.iterdir()] == ["kent"], "temporary folder left"
    _output.write_folder(folder, {"a.txt": b"new"}, "stamp-2")
    assert (folder / "a.txt").read_bytes() == b"new"
    assert [p.name for p in folder.parent.iterdir()] == ["kent"]


# -- what a reader sees ----------------------------------------------------------------------

@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                    "(.ci/run installs it)")
def test_report_renders_in_a_browser(batch, tmp_path):
    """Headless Chromium renders the report page to a PNG that is not blank."""
    from PIL import Image

    folder, _ = batch
    png = tmp_path / "report.png"
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
             "--window-size=1200,3000", (folder / "cambridgeshire" / "report.html").as_uri()],
            check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if os.environ.get("PEELSTATS_KEEP_SCREENSHOT"):
        shutil.copy(png, os.environ["PEELSTATS_KEEP_SCREENSHOT"])
    image = Image.open(png).convert("L")
    assert image.size == (1200, 3000)
    histogram = image.histogram()
    dark = sum(histogram[:128]) / (1200 * 3000)
    assert dark > 0.005, "the page looks blank"
