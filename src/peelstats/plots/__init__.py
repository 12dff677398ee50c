"""Funnel, forest and trend charts for briefings, and deterministic saving.

Each chart function returns a matplotlib Figure drawn from a tidy frame that a
``*_data`` function returns, so the data behind a chart can be checked and exported.
Importing this package changes no matplotlib setting: styles apply only while a chart is
drawn or saved. The names (and matplotlib) are imported when first used
(`peelstats._lazy`).
"""

from peelstats._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "peelstats.plots.forest": ("forest_plot", "forest_plot_data"),
    "peelstats.plots.funnel": ("FunnelPlotData", "funnel_plot", "funnel_plot_data"),
    "peelstats.plots.save": ("save_figure",),
    "peelstats.plots.spc": ("spc_plot",),
    "peelstats.plots.trend": ("trend_plot", "trend_plot_data"),
})

__all__ = [
    "FunnelPlotData",
    "forest_plot",
    "forest_plot_data",
    "funnel_plot",
    "funnel_plot_data",
    "save_figure",
    "spc_plot",
    "trend_plot",
    "trend_plot_data",
]
