"""The experiments layer: where the old names went, and who imports whom."""

import ast
import importlib
from pathlib import Path

import numpy as np
import pytest
from conftest import write_tone

import skser.evaluation
import skser.experiments
import skser.io._files
import skser.persistence
from skser import EGeMAPSExtractor, ExtractionError
from skser.evaluation import _MOVED
from skser.experiments import corpus_features
from skser.experiments._corpus_features import _corpus_frame

SKSER = Path(skser.__file__).parent


@pytest.mark.parametrize(
    ("old", "name"),
    [(skser.evaluation, name) for name in _MOVED]
    + [(skser.persistence, name) for name in skser.persistence._MOVED],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_old_paths_warn_and_give_the_moved_object(old, name):
    expected = rf"{old.__name__}\.{name} is deprecated and will be removed in "
    expected += rf"0\.6: import {name} from skser\.experiments instead"
    with pytest.warns(FutureWarning, match=expected):
        value = getattr(old, name)
    assert value is getattr(skser.experiments, name)
    assert name not in old.__all__
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


def test_persistence_imports_nothing_above_it():
    # Save and load only: the training that builds the papers' models is above.
    for module in _imports(SKSER / "persistence.py"):
        assert not module.startswith(("skser.evaluation", "skser.experiments"))


def test_nothing_in_skser_uses_the_old_paths():
    moved = {f"skser.evaluation.{name}" for name in _MOVED}
    moved |= {f"skser.persistence.{name}" for name in skser.persistence._MOVED}
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


@pytest.fixture
def two_tones_and_a_broken_file(tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    good = [write_tone(folder / "a.wav"), write_tone(folder / "c.wav", freq=300.0)]
    (folder / "b.wav").write_text("not audio")
    return folder, good, str(folder / "b.wav")


@pytest.mark.parametrize("policy", ["skip", "nan"])
def test_corpus_features_reads_the_files_once_and_reports_the_failed(
    two_tones_and_a_broken_file, monkeypatch, policy
):
    folder, (a, c), broken = two_tones_and_a_broken_file
    passes = []
    read_files = skser.io._files.read_files

    def counted(paths, *args, **kwargs):
        passes.append(len(paths))
        return read_files(paths, *args, **kwargs)

    monkeypatch.setattr(skser.io._files, "read_files", counted)
    frame, features, failures = corpus_features(
        "files", folder, progress=False, on_error=policy
    )
    # One pass over the three files (extracting twice read 3, then 2 again).
    assert passes == [3]
    assert list(failures) == [broken]
    monkeypatch.undo()
    alone = EGeMAPSExtractor().transform([c])[0]
    if policy == "skip":
        assert frame["path"].tolist() == [a, c]
        np.testing.assert_allclose(features.iloc[1], alone)
    else:
        assert frame["path"].tolist() == [a, broken, c]
        assert (
            features.iloc[1].isna().all()
            and features.iloc[[0, 2]].notna().to_numpy().all()
        )
        np.testing.assert_allclose(features.iloc[2], alone)
    assert features.shape[1] == 88 and features.index.tolist() == list(
        range(len(frame))
    )


def test_corpus_features_raises_naming_every_failed_file(two_tones_and_a_broken_file):
    folder, _, broken = two_tones_and_a_broken_file
    with pytest.raises(ExtractionError, match="from 1 file") as caught:
        corpus_features("files", folder, progress=False)
    assert list(caught.value.failures) == [broken]


def test_the_files_corpus_walks_the_folder_as_the_loaders_do(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        write_tone(
            tmp_path / folder / "take.wav",
            freq=100.0 * len(folder) + 50 * (folder == "two"),
        )
    (tmp_path / "notes.txt").write_text("not audio, not listed")
    (tmp_path / "phone.m4a").write_bytes(b"\x00")
    with pytest.warns(UserWarning, match=r"1 file\(s\) .* \(\.m4a\) .*phone\.m4a"):
        frame = _corpus_frame("files", tmp_path, None)
    # One name in two folders: two recordings; the path column only.
    assert frame.columns.tolist() == ["path"]
    assert [Path(p).parent.name for p in frame["path"]] == ["one", "two"]
    (tmp_path / "phone.m4a").unlink()
    (tmp_path / "one" / "take.flac").write_bytes(
        (tmp_path / "one" / "take.wav").read_bytes()
    )
    with pytest.raises(ValueError, match="take"):
        _corpus_frame("files", tmp_path, None)
    single = write_tone(tmp_path / "one.wav")
    assert _corpus_frame("files", single, None)["path"].tolist() == [single]
