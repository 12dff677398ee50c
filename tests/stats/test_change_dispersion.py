"""change_overdispersion: how much more areas' changes vary than Poisson counts would.

Expected values: the z-scores of each area's log ratio of rate ratios against the rest
(Altman and Bland 2003; the Wald statistic of compare_changes) and Spiegelhalter's (2005,
QSHC 14:347) phi = mean of squared winsorised z-scores, written out by hand here; a
seeded simulation of Poisson counts with a common change (phi should be near 1) and the
scaling property of the multiplicative model (multiplying every count by k multiplies
each z² and so phi by k).
"""

import math

import numpy as np
import pytest

from peelstats.stats.change_dispersion import change_overdispersion

BEFORE = [1000, 2000, 1500, 3000, 2500]
AFTER = [800, 2100, 1300, 2500, 2600]


def z_scores(before, after):
    b, a = np.asarray(before, float), np.asarray(after, float)
    rb, ra = b.sum() - b, a.sum() - a
    return (np.log(a / b) - np.log(ra / rb)) / np.sqrt(1 / a + 1 / b + 1 / ra + 1 / rb)


def test_by_hand_without_winsorising():
    # z = -3.334, 4.377, -2.013, -4.793, 4.653 (by hand from the formula): mean z² 15.79.
    z = z_scores(BEFORE, AFTER)
    assert z[0] == pytest.approx(math.log(800 / 1000 / (8500 / 9000))
                                 / math.sqrt(1 / 800 + 1 / 1000 + 1 / 8500 + 1 / 9000))
    assert change_overdispersion(BEFORE, AFTER, trim=0.0) == pytest.approx(np.mean(z ** 2))
    assert change_overdispersion(BEFORE, AFTER, trim=0.0) == pytest.approx(15.792, abs=1e-3)


def test_winsorising_pulls_in_the_extremes():
    z = z_scores(BEFORE, AFTER)
    low, high = np.quantile(z, [0.1, 0.9])
    expected = np.mean(np.clip(z, low, high) ** 2)
    assert change_overdispersion(BEFORE, AFTER) == pytest.approx(expected)
    assert change_overdispersion(BEFORE, AFTER) < change_overdispersion(BEFORE, AFTER,
                                                                        trim=0.0)


def test_scales_with_the_counts():
    # Multiplicative over-dispersion: ten times the counts, same proportions, ten times
    # the z² (the log ratios stay, their variance falls tenfold).
    ten = change_overdispersion(np.multiply(BEFORE, 10), np.multiply(AFTER, 10), trim=0.0)
    assert ten == pytest.approx(10 * change_overdispersion(BEFORE, AFTER, trim=0.0),
                                rel=1e-9)


def test_no_more_spread_than_chance_gives_one():
    assert change_overdispersion(BEFORE, BEFORE) == 1.0
    rng = np.random.default_rng(42)
    means = rng.uniform(2000, 60_000, size=43)
    phis = [change_overdispersion(rng.poisson(means), rng.poisson(means * 0.85))
            for _ in range(200)]
    # Poisson counts with a common change: phi (floored at 1) stays near 1.
    assert np.median(phis) < 1.2
    assert np.mean(np.array(phis) > 1.6) < 0.05


def test_missing_and_zero_counts_are_left_out():
    with_gaps = change_overdispersion([*BEFORE, np.nan, 0], [*AFTER, 700, 50], trim=0.0)
    assert with_gaps == pytest.approx(change_overdispersion(BEFORE, AFTER, trim=0.0))
    assert math.isnan(change_overdispersion([100, np.nan], [90, 80]))


def test_bad_input():
    with pytest.raises(ValueError, match="before"):
        change_overdispersion([100, -1, 50], [90, 80, 40])
    with pytest.raises(ValueError, match="same length"):
        change_overdispersion([100, 200], [90, 80, 40])
    with pytest.raises(ValueError, match="one-dimensional"):
        change_overdispersion([[100, 200]], [[90, 80]])
    with pytest.raises(ValueError, match="trim"):
        change_overdispersion(BEFORE, AFTER, trim=0.5)
