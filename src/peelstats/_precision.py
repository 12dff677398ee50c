"""The precision of the floats peelstats writes for machines: 12 significant digits.

A computed float is exact only to its last bits, and those bits are not portable: BLAS
kernels (``OPENBLAS_CORETYPE``), CPUs and library builds add in different orders, so the
same trend can be 9.120560868226312 on one machine and 9.120560868226333 on another. What
tests and nbval compare byte for byte must not depend on them. So every machine-readable
float (figures.json and figures.csv, the figures payload a notebook displays, the plain-text
repr of a figure) goes through `portable` once, on its way out:

- 12 significant digits is far above what any report prints (one decimal place of a
  percentage or rate, three significant digits of a p-value) and far below the last bits
  (a double carries 15 to 17 significant digits; the kernel differences seen so far are in
  the 14th to 16th);
- it is relative, so a p-value of 4.8e-184 keeps its digits as a rate of 76.4 does;
- rounding is by Python's correctly rounded decimal conversion, the same on every platform,
  and rounding twice gives what rounding once gives.

What it cannot do: a value whose digits beyond the 12th sit within the last-bit noise of a
rounding boundary (…4999999 against …5000001) still rounds two ways. With differences in
the 14th to 16th digit that is a chance of about one in a hundred to one in ten thousand
per affected value; small, not zero, and a byte-for-byte test that fails from it shows a
difference of one unit in the 12th digit. Nor does relative rounding absorb noise about zero
(1e-17 against -3e-17 for a quantity that should be 0), nor the last bits of a subnormal
number (below 2.2e-308 in magnitude, such as the p-value 4.1e-317 of a force's crime rate
against the rest of England and Wales), which holds fewer than 12 significant digits: one
unit in its last place is 1e-7 of 4.1e-317. Such a value is written as it is.

Computation never uses it: statistics, verdicts and wording work on the unrounded values.
"""

from __future__ import annotations

from typing import Any

SIGNIFICANT_DIGITS = 12


def portable(value: Any) -> Any:
    """A float rounded to `SIGNIFICANT_DIGITS` (12) significant digits; anything else as given.

    Use it on every float written for machines, once, where it is written. NaN and the
    infinities are returned as they are (writers decide how to show them); ints, bools,
    strings and None are returned unchanged. numpy float64 scalars are floats and come back
    as Python floats.

    >>> portable(9.120560868226312), portable(9.120560868226333)
    (9.12056086823, 9.12056086823)
    >>> portable(9.120560868226312) == portable(9.120560868226333) == 9.12056086823
    True
    >>> portable(4.103406e-317), portable(-0.0052431512345678), portable(0.95)
    (4.103406e-317, -0.00524315123457, 0.95)
    >>> portable(-0.0052431512345678) == -0.00524315123457
    True
    >>> portable(549.0), portable(549), portable(True), portable("549"), portable(None)
    (549.0, 549, True, '549', None)
    >>> portable(portable(2 / 3)) == portable(2 / 3) == 0.666666666667
    True
    """
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    return value
