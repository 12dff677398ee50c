"""The helpers a notebook calls: check its parameters, show its heading, figures and
sentences, draw its national and trend charts.

They are apart from the batch runner (`peelstats.reports`, which executes the notebooks),
so a notebook kernel pays for what it uses, not for papermill, nbconvert and the kernel
machinery. The runner may use these helpers; they never use the runner. The CSP profile's
helpers are in `peelstats.notebook.csp`; `csp_section` (`peelstats.notebook.force_csps`)
shows a force's Community Safety Partnerships in its profile. The names are
imported when first used (`peelstats._lazy`).
"""

from peelstats._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "peelstats._precision": ("portable",),
    "peelstats.notebook.csp": ("CspParameters", "all_csps", "csp_data_note", "csp_periods",
                               "csp_profile", "validate_csp_parameters"),
    "peelstats.notebook.force_csps": ("csp_charts", "csp_section"),
    "peelstats.notebook.display": ("data_note", "heading", "sentences", "show_figures",
                                   "summary"),
    "peelstats.notebook.indicators": ("IndicatorParameters",
                                      "validate_indicator_parameters"),
    "peelstats.notebook.national": ("NationalRates", "national_rates"),
    "peelstats.notebook.parameters": ("ReportParameters", "all_areas", "periods",
                                      "resolve_period", "validate_confidence",
                                      "validate_group", "validate_offence",
                                      "validate_parameters", "validate_period"),
    "peelstats.notebook.trend": ("trend_chart",),
})

__all__ = [
    "CspParameters",
    "IndicatorParameters",
    "NationalRates",
    "ReportParameters",
    "all_areas",
    "all_csps",
    "csp_charts",
    "csp_data_note",
    "csp_periods",
    "csp_profile",
    "csp_section",
    "data_note",
    "heading",
    "national_rates",
    "periods",
    "portable",
    "resolve_period",
    "sentences",
    "show_figures",
    "summary",
    "trend_chart",
    "validate_confidence",
    "validate_csp_parameters",
    "validate_group",
    "validate_indicator_parameters",
    "validate_offence",
    "validate_parameters",
    "validate_period",
]
