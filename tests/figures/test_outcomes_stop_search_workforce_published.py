"""Published figures on outcomes, stop and search, arrests, the workforce and the Crime
Severity Score, reproduced from the bundled tables.

Each expected value is in tests/reference/powers/published_figures.csv with where it was
published (see PROVENANCE.md there). Figures are compared at the precision they were
published to, rounding half away from zero as the publishers do. Where a figure is not
reproduced exactly, the test says how far off it is and why, and checks that reason.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peelstats import data
from peelstats.figures import national, outcomes, stop_search, wording
from peelstats.figures.sections import force_codes

REFERENCE = Path(__file__).parents[1] / "reference" / "powers" / "published_figures.csv"
BTP = "BTP"


@pytest.fixture(scope="module")
def published() -> dict[str, float]:
    table = pd.read_csv(REFERENCE)
    return dict(zip(table["figure"], table["published"]))


def as_published(value: float, places: int) -> float:
    return wording.rounded(value, places)


@pytest.fixture(scope="module")
def forces43() -> list[str]:
    return force_codes()


# --- crime outcomes 2018/19 ---------------------------------------------------------------

@pytest.fixture(scope="module")
def charged(forces43):
    table = data.outcomes()
    rows = table[(table["period"] == "2019-03") & table["area_code"].isin(forces43)]
    return rows


def test_england_and_wales_charge_rate(charged, published):
    rows = charged[charged["outcome_group"] == outcomes.CHARGED]
    x, n = int(rows["count"].sum()), int(rows["offences"].sum())
    assert (x, n) == (published["ew_charged_2018_19"], published["ew_offences_2018_19"])
    assert as_published(100 * x / n, 1) == published["ew_charge_rate_2018_19_open_data"]
    # The July 2019 bulletin printed 7.8 percent. This extract is later (about January
    # 2020): more investigations had finished and been charged, so the rate is higher,
    # by 0.7 points; 168,319 offences were still without an outcome even then.
    assert 100 * x / n - published["ew_charge_rate_2018_19_bulletin"] == pytest.approx(
        0.67, abs=0.05)
    # The provenance's count of offences not yet assigned an outcome includes British
    # Transport Police (1,800 of them); the 43 forces have 166,519.
    table = data.outcomes()
    pending = table[table["outcome_group"] == outcomes.NOT_YET_ASSIGNED]["count"].sum()
    assert pending == published["ew_not_yet_assigned_2018_19"]


def test_charge_rates_of_forces(published):
    table = national.charge_rates("2019-03").frame.set_index("area_name")
    assert as_published(table.loc["Cambridgeshire", "value"], 1) == published[
        "cambridgeshire_charge_rate_2018_19"]
    assert table["value"].idxmin() == "Kent"
    assert table["value"].idxmax() == "South Wales"
    assert as_published(table["value"].min(), 1) == published[
        "lowest_charge_rate_2018_19_kent"]
    assert as_published(table["value"].max(), 1) == published[
        "highest_charge_rate_2018_19_south_wales"]
    # The funnel's target is the pooled rate of the 43 forces, the England and Wales rate.
    assert as_published(table["target"].iloc[0], 1) == published[
        "ew_charge_rate_2018_19_open_data"]


# --- stop and search ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def searches():
    return data.stop_search()


def test_search_totals_including_btp(searches, published):
    # The Home Office's England and Wales totals include British Transport Police.
    year = searches[searches["period"] == "2019-03"]
    by_law = year.groupby("legislation")["searches"].sum()
    assert by_law["Section 1 (PACE)"] == published["ew_section_1_searches_2018_19"]
    assert by_law["Section 60 (CJPOA)"] == published["ew_section_60_searches_2018_19"]
    people = year[year["ethnic_group"] != "Vehicle only"]["searches"].sum()
    assert people == published["ew_searches_excluding_vehicle_only_2018_19"]
    assert searches[searches["period"] == "2011-03"]["searches"].sum() == published[
        "ew_all_searches_2010_11"]


def test_searches_per_1000_people_by_ethnic_group(searches, forces43, published):
    # The Home Office rates count every search in England and Wales, British Transport
    # Police's included, over the 2011 Census residents of the 43 force areas (all powers;
    # printed as whole numbers). Without BTP, as the force profile compares forces, Black
    # people's rate is 37.3 per 1,000, which prints as 37, not 38; the ratio is 9.7 either
    # way (test_black_white_ratio_england_and_wales).
    year = searches[searches["period"] == "2019-03"]
    counts = year.groupby("ethnic_group")["searches"].sum().astype(float)
    population = data.ethnicity_population().groupby("ethnic_group")["population"].sum()
    rates = 1000 * counts / population.astype(float)
    expected = {"White": "ew_white_searches_per_1000_2018_19",
                "Black or Black British": "ew_black_searches_per_1000_2018_19",
                "Asian or Asian British": "ew_asian_searches_per_1000_2018_19",
                "Mixed": "ew_mixed_searches_per_1000_2018_19"}
    for group, figure in expected.items():
        assert as_published(rates[group], 0) == published[figure], group
    overall = 1000 * year["searches"].sum() / population["All usual residents"]
    assert as_published(overall, 0) == published["ew_searches_per_1000_2018_19"]
    forces_only = year[year["area_code"].isin(forces43)].groupby("ethnic_group")["searches"]
    black = 1000 * forces_only.sum()["Black or Black British"] / population[
        "Black or Black British"]
    assert as_published(black, 1) == 37.3    # ho-stop-search-pfa/PROVENANCE.md
    with_btp = rates["Black or Black British"] / rates["White"]
    assert as_published(with_btp, 1) == published["ew_black_white_ratio_2018_19"]


def test_black_white_ratio_england_and_wales(published):
    table = national.disproportionality_ratios("2019-03")
    assert as_published(table.reference, 1) == published[
        "ew_black_white_ratio_2018_19"]
    # The exact interval is narrow at national counts and contains the published ratio.
    assert table.reference_lower < 9.7 < table.reference_upper


def test_profile_ratio_for_england_and_wales_matches_the_national_frame():
    figure = stop_search.stop_search_figures(_context("E23000023", "Cambridgeshire", "2019-03"))[1]
    table = national.disproportionality_ratios("2019-03")
    assert figure.comparator_value == pytest.approx(table.reference, rel=1e-12)
    row = table.frame.set_index("area_code").loc["E23000023"]
    assert figure.value == pytest.approx(row["value"], rel=1e-12)
    assert figure.comparison.value == pytest.approx(row["ratio_to_rest"], rel=1e-12)


def test_arrests_after_a_search_are_not_all_in_the_open_data(searches, published):
    # The bulletin counts 58,251 arrests after a search in 2018/19. The open data give
    # arrests for only part of the searches (the Metropolitan Police's and Merseyside's
    # drugs searches have none), so their arrests add up to less: 47,299, 81 percent.
    year = searches[searches["period"] == "2019-03"]
    given = int(year["arrests"].sum())
    assert 0.75 < given / published["ew_arrests_after_search_2018_19"] < 0.9
    without = int(year["searches"].sum() - year["paired_searches"].sum())
    met = year[year["area_code"] == "E23000001"]
    met_without = int(met["searches"].sum() - met["paired_searches"].sum())
    assert without > 100_000 and met_without / without > 0.8
    # Hence the profile's arrest rate divides the paired counts only.
    assert year["paired_arrests"].sum() <= year["arrests"].sum()


# --- workforce, arrests, severity, census --------------------------------------------------

def test_officers(published, forces43):
    table = data.workforce()
    latest = table[(table["as_at"] == "2023-03-31") & table["area_code"].isin(forces43)]
    assert as_published(latest["officer_fte"].sum(), 0) == published["ew_officer_fte_2023"]
    cambs = table[table["area_code"] == "E23000023"].set_index("as_at")["officer_fte"]
    for year in (2007, 2016, 2023):
        assert as_published(cambs[f"{year}-03-31"], 1) == published[
            f"cambridgeshire_officer_fte_{year}"]


def test_arrests(published):
    table = data.arrests()
    totals = table.groupby("period")["arrests"].sum()
    assert totals["2007-03"] == published["ew_arrests_2006_07"]
    assert totals["2018-03"] == published["ew_arrests_2017_18"]


def test_crime_severity_england_and_wales(published):
    table = data.crime_severity()
    total = table[(table["area_code"] == "K04000001")
                  & (table["offence_group"] == "Total recorded crime")]
    scores = total.set_index("period")["severity_score"]
    for year in (2003, 2019, 2021, 2022):
        assert as_published(scores[f"{year}-03"], 1) == published[f"ew_crime_severity_{year}"]


def test_census_total(published):
    table = data.ethnicity_population()
    assert table[table["ethnic_group"] == "All usual residents"]["population"].sum() == \
        published["ew_usual_residents_2011"]


def _context(code: str, name: str, period: str, confidence: float = 0.95):
    from peelstats.figures.profile import ProfileContext

    return ProfileContext(code, name, period, confidence)
