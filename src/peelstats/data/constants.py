"""Names and codes that every layer uses, typed once.

`ENGLAND_AND_WALES_CODE` is the ONS code of England and Wales and `ENGLAND_AND_WALES` its
name, as the figures print it; `TOTAL_RECORDED_CRIME` is the Home Office offence group of
all police recorded crime except fraud (the total of the recorded crime table). This
module imports nothing: the data build, the loaders, the figures and the notebooks share
these names.

>>> ENGLAND_AND_WALES_CODE, ENGLAND_AND_WALES
('K04000001', 'England and Wales')
"""

#: The ONS area code of England and Wales.
ENGLAND_AND_WALES_CODE = "K04000001"
#: The name of England and Wales, as the figures print it.
ENGLAND_AND_WALES = "England and Wales"
#: The Home Office offence group of all recorded crime but fraud.
TOTAL_RECORDED_CRIME = "Total recorded crime (excluding fraud)"

__all__ = ["ENGLAND_AND_WALES", "ENGLAND_AND_WALES_CODE", "TOTAL_RECORDED_CRIME"]
