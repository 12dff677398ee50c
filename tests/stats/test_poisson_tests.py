"""The E-test of Krishnamoorthy and Thomson (2004) (peelstats.stats.poisson_tests).

Expected numbers come from the paper's examples as reproduced by ptools and SciPy (see
tests/reference/change/PROVENANCE.md), and from a direct evaluation of the paper's double
sum (3.5) written out cell by cell here, independent of the root-finding in the package.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import peelstats as ps
from peelstats.stats.compare import compare_rates
from peelstats.stats.poisson_tests import e_test


def double_sum(k1, k2, n1=1.0, n2=1.0, d=0.0, alternative="two-sided"):
    """Krishnamoorthy and Thomson (2004) eq. (3.5), summed over every cell of a wide grid.

    Rows x1 one at a time, each over all x2 at once; the grid spans 10 standard
    deviations (at least 30 counts) either side of each mean.
    """
    lam2 = (k1 + k2) / (n1 + n2) - d * n1 / (n1 + n2)
    if lam2 <= 0 or lam2 + d <= 0 or k1 + k2 == 0:
        return 1.0
    mu1, mu2 = n1 * (lam2 + d), n2 * lam2

    def span(mu):
        half = max(30.0, 10 * math.sqrt(mu))
        return np.arange(max(0, math.floor(mu - half)), math.ceil(mu + half), dtype=float)

    x2 = span(mu2)
    p2 = stats.poisson.pmf(x2, mu2)
    t_obs = (k1 / n1 - k2 / n2 - d) / math.sqrt(k1 / n1**2 + k2 / n2**2)
    total = 0.0
    for x1 in span(mu1):
        with np.errstate(invalid="ignore", divide="ignore"):
            t = (x1 / n1 - x2 / n2 - d) / np.sqrt(x1 / n1**2 + x2 / n2**2)
        # Ties within a relative 1e-12 count as ties; NaN (0 / 0 at the origin) never hits.
        if alternative == "two-sided":
            hit = np.abs(t) >= abs(t_obs) * (1 - 1e-12)
        elif alternative == "greater":
            hit = t >= t_obs - 1e-12 * abs(t_obs)
        else:
            hit = t <= t_obs + 1e-12 * abs(t_obs)
        total += stats.poisson.pmf(x1, mu1) * float(np.sum(p2[hit]))
    return total


# ------------------------------------------------------------------ published values ---

def test_first_example_of_the_paper():
    # K&T (2004) example 1, 0 and 3 dodder seeds: p = 0.0884 (ptools test "Paper rep 1");
    # SciPy's poisson_means_test docstring prints 0.08837900929018157.
    result = e_test(0, 1, 3, 1)
    assert result.p_value == pytest.approx(0.0884, abs=5e-5)
    # SciPy leaves out x1 below its 1e-10 quantile: agreement to that order.
    assert result.p_value == pytest.approx(0.08837900929018157, abs=1e-9)
    assert result.statistic == pytest.approx(-math.sqrt(3))
    assert result.method == "e_test" and result.alternative == "two-sided"


def test_second_example_of_the_paper():
    # K&T (2004) example 2 as in ptools: round(e_test(6, 2), 4) == 0.1749 (ptools takes the
    # two counts, then the two exposures); README 0.1748748.
    assert round(e_test(6, 1, 2, 1).p_value, 4) == 0.1749
    assert e_test(6, 1, 2, 1).p_value == pytest.approx(0.1748748, abs=5e-8)


def test_order_of_counts_does_not_matter_two_sided():
    # ptools test "reverse arguments equal".
    assert e_test(6, 1, 2, 1).p_value == pytest.approx(e_test(2, 1, 6, 1).p_value, rel=1e-12)


# ------------------------------------------------------------------ the double sum ---

@pytest.mark.parametrize("n1, n2, d", [(1.0, 1.0, 0.0), (2.0, 1.0, 0.0), (1.5, 3.7, 0.0),
                                       (1.0, 1.0, 0.5), (1.5, 3.7, 1.7), (2.0, 1.0, -0.4)])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_matches_the_double_sum(n1, n2, d, alternative):
    pairs = list(itertools.product(range(0, 13, 3), range(0, 13, 4)))
    k1 = np.array([p[0] for p in pairs], dtype=float)
    k2 = np.array([p[1] for p in pairs], dtype=float)
    got = e_test(k1, n1, k2, n2, difference=d, alternative=alternative).p_value
    expected = [double_sum(a, b, n1, n2, d, alternative) for a, b in pairs]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_large_counts_agree_with_scipy():
    # Far from ties, SciPy's grid sum is accurate: 5,000 against 4,850 events.
    expected = stats.poisson_means_test(5000, 1, 4850, 1).pvalue
    assert e_test(5000, 1, 4850, 1).p_value == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize("k1, k2", [(48_200, 47_261), (30_950, 31_011)])
def test_large_counts_match_the_double_sum(k1, k2):
    # 48,200 against 47,261 has lattice points whose statistic is within 4e-10 (relative)
    # of the observed one without being a tie: they must stay out of the sum.
    assert e_test(k1, 1, k2, 1).p_value == pytest.approx(double_sum(k1, k2), rel=1e-9)


def test_counts_of_a_force_in_a_year_are_summed_without_trouble():
    # 57,676 against 45,034: a difference of 40 standard errors; the p-value underflows.
    result = e_test(45_034, 1, 57_676, 1)
    assert result.p_value < 1e-300
    assert result.statistic == pytest.approx((45_034 - 57_676) / math.sqrt(45_034 + 57_676))


# ------------------------------------------------------------------ properties ---

counts = st.integers(min_value=0, max_value=60)
sizes = st.floats(min_value=0.2, max_value=5.0)


@settings(max_examples=60, deadline=None)
@given(counts, counts, sizes, sizes)
def test_p_value_is_a_probability_and_one_sided_tails_fit(k1, k2, n1, n2):
    two = e_test(k1, n1, k2, n2).p_value
    greater = e_test(k1, n1, k2, n2, alternative="greater").p_value
    less = e_test(k1, n1, k2, n2, alternative="less").p_value
    for p in (two, greater, less):
        assert 0.0 <= p <= 1.0
    # With T >= 0 the one-sided region {T >= t} lies inside {|T| >= |t|}.
    t = e_test(k1, n1, k2, n2).statistic
    if not math.isnan(t):
        assert (greater if t >= 0 else less) <= two + 1e-12


@settings(max_examples=60, deadline=None)
@given(counts, counts, sizes, sizes)
def test_swapping_the_samples_swaps_the_alternatives(k1, k2, n1, n2):
    forward = e_test(k1, n1, k2, n2, alternative="greater").p_value
    backward = e_test(k2, n2, k1, n1, alternative="less").p_value
    assert forward == pytest.approx(backward, rel=1e-9, abs=1e-15)
    assert e_test(k1, n1, k2, n2).p_value == pytest.approx(e_test(k2, n2, k1, n1).p_value,
                                                           rel=1e-9, abs=1e-15)


def test_arrays_in_arrays_out_and_nan_propagates():
    k1 = np.array([[0, 6], [12, np.nan]])
    k2 = np.array([3, 2])
    result = e_test(k1, 1, k2, 1)
    assert result.p_value.shape == (2, 2)
    assert result.p_value[0, 0] == pytest.approx(e_test(0, 1, 3, 1).p_value, rel=1e-12)
    assert result.p_value[1, 0] == pytest.approx(e_test(12, 1, 3, 1).p_value, rel=1e-12)
    assert math.isnan(result.p_value[1, 1])


def test_no_events_at_all_cannot_reject():
    result = e_test(0, 1, 0, 1)
    assert result.p_value == 1.0 and math.isnan(result.statistic)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"count1 \(-1\) is negative at position 1"):
        e_test([3, -1], 1, 2, 1)
    with pytest.raises(ValueError, match=r"denominator2 \(0\) must be positive"):
        e_test(3, 1, 2, 0)
    with pytest.raises(ValueError, match="unknown alternative 'bigger'"):
        e_test(3, 1, 2, 1, alternative="bigger")


# ------------------------------------------------------------------ compare_rates ---

def test_compare_rates_e_test_has_the_exact_interval_and_the_e_test_p_value():
    e = compare_rates(6, 1, 2, 1, method="e_test")
    exact = compare_rates(6, 1, 2, 1, method="exact")
    assert e.method == "e_test"
    assert (e.lower, e.upper) == (exact.lower, exact.upper)
    assert e.p_value == pytest.approx(0.1748748, abs=5e-8)


def test_compare_rates_e_test_null_ratio_is_a_rescaled_denominator():
    # H0: rate1 / rate2 = r is H0: ratio 1 once denominator1 is multiplied by r.
    shifted = compare_rates(30, 2.0, 12, 3.0, method="e_test", null_ratio=2.5,
                            alternative="greater")
    rescaled = compare_rates(30, 5.0, 12, 3.0, method="e_test", alternative="greater")
    assert shifted.p_value == pytest.approx(rescaled.p_value, rel=1e-12)


def test_e_test_compare_rates_and_compare_agree_in_the_same_order():
    # One argument order, (count1, denominator1, count2, denominator2), at every door: the
    # first counts are unequal exposures so that a swap of a count and a denominator shows.
    for args in [(6, 1, 2, 1), (12, 3.5, 4, 1.25), (30, 2, 9, 7)]:
        p = e_test(*args).p_value
        assert compare_rates(*args, method="e_test").p_value == p
        first = ps.rate(args[0], args[1], per=1)
        second = ps.rate(args[2], args[3], per=1)
        assert ps.compare(first, second, method="e_test").p_value == p
    assert e_test(6, 1, 2, 1).p_value == pytest.approx(0.1748748, abs=5e-8)
