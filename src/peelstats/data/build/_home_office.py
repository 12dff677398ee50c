"""Checks shared by the Home Office open data tables (outcomes, stop and search, arrests,
workforce): the force columns, with British Transport Police as ``BTP``, and the
financial year as the period that ends it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data.build._areas import BTP, BTP_NAME
from peelstats.data.build._context import BuildContext
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import check_force_names, force_register

# Anchored: str.extract searches, so "2019-03-31 00:00:00" would otherwise pass as 2019.
_YEAR_ENDING = r"^(\d{4})-03-31$"


def force_codes(context: BuildContext, source: SourceCsv, name_column: str,
                code_column: str, *, allow_btp: bool = True) -> pd.Series:
    """The checked area code of each row; records unknown codes and names that do not
    belong to the code beside them. British Transport Police (code ``BTP``) has no ONS
    code and is checked by name only."""
    register = force_register(context)
    codes = source.text(code_column)
    known = set() if register is None else set(register["pfa_code"])
    if allow_btp:
        known.add(BTP)
    source.check_known(code_column, known, "police force area code")
    is_btp = (codes == BTP).to_numpy()
    check_force_names(context, source, name_column, where=~is_btp, code_column=code_column)
    if allow_btp:
        names = source.text(name_column)
        wrong = is_btp & (names != BTP_NAME).to_numpy()
        for row, value in zip(source.rows[wrong], names[wrong]):
            context.log.add(source.name, int(row), name_column, value,
                            f"the force with code {BTP} is {BTP_NAME!r}")
    return codes


def march_period(context: BuildContext, source: SourceCsv, column: str,
                 financial_year_column: str | None = None) -> pd.Series:
    """``YYYY-03`` from a ``YYYY-03-31`` column (the end of a financial year).

    Records every cell that is not a 31 March date and, with `financial_year_column`,
    every financial year (``2018/19``) that does not end in that March.
    """
    cells = source.text(column)
    parts = cells.str.extract(_YEAR_ENDING)[0]
    bad = parts.isna().to_numpy()
    for row, value in zip(source.rows[bad], cells[bad]):
        context.log.add(source.name, int(row), column, value,
                        "not the end of a financial year written YYYY-03-31")
    if financial_year_column is not None:
        year = pd.to_numeric(parts, errors="coerce")
        expected = ((year - 1).astype("Int64").astype("str") + "/"
                    + (year % 100).astype("Int64").astype("str").str.zfill(2))
        given = source.text(financial_year_column)
        wrong = ~bad & (given != expected).to_numpy()
        for row, value, end in zip(source.rows[wrong], given[wrong], cells[wrong]):
            context.log.add(source.name, int(row), financial_year_column, value,
                            f"financial year does not end on {column} {end}")
    return (parts + "-03").where(~bad, None)


def financial_year_period(context: BuildContext, source: SourceCsv, column: str,
                          ) -> pd.Series:
    """``YYYY-03`` from a financial year written ``2018/19`` (records any other text)."""
    cells = source.text(column)
    parts = cells.str.extract(r"^(\d{4})/(\d{2})$")
    start = pd.to_numeric(parts[0], errors="coerce")
    end = pd.to_numeric(parts[1], errors="coerce")
    bad = (start.isna() | end.isna() | ((start + 1) % 100 != end)).to_numpy()
    for row, value in zip(source.rows[bad], cells[bad]):
        context.log.add(source.name, int(row), column, value,
                        "not a financial year written YYYY/YY (e.g. 2018/19)")
    return ((start + 1).astype("Int64").astype("str") + "-03").where(~bad, None)


def nonnegative(context: BuildContext, source: SourceCsv, column: str, *,
                integer: bool = True, missing: tuple[str, ...] = ()) -> np.ndarray:
    """`column` as numbers; records cells that are not numbers or are negative."""
    values = source.numbers(column, integer=integer, missing=missing)
    negative = values < 0
    for row, value in zip(source.rows[negative], source.frame[column][negative]):
        context.log.add(source.name, int(row), column, value, "negative")
    return values
