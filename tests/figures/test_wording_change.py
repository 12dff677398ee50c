"""Wording of changes over time: the span of a change, a change per year, and cite's
`since` and `annual`.

Expected sentences follow the published form quoted in DESIGN.md (HMIC 2014,
Cambridgeshire: "recorded crime reduced by 22 percent … compared with a reduction of 16
percent across England and Wales") in the house style of the figures issue: one decimal
place, rounded half away from zero; "broadly in line" only when the comparison is not
significant.
"""

import math

import pytest

from peelstats import cite
from peelstats.figures import wording
from peelstats.stats._results import Comparison, Estimate

EW = "England and Wales"


def change(value, lower, upper, method="exact"):
    return Estimate(value, lower, upper, 0.95, method, kind="percent_change")


def comparison(verdict, value=0.93, lower=0.91, upper=0.95, p_value=1e-6):
    return Comparison(value, lower, upper, p_value, verdict, 0.95, "mover", measure="ratio",
                      null=1.0)


def test_change_span():
    assert wording.change_span("2010-06", "2014-06") == "from YE Jun 2010 to YE Jun 2014"
    assert wording.change_span("2015-09") == "since YE Sep 2015"
    with pytest.raises(ValueError, match="period must be written YYYY-MM"):
        wording.change_span("June 2010", "2014-06")


def test_change_verb_per_year_rounds_half_away_from_zero():
    assert wording.change_verb(-4.25, each=wording.PER_YEAR) == "fell by 4.3 percent a year"
    assert wording.change_verb(0.04, each=wording.PER_YEAR) == "did not change"
    assert wording.change_verb(2.05) == "rose by 2.1 percent"


@pytest.mark.parametrize("verdict, finding", [
    ("lower", "the difference is statistically significant"),
    ("higher", "the difference is statistically significant"),
    ("similar", "the two changes are broadly in line"),
    ("", "the difference could not be tested"),
])
def test_change_comparison_every_verdict(verdict, finding):
    text = wording.change_comparison(-21.93, -16.25, verdict,
                                     span=wording.change_span("2010-06", "2014-06"))
    assert text == (f"fell by 21.9 percent from YE Jun 2010 to YE Jun 2014, compared with "
                    f"16.3 percent across England and Wales; {finding}")


def test_change_comparison_per_year_in_both_directions():
    text = wording.change_comparison(3.0, -1.5, "higher", "the rest", each=wording.PER_YEAR,
                                     interval_text="(95% CI 1.0 to 5.0)")
    assert text == ("rose by 3.0 percent a year (95% CI 1.0 to 5.0), compared with a fall "
                    "of 1.5 percent a year across the rest; the difference is "
                    "statistically significant")


def test_cite_since_names_both_periods():
    force, whole = change(-21.92, -22.8, -21.1), change(-16.34, -16.5, -16.2)
    figure = cite(force, whole, measure="crime_excluding_fraud_change_4y",
                  label="Recorded crime (excluding fraud)", comparator_name=EW,
                  comparison=comparison("lower"), polarity="lower_is_better",
                  within=True, area_code="E23000023",
                  area_name="Cambridgeshire", period="2014-06", since="2010-06")
    assert figure.sentence == (
        "Recorded crime (excluding fraud) in Cambridgeshire fell by 21.9 percent (95% CI "
        "21.1 to 22.8) from YE Jun 2010 to YE Jun 2014, compared with 16.3 percent "
        "across England and Wales; the difference is statistically significant.")
    assert figure.notes == ("The comparison is with the rest of England and Wales, without "
                            "Cambridgeshire.",)
    assert figure.method == ("exact interval; mover ratio of rate ratios against the rest "
                             "of England and Wales")
    assert figure.id == "E23000023/2014-06/crime_excluding_fraud_change_4y"
    assert (figure.verdict, figure.judgement) == ("lower", "better")


def test_cite_annual_reads_percent_a_year():
    force = change(-7.6, -10.8, -4.3, method="poisson_glm")
    whole = change(-5.5, -7.3, -3.7, method="poisson_glm")
    figure = cite(force, whole, measure="crime_trend_5y", label="Crime", comparator_name=EW,
                  comparison=comparison("similar", 0.98, 0.95, 1.01, 0.14),
                  polarity="lower_is_better", within=True,
                  area_name="Cambridgeshire", period="2014-06", since="2010-06",
                  annual=True)
    assert figure.sentence.startswith(
        "Crime in Cambridgeshire fell by 7.6 percent a year (95% CI 4.3 to 10.8) from YE "
        "Jun 2010 to YE Jun 2014, compared with 5.5 percent a year across England and "
        "Wales; the two changes are broadly in line.")
    assert "ratio of annual rate ratios" in figure.method
    assert (figure.verdict, figure.judgement) == ("similar", "similar")


def test_cite_change_without_comparator_or_value():
    alone = cite(change(5.04, 1.0, 9.2), measure="x_change_4y", label="Robbery",
                 area_name="Kent", period="2014-06", since="2010-06")
    assert alone.sentence == ("Robbery in Kent rose by 5.0 percent (95% CI 1.0 to 9.2) from "
                              "YE Jun 2010 to YE Jun 2014.")
    nan = float("nan")
    missing = cite(change(nan, nan, nan), measure="x_change_4y", label="Robbery",
                   area_name="Kent", period="2014-06", since="2010-06",
                   note="no comparable figure can be given: Kent supplied no count")
    assert missing.sentence == ("Robbery in Kent from YE Jun 2010 to YE Jun 2014: not "
                                "available.")
    assert missing.notes == ("No comparable figure can be given: Kent supplied no count.",)
    assert math.isnan(missing.value) and missing.judgement == "not judged"


def test_since_and_annual_only_for_a_change():
    rate = Estimate(55.1, 54.6, 55.6, 0.95, "byar", kind="rate", count=45034,
                    denominator=817000, per=1000)
    with pytest.raises(ValueError, match="since and annual describe a percent change"):
        cite(rate, measure="crime_rate", since="2010-06")
    with pytest.raises(ValueError, match="period must be written YYYY-MM"):
        cite(change(-5.0, -6.0, -4.0), measure="x_change_4y", since="2010")


# --- a percent change and its interval, never a ± ---------------------------------------
# Cambridgeshire's counts give the first two rows (YE Mar 2015 → YE Mar 2019, crime
# excluding fraud: 39.79 (38.13 to 41.47); YE Jun 2010 → YE Jun 2014: -21.92 (-22.88 to
# -20.949), the exact intervals of peelstats.change); the others are constructed to reach
# each form of the wording.

@pytest.mark.parametrize("value, lower, upper, expected", [
    (39.79, 38.13, 41.47, "a 39.8 percent increase (95% CI 38.1 to 41.5)"),
    (-21.92, -22.88, -20.949, "a 21.9 percent reduction (95% CI 20.9 to 22.9)"),
    (-2.0, -5.1, 1.2, "a 2.0 percent reduction (95% CI -5.1 to +1.2)"),
    (0.02, -0.6, 0.7, "no change (95% CI -0.6 to +0.7)"),
    (3.0, 0.0, 6.1, "a 3.0 percent increase (95% CI 0.0 to 6.1)"),
    (-3.0, -6.1, -0.04, "a 3.0 percent reduction (95% CI 0.0 to 6.1)"),
    (8.4731, 8.4512, 8.4968, "an 8.47 percent increase (95% CI 8.45 to 8.50)"),
    (8.7, float("nan"), float("nan"), "an 8.7 percent increase"),
    (float("nan"), float("nan"), float("nan"), "not available"),
])
def test_change_with_interval(value, lower, upper, expected):
    text = wording.change_with_interval(value, lower, upper)
    assert text == expected
    assert "±" not in text


def test_change_interval_follows_the_verb():
    # "fell by 21.9 percent (95% CI 20.9 to 22.9)": the sizes of the fall, smaller first.
    assert wording.change_verb(-21.92) + " " + wording.change_interval(
        -21.92, -22.88, -20.949) == "fell by 21.9 percent (95% CI 20.9 to 22.9)"
    assert wording.change_interval(39.79, 38.13, 41.47, confidence=0.998) == \
        "(99.8% CI 38.1 to 41.5)"
    assert wording.change_interval(5.0, float("nan"), 6.0) == ""


def test_change_with_interval_per_year():
    assert wording.change_with_interval(-7.61, -10.8, -4.3, each=wording.PER_YEAR) == \
        "a 7.6 percent reduction a year (95% CI 4.3 to 10.8)"


def test_describe_a_percent_change_as_a_change():
    assert str(change(39.79, 38.13, 41.47)) == "a 39.8 percent increase (95% CI 38.1 to 41.5)"


def test_table_shows_changes_as_changes():
    force, whole = change(-21.92, -22.88, -20.949), change(-16.34, -16.45, -16.23)
    figure = cite(force, whole, measure="crime_excluding_fraud_change_4y",
                  label="Crime excluding fraud, change over 4 years",
                  subject="Crime excluding fraud", comparator_name=EW,
                  comparison=comparison("lower"), polarity="lower_is_better",
                  within=True, area_code="E23000023",
                  area_name="Cambridgeshire", period="2014-06", since="2010-06")
    row = figure.to_frame().iloc[0]
    assert row["label"] == "Crime excluding fraud, change over 4 years"
    assert figure.sentence.startswith("Crime excluding fraud in Cambridgeshire fell by 21.9 "
                                      "percent (95% CI 20.9 to 22.9) from YE Jun 2010")
    from peelstats.figures import Figures
    shown = Figures([figure]).display_frame().iloc[0]
    assert shown["measure"] == "Crime excluding fraud, change over 4 years"
    assert shown["value"] == "a 21.9 percent reduction (95% CI 20.9 to 22.9)"
    assert shown["comparator"] == ("England and Wales: a 16.3 percent reduction (95% CI "
                                   "16.2 to 16.5)")


def test_annual_change_has_a_unit_per_year():
    figure = cite(change(-7.61, -10.8, -4.3, method="poisson_glm"), measure="x_trend_5y",
                  label="Crime, trend a year over 5 years", subject="Crime",
                  area_name="Kent", period="2014-06", since="2010-06", annual=True)
    assert figure.unit == "percent a year"
    assert figure.sentence == ("Crime in Kent fell by 7.6 percent a year (95% CI 4.3 to "
                               "10.8) from YE Jun 2010 to YE Jun 2014.")
    from peelstats.figures import Figures
    assert Figures([figure]).display_frame().iloc[0]["value"] == \
        "a 7.6 percent reduction a year (95% CI 4.3 to 10.8)"
