"""Lazy public names for a package (PEP 562): a name's module is imported when first used.

`import peelstats` and `peelstats --help` then cost only what they use: pandas, scipy,
statsmodels and matplotlib are imported by the modules that need them, when those are
first used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def lazy_exports(package: str, exports: Mapping[str, Iterable[str]],
                 subpackages: Iterable[str] = ()
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of `package`.

    `exports` maps a module to the public names it defines; `subpackages` are the
    package's subpackages reachable as attributes (``peelstats.data``). A name is looked up
    in its module once, then kept in the package's namespace.

    A public name must not also be the name of a submodule of `package`: importing the
    submodule would set the package attribute to the module and hide the name.
    """
    where: dict[str, str] = {}
    for module, names in exports.items():
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name!r} is exported by both {where[name]} "
                                 f"and {module}")
            where[name] = module
    children = frozenset(subpackages)

    def __getattr__(name: str) -> object:
        if name in children:
            return importlib.import_module(f"{package}.{name}")
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where) | children)

    return __getattr__, __dir__
