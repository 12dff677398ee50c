"""Pure numerics: estimates, comparisons, change, funnels and trends (no I/O, no plots)."""

from peelstats.stats._results import Comparison, Estimate
from peelstats.stats.change import change, compare_changes, survey_change
from peelstats.stats.change_dispersion import change_overdispersion
from peelstats.stats.compare import (
    compare_estimates,
    compare_proportions,
    compare_rates,
    rate_ratio,
)
from peelstats.stats.engine import compare
from peelstats.stats.funnel import Funnel, funnel, funnel_limits
from peelstats.stats.frames import proportion_frame, rate_frame
from peelstats.stats.poisson_tests import PoissonTestResult, e_test
from peelstats.stats.proportions import proportion, survey_proportion
from peelstats.stats.ranks import Ranks, rank_intervals
from peelstats.stats.spc import SPC, spc, spc_array
from peelstats.stats.rates import rate
from peelstats.stats.rest import compare_proportion_with_rest, compare_rate_with_rest, rest_of
from peelstats.stats.trend import TrendResult, trend
from peelstats.stats.trend_compare import compare_trends
from peelstats.stats.wdd import WDDResult, wdd

__all__ = [
    "Comparison",
    "Estimate",
    "Funnel",
    "PoissonTestResult",
    "Ranks",
    "SPC",
    "TrendResult",
    "WDDResult",
    "change",
    "change_overdispersion",
    "compare",
    "compare_changes",
    "compare_estimates",
    "compare_proportion_with_rest",
    "compare_proportions",
    "compare_rate_with_rest",
    "compare_rates",
    "compare_trends",
    "e_test",
    "funnel",
    "funnel_limits",
    "proportion",
    "proportion_frame",
    "rank_intervals",
    "rate",
    "rate_frame",
    "rate_ratio",
    "rest_of",
    "spc",
    "spc_array",
    "survey_change",
    "survey_proportion",
    "trend",
    "wdd",
]
