"""peelstats: police performance statistics for England and Wales.

Confidence intervals, comparisons, funnel plots, trend models and the wording that the
statistics support, for figures such as "88.1 percent (± 1.3 percent), higher than the
rate in England and Wales". Importing peelstats does no work beyond importing, and imports
little: each public name's module (and pandas, scipy, statsmodels) is imported when the
name is first used.
"""

from peelstats._lazy import lazy_exports

_EXPORTS = {
    "peelstats.figures.change": ("cite_change",),
    "peelstats.data.indicators": ("read_groups", "read_indicators"),
    "peelstats.figures.figure": ("Figure", "Figures", "cite"),
    "peelstats.figures.indicators": ("indicator_figures",),
    "peelstats.figures.over_time": ("trend_chart_frame",),
    "peelstats.figures.profile": ("force_profile",),
    "peelstats.stats.results": ("Comparison", "Estimate"),
    "peelstats.stats.change": ("change", "compare_changes", "survey_change"),
    "peelstats.stats.compare": ("compare_estimates", "compare_proportions", "compare_rates",
                                "rate_ratio"),
    "peelstats.stats.engine": ("compare",),
    "peelstats.stats.frames": ("proportion_frame", "rate_frame"),
    "peelstats.stats.funnel": ("Funnel", "funnel", "funnel_limits"),
    "peelstats.stats.poisson_tests": ("e_test",),
    "peelstats.stats.proportions": ("proportion", "survey_proportion"),
    "peelstats.stats.ranks": ("rank_intervals",),
    "peelstats.stats.rates": ("rate",),
    "peelstats.stats.spc": ("SPC", "spc"),
    "peelstats.stats.rest": ("compare_proportion_with_rest", "compare_rate_with_rest",
                             "rest_of"),
    "peelstats.stats.trend": ("trend",),
    "peelstats.stats.trend_compare": ("compare_trends",),
    "peelstats.stats.wdd": ("wdd",),
}
_SUBPACKAGES = ("cli", "data", "figures", "plots", "reports", "stats")

_getattr, _dir = lazy_exports(__name__, _EXPORTS, _SUBPACKAGES)


def __getattr__(name: str) -> object:
    if name == "__version__":
        from peelstats._version import version

        return version()
    return _getattr(name)


def __dir__() -> list[str]:
    return sorted({*_dir(), "__version__"})


__all__ = [
    "Comparison",
    "SPC",
    "Estimate",
    "Figure",
    "Figures",
    "Funnel",
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
    "indicator_figures",
    "proportion",
    "proportion_frame",
    "rank_intervals",
    "rate",
    "rate_frame",
    "rate_ratio",
    "read_groups",
    "read_indicators",
    "rest_of",
    "spc",
    "survey_change",
    "survey_proportion",
    "trend",
    "trend_chart_frame",
    "wdd",
]
