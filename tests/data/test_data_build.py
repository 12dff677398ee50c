"""The data build: checks that stop it, what it writes, and that the committed data/ is
exactly what it writes.

Most tests build from a small set of source files written here in the published layouts
(a few rows each); the last test rebuilds from the real files in <repo>/../shared/data.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from peelstats._paths import project_root
from peelstats.cli import main
from peelstats.data import DataBuildError, forces
from peelstats.data.build import (asb_incidents, build as build_all, forces as forces_table,
                                  population, rate_denominators, recorded_crime,
                                  recorded_crime_editions, registry, survey)
from peelstats.data.build._output import write_directory

HO = "ho-recorded-crime-pfa/rec-crime-pfa.csv"
P1 = "ons-pfa-tables/prc_pfa_counts_ye_mar2018_to_dec2019.csv"
SHARED = project_root().parent / "shared" / "data"

# The builders whose sources write_sources() provides; other tables have their own tests.
BUILDERS = [module.BUILDER for module in (forces_table, recorded_crime, recorded_crime_editions,
                                          population, rate_denominators, asb_incidents,
                                          survey)]


def build(source, out):
    # The sources here are a few rows each: the checks that a source is whole (every force
    # and period) are tested on the published files below.
    return build_all(source, out, builders=BUILDERS, whole=False)

# Table P1 categories (ONS names) and the printed totals made of them.
_P1_PARTS = {
    "Violence against the person": ["Homicide", "Violence with injury",
                                    "Violence without injury", "Stalking and harassment",
                                    "Death or serious injury - unlawful driving"],
    "Burglary": ["Residential burglary", "Non-residential burglary"],
}
_P1_OTHER = ["Sexual offences", "Robbery", "Vehicle offences", "Theft from the person",
             "Bicycle theft", "Shoplifting", "All other theft offences",
             "Criminal damage and arson", "Drug offences", "Possession of weapons offences",
             "Public order offences", "Miscellaneous crimes against society"]


def _write(root: Path, relative: str, text: str, crlf: bool = False) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))


def _p1_rows(edition: str, code: str, name: str, area_type: str, base: int) -> list[str]:
    counts = {}
    for i, offence in enumerate([*_P1_PARTS["Violence against the person"],
                                 *_P1_PARTS["Burglary"], *_P1_OTHER]):
        counts[offence] = base + i
    for total, parts in _P1_PARTS.items():
        counts[total] = sum(counts[part] for part in parts)
    theft = ["Burglary", "Vehicle offences", "Theft from the person", "Bicycle theft",
             "Shoplifting", "All other theft offences"]
    counts["Theft offences"] = sum(counts[part] for part in theft)
    counts["Total recorded crime (excluding fraud)"] = sum(
        counts[part] for part in ["Violence against the person", "Sexual offences",
                                  "Robbery", "Theft offences", "Criminal damage and arson",
                                  "Drug offences", "Possession of weapons offences",
                                  "Public order offences",
                                  "Miscellaneous crimes against society"])
    return [f"{edition},{code},{name},{area_type},{offence},{count}.0,"
            for offence, count in counts.items()]


def write_sources(root: Path) -> Path:
    """A complete, valid source folder with a few rows per file."""
    register = forces()
    codes = ["pfa_code,pfa_name_ons_lookup,country,name_in_rec_crime_pfa,"
             "name_in_ons_pfa_tables,region_in_rec_crime_pfa,police_uk_force_id"]
    codes += [f'{r.area_code},"{r.area_name}",{r.country},"{r.area_name}","{r.area_name}",'
              f'{r.region},{r.police_uk_id}' for r in register.itertuples()]
    _write(root, "ons-pfa-geography-population/pfa_codes.csv", "\n".join(codes) + "\n")
    _write(root, HO, "\n".join([
        "12 months ending,PFA,Region,Offence,Rolling year total number of offences",
        "30/12/2017,Cambridgeshire,East,Robbery,665",
        "30/12/2017,Cambridgeshire,East,Domestic burglary,587",
        "30/12/2017,Cambridgeshire,East,Residential burglary,3533",
        "31/03/2018,Cambridgeshire,East,Robbery,700",
        "31/03/2018,Cambridgeshire,East,Residential burglary,4454",
        "31/03/2018,Cambridgeshire,East,Death or serious injury caused by illegal driving,-2",
        "31/03/2018,Norfolk,East,Robbery,300",
        "31/03/2018,Norfolk,East,Fraud offences,-5",
        "31/03/2018,British Transport Police,British Transport Police,Robbery,50",
        "31/03/2018,Action Fraud,Fraud: Action Fraud,Action Fraud,1000",
    ]) + "\n", crlf=True)
    p1 = ["edition_year_ending,area_code,area_name,area_type,offence,offences,flag"]
    p1 += _p1_rows("2019-03", "E23000023", "Cambridgeshire", "pfa", 10)
    p1 += _p1_rows("2019-03", "BTP", "British Transport Police", "btp", 1)
    _write(root, P1, "\n".join(p1) + "\n")
    _write(root, "ons-pfa-tables/pfa_population_households_mid2002_2018_original.csv",
           "area_code,area_name,area_type,mid_year,population,households,source\n"
           'E23000023,Cambridgeshire,pfa,2017,847200.0,339200.0,"P3"\n'
           'E23000023,Cambridgeshire,pfa,2018,852500.0,341500.0,"P3"\n'
           'K04000001,ENGLAND AND WALES,country_group,2018,59115800.0,23395400.0,"P3"\n')
    _write(root, "ons-pfa-geography-population/pfa_population_mid2011_2023_revised.csv",
           "area_code,area_name,mid_year,population\nE23000023,Cambridgeshire,2011,806769\n")
    _write(root, "census2011-households/census2011_households_pfa.csv",
           "area_code,area_name,households\nE23000023,Cambridgeshire,325264\n")
    _write(root, "ons-pfa-tables/asb_incidents_pfa_2007_08_to_2018_19.csv",
           "edition_year_ending,area_code,area_name,area_type,financial_year,incidents,"
           "rate_per_1000_population,flag\n"
           "2019-03,K04000001,ENGLAND AND WALES (incl. BTP),country_group,2018/19,1100.0,"
           "20.5,\n"
           "2019-03,K04000001,ENGLAND AND WALES (excl. BTP),country_group,2018/19,1000.0,"
           "20.0,\n"
           "2019-03,BTP,British Transport Police,btp,2018/19,100.0,,..\n"
           "2019-03,E23000023,Cambridgeshire,pfa,2010/11,30.0,40.1,\n"
           "2019-03,E23000023,Cambridgeshire,pfa,2018/19,20.0,25.5,\n")
    _write(root, "ons-pfa-tables/csew_asb_experience_pfa_ye_mar2018_mar2019.csv",
           "edition_year_ending,area_code,area_name,area_type,measure,percent,"
           "sig_diff_from_england_and_wales,sig_change_vs_previous_year,"
           "unweighted_base_adults\n"
           "2019-03,K04000001,ENGLAND AND WALES,country_group,Any anti-social behaviour,"
           "37.8,:,*↑,34113\n"
           "2019-03,E23000023,Cambridgeshire,pfa,Any anti-social behaviour,35.1,,*↓,650\n")
    write_c2_sources(root)
    return root


# The header of ONS Table C2 as published (quoted names with line breaks).
C2 = "ons-csp-tables-ye-jun2025/policeforceareatablesyejune25final.csv"
C2_LOOKUP = "ons-pfa-geography-population/LAD23_CSP23_PFA23_lookup_Dec2023.csv"
C2_HEAD = (
    '"Table C2: Number of police recorded crimes for headline offences by Community Safety '
    'Partnership area, England and Wales, year ending June 2025 [note 1][note 2][note 3]"\n'
    + "Notes\n" * 6 +
    '"Police Force\nArea code","Police Force\nArea name","Community Safety\nPartnership code",'
    '"Community Safety\nPartnership name",Local Authority code,Local Authority name,'
    '"Total recorded crime\n (excluding fraud)",Violence against the person,Homicide,'
    "Death or serious injury caused by illegal driving,Violence with injury,"
    "Violence without injury,Stalking and harassment,Sexual offences,Robbery,"
    "Theft offences,Burglary,Residential burglary,Non-residential burglary,"
    "Vehicle offences,Theft from the person,Bicycle theft,Shoplifting,"
    "All other theft offences,Criminal damage and arson,Drug offences,"
    "Possession of weapons offences,Public order offences,"
    "Miscellaneous crimes against society\n")


def c2_counts(scale: int) -> str:
    """22 counts of one C2 row, consistent with its printed totals, as published
    (``"1,234 "``); `scale` multiplies them."""
    vap = [1, 10, 100, 200, 300]
    burglary = [40, 20]
    theft = [sum(burglary), 30, 5, 6, 70, 80]
    other = [50, 9, 120, 60]
    total = sum(vap) + 25 + 7 + sum(theft) + 90 + sum(other)
    values = [total, sum(vap), *vap, 25, 7, sum(theft), sum(burglary),
              *burglary, *theft[1:], 90, *other]
    values = [value * scale for value in values]
    return ",".join(f'"{value:,} "' if value >= 1000 else f"{value} " for value in values)


def write_c2_sources(root: Path) -> None:
    """Table C2 for Cambridgeshire: its total, Peterborough, Fenland and an unassigned row,
    and the lookup of those two CSPs."""
    _write(root, C2, C2_HEAD + "\n".join([
        f"E23000023,Cambridgeshire,,,,,{c2_counts(10)}",
        f"E23000023,Cambridgeshire,E22000017,Peterborough,E06000031,Peterborough,{c2_counts(6)}",
        f"E23000023,Cambridgeshire,E22000015,Fenland,E07000010,Fenland,{c2_counts(3)}",
        f"E23000023,Cambridgeshire,,Unassigned Cambridgeshire,,,{c2_counts(1)}",
    ]) + "\n")
    _write(root, C2_LOOKUP,
           "\ufeffLAD23CD,LAD23NM,CSP23CD,CSP23NM,PFA23CD,PFA23NM,ObjectId\n"
           "E06000031,Peterborough,E22000017,Peterborough,E23000023,Cambridgeshire,1\n"
           "E07000010,Fenland,E22000015,Fenland,E23000023,Cambridgeshire,2\n")


@pytest.fixture
def sources(tmp_path):
    return write_sources(tmp_path / "sources")


@pytest.fixture
def existing_out(tmp_path):
    """An output folder that holds earlier tables, which a failed build must keep."""
    out = tmp_path / "data"
    out.mkdir()
    (out / "forces.csv").write_bytes(b"earlier output\n")
    (out / "README.md").write_bytes(b"earlier readme\n")
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _edit(sources: Path, relative: str, old: str, new: str) -> None:
    path = sources / relative
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def _failed_build(sources: Path, out: Path) -> DataBuildError:
    before = _snapshot(out)
    siblings = set(out.parent.iterdir())
    with pytest.raises(DataBuildError) as caught:
        build(sources, out)
    assert _snapshot(out) == before, "a failed build changed the output folder"
    assert set(out.parent.iterdir()) == siblings, "a failed build left files beside it"
    return caught.value


def test_fixture_sources_build(sources, tmp_path):
    out = tmp_path / "built"
    written = build(sources, out)
    assert set(written) == {path.name for path in out.iterdir()}
    assert "README.md" in written and "recorded_crime.csv" in written
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Contains public sector information licensed under the Open Government Licence " \
           "v3.0" in readme


def test_missing_column_stops_the_build(sources, existing_out):
    _edit(sources, HO, ",Offence,", ",Offense,")
    error = _failed_build(sources, existing_out)
    [problem] = [p for p in error.problems if p.column == "Offence"]
    assert (problem.file, problem.row) == (HO, 1)
    assert "required column is missing" in problem.reason
    assert "Offense" in problem.reason   # the header as found
    assert HO in str(error) and "'Offence'" in str(error)


def test_unknown_force_name_stops_the_build(sources, existing_out):
    _edit(sources, HO, "31/03/2018,Norfolk,East,Robbery", "31/03/2018,Norfolkshire,East,Robbery")
    error = _failed_build(sources, existing_out)
    [problem] = error.problems
    # Row 8 of the file: the header is row 1.
    assert (problem.file, problem.row, problem.column, problem.value) == (
        HO, 8, "PFA", "Norfolkshire")
    assert "unknown force name" in problem.reason and "'Norfolk'" in problem.reason
    assert f"{HO}, row 8, column 'PFA', value 'Norfolkshire'" in str(error)


def test_a_row_with_too_many_cells_stops_the_build_naming_the_file(sources, existing_out):
    # pandas' own error names no file; the build names it and writes nothing.
    _edit(sources, HO, "Cambridgeshire,East,Robbery,700", "Cambridgeshire,East,Robbery,700,7")
    error = _failed_build(sources, existing_out)
    [problem] = [p for p in error.problems if p.file == HO]
    assert problem.reason.startswith("cannot be read as CSV")


def test_a_repeated_column_name_stops_the_build(sources, existing_out):
    # pandas would rename the second "Region" to "Region.1" and the build ignore it.
    _edit(sources, HO, ",Offence,", ",Region,Offence,")
    error = _failed_build(sources, existing_out)
    [problem] = [p for p in error.problems if p.file == HO]
    assert (problem.row, problem.column) == (1, "Region")
    assert "appears 2 times in the header" in problem.reason


def test_non_numeric_count_stops_the_build(sources, existing_out):
    _edit(sources, HO, "Cambridgeshire,East,Robbery,700", "Cambridgeshire,East,Robbery,7OO")
    error = _failed_build(sources, existing_out)
    [problem] = error.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        HO, 5, "Rolling year total number of offences", "7OO")
    assert "not a number" in problem.reason


def test_fractional_count_stops_the_build(sources, existing_out):
    _edit(sources, P1, "Homicide,10.0,", "Homicide,10.5,")
    error = _failed_build(sources, existing_out)
    assert [(p.file, p.row, p.column, p.value, p.reason) for p in error.problems
            if p.row is not None] == [(P1, 2, "offences", "10.5", "not a whole number")]


def test_duplicated_row_stops_the_build(sources, existing_out):
    _edit(sources, HO, "31/03/2018,Norfolk,East,Robbery,300\r\n",
          "31/03/2018,Norfolk,East,Robbery,300\r\n31/03/2018,Norfolk,East,Robbery,301\r\n")
    error = _failed_build(sources, existing_out)
    [problem] = error.problems
    assert (problem.file, problem.row) == (HO, 9)
    assert problem.value == ("31/03/2018", "Norfolk", "Robbery")
    assert "duplicated row" in problem.reason and "row 8" in problem.reason


def test_every_bad_cell_is_reported_at_once(sources, existing_out):
    _edit(sources, HO, "Cambridgeshire,East,Robbery,700", "Cambridgeshire,East,Robbery,x")
    _edit(sources, HO, "Norfolk,East,Robbery,300", "Norfolk,East,Robbery,y")
    _edit(sources, "ons-pfa-tables/csew_asb_experience_pfa_ye_mar2018_mar2019.csv",
          "35.1", "135.1")
    error = _failed_build(sources, existing_out)
    assert sorted((p.file, p.row, p.value) for p in error.problems) == [
        (HO, 5, "x"), (HO, 8, "y"),
        ("ons-pfa-tables/csew_asb_experience_pfa_ye_mar2018_mar2019.csv", 3, "135.1")]


def test_a_malformed_date_other_than_the_known_one_stops_the_build(sources, existing_out):
    _edit(sources, HO, "31/03/2018,Norfolk,East,Robbery", "30/03/2018,Norfolk,East,Robbery")
    error = _failed_build(sources, existing_out)
    [problem] = error.problems
    assert (problem.row, problem.column, problem.value) == (8, "12 months ending",
                                                            "30/03/2018")


def test_the_known_malformed_date_is_corrected_with_a_record(sources, tmp_path):
    out = tmp_path / "built"
    build(sources, out)
    crime = pd.read_csv(out / "recorded_crime.csv", dtype=str, keep_default_na=False)
    cambs = crime[crime["area_code"] == "E23000023"]
    assert "2017-12" in set(cambs["period"])
    dec = cambs[cambs["period"] == "2017-12"]
    assert dec["note"].str.contains("date_corrected").all()
    corrections = pd.read_csv(out / "corrections.csv", dtype=str, keep_default_na=False)
    record = corrections[corrections["original"] == "30/12/2017"].iloc[0]
    assert (record["file"], record["corrected"], record["rows"], record["n_rows"]) == (
        HO, "31/12/2017", "2-4", "3")


def test_negative_counts_are_kept_and_flagged(sources, tmp_path):
    out = tmp_path / "built"
    build(sources, out)
    crime = pd.read_csv(out / "recorded_crime.csv", keep_default_na=False,
                        dtype={"count": "Int64"}, na_values={"count": [""]})
    negative = crime[crime["count"] < 0]
    source_rows = negative[~negative["note"].str.contains("derived")]
    assert sorted(source_rows["count"]) == [-5, -2]
    assert source_rows["note"].str.contains("negative_in_source").all()
    # Fraud is outside the total; the driving offence is inside it, and says so.
    norfolk_total = crime[(crime["area_code"] == "E23000024") & (crime["period"] == "2018-03")
                          & (crime["offence"] == "Total recorded crime (excluding fraud)")]
    assert norfolk_total["count"].tolist() == [300]
    cambs_total = crime[(crime["area_code"] == "E23000023") & (crime["period"] == "2018-03")
                        & (crime["offence"] == "Total recorded crime (excluding fraud)")]
    assert cambs_total["count"].tolist() == [700 + 4454 - 2]
    assert "includes_negative" in cambs_total["note"].iloc[0]


def test_a_table_value_its_schema_cannot_hold_is_named_and_nothing_is_written(
        sources, existing_out):
    # A builder's table is checked again as it is written: a fractional or textual count
    # is named by the table file's row (header = row 1), column and value, with the rest.
    from peelstats.data._schema import Column, TableSchema
    from peelstats.data.build._context import BuiltTable, TableBuilder

    schema = TableSchema("odd", (Column("a", "str"), Column("n", "int")), key=("a",))
    frame = pd.DataFrame({"a": ["p", "q", "r"], "n": [1, 2.5, "x"]})
    odd = TableBuilder("odd", lambda context: [BuiltTable(schema, frame, "")])
    before = _snapshot(existing_out)
    with pytest.raises(DataBuildError) as caught:
        build_all(sources, existing_out, builders=[odd])
    assert _snapshot(existing_out) == before
    assert [(p.file, p.row, p.column, p.value, p.reason) for p in caught.value.problems] == [
        ("odd.csv", 3, "n", 2.5, "not a whole number"),
        ("odd.csv", 4, "n", "x", "not a whole number")]


def test_a_printed_total_that_is_not_the_sum_of_its_parts_is_named_by_row(sources,
                                                                         existing_out):
    # The fixture's Cambridgeshire rows: 19 categories (rows 2-20), then the printed
    # totals, Burglary on row 22 = (10 + 5) + (10 + 6) = 31.
    _edit(sources, P1, "Cambridgeshire,pfa,Burglary,31.0,", "Cambridgeshire,pfa,Burglary,32.0,")
    error = _failed_build(sources, existing_out)
    [problem] = error.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        P1, 22, "offences", 32.0)
    assert "not the sum of its parts (31)" in problem.reason


def test_negative_asb_incidents_and_rates_are_named(sources, existing_out):
    asb = "ons-pfa-tables/asb_incidents_pfa_2007_08_to_2018_19.csv"
    _edit(sources, asb, "pfa,2018/19,20.0,25.5,", "pfa,2018/19,-20.0,-25.5,")
    error = _failed_build(sources, existing_out)
    assert [(p.file, p.row, p.column, p.value, p.reason) for p in error.problems] == [
        (asb, 6, "incidents", "-20.0", "negative"),
        (asb, 6, "rate_per_1000_population", "-25.5", "negative")]


def test_build_is_deterministic(sources, tmp_path):
    build(sources, tmp_path / "a")
    build(sources, tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert all(b"\r" not in content for content in _snapshot(tmp_path / "a").values())


def test_a_write_that_fails_leaves_the_folder_untouched(existing_out):
    before = _snapshot(existing_out)
    siblings = set(existing_out.parent.iterdir())
    # "x" as a file and as a folder cannot both be written: the write fails midway.
    with pytest.raises(OSError):
        write_directory(existing_out, {"a.csv": b"1\n", "x": b"2\n", "x/y.csv": b"3\n"})
    assert _snapshot(existing_out) == before
    assert set(existing_out.parent.iterdir()) == siblings


def test_a_successful_build_replaces_the_whole_folder(sources, existing_out):
    build(sources, existing_out)
    assert (existing_out / "forces.csv").read_bytes() != b"earlier output\n"
    assert not [path for path in existing_out.parent.iterdir()
                if path.name.startswith(".data.")]


def test_cli_reports_the_problem_and_exit_code(sources, existing_out, capsys, monkeypatch):
    monkeypatch.setattr(registry, "BUILDERS", BUILDERS)
    _edit(sources, HO, "31/03/2018,Norfolk,East,Robbery", "31/03/2018,Norfolkshire,East,Robbery")
    before = _snapshot(existing_out)
    assert main(["data", "build", "--source", str(sources), "--out", str(existing_out)]) == 1
    message = capsys.readouterr().err
    assert "row 8, column 'PFA', value 'Norfolkshire'" in message
    assert "left unchanged" in message
    assert _snapshot(existing_out) == before


def test_cli_builds(sources, tmp_path, capsys, monkeypatch):
    # The command checks that every source is whole: of the few-row sources here, only
    # the force register (all 43 forces) is, and rate_denominators reads no source.
    monkeypatch.setattr(registry, "BUILDERS", [forces_table.BUILDER, rate_denominators.BUILDER])
    out = tmp_path / "built"
    assert main(["data", "build", "--source", str(sources), "--out", str(out)]) == 0
    assert "forces.csv" in capsys.readouterr().out


def test_cli_rejects_a_missing_source_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["data", "build", "--source", str(missing), "--out", str(tmp_path / "o")]) == 2
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(),
                    reason=f"the published source files ({SHARED}) are not in this checkout")
def test_rebuild_from_the_published_files_matches_the_committed_data(tmp_path):
    out = tmp_path / "data"
    build_all(SHARED, out)
    committed = project_root() / "data"
    built = _snapshot(out)
    # data/examples holds example inputs, no table of the build (a build keeps it).
    kept = {name: content for name, content in _snapshot(committed).items()
            if not name.startswith("examples/")}
    assert sorted(built) == sorted(kept)
    # The manifest too: it lists every table written, with its rows and SHA-256.
    manifest = pd.read_csv(out / "MANIFEST.csv")
    assert sorted(manifest["file"]) == sorted(name for name in built
                                              if name.endswith(".csv") and name != "MANIFEST.csv")
    differing = [name for name in built if built[name] != kept[name]]
    assert not differing, f"rebuilt tables differ from the committed data/: {differing}"


# --- Whole sources: every force and period a source claims, totals against parts. ---

def _shared_copy(tmp_path: Path) -> Path:
    import shutil
    copy = tmp_path / "shared"
    shutil.copytree(SHARED, copy)
    return copy


def _committed_copy(tmp_path: Path) -> Path:
    import shutil
    out = tmp_path / "data"
    shutil.copytree(project_root() / "data", out)
    return out


def _failed_whole_build(source: Path, out: Path, builders) -> list[str]:
    before = _snapshot(out)
    siblings = set(out.parent.iterdir())
    with pytest.raises(DataBuildError) as caught:
        build_all(source, out, builders=builders)
    assert _snapshot(out) == before, "a failed build changed the output folder"
    assert set(out.parent.iterdir()) == siblings, "a failed build left files beside it"
    return [str(problem) for problem in caught.value.problems]


_NEEDS_SHARED = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the published source files ({SHARED}) are not in this "
                                f"checkout")


@pytest.mark.slow
@_NEEDS_SHARED
def test_a_source_cut_at_a_line_end_stops_the_build(tmp_path):
    # Issue 11: `head -n 46464 rec-crime-pfa.csv` built with exit 0, and Wiltshire YE Dec
    # 2018 became 21,020 instead of 42,483 (the last six of its rows were cut off).
    source = _shared_copy(tmp_path)
    path = source / HO
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:46464]) + b"\n")
    out = _committed_copy(tmp_path)
    problems = _failed_whole_build(
        source, out, [forces_table.BUILDER, recorded_crime.BUILDER,
                      recorded_crime_editions.BUILDER])
    assert problems == [
        f"{HO}, column 'PFA', value 'Wiltshire (E23000038)': no rows in 2018-12 for 6 of "
        f"the 21 offence values the other areas have: Shoplifting; Stalking and "
        f"harassment; Theft from the person; ..."]


@pytest.mark.slow
@_NEEDS_SHARED
def test_a_missing_period_area_or_printed_total_stops_the_build(tmp_path):
    source = _shared_copy(tmp_path)
    # A whole period gone from the Home Office file (which claims YE Mar 2003 onwards).
    path = source / HO
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith("31/03/2004,")),
                    encoding="utf-8")
    # One force gone from one edition of Table P1, and a region's printed total changed.
    path = source / P1
    lines = path.read_text(encoding="utf-8").split("\n")
    kept = [line for line in lines if not line.startswith("2019-06,W15000004,")]
    [index] = [i for i, line in enumerate(kept)
               if line.startswith("2018-12,E12000006,East,region,Robbery,")]
    fields = kept[index].split(",")
    fields[5] = str(float(fields[5]) + 1)
    kept[index] = ",".join(fields)
    path.write_text("\n".join(kept), encoding="utf-8")
    out = _committed_copy(tmp_path)
    problems = _failed_whole_build(
        source, out, [forces_table.BUILDER, recorded_crime.BUILDER,
                      recorded_crime_editions.BUILDER])
    assert (f"{HO}, column 'period', value '2004-03': no rows for this period, which the "
            f"file should cover") in problems
    assert (f"{P1}, column 'area_code', value 'W15000004': no rows for this area in "
            f"2019-06") in problems
    assert any(problem.startswith(f"{P1}, row {index + 1}, column 'offences', value ")
               and "the total of E12000006 (2018-12 / Robbery) is not the sum of its parts"
               in problem for problem in problems), problems


def test_a_build_keeps_the_example_inputs(sources, existing_out):
    # data/examples holds the analyst's example inputs (issue 15), no table of the build.
    examples = existing_out / "examples"
    examples.mkdir()
    (examples / "indicators.csv").write_bytes(b"area,period\n")
    written = build(sources, existing_out)
    assert (examples / "indicators.csv").read_bytes() == b"area,period\n"
    assert "examples/indicators.csv" in written
    assert "examples/indicators.csv" not in (existing_out / "MANIFEST.csv").read_text()
