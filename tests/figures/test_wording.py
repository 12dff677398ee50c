"""Rounding and wording (peelstats.figures.wording).

Where the expected strings come from:
- "88.1 percent (± 1.3 percent)", "85.0 percent (± 0.2 percent)", "higher than", "broadly in
  line with", "54.9 per 1,000 population", "a 22 percent reduction", "12th-lowest of the 43
  forces", "51 out of 60": HMIC PEEL inspection reports for Cambridgeshire Constabulary, as
  quoted in the project design (DESIGN.md, "Wording and rounding").
- Rounding half away from zero on the decimal value: the convention of the published ONS and
  Home Office tables (DESIGN.md), and Python's decimal module documentation of ROUND_HALF_UP
  ("round to nearest with ties going away from zero"). 2.675 is the Python tutorial's own
  example of a float whose binary value lies below the decimal tie (round(2.675, 2) == 2.67).
- "fell by 21.9 percent …": issue 7's wording for 57,676 → 45,034 (Cambridgeshire, YE Jun
  2010 → YE Jun 2014); -21.9 is 100 * (45034 / 57676 - 1) computed by hand (-21.919).
"""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peelstats import _wording
from peelstats.figures import wording
from peelstats.stats._results import Comparison, Estimate


@pytest.mark.parametrize(("value", "places", "expected"), [
    (88.05, 1, "88.1"),
    (1.25, 1, "1.3"),
    (0.05, 1, "0.1"),
    (-0.05, 1, "-0.1"),
    (-2.5, 0, "-3"),
    (2.5, 0, "3"),
    (2.675, 2, "2.68"),  # round(2.675, 2) == 2.67: the binary value is below the tie
    (1.005, 2, "1.01"),  # round(1.005, 2) == 1.0
    (0.125, 2, "0.13"),  # banker's rounding would give 0.12
    (88.04999, 1, "88.0"),
    (27084, 0, "27,084"),
    (1234567.891, 1, "1,234,567.9"),
    (-0.04, 1, "0.0"),  # no "-0.0"
])
def test_number_rounds_half_away_from_zero(value, places, expected):
    assert wording.number(value, places) == expected


def test_numpy_scalars_round_on_their_decimal_value():
    # repr(np.float64(88.05)) is "np.float64(88.05)" under numpy 2: must not leak in.
    assert wording.number(np.float64(88.05)) == "88.1"
    assert wording.number(np.float32(0.5), places=0) == "1"


def test_python_round_would_differ():
    # The reason the module exists: Python's round is not the published convention.
    assert round(2.675, 2) == 2.67 and wording.rounded(2.675, 2) == 2.68
    assert round(0.125, 2) == 0.12 and wording.rounded(0.125, 2) == 0.13
    assert round(-2.5) == -2 and wording.rounded(-2.5, 0) == -3


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False))
def test_rounding_is_symmetric_about_zero(value):
    up = wording.round_half_away(float(value), 1)
    down = wording.round_half_away(-float(value), 1)
    assert up == -down


@given(st.integers(min_value=-10**7, max_value=10**7))
def test_exact_ties_go_away_from_zero(tenths):
    # x.x5 written in decimal: the tie always moves away from zero.
    value = Decimal(tenths) / 10 + (Decimal("0.05") if tenths >= 0 else Decimal("-0.05"))
    expected = Decimal(tenths + (1 if tenths >= 0 else -1)) / 10
    assert wording.round_half_away(float(value), 1) == expected


def test_missing_and_infinite():
    assert wording.number(float("nan")) == "not available"
    assert wording.number(None) == "not available"
    assert wording.number(float("inf")) == "infinity"


def test_counts_with_thousands_separators():
    assert wording.count(27084) == "27,084"
    assert wording.count(45034.0) == "45,034"
    assert wording.count(7) == "7"
    with pytest.raises(ValueError, match="whole number"):
        wording.count(2.5)


@pytest.mark.parametrize(("position", "expected"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"),
    (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (42, "42nd"),
    (43, "43rd"), (101, "101st"), (111, "111th"), (112, "112th"), (113, "113th"),
])
def test_ordinals(position, expected):
    assert wording.ordinal(position) == expected


def test_ordinal_rejects_non_positions():
    with pytest.raises(ValueError, match="position"):
        wording.ordinal(0)
    with pytest.raises(ValueError, match="position"):
        wording.ordinal(2.5)


def test_rank_as_published():
    assert wording.rank(12, 43) == "12th-lowest of 43 forces"
    assert wording.rank(21, 43, "highest") == "21st-highest of 43 forces"
    assert wording.rank(1, 43) == "the lowest of 43 forces"
    with pytest.raises(ValueError, match="exceeds"):
        wording.rank(44, 43)


def test_small_sample_out_of():
    assert wording.out_of(51, 60) == "51 out of 60"
    with pytest.raises(ValueError, match="exceeds"):
        wording.out_of(61, 60)


def test_published_survey_margins():
    assert wording.value_with_interval(88.1, 86.8, 89.4, unit="percent") == \
        "88.1 percent (± 1.3 percent)"
    assert wording.value_with_interval(85.0, margin=0.2, unit="percent") == \
        "85.0 percent (± 0.2 percent)"


def test_asymmetric_interval_is_never_written_with_a_margin():
    text = wording.value_with_interval(2.1, 0.9, 4.2, unit="per 1,000 population")
    assert text == "2.1 per 1,000 population (95% CI 0.9 to 4.2)"
    assert "±" not in text


def test_symmetry_is_decided_at_display_precision():
    # 0.63 below and 0.64 above: printed as 54.9, 54.3 and 55.6, which is not symmetric.
    assert wording.symmetric_margin(54.94, 54.31, 55.58) is None
    # 1.34 below, 1.26 above: printed as 88.1, 86.8 and 89.4, symmetric as printed.
    assert wording.symmetric_margin(88.14, 86.80, 89.40) == Decimal("1.3")
    # Float noise in the limits (0.881 - 0.013 is 0.8679999999999999) does not matter.
    assert wording.symmetric_margin(88.1, (0.881 - 0.013) * 100, (0.881 + 0.013) * 100) == \
        Decimal("1.3")


def test_confidence_label():
    assert wording.interval(5.0, 1.0, 8.0, confidence=0.998) == "(99.8% CI 1.0 to 8.0)"


def test_rates_and_units():
    assert wording.rate_unit(1000) == "per 1,000 population"
    assert wording.rate_unit(1000, "households") == "per 1,000 households"
    assert wording.with_unit(wording.number(54.94), wording.rate_unit()) == \
        "54.9 per 1,000 population"


def test_verdict_phrases():
    assert wording.verdict_phrase("higher") == "higher than"
    assert wording.verdict_phrase("lower") == "lower than"
    assert wording.verdict_phrase("similar") == "broadly in line with"
    assert wording.verdict_phrase("") == "not compared with"
    with pytest.raises(ValueError, match="unknown verdict 'bigger'"):
        wording.verdict_phrase("bigger")


@pytest.mark.parametrize(("change", "expected"), [
    (-21.9, "a 22 percent reduction"),
    (-16.3, "a 16 percent reduction"),
    (5.0, "a 5 percent increase"),
    (4.5, "a 5 percent increase"),  # half away from zero
    (-0.4, "no change"),
    (8.0, "an 8 percent increase"),
    (11.2, "an 11 percent increase"),
    (18.0, "an 18 percent increase"),
    (83.0, "an 83 percent increase"),
    (1.0, "a 1 percent increase"),
])
def test_change_as_noun_phrase(change, expected):
    assert wording.change(change) == expected


def test_change_comparison_for_the_change_issue():
    significant = wording.change_comparison(-21.919, -16.3, "lower")
    assert significant == ("fell by 21.9 percent, compared with 16.3 percent across England "
                           "and Wales; the difference is statistically significant")
    in_line = wording.change_comparison(-17.0, -16.3, "similar")
    assert in_line.endswith("broadly in line")
    assert "statistically significant" not in in_line
    opposite = wording.change_comparison(4.0, -16.3, "higher")
    assert opposite.startswith("rose by 4.0 percent, compared with a fall of 16.3 percent")


def test_period_in_text():
    assert wording.period("2014-06") == "YE Jun 2014"
    with pytest.raises(ValueError, match="YYYY-MM"):
        wording.period("June 2014")


def test_p_values():
    assert wording.p_value(0.0002) == "p < 0.001"
    assert wording.p_value(0.0345) == "p = 0.035"  # half away from zero


# --- describe: the str() of results -----------------------------------------------------

def test_describe_survey_estimate_uses_published_margin():
    estimate = Estimate(0.881, 0.868, 0.894, 0.95, "survey", kind="survey", margin=0.013)
    assert str(estimate) == "88.1 percent (± 1.3 percent)"


def test_describe_small_sample_proportion():
    # Wilson 95% interval for 51/60: 0.73885 to 0.91903 (statsmodels proportion_confint).
    estimate = Estimate(0.85, 0.73885, 0.91903, 0.95, "wilson", kind="proportion", x=51, n=60)
    assert str(estimate) == "51 out of 60 (85.0 percent, 95% CI 73.9 to 91.9)"


def test_describe_large_sample_proportion_has_no_out_of():
    estimate = Estimate(0.5, 0.49, 0.51, 0.95, "wilson", kind="proportion", x=5000, n=10000)
    assert str(estimate) == "50.0 percent (± 1.0 percent)"


def test_describe_rate_with_households_unit():
    estimate = Estimate(6.04, 5.80, 6.31, 0.95, "byar", kind="rate", per=1000)
    assert wording.describe(estimate, unit="per 1,000 households") == \
        "6.0 per 1,000 households (95% CI 5.8 to 6.3)"


def test_describe_arrays_one_line_per_element():
    estimate = Estimate(np.array([54.94, 60.7]), np.array([54.31, 60.6]),
                        np.array([55.58, 60.8]), 0.95, "byar", kind="rate", per=1000)
    assert str(estimate).splitlines() == [
        "54.9 per 1,000 population (95% CI 54.3 to 55.6)",
        "60.7 per 1,000 population (± 0.1)",
    ]


def test_describe_comparisons():
    ratio = Comparison(0.905, 0.89, 0.92, 1e-9, "lower", 0.95, "exact", measure="ratio",
                       null=1.0)
    assert str(ratio) == "lower: ratio 0.91 (95% CI 0.89 to 0.92), p < 0.001"
    similar = Comparison(0.9, -0.9, 2.7, 0.33, "similar", 0.95, "survey",
                         estimate1=Estimate(88.1, 86.8, 89.4, 0.95, "survey", kind="value"))
    assert str(similar).startswith("broadly in line: difference 0.9 (± 1.8)")


def test_describe_rejects_other_objects():
    with pytest.raises(ValueError, match="Estimate or a Comparison"):
        wording.describe(3.0)


def test_interval_narrower_than_display_precision_shows_its_limits():
    # 1.2 with limits 1.18 and 1.22 would print "± 0.0", which reads as no uncertainty,
    # and "(95% CI 1.2 to 1.2)", which reads as a broken interval: two decimals say it.
    assert wording.interval(1.2, 1.18, 1.22) == "(95% CI 1.18 to 1.22)"
    assert wording.value_with_interval(1.2, 1.18, 1.22) == "1.20 (95% CI 1.18 to 1.22)"


# Narrow intervals. The numbers are constructed to sit on either side of the rounding
# boundaries; the rule (as many more decimals as the limits need to differ, at most
# MAX_PLACES = 3, half away from zero) is the project's house style (wording module
# docstring), the 8.47 (8.45 to 8.50) example England and Wales's charge rate, 2018/19.
@pytest.mark.parametrize(("lower", "upper", "places", "expected"), [
    (54.31, 55.58, 1, 1),      # 54.3 to 55.6: nothing to add
    (8.4512, 8.4968, 1, 2),    # 8.5 to 8.5, then 8.45 to 8.50
    (2.6951, 2.7049, 1, 3),    # 2.7/2.7, 2.70/2.70, then 2.695 to 2.705
    (2.7001, 2.7004, 1, 3),    # 2.700 to 2.700 still: MAX_PLACES is the limit
    (0.125, 0.1349, 1, 3),     # 0.1/0.1, 0.13/0.13, 0.125/0.135 (half away from zero)
    (9.66, 9.74, 2, 2),        # a ratio's two places: 9.66 to 9.74
    (9.7012, 9.7049, 2, 3),    # 9.70 to 9.70, then 9.701 to 9.705
    (5.0, 5.0, 1, 1),          # equal limits: no number of decimals separates them
    (float("nan"), 5.0, 1, 1),
    (1.0, float("inf"), 1, 1),
])
def test_interval_places(lower, upper, places, expected):
    assert wording.interval_places(lower, upper, places) == expected


def test_interval_places_is_the_fewest_that_separate_the_limits():
    # 2.6951 and 2.7049: 2.7/2.7 at one decimal, 2.70/2.70 at two, 2.695/2.705 at three.
    assert wording.interval_places(2.6951, 2.7049) == 3
    assert wording.interval(2.70, 2.6951, 2.7049, unit="per 1,000 population") == \
        "(95% CI 2.695 to 2.705)"


@given(st.floats(-1e4, 1e4), st.floats(0, 50), st.integers(0, 2))
def test_interval_places_property(lower, width, places):
    upper = lower + width
    shown = wording.interval_places(lower, upper, places)
    assert places <= shown <= max(places, wording.MAX_PLACES)
    differ = wording.round_half_away(lower, shown) != wording.round_half_away(upper, shown)
    assert differ or shown == max(places, wording.MAX_PLACES) or shown == places and \
        _wording._decimal(lower) == _wording._decimal(upper)
    if shown > places:  # and no fewer places would do
        assert wording.round_half_away(lower, shown - 1) == \
            wording.round_half_away(upper, shown - 1)


def test_narrow_interval_value_and_limits_share_their_places():
    text = wording.value_with_interval(8.4731, 8.4512, 8.4968, unit="percent")
    assert text == "8.47 percent (95% CI 8.45 to 8.50)"
    # Never a margin once decimals were added: the limits say why there are more digits.
    assert wording.value_with_interval(2.70, 2.69, 2.71, unit="per 1,000 population") == \
        "2.70 per 1,000 population (95% CI 2.69 to 2.71)"
    # Half away from zero at the added places too: 8.465 → 8.47, 8.455 → 8.46.
    assert wording.value_with_interval(8.465, 8.455, 8.4849) == \
        "8.47 (95% CI 8.46 to 8.48)"
    # A published margin is printed as published.
    assert wording.value_with_interval(85.0, margin=0.04, unit="percent") == \
        "85.0 percent (± 0.0 percent)"


def test_narrow_estimates_in_describe():
    # A proportion of 45.3 percent with limits 45.25 and 45.34 (constructed).
    estimate = Estimate(0.45296, 0.45251, 0.45341, 0.95, "wilson", kind="proportion",
                        x=226480, n=500000)
    assert str(estimate) == "45.30 percent (95% CI 45.25 to 45.34)"


def test_small_sample_with_symmetric_interval_reads_as_a_margin():
    # Wald-like symmetric limits: 5 out of 10, 50.0 ± 26.3 (limits 23.7 and 76.3).
    estimate = Estimate(0.5, 0.237, 0.763, 0.95, "wilson", kind="proportion", x=5, n=10)
    assert str(estimate) == "5 out of 10 (50.0 percent ± 26.3 percent)"


def test_a_margin_at_another_level_says_its_level():
    # A bare ± reads as the published 95% margin; 99.8% must be said.
    assert wording.interval(88.1, 86.8, 89.4, unit="percent", confidence=0.998) == \
        "(± 1.3 percent, 99.8% CI)"
    assert wording.interval(88.1, 86.8, 89.4, unit="percent") == "(± 1.3 percent)"


def test_change_comparison_with_the_interval_of_the_first_change():
    text = wording.change_comparison(-21.9, -16.3, "similar",
                                     interval_text="(95% CI -30.1 to -12.8)")
    assert text.startswith("fell by 21.9 percent (95% CI -30.1 to -12.8), compared with 16.3")
