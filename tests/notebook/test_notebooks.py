"""The committed notebooks: executed, one commented `parameters` cell, thin (no code of their own).

nbval (``make test``) re-executes them and compares the stored outputs; these checks make
sure there is something to compare and that the notebooks keep to the house rules.
"""

from __future__ import annotations

import ast
import io
import tokenize

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from peelstats._paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
EXPECTED = {"csp_profile.ipynb", "force_profile.ipynb", "indicator_profile.ipynb", "methods.ipynb",
            "monthly_series.ipynb", "national_overview.ipynb"}


def _read(path):
    return nbformat.read(str(path), as_version=4)


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_the_notebooks_are_there():
    assert EXPECTED <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exactly_one_parameters_cell(path):
    nb = _read(path)
    tagged = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters'"
    assert tagged[0].cell_type == "code"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_a_type_and_a_comment(path):
    cell = next(c for c in _read(path).cells if "parameters" in c.metadata.get("tags", []))
    tree = ast.parse(cell.source)
    assert tree.body, f"{path.name}: empty parameters cell"
    comments = {token.start[0] for token in
                tokenize.generate_tokens(io.StringIO(cell.source).readline)
                if token.type == tokenize.COMMENT}
    for statement in tree.body:
        assert isinstance(statement, ast.AnnAssign), (
            f"{path.name}: parameter on line {statement.lineno} has no type annotation")
        assert statement.lineno in comments, (
            f"{path.name}: parameter {ast.unparse(statement.target)} has no comment")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_with_outputs(path):
    nb = _read(path)
    code = _code_cells(nb)
    unexecuted = [i for i, cell in enumerate(code) if cell.execution_count is None]
    assert not unexecuted, f"{path.name}: code cells {unexecuted} were not executed"
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), (
        f"{path.name}: not executed top to bottom in one fresh kernel")
    assert sum(len(cell.outputs) for cell in code) > 0, f"{path.name}: no outputs stored"
    errors = [i for i, cell in enumerate(code)
              for output in cell.outputs if output.output_type == "error"]
    assert not errors, f"{path.name}: errors stored in code cells {errors}"
    streams = [i for i, cell in enumerate(code)
               for output in cell.outputs
               if output.output_type == "stream" and output.name == "stderr"]
    assert not streams, f"{path.name}: warnings or other stderr output in code cells {streams}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    """No functions, classes or path edits: computation belongs in the package."""
    for index, cell in enumerate(_code_cells(_read(path))):
        tree = ast.parse(TransformerManager().transform_cell(cell.source))  # %magics to Python
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                         ast.Lambda)), (
                f"{path.name}: code cell {index} defines a function or class")
            assert not (isinstance(node, ast.Attribute) and node.attr == "path"
                        and isinstance(node.value, ast.Name) and node.value.id == "sys"), (
                f"{path.name}: code cell {index} edits sys.path")
        assert "warnings" not in cell.source, f"{path.name}: code cell {index} touches warnings"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_validation_cell_follows_parameters(path):
    """The cell after the parameters cell checks them through the package."""
    cells = _read(path).cells
    index = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    following = cells[index + 1]
    assert following.cell_type == "code"
    assert "peelstats" in following.source and "validate" in following.source
