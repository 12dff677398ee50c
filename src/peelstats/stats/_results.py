"""Result types shared by every statistics module: `Estimate` and `Comparison`.

Both are frozen dataclasses whose numeric fields broadcast like numpy: scalars in give
plain Python floats out, arrays in give arrays out. They render as a one-row-per-element
table (`to_frame`, `_repr_html_`) and `str()` gives the citation-style wording, which is
owned by `peelstats._wording` (public as `peelstats.figures.wording`) so that rounding
lives in one place; that module imports nothing from peelstats.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from peelstats import _wording

Verdict = Literal["higher", "lower", "similar"]

#: What an estimate measures; `peelstats.cite` chooses its comparison from it.
Kind = Literal[
    "proportion",  # x out of n (optionally with a design effect)
    "survey",  # a published survey proportion known by value and margin
    "rate",  # count per denominator, times `per`
    "difference",  # a difference of two estimates
    "ratio",  # a ratio (rate ratio, observed / expected)
    "percent_change",  # 100 * (after / before - 1)
    "value",  # any other quantity known only by value and limits
]


def scalarise(value: Any) -> Any:
    """0-d arrays and numpy scalars become Python floats (or str); arrays stay arrays."""
    if value is None or isinstance(value, (str, _Result, pd.Series, pd.DataFrame)):
        return value  # labelled fields keep their labels (`_validation.align`)
    array = np.asarray(value)
    if array.ndim == 0:
        item = array.item()
        return float(item) if isinstance(item, (int, float, np.number)) and not isinstance(
            item, bool) else item
    return array


def verdict_from_interval(lower: Any, upper: Any, null: float) -> Any:
    """`higher` if the interval lies above `null`, `lower` if below, else `similar`.

    A NaN limit gives the empty string, so that a missing comparison is never read as
    "broadly in line".

    >>> verdict_from_interval(0.5, 2.0, 0.0)
    'higher'
    >>> verdict_from_interval(-1.0, 1.0, 0.0)
    'similar'
    """
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    verdict = np.where(lower > null, "higher", np.where(upper < null, "lower", "similar"))
    verdict = np.where(np.isnan(lower) | np.isnan(upper), "", verdict).astype(object)
    return scalarise(verdict) if verdict.ndim else str(verdict)


def _fmt(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (pd.Series, pd.DataFrame)):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=8, edgeitems=3):
            return np.array2string(value, separator=", ")
    return repr(value)


class FrameLikeDeprecated:
    """Mixin of a frozen result with a ``frame`` that replaced a DataFrame (`Funnel`,
    the disproportionality table): indexing, ``len()`` and DataFrame attributes still reach
    the frame, with a DeprecationWarning that says what to use; `FRAME_ADVICE` is that
    warning, with ``{what}`` for the use made."""

    FRAME_ADVICE: ClassVar[str]

    def _as_frame(self, what: str) -> pd.DataFrame:
        warnings.warn(self.FRAME_ADVICE.format(what=what), DeprecationWarning, stacklevel=3)
        return self.frame  # type: ignore[attr-defined]

    def __getitem__(self, key: Any) -> Any:
        return self._as_frame("indexing")[key]

    def __len__(self) -> int:
        return len(self._as_frame("len()"))

    def __getattr__(self, name: str) -> Any:
        # Only for names the result does not have; never for its own fields or dunders
        # (copy and pickle look those up before the fields exist).
        if name.startswith("__") or name in self.__dataclass_fields__:  # type: ignore[attr-defined]
            raise AttributeError(name)
        return getattr(self._as_frame(f".{name}"), name)


class _Result:
    """Behaviour shared by the result dataclasses."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            object.__setattr__(self, f.name, scalarise(getattr(self, f.name)))

    def to_frame(self) -> pd.DataFrame:
        """One row per element, one column per field (fields left as None are omitted).

        A result of labelled inputs (Series) has their labels as its index.
        """
        columns = {f.name: getattr(self, f.name) for f in fields(self)  # type: ignore[arg-type]
                   if getattr(self, f.name) is not None and f.compare}
        shape = np.broadcast_shapes(*(np.shape(v) for v in columns.values()
                                      if not isinstance(v, str)))
        size = int(np.prod(shape)) if shape else 1
        data = {name: np.broadcast_to(np.asarray(v, dtype=object if isinstance(v, str) else None),
                                      shape).reshape(size)
                for name, v in columns.items()}
        labelled = [v for v in columns.values() if isinstance(v, pd.Series)]
        index = labelled[0].index if labelled and len(labelled[0]) == size else None
        return pd.DataFrame(data, index=index)

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={_fmt(getattr(self, f.name))}"
                          for f in fields(self)  # type: ignore[arg-type]
                          if getattr(self, f.name) is not None and f.compare)
        return f"{type(self).__name__}({shown})"

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.6g}")

    def __str__(self) -> str:
        return _wording.describe(self)


@dataclass(frozen=True, repr=False)
class Estimate(_Result):
    """A point estimate with its confidence interval.

    Fields broadcast like numpy. `kind` says what is estimated, and the inputs that
    produced it are kept (`x`, `n`, `deff` for proportions; `count`, `denominator`,
    `per` for rates; `margin` and `n_effective` for published survey figures; for a ratio
    of two rates, and a change (the later period over the earlier), `count1`,
    `denominator1` of the numerator and `count2`, `denominator2` of the reference, in the
    order of `compare_rates`) so that a later comparison (`peelstats.compare`) can use
    them. The ratio's counts are not shown in the repr or the frame.
    """

    value: Any
    lower: Any
    upper: Any
    confidence: float
    method: str
    kind: Kind = "value"
    x: Any = None
    n: Any = None
    deff: Any = None
    n_effective: Any = None
    margin: Any = None
    count: Any = None
    denominator: Any = None
    per: Any = None
    count1: Any = field(default=None, compare=False)
    denominator1: Any = field(default=None, compare=False)
    count2: Any = field(default=None, compare=False)
    denominator2: Any = field(default=None, compare=False)


@dataclass(frozen=True, repr=False)
class Comparison(_Result):
    """A comparison of A with B: `value` is A − B (a difference) or A / B (a ratio).

    `verdict` is `higher`, `lower` or `similar` at the stated confidence: `higher` means
    the statistics support A above B. `null` is the value of no difference (0 or 1).
    """

    value: Any
    lower: Any
    upper: Any
    p_value: Any
    verdict: Any
    confidence: float
    method: str
    measure: Literal["difference", "ratio"] = "difference"
    null: float = 0.0
    estimate1: Any = field(default=None, compare=False)
    estimate2: Any = field(default=None, compare=False)
