"""peelstats.compare: one comparison for each pair of kinds, and every verdict from it.

Reference values: the survey seeds are HMIC's PEEL 2014 Cambridgeshire report (victim
satisfaction 88.1 ± 1.3 percent, England and Wales 85.0 ± 0.2, the previous year 87.2 ±
1.3: "higher than", "broadly in line with"). The other tests check that each pair reaches
the comparison the design names, with the arguments (the rest of the whole) computed here
by hand; the comparisons' own formulas are tested against published values in their modules'
tests.
"""

import math

import pytest

import peelstats
from peelstats import stats


def test_published_survey_figures():
    force = stats.survey_proportion(0.881, 0.013)
    assert stats.compare(force, stats.survey_proportion(0.850, 0.002)).verdict == "higher"
    assert stats.compare(force, stats.survey_proportion(0.872, 0.013)).verdict == "similar"


def test_rates_within_the_whole_are_compared_with_the_rest():
    part, whole = stats.rate(30_000, 600_000), stats.rate(3_000_000, 50_000_000)
    result = stats.compare(part, whole, within=True)
    by_hand = stats.compare_rates(30_000, 600_000, 2_970_000, 49_400_000, method="exact")
    assert (result.value, result.lower, result.upper, result.p_value) == (
        by_hand.value, by_hand.lower, by_hand.upper, by_hand.p_value)
    plain = stats.compare(part, whole)
    assert plain.value == pytest.approx((30_000 / 600_000) / (3_000_000 / 50_000_000))


def test_proportions_use_the_effective_counts():
    a = stats.proportion(330, 690, deff=1.44)
    b = stats.proportion(5_000, 10_000, deff=1.44)
    result = stats.compare(a, b, within=True)
    x, n = 330 / 1.44, 690 / 1.44
    by_hand = stats.compare_proportions(x, n, 5_000 / 1.44 - x, 10_000 / 1.44 - n)
    assert result.value == pytest.approx(by_hand.value, rel=1e-12)
    assert result.lower == pytest.approx(by_hand.lower, rel=1e-12)
    assert result.verdict == by_hand.verdict


def test_two_changes_are_compared_by_the_ratio_of_their_rate_ratios():
    # HMIC's Cambridgeshire counts, YE Jun 2010 and 2014, against an England and Wales
    # total invented for the test.
    force, whole = stats.change(57_676, 45_034), stats.change(4_400_000, 3_680_000)
    result = stats.compare(force, whole, within=True, dispersion=4.0)
    by_hand = stats.compare_changes(57_676, 45_034, 4_400_000 - 57_676, 3_680_000 - 45_034,
                                    dispersion=4.0, method="mover")
    assert (result.value, result.lower, result.upper) == (by_hand.value, by_hand.lower,
                                                          by_hand.upper)
    assert result.method == "mover"


def test_two_rate_ratios_with_denominators():
    force = stats.rate_ratio(100, 1_000, 2_000, 100_000)
    whole = stats.rate_ratio(1_000, 20_000, 20_000, 1_000_000)
    result = stats.compare(force, whole, within=True, method="wald")
    by_hand = stats.compare_changes(
        2_000, 100, 18_000, 900, denominator_before1=100_000, denominator_after1=1_000,
        denominator_before2=900_000, denominator_after2=19_000, method="wald")
    assert result.value == pytest.approx(by_hand.value, rel=1e-12)
    assert result.p_value == pytest.approx(by_hand.p_value, rel=1e-12)


def test_two_trends():
    years = [2015, 2016, 2017, 2018, 2019]
    falling = stats.trend([1000, 905, 800, 740, 650], [1e5] * 5, years)
    flat = stats.trend([20000, 20150, 19900, 20100, 19950], [2e6] * 5, years)
    result = stats.compare(falling, flat)
    assert result.verdict == "lower" and result.method == "welch"
    with pytest.raises(ValueError, match="fit the trend of the rest"):
        stats.compare(falling, flat, within=True)


@pytest.mark.parametrize("a, b", [
    (stats.rate(549, 10_000), stats.proportion(881, 1000)),
    (stats.rate(549, 10_000), stats.survey_proportion(0.881, 0.013)),
    (stats.change(10, 20), stats.rate(549, 10_000)),
])
def test_different_kinds_are_refused_saying_why(a, b):
    with pytest.raises(ValueError, match="cannot compare a .* with a .*different kinds"):
        stats.compare(a, b)


def test_refusals_name_the_problem():
    survey = stats.survey_proportion(0.881, 0.013)
    with pytest.raises(ValueError, match="cannot be separated"):
        stats.compare(survey, stats.survey_proportion(0.85, 0.002), within=True)
    with pytest.raises(ValueError, match="same confidence"):
        stats.compare(stats.rate(5, 100), stats.rate(5, 100, confidence=0.9))
    published = stats.Estimate(5.0, 4.0, 6.0, 0.95, "published", kind="rate")
    with pytest.raises(ValueError, match="without count, denominator"):
        stats.compare(published, stats.rate(5, 100))
    with pytest.raises(ValueError, match="unknown method 'exact'"):
        stats.compare(survey, survey, method="exact")


def test_every_verdict_of_a_force_profile_comes_from_compare(monkeypatch):
    made = []
    real = stats.compare

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        made.append(result)
        return result

    monkeypatch.setattr(stats, "compare", spy)
    figures = peelstats.force_profile("Kent", "2019-03")
    judged = [figure for figure in figures if figure.verdict]
    assert len(judged) >= 10
    for figure in judged:
        assert any(figure.comparison is result for result in made), figure.id


def test_the_old_name_of_within_still_works_with_a_warning():
    part, whole = stats.rate(30_000, 600_000), stats.rate(3_000_000, 50_000_000)
    with pytest.warns(DeprecationWarning, match="use within"):
        old = peelstats.cite(part, whole, measure="crime_rate",
                             comparator_name="England and Wales",
                             versus_contains_estimate=True)
    new = peelstats.cite(part, whole, measure="crime_rate",
                         comparator_name="England and Wales", within=True)
    assert old.sentence == new.sentence and math.isclose(old.p_value or 0, new.p_value or 0)
