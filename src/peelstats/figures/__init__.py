"""Citable figures: an estimate, its comparator, the verdict, the sentence and the source.

`cite` builds one `Figure`; `force_profile` builds the `Figures` of one force and period.
Rounding and sentence style live only in `peelstats.figures.wording`.
"""

from peelstats.figures.figure import FIGURE_FIELDS, Figure, Figures, cite, judge
from peelstats.figures.profile import force_profile

__all__ = ["FIGURE_FIELDS", "Figure", "Figures", "cite", "force_profile", "judge"]
