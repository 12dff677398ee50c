"""Area codes other than the 43 forces, as the published tables write them."""

from __future__ import annotations

from peelstats.data.constants import ENGLAND_AND_WALES as ENGLAND_AND_WALES_NAME
from peelstats.data.constants import ENGLAND_AND_WALES_CODE

ENGLAND_AND_WALES = ENGLAND_AND_WALES_CODE
ENGLAND = "E92000001"
WALES = "W92000004"
BTP = "BTP"
BTP_NAME = "British Transport Police"

# The English regions (ONS codes) under the region names of the Home Office file.
REGIONS: dict[str, str] = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}

# Names for the aggregate areas; the ONS tables print some in capitals.
AREA_NAMES: dict[str, str] = {
    ENGLAND_AND_WALES: ENGLAND_AND_WALES_NAME, ENGLAND: "England", WALES: "Wales",
    BTP: BTP_NAME, **{code: name for name, code in REGIONS.items()},
}

AREA_TYPES: dict[str, str] = {
    ENGLAND_AND_WALES: "country_group", ENGLAND: "country", WALES: "country", BTP: "btp",
    **{code: "region" for code in REGIONS.values()},
}


def containing_areas(force_code: str, region: str) -> tuple[str, ...]:
    """The published aggregate areas that a force's figures add into.

    >>> containing_areas("E23000005", "North West")
    ('K04000001', 'E92000001', 'E12000002')
    >>> containing_areas("W15000001", "Wales")
    ('K04000001', 'W92000004')
    """
    if force_code.startswith("W15"):
        return (ENGLAND_AND_WALES, WALES)
    return (ENGLAND_AND_WALES, ENGLAND, REGIONS[region])
