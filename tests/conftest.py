"""Test-suite settings shared by every test module."""

import os

from hypothesis import settings

# By default property tests draw their examples deterministically, so a run on the same
# code gives the same verdict (CI and a developer see the same result), with no deadline
# because timing is measured by benchmarks/, not by tests. HYPOTHESIS_PROFILE=explore
# draws fresh random examples, ten times as many, to hunt for new failures.
settings.register_profile("peelstats", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True,
                          max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "peelstats"))
