"""Citable figures: an estimate, its comparator, the verdict, the sentence and the source.

`cite` builds one `Figure` (`cite_change` one for a change against England and Wales's);
`force_profile` builds the `Figures` of one force and period, and `trend_chart_frame` the
rows of its trend chart.
Rounding and sentence style live only in `peelstats.figures.wording`.
"""

from peelstats.figures.change import cite_change
from peelstats.figures.figure import FIGURE_FIELDS, Figure, Figures, cite, judge
from peelstats.figures.over_time import trend_chart_frame
from peelstats.figures.profile import force_profile

__all__ = ["FIGURE_FIELDS", "Figure", "Figures", "cite", "cite_change", "force_profile",
           "judge", "trend_chart_frame"]
