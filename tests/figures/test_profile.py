"""The force profile (peelstats.force_profile) on the bundled data.

Where the expected values come from:
- tests/reference/figures/published_rates.csv: ONS police force area tables, YE Mar 2019,
  Tables P3 and P7, Cambridgeshire (see PROVENANCE.md there).
- The inspection report figure: HMIC PEEL, Cambridgeshire, "Crime excluding fraud: 54.9
  per 1,000 population (England and Wales 60.7)", YE Jun 2014 (DESIGN.md). The bundled
  counts are the Home Office file's later vintage (45,034 for Cambridgeshire, about 0.4
  percent more than the count the report divided), over the mid-2013 population as first
  published; so the force's rate is within 0.25 per 1,000 of 54.9 and England and Wales's
  within 0.1 of 60.7, and the verdict ("lower") is the report's.
- The rest-of-England-and-Wales comparison is recomputed here from the loaders' counts and
  populations, independently of the profile's own code path.
"""

import math
from pathlib import Path

import pandas as pd
import pytest

import peelstats
from peelstats import data, stats
from peelstats.figures import FIGURE_FIELDS, Figures, force_profile
from peelstats.figures.profile import burglary_measure, denominator_mid_year
from peelstats.figures.sections import last_march

REFERENCE = Path(__file__).parents[1] / "reference" / "figures" / "published_rates.csv"
CRIME_MEASURES = ["crime_excluding_fraud_rate", "victim_based_crime_rate",
                  "violence_with_injury_rate", "sexual_offences_rate"]


@pytest.fixture(scope="module")
def cambridgeshire_2014():
    return force_profile("Cambridgeshire", "2014-06")


def test_the_measures_of_the_profile(cambridgeshire_2014):
    figures = cambridgeshire_2014
    assert isinstance(figures, Figures)
    # The recorded crime and ASB sections come first; further sections follow them.
    assert [f.measure for f in figures][:6] == [*CRIME_MEASURES,
                                                "burglary_in_a_dwelling_rate",
                                                "asb_incidents_rate"]
    assert [f.id for f in figures][:2] == [
        "E23000023/2014-06/crime_excluding_fraud_rate",
        "E23000023/2014-06/victim_based_crime_rate"]
    for figure in figures[:6]:
        assert figure.area_code == "E23000023" and figure.area_name == "Cambridgeshire"
        assert figure.comparator == "England and Wales"
        assert figure.polarity == "lower_is_better"
        assert "rest of England and Wales" in figure.method
        assert figure.source
        assert figure.lower <= figure.value <= figure.upper
    units = {f.measure: f.unit for f in figures}
    assert units["burglary_in_a_dwelling_rate"] == "per 1,000 households"
    assert units["crime_excluding_fraud_rate"] == "per 1,000 population"


def test_inspection_report_figure(cambridgeshire_2014):
    figure = cambridgeshire_2014["crime_excluding_fraud_rate"]
    assert figure.value == pytest.approx(54.9, abs=0.25)
    assert figure.comparator_value == pytest.approx(60.7, abs=0.1)
    assert figure.verdict == "lower"
    # The judgement follows the position among the forces (issue 13): within the funnel
    # adjusted for over-dispersion.
    assert figure.position == "within"
    assert figure.judgement == "similar"
    assert figure.sentence.startswith(
        "Crime excluding fraud in Cambridgeshire, YE Jun 2014: 55.1 per 1,000 population")
    assert "lower than England and Wales at 60.8;" in figure.sentence


def test_comparison_is_with_the_rest_of_england_and_wales(cambridgeshire_2014):
    crime = data.recorded_crime()
    crime = crime[(crime.period == "2014-06")
                  & (crime.offence == "Total recorded crime (excluding fraud)")]
    counts = crime.set_index("area_code")["count"].astype(float)
    population = data.population("original")
    population = population[population.mid_year == 2013].set_index("area_code")["population"]
    codes = data.forces()["area_code"]
    force = counts["E23000023"]
    rest_count = counts[codes].sum() - force
    rest_population = population[codes].astype(float).sum() - population["E23000023"]
    expected = stats.compare_rates(force, float(population["E23000023"]), rest_count,
                                   rest_population, method="exact")
    figure = cambridgeshire_2014["crime_excluding_fraud_rate"]
    assert figure.comparison.value == pytest.approx(expected.value, rel=1e-12)
    assert figure.p_value == pytest.approx(expected.p_value, rel=1e-9, abs=1e-300)
    assert counts["K04000001"] == counts[codes].sum()  # England and Wales = the 43 forces


@pytest.mark.parametrize("row", pd.read_csv(REFERENCE).to_dict("records"),
                         ids=lambda row: row["measure"])
def test_reproduces_published_ons_rates(row):
    figures = force_profile(row["area_code"], row["period"])
    figure = figures[row["measure"]]
    assert figure.value == pytest.approx(row["published_value"], rel=row["tolerance"])
    # Printed to one decimal place, the two agree exactly.
    assert peelstats.figures.wording.number(figure.value) == \
        peelstats.figures.wording.number(row["published_value"])


def test_burglary_follows_the_2017_reclassification():
    assert burglary_measure("2017-03")[0].measure == "burglary_in_a_dwelling_rate"
    assert burglary_measure("2018-03")[0].measure == "residential_burglary_rate"
    figure = force_profile("Cambridgeshire", "2017-09")["residential_burglary_rate"]
    assert math.isnan(figure.value)
    assert figure.verdict == "" and figure.judgement == "not judged"
    assert "mixes domestic and residential burglary" in " ".join(figure.notes)


def test_greater_manchester_gap_is_said_not_hidden():
    gmp = force_profile("Greater Manchester", "2019-09")["crime_excluding_fraud_rate"]
    assert math.isnan(gmp.value) and gmp.verdict == ""
    assert "Greater Manchester supplied no count" in " ".join(gmp.notes)
    other = force_profile("Cambridgeshire", "2019-09")["crime_excluding_fraud_rate"]
    assert "leaves out Greater Manchester" in " ".join(other.notes)
    assert other.verdict in ("higher", "lower", "similar")


def test_asb_uses_the_financial_year_in_the_period():
    assert last_march("2014-06") == "2014-03"
    assert last_march("2014-12") == "2014-03"
    assert last_march("2015-03") == "2015-03"
    figures = force_profile("E23000023", "2014-12")
    asb = figures["asb_incidents_rate"]
    assert asb.period == "2014-03" and asb.id == "E23000023/2014-03/asb_incidents_rate"
    assert "2013/14" in asb.source and "Table P7" in asb.source
    # No ASB figure when the financial year is not in the data (it starts with 2007/08).
    early = force_profile("Cambridgeshire", "2007-06")
    assert "asb_incidents_rate" not in [f.measure for f in early]


def test_denominator_years_follow_the_ons_editions():
    # data/rate_denominators.csv lists the editions; the rule must agree with every one.
    # (YE Jun 2025 is no ONS edition here: it takes the latest bundled estimate, mid-2023.)
    for row in data.rate_denominators().itertuples():
        if row.vintage != "original":
            continue
        assert denominator_mid_year(row.period) == row.population_mid_year


def test_unknown_area_names_it_and_the_choices():
    with pytest.raises(ValueError) as error:
        force_profile("Cambridge", "2014-06")
    message = str(error.value)
    assert "'Cambridge'" in message and "'Cambridgeshire' (E23000023)" in message
    assert "Dyfed-Powys" not in message  # close matches only, not every force


def test_period_without_data_names_it_and_the_choices():
    with pytest.raises(ValueError) as error:
        force_profile("Cambridgeshire", "2030-06")
    message = str(error.value)
    assert "'2030-06'" in message and "2019-12" in message
    assert "2014-06" not in message  # the nearest periods, not all of them


def test_figures_table_fields(cambridgeshire_2014):
    frame = cambridgeshire_2014.to_frame()
    assert list(frame.columns) == list(FIGURE_FIELDS)
    assert frame["id"].is_unique
    assert "<table" in cambridgeshire_2014._repr_html_()


def test_exported():
    assert peelstats.force_profile is force_profile
