"""Pure numerics: estimates, comparisons, change, funnels and trends (no I/O, no plots)."""

from peelstats.stats._results import Comparison, Estimate

__all__ = ["Comparison", "Estimate"]
