"""A citable figure: an estimate, what it was compared with, the verdict and the sentence.

`cite` joins an `Estimate` (and optionally a comparator `Estimate`) to the comparison the
statistics call for, reads the verdict through the measure's polarity, and writes the
sentence through `peelstats.figures.wording`. The result is a frozen `Figure` whose fields
are the columns of the figures table (`FIGURE_FIELDS`), the same in JupyterLab, CSV and JSON.

The comparison is `peelstats.compare`'s, the one place that decides which comparison
fits which pair of kinds; `cite` only words it. A force compared with England and Wales
is part of England and Wales: with ``within=True`` the comparison is made with the rest of
the whole (the whole minus the part), as the design requires, while the comparator value
shown stays the published whole (60.7 per 1,000 for England and Wales).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Iterator, Sequence
import dataclasses
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from peelstats import stats
from peelstats._precision import portable
from peelstats.figures import wording
from peelstats.stats import Comparison, Estimate
from peelstats.stats.checks import choose

Polarity = Literal["higher_is_better", "lower_is_better"] | None
Judgement = Literal["better", "worse", "similar", "not judged"]

#: The fields of a figure, in the order of the figures table, CSV columns and JSON keys.
FIGURE_FIELDS: tuple[str, ...] = (
    "id", "measure", "label", "area_code", "area_name", "period", "value", "lower", "upper",
    "unit", "confidence", "method", "comparator", "comparator_value", "comparator_lower",
    "comparator_upper", "verdict", "position", "polarity", "judgement", "p_value", "sentence",
    "notes", "source",
)

#: Where a figure stands among the forces: above, below or within the 95% funnel limits
#: adjusted for over-dispersion (`peelstats.figures.position`); empty where no funnel applies.
POSITIONS = ("above", "below", "within", "")
# A position reads through polarity as the verdict it stands for would.
_POSITION_VERDICTS = {"above": "higher", "below": "lower", "within": "similar", "": ""}

# Verdict × polarity → judgement. An empty verdict (nothing to compare, or a NaN
# comparison) is never judged.
_JUDGEMENTS: dict[Polarity, dict[str, Judgement]] = {
    "higher_is_better": {"higher": "better", "lower": "worse", "similar": "similar"},
    "lower_is_better": {"higher": "worse", "lower": "better", "similar": "similar"},
    None: {},
}
_POLARITIES = {"higher_is_better": "higher_is_better", "lower_is_better": "lower_is_better",
               "none": None}

_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
_PERCENT_KINDS = ("proportion", "survey")


def judge(verdict: str, polarity: Polarity, position: str = "") -> Judgement:
    """The judgement a figure supports for a measure of the given polarity.

    The rule: the `position` among the forces (``above`` / ``below`` / ``within`` the 95%
    funnel adjusted for over-dispersion) is read through the polarity where the figure has
    one; otherwise the `verdict` of the plain comparison with the comparator is. So a
    judgement never contradicts the funnel chart beside the figure, while the verdict
    still says what the plain test says about the force against England and Wales.

    >>> judge("lower", "lower_is_better"), judge("lower", "higher_is_better")
    ('better', 'worse')
    >>> judge("similar", "lower_is_better"), judge("higher", None), judge("", "lower_is_better")
    ('similar', 'not judged', 'not judged')
    >>> judge("higher", "lower_is_better", position="within")  # the position decides
    'similar'
    """
    table = choose("none" if polarity is None else polarity, _POLARITIES, "polarity")
    if position:
        verdict = choose(position, {p: _POSITION_VERDICTS[p] for p in POSITIONS if p},
                         "position")
    return _JUDGEMENTS[table].get(verdict, "not judged")


# --- the figure --------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A JSON-safe scalar: numpy scalars to Python, NaN and infinities to None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Figure:
    """A citable figure: value, interval, comparator, verdict, judgement, sentence, source.

    `value`, `lower`, `upper` and the comparator's are in `unit` (percent for proportions,
    so 88.1 not 0.881), unrounded; the sentence is rounded. `verdict` is what the statistics
    support about the figure against the comparator (`higher`, `lower`, `similar`, or empty
    when nothing was compared), from the plain test; `position` is where it stands among
    the forces (`above`, `below`, `within` the 95% funnel adjusted for over-dispersion, or
    empty where no funnel applies); `judgement` reads the position through `polarity`
    where there is one, else the verdict (`judge`). `sentence` is one sentence, what
    qualifies it is in `notes`. `str()` is the sentence. `estimate` and `comparison` keep
    the results behind the figure.
    """

    id: str
    measure: str
    label: str
    area_code: str | None
    area_name: str | None
    period: str | None
    value: float
    lower: float
    upper: float
    unit: str | None
    confidence: float
    method: str
    comparator: str | None
    comparator_value: float | None
    comparator_lower: float | None
    comparator_upper: float | None
    verdict: str
    polarity: str | None
    judgement: str
    p_value: float | None
    sentence: str
    source: str | None
    position: str = ""
    notes: tuple[str, ...] = ()
    estimate: Estimate | None = field(default=None, compare=False, repr=False)
    comparison: Comparison | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The figure's fields (`FIGURE_FIELDS`), JSON-safe: NaN becomes None, `notes` a list."""
        record = {name: _plain(getattr(self, name)) for name in FIGURE_FIELDS}
        record["notes"] = list(self.notes)
        return record

    def to_frame(self) -> pd.DataFrame:
        """A one-row DataFrame with the figure fields as columns."""
        return Figures([self]).to_frame()

    def __str__(self) -> str:
        return self.sentence

    def __repr__(self) -> str:
        # The dataclass repr, floats at 12 significant digits (peelstats._precision): a
        # notebook stores this text and nbval compares it, so it must not show last bits.
        shown = ", ".join(f"{f.name}={portable(getattr(self, f.name))!r}"
                          for f in dataclasses.fields(self) if f.repr)
        return f"{type(self).__name__}({shown})"

    def _repr_html_(self) -> str:
        record = self.to_dict()
        # A value and its limits share the places at which the limits differ.
        places = {name: wording.interval_places(self.lower, self.upper)
                  for name in ("value", "lower", "upper")}
        places.update({name: wording.interval_places(self.comparator_lower,
                                                     self.comparator_upper)
                       for name in ("comparator_value", "comparator_lower",
                                    "comparator_upper")})
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>"
            f"{html.escape(_shown(name, record[name], places.get(name, wording.PLACES)))}"
            f"</td></tr>"
            for name in FIGURE_FIELDS if name != "sentence")
        return (f"<div><p>{html.escape(self.sentence)}</p>"
                f"<table>{rows}</table></div>")


def _shown(name: str, value: Any, places: int = wording.PLACES) -> str:
    """A field as a table cell: numbers to the house rounding, missing as blank."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, float):
        if name == "p_value":
            return wording.p_value(value)
        if name == "confidence":
            return wording.confidence_label(value).removesuffix(" CI")
        return wording.number(value, places)
    return str(value)


class Figures(Sequence[Figure]):
    """An ordered collection of figures that renders as one table in JupyterLab.

    Index it by position, by figure id, or by measure when one figure has that measure.
    `to_frame()` has every field (`FIGURE_FIELDS`), `display_frame()` the readable columns.

    >>> import peelstats
    >>> figures = Figures([cite(peelstats.rate(120, 60000), measure="burglary_rate",
    ...                         area_code="E23000023", period="2014-06")])
    >>> figures["burglary_rate"].id
    'E23000023/2014-06/burglary_rate'
    >>> print(figures)
    Burglary rate, YE Jun 2014: 2.0 per 1,000 population (95% CI 1.7 to 2.4).
    """

    def __init__(self, figures: Iterable[Figure] = ()) -> None:
        self._figures = tuple(figures)
        for position, figure in enumerate(self._figures):
            if not isinstance(figure, Figure):
                raise ValueError(f"figures[{position}] is a {type(figure).__name__}, "
                                 f"not a Figure")
        ids = [figure.id for figure in self._figures]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"figure ids must be unique; repeated: {duplicated}")

    @overload
    def __getitem__(self, index: int) -> Figure: ...

    @overload
    def __getitem__(self, index: slice) -> Figures: ...

    def __getitem__(self, index: int | slice | str) -> Any:
        if isinstance(index, slice):
            return Figures(self._figures[index])
        if isinstance(index, str):
            for figure in self._figures:
                if figure.id == index:
                    return figure
            found = [figure for figure in self._figures if figure.measure == index]
            if len(found) == 1:
                return found[0]
            if found:
                raise KeyError(f"{len(found)} figures have measure {index!r}; use an id: "
                               f"{', '.join(figure.id for figure in found)}")
            raise KeyError(index)
        return self._figures[index]

    def __len__(self) -> int:
        return len(self._figures)

    def __iter__(self) -> Iterator[Figure]:
        return iter(self._figures)

    def __repr__(self) -> str:
        return f"Figures({len(self)} figures)"

    def __str__(self) -> str:
        return "\n".join(figure.sentence for figure in self._figures)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One `Figure.to_dict()` per figure, in order."""
        return [figure.to_dict() for figure in self._figures]

    def payload(self) -> dict[str, Any]:
        """The figure fields and one record per figure, floats rounded for machines
        (`peelstats.figures.export.figures_payload`)."""
        from peelstats.figures.export import figures_payload

        return figures_payload(self.to_dicts(), FIGURE_FIELDS)

    def to_csv(self) -> bytes:
        """figures.csv: one row a figure, the figure fields as columns (UTF-8)."""
        from peelstats.figures.export import to_csv

        return to_csv(self.payload())

    def to_json(self) -> bytes:
        """figures.json: a list of figures, each an object with the figure fields (UTF-8)."""
        from peelstats.figures.export import to_json

        return to_json(self.payload())

    def to_xlsx(self) -> bytes:
        """figures.xlsx: the same table as a spreadsheet, the same bytes on every run."""
        from peelstats.figures.xlsx import to_xlsx

        return to_xlsx(self.payload())

    def to_frame(self) -> pd.DataFrame:
        """One row per figure, the figure fields as columns (missing values as NaN/None)."""
        return pd.DataFrame(self.to_dicts(), columns=list(FIGURE_FIELDS))

    def display_frame(self) -> pd.DataFrame:
        """The readable table: label, value with interval, comparator, verdict, judgement."""
        rows = []
        for figure in self._figures:
            rows.append({
                "measure": figure.label,
                "area": figure.area_name or figure.area_code or "",
                "period": figure.period or "",
                "value": _value_text(figure, figure.value, figure.lower, figure.upper),
                "comparator": ("" if figure.comparator is None else
                               f"{figure.comparator}: " + _value_text(
                                   figure, figure.comparator_value, figure.comparator_lower,
                                   figure.comparator_upper)),
                "verdict": wording.verdict_word(figure.verdict),
                "position": wording.position_word(figure.position),
                "judgement": figure.judgement,
                "notes": figure.notes,
                "p_value": "" if figure.p_value is None else wording.p_value(figure.p_value),
                "source": figure.source or "",
            })
        return pd.DataFrame(rows, columns=["measure", "area", "period", "value", "comparator",
                                           "verdict", "position", "judgement", "p_value",
                                           "notes", "source"])

    def _repr_html_(self) -> str:
        frame = self.display_frame()
        frame["notes"] = [" ".join(notes) for notes in frame["notes"]]
        return frame.to_html(index=False, escape=True)


def _is_change(figure: Figure) -> bool:
    """The figure is a percent change (its value, and its comparator's, read as changes)."""
    return figure.estimate is not None and figure.estimate.kind == "percent_change"


def _value_text(figure: Figure, value: Any, lower: Any, upper: Any) -> str:
    if _is_change(figure):
        each = wording.PER_YEAR if figure.unit == wording.PERCENT_A_YEAR else ""
        return wording.change_with_interval(value, lower, upper,
                                            confidence=figure.confidence, each=each)
    return wording.value_with_interval(value, lower, upper, unit=figure.unit,
                                       confidence=figure.confidence)


# --- cite --------------------------------------------------------------------------------

def _scalar_estimate(name: str, estimate: Any) -> Estimate:
    if not isinstance(estimate, Estimate):
        raise ValueError(f"{name} must be an Estimate, got {type(estimate).__name__}")
    for attribute in ("value", "lower", "upper"):
        if isinstance(getattr(estimate, attribute), np.ndarray):
            raise ValueError(f"{name} must be a single estimate (scalar fields); cite one "
                             f"element at a time")
    return estimate


def _unit_and_scale(estimate: Estimate, unit: str | None) -> tuple[str | None, float]:
    """The figure's unit and the factor from the estimate's scale to it."""
    if estimate.kind in _PERCENT_KINDS:
        if unit not in (None, wording.PERCENT):
            raise ValueError(f"unit of a {estimate.kind} figure is {wording.PERCENT!r}, "
                             f"got {unit!r}")
        return wording.PERCENT, 100.0
    if unit is not None:
        return unit, 1.0
    if estimate.kind == "rate":
        return wording.rate_unit(1000 if estimate.per is None else estimate.per), 1.0
    if estimate.kind == "percent_change":
        return wording.PERCENT, 1.0
    return None, 1.0


def _scaled(value: Any, scale: float) -> float | None:
    if value is None:
        return None
    return float(value) * scale


def _estimate_text(estimate: Estimate, unit: str | None, scale: float,
                   cases: bool = True) -> str:
    """The value with its interval (or published margin), in the figure's unit.

    With `cases`, a small-sample proportion reads as whole cases ("51 out of 60 (…)").
    """
    margin = None if estimate.margin is None else float(estimate.margin) * scale
    if cases and estimate.kind == "proportion":
        return wording.describe(estimate)
    if estimate.kind == "percent_change":
        return wording.estimate_text(dataclasses.asdict(estimate), unit)
    return wording.value_with_interval(
        _scaled(estimate.value, scale), _scaled(estimate.lower, scale),
        _scaled(estimate.upper, scale), unit=unit, confidence=estimate.confidence,
        margin=margin)


#: The method of a figure without data: nothing was estimated.
NO_METHOD = "none"


def _method(estimate: Estimate, comparison: Comparison | None, rest: str | None,
            annual: bool = False) -> str:
    """How the figure was made: ``wilson interval; newcombe difference against …``.

    A figure without a value has no method (`NO_METHOD`); a value without an interval
    (a published score) is named by its method alone (``published``).
    """
    if math.isnan(float(estimate.value)):
        return NO_METHOD
    if comparison is None:
        if math.isnan(float(estimate.lower)) or math.isnan(float(estimate.upper)):
            return str(estimate.method)
        return f"{estimate.method} interval"
    what = "rate ratio" if comparison.measure == "ratio" else "difference"
    if estimate.kind == "percent_change" and comparison.measure == "ratio":
        # Two changes are compared by the ratio of their rate ratios (compare_changes),
        # two trends by the ratio of their annual rate ratios.
        what = "ratio of annual rate ratios" if annual else "ratio of rate ratios"
    text = f"{estimate.method} interval; {comparison.method} {what}"
    return f"{text} against the rest of {rest}" if rest else text


#: The longest sentence a figure has: a sentence that pastes into a briefing as it is.
MAX_SENTENCE = 250


def _places(estimate: Estimate, scale: float) -> int:
    """The decimal places of the figure's value in its sentence (those of its interval, or
    `wording.PLACES` beside a published margin): the comparator's value gets the same."""
    if _has_margin(estimate):
        return wording.PLACES
    return wording.interval_places(_scaled(estimate.lower, scale),
                                   _scaled(estimate.upper, scale))


def _has_margin(estimate: Estimate) -> bool:
    return estimate.margin is not None and not math.isnan(float(estimate.margin))


def _comparator_text(versus: Estimate, unit: str | None, scale: float, places: int,
                     estimate: Estimate | None = None) -> str:
    """The comparator's value in the sentence: at the figure's places, without an interval
    (one interval style per sentence; the table and the fields keep its limits), with the
    unit only for a percentage (a rate's unit was said with the figure's value). Two
    published survey figures keep both margins, as inspection reports quote them
    ("88.1 percent (± 1.3 percent) … 85.0 percent (± 0.2 percent)"): one style, ±."""
    if estimate is not None and _has_margin(estimate) and _has_margin(versus):
        return _estimate_text(versus, unit, scale, cases=False)
    shown = wording.number(_scaled(versus.value, scale), places)
    return wording.with_unit(shown, unit if unit == wording.PERCENT else None)


def _sentence(label: str, area_name: str | None, period: str | None, estimate_text: str,
              verdict: str | None, comparator_name: str | None,
              comparator_text: str | None) -> str:
    text = f"{_subject(label, area_name, period)}: {estimate_text}"
    if comparator_name is None:
        return text + "."
    if not verdict:
        return text + f"; {comparator_name}: {comparator_text} (the comparison is not " \
                      f"available)."
    return text + f", which is {wording.verdict_phrase(verdict)} {comparator_name} at " \
                  f"{comparator_text}."


def _with_position(sentence: str, verdict: str, position: str, among: str | None,
                   notes: list[str]) -> str:
    """The sentence, saying the position among the forces too when it differs from the
    verdict: in the sentence when it fits in `MAX_SENTENCE` characters, else first in the
    notes."""
    if not position or not among or _POSITION_VERDICTS[position] == verdict:
        return sentence
    clause = wording.position_clause(position, among)
    longer = f"{sentence[:-1]}; {clause}."
    if len(longer) <= MAX_SENTENCE:
        return longer
    notes.insert(0, wording.as_sentence(clause))
    return sentence


def _change_sentence(subject: str, estimate: Estimate, versus: Estimate | None,
                     verdict: str, comparator_name: str | None,
                     span: str = "", each: str = "") -> str:
    """A percent change: "… fell by 21.9 percent (95% CI 21.1 to 22.8) from YE Jun 2010
    to YE Jun 2014, compared with 16.3 percent across England and Wales; the difference
    is statistically significant."; a change that cannot be given: "…: not
    available."."""
    if math.isnan(float(estimate.value)):
        return f"{subject}{' ' + span if span else ''}: not available."
    bracket = wording.change_interval(estimate.value, estimate.lower, estimate.upper,
                                      confidence=estimate.confidence)
    places = wording.interval_places(estimate.lower, estimate.upper)
    if versus is None:
        return f"{subject} {wording.change_verb(estimate.value, places, each=each)}" + (
            f" {bracket}" if bracket else "") + (f" {span}." if span else ".")
    return f"{subject} " + wording.change_comparison(
        estimate.value, versus.value, verdict, comparator_name or "the comparator",
        places=places, interval_text=bracket, span=span, each=each) + "."


def _subject(label: str, area_name: str | None, period: str | None) -> str:
    """What a sentence is about: ``Crime excluding fraud in Cambridgeshire, YE Jun 2014``."""
    subject = label
    if area_name:
        subject += f" in {area_name}"
    if period:
        subject += f", {wording.period(period)}"
    return subject


def _check_given_comparison(comparison: Any, estimate: Estimate,
                            versus: Estimate | None) -> None:
    if not isinstance(comparison, Comparison):
        raise ValueError(f"comparison must be a Comparison, got {type(comparison).__name__}")
    if versus is None:
        raise ValueError("comparison needs versus: the comparator it was made against")
    if any(isinstance(getattr(comparison, name), np.ndarray)
           for name in ("value", "lower", "upper", "verdict")):
        raise ValueError("comparison must be a single comparison (scalar fields)")
    if not math.isclose(comparison.confidence, estimate.confidence):
        raise ValueError(f"comparison and estimate must have the same confidence, got "
                         f"{comparison.confidence:g} and {estimate.confidence:g}")


def _within(within: bool, versus_contains_estimate: bool | None) -> bool:
    """`within`, or the deprecated `versus_contains_estimate` that it replaces."""
    if versus_contains_estimate is None:
        return bool(within)
    warnings.warn("versus_contains_estimate is deprecated; use within (the same meaning)",
                  DeprecationWarning, stacklevel=3)
    return bool(versus_contains_estimate)


def cite(estimate: Estimate, versus: Estimate | None = None, *, measure: str,
         comparator_name: str | None = None, polarity: Polarity = None,
         within: bool = False, area_code: str | None = None,
         area_name: str | None = None, period: str | None = None,
         source: str | None = None, unit: str | None = None,
         label: str | None = None, note: str | Sequence[str | None] | None = None,
         comparison: Comparison | None = None, since: str | None = None,
         until: str | None = None,
         annual: bool = False, subject: str | None = None,
         position: str = "", among: str | None = None,
         versus_contains_estimate: bool | None = None) -> Figure:
    """A citable figure for `estimate`, compared with `versus` if given.

    Parameters
    ----------
    estimate : Estimate
        The figure's own estimate (one element).
    versus : Estimate, optional
        The comparator, e.g. England and Wales. The comparison is `peelstats.compare`'s,
        from the kinds of the two; it must have the same confidence.
    measure : str
        A lower-case identifier for what is measured (``crime_excluding_fraud_rate``); part
        of the figure's stable `id`.
    comparator_name : str
        What `versus` is called in the sentence (``England and Wales``); required with
        `versus`.
    polarity : {'higher_is_better', 'lower_is_better', None}
        How the verdict reads as a judgement; None leaves every figure ``not judged``.
    within : bool, default False
        True when `versus` is a whole that contains `estimate` (a force within England and
        Wales): the comparison is then with the rest of the whole, as it must be, while the
        comparator values shown are the whole's.
    area_code, area_name, period : str, optional
        Where and when; `period` is ``YYYY-MM`` (the 12 months ending that month).
    source : str, optional
        Where the numbers come from (table and edition).
    unit : str, optional
        The unit of a rate (``per 1,000 households``); proportions are always in percent.
    label : str, optional
        What the figure is, as the table shows it (its `label`); defaults to `measure` in
        words. Labels are unique within a set of figures: a change says so
        (``Crime excluding fraud, change over 4 years``).
    note : str or list of str, optional
        Caveats the reader must see (a break in the series, a force missing from a
        total): the figure's `notes`, each as a sentence, after the note that a
        comparison ``within`` a whole is with the rest of it. They are not in the
        sentence: a report says each note once, under its table. Empty ones are left out.
    comparison : Comparison, optional
        The comparison of `estimate` with `versus` (or with its rest), made by the caller
        with `peelstats.compare` when it needs options `cite` does not pass on (a
        method, an over-dispersion). It needs `versus`, one element and the same
        confidence; its verdict and p-value are used as they are.
    since : str, optional
        For a percent change (``kind='percent_change'``): the period (``YYYY-MM``) it runs
        from, so that the sentence says ``from YE Jun 2010 to YE Jun 2014``. For two
        changes of a force and of England and Wales made from their counts, see
        `peelstats.figures.change.cite_change`, which makes the comparison with the rest
        of England and Wales.
    until : str, optional
        With `since`: the period (``YYYY-MM``) the change runs to when it is not
        `period`, so that the sentence claims no more than was measured (a trend of a
        profile for YE Dec 2019 fitted to the years to YE Dec 2018, for want of a count).
    annual : bool
        The percent change is a change per year (the annual percent change of a trend):
        both percentages read ``… percent a year``, and the unit is ``percent a year``.
    subject : str, optional
        The measure as the subject of the sentence, when it is not the `label`: the
        label of a change says what changed and over what span, the sentence says it in
        words (``Crime excluding fraud in Cambridgeshire rose by …``). Defaults to
        `label`.
    position : {'above', 'below', 'within', ''}
        Where the figure stands among the forces: against the 95% limits of the funnel
        adjusted for over-dispersion (`peelstats.figures.position`), or empty where no
        funnel applies. The judgement reads it through `polarity` where it is given,
        else the verdict (`judge`); the sentence says it too when it differs from the
        verdict.
    among : str, optional
        Who the position is among, as the sentence says it (``the 42 forces with a
        count``); needed with `position`.
    versus_contains_estimate : bool, optional
        Deprecated: the former name of `within`.

    Returns
    -------
    Figure

    Examples
    --------
    A force's rate against England and Wales, tested against the rest of England and
    Wales (counts invented for the example):

    >>> import peelstats
    >>> force = Estimate(50.0, 49.4, 50.6, 0.95, "byar", kind="rate", count=30000,
    ...                  denominator=600000, per=1000)
    >>> whole = Estimate(60.0, 59.9, 60.1, 0.95, "byar", kind="rate", count=3000000,
    ...                  denominator=50000000, per=1000)
    >>> figure = cite(force, whole, measure="crime_rate", comparator_name="England and Wales",
    ...               polarity="lower_is_better", within=True,
    ...               area_code="E23000023", area_name="Cambridgeshire", period="2014-06")
    >>> figure.id, figure.verdict, figure.judgement
    ('E23000023/2014-06/crime_rate', 'lower', 'better')
    """
    within = _within(within, versus_contains_estimate)
    estimate = _scalar_estimate("estimate", estimate)
    if not isinstance(measure, str) or not _MEASURE.match(measure):
        identifier = ("_".join(re.sub(r"[^0-9a-z]+", " ", measure.lower()).split())
                      if isinstance(measure, str) else "")
        hint = (f"; for display text use label={measure!r}, with an identifier such as "
                f"measure={identifier!r}" if identifier and _MEASURE.match(identifier)
                else "")
        raise ValueError(f"measure must be a lower-case identifier such as "
                         f"'crime_excluding_fraud_rate', got {measure!r}{hint}")
    judge("", polarity, position)  # validates polarity and position before any work
    if position and not among:
        raise ValueError(f"position {position!r} needs among: who the figure stands among "
                         f"(e.g. 'the 43 forces')")
    if versus is None and (comparator_name is not None or within):
        raise ValueError("comparator_name and within need versus")
    if versus is not None:
        versus = _scalar_estimate("versus", versus)
        if not comparator_name:
            raise ValueError("comparator_name is required with versus (e.g. "
                             "'England and Wales')")
    if period is not None:
        wording.period(period)  # validates YYYY-MM
    if since is not None or annual:
        if estimate.kind != "percent_change":
            raise ValueError(f"since and annual describe a percent change; the estimate's "
                             f"kind is {estimate.kind!r}")
        if since is not None:
            wording.period(since)  # validates YYYY-MM
    if until is not None:
        if since is None:
            raise ValueError("until needs since: the span a change runs over")
        wording.period(until)  # validates YYYY-MM
    figure_unit, scale = _unit_and_scale(estimate, unit)
    if annual and figure_unit == wording.PERCENT:
        figure_unit = wording.PERCENT_A_YEAR
    label = label or measure.replace("_", " ").capitalize()
    subject = subject or label

    if comparison is not None:
        _check_given_comparison(comparison, estimate, versus)
    comparator_text = None
    if versus is not None:
        if comparison is None:
            comparison = stats.compare(estimate, versus, within=within)
        comparator_text = _comparator_text(versus, figure_unit, scale,
                                           _places(estimate, scale), estimate)
    verdict = "" if comparison is None else str(comparison.verdict)
    rest = comparator_name if within else None
    rest_without = (area_name or area_code or "the area") if rest else None
    if estimate.kind == "percent_change" and (versus is None or
                                              versus.kind == "percent_change"):
        span = "" if since is None else wording.change_span(since, until or period)
        # With `since`, the span names the period; without, the period is set off.
        about = (_subject(subject, area_name, None) if since is not None else
                 _subject(subject, area_name, period) + ("," if period else ""))
        sentence = _change_sentence(about, estimate,
                                    versus, verdict, comparator_name, span,
                                    wording.PER_YEAR if annual else "")
    else:
        sentence = _sentence(subject, area_name, period,
                             _estimate_text(estimate, figure_unit, scale), verdict,
                             comparator_name, comparator_text)
    notes = []
    if rest_without and verdict:
        notes.append(f"The comparison is with the rest of {comparator_name}, without "
                     f"{rest_without}.")
    given = [note] if isinstance(note, str) else list(note or [])
    notes.extend(wording.as_sentence(text) for text in given if text)
    sentence = _with_position(sentence, verdict, position, among, notes)

    identity = "/".join([area_code or area_name or "all", period or "all", measure])
    return Figure(
        id=identity, measure=measure, label=label, area_code=area_code, area_name=area_name,
        period=period, value=_scaled(estimate.value, scale), lower=_scaled(estimate.lower, scale),
        upper=_scaled(estimate.upper, scale), unit=figure_unit,
        confidence=float(estimate.confidence),
        method=_method(estimate, comparison, rest, annual),
        comparator=comparator_name,
        comparator_value=None if versus is None else _scaled(versus.value, scale),
        comparator_lower=None if versus is None else _scaled(versus.lower, scale),
        comparator_upper=None if versus is None else _scaled(versus.upper, scale),
        verdict=verdict, polarity=polarity, judgement=judge(verdict, polarity, position),
        p_value=None if comparison is None else _plain(comparison.p_value),
        sentence=sentence, source=source, position=position, notes=tuple(notes),
        estimate=estimate, comparison=comparison)


def cite_not_available(measure: str, label: str, why: str, *, area_code: str | None = None,
                       area_name: str | None = None, period: str | None = None,
                       confidence: float = 0.95, change: bool = False,
                       since: str | None = None, annual: bool = False,
                       source: str | None = None, subject: str | None = None) -> Figure:
    """A figure that says plainly that there is no figure, and why.

    Its value is ``not available`` (NaN, None in JSON, empty in CSV), its method
    `NO_METHOD` (nothing was estimated), it has no comparator and is ``not judged``; `why`
    follows the sentence as its own sentence. With `change` (and `since`, `annual`) it
    stands for a percent change: its sentence names the span, its unit is a percent.
    `why` is its first note (`notes`).

    >>> figure = cite_not_available("stop_and_search", "Stop and search",
    ...     "there is no stop and search data for YE Jun 2014", area_name="Kent",
    ...     period="2014-06")
    >>> print(figure.sentence)
    Stop and search in Kent, YE Jun 2014: not available.
    >>> figure.notes
    ('There is no stop and search data for YE Jun 2014.',)
    >>> figure.method, figure.judgement, figure.to_dict()["value"]
    ('none', 'not judged', None)
    """
    nan = float("nan")
    estimate = Estimate(nan, nan, nan, confidence, NO_METHOD,
                        kind="percent_change" if change else "value")
    return cite(estimate, measure=measure, label=label, area_code=area_code,
                area_name=area_name, period=period, since=since, annual=annual,
                source=source, note=why, subject=subject)
