"""Citable figures (peelstats.cite, Figure, Figures).

Where the expected values come from:
- 88.1 ± 1.3 against 85.0 ± 0.2 is "higher than", and against 87.2 ± 1.3 "broadly in line
  with": the HMIC PEEL inspection of Cambridgeshire Constabulary (victim satisfaction), as
  quoted in DESIGN.md. The same verdicts follow by hand: (88.1 - 85.0) / sqrt((1.3/1.96)^2 +
  (0.2/1.96)^2) = 4.6 > 1.96, and (88.1 - 87.2) / (1.3 * sqrt(2) / 1.96) = 0.96 < 1.96.
- Every other verdict is checked against the statistics function `cite` must choose for the
  pair of kinds, called directly (the dispatch is what is under test here), and against
  counts chosen so that the verdict is plain by hand (rates 50 against 60 per 1,000 on tens of
  thousands of events differ by more than ten standard errors; 600 against 601 do not).
"""

import json
import math

import numpy as np
import pytest

import peelstats
from peelstats import stats
from peelstats.figures import FIGURE_FIELDS, Figure, Figures, cite, judge
from peelstats.stats._results import Estimate

EW = "England and Wales"


def survey(value, margin):
    return stats.survey_proportion(value, margin)


def rate(count, denominator):
    return stats.rate(count, denominator, per=1000)


# --- the published example -----------------------------------------------------------------

def test_published_survey_example_higher():
    figure = cite(survey(0.881, 0.013), survey(0.850, 0.002), measure="victim_satisfaction",
                  comparator_name=EW, polarity="higher_is_better", label="Victim satisfaction",
                  area_code="E23000023", area_name="Cambridgeshire", period="2015-03")
    assert figure.verdict == "higher"
    assert figure.judgement == "better"
    # As the PEEL report quotes it: two published margins, one interval style (±).
    assert "88.1 percent (± 1.3 percent), which is higher than England and Wales at " \
           "85.0 percent (± 0.2 percent)." in figure.sentence
    assert figure.comparator_upper - figure.comparator_value == pytest.approx(0.2)
    assert figure.value == pytest.approx(88.1)
    assert figure.comparator_value == pytest.approx(85.0)


def test_published_survey_example_broadly_in_line():
    figure = cite(survey(0.881, 0.013), survey(0.872, 0.013), measure="victim_satisfaction",
                  comparator_name="the previous year", polarity="higher_is_better")
    assert figure.verdict == "similar"
    assert figure.judgement == "similar"
    assert "broadly in line with the previous year at 87.2 percent (± 1.3 percent)." in figure.sentence


# --- every verdict path × polarity ------------------------------------------------------

LOW, HIGH = rate(30000, 600000), rate(36000, 600000)  # 50 and 60 per 1,000
NEAR = rate(36060, 600000)  # 60.1 per 1,000: not distinguishable from 60


@pytest.mark.parametrize(("a", "b", "verdict"), [
    (LOW, HIGH, "lower"), (HIGH, LOW, "higher"), (HIGH, NEAR, "similar")])
@pytest.mark.parametrize(("polarity", "judgements"), [
    ("lower_is_better", {"lower": "better", "higher": "worse", "similar": "similar"}),
    ("higher_is_better", {"lower": "worse", "higher": "better", "similar": "similar"}),
    (None, {"lower": "not judged", "higher": "not judged", "similar": "not judged"}),
])
def test_verdict_and_judgement(a, b, verdict, polarity, judgements):
    figure = cite(a, b, measure="crime_rate", comparator_name="Elsewhere", polarity=polarity)
    assert figure.verdict == verdict
    assert figure.judgement == judgements[verdict]
    phrase = {"lower": "lower than", "higher": "higher than",
              "similar": "broadly in line with"}[verdict]
    assert f"which is {phrase} Elsewhere at" in figure.sentence


def test_no_comparator_is_not_judged():
    figure = cite(LOW, measure="crime_rate", polarity="lower_is_better")
    assert figure.verdict == ""
    assert figure.judgement == "not judged"
    assert figure.comparator is None and figure.p_value is None
    assert figure.sentence == "Crime rate: " + str(LOW) + "."


def test_missing_comparison_is_never_in_line():
    missing = rate(float("nan"), 600000)
    figure = cite(missing, HIGH, measure="crime_rate", comparator_name=EW,
                  polarity="lower_is_better")
    assert figure.verdict == ""
    assert figure.judgement == "not judged"
    assert "broadly in line" not in figure.sentence
    assert "not available" in figure.sentence


def test_judge_rejects_unknown_polarity():
    with pytest.raises(ValueError, match="unknown polarity 'up'"):
        judge("higher", "up")
    with pytest.raises(ValueError, match="unknown polarity"):
        cite(LOW, measure="crime_rate", polarity="up")


# --- the comparison chosen from the kinds ---------------------------------------------------

def test_rates_use_the_exact_rate_ratio_test():
    figure = cite(LOW, HIGH, measure="crime_rate", comparator_name=EW)
    direct = stats.compare_rates(30000, 600000, 36000, 600000, method="exact")
    assert figure.p_value == pytest.approx(direct.p_value)
    assert figure.comparison.value == pytest.approx(direct.value)
    assert "rate ratio" in figure.method and direct.method in figure.method


def test_proportions_use_effective_sample_sizes():
    a = stats.proportion(120, 200, deff=2.0)
    b = stats.proportion(500, 1000, deff=1.5)
    figure = cite(a, b, measure="satisfied", comparator_name=EW)
    direct = stats.compare_proportions(60, 100, 500 / 1.5, 1000 / 1.5)
    assert figure.comparison.lower == pytest.approx(direct.lower)
    assert figure.comparison.upper == pytest.approx(direct.upper)
    assert figure.verdict == direct.verdict


def test_survey_figures_compare_by_interval():
    a, b = survey(0.881, 0.013), survey(0.850, 0.002)
    figure = cite(a, b, measure="victim_satisfaction", comparator_name=EW)
    direct = stats.compare_estimates(a, b)
    assert figure.comparison.value == pytest.approx(direct.value)
    assert figure.p_value == pytest.approx(direct.p_value)


def test_proportion_against_survey_compares_by_interval():
    a = stats.proportion(51, 60)
    b = survey(0.850, 0.002)
    figure = cite(a, b, measure="satisfied", comparator_name=EW)
    direct = stats.compare_estimates(a, b)
    assert figure.p_value == pytest.approx(direct.p_value)
    assert figure.sentence.startswith("Satisfied: 51 out of 60 (85.0 percent, 95% CI")


def test_mixed_kinds_are_refused_with_the_valid_pairs():
    with pytest.raises(ValueError, match="cannot compare a rate with a survey.*rate/rate"):
        cite(LOW, survey(0.85, 0.01), measure="crime_rate", comparator_name=EW)


def test_rest_of_whole_for_rates():
    # A part of 30,000 in 600,000 inside a whole of 3,000,000 in 50,000,000:
    # the rest is 2,970,000 in 49,400,000.
    part = rate(30000, 600000)
    whole = rate(3000000, 50000000)
    figure = cite(part, whole, measure="crime_rate", comparator_name=EW,
                  within=True, area_name="Cambridgeshire",
                  polarity="lower_is_better")
    direct = stats.compare_rates(30000, 600000, 2970000, 49400000, method="exact")
    assert figure.comparison.value == pytest.approx(direct.value)
    assert figure.p_value == pytest.approx(direct.p_value)
    # The comparator shown is the whole, as published; the sentence says what was tested.
    assert figure.comparator_value == pytest.approx(60.0)
    assert figure.notes[0] == ("The comparison is with the rest of England and Wales, "
                               "without Cambridgeshire.")
    assert "rest of" not in figure.sentence
    assert "against the rest of England and Wales" in figure.method
    assert figure.judgement == "better"


def test_rest_of_whole_differs_from_comparing_with_the_whole():
    # A large part drags the whole towards itself: against the whole, 50 vs 55 per 1,000
    # looks closer than it is; against the rest (60 per 1,000) the ratio is further from 1.
    part = rate(25000, 500000)
    whole = rate(55000, 1000000)
    with_whole = cite(part, whole, measure="crime_rate", comparator_name=EW)
    with_rest = cite(part, whole, measure="crime_rate", comparator_name=EW,
                     within=True)
    assert with_whole.comparison.value == pytest.approx(50 / 55)
    assert with_rest.comparison.value == pytest.approx(50 / 60)


def test_rest_of_whole_needs_counts():
    with pytest.raises(ValueError, match="survey figure known only by its margin"):
        cite(survey(0.881, 0.013), survey(0.850, 0.002), measure="victim_satisfaction",
             comparator_name=EW, within=True)


# --- validation ------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "message"), [
    ({"measure": "Crime Rate"}, "measure must be a lower-case identifier"),
    ({"measure": "crime_rate", "versus": HIGH}, "comparator_name is required"),
    ({"measure": "crime_rate", "comparator_name": EW}, "need versus"),
    ({"measure": "crime_rate", "period": "June 2014"}, "YYYY-MM"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cite(LOW, **kwargs)


def test_array_estimates_are_refused():
    many = stats.rate(np.array([10, 20]), np.array([1000, 1000]))
    with pytest.raises(ValueError, match="single estimate"):
        cite(many, measure="crime_rate")


def test_confidence_must_match():
    other = stats.rate(36000, 600000, confidence=0.998)
    with pytest.raises(ValueError, match="same confidence"):
        cite(LOW, other, measure="crime_rate", comparator_name=EW)


def test_percent_unit_only_for_proportions():
    with pytest.raises(ValueError, match="unit of a survey figure"):
        cite(survey(0.881, 0.013), measure="victim_satisfaction", unit="per 1,000 population")


# --- the Figure and Figures objects ---------------------------------------------------

def _figure():
    return cite(LOW, HIGH, measure="crime_excluding_fraud_rate", comparator_name=EW,
                polarity="lower_is_better", area_code="E23000023", area_name="Cambridgeshire",
                period="2014-06", source="Home Office recorded crime by PFA",
                label="Crime excluding fraud")


def test_figure_fields_and_id():
    figure = _figure()
    assert figure.id == "E23000023/2014-06/crime_excluding_fraud_rate"
    record = figure.to_dict()
    assert list(record) == list(FIGURE_FIELDS)
    for name in ("id", "measure", "area_code", "area_name", "period", "value", "lower",
                 "upper", "unit", "method", "comparator", "comparator_value",
                 "comparator_lower", "comparator_upper", "verdict", "judgement", "p_value",
                 "sentence", "source"):
        assert name in record
    assert record["unit"] == "per 1,000 population"
    assert str(figure) == figure.sentence
    assert figure.sentence.startswith("Crime excluding fraud in Cambridgeshire, YE Jun 2014: "
                                      "50.0 per 1,000 population")
    json.dumps(record, allow_nan=False)  # JSON-safe


def test_figure_is_frozen_and_renders_html():
    figure = _figure()
    with pytest.raises(AttributeError):
        figure.value = 1.0  # type: ignore[misc]
    html = figure._repr_html_()
    assert "Cambridgeshire" in html and "<table>" in html


def test_nan_becomes_none_in_dicts():
    figure = cite(rate(float("nan"), 1000), measure="crime_rate")
    record = figure.to_dict()
    assert record["value"] is None and record["lower"] is None
    json.dumps(record, allow_nan=False)


def test_figures_table():
    first = _figure()
    second = cite(HIGH, measure="other_rate", area_code="E23000023", period="2014-06")
    figures = Figures([first, second])
    assert len(figures) == 2 and figures[0] is first
    assert figures["other_rate"] is second
    frame = figures.to_frame()
    assert list(frame.columns) == list(FIGURE_FIELDS)
    assert frame["id"].tolist() == [first.id, second.id]
    html = figures._repr_html_()
    assert html.count("</tr>") == 3  # header and two figures
    assert isinstance(figures[:1], Figures)


def test_figures_refuse_duplicates_and_strangers():
    with pytest.raises(ValueError, match="unique"):
        Figures([_figure(), _figure()])
    with pytest.raises(ValueError, match=r"figures\[0\] is a str"):
        Figures(["not a figure"])


def test_exported_from_the_package():
    assert peelstats.cite is cite
    assert peelstats.Figure is Figure


def test_p_value_is_a_plain_float():
    figure = _figure()
    assert isinstance(figure.p_value, float) and not math.isnan(figure.p_value)
    assert isinstance(figure.estimate, Estimate)


def test_note_is_added_as_a_sentence():
    figure = cite(rate(float("nan"), 600000), HIGH, measure="burglary_rate",
                  comparator_name=EW, note="the 12 months mix the old and new categories")
    assert figure.notes == ("The 12 months mix the old and new categories.",)
    assert "categories" not in figure.sentence


def test_figures_by_measure_must_be_unambiguous():
    one = cite(LOW, measure="crime_rate", area_code="E23000023", period="2014-06")
    two = cite(HIGH, measure="crime_rate", area_code="E23000001", period="2014-06")
    figures = Figures([one, two])
    assert figures["E23000001/2014-06/crime_rate"] is two
    with pytest.raises(KeyError, match="2 figures have measure 'crime_rate'"):
        figures["crime_rate"]


def test_percent_change_reads_as_a_change():
    # 57,676 -> 45,034 is -21.92 percent (100 * (45034 / 57676 - 1), by hand); the
    # comparator 4,400,000 -> 3,680,000 is -16.36 percent. The ratio of the two rate
    # ratios (0.781 / 0.836) is far from 1 with counts this large: a significant difference.
    force = peelstats.change(57676, 45034)
    whole = peelstats.change(4400000, 3680000)
    comparison = peelstats.compare_changes(57676, 45034, 4400000, 3680000)
    figure = cite(force, whole, measure="recorded_crime_change", comparator_name=EW,
                  comparison=comparison, polarity="lower_is_better", label="Recorded crime",
                  area_name="Cambridgeshire", period="2014-06")
    assert figure.sentence.startswith("Recorded crime in Cambridgeshire, YE Jun 2014, fell "
                                      "by 21.9 percent (")
    assert "compared with 16.4 percent across England and Wales; the difference is " \
           "statistically significant." in figure.sentence
    assert figure.verdict == "lower" and figure.judgement == "better"
    alone = cite(force, measure="recorded_crime_change", label="Recorded crime")
    assert alone.sentence.startswith("Recorded crime fell by 21.9 percent (")


def test_narrow_interval_fields_in_html_share_the_displayed_places():
    # A rate whose limits print as 2.7 and 2.7 at one decimal: 2.70 (2.68 to 2.71) shown.
    narrow = Estimate(2.7012, 2.6851, 2.7149, 0.95, "byar", kind="rate", per=1000)
    figure = cite(narrow, measure="sexual_offences_rate", area_name="England and Wales")
    assert "2.70 per 1,000 population (95% CI 2.69 to 2.71)" in figure.sentence
    html = figure._repr_html_()
    assert ">2.69<" in html and ">2.71<" in html and ">2.70<" in html


def test_a_figure_without_data():
    from peelstats.figures.figure import NO_METHOD, cite_not_available

    figure = cite_not_available("crime_outcomes", "Crime outcomes",
                                "the outcomes data cover 2018/19 only",
                                area_code="E23000023", area_name="Cambridgeshire",
                                period="2014-06")
    assert figure.method == NO_METHOD == "none"
    assert figure.sentence == "Crime outcomes in Cambridgeshire, YE Jun 2014: not available."
    assert figure.notes == ("The outcomes data cover 2018/19 only.",)
    assert Figures([figure]).display_frame().iloc[0]["value"] == "not available"
    assert figure.to_dict()["value"] is None and figure.judgement == "not judged"
    change = cite_not_available("x_change_4y", "Robbery, change over 4 years",
                                "no comparable figure can be given", area_name="Kent",
                                period="2014-06", change=True, since="2010-06",
                                subject="Robbery")
    assert change.sentence.startswith("Robbery in Kent from YE Jun 2010 to YE Jun 2014: "
                                      "not available.")
    assert change.method == "none" and change.unit == "percent"


def test_a_value_without_an_interval_is_named_by_its_method():
    nan = float("nan")
    score = cite(Estimate(13.64, nan, nan, 0.95, "published", kind="value"),
                 measure="crime_severity_score", label="Crime Severity Score")
    assert score.method == "published"
    assert score.sentence == "Crime Severity Score: 13.6."
