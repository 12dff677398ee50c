"""The monthly outcomes build (data.police.uk outcomes files) and its loader."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from peelstats.data import DataBuildError, monthly_outcomes
from peelstats.data.build import build, monthly_outcomes as builder

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Outcome type\n")


def write_months(root: Path, rows_for=lambda month: [("E01017946", "Suspect charged")]):
    folder = root / builder.FOLDER
    folder.mkdir(parents=True)
    for month in builder.MONTHS:
        lines = [f"id{i},{month},Cambridgeshire Constabulary,Cambridgeshire Constabulary,"
                 f"0.1,52.2,On or near X,{lsoa},Name 001A,{outcome}\n"
                 for i, (lsoa, outcome) in enumerate(rows_for(month))]
        with gzip.open(folder / f"{month}-cambridgeshire-outcomes.csv.gz", "wt",
                       encoding="utf-8") as handle:
            handle.write(HEADER + "".join(lines))


def test_counts_by_group_with_every_group_every_month(tmp_path):
    write_months(tmp_path / "src", lambda month: [("E01017946", "Suspect charged"),
                                                 ("", "Offender fined"),
                                                 ("E01017946", "Local resolution")])
    build(tmp_path / "src", tmp_path / "out", builders=[builder.BUILDER])
    text = (tmp_path / "out" / "monthly_outcomes.csv").read_text()
    assert "2019-01,E23000023,Cambridgeshire,Charged/Summonsed,1\n" in text
    assert "2019-01,E23000023,Cambridgeshire,Court result (after a charge),1\n" in text
    assert text.count("\n") == 1 + 24 * len(builder.GROUPS)
    lsoa = (tmp_path / "out" / "monthly_outcomes_lsoa.csv").read_text()
    assert "2020-12,,Court result (after a charge),1\n" in lsoa


def test_unknown_outcome_type_names_file_row_column_value(tmp_path):
    write_months(tmp_path / "src", lambda month: [("E01017946", "Suspect charged"),
                                                 ("E01017946", "Suspect chargd")]
                 if month == "2020-04" else [("E01017946", "Suspect charged")])
    with pytest.raises(DataBuildError) as caught:
        build(tmp_path / "src", tmp_path / "out", builders=[builder.BUILDER])
    message = str(caught.value)
    assert "2020-04-cambridgeshire-outcomes.csv.gz" in message
    assert "row 3" in message and "Outcome type" in message and "Suspect chargd" in message


def test_wrong_month_and_bad_lsoa_are_refused(tmp_path):
    write_months(tmp_path / "src", lambda month: [("E0101794", "Suspect charged")])
    with pytest.raises(DataBuildError, match="not an ONS LSOA code"):
        build(tmp_path / "src", tmp_path / "out", builders=[builder.BUILDER])


def test_every_police_uk_type_in_the_real_files_is_mapped():
    table = monthly_outcomes()
    assert set(table["outcome_group"]) == set(builder.GROUPS)
    # 131,640 rows in the 24 files (PROVENANCE.md of the source folder)
    assert int(table["count"].sum()) == 131_640
    assert int(monthly_outcomes("lsoa")["count"].sum()) == 131_640


def test_loader_names_the_valid_tables():
    with pytest.raises(ValueError, match="unknown table 'force'"):
        monthly_outcomes("force")
