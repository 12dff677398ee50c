"""peelstats: police performance statistics for England and Wales.

Confidence intervals, comparisons, funnel plots, trend models and the wording that the
statistics support, for figures such as "88.1 percent (± 1.3 percent), higher than the
rate in England and Wales". Importing peelstats does no work beyond importing.
"""

from importlib.metadata import PackageNotFoundError, version as _version

from peelstats.figures import (
    Figure,
    Figures,
    cite,
    cite_change,
    force_profile,
    trend_chart_frame,
)
from peelstats.stats import (
    Comparison,
    Estimate,
    change,
    compare,
    compare_changes,
    compare_estimates,
    compare_proportion_with_rest,
    compare_proportions,
    compare_rate_with_rest,
    compare_rates,
    compare_trends,
    e_test,
    funnel,
    funnel_limits,
    proportion,
    proportion_frame,
    rank_intervals,
    rate,
    rate_frame,
    rate_ratio,
    rest_of,
    spc,
    survey_change,
    survey_proportion,
    trend,
    wdd,
)

try:
    __version__ = _version("peelstats")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "Comparison",
    "Estimate",
    "Figure",
    "Figures",
    "__version__",
    "change",
    "cite",
    "cite_change",
    "compare",
    "compare_changes",
    "compare_estimates",
    "compare_proportion_with_rest",
    "compare_proportions",
    "compare_rate_with_rest",
    "compare_rates",
    "compare_trends",
    "e_test",
    "force_profile",
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
    "survey_change",
    "survey_proportion",
    "trend",
    "trend_chart_frame",
    "wdd",
]
