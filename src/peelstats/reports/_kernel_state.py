"""Runs inside a warm report kernel: remember the state after warm-up, restore it before each report.

A warm kernel executes many reports one after another. Whatever one report changes in the
interpreter must not reach the next: the user namespace and the execution counter (reset by
IPython), open matplotlib figures and rcParams, warning filters and the "already warned"
registries, the global random states, pandas options and the working directory. This module
keeps a snapshot in its own globals, out of the user namespace that ``reset`` clears.
"""

from __future__ import annotations

import copy
import os
import random
import sys
import warnings
from typing import Any

_snapshot: dict[str, Any] = {}


def snapshot() -> None:
    """Record the interpreter state to return to before each report (called once, after warm-up)."""
    import matplotlib
    import numpy as np

    _snapshot.clear()
    _snapshot["rc"] = copy.deepcopy(dict(matplotlib.rcParams))
    _snapshot["filters"] = list(warnings.filters)
    _snapshot["random"] = random.getstate()
    _snapshot["numpy_random"] = np.random.get_state()
    _snapshot["cwd"] = os.getcwd()


def restore() -> None:
    """Return the interpreter to the snapshot: a report starts as if in a fresh kernel."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from IPython import get_ipython

    if not _snapshot:
        raise RuntimeError("restore() called before snapshot()")
    shell = get_ipython()
    if shell is not None:
        # A new session: clears the user namespace, the output cache (Out, _, __) and
        # input history, and restarts the execution counter at 1.
        shell.reset(new_session=True)
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_snapshot["rc"])
        pd.reset_option("all")
    warnings.filters[:] = _snapshot["filters"]
    warnings.onceregistry.clear()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    warnings._filters_mutated()  # invalidates every cached "already shown" decision
    random.setstate(_snapshot["random"])
    np.random.set_state(_snapshot["numpy_random"])
    os.chdir(_snapshot["cwd"])
