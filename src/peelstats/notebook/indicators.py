"""The parameters of notebooks/indicator_profile.ipynb, checked: the cell after its
``parameters`` cell calls `validate_indicator_parameters`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from peelstats._paths import examples_dir
from peelstats.data.indicators import read_groups, read_indicators, resolve_area
from peelstats.data import parse_period
from peelstats.figures.figure import Figures
from peelstats.figures.indicators import ENGLAND_AND_WALES_VERSUS, PREVIOUS, indicator_figures

#: The indicator table a notebook reads when `indicators_path` is empty: the example.
EXAMPLE_INDICATORS = "indicators.csv"


@dataclass(frozen=True)
class IndicatorParameters:
    """A checked indicator profile: the table, the area, the period and the comparator."""

    indicators_path: Path
    area_code: str
    area_name: str
    period: str
    versus: str
    groups_path: Path | None
    table: pd.DataFrame = field(repr=False, compare=False)
    groups: pd.DataFrame | None = field(repr=False, compare=False)

    def figures(self) -> Figures:
        """The area's figures against `versus` (`peelstats.indicator_figures`)."""
        return indicator_figures(self.table, self.area_code, self.period,
                                 versus=self.versus, groups=self.groups)


def validate_indicator_parameters(indicators_path: str, area: str, period: str,
                                  groups_path: str = "",
                                  versus: str = ENGLAND_AND_WALES_VERSUS
                                  ) -> IndicatorParameters:
    """Check the indicator profile's parameters; read the table (and groups) once.

    Parameters
    ----------
    indicators_path : str
        The indicator table (CSV or XLSX, `peelstats.read_indicators`); empty for the
        example, data/examples/indicators.csv.
    area : str
        A force's name, alias or ONS code.
    period : str
        The end of the 12 months: ``2014-06``, ``YE Jun 2014``, ``June 2014`` …
    groups_path : str
        The comparison groups (`peelstats.read_groups`), or empty for none.
    versus : str
        ``england_and_wales``, ``previous`` or a group of `groups_path`.

    Raises
    ------
    DataFileError
        A bad table or groups file: every problem, with file, row, column and value.
    ValueError
        An unknown area (with close matches), period or comparator.

    Examples
    --------
    >>> checked = validate_indicator_parameters("", "Cambs", "YE Jun 2014")
    >>> checked.area_name, checked.period, checked.indicators_path.name
    ('Cambridgeshire', '2014-06', 'indicators.csv')
    """
    for name, value in (("indicators_path", indicators_path), ("area", area),
                        ("period", period), ("groups_path", groups_path),
                        ("versus", versus)):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text, got {value!r}")
    path = Path(indicators_path) if indicators_path else examples_dir() / EXAMPLE_INDICATORS
    table = read_indicators(path)
    area_code, area_name = resolve_area(area)
    month = parse_period(period)
    groups = read_groups(groups_path) if groups_path else None
    if versus not in (ENGLAND_AND_WALES_VERSUS, PREVIOUS) and groups is None:
        raise ValueError(f"versus={versus!r} names a group: give groups_path, the groups file")
    checked = IndicatorParameters(path, area_code, area_name, month, versus,
                                  Path(groups_path) if groups_path else None, table, groups)
    checked.figures()  # an area or period without rows, an unknown group: said here
    return checked
