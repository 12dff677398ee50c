"""The build of the Community Safety Partnership tables (ONS Table C2, YE Jun 2025): each
quirk of the published file is a check that stops the build naming file, line, column and
value, or a correction recorded in corrections.csv.

The small sources are those of test_data_build (Cambridgeshire's total, Peterborough,
Fenland and an unassigned row, consistent by construction); the tests marked
`_NEEDS_SHARED` use the published files in ../shared/data.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from peelstats import data
from peelstats._paths import project_root
from peelstats.data import DataBuildError
from peelstats.data.build import build as build_all, csp, recorded_crime, forces as forces_table
from test_data_build import BUILDERS, C2, SHARED, _edit, c2_counts, write_sources

_NEEDS_SHARED = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the published source files ({SHARED}) are not in this checkout")
LINE = 14  # the first data record of C2: seven title lines and a header of six lines


def _problems(sources, tmp_path) -> list[str]:
    with pytest.raises(DataBuildError) as caught:
        build_all(sources, tmp_path / "out", builders=BUILDERS, whole=False)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def sources(tmp_path):
    return write_sources(tmp_path / "sources")


def test_c2_force_totals_join_recorded_crime(sources, tmp_path):
    build_all(sources, tmp_path / "out", builders=BUILDERS, whole=False)
    crime = pd.read_csv(tmp_path / "out" / "recorded_crime.csv")
    rows = crime[crime["period"] == "2025-06"].set_index(["area_code", "offence"])
    total = rows.loc[("E23000023", "Total recorded crime (excluding fraud)")]
    # c2_counts(10): the total as written in the fixture.
    assert total["count"] == int(c2_counts(10).split('"')[1].replace(",", ""))
    assert total["source"] == "ons_csp_tables"
    # England and Wales is the forces added up (here one force).
    assert rows.loc[("K04000001", "Total recorded crime (excluding fraud)"), "count"] == total["count"]
    # C2 prints no victim-based total: it is added up, and says so.
    victim = rows.loc[("E23000023", "Victim-based crime")]
    assert victim["note"] == "derived"


def test_a_count_written_otherwise_is_named_by_line(sources, tmp_path):
    _edit(sources, C2, "E23000023,Cambridgeshire,E22000015,Fenland,E07000010,Fenland,\"3,",
          "E23000023,Cambridgeshire,E22000015,Fenland,E07000010,Fenland,\"3.")
    problems = _problems(sources, tmp_path)
    assert any(f"{C2}, row {LINE + 2}, column 'Total recorded crime (excluding fraud)'" in p
               and "not a count as published" in p for p in problems), problems


def test_rows_that_do_not_add_up_to_the_force_total_stop_the_build(sources, tmp_path):
    _edit(sources, C2, f"Unassigned Cambridgeshire,,,{c2_counts(1)}",
          f"Unassigned Cambridgeshire,,,{c2_counts(2)}")
    problems = _problems(sources, tmp_path)
    assert any(f"row {LINE}" in p and "not the sum of its CSP, unassigned and airport rows" in p
               for p in problems), problems


def test_a_partly_blank_row_stops_the_build(sources, tmp_path):
    first = c2_counts(1).split(" \",")[0] + " \""  # the total, '"1,223 "'
    _edit(sources, C2, f"Unassigned Cambridgeshire,,,{first}", "Unassigned Cambridgeshire,,,")
    problems = _problems(sources, tmp_path)
    assert any(f"row {LINE + 3}" in p and "blank count in a row that has other counts" in p
               for p in problems), problems


def test_a_wholly_blank_csp_row_stops_the_build(sources, tmp_path):
    _edit(sources, C2, f"Fenland,E07000010,Fenland,{c2_counts(3)}",
          "Fenland,E07000010,Fenland," + "," * 22)
    problems = _problems(sources, tmp_path)
    assert any(f"row {LINE + 2}" in p and "only an unassigned row may be wholly blank" in p
               for p in problems), problems


def test_a_force_name_beside_another_forces_code_stops_the_build(sources, tmp_path):
    _edit(sources, C2, "E23000023,Cambridgeshire,E22000015", "E23000024,Cambridgeshire,E22000015")
    problems = _problems(sources, tmp_path)
    assert any(f"row {LINE + 2}, column 'Police Force Area name', value 'Cambridgeshire': not "
               f"the name of the force E23000024" in p for p in problems), problems


def test_a_csp_the_lookup_names_otherwise_stops_the_build(sources, tmp_path):
    _edit(sources, C2, "E22000015,Fenland", "E22000015,Fenlands")
    problems = _problems(sources, tmp_path)
    assert any("value 'Fenlands': the lookup names CSP E22000015 'Fenland'" in p
               for p in problems), problems


def test_a_csp_missing_from_the_table_stops_the_build(sources, tmp_path):
    _edit(sources, "ons-pfa-geography-population/LAD23_CSP23_PFA23_lookup_Dec2023.csv",
          "E07000010,Fenland,E22000015", "E07000010,Fenland,E22000016")
    problems = _problems(sources, tmp_path)
    assert any("value 'E22000015': CSP not in the lookup" in p for p in problems), problems
    assert any("value 'E22000016': CSP of the lookup with no row" in p for p in problems)


# --- The published files -----------------------------------------------------------------

@_NEEDS_SHARED
def test_the_two_miscoded_rows_are_corrected_with_a_record():
    corrections = pd.read_csv(project_root() / "data" / "corrections.csv")
    mine = corrections[corrections["file"] == C2].set_index("original")
    # Gwent's and South Wales's ±1 of the published file (PROVENANCE.md) come from this row.
    assert mine.loc["W15000003", ["corrected", "rows"]].tolist() == ["W15000002", "134"]
    assert mine.loc["E23000032", ["corrected", "rows"]].tolist() == ["E23000031", "344"]


@pytest.mark.slow
@_NEEDS_SHARED
def test_the_published_gwent_row_uncorrected_leaves_gwent_and_south_wales_one_apart(
        tmp_path, monkeypatch):
    source = tmp_path / "shared"
    shutil.copytree(SHARED, source)
    monkeypatch.setattr(csp.c2, "CODE_FIXES", {
        key: value for key, value in csp.c2.CODE_FIXES.items() if key[0] != "Unassigned Gwent"})
    with pytest.raises(DataBuildError) as caught:
        build_all(source, tmp_path / "out",
                  builders=[forces_table.BUILDER, recorded_crime.BUILDER])
    problems = [str(p) for p in caught.value.problems
                if "Total recorded crime" in str(p)]
    # PROVENANCE.md: Gwent rows 56,960, total 56,961; South Wales rows 109,799, total 109,798.
    assert any("value '56,961'" in p and "W15000002" in p and "(56,960)" in p for p in problems)
    assert any("value '109,798'" in p and "W15000003" in p and "(109,799)" in p
               for p in problems)


@_NEEDS_SHARED
def test_csp_populations_add_up_to_each_forces_mid_2023_population():
    units = data.csp_population()
    revised = data.population("revised")
    forces = revised[revised["mid_year"] == 2023].set_index("area_code")["population"]
    summed = units.groupby("area_code")["population"].sum()
    codes = list(data.forces()["area_code"])
    assert summed.reindex(codes).astype(int).tolist() == forces.reindex(codes).astype(int).tolist()
    # Every CSP has its population unit; a shared unit's CSPs all point to it.
    register = data.csp_register()
    assert len(register) == 314
    assert set(register["population_code"]) == set(units["population_code"])
    shared = register[register["population_code"] != register["csp_code"]]
    assert set(shared["note"].str.split(";").explode()) >= {"shares_authority"}


def test_england_and_wales_is_the_43_forces_in_ye_jun_2025():
    crime = data.recorded_crime()
    latest = crime[crime["period"] == "2025-06"]
    forces = latest[latest["area_code"].isin(data.forces()["area_code"])]
    assert forces["area_code"].nunique() == 43
    summed = forces.groupby("offence")["count"].sum()
    whole = latest[latest["area_code"] == "K04000001"].set_index("offence")["count"]
    assert (summed.sort_index() == whole.sort_index()).all()


def test_ye_jun_2025_counts_are_the_published_ones():
    # ONS Table C2 YE Jun 2025 (PROVENANCE.md of the source): Cambridgeshire 67,942 crimes
    # excluding fraud; Peterborough 23,061; Unassigned Cambridgeshire 858.
    crime = data.recorded_crime().set_index(["area_code", "period", "offence"])["count"]
    total = "Total recorded crime (excluding fraud)"
    assert crime[("E23000023", "2025-06", total)] == 67942
    csps = data.csp_recorded_crime().set_index(["area_code", "offence"])["count"]
    parts = {"E22000013": 14100, "E22000014": 4092, "E22000015": 7890, "E22000016": 10480,
             "E22000017": 23061, "E22000018": 7461}
    register = data.csp_register().set_index("csp_code")
    assert set(register.index[register["area_code"] == "E23000023"]) == set(parts)
    assert {code: int(csps[(code, total)]) for code in parts} == parts
    assert 67942 - sum(parts.values()) == 858
