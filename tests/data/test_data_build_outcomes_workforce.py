"""The outcomes, stop and search, census ethnicity, arrests, workforce and Crime Severity
Score tables: their builders' checks on bad source files, and their loaders.

Builder tests copy a few rows of each published file from <repo>/../shared/data into a
temporary folder, break one cell, and check that the problem names the file, row, column
and value; they skip when ../shared/data is absent (a checkout without the sources). The
loader tests read the committed data/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peelstats._paths import project_root
from peelstats.data import (DataFileError, arrests, crime_severity,
                            ethnicity_population, outcomes, stop_search, workforce)
from peelstats.data.build import (arrests as arrests_builder, crime_outcomes,
                                  crime_severity as severity_builder,
                                  ethnicity_population as ethnicity_builder,
                                  stop_search as stop_search_builder,
                                  workforce as workforce_builder)
from peelstats.data.build._context import BuildContext

SHARED = project_root().parent / "shared" / "data"
REGISTER = "ons-pfa-geography-population/pfa_codes.csv"
needs_sources = pytest.mark.skipif(not SHARED.is_dir(),
                                   reason="the published source files (../shared/data) "
                                          "are not in this checkout")


def _copy(root: Path, relative: str, keep=None) -> Path:
    """Copy a source file into `root`, keeping the header and the rows `keep` selects."""
    frame = pd.read_csv(SHARED / relative, dtype="str", keep_default_na=False)
    if keep is not None:
        frame = frame[keep(frame)]
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(target, index=False, lineterminator="\n")
    return target


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; `row` as a spreadsheet shows it (the header is row 1)."""
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    frame.loc[frame.index[row - 2], column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def _run(builder, root: Path):
    # The sample sources are a few rows each: the checks that a source is whole (every
    # force and period) are tested on the published files in test_data_build.py.
    context = BuildContext(source=root, whole=False)
    tables = builder.BUILDER.build(context)
    return tables, context.log.problems


CAMBS = "E23000023"
TWO_FORCES = ("Cambridgeshire", "Kent")


@pytest.fixture
def sources(tmp_path):
    if not SHARED.is_dir():
        pytest.skip("the published source files (../shared/data) are not in this checkout")
    _copy(tmp_path, REGISTER)
    _copy(tmp_path, crime_outcomes.SOURCE,
          lambda f: f["force_name"].isin(TWO_FORCES))
    _copy(tmp_path, stop_search_builder.SOURCE,
          lambda f: f["force_name"].isin(TWO_FORCES) & f["financial_year"].isin(
              ["2017/18", "2018/19"]))
    _copy(tmp_path, ethnicity_builder.POLICE_SOURCE,
          lambda f: f["Police force"].isin(TWO_FORCES))
    _copy(tmp_path, ethnicity_builder.CENSUS_SOURCE,
          lambda f: f["pfa_name"].isin(TWO_FORCES))
    _copy(tmp_path, arrests_builder.SOURCE,
          lambda f: f["force_name"].isin(TWO_FORCES) & (f["financial_year"] == "2017/18"))
    _copy(tmp_path, workforce_builder.SOURCE,
          lambda f: f["force_name"].isin([*TWO_FORCES, "British Transport Police"]))
    _copy(tmp_path, severity_builder.SOURCE,
          lambda f: f["area_name"].isin([*TWO_FORCES, "ENGLAND AND WALES", "City of London"]))
    return tmp_path


BUILDERS = [crime_outcomes, stop_search_builder, ethnicity_builder, arrests_builder,
            workforce_builder, severity_builder]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_the_sample_sources_build(sources, builder):
    tables, problems = _run(builder, sources)
    assert problems == []
    [table] = tables
    assert len(table.frame) > 0
    assert table.schema.problems(table.schema.conform(table.frame), "t") == []
    assert "Open Government Licence v3.0" in " ".join(table.provenance.split())


# (builder, source file, row, column, new value, reason expected in the problem)
BAD_CELLS = [
    (crime_outcomes, crime_outcomes.SOURCE, 2, "outcomes_for_offences_recorded_in_year",
     "12x", "not a number"),
    (crime_outcomes, crime_outcomes.SOURCE, 3, "force_name", "Cambridgshire",
     "unknown force name"),
    (crime_outcomes, crime_outcomes.SOURCE, 4, "force_name", "Kent",
     "force name belongs to E23000032"),
    (crime_outcomes, crime_outcomes.SOURCE, 2, "outcome_group", "Charged",
     "unknown outcome group"),
    (crime_outcomes, crime_outcomes.SOURCE, 2, "financial_year", "2018-19",
     "not a financial year"),
    (stop_search_builder, stop_search_builder.SOURCE, 2, "searches", "-4", "negative"),
    (stop_search_builder, stop_search_builder.SOURCE, 3, "legislation", "Section 61",
     "unknown legislation"),
    (stop_search_builder, stop_search_builder.SOURCE, 2, "financial_year", "2016/17",
     "financial year does not end on year_ending"),
    (stop_search_builder, stop_search_builder.SOURCE, 2, "ethnic_group_self_defined",
     "Black", "unknown ethnic group"),
    (stop_search_builder, stop_search_builder.SOURCE, 2, "resultant_arrests", "2.5",
     "not a whole number"),
    (ethnicity_builder, ethnicity_builder.POLICE_SOURCE, 2, "White", "1",
     "but census2011-ethnicity-pfa/census2011_ethnic_group_5_by_pfa.csv has"),
    (ethnicity_builder, ethnicity_builder.POLICE_SOURCE, 2, "Police force", "Cambs",
     "unknown force name"),
    (arrests_builder, arrests_builder.SOURCE, 2, "sex", "F", "unknown sex"),
    (arrests_builder, arrests_builder.SOURCE, 5, "year_ending", "2018-04-30",
     "not the end of a financial year"),
    (arrests_builder, arrests_builder.SOURCE, 5, "year_ending", "2018-03-31 00:00:00",
     "not the end of a financial year"),
    (workforce_builder, workforce_builder.SOURCE, 2, "year", "2018.0",
     "not a year from 2007 to 2023 written YYYY"),
    (workforce_builder, workforce_builder.SOURCE, 2, "officer_fte", "-1.0", "negative"),
    (workforce_builder, workforce_builder.SOURCE, 3, "geo_code", "E23000099",
     "unknown police force area code"),
    (severity_builder, severity_builder.SOURCE, 2, "severity_score", "n/a", "not a number"),
    (severity_builder, severity_builder.SOURCE, 2, "severity_score", "1e999",
     "not a finite number"),
    (severity_builder, severity_builder.SOURCE, 2, "offence_group", "Burglary",
     "unknown offence group"),
]


@needs_sources
@pytest.mark.parametrize("builder, relative, row, column, value, reason", BAD_CELLS)
def test_a_bad_cell_is_named(sources, builder, relative, row, column, value, reason):
    _edit(sources / relative, row, column, value)
    tables, problems = _run(builder, sources)
    assert tables == []
    named = [p for p in problems if (p.file, p.row, p.column) == (relative, row, column)]
    assert named, problems
    assert any(reason in p.reason for p in named), named
    if value not in ("1",):     # the census check names the computed total instead
        assert any(str(p.value) == value for p in named)


@needs_sources
def test_every_bad_row_is_reported_at_once(sources):
    path = sources / arrests_builder.SOURCE
    for row in (2, 7, 11):
        _edit(path, row, "arrests", "many")
    _, problems = _run(arrests_builder, sources)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "arrests", "many"), (7, "arrests", "many"), (11, "arrests", "many")]


@needs_sources
@pytest.mark.parametrize("builder", BUILDERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_missing_column_is_named(sources, builder):
    relative = getattr(builder, "SOURCE", None) or builder.POLICE_SOURCE
    required = getattr(builder, "_COLUMNS", None) or builder._POLICE_COLUMNS
    path = sources / relative
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    dropped = required[-1]
    frame.drop(columns=dropped).to_csv(path, index=False)
    tables, problems = _run(builder, sources)
    assert tables == []
    assert any((p.file, p.row, p.column) == (relative, 1, dropped)
               and "required column is missing" in p.reason for p in problems)


@needs_sources
def test_a_duplicated_row_is_named(sources):
    path = sources / crime_outcomes.SOURCE
    lines = path.read_text().split("\n")
    lines.insert(3, lines[1])
    path.write_text("\n".join(lines))
    _, problems = _run(crime_outcomes, sources)
    assert any(p.row == 4 and "duplicated row" in p.reason for p in problems)


@needs_sources
def test_outcome_groups_must_add_up_to_the_offences(sources):
    path = sources / crime_outcomes.SOURCE
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    cambs = frame.index[frame["force_name"] == "Cambridgeshire"]
    frame.loc[cambs, "offences_recorded_excl_fraud"] = "65310"
    frame.to_csv(path, index=False)
    _, problems = _run(crime_outcomes, sources)
    assert problems and all(p.column in ("offences_recorded_excl_fraud",
                                         "pct_of_offences_recorded") for p in problems)
    assert any("add up to 65309" in p.reason for p in problems)


@needs_sources
def test_stop_search_keeps_searches_without_arrests_apart(sources):
    # A row whose arrests are not given counts in `searches` but not in the paired counts.
    path = sources / stop_search_builder.SOURCE
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    row = frame.index[(frame["searches"] != "") & (frame["resultant_arrests"] != "")][0]
    searches = int(frame.loc[row, "searches"])
    key = frame.loc[row, ["year_ending", "pfa_code", "legislation",
                          "ethnic_group_self_defined"]]
    [before], _ = _run(stop_search_builder, sources)
    frame.loc[row, "resultant_arrests"] = ""
    frame.to_csv(path, index=False)
    [after], problems = _run(stop_search_builder, sources)
    assert problems == []

    def pick(table):
        t = table.frame
        return t[(t["period"] == key["year_ending"][:7]) & (t["area_code"] == key["pfa_code"])
                 & (t["legislation"] == key["legislation"])
                 & (t["ethnic_group"] == key["ethnic_group_self_defined"])].iloc[0]

    old, new = pick(before), pick(after)
    assert new["searches"] == old["searches"]
    assert new["paired_searches"] == old["paired_searches"] - searches


# --- loaders -------------------------------------------------------------------------------

LOADERS = [outcomes, stop_search, ethnicity_population, arrests, workforce, crime_severity]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_loaders_return_copies_with_unique_keys(loader):
    first = loader()
    assert len(first) > 0 and first.index.is_unique
    first.iloc[0, 0] = "changed"
    assert loader().iloc[0, 0] != "changed"


def test_outcomes_table():
    table = outcomes()
    assert set(table["period"]) == {"2019-03"}
    assert table["area_code"].nunique() == 44       # 43 forces and BTP
    per_force = table.groupby("area_code")
    assert (per_force["count"].sum() == per_force["offences"].first()).all()
    assert (per_force.size() == 11).all()


def test_stop_search_table():
    table = stop_search()
    periods = sorted(table["period"].unique())
    assert periods[0] == "2007-03" and periods[-1] == "2019-03" and len(periods) == 13
    assert (table["paired_searches"] <= table["searches"].fillna(0)).all()
    # BTP has no data for 2006/07 to 2008/09.
    assert not ((table["area_code"] == "BTP") & (table["period"] <= "2009-03")
                & table["searches"].notna()).any()


def test_ethnicity_groups_add_up_to_the_residents():
    table = ethnicity_population().pivot(index="area_code", columns="ethnic_group",
                                         values="population")
    assert len(table) == 43
    parts = table.drop(columns="All usual residents").sum(axis=1)
    assert (parts == table["All usual residents"]).all()


def test_workforce_and_severity_tables():
    staff = workforce()
    assert staff["as_at"].str.fullmatch(r"\d{4}-03-31").all()
    assert staff.groupby("as_at")["area_code"].nunique().eq(44).all()
    assert staff.loc[staff["as_at"] < "2018-03-31",
                     "police_support_volunteer_headcount"].isna().all()
    severity = crime_severity()
    city = severity[severity["area_code"] == "E23000034"]
    assert city["severity_score"].isna().all()          # ONS publishes none
    assert severity[severity["area_code"] != "E23000034"]["severity_score"].notna().all()


def test_a_bad_file_is_caught_on_load(data_copy):
    path = data_copy / "stop_search.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[3].split(",")
    fields[3] = "Section 61"                     # legislation
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        stop_search()
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "legislation", "Section 61")
    assert str(path) in str(caught.value)


def test_a_negative_count_is_caught_on_load(data_copy):
    path = data_copy / "outcomes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[1].split(",")
    fields[5] = "-3"                             # count
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 2, column 'count', value .*-3\)?: negative"):
        outcomes()
