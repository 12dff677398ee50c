"""Ranks with simulation intervals (peelstats.stats.ranks).

Expected values are properties that must hold (exchangeable areas can take any rank,
separated areas only their own, reversing the order mirrors the ranks) and pairwise
probabilities computed exactly with the incomplete beta function.
"""

import numpy as np
import pytest
from scipy import special

from peelstats import Estimate, proportion, rate
from peelstats.stats import rank_intervals


def test_same_seed_same_result_and_seed_recorded():
    est = rate(np.arange(100, 530, 10), np.full(43, 50_000), per=1000)
    first = rank_intervals(est, seed=5)
    second = rank_intervals(est, seed=5)
    np.testing.assert_array_equal(first.lower, second.lower)
    np.testing.assert_array_equal(first.upper, second.upper)
    assert (first.seed, first.draws, first.of) == (5, 10_000, 43)
    other = rank_intervals(est, seed=6)
    assert np.abs(other.lower - first.lower).max() <= 1  # Monte Carlo noise only


def test_exchangeable_areas_can_take_every_rank():
    # Ten identical areas: each rank has probability 1/10 > 2.5%, so every interval is 1 to 10.
    ranks = rank_intervals(rate(np.full(10, 200), np.full(10, 10_000), per=1000))
    assert ranks.rank.tolist() == [1.0] * 10  # ties share the smallest rank
    assert ranks.lower.tolist() == [1.0] * 10 and ranks.upper.tolist() == [10.0] * 10


def test_well_separated_areas_keep_their_rank():
    count = np.array([400, 100, 900, 1600])  # rates 4, 1, 9, 16 per 1,000 (±5% or less)
    ranks = rank_intervals(rate(count, np.full(4, 100_000), per=1000))
    assert ranks.rank.tolist() == [2.0, 1.0, 3.0, 4.0]
    np.testing.assert_array_equal(ranks.lower, ranks.rank)
    np.testing.assert_array_equal(ranks.upper, ranks.rank)


@pytest.mark.parametrize("count_b, swaps", [(110, True), (160, False)])
def test_two_areas_swap_exactly_when_the_pairwise_probability_allows(count_b, swaps):
    # With Gamma(a + 1/2) and Gamma(b + 1/2) draws over equal denominators,
    # P(A > B) = P(Beta(a + 1/2, b + 1/2) > 1/2) = I_{1/2}(b + 1/2, a + 1/2).
    probability = special.betainc(count_b + 0.5, 100.5, 0.5)
    assert (probability > 0.05) if swaps else (probability < 0.001)
    ranks = rank_intervals(rate([100, count_b], [10_000, 10_000]))
    assert ranks.upper[0] == (2.0 if swaps else 1.0)
    assert ranks.lower[1] == (1.0 if swaps else 2.0)


def test_highest_order_mirrors_lowest():
    est = rate(np.arange(100, 530, 10), np.full(43, 20_000), per=1000)
    low = rank_intervals(est, order="lowest")
    high = rank_intervals(est, order="highest")
    np.testing.assert_array_equal(high.rank, 44 - low.rank)
    np.testing.assert_array_equal(high.lower, 44 - low.upper)
    np.testing.assert_array_equal(high.upper, 44 - low.lower)


def test_design_effect_widens_proportion_rank_intervals():
    x = np.arange(150, 365, 5)
    n = np.full(x.size, 1000)
    plain = rank_intervals(proportion(x, n))
    surveyed = rank_intervals(proportion(x, n, deff=2.0))
    assert plain.method == "simulation: beta (Jeffreys)"
    width_plain = (plain.upper - plain.lower).mean()
    width_surveyed = (surveyed.upper - surveyed.lower).mean()
    assert width_surveyed > 1.2 * width_plain


def test_generic_estimates_use_a_normal_from_the_interval():
    est = Estimate(value=[1.0, 2.0, 3.0], lower=[0.0, 1.9, 2.9], upper=[2.0, 2.1, 3.1],
                   confidence=0.95, method="given")
    ranks = rank_intervals(est)
    assert ranks.method == "simulation: normal (from the interval)"
    # Area 1 (SE 0.51) overlaps area 2 (SE 0.05) but hardly area 3.
    assert ranks.upper.tolist() == [2.0, 2.0, 3.0] and ranks.lower.tolist() == [1.0, 1.0, 3.0]


def test_nan_is_not_ranked():
    ranks = rank_intervals(rate([100, np.nan, 300], [10_000, 10_000, 10_000]))
    assert ranks.of == 2
    assert np.isnan(ranks.rank[1]) and np.isnan(ranks.lower[1]) and np.isnan(ranks.upper[1])
    assert ranks.rank[[0, 2]].tolist() == [1.0, 2.0]


def test_briefing_wording_is_derivable():
    # "12th-lowest (between 6th and 19th)": rank, interval and order are all there.
    rng = np.random.default_rng(1)
    population = rng.integers(500_000, 3_000_000, size=43)
    count = rng.poisson(population * np.linspace(0.006, 0.014, 43))
    ranks = rank_intervals(rate(count, population, per=1000))
    focus = int(np.flatnonzero(ranks.rank == 12)[0])
    assert ranks.lower[focus] <= 12 <= ranks.upper[focus]
    assert ranks.order == "lowest" and ranks.of == 43
    frame = ranks.to_frame()
    assert list(frame.columns[:3]) == ["rank", "lower", "upper"] and len(frame) == 43


def test_bad_arguments():
    est = rate([1, 2], [10, 10])
    with pytest.raises(ValueError, match="unknown order 'top'"):
        rank_intervals(est, order="top")
    with pytest.raises(ValueError, match="draws must be a positive whole number"):
        rank_intervals(est, draws=0)
    with pytest.raises(ValueError, match="must be a peelstats Estimate"):
        rank_intervals([1.0, 2.0])
    with pytest.raises(ValueError, match="use fewer draws"):
        rank_intervals(rate(np.ones(10_000), np.ones(10_000)), draws=10_000)
