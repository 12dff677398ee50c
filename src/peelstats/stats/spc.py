"""Statistical process control (SPC) charts: XmR, c, p, u and run charts with their rules.

The XmR chart and its rules follow NHS England's "Making Data Count" as implemented in the
NHSRplotthedots R package (nhs-r-community/NHSRplotthedots, R/ptd_spc_standard.R and
R/ptd_calculate_point_type.R), whose published test snapshots the tests reproduce:

- centre line: the mean of the points that set the limits (all points of a segment, or its
  first ``baseline`` points);
- moving ranges |x[i] - x[i-1]| within a segment; those at 3.267 times the mean moving range
  or more are screened out and the mean moving range is taken again;
- process limits at the mean +/- 2.66 x mean moving range; the one- and two-sigma lines at
  1/3 and 2/3 of that distance;
- rules, in this order of precedence: ``outside`` (a point beyond a process limit);
  ``trend`` (``run_length`` points in a row each strictly higher, or each strictly lower,
  than the one before: a tie breaks it); ``two_of_three`` (two of three points in a row
  beyond the two-sigma line, not beyond the limit, with all three on the same side of the
  mean; only the points beyond two sigma are marked); ``shift`` (``run_length`` points in
  a row on one side of the mean: a point on the mean breaks it). Every point of a run that
  meets a rule is marked, and no window crosses a rebase.

The c, p and u charts keep those rules and set Shewhart's three-sigma limits from the
Poisson or binomial variance (Montgomery, 2019, sections 7.2 and 7.3): a c chart around the
mean count, p and u charts around the pooled proportion or rate with limits for each
point's denominator. A run chart has a median and no limits, and Anhøj's rules (2014,
2015): a run of points on one side of the median longer than round(log2(n) + 3) marks
``shift``, and fewer crossings of the median than the 5% quantile of Binomial(n - 1, 0.5)
is a chart-level signal; points on the median are not counted (n is the number of points
off the median).

References
----------
1. Wheeler, D. J. (2000). *Understanding Variation: The Key to Managing Chaos*, 2nd ed.
   SPC Press. Chapters 3-5 (XmR chart, 2.66 and 3.267).
2. NHS England and NHS Improvement (2019). *Making Data Count: Getting started* and
   *Strengthening your decisions*. The SPC rules, improvement direction and assurance.
3. Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed. Wiley.
   Chapter 7 (control charts for attributes: p, c and u charts).
4. Anhøj, J. & Olesen, A. V. (2014). Run charts revisited: a simulation study of run chart
   rules for detection of non-random variation in health care processes. *PLoS ONE* 9(11):
   e113825. doi:10.1371/journal.pone.0113825. Anhøj, J. (2015). Diagnostic value of run
   chart analysis. *PLoS ONE* 10(3): e0121349. doi:10.1371/journal.pone.0121349.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats as _scipy_stats

from peelstats.stats._validation import (
    Problems,
    check_confidence,
    check_count,
    check_finite_positive,
    choose,
)

Chart = Literal["xmr", "c", "p", "u", "run"]
Improvement = Literal["increase", "decrease", "neutral"]

#: Wheeler's scaling of the mean moving range to three sigma (3 / d2, d2 = 1.128, rounded).
XMR_LIMIT = 2.66
#: Upper range limit of the moving range chart (D4 = 3.267): larger ranges are screened out.
MR_SCREEN = 3.267

_CHARTS = ("xmr", "c", "p", "u", "run")
_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}
SIGNALS = ("outside", "trend", "two_of_three", "shift")
VARIATIONS = ("common", "improvement", "concern", "neutral")


def _segment_bounds(segments: np.ndarray) -> list[tuple[int, int]]:
    starts = np.flatnonzero(np.r_[True, segments[1:] != segments[:-1]])
    ends = np.r_[starts[1:], segments.size]
    return list(zip(starts.tolist(), ends.tolist()))


def _xmr_centre(y: np.ndarray, confidence: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and one-sigma width of each row of `y` (the points that set the limits)."""
    mean = y.mean(axis=-1)
    if y.shape[-1] < 2:
        return mean, np.full_like(mean, np.nan)
    mr = np.abs(np.diff(y, axis=-1))
    amr = mr.mean(axis=-1)
    kept = mr < MR_SCREEN * amr[..., None]
    # a series with no variation keeps its zero ranges (0 < 0 is False, not an outlier)
    kept |= (amr == 0)[..., None]
    amr = np.where(kept, mr, 0.0).sum(axis=-1) / kept.sum(axis=-1)
    sigma = amr * (XMR_LIMIT / 3.0 if confidence is None else 1.0 / 1.128)
    return mean, sigma


def _z(confidence: float | None) -> float:
    if confidence is None:
        return 3.0
    tail = (1.0 - confidence) / 2.0
    return float(_scipy_stats.norm.isf(tail))


def _limits(chart: str, y: np.ndarray, n: np.ndarray | None, fix: slice,
            confidence: float | None) -> tuple[np.ndarray, np.ndarray, float]:
    """Centre line and one-sigma width, per point, for one segment of every series."""
    if chart == "xmr":
        mean, sigma = _xmr_centre(y[..., fix], confidence)
        shape = y.shape
        z = 3.0
        return (np.broadcast_to(mean[..., None], shape), np.broadcast_to(sigma[..., None], shape), z)
    z = _z(confidence)
    if chart == "c":
        mean = y[..., fix].mean(axis=-1)
        return (np.broadcast_to(mean[..., None], y.shape),
                np.broadcast_to(np.sqrt(mean)[..., None], y.shape), z)
    x = y * n
    pooled = x[..., fix].sum(axis=-1) / n[..., fix].sum(axis=-1)
    centre = np.broadcast_to(pooled[..., None], y.shape)
    if chart == "p":
        sigma = np.sqrt(centre * (1.0 - centre) / n)
    else:
        sigma = np.sqrt(centre / n)
    return centre, sigma, z


def _runs_marked(hit_end: np.ndarray, length: int) -> np.ndarray:
    """Mark every point of each window of `length` that ends where `hit_end` is True."""
    marked = hit_end.copy()
    for k in range(1, length):
        marked[..., :-k] |= hit_end[..., k:]
    return marked


def _trend(y: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in `length` strictly rising or falling points, and the trend's direction."""
    t = y.shape[-1]
    part = np.zeros(y.shape, dtype=bool)
    direction = np.zeros(y.shape, dtype=int)
    if t < length:
        return part, direction
    d = np.sign(np.diff(y, axis=-1))
    windows = sliding_window_view(d, length - 1, axis=-1)
    end = np.zeros(y.shape, dtype=bool)
    end[..., length - 1:] = np.all(windows == 1, axis=-1) | np.all(windows == -1, axis=-1)
    part = _runs_marked(end, length)
    # NHSRplotthedots' direction: a point whose successor is also in a trend takes the sign
    # of the step to it, otherwise the sign of the step into it
    pad = np.zeros(y.shape[:-1] + (1,), dtype=d.dtype)
    right = np.concatenate([d, d[..., -1:]], axis=-1)
    left = np.concatenate([pad, d], axis=-1)
    nxt = np.concatenate([part[..., 1:], np.zeros(y.shape[:-1] + (1,), dtype=bool)], axis=-1)
    direction = np.where(part, np.where(nxt & part, right, left), 0).astype(int)
    return part, direction


def _two_of_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    t = close.shape[-1]
    if t < 3:
        return np.zeros(close.shape, dtype=bool)
    c = sliding_window_view(close.astype(int), 3, axis=-1).sum(axis=-1)
    s = np.abs(sliding_window_view(side, 3, axis=-1).sum(axis=-1))
    start = (c >= 2) & (s == 3)
    in_window = np.zeros(close.shape, dtype=bool)
    for k in range(3):
        in_window[..., k:t - 2 + k] |= start
    return in_window & close


def _shift(side: np.ndarray, length: int) -> np.ndarray:
    if side.shape[-1] < length:
        return np.zeros(side.shape, dtype=bool)
    w = sliding_window_view(side, length, axis=-1)
    end = np.zeros(side.shape, dtype=bool)
    end[..., length - 1:] = (np.all(w == 1, axis=-1) | np.all(w == -1, axis=-1))
    return _runs_marked(end, length)


def _anhoj(y: np.ndarray, centre: np.ndarray) -> dict[str, np.ndarray]:
    """Anhøj's runs and crossings for one segment of every series (points on the median skipped)."""
    side = np.sign(y - centre).astype(int)
    rows, t = side.shape
    useful = (side != 0).sum(axis=-1)
    run_id = np.zeros(side.shape, dtype=int)
    last = np.zeros(rows, dtype=int)
    current = np.zeros(rows, dtype=int)
    crossings = np.zeros(rows, dtype=int)
    for i in range(t):
        s = side[:, i]
        on = s != 0
        new = on & (s != last)
        crossings += (new & (last != 0)).astype(int)
        current = current + new.astype(int)
        run_id[:, i] = np.where(on, current, 0)
        last = np.where(on, s, last)
    lengths = np.zeros((rows, t + 1), dtype=int)
    np.add.at(lengths, (np.repeat(np.arange(rows), t), run_id.ravel()), 1)
    lengths[:, 0] = 0
    longest = lengths.max(axis=-1)
    with np.errstate(divide="ignore"):
        run_limit = np.where(useful > 0, np.round(np.log2(np.maximum(useful, 1)) + 3), np.nan)
    cross_limit = np.where(useful > 1, _scipy_stats.binom.ppf(0.05, np.maximum(useful - 1, 1), 0.5),
                           np.nan)
    point_run = np.take_along_axis(lengths, run_id, axis=-1)
    long_run = (run_id > 0) & (point_run > run_limit[:, None])
    return {"side": side, "shift": long_run, "longest_run": longest, "run_limit": run_limit,
            "crossings": crossings, "crossings_limit": cross_limit}


def spc_array(values: Any, *, chart: Chart = "xmr", denominators: Any = None,
              segments: Any = None, baseline: int | None = None,
              improvement: Improvement = "neutral", run_length: int = 7,
              confidence: float | None = None) -> dict[str, np.ndarray]:
    """SPC limits and rules for many series at once: the vectorised core of :func:`spc`.

    Parameters
    ----------
    values : array_like, shape (series, points) or (points,)
        Values in period order (counts for ``c``, numerators for ``p`` and ``u``).
    denominators : array_like, same shape, optional
        Required for ``p`` and ``u``.
    segments : array_like of int, shape (points,), optional
        Segment number of each point (non-decreasing): limits and rules are taken within
        each segment. One segment by default.
    baseline, improvement, run_length, confidence : see :func:`spc`.

    Returns
    -------
    dict of numpy arrays, each of the shape of `values`: ``value`` (the charted value:
    ``values / denominators`` for p and u), ``mean``, ``lower``, ``upper``,
    ``one_sigma_lower``, ``one_sigma_upper``, ``two_sigma_lower``, ``two_sigma_upper``,
    ``signal`` (an index into ``("", *SIGNALS)``) and ``direction`` (+1 above or rising,
    -1 below or falling, 0 common cause).

    Examples
    --------
    >>> out = spc_array([[1.0, 2.0, 3.0, 2.0, 1.0, 2.0]])
    >>> round(float(out["mean"][0, 0]), 4), round(float(out["upper"][0, 0]), 4)
    (1.8333, 4.4933)
    """
    chart = choose(chart, {name: name for name in _CHARTS}, "chart")
    choose(improvement, _DIRECTIONS, "improvement direction")
    y = np.atleast_2d(np.asarray(values, dtype=float))
    n = None
    if chart in ("p", "u"):
        if denominators is None:
            raise ValueError(f"a {chart} chart needs denominators")
        n = np.broadcast_to(np.atleast_2d(np.asarray(denominators, dtype=float)), y.shape)
        y = y / n
    t = y.shape[-1]
    segments = np.zeros(t, dtype=int) if segments is None else np.asarray(segments, dtype=int)
    out = {key: np.full(y.shape, np.nan) for key in
           ("mean", "lower", "upper", "one_sigma_lower", "one_sigma_upper",
            "two_sigma_lower", "two_sigma_upper")}
    signal = np.zeros(y.shape, dtype=np.int8)
    direction = np.zeros(y.shape, dtype=np.int8)
    extra: dict[str, list[np.ndarray]] = {"longest_run": [], "run_limit": [], "crossings": [],
                                          "crossings_limit": []}
    for start, end in _segment_bounds(segments):
        ys = y[..., start:end]
        fix = slice(0, baseline)
        if chart == "run":
            centre = np.broadcast_to(np.median(ys[..., fix], axis=-1)[..., None], ys.shape)
            out["mean"][..., start:end] = centre
            runs = _anhoj(ys, centre)
            for key in extra:
                extra[key].append(runs[key])
            signal[..., start:end] = np.where(runs["shift"], SIGNALS.index("shift") + 1, 0)
            direction[..., start:end] = np.where(runs["shift"], runs["side"], 0)
            continue
        ns = None if n is None else n[..., start:end]
        centre, sigma, z = _limits(chart, ys, ns, fix, confidence)
        lower, upper = centre - z * sigma, centre + z * sigma
        if chart in ("c", "p", "u"):
            lower = np.maximum(lower, 0.0)  # a count, proportion or rate cannot fall below 0
        if chart == "p":
            upper = np.minimum(upper, 1.0)
        out["mean"][..., start:end] = centre
        out["lower"][..., start:end] = lower
        out["upper"][..., start:end] = upper
        for k, name in ((1, "one_sigma"), (2, "two_sigma")):
            out[f"{name}_lower"][..., start:end] = centre - k * z / 3.0 * sigma
            out[f"{name}_upper"][..., start:end] = centre + k * z / 3.0 * sigma
        side = np.sign(ys - centre).astype(int)
        outside = (ys > upper) | (ys < lower)
        close = ~outside & ((ys > centre + 2 * z / 3.0 * sigma) | (ys < centre - 2 * z / 3.0 * sigma))
        trend, trend_dir = _trend(ys, run_length)
        two = _two_of_three(close, side)
        shift = _shift(side, run_length)
        seg_signal = np.select([outside, trend, two, shift], [1, 2, 3, 4], 0)
        seg_dir = np.where(seg_signal == 2, trend_dir, np.where(seg_signal > 0, side, 0))
        signal[..., start:end] = seg_signal
        direction[..., start:end] = seg_dir
    out["value"] = y
    out["signal"] = signal
    out["direction"] = direction
    if chart == "run":
        for key, parts in extra.items():
            out[key] = np.stack(parts, axis=-1)
    return out


@dataclass(frozen=True)
class SPC:
    """An SPC chart: per-point limits and signals, and a summary per segment.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per period: ``period``, ``segment`` (0, 1, ... from each rebase),
        ``value`` (for p and u: count / denominator), ``count`` and ``denominator`` (p, u),
        ``mean`` (the centre line: median for a run chart), ``lower``, ``upper`` (process
        limits), ``one_sigma_lower/upper``, ``two_sigma_lower/upper``, ``signal``
        (``outside``, ``trend``, ``two_of_three``, ``shift`` or ``""``) and ``variation``
        (``common``, ``improvement``, ``concern`` or ``neutral``), and ``direction``
        (``above``/``below``/``rising``/``falling`` or ``""``).
    summary : pandas.DataFrame
        One row per segment: ``segment``, ``start``, ``end``, ``n``, ``mean``, ``lower``,
        ``upper`` (for p and u, the limits of the segment's last point) and counts of
        ``common``, ``improvement``, ``concern`` and ``neutral`` points; for a run chart
        also ``longest_run``, ``run_limit``, ``crossings``, ``crossings_limit``.
    chart, improvement, run_length, baseline, confidence, target
        The options used (``confidence`` None means 2.66 x mean moving range for XmR and
        three sigma otherwise).
    assurance : str or None
        Against ``target``, read from the last segment's limits at the last point:
        ``consistent_pass`` (the limits are all on the good side of the target),
        ``consistent_fail`` (all on the bad side) or ``inconsistent``; None without a
        target, for a neutral improvement direction, or for a run chart.
    """

    frame: pd.DataFrame
    summary: pd.DataFrame
    chart: str
    improvement: str
    run_length: int
    baseline: int | None
    confidence: float | None
    target: float | None
    assurance: str | None

    def to_frame(self) -> pd.DataFrame:
        """The per-point frame (a copy)."""
        return self.frame.copy()

    @property
    def signals(self) -> pd.DataFrame:
        """The points with a signal (a copy)."""
        return self.frame[self.frame["signal"] != ""].copy()

    def __repr__(self) -> str:
        last = self.summary.iloc[-1]
        return (f"SPC(chart={self.chart!r}, n={len(self.frame)}, "
                f"segments={len(self.summary)}, mean={float(last['mean']):.6g}, "
                f"lower={float(last['lower']):.6g}, upper={float(last['upper']):.6g}, "
                f"signals={int((self.frame['signal'] != '').sum())}, "
                f"improvement={self.improvement!r}, assurance={self.assurance!r})")

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, float_format=lambda v: f"{v:.6g}")


def _check_periods(periods: Any, length: int) -> list[Any]:
    periods = list(periods)
    if len(periods) != length:
        raise ValueError(f"periods has {len(periods)} entries but values has {length}")
    bad = [f"{periods[i]!r} at position {i} does not follow {periods[i - 1]!r}"
           for i in range(1, length) if not periods[i - 1] < periods[i]]
    if bad:
        raise ValueError("periods must be in increasing order without repeats: " + "; ".join(bad[:10]))
    return periods


def spc(values: Any, periods: Any, *, chart: Chart = "xmr", denominators: Any = None,
        baseline: int | None = None, rebase: Any = None, improvement: Improvement = "neutral",
        target: float | None = None, run_length: int = 7,
        confidence: float | None = None) -> SPC:
    """An SPC chart of one series: process limits, the rules, improvement and assurance.

    Parameters
    ----------
    values : array_like
        One value per period: the measure (``xmr``, ``run``), counts (``c``) or the
        numerators of proportions or rates (``p``, ``u``). Missing values are refused: a
        gap would break the moving ranges and runs.
    periods : sequence
        One label per value, in increasing order (e.g. ``"2020-04"``).
    chart : {'xmr', 'c', 'p', 'u', 'run'}
        The chart (see the module notes for each one's limits).
    denominators : array_like, optional
        Required for ``p`` (the number in each proportion) and ``u`` (the exposure).
    baseline : int, optional
        Number of points at the start of each segment that fix its centre line and limits
        (NHSRplotthedots' ``fix_after_n_points``); by default every point.
    rebase : sequence, optional
        Periods at which a new process starts: limits and rules are taken afresh from
        each (a known step change, such as the COVID-19 restrictions of 2020-04).
    improvement : {'neutral', 'increase', 'decrease'}
        Which direction is better: a signal is then ``improvement`` or ``concern``
        (``neutral`` when neither is better).
    target : float, optional
        A target read against the process limits (assurance).
    run_length : int
        Points in a row for a ``trend`` and a ``shift`` (7 by Making Data Count; 6 is used
        by some). Not used by a run chart, whose run limit depends on the series length.
    confidence : float, optional
        Two-sided level of the process limits instead of the conventional three sigma
        (2.66 x mean moving range for XmR, which is then scaled by 1/1.128).

    Returns
    -------
    SPC

    Notes
    -----
    Assumes the points are in time order at a regular interval and, for the limits to be
    a process's, that each segment has enough points (Making Data Count suggests at least
    12 to 20; the summary gives ``n``). c, p and u limits assume Poisson or binomial
    variation: over-dispersed counts show more points outside their limits; the XmR chart
    makes no such assumption.

    Examples
    --------
    >>> result = spc([5, 6, 5, 7, 6, 5, 6, 14], ["2020-0" + str(m) for m in range(1, 9)])
    >>> result.frame[["period", "signal", "variation"]].iloc[-1].tolist()
    ['2020-08', 'outside', 'neutral']
    """
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"values must be one series (1-D), got shape {array.shape}")
    periods = _check_periods(periods, array.size)
    chart = choose(chart, {name: name for name in _CHARTS}, "chart")
    direction_sign = choose(improvement, _DIRECTIONS, "improvement direction")
    problems = Problems()
    missing = [str(periods[i]) for i in np.flatnonzero(~np.isfinite(array))]
    if missing:
        problems.messages.append("values must be finite; missing or infinite at " + ", ".join(missing[:10]))
    if not isinstance(run_length, (int, np.integer)) or run_length < 2:
        problems.messages.append(f"run_length must be a whole number of 2 or more, got {run_length!r}")
    if baseline is not None and (not isinstance(baseline, (int, np.integer)) or baseline < 2):
        problems.messages.append(f"baseline must be a whole number of points, 2 or more, got {baseline!r}")
    if confidence is not None:
        problems.check(check_confidence, confidence)
    n = None
    if chart in ("p", "u"):
        if denominators is None:
            problems.messages.append(f"a {chart} chart needs denominators")
        else:
            n = np.asarray(denominators, dtype=float)
            if n.shape != array.shape:
                problems.messages.append(f"denominators has shape {n.shape} but values has {array.shape}")
            else:
                problems.check(check_finite_positive, "denominator", n, labels=periods)
                problems.check(check_count, "count", array, labels=periods)
                if chart == "p":
                    over = [f"count ({array[i]:g}) exceeds denominator ({n[i]:g}) at {periods[i]}"
                            for i in np.flatnonzero(array > n)]
                    problems.messages.extend(over[:10])
    elif denominators is not None:
        problems.messages.append(f"denominators are for p and u charts, not {chart!r}")
    if chart == "c":
        problems.check(check_count, "count", array, labels=periods)
    if target is not None and not np.isfinite(float(target)):
        problems.messages.append(f"target must be a finite number, got {target!r}")
    starts = []
    if rebase is not None:
        rebase = [rebase] if isinstance(rebase, str) or np.ndim(rebase) == 0 else list(rebase)
        unknown = [repr(r) for r in rebase if r not in periods]
        if unknown:
            problems.messages.append(f"rebase period(s) {', '.join(unknown)} not among the periods")
        else:
            starts = sorted({periods.index(r) for r in rebase} - {0})
    problems.raise_all()

    segments = np.zeros(array.size, dtype=int)
    for s in starts:
        segments[s:] += 1
    out = spc_array(array, chart=chart, denominators=n, segments=segments, baseline=baseline,
                    improvement=improvement, run_length=int(run_length), confidence=confidence)
    signal_names = np.array(("",) + SIGNALS, dtype=object)
    signal = signal_names[out["signal"][0]]
    dirn = out["direction"][0].astype(int)
    if direction_sign == 0:
        variation = np.where(dirn != 0, "neutral", "common")
    else:
        variation = np.where(dirn * direction_sign > 0, "improvement",
                             np.where(dirn * direction_sign < 0, "concern", "common"))
    is_trend = signal == "trend"
    words = np.where(dirn > 0, np.where(is_trend, "rising", "above"),
                     np.where(dirn < 0, np.where(is_trend, "falling", "below"), ""))
    frame = pd.DataFrame({"period": periods, "segment": segments})
    if n is not None:
        frame["count"] = array
        frame["denominator"] = n
    frame["value"] = out["value"][0]
    for key in ("mean", "lower", "upper", "one_sigma_lower", "one_sigma_upper",
                "two_sigma_lower", "two_sigma_upper"):
        frame[key] = out[key][0]
    frame["signal"] = signal.astype(str)
    frame["direction"] = words
    frame["variation"] = variation
    rows = []
    for k, (start, end) in enumerate(_segment_bounds(segments)):
        part = frame.iloc[start:end]
        row = {"segment": k, "start": periods[start], "end": periods[end - 1], "n": end - start,
               "mean": float(part["mean"].iloc[-1]), "lower": float(part["lower"].iloc[-1]),
               "upper": float(part["upper"].iloc[-1])}
        for v in VARIATIONS:
            row[v] = int((part["variation"] == v).sum())
        if chart == "run":
            for key in ("longest_run", "run_limit", "crossings", "crossings_limit"):
                row[key] = float(out[key][0, k])
        rows.append(row)
    summary = pd.DataFrame(rows)
    assurance = None
    if target is not None and direction_sign != 0 and chart != "run":
        lower, upper = float(frame["lower"].iloc[-1]), float(frame["upper"].iloc[-1])
        target = float(target)
        if target > upper:
            assurance = "consistent_fail" if direction_sign > 0 else "consistent_pass"
        elif target < lower:
            assurance = "consistent_pass" if direction_sign > 0 else "consistent_fail"
        else:
            assurance = "inconsistent"
    return SPC(frame=frame, summary=summary, chart=chart, improvement=improvement,
               run_length=int(run_length), baseline=baseline, confidence=confidence,
               target=None if target is None else float(target), assurance=assurance)
