"""The input checks of the statistics layer that other layers use, by their public names.

A figure, a plot or a report checks a confidence level and chooses a method or a measure
by name the way the statistics do, with the same messages: ``check_confidence`` (a
fraction in (0, 1), with a hint for 95) and ``choose`` (a closed set of lower-case names;
an unknown one is an error that lists them). They are written in
`peelstats.stats._validation`, with the checks the statistics use inside.

>>> check_confidence(0.95)
0.95
>>> choose("b", {"a": 1, "b": 2})
2
"""

from peelstats.stats._validation import Problems, check_confidence, choose

__all__ = ["Problems", "check_confidence", "choose"]
