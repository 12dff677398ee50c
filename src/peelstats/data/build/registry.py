"""The table builders, in build order. To add a table, write a module in this package
with a ``BUILDER`` (a :class:`~peelstats.data.build._context.TableBuilder`) and add it to
the list below; its table(s) and README section then come with every build."""

from __future__ import annotations

from peelstats.data.build import (asb_incidents, forces, population, rate_denominators,
                                  recorded_crime, recorded_crime_editions, survey)
from peelstats.data.build import (arrests, crime_outcomes, csp, crime_severity,
                                  ethnicity_population, monthly_outcomes, stop_search,
                                  workforce)
from peelstats.data.build._context import TableBuilder

BUILDERS: list[TableBuilder] = [
    forces.BUILDER,
    recorded_crime.BUILDER,
    recorded_crime_editions.BUILDER,
    population.BUILDER,
    rate_denominators.BUILDER,
    csp.BUILDER,
    asb_incidents.BUILDER,
    survey.BUILDER,
    crime_outcomes.BUILDER,
    stop_search.BUILDER,
    ethnicity_population.BUILDER,
    arrests.BUILDER,
    workforce.BUILDER,
    crime_severity.BUILDER,
    monthly_outcomes.BUILDER,
]
