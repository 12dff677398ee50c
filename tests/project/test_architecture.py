"""The layers of DESIGN.md, read from the source: every import, including those inside
functions, between the modules of peelstats.

DESIGN.md draws the house top to bottom: `data` and `stats` (which do not know each
other), then `figures`, `plots`, `notebook` (the helpers notebooks call), `reports` (the
batch runner) and `cli`. A layer imports only the layers above it, no two modules import
each other directly or round a circle, and a layer uses another's public names only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import peelstats

PACKAGE = Path(peelstats.__file__).parent

# Each layer and the layers it may import (besides itself and the top-level leaf modules).
LAYERS: dict[str, set[str]] = {
    "data": set(),
    "stats": set(),
    "figures": {"data", "stats"},
    "plots": {"data", "stats", "figures"},
    "notebook": {"data", "stats", "figures", "plots"},
    "reports": {"data", "stats", "figures", "plots", "notebook"},
    "cli": {"data", "stats", "figures", "plots", "notebook", "reports"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _read_imports(source: str, name: str, is_package: bool) -> set[str]:
    """The peelstats modules that the module `name` (its `source`) imports, anywhere in
    its code: import statements at any depth, and the modules a lazy export map names
    (string keys of a dict literal, as `peelstats._lazy.lazy_exports` takes them)."""
    tree = ast.parse(source)
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import submodule` imports the submodule.
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES
                       else module for alias in node.names]
        elif isinstance(node, ast.Dict):
            # A lazy map's entries for the package's own modules are not imports until
            # used (a module may then import its package's public names without a circle).
            targets = [key.value for key in node.keys
                       if isinstance(key, ast.Constant) and isinstance(key.value, str)
                       and not (is_package and "." in name
                                and key.value.startswith(name + "."))]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


def _imports(name: str) -> set[str]:
    return _read_imports(MODULES[name].read_text(encoding="utf-8"), name, _is_package(name))


GRAPH = {name: _imports(name) for name in MODULES}


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_reader_sees_every_kind_of_import():
    # A property of the reader itself, on a made-up module of the figures layer (and its
    # package, whose lazy map names its own modules).
    package_map = "MAP = {'peelstats.figures.figure': (), 'peelstats.stats.rest': ()}\n"
    assert _read_imports(package_map, "peelstats.figures", is_package=True) == {
        "peelstats.stats.rest"}
    source = (
        "import peelstats.stats.rates\n"
        "from peelstats.data import forces\n"
        "from . import sections\n"
        "from .figure import Figure\n"
        "from .. import plots\n"
        "def later():\n"
        "    from peelstats.stats import _validation\n"
        "    import numpy\n"
        "MAP = {'peelstats.stats.change': ('change',), 'not.a.module': ()}\n")
    found = _read_imports(source, "peelstats.figures.made_up", is_package=False)
    assert found == {"peelstats.stats.rates", "peelstats.data", "peelstats.figures.sections",
                     "peelstats.figures.figure", "peelstats.plots",
                     "peelstats.stats._validation", "peelstats.stats.change"}


def test_the_graph_is_read():
    # The package's lazy map (peelstats/__init__.py) names modules of stats and figures.
    assert {"peelstats.stats.engine", "peelstats.figures.figure",
            "peelstats.stats.results"} <= GRAPH["peelstats"]
    assert all(name.startswith("peelstats") for name in MODULES)


def test_top_level_modules_are_leaves():
    # peelstats._wording, _precision, _paths, _version, _lazy: every layer may use them, so
    # they import no layer (the package itself and `python -m peelstats` excepted).
    breaks = [f"{name} imports {target}" for name, targets in GRAPH.items()
              if _layer(name) is None and name not in ("peelstats", "peelstats.__main__")
              for target in sorted(targets) if _layer(target) is not None]
    assert not breaks, "top-level modules that import a layer:\n" + "\n".join(breaks)


def test_each_layer_imports_only_the_layers_above_it():
    breaks = []
    for name, targets in GRAPH.items():
        layer = _layer(name)
        if layer is None:
            continue
        for target in sorted(targets):
            other = _layer(target)
            if other is None:
                if target == "peelstats":  # the top-level package imports every layer
                    breaks.append(f"{name} imports peelstats (the whole package)")
                continue
            if other != layer and other not in LAYERS[layer]:
                breaks.append(f"{name} ({layer}) imports {target} ({other})")
    assert not breaks, "imports against the layers of DESIGN.md:\n" + "\n".join(breaks)


def _cycles() -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_no_modules_import_each_other():
    cycles = _cycles()
    assert not cycles, "import circles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_layers_use_each_others_public_names():
    private = []
    for name, targets in GRAPH.items():
        for target in sorted(targets):
            if _layer(target) == _layer(name) or _layer(target) is None:
                continue
            hidden = [part for part in target.split(".")[1:] if part.startswith("_")]
            if hidden:
                private.append(f"{name} imports {target}")
    assert not private, "private modules of another layer:\n" + "\n".join(private)


@pytest.mark.parametrize("layer, absent", [
    ("peelstats.stats", ("peelstats.figures", "peelstats.data", "peelstats.plots",
                         "peelstats.reports", "peelstats.cli")),
    ("peelstats.data", ("peelstats.stats", "peelstats.figures", "peelstats.plots",
                        "peelstats.reports", "peelstats.cli")),
])
def test_importing_a_layer_imports_no_layer_below_it(layer, absent):
    import subprocess
    import sys

    code = (f"import sys, {layer}; "
            f"print(sorted(m for m in sys.modules if m.startswith({absent!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_the_notebook_helpers_are_a_layer_beside_the_runner():
    # peelstats.notebook sits above figures and plots; the runner (reports) may use it,
    # never the reverse (LAYERS). Its modules are read as that layer's.
    helpers = {name for name in MODULES if _layer(name) == "notebook"}
    assert {"peelstats.notebook.display", "peelstats.notebook.parameters"} <= helpers


def test_the_helpers_notebooks_call_do_not_import_the_batch_runner():
    # A report kernel that calls notebook.heading or notebook.validate_parameters pays for
    # the helpers it uses, not for papermill, nbconvert and the kernel machinery.
    import subprocess
    import sys

    runner = ("papermill", "nbconvert", "nbclient", "jupyter_client", "nbformat",
              "peelstats.reports")
    code = ("import sys\n"
            "from peelstats import notebook\n"
            "for name in notebook.__all__:\n"
            "    getattr(notebook, name)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {runner!r}\n"
            f"             or m.startswith({runner[-1]!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.parametrize("package", sorted(
    name for name in MODULES
    if _is_package(name) and "lazy_exports(" in MODULES[name].read_text(encoding="utf-8")))
def test_no_lazy_name_is_also_a_submodule(package):
    # Importing a submodule sets the package's attribute of that name to the module, which
    # hides a name exported lazily (peelstats._lazy.lazy_exports) once anything imports
    # that submodule.
    import importlib

    names = set(getattr(importlib.import_module(package), "__all__", ()))
    submodules = {name.rpartition(".")[2] for name in MODULES
                  if name.rpartition(".")[0] == package}
    assert not names & submodules, f"{package}: {sorted(names & submodules)}"
