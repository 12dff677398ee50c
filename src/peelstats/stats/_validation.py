"""Validation at the public boundary: one place for the checks and their messages.

Every check collects all offending positions before raising, names the argument, the
value and the position (or the caller's row label), and ignores NaN: NaN in gives NaN out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Callable, TypeVar

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])

_MAX_LISTED = 10


def check_confidence(confidence: float) -> float:
    """Return `confidence` as a float in (0, 1), or raise a ValueError that says why.

    >>> check_confidence(0.95)
    0.95
    >>> check_confidence(95)
    Traceback (most recent call last):
    ...
    ValueError: confidence must be a fraction in (0, 1), got 95; did you mean 0.95?
    """
    try:
        value = float(confidence)
    except (TypeError, ValueError):
        raise ValueError(f"confidence must be a number in (0, 1), got {confidence!r}") from None
    if not 0.0 < value < 1.0:
        hint = f"; did you mean {value / 100:g}?" if 1.0 < value < 100.0 else ""
        raise ValueError(f"confidence must be a fraction in (0, 1), got {confidence!r}{hint}")
    return value


def choose(name: str, table: Mapping[str, F], what: str = "method") -> F:
    """Look `name` up in a closed table of named choices; an unknown name lists the valid ones.

    >>> choose("b", {"a": 1, "b": 2})
    2
    >>> choose("c", {"a": 1, "b": 2})
    Traceback (most recent call last):
    ...
    ValueError: unknown method 'c'; choose one of: 'a', 'b'

    A choice written in words or capitals points to its identifier:

    >>> choose("Higher is better", {"higher_is_better": 1, "lower_is_better": 2}, "polarity")
    Traceback (most recent call last):
    ...
    ValueError: unknown polarity 'Higher is better'; did you mean 'higher_is_better'? choose one of: 'higher_is_better', 'lower_is_better'
    """
    try:
        return table[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in table)
        meant = _identifier_meant(name, table)
        hint = f"; did you mean {meant!r}?" if meant is not None else ";"
        raise ValueError(f"unknown {what} {name!r}{hint} choose one of: {valid}") from None


def _identifier_meant(name: object, table: Mapping[str, Any]) -> str | None:
    """The key of `table` that `name` spells in words ("higher is better", "Wilson",
    "E-test"), or None."""
    if not isinstance(name, str):
        return None
    words = "_".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())
    for key in table:
        if isinstance(key, str) and (key == words or key.replace("_", "") ==
                                     words.replace("_", "")):
            return key
    return None


def as_float_array(name: str, values: Any) -> np.ndarray:
    """Convert `values` to a float array, naming the argument if it is not numeric.

    None becomes NaN (a missing value), as pandas does.
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {values!r}") from None
    return array


def _where(mask: np.ndarray, labels: Sequence[Any] | None) -> list[str]:
    positions = np.argwhere(mask)
    places = []
    for pos in positions[:_MAX_LISTED]:
        index = tuple(int(i) for i in pos)
        if labels is not None and len(index) == 1:
            places.append(str(labels[index[0]]))
        elif len(index) == 0:
            places.append("")
        else:
            places.append(f"position {index[0] if len(index) == 1 else index}")
    return places


def _raise(mask: np.ndarray, describe: Callable[[tuple[int, ...]], str],
           labels: Sequence[Any] | None) -> None:
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    positions = [tuple(int(i) for i in pos) for pos in np.argwhere(mask)]
    places = _where(mask, labels)
    parts = [describe(pos) + (f" at {place}" if place else "")
             for pos, place in zip(positions, places)]
    more = len(positions) - len(parts)
    message = "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
    raise ValueError(message)


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_nonnegative(name: str, values: np.ndarray,
                      labels: Sequence[Any] | None = None) -> None:
    """Raise if any non-NaN value is negative, naming each bad value and its position.

    >>> check_nonnegative("count", np.array([3.0, -1.0, np.nan]))
    Traceback (most recent call last):
    ...
    ValueError: count (-1) is negative at position 1
    """
    values = np.asarray(values, dtype=float)
    bad = values < 0
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is negative", labels)


def check_positive(name: str, values: np.ndarray,
                   labels: Sequence[Any] | None = None) -> None:
    """Raise if any non-NaN value is zero or negative."""
    values = np.asarray(values, dtype=float)
    bad = values <= 0
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) must be positive", labels)


def check_finite_or_nan(name: str, values: np.ndarray,
                        labels: Sequence[Any] | None = None) -> None:
    """Raise on infinite values (NaN is allowed and propagates)."""
    values = np.asarray(values, dtype=float)
    bad = np.isinf(values)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is not finite", labels)


def check_not_above(name: str, values: np.ndarray, limit_name: str, limits: np.ndarray,
                    labels: Sequence[Any] | None = None) -> None:
    """Raise where `values` exceeds `limits` (after broadcasting), e.g. x above n.

    >>> check_not_above("x", np.array([12.0, 3.0]), "n", np.array([10.0, 5.0]),
    ...                 labels=["E23000023 / 2014-06", "E23000001 / 2014-06"])
    Traceback (most recent call last):
    ...
    ValueError: x (12) exceeds n (10) at E23000023 / 2014-06
    """
    values, limits = np.broadcast_arrays(np.asarray(values, float), np.asarray(limits, float))
    bad = values > limits
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) exceeds {limit_name} "
           f"({_fmt(limits[pos])})", labels)


def check_between(name: str, values: np.ndarray, low: float, high: float,
                  labels: Sequence[Any] | None = None) -> None:
    """Raise where a non-NaN value lies outside [low, high]."""
    values = np.asarray(values, dtype=float)
    bad = (values < low) | (values > high)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is outside [{low:g}, {high:g}]",
           labels)


def check_finite_positive(name: str, values: np.ndarray,
                          labels: Sequence[Any] | None = None) -> None:
    """Raise where a non-NaN value is zero, negative or infinite (a denominator, a multiplier).

    >>> check_finite_positive("n", np.array([10.0, 0.0, np.nan]))
    Traceback (most recent call last):
    ...
    ValueError: n (0) must be positive and finite at position 1
    """
    values = np.asarray(values, dtype=float)
    bad = ~(values > 0) & ~np.isnan(values) | np.isinf(values)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) must be positive and finite", labels)


def check_count(name: str, values: np.ndarray, labels: Sequence[Any] | None = None) -> None:
    """Raise where a non-NaN value is negative or infinite (a count of events or successes).

    >>> check_count("x", np.array([3.0, -1.0, np.inf]))
    Traceback (most recent call last):
    ...
    ValueError: x (-1) must be a finite count, zero or more at position 1; x (inf) must be a finite count, zero or more at position 2
    """
    values = np.asarray(values, dtype=float)
    bad = (values < 0) | np.isinf(values)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) must be a finite count, zero or more",
           labels)


class Problems:
    """Run several checks and raise once, with every problem found, instead of at the first.

    >>> problems = Problems()
    >>> problems.check(check_count, "x", np.array([-1.0]))
    >>> problems.check(check_finite_positive, "n", np.array([0.0]))
    >>> problems.raise_all()
    Traceback (most recent call last):
    ...
    ValueError: x (-1) must be a finite count, zero or more at position 0; n (0) must be positive and finite at position 0
    """

    def __init__(self) -> None:
        self.messages: list[str] = []

    def check(self, check: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        """Run `check(*args, **kwargs)`, keeping its ValueError message for later."""
        try:
            check(*args, **kwargs)
        except ValueError as error:
            self.messages.append(str(error))

    def raise_all(self) -> None:
        """Raise one ValueError holding every message collected, if there is any."""
        if self.messages:
            raise ValueError("; ".join(self.messages))


def check_whole(name: str, values: np.ndarray, labels: Sequence[Any] | None = None) -> None:
    """Raise where a non-NaN value is not a whole number (e.g. n of an exact binomial).

    >>> check_whole("n", np.array([10.0, 10.5]))
    Traceback (most recent call last):
    ...
    ValueError: n (10.5) is not a whole number at position 1
    """
    values = np.asarray(values, dtype=float)
    bad = np.isfinite(values) & (values != np.round(values))
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is not a whole number", labels)
