"""Rounding and wording: the one place that turns numbers into citable text.

The text itself is written in `peelstats._wording`, a module that imports nothing from
peelstats, so that the statistics layer can word its results (``str(estimate)``) without
importing the figures layer; this module is its public name, and the names below are the
same objects. See `peelstats._wording` for the house style and its reference.
"""

from peelstats._wording import (  # noqa: F401 (re-exported)
    DEFAULT_CONFIDENCE,
    FUNNEL_NAME,
    INCREASE_FROM_ZERO,
    PERCENT,
    PERCENTAGE_POINTS,
    MAX_PLACES,
    PERCENT_A_YEAR,
    PER_YEAR,
    PLACES,
    RATIO_PLACES,
    SMALL_SAMPLE,
    as_sentence,
    change,
    change_comparison,
    change_interval,
    change_span,
    change_verb,
    change_with_interval,
    comparison_text,
    confidence_label,
    count,
    describe,
    estimate_text,
    interval,
    interval_places,
    number,
    ordinal,
    out_of,
    p_value,
    percent,
    month,
    period,
    rank,
    rate_unit,
    round_half_away,
    rounded,
    sentences,
    symmetric_margin,
    times_as_likely,
    value_with_interval,
    position_clause,
    position_word,
    verdict_phrase,
    verdict_word,
    with_unit,
)

from peelstats._wording import __all__  # noqa: E402,F811 (the same names)
