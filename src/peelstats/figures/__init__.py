"""Citable figures: an estimate, its comparator, the verdict, the sentence and the source.

`cite` builds one `Figure` (`cite_change` one for a change against England and Wales's);
`force_profile` builds the `Figures` of one force and period, and `trend_chart_frame` the
rows of its trend chart.
Rounding and sentence style live only in `peelstats.figures.wording`.
The names are imported when first used (`peelstats._lazy`).
"""

from peelstats._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "peelstats.figures.change": ("cite_change",),
    "peelstats.figures.figure": ("FIGURE_FIELDS", "Figure", "Figures", "cite", "judge"),
    "peelstats.figures.indicators": ("indicator_figures",),
    "peelstats.figures.over_time": ("trend_chart_frame",),
    "peelstats.figures.profile": ("force_profile",),
})

__all__ = ["FIGURE_FIELDS", "Figure", "Figures", "cite", "cite_change", "force_profile",
           "indicator_figures", "judge", "trend_chart_frame"]
