"""The one reading of a period that a user types, and the one wording when it has no data.

A period is the 12 months ending a month, ``YYYY-MM`` in data (DESIGN.md, vocabulary).
Analysts write it several ways; each means one ``YYYY-MM``:

=================  =========  =====================================================
typed              period     reading
=================  =========  =====================================================
``2019-03``        2019-03    the data form
``YE Mar 2019``    2019-03    "year ending", as the ONS and Home Office tables write it
``YE 2019-03``     2019-03    the text form peelstats writes
``Mar 2019``       2019-03    a month: the 12 months ending it
``March 2019``     2019-03
``2019/20``        2020-03    a financial year, April 2019 to March 2020
``latest``         (latest)   the latest period with data
=================  =========  =====================================================

This module imports nothing heavy: the command line reads a period before it imports
pandas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
           "dec")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_ISO = re.compile(r"(?:ye\s*)?(\d{4})-(\d{1,2})")
_WORDS = re.compile(r"(?:ye\s+|year\s+end(?:ing|ed)?\s+)?([a-z]+)\.?\s+(\d{4})")
_FINANCIAL = re.compile(r"(?:fy\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})")
_YEAR = re.compile(r"\d{4}")
#: How many nearest periods with data an error names.
NEAREST = 4
#: What an error says the accepted forms are.
FORMS = "YYYY-MM, 'YE Mar 2019', 'Mar 2019', 'March 2019', '2019/20' or 'latest'"


def _month(word: str) -> int | None:
    word = word.lower()
    if word in _MONTH_NAMES:
        return _MONTH_NAMES.index(word) + 1
    if word[:3] in _MONTHS and len(word) in (3, 4):  # "Mar", "Sept"
        return _MONTHS.index(word[:3]) + 1
    return None


def parse_period(text: str) -> str:
    """The ``YYYY-MM`` that `text` names (any form in the module's table but ``latest``).

    Raises ValueError naming the text and the accepted forms; a bare year is refused
    (which 12 months of it?).

    Examples
    --------
    >>> [parse_period(t) for t in ("2019-03", "YE Mar 2019", "Mar 2019", "March 2019",
    ...                            "YE 2019-03", "2019/20", "2019/2020")]
    ['2019-03', '2019-03', '2019-03', '2019-03', '2019-03', '2020-03', '2020-03']
    >>> parse_period("2019")
    Traceback (most recent call last):
    ...
    ValueError: period '2019' is a year: which 12 months? For example 2019-03 (YE Mar 2019) or 2019/20 (the financial year, YE Mar 2020)
    """
    if not isinstance(text, str):
        raise ValueError(f"period must be text ({FORMS}), got {text!r}")
    typed = " ".join(text.strip().lower().split())
    if match := _ISO.fullmatch(typed):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
        hint = (f"; for the financial year write {year}/{month:02d}"
                if month == (year + 1) % 100 else "")
        raise ValueError(f"period {text!r}: {match[2]} is not a month (01 to 12){hint}")
    if match := _WORDS.fullmatch(typed):
        month = _month(match[1])
        if month is not None:
            return f"{int(match[2]):04d}-{month:02d}"
    if match := _FINANCIAL.fullmatch(typed):
        start, end = int(match[1]), match[2]
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year == start + 1:
            return f"{end_year:04d}-03"
        raise ValueError(f"period {text!r}: a financial year is two consecutive years, "
                         f"such as {start}/{(start + 1) % 100:02d}")
    if _YEAR.fullmatch(typed):
        year = int(typed)
        raise ValueError(f"period {text!r} is a year: which 12 months? For example "
                         f"{year}-03 (YE Mar {year}) or {year}/{(year + 1) % 100:02d} (the "
                         f"financial year, YE Mar {year + 1})")
    raise ValueError(f"period {text!r} is not a period; write {FORMS}")


def period_text(period: str) -> str:
    """``2019-03`` as ``YE Mar 2019``.

    >>> period_text("2019-03")
    'YE Mar 2019'
    """
    year, month = period.split("-")
    return f"YE {_MONTHS[int(month) - 1].capitalize()} {year}"


def _months(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def nearest_periods(period: str, valid: Sequence[str], n: int = NEAREST) -> list[str]:
    """The `n` periods of `valid` closest to `period` in time, oldest first.

    >>> nearest_periods("2021-03", ["2019-03", "2019-06", "2019-09", "2019-12"], 2)
    ['2019-09', '2019-12']
    """
    target = _months(period)
    closest = sorted(valid, key=lambda p: (abs(_months(p) - target), p))[:n]
    return sorted(closest)


def resolve_period(text: str, valid: Sequence[str], *, what: str = "data",
                   covered_by: Callable[[str], Sequence[str]] | None = None) -> str:
    """The period `text` names, checked against `valid` (``latest``: the latest of them).

    Parameters
    ----------
    text : str
        Any form of the module's table.
    valid : sequence of str
        The ``YYYY-MM`` periods that have what is asked for.
    what : str
        What `valid` holds, for the message ("a force profile").
    covered_by : callable, optional
        ``period -> names`` of the tables that do have the period, for the message.

    Raises
    ------
    ValueError
        For text that is no period (with the accepted forms), or a period not in `valid`:
        the message names the tables that cover it (from `covered_by`) and the nearest
        periods of `valid`.

    Examples
    --------
    >>> resolve_period("Mar 2019", ["2018-12", "2019-03"])
    '2019-03'
    >>> resolve_period("latest", ["2018-12", "2019-03"])
    '2019-03'
    >>> resolve_period("2021-03", ["2018-12", "2019-03"], what="recorded crime")
    Traceback (most recent call last):
    ...
    ValueError: no recorded crime for '2021-03' (YE Mar 2021); the nearest periods with it: 2018-12, 2019-03 (2 periods, 2018-12 to 2019-03)
    """
    valid = sorted(valid)
    if not valid:
        raise ValueError(f"no period has {what}")
    if isinstance(text, str) and text.strip().lower() == "latest":
        return valid[-1]
    period = parse_period(text)
    if period in valid:
        return period
    tables = list(covered_by(period)) if covered_by is not None else []
    covered = (f"; {', '.join(tables)} {'has' if len(tables) == 1 else 'have'} data for it"
               if tables else "")
    if len(valid) == 1:
        raise ValueError(f"no {what} for {text!r} ({period_text(period)}){covered}; the "
                         f"only period with it: {valid[0]}")
    nearest = ", ".join(nearest_periods(period, valid))
    raise ValueError(f"no {what} for {text!r} ({period_text(period)}){covered}; the nearest "
                     f"periods with it: {nearest} ({len(valid)} periods, {valid[0]} to "
                     f"{valid[-1]})")


#: The bundled tables keyed by period (``YYYY-MM``), by their loader's name.
PERIOD_TABLES = ("recorded_crime", "recorded_crime_editions", "asb_incidents", "survey",
                 "outcomes", "stop_search", "arrests", "crime_severity")


def tables_with_period(period: str) -> list[str]:
    """The bundled tables (`PERIOD_TABLES`) that have rows for `period`.

    >>> tables_with_period("2019-03")[:2]
    ['recorded_crime', 'recorded_crime_editions']
    """
    from peelstats import data

    return [name for name in PERIOD_TABLES
            if (getattr(data, name)()["period"] == period).any()]


# --- arithmetic on periods: the one place for it --------------------------------------

def years_before(period: str, years: int) -> str:
    """The same month `years` years earlier.

    >>> years_before("2014-06", 4)
    '2010-06'
    """
    year, month = period.split("-")
    return f"{int(year) - years:04d}-{month}"


def last_march(period: str) -> str:
    """The end of March within the 12 months ending `period` (``YYYY-03``): the end of the
    financial year that ends within them (every 12-month period contains one).

    >>> last_march("2019-03"), last_march("2019-06"), last_march("2019-02")
    ('2019-03', '2019-03', '2018-03')
    """
    year, month = (int(part) for part in period.split("-"))
    return f"{year if month >= 3 else year - 1:04d}-03"


def financial_year(period: str) -> str:
    """The financial year that ends in the March of `period`: ``2019-03`` → ``2018/19``.

    >>> financial_year("2019-03"), financial_year("2007-03")
    ('2018/19', '2006/07')
    """
    year = int(period[:4])
    return f"{year - 1}/{year % 100:02d}"
