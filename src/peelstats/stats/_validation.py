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

#: The largest count accepted: 2^53, the last whole number a float holds exactly. Beyond
#: it a count is not a count any more (n + 1 == n), and the beta and gamma quantiles of the
#: exact methods lose their meaning.
MAX_COUNT = 2.0 ** 53


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


class Labels:
    """The labels that the labelled inputs of a call share (a pandas index, and columns).

    Made by `align`; `apply` gives a result the same labels (a Series in gives fields that
    are Series with that index), `rows` names rows in validation messages.
    """

    def __init__(self, reference: Any = None) -> None:
        self.index = None if reference is None else reference.index
        self.columns = getattr(reference, "columns", None)

    def __bool__(self) -> bool:
        return self.index is not None

    @property
    def shape(self) -> tuple[int, ...]:
        if self.index is None:
            return ()
        return (len(self.index),) if self.columns is None else (len(self.index),
                                                                 len(self.columns))

    @property
    def rows(self) -> list[str] | None:
        """The row labels as text for messages (one-dimensional inputs only)."""
        if self.index is None or self.columns is not None:
            return None
        return [" / ".join(str(level) for level in label) if isinstance(label, tuple)
                else str(label) for label in self.index]

    def label(self, values: Any, name: str | None = None) -> Any:
        """`values` as a Series (DataFrame) with these labels when it has their shape."""
        import pandas as pd

        if self.index is None or not isinstance(values, np.ndarray) \
                or values.shape != self.shape:
            return values
        if self.columns is None:
            return pd.Series(values, index=self.index, name=name)
        return pd.DataFrame(values, index=self.index, columns=self.columns)

    def apply(self, result: Any) -> Any:
        """A copy of a result dataclass whose array fields of the labelled shape carry the
        labels, nested results (`estimate1`, `estimate2`) included."""
        from dataclasses import fields, is_dataclass, replace

        if self.index is None or not is_dataclass(result):
            return result
        changes = {}
        for f in fields(result):
            value = getattr(result, f.name)
            if is_dataclass(value):
                changes[f.name] = self.apply(value)
            elif isinstance(value, np.ndarray) and value.shape == self.shape:
                changes[f.name] = self.label(value, f.name)
        return replace(result, **changes)


def _describe_labels(labels: Any) -> str:
    shown = ", ".join(repr(label) for label in list(labels)[:_MAX_LISTED])
    more = len(labels) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def align(**inputs: Any) -> tuple[Labels, list[Any]]:
    """Pair the inputs of a vectorised call by label, never silently by position.

    Labelled inputs (pandas Series, or DataFrames) must carry the same labels: in another
    order they are reordered to the first one's, with labels that differ (one missing,
    one extra, duplicates that cannot be matched) the call is refused, naming the inputs
    and the labels. Unlabelled inputs (numbers, lists, arrays) broadcast like numpy; all
    inputs must broadcast together, or the error names each input and its shape. Inputs
    that are None are passed through.

    Returns the `Labels` shared by the labelled inputs (empty when there are none) and the
    inputs in their given order, labelled ones as numpy arrays in the labels' order.

    >>> import pandas as pd
    >>> labels, (count, denominator) = align(
    ...     count=pd.Series([549, 600], index=["Kent", "Essex"]),
    ...     denominator=pd.Series([10_000, 12_000], index=["Essex", "Kent"]))
    >>> list(labels.index), count.tolist(), denominator.tolist()
    (['Kent', 'Essex'], [549, 600], [12000, 10000])
    >>> align(count=pd.Series([1, 2], index=["Kent", "Essex"]),
    ...       denominator=pd.Series([10, 20], index=["Kent", "Surrey"]))
    Traceback (most recent call last):
    ...
    ValueError: count and denominator are labelled differently and cannot be paired by label: in count only: 'Essex'; in denominator only: 'Surrey'
    >>> align(count=[1, 2, 3], denominator=[10, 20])
    Traceback (most recent call last):
    ...
    ValueError: count (3 values) and denominator (2 values) cannot be paired: give them the same length, or one value for all
    """
    import pandas as pd

    labelled = [(name, value) for name, value in inputs.items()
                if isinstance(value, (pd.Series, pd.DataFrame))]
    out = dict(inputs)
    labels = Labels()
    if labelled:
        first_name, first = labelled[0]
        labels = Labels(first)
        for name, value in labelled:
            if isinstance(value, pd.Series) != isinstance(first, pd.Series):
                raise ValueError(f"{first_name} is a {type(first).__name__} and {name} a "
                                 f"{type(value).__name__}: give both as Series or both "
                                 f"as DataFrames, so that they are paired by label")
            axes = [("index", first.index, value.index)]
            if isinstance(value, pd.DataFrame):
                axes.append(("columns", first.columns, value.columns))
            for axis, mine, theirs in axes:
                if mine.equals(theirs):
                    continue
                unique = mine.is_unique and theirs.is_unique
                if unique and len(mine) == len(theirs) and set(mine) == set(theirs):
                    value = value.reindex(**{axis: mine})
                    continue
                only_first = [label for label in mine if label not in set(theirs)]
                only_this = [label for label in theirs if label not in set(mine)]
                parts = []
                if only_first:
                    parts.append(f"in {first_name} only: {_describe_labels(only_first)}")
                if only_this:
                    parts.append(f"in {name} only: {_describe_labels(only_this)}")
                if not parts:
                    parts.append("a label is repeated, so rows cannot be matched")
                where = "" if axis == "index" else f" ({axis})"
                raise ValueError(f"{first_name} and {name} are labelled differently"
                                 f"{where} and cannot be paired by label: "
                                 + "; ".join(parts))
            out[name] = value.to_numpy()
    shapes = {name: np.shape(value) for name, value in out.items() if value is not None}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        def size(shape: tuple[int, ...]) -> str:
            if len(shape) == 1:
                return f"{shape[0]} value" + ("" if shape[0] == 1 else "s")
            return f"shape {shape}"
        named = [f"{name} ({size(shape)})" for name, shape in shapes.items() if shape]
        raise ValueError(f"{', '.join(named[:-1])} and {named[-1]} cannot be paired: give "
                         f"them the same length, or one value for all") from None
    return labels, list(out.values())


def check_not_fraction(name: str, values: np.ndarray, n_name: str, n: np.ndarray,
                       labels: Sequence[Any] | None = None) -> None:
    """Raise where a count of successes looks like a proportion: 0 < x < 1 with n > 1.

    A count of successes strictly between 0 and 1 out of more than one trial is what a
    proportion typed where its count belongs looks like (``proportion(0.85, 60)``, meant as
    51 of 60). It is refused with the count it may stand for. Whole counts, 0, and
    effective counts of one or more are untouched.

    >>> check_not_fraction("x", np.array([51.0, 0.85]), "n", np.array([60.0, 60.0]))
    Traceback (most recent call last):
    ...
    ValueError: x (0.85) is between 0 and 1 with n (60): x is a count of successes, not a proportion; for a published proportion and margin use survey_proportion, or give the count x = p × n (0.85 × 60 = 51) at position 1
    """
    values, n = np.broadcast_arrays(np.asarray(values, float), np.asarray(n, float))
    bad = (values > 0) & (values < 1) & (n > 1)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is between 0 and 1 with {n_name} "
           f"({_fmt(n[pos])}): {name} is a count of successes, not a proportion; for a "
           f"published proportion and margin use survey_proportion, or give the count "
           f"{name} = p × {n_name} ({_fmt(values[pos])} × {_fmt(n[pos])} = "
           f"{_fmt(values[pos] * n[pos])})", labels)


def check_margin_scale(values: np.ndarray, labels: Sequence[Any] | None = None) -> None:
    """Raise where a survey margin is above 1, the scale of a proportion as a fraction.

    Such a margin is one in percent (1.3 for "± 1.3 percent") beside a value given as a
    fraction; the message gives the fraction it stands for.

    >>> check_margin_scale(np.array([0.013, 1.3]))
    Traceback (most recent call last):
    ...
    ValueError: margin (1.3) is above 1, the scale of a proportion given as a fraction: give the margin as a fraction too (0.013 for ± 1.3 percent) at position 1
    """
    values = np.asarray(values, dtype=float)
    bad = values > 1.0
    _raise(bad, lambda pos: f"margin ({_fmt(values[pos])}) is above 1, the scale of a "
           f"proportion given as a fraction: give the margin as a fraction too "
           f"({_fmt(values[pos] / 100)} for ± {_fmt(values[pos])} percent)", labels)


def check_nonzero(name: str, values: np.ndarray, labels: Sequence[Any] | None = None, *,
                  why: str) -> None:
    """Raise where a value is 0 and the method cannot take it, saying `why`.

    >>> check_nonzero("count1", np.array([3.0, 0.0]), why="has no log")
    Traceback (most recent call last):
    ...
    ValueError: count1 (0): has no log at position 1
    """
    values = np.asarray(values, dtype=float)
    _raise(values == 0, lambda pos: f"{name} (0): {why}", labels)


def check_not_huge(name: str, values: np.ndarray, labels: Sequence[Any] | None = None) -> None:
    """Raise where a finite count (of events, successes or trials) is above `MAX_COUNT`.

    >>> check_not_huge("count", np.array([10.0, 1e300]))
    Traceback (most recent call last):
    ...
    ValueError: count (1e+300) is above 2^53 (9,007,199,254,740,992), the largest count a float holds exactly at position 1
    """
    values = np.asarray(values, dtype=float)
    bad = np.isfinite(values) & (values > MAX_COUNT)
    _raise(bad, lambda pos: f"{name} ({_fmt(values[pos])}) is above 2^53 "
           f"({MAX_COUNT:,.0f}), the largest count a float holds exactly", labels)
