"""The result types of the statistics layer, by their public names.

`Estimate` (a value with its interval, and the inputs a later comparison needs) and
`Comparison` (a difference or ratio with its interval, p-value and verdict), with their
`Kind` and `Verdict` vocabularies. They are written in `peelstats.stats._results`; this
module imports nothing else of the statistics, so a caller that needs only the types
(``peelstats.Estimate``) does not import scipy.
"""

from peelstats.stats._results import Comparison, Estimate, FrameLikeDeprecated, Kind, Verdict

__all__ = ["Comparison", "Estimate", "FrameLikeDeprecated", "Kind", "Verdict"]
