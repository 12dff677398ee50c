"""The loaders of peelstats.data: what each table holds, the quirks it keeps openly, the
force lookup, the checks on load, and the in-process cache.

Expected values come from the published sources named beside them, or are properties
that must hold (totals equal the sum of their parts, one source per period, ...).
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from peelstats.data import (DataFileError, asb_incidents, find_force, forces,
                            population, rate_denominators, recorded_crime,
                            recorded_crime_editions, survey)
from peelstats.data._load import _read
from peelstats.data.build import _offences as off

TOTAL = off.TOTAL
EW, GMP, CAMBS = "K04000001", "E23000005", "E23000023"


@pytest.fixture(scope="module")
def crime():
    return recorded_crime()


def _has(notes: pd.Series, flag: str) -> pd.Series:
    return notes.fillna("").str.split(";").map(lambda flags: flag in flags).astype(bool)


# --- forces ---------------------------------------------------------------------------

def test_forces_are_the_43_territorial_forces():
    table = forces()
    assert len(table) == 43 and table["area_code"].is_unique
    assert table["area_code"].str.fullmatch(r"(E23|W15)\d{6}").all()
    assert (table["country"] == "Wales").sum() == 4   # North Wales, Gwent, South Wales, Dyfed-Powys
    assert table["police_uk_id"].is_unique
    cambs = table.set_index("area_code").loc[CAMBS]
    assert (cambs["area_name"], cambs["region"], cambs["police_uk_id"]) == (
        "Cambridgeshire", "East", "cambridgeshire")


@pytest.mark.parametrize("typed", ["Cambridgeshire", "Cambridgeshire Constabulary",
                                   "E23000023", "cambridgeshire", "CAMBRIDGESHIRE ",
                                   "e23000023", "Cambridgeshire Police"])
def test_find_force_resolves_what_analysts_type(typed):
    assert find_force(typed).area_code == CAMBS


@pytest.mark.parametrize("typed, code", [
    ("Metropolitan Police Service", "E23000001"), ("Met", "E23000001"),
    ("metropolitan", "E23000001"), ("London, City of", "E23000034"),
    ("City of London Police", "E23000034"), ("city-of-london", "E23000034"),
    ("Devon & Cornwall", "E23000035"), ("devon-and-cornwall", "E23000035"),
    ("Dyfed Powys", "W15000004"), ("Greater Manchester Police", GMP),
])
def test_find_force_resolves_aliases(typed, code):
    assert find_force(typed).area_code == code


def test_find_force_every_code_name_and_id_resolves_to_itself():
    for row in forces().itertuples():
        for typed in (row.area_code, row.area_name, row.force_name, row.police_uk_id):
            assert find_force(typed).area_code == row.area_code


def test_find_force_unknown_name_lists_close_matches():
    with pytest.raises(ValueError, match=r"'Cambrigeshire'.*close matches: 'Cambridgeshire' "
                                         r"\(E23000023\)"):
        find_force("Cambrigeshire")
    with pytest.raises(ValueError, match="Greater Manchester"):
        find_force("Manchester")
    with pytest.raises(ValueError, match="the 43 forces are: Avon and Somerset, Bedfordshire"):
        find_force("Atlantis")
    with pytest.raises(ValueError, match="British Transport Police is not one of the 43"):
        find_force("BTP")
    with pytest.raises(ValueError, match="name_or_code"):
        find_force(23)


# --- recorded crime -------------------------------------------------------------------

def test_recorded_crime_columns_and_periods(crime):
    assert list(crime.columns) == ["area_code", "area_name", "period", "offence", "count",
                                   "source", "note"]
    assert str(crime["count"].dtype) == "Int64"
    periods = sorted(crime["period"].unique())
    # YE Mar 2003-2007 annual, then quarterly YE Jun 2007 to YE Dec 2019 (Home Office file
    # PROVENANCE: 52 end dates to Dec 2018; ONS editions: 4 more quarters of 2019).
    # 56 periods to YE Dec 2019, then YE Jun 2025 (ONS Table C2).
    assert len(periods) == 57 and periods[0] == "2003-03" and periods[-2:] == ["2019-12", "2025-06"]
    assert "2017-12" in periods
    assert set(crime["offence"]) <= set(off.ORDER)
    assert not crime.duplicated(["area_code", "period", "offence"]).any()


def test_each_period_comes_from_one_source(crime):
    sources = crime.groupby("period")["source"].nunique()
    assert (sources == 1).all()
    by_period = crime.groupby("period")["source"].first()
    assert set(by_period[by_period.index <= "2018-12"]) == {"home_office"}
    assert set(by_period[(by_period.index > "2018-12") & (by_period.index <= "2019-12")]) == {
        "ons_pfa_tables"}
    assert set(by_period[by_period.index == "2025-06"]) == {"ons_csp_tables"}


def test_every_force_has_every_period(crime):
    forces_rows = crime[crime["area_code"].isin(forces()["area_code"])]
    assert (forces_rows.groupby("area_code")["period"].nunique() == 57).all()


def test_england_and_wales_is_the_sum_of_the_43_forces_without_btp(crime):
    codes = set(forces()["area_code"])
    summed = (crime[crime["area_code"].isin(codes)].groupby(["period", "offence"])["count"]
              .sum())
    ew = crime[crime["area_code"] == EW].set_index(["period", "offence"])["count"]
    assert (ew.sort_index() == summed.reindex(ew.sort_index().index)).all()
    assert len(ew) == len(summed)


def test_derived_totals_are_the_sums_of_their_categories(crime):
    wide = crime.pivot_table(index=["area_code", "period"], columns="offence",
                             values="count", aggfunc="first", dropna=False)
    complete = wide[TOTAL].notna()
    for total, parts in off.GROUPS.items():
        present = [part for part in parts if part in wide.columns]
        added = wide.loc[complete, present].fillna(0).sum(axis=1)
        assert (added == wide.loc[complete, total]).all(), total
    # Fraud is in no total: the total is the 21 non-fraud categories.
    leaves = [name for name in off.leaves(TOTAL) if name in wide.columns]
    assert off.FRAUD not in leaves and len(off.leaves(TOTAL)) == 21
    assert (wide.loc[complete, leaves].fillna(0).sum(axis=1) == wide.loc[complete, TOTAL]).all()


def test_ons_totals_match_what_the_tables_print(crime):
    # For YE 2019, force totals come as printed in Table P1 (not derived).
    printed = recorded_crime_editions()
    later = crime[(crime["source"] == "ons_pfa_tables") & (crime["area_code"] != EW)]
    merged = later.merge(printed, on=["period", "area_code", "offence"],
                         suffixes=("", "_printed"), validate="one_to_one")
    assert len(merged) == len(later)
    assert (merged["count"].fillna(-1) == merged["count_printed"].fillna(-1)).all()


def test_negative_counts_are_kept_and_flagged(crime):
    source_rows = crime[~_has(crime["note"], "derived")]
    negative = source_rows[source_rows["count"] < 0]
    # Home Office file PROVENANCE: 25 negative values, 20 of them Fraud offences (YE Sep and
    # Dec 2013), 5 Death or serious injury by illegal driving (-1 to -21, 2007-2009).
    assert len(negative) == 25
    assert _has(negative["note"], "negative_in_source").all()
    assert (negative["offence"] == off.FRAUD).sum() == 20
    assert set(negative.loc[negative["offence"] == off.FRAUD, "period"]) == {"2013-09", "2013-12"}
    driving = negative[negative["offence"] != off.FRAUD]
    assert set(driving["offence"]) == {"Death or serious injury caused by illegal driving"}
    assert driving["count"].min() == -21 and driving["count"].max() == -1
    # North Wales YE Dec 2013 fraud is -120 in the Home Office file (one later copy has 120).
    north_wales = source_rows[(source_rows["area_code"] == "W15000001")
                              & (source_rows["period"] == "2013-12")
                              & (source_rows["offence"] == off.FRAUD)]
    assert north_wales["count"].tolist() == [-120]
    assert not _has(crime["note"], "negative_in_source")[crime["count"] >= 0].any()


def test_the_malformed_date_is_read_as_december_2017(crime):
    dec = crime[crime["period"] == "2017-12"]
    assert _has(dec["note"], "date_corrected").all()
    assert not _has(crime.loc[crime["period"] != "2017-12", "note"], "date_corrected").any()
    # Cambridgeshire YE Dec 2017: a rolling total between YE Sep 2017 and YE Mar 2018.
    cambs = crime[(crime["area_code"] == CAMBS) & (crime["offence"] == TOTAL)]
    assert cambs["period"].is_monotonic_increasing


def test_burglary_reclassification_is_marked(crime):
    burglary = crime[crime["offence"].isin(off.OLD_BURGLARY + off.NEW_BURGLARY)]
    mixed = _has(burglary["note"], "burglary_mixed_basis")
    assert set(burglary.loc[mixed, "period"]) == {"2017-06", "2017-09", "2017-12"}
    not_in_use = burglary[_has(burglary["note"], "category_not_in_use")
                          & (burglary["source"] == "home_office")]
    # The source gives 0 for a category outside its years, except a few burglaries that
    # Humberside still recorded under the old categories in 2018 (1 to 6 a year).
    nonzero = not_in_use[not_in_use["count"] != 0]
    assert len(not_in_use) > 1000
    assert set(nonzero["area_code"]) <= {"E23000012", EW}
    assert nonzero["count"].max() <= 6
    old_after = not_in_use["offence"].isin(off.OLD_BURGLARY)
    assert (not_in_use.loc[old_after, "period"] >= "2018-03").all()
    assert (not_in_use.loc[~old_after, "period"] <= "2017-03").all()
    # Total burglary runs through the change for every force.
    total = crime[crime["offence"] == "Burglary"]
    assert total.loc[total["area_code"] != "BTP", "count"].notna().all() or \
        total.loc[total["count"].isna(), "area_code"].eq(GMP).all()


def test_greater_manchester_gap_stays_missing_and_totals_say_so(crime):
    gap = crime[(crime["area_code"] == GMP) & crime["period"].isin(["2019-09", "2019-12"])]
    assert gap["count"].isna().all() and _has(gap["note"], "missing_in_source").all()
    elsewhere = crime[(crime["area_code"] != GMP) | ~crime["period"].isin(["2019-09",
                                                                             "2019-12"])]
    missing = elsewhere[elsewhere["count"].isna()]
    assert missing.empty
    ew = crime[crime["area_code"] == EW]
    excl = _has(ew["note"], "excludes_E23000005")
    assert set(ew.loc[excl, "period"]) == {"2019-09", "2019-12"}
    # England and Wales there is the 42 other forces; ONS's printed total (which adds BTP)
    # is the same 42 forces plus BTP.
    printed = recorded_crime_editions()
    for period in ("2019-09", "2019-12"):
        ours = ew[(ew["period"] == period) & (ew["offence"] == TOTAL)]["count"].iloc[0]
        p1 = printed[(printed["period"] == period) & (printed["offence"] == TOTAL)]
        p1 = p1.set_index("area_code")["count"]
        assert ours + p1["BTP"] == p1[EW]


def test_home_office_and_ons_agree_where_they_overlap(crime):
    # Both sources have YE Mar-Dec 2018; recorded_crime uses the Home Office one. YE Dec
    # 2018 agrees exactly for every force and BTP; earlier quarters differ for some forces
    # by revisions (largest: Avon and Somerset YE Mar 2018, 2,616), and Cambridgeshire
    # agrees in all four (Home Office file PROVENANCE).
    printed = recorded_crime_editions()
    overlap = crime[(crime["offence"] == TOTAL) & crime["period"].between("2018-03", "2018-12")
                    & (crime["area_code"] != EW)]
    merged = overlap.merge(printed[printed["offence"] == TOTAL],
                           on=["period", "area_code"], suffixes=("", "_ons"))
    assert len(merged) == 44 * 4
    difference = (merged["count"] - merged["count_ons"]).abs()
    assert (difference[merged["period"] == "2018-12"] == 0).all()
    assert (difference[merged["area_code"] == CAMBS] == 0).all()
    assert difference.max() == 2616
    assert merged.loc[difference.idxmax(), ["area_code", "period"]].tolist() == [
        "E23000036", "2018-03"]
    relative = difference / merged["count_ons"]
    city = (merged["area_code"] == "E23000034").to_numpy()
    assert relative[~city].max() < 0.02
    # City of London YE Mar 2018: 5,870 in the Home Office file, 5,392 as first printed.
    assert difference[city].max() == 478


def test_btp_and_fraud_bodies_are_separate_rows(crime):
    codes = set(crime["area_code"])
    assert {"BTP", "ACTION_FRAUD", "CIFAS", "UK_FINANCE"} <= codes
    bodies = crime[crime["area_code"].isin(["ACTION_FRAUD", "CIFAS", "UK_FINANCE"])]
    assert set(bodies["offence"]) == {off.FRAUD}
    assert bodies["period"].min() == "2011-06"   # they appear from YE Jun 2011


def test_recorded_crime_editions_england_and_wales_includes_btp():
    printed = recorded_crime_editions()
    total = printed[(printed["offence"] == TOTAL)].set_index(["period", "area_code"])["count"]
    codes = forces()["area_code"]
    for period in printed["period"].unique():
        at = total.loc[period]
        assert at[EW] == at[at.index.isin(codes)].sum() + at["BTP"]


# --- population, ASB, survey ----------------------------------------------------------

def test_population_vintages():
    pop = population()
    assert set(pop["vintage"]) == {"original", "revised", "census2011"}
    original = population("original")
    assert original["mid_year"].min() == 2002 and original["mid_year"].max() == 2018
    # ons-pfa-geography-population PROVENANCE: Cambridgeshire mid-2017 is 869,702 revised
    # against 847,200 as first published.
    cambs = pop[(pop["area_code"] == CAMBS) & (pop["mid_year"] == 2017)].set_index("vintage")
    assert cambs.loc["revised", "population"] == 869702
    assert cambs.loc["original", "population"] == 847200
    # census2011-households PROVENANCE: Cambridgeshire 325,264 households.
    assert population("census2011").set_index("area_code").loc[CAMBS, "households"] == 325264
    with pytest.raises(ValueError, match="unknown vintage 'latest'"):
        population("latest")


def test_revised_forces_add_up_to_england_and_wales():
    revised = population("revised")
    codes = forces()["area_code"]
    summed = revised[revised["area_code"].isin(codes)].groupby("mid_year")["population"].sum()
    ew = revised[revised["area_code"] == EW].set_index("mid_year")["population"]
    assert (summed == ew).all()


def test_original_forces_add_up_to_england_and_wales_within_rounding():
    original = population("original")
    codes = forces()["area_code"]
    forces_rows = original[original["area_code"].isin(codes)]
    ew = original[original["area_code"] == EW].set_index("mid_year")
    summed = forces_rows.groupby("mid_year")[["population", "households"]].sum(min_count=43)
    # Each value is rounded to 100: 43 roundings of at most 50.
    assert ((summed["population"] - ew["population"]).abs() <= 43 * 50).all()
    full = summed["households"].notna()
    assert ((summed.loc[full, "households"] - ew.loc[full, "households"]).abs()
            <= 43 * 50).all()


def test_mid_2018_households_without_greater_manchester_are_marked():
    original = population("original")
    year = original[original["mid_year"] == 2018].set_index("area_code")
    assert pd.isna(year.loc[GMP, "households"])
    marked = set(year.index[_has(year["note"], "households_exclude_E23000005")])
    assert marked == {EW, "E92000001", "E12000002"}
    # The North West households leave Greater Manchester out: about 3.1 million with it
    # (mid-2017), about 1.9 million without.
    assert year.loc["E12000002", "households"] < 2_000_000


def test_rate_denominators_cover_the_editions():
    table = rate_denominators()
    # The editions, and YE Jun 2025 (Table C2, mid-2023 revised estimates).
    assert list(table["period"]) == [*sorted(recorded_crime_editions()["period"].unique()),
                                     "2025-06"]
    assert (table["population_mid_year"] <= table["period"].str[:4].astype(int)).all()


def test_asb_incidents_recording_break_and_flags():
    asb = asb_incidents()
    assert not asb.duplicated(["edition", "area_code", "period"]).any()
    before = asb["financial_year"] < "2011/12"
    assert _has(asb.loc[before, "note"], "not_comparable_with_later_years").all()
    assert not _has(asb.loc[~before, "note"], "not_comparable_with_later_years").any()
    suppressed = asb[_has(asb["note"], "rate_suppressed")]
    assert set(suppressed["area_code"]) == {"E23000034"}
    assert suppressed["published_rate"].isna().all() and suppressed["count"].notna().all()
    lincs = asb[_has(asb["note"], "revised_in_source")]
    assert set(lincs["area_code"]) == {"E23000020"}
    assert set(lincs["financial_year"]) == {"2011/12", "2012/13"}


def test_asb_england_and_wales_is_the_43_forces_without_btp():
    asb = asb_incidents()
    codes = forces()["area_code"]
    for edition in asb["edition"].unique():
        rows = asb[asb["edition"] == edition]
        summed = rows[rows["area_code"].isin(codes)].groupby("period")["count"].sum()
        ew = rows[rows["area_code"] == EW].set_index("period")["count"]
        assert (summed.reindex(ew.index) == ew).all()
        # Every force, including West Midlands in the YE Mar 2019 edition (recoded).
        assert rows.loc[rows["area_code"].isin(codes), "area_code"].nunique() == 43


def test_survey_table():
    csew = survey()
    assert (csew["n"] > 0).all() and csew["percent"].between(0, 100).all()
    for (period, measure), rows in csew.groupby(["period", "measure"]):
        assert (rows["area_type"] == "pfa").sum() == 41
        assert (rows["area_type"] == "pfa_combined").sum() == 1
    decoded = {("*", "significant"), ("", "not significant"), (":", "not applicable")}
    pairs = set(zip(csew["flag_vs_england_and_wales"].fillna(""), csew["vs_england_and_wales"]))
    assert pairs <= decoded
    # ons-pfa-tables PROVENANCE: unweighted bases of 521 to 1,528 adults per force.
    single = csew[csew["area_type"] == "pfa"]
    assert single["n"].min() == 521 and single["n"].max() == 1528


# --- copies, cache and checks on load ---------------------------------------------------

def test_loaders_return_copies():
    first = recorded_crime()
    first.loc[:, "count"] = 0
    assert recorded_crime()["count"].max() > 0


def test_loaders_are_cached():
    recorded_crime()
    hits = _read.cache_info().hits
    recorded_crime()
    survey()
    assert _read.cache_info().hits >= hits + 2


def _replace_line(path, index, new):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_bad_period_is_caught_on_load(data_copy, reseal):
    path = data_copy / "recorded_crime.csv"
    line = path.read_text(encoding="utf-8").split("\n")[1]
    _replace_line(path, 1, line.replace(",2011-06,", ",2011-6,"))
    reseal(data_copy)
    with pytest.raises(DataFileError) as caught:
        recorded_crime()
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "period", "2011-6")
    assert str(path) in str(caught.value)


def test_a_duplicated_row_is_caught_on_load(data_copy, reseal):
    path = data_copy / "survey.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, lines[1])
    path.write_text("\n".join(lines), encoding="utf-8")
    reseal(data_copy)
    with pytest.raises(DataFileError, match=r"row 3.*duplicated key"):
        survey()


def test_a_non_numeric_count_is_caught_on_load(data_copy, reseal):
    path = data_copy / "asb_incidents.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[5].split(",")
    fields[6] = "many"    # the count column
    _replace_line(path, 5, ",".join(fields))
    reseal(data_copy)
    with pytest.raises(DataFileError) as caught:
        asb_incidents()
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (6, "count", "many")


def test_an_infinite_number_is_caught_on_load(data_copy, reseal):
    # pandas reads "inf" into a float column without complaint; the schema does not.
    path = data_copy / "asb_incidents.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[5].split(",")
    fields[7] = "inf"    # the published_rate column
    _replace_line(path, 5, ",".join(fields))
    reseal(data_copy)
    with pytest.raises(DataFileError) as caught:
        asb_incidents()
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (6, "published_rate", float("inf"))
    assert problem.reason == "not a finite number"


def test_a_malformed_force_code_in_the_register_is_caught_on_load(data_copy, reseal):
    path = data_copy / "forces.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nE23000001,", "\nE2300001,", 1), encoding="utf-8")
    reseal(data_copy)
    with pytest.raises(DataFileError) as caught:
        forces()
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "area_code", "E2300001")
    assert problem.reason.startswith("not a police force area code")


def test_an_unknown_force_code_is_caught_on_load(data_copy, reseal):
    path = data_copy / "recorded_crime.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nE23000023,", "\nE23000099,", 1), encoding="utf-8")
    reseal(data_copy)
    with pytest.raises(DataFileError, match=r"column 'area_code', value 'E23000099': "
                                            r"unknown area code"):
        recorded_crime()
