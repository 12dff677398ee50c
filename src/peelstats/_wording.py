"""Rounding and wording: the one module that turns numbers into citable text.

Every sentence peelstats writes goes through here, so that a figure is rounded and worded
the same way in a notebook, a report and a CSV export. The house style is the one of the
police inspection (PEEL) reports [1]_:

- percentages and rates to one decimal place, rounded half away from zero on the decimal
  value as published tables are (88.05 → 88.1, 1.25 → 1.3), not with Python's `round`,
  which rounds half to even and works on the binary value (``round(2.675, 2) == 2.67``);
- counts with thousands separators (27,084);
- a symmetric interval as a margin, ``88.1 percent (± 1.3 percent)``; an interval that is
  not symmetric at display precision as ``(95% CI 86.8 to 89.4)``, never a ± that hides
  the asymmetry of a small-count interval;
- an interval whose limits would print as the same number gets the decimals it needs
  for them to differ, up to `MAX_PLACES`: ``8.47 percent (95% CI 8.45 to 8.50)``, not
  ``8.5 percent (95% CI 8.5 to 8.5)`` (`interval_places`);
- a percent change as a change, never with a ±, which could be read as percentage
  points: ``a 39.8 percent increase (95% CI 38.1 to 41.5)``, ``fell by 21.9 percent
  (95% CI 21.1 to 22.8)`` (`change_with_interval`, `change_interval`);
- ``higher than`` / ``lower than`` only when the comparison is statistically significant,
  ``broadly in line with`` otherwise;
- ``54.9 per 1,000 population``, ``per 1,000 households`` for burglary in a dwelling,
  ``a 22 percent reduction``, ``12th-lowest of 43 forces``, ``51 out of 60``.

Wording reads results only; it never computes a statistic. This module imports nothing
from peelstats, so that every layer can use it (`peelstats.stats` results word themselves
through `describe`); its public home is `peelstats.figures.wording`, which re-exports it.

References
----------
.. [1] HM Inspectorate of Constabulary, "PEEL: Police effectiveness 2015 (vulnerability,
   legitimacy, efficiency). Cambridgeshire Constabulary", 2015-2016, for the style of
   figures quoted in `peelstats`' design ("a victim satisfaction rate of 88.1 percent
   (± 1.3 percent), which is higher than …").

Examples
--------
>>> number(88.05), number(1.25), number(-0.05), number(2.675, places=2)
('88.1', '1.3', '-0.1', '2.68')
>>> value_with_interval(88.1, 86.8, 89.4, unit="percent")
'88.1 percent (± 1.3 percent)'
>>> value_with_interval(2.1, 0.9, 4.2, unit="per 1,000 population")
'2.1 per 1,000 population (95% CI 0.9 to 4.2)'
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np

#: Decimal places for percentages, rates and their limits.
PLACES = 1
#: Decimal places for ratios (a rate ratio of 0.9 needs its second digit).
RATIO_PLACES = 2
#: How an infinite percent change (from a count or rate of 0) is worded: a percentage of
#: nothing does not exist.
INCREASE_FROM_ZERO = "an increase from 0"
#: The level a bare ± stands for in published figures.
DEFAULT_CONFIDENCE = 0.95
#: Below this many cases a proportion of whole cases is written "51 out of 60".
SMALL_SAMPLE = 100
#: What a value in percent is called in text and in a figure's `unit`.
PERCENT = "percent"
#: The unit of a difference of two percentages.
PERCENTAGE_POINTS = "percentage points"
#: What follows a percent change per year (the annual percent change of a trend).
PER_YEAR = "a year"
#: The unit of an annual percent change (a trend): ``9.1 percent a year``.
PERCENT_A_YEAR = f"{PERCENT} {PER_YEAR}"
#: The most decimal places an interval's limits get to tell them apart (`interval_places`).
MAX_PLACES = 3

_VERDICT_PHRASES = {
    "higher": "higher than",
    "lower": "lower than",
    "similar": "broadly in line with",
    "": "not compared with",  # a missing comparison (NaN limits) is never "in line"
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- rounding ---------------------------------------------------------------------------

def _decimal(value: Any) -> Decimal:
    """The decimal value a float prints as: ``Decimal(repr(float(value)))``.

    ``repr`` of a float is the shortest string that reads back as the same float, which
    is the number as it was typed or published (2.675, not 2.67499999…). numpy scalars
    are converted to float first (their own repr is ``np.float64(…)``).
    """
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(float(value)))


def round_half_away(value: Any, places: int = PLACES) -> Decimal:
    """Round half away from zero on the decimal value, as published tables do.

    Parameters
    ----------
    value : float, int, numpy scalar or Decimal
        The number to round; NaN and infinities are returned unchanged.
    places : int
        Decimal places to keep (0 for whole numbers).

    Returns
    -------
    Decimal

    Examples
    --------
    >>> round_half_away(88.05), round_half_away(1.25), round_half_away(-0.05)
    (Decimal('88.1'), Decimal('1.3'), Decimal('-0.1'))
    >>> round_half_away(-2.5, places=0), round_half_away(2.675, places=2)
    (Decimal('-3'), Decimal('2.68'))

    Any float is rounded, however large (its digits are all kept):

    >>> round_half_away(1.1e30)
    Decimal('1100000000000000000000000000000.0')
    """
    decimal = _decimal(value)
    if not decimal.is_finite():
        return decimal
    with localcontext() as context:
        # The default context holds 28 digits; a limit of 1.1e246 rounded to one place
        # needs 248 (quantize would raise InvalidOperation).
        context.prec = max(context.prec, decimal.adjusted() + places + 2)
        # ROUND_HALF_UP in the decimal module rounds ties away from zero, for either sign.
        return decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(value: Any, places: int = PLACES) -> float:
    """`round_half_away` as a float (for tables that must hold numbers).

    >>> rounded(88.05), rounded(0.05), rounded(float("nan"))
    (88.1, 0.1, nan)
    """
    return float(round_half_away(value, places))


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


# --- numbers ----------------------------------------------------------------------------

def number(value: Any, places: int = PLACES) -> str:
    """A number rounded half away from zero, with thousands separators.

    NaN is written ``not available``; a negative value that rounds to zero loses its
    sign (no ``-0.0``).

    >>> number(54.94), number(1234.56), number(-0.04), number(float("nan"))
    ('54.9', '1,234.6', '0.0', 'not available')
    """
    if _is_missing(value):
        return "not available"
    decimal = round_half_away(value, places)
    if decimal.is_infinite():
        return "infinity" if decimal > 0 else "minus infinity"
    if decimal == 0:
        decimal = abs(decimal)
    return f"{decimal:,f}"


def count(value: Any) -> str:
    """A count with thousands separators: ``27,084``.

    A count that is not a whole number is an error rather than a silent rounding.

    >>> count(27084), count(45034.0)
    ('27,084', '45,034')
    """
    if _is_missing(value):
        return "not available"
    decimal = _decimal(value)
    if decimal != decimal.to_integral_value():
        raise ValueError(f"count must be a whole number, got {value!r}")
    return number(decimal, places=0)


def percent(value: Any, places: int = PLACES) -> str:
    """A value already in percent, with its unit: ``88.1 percent``.

    >>> percent(88.05)
    '88.1 percent'
    """
    return with_unit(number(value, places), PERCENT)


def ordinal(position: Any) -> str:
    """An ordinal number: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th.

    >>> [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']
    """
    whole = int(position)
    if whole != position or whole < 1:
        raise ValueError(f"position must be a whole number of at least 1, got {position!r}")
    if whole % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def rank(position: Any, total: Any, direction: str = "lowest", what: str = "forces") -> str:
    """A rank among peers: ``12th-lowest of 43 forces``; first place is ``the lowest``.

    >>> rank(12, 43), rank(1, 43, "highest"), rank(2, 43)
    ('12th-lowest of 43 forces', 'the highest of 43 forces', '2nd-lowest of 43 forces')
    """
    if direction not in ("lowest", "highest"):
        raise ValueError(f"direction must be 'lowest' or 'highest', got {direction!r}")
    if int(position) > int(total):
        raise ValueError(f"position ({position}) exceeds total ({total})")
    place = f"the {direction}" if int(position) == 1 else f"{ordinal(position)}-{direction}"
    return f"{place} of {count(total)} {what}"


def out_of(x: Any, n: Any) -> str:
    """A small sample as whole cases: ``51 out of 60``.

    >>> out_of(51, 60)
    '51 out of 60'
    """
    if not _is_missing(x) and not _is_missing(n) and float(x) > float(n):
        raise ValueError(f"x ({x}) exceeds n ({n})")
    return f"{count(x)} out of {count(n)}"


def p_value(p: Any) -> str:
    """A p-value to three decimal places, or ``p < 0.001``.

    >>> p_value(0.0004), p_value(0.0345), p_value(1.0)
    ('p < 0.001', 'p = 0.035', 'p = 1.000')
    """
    if _is_missing(p):
        return "p not available"
    if float(p) < 0.001:
        return "p < 0.001"
    return f"p = {number(p, places=3)}"


def confidence_label(confidence: Any) -> str:
    """``95% CI`` for 0.95, ``99.8% CI`` for 0.998.

    >>> confidence_label(0.95), confidence_label(0.998)
    ('95% CI', '99.8% CI')
    """
    level = (_decimal(confidence) * 100).normalize()
    return f"{level:f}% CI"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def _year_month(value: str, what: str) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month number), or a ValueError naming `what` was given."""
    try:
        year, number = str(value).split("-")
        if not 1 <= int(number) <= 12:
            raise ValueError
        return int(year), int(number)
    except ValueError:
        raise ValueError(f"{what} must be written YYYY-MM, got {value!r}") from None


def period(value: str) -> str:
    """The 12 months ending a month, as written in text: ``YE Jun 2014``.

    >>> period("2014-06")
    'YE Jun 2014'
    """
    year, number = _year_month(value, "period")
    return f"YE {_MONTHS[number - 1]} {year}"


def month(value: str) -> str:
    """A month ``YYYY-MM`` as written in text: ``April 2020``.

    >>> month("2020-04")
    'April 2020'
    """
    year, number = _year_month(value, "month")
    return f"{_MONTH_NAMES[number - 1]} {year}"


# --- units ------------------------------------------------------------------------------

def rate_unit(per: Any = 1000, denominator: str = "population") -> str:
    """The unit of a rate: ``per 1,000 population``, ``per 1,000 households``.

    >>> rate_unit(), rate_unit(1000, "households"), rate_unit(100000)
    ('per 1,000 population', 'per 1,000 households', 'per 100,000 population')
    >>> rate_unit(2.5)  # a multiplier that is not whole keeps its digits
    'per 2.5 population'
    """
    if _whole(per):
        return f"per {count(per)} {denominator}"
    return f"per {_decimal(per):,f} {denominator}"


def with_unit(text: str, unit: str | None) -> str:
    """Attach a unit to a formatted number (nothing for a unitless value).

    >>> with_unit("54.9", "per 1,000 population"), with_unit("0.91", None)
    ('54.9 per 1,000 population', '0.91')
    """
    if not unit or text == "not available":
        return text
    return f"{text} {unit}"


def _margin_unit(unit: str | None) -> str | None:
    """The unit repeated after a ±: ``± 1.3 percent`` but ``± 0.7`` for a rate."""
    return unit if unit in (PERCENT, PERCENTAGE_POINTS) else None


# --- intervals --------------------------------------------------------------------------

def interval_places(lower: Any, upper: Any, places: int = PLACES) -> int:
    """The decimal places at which an interval's limits print as two different numbers.

    The one rule for an interval narrower than the display precision: ``(95% CI 8.5 to
    8.5)`` reads as a broken interval, or as no uncertainty at all. When the two limits
    round (half away from zero, `round_half_away`) to the same value at `places`, one
    more decimal place is tried, and another, until they differ or `MAX_PLACES` is
    reached. The value is then printed with the same places as its limits, and the
    interval as limits, not as a margin (`interval`, `value_with_interval`,
    `change_interval`).

    Parameters
    ----------
    lower, upper : float
        The limits, in the unit of the text.
    places : int
        The display precision: `PLACES` for percentages and rates, `RATIO_PLACES` for
        ratios.

    Returns
    -------
    int
        `places`, or more (never more than ``max(places, MAX_PLACES)``). A missing or
        infinite limit, or two limits that are exactly equal (no number of decimals
        separates them), leave `places` as it is.

    Examples
    --------
    >>> interval_places(54.31, 55.58)  # 54.3 to 55.6: one decimal is enough
    1
    >>> interval_places(8.4512, 8.4968)  # 8.5 to 8.5, then 8.45 to 8.50
    2
    >>> interval_places(2.7001, 2.7004), interval_places(2.0, 2.0)  # at most MAX_PLACES
    (3, 1)
    >>> interval_places(0.05, 0.0549)  # half away from zero: 0.1 and 0.1, 0.05 and 0.05
    3
    """
    if _is_missing(lower) or _is_missing(upper):
        return places
    low, high = _decimal(lower), _decimal(upper)
    if not (low.is_finite() and high.is_finite()) or low == high:
        return places
    shown = places
    while shown < MAX_PLACES and round_half_away(low, shown) == round_half_away(high, shown):
        shown += 1
    return shown


def symmetric_margin(value: Any, lower: Any, upper: Any,
                     places: int = PLACES) -> Decimal | None:
    """The margin to print after a ±, or None when the interval is not symmetric.

    The decision is made at display precision: value and limits are rounded as they are
    printed, and the interval is symmetric when the printed limits are the same distance
    from the printed value. Then ``value ± margin`` gives back exactly the limits a
    reader would see in the ``(95% CI … to …)`` form, and no ± hides an asymmetry.

    >>> symmetric_margin(88.1, 86.8, 89.4)
    Decimal('1.3')
    >>> symmetric_margin(2.1, 0.9, 4.2) is None
    True
    >>> symmetric_margin(54.94, 54.31, 55.58) is None  # prints as 54.9, 54.3 and 55.6
    True
    >>> symmetric_margin(1.2, 1.18, 1.22) is None  # narrower than the display precision
    True
    """
    if any(_is_missing(v) for v in (value, lower, upper)):
        return None
    centre, low, high = (round_half_away(v, places) for v in (value, lower, upper))
    if not (low.is_finite() and high.is_finite()):
        return None
    # An interval narrower than the display precision has no margin to print ("± 0.0"
    # would read as no uncertainty); the limits say it instead.
    if centre - low == 0:
        return None
    return centre - low if centre - low == high - centre else None


def _level(confidence: Any) -> str:
    """What follows a bare ±: nothing at 95% (a bare ± is read as a 95% margin, as
    published), the level otherwise."""
    return "" if math.isclose(float(confidence), DEFAULT_CONFIDENCE) else \
        f", {confidence_label(confidence)}"


def _bracket(value: Any, lower: Any, upper: Any, *, unit: str | None, confidence: Any,
             places: int, margin: Any, limits_only: bool) -> str:
    """The interval in brackets at `places` (already chosen by `interval_places`)."""
    if margin is not None and not _is_missing(margin):
        return f"(± {with_unit(number(margin, places), _margin_unit(unit))}" \
               f"{_level(confidence)})"
    if _is_missing(lower) or _is_missing(upper):
        return ""
    half = None if limits_only else symmetric_margin(value, lower, upper, places)
    if half is not None:
        return f"(± {with_unit(number(half, places), _margin_unit(unit))}" \
               f"{_level(confidence)})"
    return (f"({confidence_label(confidence)} {number(lower, places)} to "
            f"{number(upper, places)})")


def _shown_places(lower: Any, upper: Any, places: int, margin: Any) -> int:
    """`interval_places`, except for a published margin, printed as it is."""
    if margin is not None and not _is_missing(margin):
        return places
    return interval_places(lower, upper, places)


def interval(value: Any, lower: Any, upper: Any, *, unit: str | None = None,
             confidence: Any = 0.95, places: int = PLACES, margin: Any = None) -> str:
    """The interval in brackets: ``(± 1.3 percent)`` or ``(95% CI 86.8 to 89.4)``.

    Parameters
    ----------
    value, lower, upper : float
        Point estimate and limits, in the unit of the text.
    unit : str, optional
        ``percent``, ``percentage points``, ``per 1,000 population``, …
    confidence : float
        Two-sided level of the interval, for the ``95% CI`` label.
    places : int
        Decimal places; more when the limits would print as the same number
        (`interval_places`), and then the limits are printed, never a margin.
    margin : float, optional
        A published symmetric margin (a survey's ± 1.3): printed as it is.

    Examples
    --------
    >>> interval(88.1, 86.8, 89.4, unit="percent")
    '(± 1.3 percent)'
    >>> interval(88.2, 86.8, 89.4, unit="percent")
    '(95% CI 86.8 to 89.4)'
    >>> interval(88.1, 86.8, 89.4, unit="percent", confidence=0.998)
    '(± 1.3 percent, 99.8% CI)'
    >>> interval(8.47, 8.4512, 8.4968, unit="percent")
    '(95% CI 8.45 to 8.50)'
    >>> interval(2.5, float("nan"), float("nan"))
    ''
    """
    shown = _shown_places(lower, upper, places, margin)
    return _bracket(value, lower, upper, unit=unit, confidence=confidence, places=shown,
                    margin=margin, limits_only=shown > places)


def value_with_interval(value: Any, lower: Any = None, upper: Any = None, *,
                        unit: str | None = None, confidence: Any = 0.95,
                        places: int = PLACES, margin: Any = None) -> str:
    """A value, its unit and its interval: ``88.1 percent (± 1.3 percent)``.

    The value has the decimal places of its limits (`interval_places`).

    >>> value_with_interval(54.94, 54.31, 55.58, unit="per 1,000 population")
    '54.9 per 1,000 population (95% CI 54.3 to 55.6)'
    >>> value_with_interval(8.4731, 8.4512, 8.4968, unit="percent")
    '8.47 percent (95% CI 8.45 to 8.50)'
    >>> value_with_interval(60.7, unit="per 1,000 population")
    '60.7 per 1,000 population'
    """
    if _is_missing(value):
        return with_unit(number(value, places), unit)
    shown = _shown_places(lower, upper, places, margin)
    text = with_unit(number(value, shown), unit)
    bracket = _bracket(value, lower, upper, unit=unit, confidence=confidence, places=shown,
                       margin=margin, limits_only=shown > places)
    return f"{text} {bracket}" if bracket else text


# --- verdicts and changes ---------------------------------------------------------------

def verdict_phrase(verdict: str) -> str:
    """``higher than``, ``lower than``, ``broadly in line with``.

    >>> verdict_phrase("similar")
    'broadly in line with'
    """
    try:
        return _VERDICT_PHRASES[verdict]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in _VERDICT_PHRASES)
        raise ValueError(f"unknown verdict {verdict!r}; choose one of: {valid}") from None


def verdict_word(verdict: str) -> str:
    """A verdict as a table shows it, in the sentence's words: ``broadly in line``.

    >>> verdict_word("higher"), verdict_word("similar"), verdict_word("")
    ('higher', 'broadly in line', 'not compared')
    """
    return verdict_phrase(verdict).removesuffix(" than").removesuffix(" with")


_POSITION_PHRASES = {"above": "above the range expected", "below": "below the range expected",
                     "within": "within the range expected", "": ""}
#: What a position is measured against, as a sentence and a report's notes say it.
FUNNEL_NAME = "funnel adjusted for over-dispersion"


def position_word(position: str) -> str:
    """Where a figure stands among the forces, in words: ``within the range expected``.

    >>> position_word("above"), position_word("")
    ('above the range expected', '')
    """
    try:
        return _POSITION_PHRASES[position]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in _POSITION_PHRASES)
        raise ValueError(f"unknown position {position!r}; choose one of: {valid}") from None


def position_clause(position: str, among: str) -> str:
    """The clause that says where a figure stands among the forces.

    >>> position_clause("within", "the 42 forces with a count")
    'among the 42 forces with a count it is within the range expected (funnel adjusted for over-dispersion)'
    """
    return f"among {among} it is {position_word(position)} ({FUNNEL_NAME})"


def _article(text: str) -> str:
    """``an`` before a number read with a vowel sound (8, 11, 18, 80-89, 800, 11,000)."""
    leading = text.split(",")[0].split(".")[0]
    return "an" if leading.startswith("8") or leading in ("11", "18") else "a"


def change(percent_change: Any, places: int = 0, *, each: str = "") -> str:
    """A percent change as a noun phrase: ``a 22 percent reduction``, ``a 5 percent increase``.

    Whole percent by default, as inspection reports write it. `each` follows the noun
    for a change per unit of time (``a year``: the annual percent change of a trend).

    >>> change(-21.9), change(5), change(8.4), change(-11), change(0.2)
    ('a 22 percent reduction', 'a 5 percent increase', 'an 8 percent increase', 'an 11 percent reduction', 'no change')
    >>> change(9.12, places=1, each=PER_YEAR)
    'a 9.1 percent increase a year'

    An infinite percent change is an increase from 0, which has no percentage:

    >>> change(float("inf"))
    'an increase from 0'
    """
    if _is_missing(percent_change):
        return "a change that is not available"
    decimal = round_half_away(percent_change, places)
    if decimal.is_infinite():
        # after / before - 1 is infinite only when `before` is 0 (a rise from nothing);
        # it can never be -infinity (a fall is at most 100 percent).
        if decimal < 0:
            raise ValueError(f"a percent change cannot be below -100, got {percent_change!r}")
        return _with_each(INCREASE_FROM_ZERO, each)
    if decimal == 0:
        return "no change"
    text = number(abs(decimal), places)
    noun = "reduction" if decimal < 0 else "increase"
    return _with_each(f"{_article(text)} {text} percent {noun}", each)


def change_interval(percent_change: Any, lower: Any, upper: Any, *,
                    confidence: Any = 0.95, places: int = PLACES) -> str:
    """The interval of a percent change, read in the direction of the change.

    Never a ±: after a percent, ``± 1.7 percent`` could be read as percentage points or
    as a relative margin. The limits are given as

    - the sizes of the fall, smaller first, when the change and both limits are falls:
      ``fell by 21.9 percent (95% CI 21.1 to 22.8)``, ``a 21.9 percent reduction (95% CI
      21.1 to 22.8)``;
    - the sizes of the rise when the change and both limits are rises: ``rose by 39.8
      percent (95% CI 38.1 to 41.5)``;
    - otherwise (an interval that spans no change, or a change that rounds to none),
      as signed percentages, a fall with a minus and a rise with a plus:
      ``(95% CI -5.1 to +1.2)`` (short enough for a sentence that pastes).

    The places are those of `interval_places`; a limit that rounds to zero reads as a
    fall or a rise of 0.0 in the first two forms and as ``no change`` in the third.

    Parameters
    ----------
    percent_change, lower, upper : float
        The percent change and its limits (signed: -21.9 for a fall).
    confidence : float
        Two-sided level, for the ``95% CI`` label.
    places : int
        Display precision, before `interval_places`.

    Returns
    -------
    str
        The bracket, or an empty string when a limit or the change is missing.

    Examples
    --------
    >>> change_interval(-21.92, -22.76, -21.07), change_interval(39.79, 38.13, 41.47)
    ('(95% CI 21.1 to 22.8)', '(95% CI 38.1 to 41.5)')
    >>> change_interval(-2.0, -5.1, 1.2)
    '(95% CI -5.1 to +1.2)'
    >>> change_interval(8.47, 8.4512, 8.4968, confidence=0.998)
    '(99.8% CI 8.45 to 8.50)'
    >>> change_interval(float("inf"), -58.7, float("inf"))
    '(95% CI from a 58.7 percent reduction, with no upper limit)'
    """
    if any(_is_missing(v) for v in (percent_change, lower, upper)):
        return ""
    shown = interval_places(lower, upper, places)
    label = confidence_label(confidence)
    centre = round_half_away(percent_change, shown)
    low, high = round_half_away(lower, shown), round_half_away(upper, shown)
    if high.is_infinite():
        # No upper limit (a rise from 0, or an exact limit at a tail beyond floats).
        if low.is_infinite():
            return f"({label} with no limits)"
        return f"({label} from {change(lower, shown)}, with no upper limit)"
    if centre < 0 and high <= 0:
        return f"({label} {number(-high, shown)} to {number(-low, shown)})"
    if centre > 0 and low >= 0:
        return f"({label} {number(low, shown)} to {number(high, shown)})"
    return f"({label} {_signed(low)} to {_signed(high)})"


def _signed(value: Decimal) -> str:
    """A rounded percent change with its sign: ``-5.1``, ``+1.2``, ``0.0``."""
    text = number(abs(value), -value.as_tuple().exponent)
    return text if value == 0 else ("-" if value < 0 else "+") + text


def change_with_interval(percent_change: Any, lower: Any = None, upper: Any = None, *,
                         confidence: Any = 0.95, places: int = PLACES,
                         each: str = "") -> str:
    """A percent change and its interval as a noun phrase, for a table's value column.

    ``a 39.8 percent increase (95% CI 38.1 to 41.5)``; the change has the places of its
    limits (`interval_places`); see `change_interval` for the limits. A missing change
    is ``not available``.

    >>> change_with_interval(39.79, 38.13, 41.47)
    'a 39.8 percent increase (95% CI 38.1 to 41.5)'
    >>> change_with_interval(-21.92, -22.76, -21.07)
    'a 21.9 percent reduction (95% CI 21.1 to 22.8)'
    >>> change_with_interval(9.12, 2.71, 15.94, each=PER_YEAR)
    'a 9.1 percent increase a year (95% CI 2.7 to 15.9)'
    >>> change_with_interval(8.7), change_with_interval(float("nan"))
    ('an 8.7 percent increase', 'not available')
    """
    if _is_missing(percent_change):
        return "not available"
    shown = interval_places(lower, upper, places)
    text = change(percent_change, shown, each=each)
    bracket = change_interval(percent_change, lower, upper, confidence=confidence,
                              places=places)
    return f"{text} {bracket}" if bracket else text


def change_verb(percent_change: Any, places: int = PLACES, *, each: str = "") -> str:
    """A percent change as a verb phrase: ``fell by 21.9 percent``, ``rose by 5.0 percent``.

    `each` follows the percentage for a change per unit of time (``a year``: the annual
    percent change of a trend).

    >>> change_verb(-21.93), change_verb(5), change_verb(0.01)
    ('fell by 21.9 percent', 'rose by 5.0 percent', 'did not change')
    >>> change_verb(-4.24, each=PER_YEAR)
    'fell by 4.2 percent a year'
    """
    if _is_missing(percent_change):
        return "changed by an amount that is not available"
    decimal = round_half_away(percent_change, places)
    if decimal == 0:
        return "did not change"
    verb = "fell" if decimal < 0 else "rose"
    return f"{verb} by {_with_each(percent(abs(decimal), places), each)}"


def _with_each(text: str, each: str) -> str:
    return f"{text} {each}" if each else text


def change_span(since: str, until: str | None = None) -> str:
    """The periods a change runs between: ``from YE Jun 2010 to YE Jun 2014``.

    >>> change_span("2010-06", "2014-06"), change_span("2010-06")
    ('from YE Jun 2010 to YE Jun 2014', 'since YE Jun 2010')
    """
    if until is None:
        return f"since {period(since)}"
    return f"from {period(since)} to {period(until)}"


def change_comparison(percent_change: Any, comparator_change: Any, verdict: str,
                      comparator_name: str = "England and Wales",
                      places: int = PLACES, interval_text: str = "", *, span: str = "",
                      each: str = "") -> str:
    """A change against a comparator's change, with what the statistics support.

    `verdict` is the verdict of the comparison of the two changes (`similar` when the
    difference is not statistically significant). `interval_text`, if given, follows
    the first change (``(95% CI -24.6 to -19.0)``), then `span` (``from YE Jun 2010 to
    YE Jun 2014``, see `change_span`). `each` (``a year``) follows both percentages of
    a change per unit of time.

    >>> change_comparison(-21.9, -16.3, "lower")
    'fell by 21.9 percent, compared with 16.3 percent across England and Wales; the difference is statistically significant'
    >>> change_comparison(-2.0, 3.0, "similar", "all forces")
    'fell by 2.0 percent, compared with a rise of 3.0 percent across all forces; the two changes are broadly in line'
    >>> change_comparison(-4.2, -3.1, "similar", span=change_span("2010-06", "2014-06"),
    ...                   each=PER_YEAR)
    'fell by 4.2 percent a year from YE Jun 2010 to YE Jun 2014, compared with 3.1 percent a year across England and Wales; the two changes are broadly in line'
    """
    first = change_verb(percent_change, places, each=each)
    if interval_text:
        first += f" {interval_text}"
    if span:
        first += f" {span}"
    other = round_half_away(comparator_change, places) if not _is_missing(
        comparator_change) else None
    own = round_half_away(percent_change, places) if not _is_missing(percent_change) else None
    if other is None:
        theirs = "a change that is not available"
    elif other == 0:
        theirs = "no change"
    elif own is not None and own != 0 and (own < 0) == (other < 0):
        theirs = _with_each(percent(abs(other), places), each)
    else:
        theirs = (f"{'a fall' if other < 0 else 'a rise'} of "
                  f"{_with_each(percent(abs(other), places), each)}")
    verdict_phrase(verdict)  # validates the verdict
    if verdict in ("higher", "lower"):
        finding = "the difference is statistically significant"
    elif verdict == "similar":
        finding = "the two changes are broadly in line"
    else:
        finding = "the difference could not be tested"
    return f"{first}, compared with {theirs} across {comparator_name}; {finding}"


def times_as_likely(value: Any, lower: Any = None, upper: Any = None, *, group: str,
                    reference: str, action: str, confidence: Any = 0.95,
                    places: int = PLACES) -> str:
    """A rate ratio between two groups of people, as the Home Office words it.

    ``Black people were 9.7 times as likely as White people to be stopped and searched
    (95% CI 9.6 to 9.8)``: the ratio to one decimal place, as the stop and search
    bulletins print it, with the interval of the ratio (always as limits: a ratio's
    interval is not symmetric).

    >>> times_as_likely(6.58, 6.41, 6.77, group="Black people", reference="White people",
    ...                 action="stopped and searched")
    'Black people were 6.6 times as likely as White people to be stopped and searched (95% CI 6.4 to 6.8)'
    >>> times_as_likely(float("nan"), group="Black people", reference="White people",
    ...                 action="stopped and searched")
    'how likely Black people were to be stopped and searched, against White people, is not available'
    """
    if _is_missing(value):
        return (f"how likely {group} were to be {action}, against {reference}, is not "
                f"available")
    text = f"{group} were {number(value, places)} times as likely as {reference} to be {action}"
    if _is_missing(lower) or _is_missing(upper):
        return text
    return (f"{text} ({confidence_label(confidence)} {number(lower, places)} to "
            f"{number(upper, places)})")


def as_sentence(text: str) -> str:
    """`text` as a sentence: capital first letter, one full stop at the end.

    >>> as_sentence("the burglary categories changed on 1 April 2017")
    'The burglary categories changed on 1 April 2017.'
    """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def sentences(notes: Any) -> str | None:
    """Notes as sentences, one after the other (`as_sentence`); None when there are none.

    Empty and None notes are left out, so a caller can list a note that may not apply.

    >>> sentences(["the count includes negative adjustments", None, ""])
    'The count includes negative adjustments.'
    >>> sentences([]) is None
    True
    """
    return " ".join(as_sentence(note) for note in notes if note) or None


# --- results ----------------------------------------------------------------------------

def _elements(result: Any) -> list[dict[str, Any]]:
    """The broadcast elements of a result, each as a dict of plain values."""
    names = [f.name for f in fields(result)]
    # Labelled fields (pandas Series of a labelled call) are worded element by element.
    values = {name: np.asarray(v.to_numpy()) if hasattr(v, "to_numpy") else v
              for name, v in ((name, getattr(result, name)) for name in names)}
    arrays = {name: v for name, v in values.items() if isinstance(v, np.ndarray)}
    if not arrays:
        return [values]
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    flat = {name: np.broadcast_to(a, shape).reshape(-1) for name, a in arrays.items()}
    size = int(np.prod(shape))
    return [{**values, **{name: a[i] for name, a in flat.items()}} for i in range(size)]


def _whole(value: Any) -> bool:
    try:
        return not _is_missing(value) and float(value) == int(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def estimate_text(element: dict[str, Any], unit: str | None = None) -> str:
    """Text for one element of an `Estimate` (a dict of its fields)."""
    kind = element.get("kind", "value")
    confidence = element["confidence"]
    value, lower, upper = element["value"], element["lower"], element["upper"]
    if kind in ("proportion", "survey"):
        scaled = [None if _is_missing(v) else _decimal(v) * 100 for v in (value, lower, upper)]
        margin = element.get("margin")
        margin = None if _is_missing(margin) else _decimal(margin) * 100
        x, n = element.get("x"), element.get("n")
        if kind == "proportion" and _whole(x) and _whole(n) and 0 < float(n) < SMALL_SAMPLE:
            # A small sample reads best as whole cases, with the percent and interval after.
            bracket = interval(*scaled, unit=PERCENT, confidence=confidence, margin=margin)
            separator = " " if bracket.startswith("(±") else ", "
            inner = percent(scaled[0]) + (separator + bracket[1:-1] if bracket else "")
            return f"{out_of(x, n)} ({inner})"
        return value_with_interval(*scaled, unit=unit or PERCENT, confidence=confidence,
                                   margin=margin)
    if kind == "rate":
        per = element.get("per")
        return value_with_interval(value, lower, upper, confidence=confidence,
                                   unit=unit or rate_unit(per if per is not None else 1000))
    if kind == "percent_change":
        return change_with_interval(value, lower, upper, confidence=confidence,
                                    each=PER_YEAR if unit == PERCENT_A_YEAR else "")
    places = RATIO_PLACES if kind == "ratio" else PLACES
    return value_with_interval(value, lower, upper, unit=unit, confidence=confidence,
                               places=places)


def comparison_text(element: dict[str, Any], unit: str | None = None) -> str:
    """Text for one element of a `Comparison` (a dict of its fields)."""
    verdict = element["verdict"]
    label = "broadly in line" if verdict == "similar" else (verdict or "not compared")
    value, lower, upper = element["value"], element["lower"], element["upper"]
    first = element.get("estimate1")
    kind = getattr(first, "kind", None)
    if element.get("measure") == "ratio":
        what = "ratio"
        body = value_with_interval(value, lower, upper, confidence=element["confidence"],
                                   places=RATIO_PLACES)
    else:
        what = "difference"
        if kind in ("proportion", "survey") and unit is None:
            value, lower, upper = (None if _is_missing(v) else _decimal(v) * 100
                                   for v in (value, lower, upper))
            unit = PERCENTAGE_POINTS
        body = value_with_interval(value, lower, upper, unit=unit,
                                   confidence=element["confidence"])
    return f"{label}: {what} {body}, {p_value(element['p_value'])}"


def describe(result: Any, *, unit: str | None = None) -> str:
    """Citation-style text for an `Estimate` or a `Comparison`; one line per element.

    Parameters
    ----------
    result : Estimate or Comparison
    unit : str, optional
        Overrides the unit implied by the result's kind, e.g. ``per 1,000 households``.

    Examples
    --------
    >>> from peelstats.stats import Comparison, Estimate
    >>> print(Estimate(0.881, 0.868, 0.894, 0.95, "survey", kind="survey", margin=0.013))
    88.1 percent (± 1.3 percent)
    >>> print(Estimate(54.94, 54.31, 55.58, 0.95, "byar", kind="rate", per=1000))
    54.9 per 1,000 population (95% CI 54.3 to 55.6)
    >>> print(Estimate(0.85, 0.73885, 0.91903, 0.95, "wilson", kind="proportion", x=51, n=60))
    51 out of 60 (85.0 percent, 95% CI 73.9 to 91.9)
    >>> print(Comparison(0.031, 0.0177, 0.0453, 1e-5, "higher", 0.95, "survey",
    ...       estimate1=Estimate(0.881, 0.868, 0.894, 0.95, "survey", kind="survey")))
    higher: difference 3.1 percentage points (95% CI 1.8 to 4.5), p < 0.001
    """
    # Read by fields, not by type, so that this module needs no result classes: a
    # comparison carries a verdict and a p-value, an estimate a value and its limits.
    names = {f.name for f in fields(result)} if is_dataclass(result) else set()
    if {"verdict", "p_value", "value", "lower", "upper"} <= names:
        render = comparison_text
    elif {"value", "lower", "upper", "confidence"} <= names:
        render = estimate_text
    else:
        raise ValueError(f"describe needs an Estimate or a Comparison, got {type(result).__name__}")
    return "\n".join(render(element, unit) for element in _elements(result))


__all__ = [
    "DEFAULT_CONFIDENCE",
    "INCREASE_FROM_ZERO",
    "PERCENT",
    "PERCENTAGE_POINTS",
    "MAX_PLACES",
    "PERCENT_A_YEAR",
    "PER_YEAR",
    "PLACES",
    "RATIO_PLACES",
    "SMALL_SAMPLE",
    "as_sentence",
    "change",
    "change_comparison",
    "change_interval",
    "change_span",
    "change_verb",
    "change_with_interval",
    "comparison_text",
    "confidence_label",
    "count",
    "describe",
    "estimate_text",
    "interval",
    "interval_places",
    "number",
    "ordinal",
    "out_of",
    "p_value",
    "percent",
    "month",
    "period",
    "rank",
    "rate_unit",
    "round_half_away",
    "rounded",
    "sentences",
    "symmetric_margin",
    "times_as_likely",
    "value_with_interval",
    "verdict_phrase",
    "with_unit",
    "verdict_word",
    "position_word",
    "position_clause",
    "FUNNEL_NAME",
]
