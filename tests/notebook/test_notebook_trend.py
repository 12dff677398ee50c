"""The force profile's trend chart: the force beside England and Wales, or a sentence saying
there is no trend when the tables have too few periods for one."""

from __future__ import annotations

from IPython.display import Markdown
from matplotlib.figure import Figure

from peelstats.figures import trend_chart_frame
from peelstats.notebook import trend_chart, validate_parameters


def test_cambridgeshire_is_drawn_beside_england_and_wales():
    parameters = validate_parameters("Cambridgeshire", "2019-03")
    chart = trend_chart(parameters)
    assert isinstance(chart, Figure)
    labels = [text.get_text() for text in chart.legends[0].get_texts()]
    assert "Cambridgeshire: fitted trend" in labels
    assert "England and Wales: fitted trend" in labels
    # The drawn fitted line is the frame's fitted rate per 1,000 (same rows, same order).
    frame = trend_chart_frame("Cambridgeshire", "2019-03")
    force = frame[frame["area_name"] == "Cambridgeshire"]
    line = next(l for l in chart.axes[0].get_lines()
                if l.get_label() == "Cambridgeshire: fitted trend")
    assert list(line.get_ydata()) == list(force["fitted"] * 1000)


def test_no_line_beyond_the_periods_fitted():
    # Greater Manchester supplied no count for YE Dec 2019: its line stops at YE Dec 2018.
    chart = trend_chart(validate_parameters("Greater Manchester", "2019-12"))
    ticks = [text.get_text() for text in chart.axes[0].get_xticklabels()]
    line = next(l for l in chart.axes[0].get_lines()
                if l.get_label() == "Greater Manchester: fitted trend")
    assert len(line.get_xdata()) == 4 and ticks[-1] == "YE Dec 2019"


def test_no_trend_is_said_plainly():
    result = trend_chart(validate_parameters("Cambridgeshire", "2007-06"))
    assert isinstance(result, Markdown)
    assert result.data.startswith("**There is no trend of crime excluding fraud for "
                                  "Cambridgeshire to YE Jun 2007.**")
    assert "at least 3 of the 5 years YE Jun 2003 to YE Jun 2007" in result.data
    assert "for 1 (YE Jun 2007)" in result.data
