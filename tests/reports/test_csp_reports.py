"""`peelstats report` for Community Safety Partnerships (CSPs): a CSP's report made by the
command, the folder of a CSP named like its force, the refusals (an ambiguous name, a
period without CSP data), the skip of a report that is up to date and a failed CSP report
beside a good one.

Kernels take seconds to start, so the reports are made once, by a module-scoped fixture:
one batch on one worker (one warm kernel) of Peterborough, the CSP Wiltshire and the force
Wiltshire; the failure is one more batch of two reports. The refusals start no kernel.

Expected numbers and where they come from:
- Peterborough (E22000017), crime excluding fraud YE Jun 2025: 23,061 (ONS, Crime in
  England and Wales: Police Force Area data tables, year ending June 2025, Table C2, the
  row E22000017 Peterborough).
- Peterborough's population mid-2023: 219,509 (ONS mid-2023 population estimates, table
  MYE2 - Persons, E06000031 Peterborough, the one local authority of the CSP).
- Cambridgeshire, crime excluding fraud YE Jun 2025: 67,942 (Table C2, the force row
  E23000023); its population mid-2023: 919,082 (ONS mid-2023 estimates by police force
  area, revised after the 2021 Census).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json

import nbformat
import pytest

from peelstats._paths import notebooks_dir
from peelstats.cli import main
from peelstats.reports import _output, _run

PERIOD = "2025-06"
FILES = ("report.ipynb", "report.html", "figures.csv", "figures.json")
AREAS = ("--area", "Peterborough", "--area", "E22000361", "--area", "E23000038")

PETERBOROUGH_CRIME = 23_061        # Table C2 YE Jun 2025, E22000017
PETERBOROUGH_POPULATION = 219_509  # ONS mid-2023, E06000031
CAMBRIDGESHIRE_CRIME = 67_942      # Table C2 YE Jun 2025, E23000023
CAMBRIDGESHIRE_POPULATION = 919_082  # ONS mid-2023, revised, E23000023


def _report(out, *args: str, period: str = PERIOD) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["report", "--period", period, "--out", str(out), "--no-progress",
                     *args])
    return code, printed.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Peterborough, the CSP Wiltshire and the force Wiltshire, in one kernel."""
    out = tmp_path_factory.mktemp("csp")
    code, printed = _report(out, *AREAS, "--jobs", "1")
    return out, code, printed


def _figures(folder):
    with open(folder / "figures.csv", newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_the_cli_makes_a_csp_report(made):
    out, code, printed = made
    assert code == 0, printed
    assert "3 reports for YE Jun 2025" in printed and "3 written" in printed
    folder = out / PERIOD / "peterborough"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, _output.STAMP_NAME])
    assert not [p.name for p in (out / PERIOD).iterdir() if p.name.startswith(".")]
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert ("<title>Peterborough: Community Safety Partnership profile, YE Jun 2025</title>"
            in html)
    assert "23,061 crimes excluding fraud were recorded in Peterborough" in html
    assert "validate_csp_parameters" not in html  # no code in the HTML


def test_figures_csv_holds_the_csps_figures(made):
    out, _, _ = made
    rows = _figures(out / PERIOD / "peterborough")
    assert {row["area_code"] for row in rows} == {"E22000017"}
    assert {row["period"] for row in rows} == {PERIOD}
    by_id = {row["measure"]: row for row in rows}
    versus_ew = by_id["crime_excluding_fraud_rate_vs_england_and_wales"]
    versus_force = by_id["crime_excluding_fraud_rate_vs_force"]
    # The rate per 1,000 is the published count over the published population.
    rate = PETERBOROUGH_CRIME / PETERBOROUGH_POPULATION * 1000
    for row in (versus_ew, versus_force):
        assert float(row["value"]) == pytest.approx(rate, rel=1e-9)
        assert float(row["lower"]) < rate < float(row["upper"])
        assert "105.1 per 1,000 population" in row["sentence"]
    assert versus_ew["comparator"] == "England and Wales"
    assert versus_force["comparator"] == "Cambridgeshire"
    assert float(versus_force["comparator_value"]) == pytest.approx(
        CAMBRIDGESHIRE_CRIME / CAMBRIDGESHIRE_POPULATION * 1000, rel=1e-9)
    figures = json.loads((out / PERIOD / "peterborough" / "figures.json").read_text("utf-8"))
    assert [figure["id"] for figure in figures] == [row["id"] for row in rows]


def test_report_matches_the_committed_notebook(made):
    """The batch's Peterborough report (a warm kernel, the area injected as its code) has
    the committed notebook's outputs (a fresh kernel, nbval-checked), cell for cell."""
    out, _, _ = made
    report = nbformat.read(str(out / PERIOD / "peterborough" / "report.ipynb"), as_version=4)
    committed = nbformat.read(str(notebooks_dir() / "csp_profile.ipynb"), as_version=4)

    def outputs(cell):  # execution counts differ by one: the report has the injected cell
        return [{k: v for k, v in output.items() if k != "execution_count"}
                for output in cell.outputs]

    made_outputs = {cell.id: outputs(cell) for cell in report.cells
                    if cell.cell_type == "code"}
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert made_outputs[cell.id] == outputs(cell), cell.id


def test_a_csp_named_like_its_force_has_its_own_folder(made):
    out, _, printed = made
    force, csp = out / PERIOD / "wiltshire", out / PERIOD / "wiltshire-e22000361"
    assert {row["area_code"] for row in _figures(force)} == {"E23000038"}
    assert {row["area_code"] for row in _figures(csp)} == {"E22000361"}
    assert "force profile" in (force / "report.html").read_text(encoding="utf-8")
    assert "Community Safety Partnership profile" in (csp / "report.html").read_text("utf-8")
    assert _run.csp_folder_name("E22000017", "Peterborough") == "peterborough"


def test_every_clash_gets_the_code():
    # A property over the register: the 43 force folders and the 314 CSP folders are 357
    # different names, and only a CSP whose slug is a force's carries its code.
    from peelstats import data, notebook

    forces = {_output.area_slug(name) for name in data.forces()["area_name"]}
    folders = {csp.area_code: _run.csp_folder_name(csp.area_code, csp.area_name)
               for csp in notebook.all_csps()}
    assert len(set(folders.values()) | forces) == 43 + 314
    coded = sorted(code for code, folder in folders.items() if folder.endswith(code.lower()))
    assert coded == ["E22000180", "E22000361", "E22000367", "E22000372"]


def test_rerun_skips_up_to_date_reports(made):
    out, _, _ = made
    folder = out / PERIOD
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    code, printed = _report(out, *AREAS)
    assert code == 0
    assert "0 written, 3 up to date" in printed
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before


def test_all_csps_asks_for_every_csp(tmp_path, monkeypatch):
    """--all-csps: one job per CSP of the register, each with the CSP notebook, its code as
    the area and a folder of its own (the jobs are collected, not run)."""
    asked = []

    def collect(jobs, **_):
        asked.extend(jobs)
        return [_run.ReportResult(job.label, job.folder, "skipped") for job in jobs]

    monkeypatch.setattr(_run, "run_jobs", collect)
    code, printed = _report(tmp_path, "--all-csps", period="latest")
    assert code == 0, printed
    assert len(asked) == 314 and len({job.folder for job in asked}) == 314
    assert {job.notebook.name for job in asked} == {"csp_profile.ipynb"}
    assert {job.parameters["period"] for job in asked} == {PERIOD}
    assert all(job.parameters["area"].startswith(("E22", "W14")) for job in asked)
    assert {job.folder.parent for job in asked} == {tmp_path / PERIOD}


def test_a_failing_csp_report_does_not_stop_the_others(tmp_path):
    """A CSP whose notebook fails (here: a confidence of 2, which its validation cell
    refuses; the force profile has no such parameter) keeps its failed notebook and an
    earlier report, and the force in the same batch is made."""
    earlier = tmp_path / PERIOD / "peterborough"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("earlier report")
    code, printed = _report(tmp_path, "--area", "Peterborough", "--area", "Kent",
                            "-p", "confidence", "2", "--jobs", "1")
    assert code == 1
    assert "1 written, 0 up to date (skipped), 1 failed" in printed
    assert "FAILED Peterborough: ValueError: confidence must be a fraction in (0, 1)" in printed
    kept = nbformat.read(str(earlier / _output.FAILED_NAME), as_version=4)
    errors = [output.ename for cell in kept.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.output_type == "error"]
    assert errors == ["ValueError"]
    assert (earlier / "report.html").read_text() == "earlier report"
    assert all((tmp_path / PERIOD / "kent" / name).is_file() for name in FILES)


# -- refusals: exit code 2, nothing written --------------------------------------------------

def test_an_ambiguous_area_is_refused(tmp_path, capsys):
    code, _ = _report(tmp_path, "--area", "Wiltshire")
    assert code == 2
    err = capsys.readouterr().err
    assert "E23000038" in err and "E22000361" in err
    assert not any(tmp_path.iterdir())


def test_a_period_without_csp_data_is_refused(tmp_path, capsys):
    code, _ = _report(tmp_path, "--area", "Peterborough", period="2019-03")
    assert code == 2
    err = capsys.readouterr().err
    assert "Peterborough" in err and "Community Safety Partnership data" in err
    assert "2019-03" in err and "2025-06" in err
    code, _ = _report(tmp_path, "--all-csps", period="2019-12")
    assert code == 2 and "2025-06" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_a_csp_with_another_notebook_is_refused(tmp_path, capsys):
    notebook = notebooks_dir() / "force_profile.ipynb"
    code, _ = _report(tmp_path, "--area", "Peterborough", "--notebook", str(notebook))
    assert code == 2
    assert "csp_profile.ipynb" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_no_reports_asked_for_is_a_usage_error(tmp_path, capsys):
    code, _ = _report(tmp_path)
    assert code == 2
    assert "--all-csps" in capsys.readouterr().err


def test_a_parameter_the_notebook_declares_as_a_number_is_given_as_one(tmp_path):
    # csp_profile.ipynb declares `confidence: float = 0.95`; papermill would pass "0.9" as
    # text, which the notebook's check refuses.
    from peelstats._paths import notebooks_dir
    from peelstats.cli import UsageError
    from peelstats.cli.report import _parameters

    notebooks = [notebooks_dir() / "force_profile.ipynb", notebooks_dir() / "csp_profile.ipynb"]
    given = _parameters([["confidence", "0.9"], ["note", "0.9"]], notebooks)
    assert given == {"confidence": 0.9, "note": "0.9"}
    assert isinstance(given["confidence"], float)
    with pytest.raises(UsageError, match=r"-p confidence 'high': the notebook declares "
                                         r"confidence as float"):
        _parameters([["confidence", "high"]], notebooks)
    code, _ = _report(tmp_path, "--area", "Peterborough", "-p", "confidence", "high")
    assert code == 2 and not any(tmp_path.iterdir())
