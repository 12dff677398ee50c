"""Ranks with their uncertainty: "12th-lowest of 43 (between 6th and 19th)".

A league position is a statistic like any other: two forces whose intervals overlap a
great deal may swap places by chance. `rank_intervals` draws each area's value many times
from its sampling distribution, ranks the areas in every draw, and reports each area's
observed rank with the central interval of its simulated ranks [1]_ [2]_.

References
----------
.. [1] Goldstein H, Spiegelhalter DJ. League tables and their limitations: statistical
   issues in comparisons of institutional performance. Journal of the Royal Statistical
   Society A 1996; 159(3):385-443. doi:10.2307/2983325
.. [2] Marshall EC, Spiegelhalter DJ. Reliability of league tables of in vitro
   fertilisation clinics: retrospective analysis of live birth rates. BMJ 1998;
   316:1701-1704. doi:10.1136/bmj.316.7146.1701
.. [3] Brown LD, Cai TT, DasGupta A. Interval estimation for a binomial proportion.
   Statistical Science 2001; 16(2):101-133 (the Jeffreys prior Beta(1/2, 1/2)).
   doi:10.1214/ss/1009213286
.. [4] Kish L. Survey Sampling. New York: Wiley, 1965, section 8.2 (effective sample
   size n / deff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import special, stats

from peelstats.stats._results import Estimate, _Result
from peelstats.stats._validation import check_confidence, choose

RankOrder = Literal["lowest", "highest"]

#: Default seed: the results are a fixed function of the inputs unless a seed is given.
DEFAULT_SEED = 20190331

#: Guard on memory: the simulated ranks are held as draws x areas 32-bit integers.
_MAX_CELLS = 50_000_000


@dataclass(frozen=True, repr=False)
class Ranks(_Result):
    """Each area's rank and the interval of its simulated ranks.

    `rank` is 1 for the lowest value when `order` is ``'lowest'`` (for the highest when
    ``'highest'``); ties share the smallest rank. `lower` and `upper` bound the central
    `confidence` share of simulated ranks; `of` is the number of areas ranked. An area
    with a NaN value has NaN rank and interval and is not counted in `of`.
    """

    rank: Any
    lower: Any
    upper: Any
    of: int
    confidence: float
    method: str
    order: str
    draws: int
    seed: int

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("of", "draws", "seed"):  # counts stay whole numbers
            object.__setattr__(self, name, int(getattr(self, name)))

    def __str__(self) -> str:  # wording of ranks belongs to peelstats.figures
        return repr(self)


def _proportion_draws(estimate: Estimate, rng: np.random.Generator, draws: int) -> np.ndarray:
    # Jeffreys posterior Beta(x + 1/2, n - x + 1/2) [3]_ on the effective sample
    # (x / deff, n / deff) [4]_ when a design effect was given.
    n = np.asarray(estimate.n_effective if estimate.n_effective is not None else estimate.n,
                   dtype=float)
    p = np.asarray(estimate.value, dtype=float)
    x = p * n
    return rng.beta(x + 0.5, n - x + 0.5, size=(draws, p.size))


def _survey_draws(estimate: Estimate, rng: np.random.Generator, draws: int) -> np.ndarray:
    # The published margin gives an effective sample size; draw as for a proportion.
    n = np.asarray(estimate.n_effective, dtype=float)
    p = np.asarray(estimate.value, dtype=float)
    return rng.beta(p * n + 0.5, (1 - p) * n + 0.5, size=(draws, p.size))


def _rate_draws(estimate: Estimate, rng: np.random.Generator, draws: int) -> np.ndarray:
    # Gamma(count + 1/2, 1) is the Jeffreys posterior of a Poisson mean; scaled to a rate.
    count = np.asarray(estimate.count, dtype=float)
    scale = np.asarray(estimate.per, dtype=float) / np.asarray(estimate.denominator, dtype=float)
    return rng.gamma(count + 0.5, size=(draws, count.size)) * scale


def _normal_draws(estimate: Estimate, rng: np.random.Generator, draws: int) -> np.ndarray:
    # Any other estimate: normal with the standard error implied by its interval.
    value = np.asarray(estimate.value, dtype=float)
    z = -special.ndtri((1 - estimate.confidence) / 2)
    width = np.asarray(estimate.upper, dtype=float) - np.asarray(estimate.lower, dtype=float)
    se = width / (2 * z)
    return value + se * rng.standard_normal(size=(draws, value.size))


_SAMPLERS = {
    "proportion": ("beta (Jeffreys)", _proportion_draws),
    "survey": ("beta (published margin)", _survey_draws),
    "rate": ("gamma (Jeffreys)", _rate_draws),
}
_NORMAL = ("normal (from the interval)", _normal_draws)


def _whole_number(name: str, value: Any, *, smallest: int) -> int:
    # A bool, text or a fraction is no number of draws nor a seed; numpy's own errors
    # (TypeError from SeedSequence, say) would not name the argument.
    what = "a positive" if smallest == 1 else "a non-negative"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                     np.floating)) \
            or not np.isfinite(value) or value != int(value) or value < smallest:
        raise ValueError(f"{name} must be {what} whole number, got {value!r}")
    return int(value)


def rank_intervals(estimate: Estimate, *, order: RankOrder = "lowest",
                   confidence: float = 0.95, draws: int = 10_000,
                   seed: int = DEFAULT_SEED) -> Ranks:
    """Rank areas and give each rank a simulation interval.

    Parameters
    ----------
    estimate : Estimate
        One estimate per area (a one-dimensional `Estimate`, e.g. from
        `peelstats.rate` or `peelstats.proportion`). Its `kind` chooses the sampling
        distribution: ``'rate'``: Gamma(count + 1/2) * per / denominator, the Jeffreys
        posterior of a Poisson count; ``'proportion'``: Beta(x + 1/2, n - x + 1/2) on
        the effective sample (x / deff, n / deff) [3]_ [4]_; ``'survey'``: the same with the
        effective sample size implied by the published margin; any other kind: normal
        with mean `value` and standard error (upper - lower) / (2 z).
    order : {'lowest', 'highest'}
        Rank 1 is the lowest value (``'lowest'``: "12th-lowest") or the highest.
    confidence : float
        The share of simulated ranks inside the interval (0.95).
    draws : int
        Number of simulated league tables.
    seed : int
        Seed of numpy's default generator: the same inputs and seed give the same
        result, on any machine with the same numpy.

    Returns
    -------
    Ranks
        `rank` (observed, ties share the smallest), `lower` and `upper` (the
        (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the simulated ranks,
        each an attained rank), `of`, and the method, order, draws and seed used.

    Notes
    -----
    Assumptions: areas are independent and each estimate's sampling distribution is as
    above; over-dispersion between areas does not widen the intervals (the ranks describe
    the uncertainty of the estimates, not of an underlying "true" league table). NaN
    values are not ranked. Memory is draws x areas 32-bit integers; more than 50 million
    cells is refused.

    Examples
    --------
    >>> from peelstats import rate
    >>> est = rate([50, 95, 210, 400], [10_000, 20_000, 20_000, 20_000], per=1000)
    >>> ranks = rank_intervals(est)
    >>> ranks.rank.tolist(), ranks.lower.tolist(), ranks.upper.tolist()
    ([2.0, 1.0, 3.0, 4.0], [1.0, 1.0, 3.0, 4.0], [2.0, 2.0, 3.0, 4.0])
    >>> ranks.of, ranks.method
    (4, 'simulation: gamma (Jeffreys)')
    """
    if not isinstance(estimate, Estimate):
        raise ValueError(f"estimate must be a peelstats Estimate, got {type(estimate).__name__}")
    confidence = check_confidence(confidence)
    choose(order, {"lowest": None, "highest": None}, "order")
    draws = _whole_number("draws", draws, smallest=1)
    seed = _whole_number("seed", seed, smallest=0)
    value = np.atleast_1d(np.asarray(estimate.value, dtype=float))
    if value.ndim != 1:
        raise ValueError(f"estimate must hold one value per area, got shape {value.shape}")
    if draws * value.size > _MAX_CELLS:
        raise ValueError(f"draws ({draws:,}) x areas ({value.size:,}) exceeds "
                         f"{_MAX_CELLS:,}; use fewer draws")
    name, sampler = _SAMPLERS.get(estimate.kind, _NORMAL)
    rng = np.random.default_rng(seed)
    simulated = np.broadcast_to(sampler(estimate, rng, draws), (draws, value.size))
    ranked = ~np.isnan(value)
    sign = 1.0 if order == "lowest" else -1.0
    observed = stats.rankdata(sign * value[ranked], method="min")
    # Rank within each simulated table: argsort of argsort gives 0-based positions.
    positions = np.argsort(np.argsort(sign * simulated[:, ranked], axis=1), axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(positions.astype(np.int32) + 1, [tail, 1.0 - tail], axis=0,
                            method="inverted_cdf")
    rank = np.full(value.shape, np.nan)
    lower = np.full(value.shape, np.nan)
    upper = np.full(value.shape, np.nan)
    rank[ranked], lower[ranked], upper[ranked] = observed, low, high
    return Ranks(rank=rank, lower=lower, upper=upper, of=int(ranked.sum()),
                 confidence=confidence, method=f"simulation: {name}", order=order,
                 draws=draws, seed=int(seed))
