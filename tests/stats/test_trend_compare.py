"""compare_trends: the ratio of two annual rate ratios, Welch-Satterthwaite t.

Expected values are recomputed with statsmodels' GLM directly (Poisson with log offset,
Pearson scale: the quasi-Poisson fit of McCullagh and Nelder 1989, ch. 9) and the
difference-of-estimates formula of Altman and Bland (2003) with Satterthwaite's (1946)
degrees of freedom, written out here; properties that must hold (symmetry, no
difference, interval and p-value agreeing) and a seeded simulation of the size of the
test complete them.
"""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as st

from peelstats import compare_trends, trend

YEARS = [2015, 2016, 2017, 2018, 2019]
FORCE = [48_000, 46_500, 43_900, 44_800, 41_000]
FORCE_POP = [800_000, 806_000, 812_000, 818_000, 825_000]
REST = [3_900_000, 3_950_000, 3_980_000, 4_100_000, 4_060_000]
REST_POP = [55e6, 55.4e6, 55.8e6, 56.2e6, 56.6e6]


def direct(y, population, years):
    design = sm.add_constant(np.asarray(years, dtype=float) - np.mean(years))
    model = sm.GLM(np.asarray(y, dtype=float), design, family=sm.families.Poisson(),
                   offset=np.log(np.asarray(population, dtype=float)))
    first = model.fit()
    fit = model.fit(scale=max(1.0, first.pearson_chi2 / first.df_resid))
    return fit.params[1], fit.bse[1], fit.df_resid


def test_against_direct_fits_and_the_formula_written_out():
    result = compare_trends(trend(FORCE, FORCE_POP, YEARS), trend(REST, REST_POP, YEARS))
    b1, s1, d1 = direct(FORCE, FORCE_POP, YEARS)
    b2, s2, d2 = direct(REST, REST_POP, YEARS)
    se = math.hypot(s1, s2)
    df = (s1 ** 2 + s2 ** 2) ** 2 / (s1 ** 4 / d1 + s2 ** 4 / d2)
    q = st.t.isf(0.025, df)
    assert result.value == pytest.approx(math.exp(b1 - b2), rel=1e-9)
    assert result.lower == pytest.approx(math.exp(b1 - b2 - q * se), rel=1e-8)
    assert result.upper == pytest.approx(math.exp(b1 - b2 + q * se), rel=1e-8)
    assert result.p_value == pytest.approx(2 * st.t.sf(abs(b1 - b2) / se, df), rel=1e-7)
    assert result.method == "welch" and result.measure == "ratio" and result.null == 1.0
    assert result.estimate1.kind == "percent_change"


def test_confidence_other_than_the_fits():
    first, second = trend(FORCE, FORCE_POP, YEARS), trend(REST, REST_POP, YEARS)
    wide = compare_trends(first, second, confidence=0.998)
    narrow = compare_trends(first, second)
    assert wide.confidence == 0.998
    assert wide.lower < narrow.lower and wide.upper > narrow.upper
    assert wide.p_value == pytest.approx(narrow.p_value)


def test_verdict_paths():
    flat = trend([20_000, 20_150, 19_900, 20_100, 19_950], [2e6] * 5, YEARS)
    falling = trend([1000, 905, 800, 740, 650], [1e5] * 5, YEARS)
    rising = trend([650, 740, 800, 905, 1000], [1e5] * 5, YEARS)
    assert compare_trends(falling, flat).verdict == "lower"
    assert compare_trends(rising, flat).verdict == "higher"
    same = compare_trends(flat, flat)
    assert same.verdict == "similar"
    assert same.value == pytest.approx(1.0) and same.p_value == pytest.approx(1.0)


def test_swapping_gives_the_reciprocal():
    first, second = trend(FORCE, FORCE_POP, YEARS), trend(REST, REST_POP, YEARS)
    forward, backward = compare_trends(first, second), compare_trends(second, first)
    assert forward.value * backward.value == pytest.approx(1.0)
    assert forward.lower * backward.upper == pytest.approx(1.0)
    assert forward.p_value == pytest.approx(backward.p_value)


def test_interval_and_p_value_agree():
    rng = np.random.default_rng(20261125)
    for _ in range(20):
        first = trend(rng.poisson(500 * 0.97 ** np.arange(5)), [1e5] * 5, YEARS)
        second = trend(rng.poisson(5000 * 0.99 ** np.arange(5)), [1e6] * 5, YEARS)
        result = compare_trends(first, second)
        excludes = result.lower > 1 or result.upper < 1
        assert excludes == (result.p_value < 0.05)


def test_negative_binomial_fits_are_compared_by_their_slopes():
    counts = [1000, 905, 800, 740, 650, 610]
    years = [2014, *YEARS]
    poisson = trend(counts, [1e5] * 6, years)
    nb = trend(counts, [1e5] * 6, years, family="negative_binomial")
    result = compare_trends(nb, poisson)
    assert math.isfinite(result.value) and math.isfinite(result.p_value)
    # The slope of each is recovered exactly from its estimate.
    assert result.value == pytest.approx((1 + nb.value / 100) / (1 + poisson.value / 100))


def test_size_under_the_null_in_simulation():
    # Same trend, quasi-Poisson noise (negative binomial draws, variance about 3 times the
    # mean for the force): the test at 5 percent rejects about 5 times in 100.
    rng = np.random.default_rng(7)
    t = np.arange(5)
    rejected = 0
    runs = 300
    for _ in range(runs):
        mean1 = 2000 * 0.95 ** t
        mean2 = 40_000 * 0.95 ** t
        y1 = rng.negative_binomial(mean1 / 2, 1 / 3)  # mean mean1, variance 3 mean1
        y2 = rng.negative_binomial(mean2 / 2, 1 / 3)
        rejected += compare_trends(trend(y1, [1e5] * 5, YEARS),
                                   trend(y2, [2e6] * 5, YEARS)).p_value < 0.05
    assert 0.02 <= rejected / runs <= 0.09


def test_bad_input():
    with pytest.raises(ValueError, match="first must be a TrendResult"):
        compare_trends(1.0, trend(FORCE, FORCE_POP, YEARS))
    with pytest.raises(ValueError, match="confidence"):
        compare_trends(trend(FORCE, FORCE_POP, YEARS), trend(REST, REST_POP, YEARS),
                       confidence=95)
