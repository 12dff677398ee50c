"""How force names are compared: the one normal form used by the build and the lookup."""

from __future__ import annotations

import re

_SUFFIXES = re.compile(r"\s+(police service|police force|police|constabulary)$")


def name_key(name: str) -> str:
    """A force name reduced for comparison: lower case, "&" read as "and", punctuation
    and repeated spaces removed.

    >>> name_key("Devon & Cornwall")
    'devon and cornwall'
    >>> name_key("  London, City of ")
    'london city of'
    >>> name_key("Dyfed-Powys")
    'dyfed powys'
    """
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def short_key(name: str) -> str:
    """`name_key` without a trailing "Police", "Constabulary" or "Police Service".

    >>> short_key("Cambridgeshire Constabulary")
    'cambridgeshire'
    >>> short_key("Metropolitan Police Service")
    'metropolitan'
    """
    return _SUFFIXES.sub("", name_key(name))
