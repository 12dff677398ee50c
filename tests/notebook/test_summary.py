"""The key message under a report's title (notebook.summary): counts of the judgements,
checked against the figures themselves, and how they were judged."""

import re

import peelstats
from peelstats import notebook
from peelstats.figures.csp import csp_figures


def _counts(text: str) -> tuple[int, ...]:
    found = re.match(r"\*\*Of (\d+) judged figures: (\d+) better, (\d+) broadly in line, "
                     r"(\d+) worse\.\*\* (\d+) of them", text)
    assert found, text
    return tuple(int(number) for number in found.groups())


def test_the_counts_are_the_figures_judgements():
    figures = peelstats.force_profile("Kent", "2019-03")
    judgements = [figure.judgement for figure in figures]
    text = notebook.summary(figures).data
    better, similar, worse = (judgements.count(word) for word in ("better", "similar", "worse"))
    placed = sum(bool(figure.position) for figure in figures
                 if figure.judgement in ("better", "similar", "worse"))
    assert _counts(text) == (better + similar + worse, better, similar, worse, placed)
    assert "among the forces" in text
    unjudged = len(judgements) - better - similar - worse
    assert f"{unjudged} figures are not judged" in text and unjudged > 1


def test_a_csp_summary_speaks_of_the_csps_and_says_nothing_of_none():
    figures = csp_figures("Peterborough", "2025-06")
    text = notebook.summary(figures, subject="the CSP",
                            among="the Community Safety Partnerships").data
    judged = _counts(text)[0]
    assert judged == len(figures)  # every Peterborough figure has a rate and a position
    assert "where the CSP stands among the Community Safety Partnerships" in text
    assert "not judged" not in text and "the others" not in text
    assert text.endswith(").")


def test_one_figure_not_judged_is_singular():
    [first, *_] = csp_figures("Wycombe", "2025-06")  # no rate: not judged
    text = notebook.summary([first], subject="the CSP").data
    assert text.startswith("**Of 0 judged figures") and "1 figure is not judged" in text
