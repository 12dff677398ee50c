"""Broken tables in a copy of data/ (PEELSTATS_DATA_DIR, the data_copy fixture): each is an
error naming the file, and the row, column and value where there is one, never a quiet
change of numbers or a traceback from pandas. The cases are those of issue 11.

Tests of a check other than the manifest's call `reseal` after breaking a table, so that
the manifest agrees with the broken table and the check under test must catch it alone.
"""

from __future__ import annotations

import pytest

from peelstats.cli import DATA_ERROR, main
from peelstats.data import (DataFileError, forces, population, recorded_crime, survey,
                            workforce)

CAMBS_2013 = "E23000023,Cambridgeshire,2013,original,817300,"


def _lines(path):
    return path.read_text(encoding="utf-8").split("\n")


def _write_lines(path, lines):
    path.write_text("\n".join(lines), encoding="utf-8")


def _problems(loader):
    with pytest.raises(DataFileError) as caught:
        loader()
    return caught.value.problems


def test_the_committed_tables_agree_with_their_manifest(data_copy):
    # Every table is read, so every one is checked against data/MANIFEST.csv.
    for name in ("arrests", "asb_incidents", "crime_severity", "ethnicity_population",
                 "forces", "outcomes", "population", "rate_denominators", "recorded_crime",
                 "recorded_crime_editions", "stop_search", "survey", "workforce"):
        import peelstats.data as data
        assert len(getattr(data, name)()) > 0


def test_the_manifest_lists_every_committed_table_with_its_rows_and_hash():
    import hashlib

    import pandas as pd

    from peelstats._paths import project_root

    folder = project_root() / "data"
    manifest = pd.read_csv(folder / "MANIFEST.csv")
    tables = sorted(path.name for path in folder.glob("*.csv") if path.name != "MANIFEST.csv")
    assert manifest["file"].tolist() == tables
    for name, rows, sha in manifest.itertuples(index=False):
        content = (folder / name).read_bytes()
        assert len(pd.read_csv(folder / name, dtype=str)) == rows, name
        assert hashlib.sha256(content).hexdigest() == sha, name


def test_an_infinite_count_is_named(data_copy, reseal):
    # Issue 11: a count of inf raised OverflowError.
    path = data_copy / "recorded_crime.csv"
    lines = _lines(path)
    fields = lines[1].split(",")
    fields[4] = "inf"
    lines[1] = ",".join(fields)
    _write_lines(path, lines)
    reseal(data_copy)
    [problem] = _problems(recorded_crime)
    assert (problem.file, problem.row, problem.column, problem.value, problem.reason) == (
        str(path), 2, "count", "inf", "not a finite number")


def test_an_empty_table_is_named(data_copy):
    # Issue 11: "No columns to parse from file", shown as a usage error.
    path = data_copy / "forces.csv"
    path.write_bytes(b"")
    [problem] = _problems(forces)
    assert (problem.file, problem.reason) == (str(path), "empty file: no header row and no rows")


def test_a_header_without_rows_is_named(data_copy, reseal):
    path = data_copy / "survey.csv"
    path.write_text(_lines(path)[0] + "\n", encoding="utf-8")
    reseal(data_copy)
    [problem] = _problems(survey)
    assert (problem.file, problem.reason) == (str(path), "no rows below the header")


def test_a_byte_that_is_not_utf8_is_named_by_row_column_and_value(data_copy):
    # Issue 11: a bad byte gave the codec's message and no file.
    path = data_copy / "survey.csv"
    content = path.read_bytes().replace(b",E23000023,Cambridgeshire,",
                                        b",E23000023,Cambridgeshire\xff,", 1)
    path.write_bytes(content)
    row = content[:content.index(b"\xff")].count(b"\n") + 1
    [problem] = _problems(survey)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path), row, "area_name", b"Cambridgeshire\xff")
    assert problem.reason == "not UTF-8 text (byte 0xff)"


@pytest.mark.parametrize("value", ["0", "10", "1000000000000000"])
def test_an_implausible_population_is_named(data_copy, reseal, value):
    # Issue 11: 0, 10 or 1e15 people crashed the wording (decimal.InvalidOperation).
    path = data_copy / "population.csv"
    lines = _lines(path)
    [index] = [i for i, line in enumerate(lines) if line.startswith(CAMBS_2013)]
    lines[index] = lines[index].replace(",817300,", f",{value},")
    _write_lines(path, lines)
    reseal(data_copy)
    [problem] = _problems(population)
    assert (problem.row, problem.column, problem.value) == (index + 1, "population",
                                                            int(value))
    assert problem.reason == "not a plausible population of an area (700 to 125,000,000)"


def test_a_deleted_row_of_recorded_crime_is_named_by_area_period_and_offence(data_copy,
                                                                            reseal):
    # Issue 11: KeyError: 'Total recorded crime (excluding fraud)'.
    path = data_copy / "recorded_crime.csv"
    lines = _lines(path)
    [index] = [i for i, line in enumerate(lines)
               if line.startswith("E23000023,Cambridgeshire,2014-06,Total recorded crime")]
    offences = sum(line.startswith("E23000023,Cambridgeshire,2014-06,") for line in lines)
    del lines[index]
    _write_lines(path, lines)
    reseal(data_copy)
    [problem] = _problems(recorded_crime)
    assert (problem.column, problem.value) == ("area_code", "E23000023")
    assert problem.reason.startswith(
        f"no rows in 2014-06 for 1 of the {offences} offence values the other areas have: "
        f"Total recorded crime (excluding fraud)")


def test_recorded_crime_cut_after_its_last_force_is_named(data_copy, reseal):
    # Issue 11: the table cut before Dyfed-Powys loaded, and Cambridgeshire's figures
    # quietly changed their comparators.
    path = data_copy / "recorded_crime.csv"
    lines = [line for line in _lines(path) if not line.startswith("W15000004,")]
    _write_lines(path, lines)
    reseal(data_copy)
    problems = _problems(recorded_crime)
    assert {(p.column, p.value) for p in problems} == {("area_code", "W15000004")}
    assert problems[0].reason == "no rows for this area in 2003-03"


def test_a_table_cut_short_is_caught_by_the_manifest(data_copy):
    # workforce.csv has no coverage check on load: one deleted row passes its own checks.
    path = data_copy / "workforce.csv"
    lines = _lines(path)
    del lines[5]
    _write_lines(path, lines)
    [problem] = _problems(workforce)
    assert (problem.file, problem.row, problem.column) == (str(path), None, None)
    assert problem.reason.startswith(
        "747 data rows, but MANIFEST.csv says the build wrote 748: the table was cut short")


def test_an_edited_value_is_caught_by_the_manifest(data_copy):
    path = data_copy / "recorded_crime.csv"
    lines = _lines(path)
    lines[1] = lines[1].replace(",8140,", ",8141,")
    _write_lines(path, lines)
    [problem] = _problems(recorded_crime)
    assert problem.file == str(path)
    assert "content differs" in problem.reason and "a value was edited" in problem.reason


def test_a_missing_manifest_is_an_error(data_copy):
    (data_copy / "MANIFEST.csv").unlink()
    [problem] = _problems(forces)
    assert problem.file == str(data_copy / "MANIFEST.csv")
    assert problem.reason.startswith("missing")


def test_the_cli_reports_a_bad_table_as_a_data_error(data_copy, capsys):
    (data_copy / "forces.csv").write_bytes(b"")
    code = main(["figures", "--area", "Cambridgeshire", "--period", "2014-06"])
    err = capsys.readouterr().err
    assert code == DATA_ERROR
    assert err.startswith("peelstats: data error: 1 problem in the data files:")
    assert str(data_copy / "forces.csv") in err and "usage" not in err
