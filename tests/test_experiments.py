"""The experiments layer: where the old names went, and who imports whom."""

import ast
import importlib
from pathlib import Path

import pytest

import skser.evaluation
import skser.experiments
from skser.evaluation import _MOVED

SKSER = Path(skser.__file__).parent


@pytest.mark.parametrize("name", _MOVED)
def test_old_evaluation_paths_warn_and_give_the_moved_object(name):
    expected = rf"0\.6: import {name} from skser\.experiments"
    with pytest.warns(FutureWarning, match=expected):
        old = getattr(skser.evaluation, name)
    assert old is getattr(skser.experiments, name)
    assert name not in skser.evaluation.__all__
    assert name in skser.experiments.__all__


def test_an_unknown_evaluation_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'run_nothing'"):
        skser.evaluation.run_nothing  # noqa: B018


def _imports(path):
    """Every module a file imports, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
            "import_module",
        ):
            yield from (a.value for a in node.args if isinstance(a, ast.Constant))


def _files(package):
    return sorted((SKSER / package).rglob("*.py"))


@pytest.mark.parametrize(
    ("lower", "forbidden"),
    [
        ("evaluation", ("skser.plotting", "skser.cli")),
        ("plotting", ("skser.evaluation", "skser.experiments", "skser.cli")),
        ("experiments", ("skser.cli",)),
        ("utils", ("skser.evaluation", "skser.plotting", "skser.experiments")),
    ],
)
def test_siblings_and_lower_layers_never_import_upwards(lower, forbidden):
    for path in _files(lower):
        for module in _imports(path):
            assert not module.startswith(forbidden), f"{path.name} imports {module}"


def test_evaluation_reaches_experiments_only_through_its_shim():
    # The one way up is the shim's import by name (skser.utils.moved) of the
    # moved names, at the call: no module of evaluation imports experiments.
    for path in _files("evaluation"):
        assert not [m for m in _imports(path) if m.startswith("skser.experiments")]


def test_nothing_in_skser_uses_the_old_paths():
    moved = {f"skser.evaluation.{name}" for name in _MOVED}
    moved |= {f"skser.robustness.{name}" for name in (
        "add_noise", "babble_noise", "evaluate_robustness", "fgsm", "plot_robustness",
        "robustness_experiment", "white_noise")}  # fmt: skip
    moved.add("skser.robustness")
    for path in sorted(SKSER.rglob("*.py")):
        used = moved.intersection(_imports(path))
        assert not used, f"{path.relative_to(SKSER)} imports {used}"


def test_the_cli_calls_experiments():
    imported = set(_imports(SKSER / "cli.py"))
    assert "skser.experiments" in imported
    assert not {f"skser.evaluation.{name}" for name in _MOVED} & imported
    assert importlib.import_module("skser.cli").run_demo is skser.experiments.run_demo
