"""A Community Safety Partnership's figures and the area look-up that finds CSPs.

Counts: ONS Table C2 YE Jun 2025 (Peterborough 23,061; Cambridgeshire 67,942; source
PROVENANCE.md). Populations: ONS mid-2023 estimates (MYE4) as bundled; the expected rates
are count / population * 1,000 computed here from the tables, not from the figures code.
"""

import pytest

from peelstats import data
from peelstats.figures.csp import csp_figures


def test_find_area_finds_csps_and_forces_and_asks_when_a_name_is_both():
    assert data.find_area("Peterborough").area_code == "E22000017"
    assert data.find_area("E22000017").force.area_code == "E23000023"
    assert data.find_area("Shepway").area_name == "Folkestone and Hythe"
    assert data.find_area("Cambridgeshire").area_code == "E23000023"
    with pytest.raises(ValueError, match="E23000038.*E22000361"):
        data.find_area("Wiltshire")
    assert data.find_area("E22000361").area_name == "Wiltshire"


def test_peterborough_is_compared_with_the_rest_of_england_and_wales_and_of_its_force():
    figures = {figure.id: figure for figure in csp_figures("Peterborough", "2025-06")}
    whole = figures["E22000017/2025-06/crime_excluding_fraud_rate_vs_england_and_wales"]
    force = figures["E22000017/2025-06/crime_excluding_fraud_rate_vs_force"]
    population = data.csp_population().set_index("population_code").loc["E22000017",
                                                                         "population"]
    assert whole.value == pytest.approx(23061 / population * 1000, rel=1e-12)
    assert force.value == whole.value
    revised = data.population("revised")
    cambs = revised[(revised.mid_year == 2023) & (revised.area_code == "E23000023")]
    assert force.comparator_value == pytest.approx(
        67942 / float(cambs["population"].iloc[0]) * 1000, rel=1e-12)
    # What qualifies a sentence is in its notes (one sentence that pastes).
    assert "the rest of Cambridgeshire" in " ".join(force.notes)
    assert "the rest of England and Wales" in " ".join(whole.notes)


def test_a_former_district_has_counts_but_no_invented_rate():
    [first, *_] = csp_figures("Wycombe", "2025-06")
    assert first.value != first.value  # NaN: not available
    assert "Buckinghamshire" in " ".join(first.notes)


def test_a_csp_that_is_its_whole_force_has_no_rest_of_force_and_keeps_its_caveat():
    # City of London's one CSP has the force's population (mid-2023 estimate the same in
    # both tables: 13,462), so there is no rest of the force; its rates carry the force's caveat.
    figures = csp_figures("E22000180", "2025-06")
    [crime_vs_ew, crime_vs_force] = [f for f in figures if f.id.split("/")[-1].startswith(
        "crime_excluding_fraud_rate_vs_")]
    assert crime_vs_force.value != crime_vs_force.value  # NaN: not available
    assert "no rest of the force" in " ".join(crime_vs_force.notes)
    assert "resident population of under 10,000" in " ".join(crime_vs_ew.notes)
    assert crime_vs_ew.verdict == "higher"
