"""The funnel and ranks on real data: violence with injury by force, year ending March 2019.

Counts and populations come from the bundled tables; the published ONS Table P3 rates
(tests/reference/funnel/ons_p3_violence_with_injury_ye_2019_03.csv, see PROVENANCE.md)
are the reference: Cambridgeshire had the lowest rate of the 43 forces.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peelstats import data, funnel, rate
from peelstats.stats import rank_intervals

REFERENCE = Path(__file__).parents[1] / "reference" / "funnel"
CAMBRIDGESHIRE = "E23000023"


@pytest.fixture(scope="module")
def violence():
    crime = data.recorded_crime()
    forces = data.forces()
    rows = crime[(crime["offence"] == "Violence with injury") & (crime["period"] == "2019-03")
                 & crime["area_code"].isin(forces["area_code"])]
    year = data.rate_denominators().set_index("period").loc["2019-03", "population_mid_year"]
    population = data.population()
    population = population[(population["vintage"] == "original")
                            & (population["mid_year"] == year)][["area_code", "population"]]
    table = rows.merge(population, on="area_code", validate="one_to_one")
    table = table.astype({"count": float, "population": float}).reset_index(drop=True)
    assert len(table) == 43
    return table


def test_values_are_the_published_rates(violence):
    published = pd.read_csv(REFERENCE / "ons_p3_violence_with_injury_ye_2019_03.csv")
    frame = funnel("count", "population", data=violence, area="area_name", kind="rate",
                   per=1000).frame
    merged = frame.merge(published, on="area_code")
    assert len(merged) == 43
    # ONS suppresses the City of London's rate (a resident population of under 10,000
    # against a daytime one many times larger); peelstats computes it, and it is high.
    suppressed = merged["rate_per_1000"].isna()
    assert list(merged.loc[suppressed, "area_code"]) == ["E23000034"]
    assert merged.loc[suppressed, "value"].iloc[0] > merged["value"].median()
    merged = merged[~suppressed]
    # Populations are bundled rounded to the nearest 100: at most 0.01% on a rate.
    np.testing.assert_allclose(merged["value"], merged["rate_per_1000"], rtol=2e-4)
    lowest = frame.loc[frame["value"].idxmin(), "area_code"]
    assert lowest == CAMBRIDGESHIRE == published.query("area_code != 'K04000001'").sort_values(
        "rate_per_1000")["area_code"].iloc[0]


def test_forces_vary_far_more_than_chance(violence):
    frame = funnel("count", "population", data=violence, area="area_name", kind="rate",
                   per=1000).frame
    # Populations of 0.5 to 9 million make Poisson limits very narrow: most forces fall
    # outside them, and phi is in the hundreds.
    assert frame.attrs["phi"] > 100
    assert (frame["flag"] != "within 95%").sum() > 30
    adjusted_out = (frame["adjusted_flag"] != "within 95%").sum()
    assert 1 <= adjusted_out <= 10  # about 5% of 43 expected, a few more in the tails
    cambs = frame.set_index("area_code").loc[CAMBRIDGESHIRE]
    assert cambs["flag"] == "below 99.8%"
    assert cambs["z_adjusted"] < 0 and cambs["z_adjusted"] == frame["z_adjusted"].min()


def test_cambridgeshire_rank_and_its_interval(violence):
    ranks = rank_intervals(rate(violence["count"], violence["population"], per=1000))
    where = int(np.flatnonzero(violence["area_code"] == CAMBRIDGESHIRE)[0])
    assert ranks.rank[where] == 1 and ranks.of == 43
    # Dyfed-Powys (6.09 per 1,000, 3,147 offences) is close enough to swap places.
    assert ranks.lower[where] == 1 and ranks.upper[where] >= 2
