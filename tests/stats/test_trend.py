"""Trend models (peelstats.stats.trend).

Checks: the quasi-Poisson fit against a direct statsmodels GLM fit with the Pearson
scale, the negative binomial alpha and slope against statsmodels' maximum-likelihood
NegativeBinomial model, and simulations with a known annual change (seeded).
"""

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from peelstats.stats.trend import period_years, trend

YEARS = np.arange(2010, 2020)
POPULATION = np.linspace(500_000, 560_000, YEARS.size)


def overdispersed_counts(seed, annual_change=-0.05, size=8.0):
    rng = np.random.default_rng(seed)
    mean = 0.05 * POPULATION * (1 + annual_change) ** (YEARS - 2010)
    return rng.negative_binomial(size, size / (size + mean)).astype(float), mean


def test_quasi_poisson_matches_a_direct_statsmodels_fit():
    counts, _ = overdispersed_counts(seed=11)
    result = trend(counts, POPULATION, YEARS)
    design = sm.add_constant(YEARS - YEARS.mean())
    direct = sm.GLM(counts, design, family=sm.families.Poisson(),
                    offset=np.log(POPULATION)).fit(scale="X2")
    assert direct.scale > 1  # the data are over-dispersed, so no floor applies
    slope, se = direct.params[1], direct.bse[1]
    q = stats.t.isf(0.025, direct.df_resid)
    # Both fits stop at IRLS convergence (statsmodels' default tolerance): agreement to
    # about 1e-6 percentage points.
    assert result.value == pytest.approx(100 * np.expm1(slope), abs=1e-5)
    assert result.lower == pytest.approx(100 * np.expm1(slope - q * se), abs=1e-5)
    assert result.upper == pytest.approx(100 * np.expm1(slope + q * se), abs=1e-5)
    assert result.dispersion == pytest.approx(direct.scale, rel=1e-6)
    fitted = direct.predict(design, offset=np.log(POPULATION)) / POPULATION
    np.testing.assert_allclose(result.frame["fitted"], fitted, rtol=1e-6)
    assert result.estimate.method == "poisson_glm"
    assert result.estimate.kind == "percent_change"


def test_negative_binomial_matches_maximum_likelihood():
    counts, _ = overdispersed_counts(seed=5)
    result = trend(counts, POPULATION, YEARS, family="negative_binomial")
    design = sm.add_constant(YEARS - YEARS.mean())
    mle = sm.NegativeBinomial(counts, design, offset=np.log(POPULATION)).fit(
        disp=0, method="newton", maxiter=200)
    assert result.dispersion == pytest.approx(mle.params[2], rel=1e-4)
    assert result.value == pytest.approx(100 * np.expm1(mle.params[1]), rel=1e-5)
    assert result.estimate.method == "negative_binomial_glm"


@pytest.mark.parametrize("family, series", [
    ("poisson", 200),
    pytest.param("negative_binomial", 120, marks=pytest.mark.slow),
])
def test_known_trend_is_covered_at_about_the_stated_rate(family, series):
    # Seeded series with a 5 percent annual fall and over-dispersion: the 95 percent
    # interval should cover -5 percent in about 95 percent of them (binomial sd 1.5 to 2
    # points).
    covered = []
    for seed in range(series):
        counts, _ = overdispersed_counts(seed=1000 + seed)
        result = trend(counts, POPULATION, YEARS, family=family)
        covered.append(result.lower <= -5.0 <= result.upper)
    assert 0.90 <= np.mean(covered) <= 0.99


def test_a_band_for_the_chart_and_periods_as_text():
    counts, _ = overdispersed_counts(seed=3)
    periods = [f"{year}-03" for year in YEARS]
    as_text = trend(counts, POPULATION, periods)
    as_years = trend(counts, POPULATION, YEARS)
    assert as_text.value == pytest.approx(as_years.value, rel=1e-9)
    frame = as_text.frame
    assert frame["period"].tolist() == periods
    assert (frame["lower"] < frame["fitted"]).all() and (frame["fitted"] < frame["upper"]).all()
    np.testing.assert_allclose(frame["rate"], counts / POPULATION)


def test_deterministic_and_scale_free():
    counts, _ = overdispersed_counts(seed=8)
    first = trend(counts, POPULATION, YEARS, family="negative_binomial")
    again = trend(counts, POPULATION, YEARS, family="negative_binomial")
    assert (first.value, first.lower, first.upper) == (again.value, again.lower, again.upper)
    per_thousand = trend(counts, POPULATION / 1000, YEARS)
    assert per_thousand.value == pytest.approx(trend(counts, POPULATION, YEARS).value)


def test_missing_rows_are_kept_but_not_fitted():
    counts, _ = overdispersed_counts(seed=9)
    counts[4] = np.nan
    result = trend(counts, POPULATION, YEARS)
    assert result.n_periods == 9
    assert not result.frame["used"][4] and np.isfinite(result.frame["fitted"][4])
    kept = np.arange(YEARS.size) != 4
    alone = trend(counts[kept], POPULATION[kept], YEARS[kept])
    assert result.value == pytest.approx(alone.value, rel=1e-12)


def test_poisson_scale_is_not_below_one():
    # Counts closer to their trend than Poisson noise allows: the scale is floored at 1.
    result = trend([1000, 905, 800, 740], [1e5] * 4, [2016, 2017, 2018, 2019])
    assert result.dispersion == 1.0


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="at least 3 periods"):
        trend([10, 12], [1, 1], [2018, 2019])
    with pytest.raises(ValueError, match="at least 4 periods"):
        trend([10, 12, 11], [1, 1, 1], [2018, 2019, 2020], family="negative_binomial")
    with pytest.raises(ValueError, match=r"periods \('2019-13'\) is not a number"):
        period_years(["2018-03", "2019-13"])
    with pytest.raises(ValueError, match="unknown family 'quasi'"):
        trend([1, 2, 3], [1, 1, 1], [1, 2, 3], family="quasi")
    with pytest.raises(ValueError, match=r"counts \(-2\) is negative at position 1"):
        trend([1, -2, 3], [1, 1, 1], [1, 2, 3])


@pytest.mark.parametrize("family", ["poisson", "negative_binomial"])
def test_no_events_in_any_period_is_refused_plainly(family):
    # With every count 0 the log-linear slope does not exist (the likelihood has no
    # maximum); statsmodels failed with "first guess on the deviance function returned a
    # nan ... should be reported", which named neither the input nor the reason.
    with pytest.raises(ValueError, match="no events in any period"):
        trend([0, 0, 0, 0], [1e5] * 4, [2016, 2017, 2018, 2019], family=family)
