"""What a briefing reader meets in a force profile: the table, the sentences, CSV and JSON.

Properties that must hold for every figure of four profiles that between them reach every
section's paths (Cambridgeshire YE Jun 2014 and YE Mar 2019; Greater Manchester YE Dec
2019, with no recorded crime count; the City of London YE Mar 2019, with no Crime
Severity Score): labels unique and saying what each figure is, percent changes worded as
changes, no interval printed with equal limits, and figures without data that say "not
available" with the method "none". The wording rules are those of
`peelstats.figures.wording` (module docstring); the ids are the profile's stable API.
"""

import csv
import io
import json
import re

import pytest

from peelstats.cli.figures import render
from peelstats.figures import force_profile, wording
from peelstats.figures.figure import NO_METHOD

PROFILES = [("Cambridgeshire", "2014-06"), ("Cambridgeshire", "2019-03"),
            ("Greater Manchester", "2019-12"), ("City of London", "2019-03")]
LIMITS = re.compile(r"CI (-?[\d,]+(?:\.\d+)?) to (-?[\d,]+(?:\.\d+)?)\)")


@pytest.fixture(scope="module", params=PROFILES, ids=lambda p: f"{p[0]} {p[1]}")
def profile(request):
    return force_profile(*request.param)


@pytest.fixture(scope="module")
def cambridgeshire_2019():
    return force_profile("Cambridgeshire", "2019-03")


def _is_change(figure):
    return figure.estimate is not None and figure.estimate.kind == "percent_change"


def test_labels_are_unique_within_a_profile(profile):
    labels = [figure.label for figure in profile]
    assert len(labels) == len(set(labels)), sorted(l for l in labels if labels.count(l) > 1)


def test_one_name_per_offence_group(cambridgeshire_2019):
    figures = cambridgeshire_2019
    assert figures["crime_excluding_fraud_rate"].label == "Crime excluding fraud"
    assert figures["crime_excluding_fraud_change_4y"].label == \
        "Crime excluding fraud, change over 4 years"
    assert figures["crime_excluding_fraud_trend_5y"].label == \
        "Crime excluding fraud per 1,000 population, trend a year over 5 years"
    assert figures["victim_based_crime_trend_5y"].label == \
        "Victim-based crime per 1,000 population, trend a year over 5 years"
    assert figures["residential_burglary_change_4y"].label == \
        "Residential burglary, change over 4 years"
    assert figures["crime_severity_score_change"].label == \
        "Crime Severity Score, change on the previous year"
    # The sentence keeps the offence group as its subject.
    assert figures["crime_excluding_fraud_change_4y"].sentence.startswith(
        "Crime excluding fraud in Cambridgeshire rose by 39.8 percent (95% CI ")
    assert figures["crime_severity_score_change"].sentence.startswith(
        "The Crime Severity Score in Cambridgeshire rose by 8.7 percent from YE Mar 2018 "
        "to YE Mar 2019.")
    # No figure is named "Recorded crime (excluding fraud)" beside "Crime excluding fraud".
    assert not any("Recorded crime (excluding fraud)" in f.label for f in figures)


def test_ids_are_stable(cambridgeshire_2019):
    assert [figure.measure for figure in cambridgeshire_2019] == [
        "crime_excluding_fraud_rate", "victim_based_crime_rate", "violence_with_injury_rate",
        "sexual_offences_rate", "residential_burglary_rate", "asb_incidents_rate",
        "crime_excluding_fraud_change_4y", "victim_based_crime_change_4y",
        "violence_with_injury_change_4y", "sexual_offences_change_4y",
        "residential_burglary_change_4y", "crime_excluding_fraud_trend_5y",
        "victim_based_crime_trend_5y", "charged_summonsed_proportion",
        "no_suspect_identified_proportion", "stop_search_rate",
        "stop_search_disproportionality_black_white", "stop_search_arrest_proportion",
        "officers_rate", "crimes_per_officer", "crime_severity_score",
        "crime_severity_score_change"]


def test_percent_changes_read_as_changes(profile):
    table = profile.display_frame()
    for figure, row in zip(profile, table.itertuples()):
        if not _is_change(figure):
            continue
        each = " a year" if figure.unit == wording.PERCENT_A_YEAR else ""
        assert "±" not in row.value and "±" not in row.comparator, figure.id
        assert "±" not in figure.sentence.split(". ")[0], figure.id
        if figure.value != figure.value:  # NaN: no figure
            assert row.value == "not available"
            continue
        assert re.match(rf"^(an? [\d.,]+ percent (increase|reduction){each}|no change)"
                        rf"( \(95% CI .+\))?$", row.value), row.value
        if figure.comparator_value is not None:
            assert re.match(rf"^England and Wales: (an? [\d.,]+ percent "
                            rf"(increase|reduction){each}|no change) \(95% CI .+\)$",
                            row.comparator), row.comparator


def test_a_fall_gives_the_sizes_of_the_fall():
    # HMIC 2014: Cambridgeshire's recorded crime fell 22 percent, England and Wales's 16.
    figures = force_profile("Cambridgeshire", "2014-06")
    figure = figures["crime_excluding_fraud_change_4y"]
    low, high = wording.number(-figure.upper), wording.number(-figure.lower)
    shown = figures[6:7].display_frame().iloc[0]
    assert figures[6] is figure
    assert shown["value"] == f"a 21.9 percent reduction (95% CI {low} to {high})"
    assert shown["comparator"].startswith("England and Wales: a 16.3 percent reduction (95% CI")


def test_no_interval_is_printed_with_equal_limits(profile):
    table = profile.display_frame()
    texts = [*table["value"], *table["comparator"], *(f.sentence for f in profile)]
    for text in texts:
        for low, high in LIMITS.findall(text):
            assert low != high, text


def test_narrow_interval_gets_its_decimals(cambridgeshire_2019):
    # England and Wales's charge rate, 2018/19: about 8.47 percent of 5 million offences.
    figure = cambridgeshire_2019["charged_summonsed_proportion"]
    shown = cambridgeshire_2019[13:14].display_frame().iloc[0]
    assert cambridgeshire_2019[13] is figure
    low = wording.number(figure.comparator_lower, 2)
    high = wording.number(figure.comparator_upper, 2)
    assert low != high
    assert shown["comparator"] == (f"England and Wales: "
                                   f"{wording.number(figure.comparator_value, 2)} percent "
                                   f"(95% CI {low} to {high})")


def test_figures_without_data_say_not_available(profile):
    for figure in profile:
        assert "none interval" not in figure.method
        if figure.value != figure.value:  # NaN
            assert figure.method == NO_METHOD, figure.id
            assert "not available" in figure.sentence, figure.id
            assert figure.judgement == "not judged" and figure.verdict == ""


def test_no_data_in_table_csv_and_json():
    figures = force_profile("Cambridgeshire", "2014-06")
    missing = [f.id for f in figures if f.value != f.value]
    # Outcomes, stop and search and the Crime Severity Score have no data for YE Jun 2014.
    assert {"E23000023/2014-06/crime_outcomes", "E23000023/2014-06/stop_and_search",
            "E23000023/2014-06/crime_severity"} <= set(missing)
    table = figures.display_frame().set_index(figures.to_frame()["id"])
    records = {r["id"]: r for r in json.loads(render(figures, "json"))}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(render(figures, "csv").decode()))}
    for key in missing:
        assert table.loc[key, "value"] == "not available"
        assert table.loc[key, "comparator"] == "" and table.loc[key, "judgement"] == \
            "not judged"
        assert records[key]["value"] is None and records[key]["method"] == "none"
        assert rows[key]["value"] == "" and rows[key]["method"] == "none"


def test_a_published_score_has_no_interval_method(cambridgeshire_2019):
    assert cambridgeshire_2019["crime_severity_score"].method == "published"
    assert cambridgeshire_2019["crime_severity_score_change"].method == "published"
