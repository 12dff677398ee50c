"""Loader of the monthly outcomes tables (data.police.uk outcomes files, Cambridgeshire)."""

from __future__ import annotations

import pandas as pd

from peelstats.data._errors import Problem
from peelstats.data._load import load, period_problems
from peelstats.data._tables import _negative, _unknown
from peelstats.data.build import monthly_outcomes as _monthly


def _check(frame: pd.DataFrame, file: str) -> list[Problem]:
    return (period_problems(frame, file) + _negative(frame, file, "count")
            + _unknown(frame, file, "outcome_group", _monthly.GROUPS, "outcome group"))


def monthly_outcomes(by: str = "area") -> pd.DataFrame:
    """Outcomes recorded each month in Cambridgeshire, 2019-2020, by outcome group.

    A row counts outcomes **recorded in the month** (data.police.uk outcomes files),
    whenever the crime was recorded: not the outcomes of the month's crimes. See
    data/README.md for the mapping of police.uk outcome types to outcome groups.

    Parameters
    ----------
    by : {'area', 'lsoa'}
        ``area``: ``period``, ``area_code``, ``area_name``, ``outcome_group``, ``count``
        (every month has every group); ``lsoa``: ``period``, ``lsoa_code`` (empty for no
        location), ``outcome_group``, ``count``.

    Returns
    -------
    DataFrame
        A copy.

    Examples
    --------
    >>> table = monthly_outcomes()
    >>> charged = table[table.outcome_group == "Charged/Summonsed"]
    >>> int(charged["count"].min()), int(charged["count"].max())
    (349, 663)
    """
    schemas = {"area": _monthly.SCHEMA, "lsoa": _monthly.LSOA_SCHEMA}
    if by not in schemas:
        raise ValueError(f"unknown table {by!r}; choose one of: 'area', 'lsoa'")
    schema = schemas[by]
    return load(schema, _check)
