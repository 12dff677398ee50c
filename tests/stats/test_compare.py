"""compare_proportions, compare_rates, compare_estimates and the part-versus-rest rule.

Expected numbers come from tests/reference/intervals (see PROVENANCE.md there) or from
the inspection-report wording quoted in the issue and DESIGN.md.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from peelstats import (
    compare_estimates,
    compare_proportion_with_rest,
    compare_proportions,
    compare_rate_with_rest,
    compare_rates,
    rest_of,
    survey_proportion,
)
from peelstats.stats.compare import DIFFERENCE_METHODS, RATE_RATIO_METHODS

REFERENCE = Path(__file__).parents[1] / "reference" / "intervals"
FOUR_DP = 0.5e-4 + 1e-12


# ----------------------------------------------------------------------------- proportions

@pytest.mark.parametrize(
    "row", pd.read_csv(REFERENCE / "newcombe1998_difference.csv").to_dict("records"),
    ids=lambda r: f"{r['method']}-{r['example']}")
def test_newcombe_1998_table_2(row):
    c = compare_proportions(row["x1"], row["n1"], row["x2"], row["n2"], method=row["method"])
    assert c.lower == pytest.approx(row["lower"], abs=FOUR_DP)
    assert c.upper == pytest.approx(row["upper"], abs=FOUR_DP)


def test_newcombe_table_2_vectorised_in_one_call():
    table = pd.read_csv(REFERENCE / "newcombe1998_difference.csv")
    for method, rows in table.groupby("method"):
        c = compare_proportions(rows["x1"].to_numpy(), rows["n1"].to_numpy(),
                                rows["x2"].to_numpy(), rows["n2"].to_numpy(), method=method)
        np.testing.assert_allclose(c.lower, rows["lower"], rtol=0, atol=FOUR_DP)
        np.testing.assert_allclose(c.upper, rows["upper"], rtol=0, atol=FOUR_DP)


def test_miettinen_nurminen_p_value_is_the_pearson_test_scaled_by_n_minus_1_over_n():
    # MN 1985: the score statistic at 0 is Pearson's chi-square times (N - 1) / N.
    x1, n1, x2, n2 = 56, 70, 48, 80
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    chi2 = stats.chi2_contingency(table, correction=False).statistic
    expected = stats.chi2.sf(chi2 * (n1 + n2 - 1) / (n1 + n2), 1)
    c = compare_proportions(x1, n1, x2, n2, method="miettinen_nurminen")
    assert c.p_value == pytest.approx(expected, rel=1e-9)


def test_wald_difference_p_value_is_the_unpooled_z_test():
    c = compare_proportions(56, 70, 48, 80, method="wald")
    se = np.sqrt(0.8 * 0.2 / 70 + 0.6 * 0.4 / 80)
    assert c.p_value == pytest.approx(2 * stats.norm.sf(0.2 / se))
    assert (c.lower, c.upper) == pytest.approx((0.2 - 1.959963984540054 * se,
                                                0.2 + 1.959963984540054 * se))


counts = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))


@settings(max_examples=150, deadline=None)
@given(counts, counts, st.sampled_from(sorted(DIFFERENCE_METHODS)),
       st.sampled_from([0.9, 0.95, 0.99]))
def test_difference_interval_properties(a, b, method, confidence):
    (x1, n1), (x2, n2) = a, b
    c = compare_proportions(x1, n1, x2, n2, method=method, confidence=confidence)
    assert -1.0 <= c.lower <= c.value + 1e-9 and c.value - 1e-9 <= c.upper <= 1.0
    assert 0.0 <= c.p_value <= 1.0
    # The verdict and the p-value never contradict each other.
    if c.verdict != "similar":
        assert c.p_value <= 1 - confidence + 1e-6
    elif method != "wald":
        assert c.p_value >= 1 - confidence - 1e-6
    # Swapping the groups mirrors the interval.
    swapped = compare_proportions(x2, n2, x1, n1, method=method, confidence=confidence)
    assert swapped.lower == pytest.approx(-c.upper, abs=1e-7)
    assert swapped.upper == pytest.approx(-c.lower, abs=1e-7)


def test_difference_verdicts_and_estimates_attached():
    c = compare_proportions([56, 5, 48], [70, 56, 80], [48, 0, 56], [80, 29, 70])
    assert list(c.verdict) == ["higher", "similar", "lower"]
    assert c.estimate1.method == "wilson" and c.measure == "difference" and c.null == 0.0


def test_difference_validation_names_both_groups():
    with pytest.raises(ValueError) as error:
        compare_proportions(11, 10, -1, 5)
    assert "x1 (11) exceeds n1 (10)" in str(error.value)
    assert "x2 (-1)" in str(error.value)
    with pytest.raises(ValueError, match="choose one of: 'newcombe', 'miettinen_nurminen', 'wald'"):
        compare_proportions(1, 10, 2, 10, method="score")


def test_difference_nan_in_gives_nan_out():
    c = compare_proportions([np.nan, 5], [10, 10], [3, 3], [10, 10])
    assert np.isnan(c.lower[0]) and np.isnan(c.p_value[0]) and c.verdict[0] == ""
    assert c.verdict[1] == "similar"


# ----------------------------------------------------------------------------- rates

def test_exact_rate_ratio_r_poisson_test_example():
    row = pd.read_csv(REFERENCE / "exact_poisson.csv").set_index("example").loc["rate_ratio"]
    c = compare_rates(row["count1"], row["denominator1"], row["count2"], row["denominator2"])
    assert c.value == pytest.approx(row["value"], abs=0.5e-6)
    assert c.lower == pytest.approx(row["lower"], abs=0.5e-7)
    assert c.upper == pytest.approx(row["upper"], abs=0.5e-7)
    assert c.measure == "ratio" and c.null == 1.0 and c.verdict == "similar"


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 200), st.integers(0, 200), st.floats(10, 1e5), st.floats(10, 1e5),
       st.sampled_from([0.9, 0.95, 0.99]))
def test_exact_p_value_is_central_and_matches_the_interval(c1, c2, d1, d2, confidence):
    c = compare_rates(c1, d1, c2, d2, confidence=confidence)
    total = c1 + c2
    if total == 0:
        assert c.p_value == 1.0 and c.verdict == "similar"
        return
    pi = d1 / (d1 + d2)
    central = min(1.0, 2 * min(stats.binom.cdf(c1, total, pi), stats.binom.sf(c1 - 1, total, pi)))
    assert c.p_value == pytest.approx(central, rel=1e-7, abs=1e-300)
    # Fay 2010: the central test rejects exactly when the interval excludes 1.
    if abs(c.p_value - (1 - confidence)) > 1e-6:
        assert (c.verdict != "similar") == (c.p_value < 1 - confidence)
    assert c.lower <= c.value <= c.upper or np.isnan(c.value)


def test_exact_ratio_interval_is_clopper_pearson_mapped():
    c = compare_rates(7, 1000, 3, 2000)
    lo, hi = stats.binomtest(7, 10).proportion_ci(method="exact")
    assert c.lower == pytest.approx(lo / (1 - lo) * 2000 / 1000)
    assert c.upper == pytest.approx(hi / (1 - hi) * 2000 / 1000)


def test_rate_ratio_zero_counts():
    none_first = compare_rates(0, 1000, 12, 1000)
    assert none_first.value == 0.0 and none_first.lower == 0.0
    assert none_first.upper < 1.0 and none_first.verdict == "lower"
    none_second = compare_rates(12, 1000, 0, 1000)
    assert np.isinf(none_second.value) and np.isinf(none_second.upper)
    assert none_second.verdict == "higher"
    neither = compare_rates(0, 1000, 0, 1000)
    assert np.isnan(neither.value) and neither.p_value == 1.0 and neither.verdict == "similar"
    # The Wald interval does not exist at a count of 0: refused, never NaN in silence.
    with pytest.raises(ValueError, match=r"count1 \(0\): method 'wald' has no interval "
                                         r"when a count is 0 .* use method 'exact'"):
        compare_rates(0, 1000, 12, 1000, method="wald")
    with pytest.raises(ValueError, match=r"count2 \(0\): method 'wald' .* at position 1"):
        compare_rates([5, 5], 1000, [12, 0], 1000, method="wald")


def test_one_sided_alternatives_and_null_ratio():
    greater = compare_rates(30, 1000, 15, 1000, alternative="greater")
    assert np.isinf(greater.upper)
    assert greater.p_value == pytest.approx(stats.binomtest(30, 45, 0.5, "greater").pvalue)
    less = compare_rates(30, 1000, 15, 1000, alternative="less")
    assert less.lower == 0.0
    assert less.p_value == pytest.approx(stats.binomtest(30, 45, 0.5, "less").pvalue)
    shifted = compare_rates(30, 1000, 15, 1000, null_ratio=2.0)
    assert shifted.null == 2.0 and shifted.verdict == "similar"
    with pytest.raises(ValueError, match="unknown alternative 'bigger'"):
        compare_rates(1, 10, 1, 10, alternative="bigger")


def test_wald_rate_ratio_on_the_log_scale():
    c = compare_rates(40, 1000, 20, 1000, method="wald")
    se = np.sqrt(1 / 40 + 1 / 20)
    assert (c.lower, c.upper) == pytest.approx((2 * np.exp(-1.959963984540054 * se),
                                                2 * np.exp(1.959963984540054 * se)))
    assert c.p_value == pytest.approx(2 * stats.norm.sf(np.log(2) / se))


def test_rate_ratio_method_table_is_open_and_closed():
    assert set(RATE_RATIO_METHODS) >= {"exact", "wald"}
    with pytest.raises(ValueError, match="choose one of: 'exact', 'wald'"):
        compare_rates(1, 10, 1, 10, method="mid_p")


# ----------------------------------------------------------------------------- estimates

def test_inspection_report_verdicts():
    # "88.1 percent (± 1.3 percent), which is higher than ... 85.0 percent (± 0.2 percent)"
    # and "broadly in line with the 87.2 percent (± 1.3 percent)" (DESIGN.md).
    force = survey_proportion(0.881, 0.013)
    assert compare_estimates(force, survey_proportion(0.850, 0.002)).verdict == "higher"
    assert compare_estimates(force, survey_proportion(0.872, 0.013)).verdict == "similar"
    assert compare_estimates(survey_proportion(0.850, 0.002), force).verdict == "lower"


def test_compare_estimates_normal_arithmetic():
    a, b = survey_proportion(0.881, 0.013), survey_proportion(0.872, 0.013)
    c = compare_estimates(a, b)
    se = np.hypot(0.013, 0.013) / 1.959963984540054
    assert c.value == pytest.approx(0.009)
    assert (c.lower, c.upper) == pytest.approx((0.009 - 1.959963984540054 * se,
                                                0.009 + 1.959963984540054 * se))
    assert c.p_value == pytest.approx(2 * stats.norm.sf(0.009 / se))
    assert c.estimate1 is a and c.method == "normal"


# ----------------------------------------------------------------------------- part and rest

def test_rest_of_subtracts_and_refuses_a_part_larger_than_the_whole():
    assert rest_of(60_000, 1_500) == 58_500.0
    with pytest.raises(ValueError, match=r"count \(60\) exceeds count of the whole \(50\)"):
        rest_of([100, 50], [20, 60], name="count")


def test_compare_with_rest_is_compare_with_the_subtracted_counts():
    direct = compare_proportions(881, 1000, 85_000 - 881, 100_000 - 1000)
    via_rest = compare_proportion_with_rest(881, 1000, 85_000, 100_000)
    assert (via_rest.value, via_rest.lower, via_rest.upper) == (
        direct.value, direct.lower, direct.upper)
    rates = compare_rate_with_rest(549, 10_000, 36_000, 600_000)
    assert rates.value == pytest.approx((549 / 10_000) / (35_451 / 590_000))


def test_compare_with_rest_errors():
    with pytest.raises(ValueError) as error:
        compare_proportion_with_rest(90, 100, 80, 1000)
    assert "x (90) exceeds x of the whole (80)" in str(error.value)
    with pytest.raises(ValueError, match="n of the rest"):
        compare_proportion_with_rest(50, 100, 50, 100)
