"""A force's trend chart beside England and Wales, or a plain statement that there is none.

The rows come from `peelstats.figures.trend_chart_frame` (the profile's trend, the same
periods, populations and fits), the chart from `peelstats.plots.trend_plot`: this module
only joins them, so that a notebook needs one call for the chart.
"""

from __future__ import annotations

from IPython.display import Markdown
from matplotlib.figure import Figure

from peelstats import plots
from peelstats.figures import trend_chart_frame, wording
from peelstats.figures.over_time import MIN_TREND_PERIODS, TREND_MEASURES
from peelstats.notebook.parameters import ReportParameters


def trend_chart(parameters: ReportParameters, measure: str = "crime_excluding_fraud",
                confidence: float = 0.95) -> Figure | Markdown:
    """The force's rate per 1,000 population each year with its fitted trend and band,
    England and Wales drawn beside it.

    Each area's line and band cover the periods its trend was fitted to (no line is drawn
    beyond the data). When the force has too few periods with a comparable count for a
    trend (periods before the first in the tables; a force that supplied no count), the
    result is a sentence saying so and naming the periods with and without a count.

    Examples
    --------
    >>> from peelstats.notebook import validate_parameters
    >>> trend_chart(validate_parameters("Cambridgeshire", "2007-06")).data.split(".**")[0]
    '**There is no trend of crime excluding fraud for Cambridgeshire to YE Jun 2007'
    """
    frame = trend_chart_frame(parameters.area_code, parameters.period, measure=measure,
                              confidence=confidence)
    label = TREND_MEASURES[measure].label
    force = frame[frame["area_code"] == parameters.area_code]
    whole = frame[frame["area_code"] != parameters.area_code]
    if not force["used"].any():
        counted = [wording.period(p) for p, count, denominator in
                   zip(force["period"], force["count"], force["denominator"], strict=True)
                   if count == count and denominator == denominator]  # not NaN
        first, last = (wording.period(p) for p in force["period"].iloc[[0, -1]])
        have = f"{len(counted)} ({', '.join(counted)})" if counted else "none"
        return Markdown(
            f"**There is no trend of {label[0].lower()}{label[1:]} for "
            f"{parameters.area_name} to {last}.** A trend needs a comparable count and a "
            f"population estimate in at least {MIN_TREND_PERIODS} of the {len(force)} "
            f"years {first} to {last}; the tables have both for {have}.")
    versus = whole[whole["used"]] if whole["used"].any() else None
    return plots.trend_plot(
        force[force["used"]], confidence=confidence, name=parameters.area_name,
        versus=versus, versus_name=None if versus is None else whole["area_name"].iloc[0],
        ylabel=f"{label} per 1,000 population",
        title=(f"{label} per 1,000 population, {parameters.area_name}, "
               f"{wording.period(str(force.loc[force['used'], 'period'].iloc[0]))} to "
               f"{wording.period(parameters.period)}\nSource: Home Office and ONS police "
               f"recorded crime; ONS mid-year estimates (peelstats)"))
