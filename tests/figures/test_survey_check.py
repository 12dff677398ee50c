"""Force-versus-England-and-Wales survey verdicts against ONS's published flags.

The reference is ONS's own significance flag in Table P6 (bundled data/survey.csv). The
agreement rates asserted are those measured when the check was written (252 comparisons:
42 areas x 3 measures x 2 years), minus a margin of about two comparisons, so that a
change in the statistics that loses agreement is noticed:

    deff 1.0: 0.893 (225/252)   deff 1.2: 0.944   deff 1.3: 0.956 (241/252)
    deff 1.4: 0.960             deff 1.5: 0.956
"""

import numpy as np
import pytest

from peelstats.figures.survey_check import agreement, survey_verdicts

MARGIN = 0.01


@pytest.mark.parametrize("deff, measured", [(1.0, 0.8929), (1.3, 0.9563), (1.5, 0.9563)])
def test_agreement_with_ons_flags(deff, measured):
    table = survey_verdicts(deff=deff)
    assert len(table) == 252
    assert agreement(table) >= measured - MARGIN


def test_design_effect_only_removes_significance():
    plain = survey_verdicts(deff=1.0)
    weighted = survey_verdicts(deff=1.3)
    assert not (weighted["significant"] & ~plain["significant"]).any()
    assert weighted["significant"].sum() < plain["significant"].sum()
    # Without a design effect every disagreement is a difference ONS did not find.
    assert not (~plain["significant"] & plain["ons_significant"]).any()


def test_rest_of_england_and_wales_recombines_to_the_whole():
    # The rest is defined so that w p + (1 - w) p_rest is the published E&W percentage.
    table = survey_verdicts(deff=1.3)
    gap = (table["comparator_percent"] - table["percent"]).abs()
    assert (gap > 0).all()
    whole = survey_verdicts(deff=1.3, comparator="whole")
    # The rest lies on the far side of E&W from the force.
    side = np.sign(table["percent"] - whole["comparator_percent"])
    assert (np.sign(whole["comparator_percent"] - table["comparator_percent"]) == side).all()


def test_bad_arguments():
    with pytest.raises(ValueError, match="deff must be a number of at least 1"):
        survey_verdicts(deff=0.8)
    with pytest.raises(ValueError, match="unknown comparator 'england'"):
        survey_verdicts(comparator="england")
