"""Funnel, forest and trend charts for briefings, and deterministic saving.

Each chart function returns a matplotlib Figure drawn from a tidy frame that a
``*_data`` function returns, so the data behind a chart can be checked and exported.
Importing this package changes no matplotlib setting: styles apply only while a chart is
drawn or saved.
"""

from peelstats.plots.forest import forest_plot, forest_plot_data
from peelstats.plots.funnel import FunnelPlotData, funnel_plot, funnel_plot_data
from peelstats.plots.save import save_figure
from peelstats.plots.spc import spc_plot
from peelstats.plots.trend import trend_plot, trend_plot_data

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
