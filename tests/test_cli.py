import argparse
import ast
import contextlib
import functools
import inspect
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from browser import render
from conftest import write_tone

import skser
import skser.cli as cli
import skser.experiments
import skser.experiments._protocol_runs as experiment
from skser.cli import main
from skser.datasets import load_bundled

OUTPUTS = ["results.csv", "predictions.csv", "table.md", "table.tex", "latent.png",
           "density.png", "results.png", "confusion.png", "training.png",
           "corpora.png", "report.html"]  # fmt: skip
FIGURES = ["results", "confusion", "latent", "density", "training", "corpora",
           "attribution"]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo run (2 folds, 1 seed, with attribution): its folder and output."""
    out = tmp_path_factory.mktemp("demo") / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["demo", "--out", str(out), "--folds", "2", "--seed", "0", "-q",
                     "--attribution"])  # fmt: skip
    return code, out, printed.getvalue()


def test_demo_writes_tables_and_figures(demo):
    code, out, printed = demo
    assert code == 0
    for name in [*OUTPUTS, "attribution.csv", "attribution_tests.csv",
                 "attribution.png"]:  # fmt: skip
        assert (out / name).stat().st_size > 0, name
    results = pd.read_csv(out / "results.csv")
    assert set(results["corpus"]) == {"emodb", "urdu"}
    assert set(results["fold"]) == {0, 1}
    assert set(results["seed"]) == {0}
    assert {"DAE", "MetricDAE (activation)", "MetricDAE (valence)", "ClusterDAE",
            "VAE", "ClusterVAE", "eGeMAPS zero-shot", "eGeMAPS supervised",
            "MetricDAE (activation) supervised",
            "MetricDAE (valence) supervised"} == set(results["model"])  # fmt: skip
    # The four classes only, and speaker-independent folds: the held-out EmoDB
    # rows of a seed are the 339 rows of the four classes, minus outliers.
    held_out = results[(results["model"] == "DAE") & (results["corpus"] == "emodb")]
    counts = held_out.groupby("metric")["value"].sum()
    assert counts["n_scored"] + counts["n_outliers"] == 339
    latex = (out / "table.tex").read_text()
    assert not re.search(r"(?<!\\)_", latex)  # no unescaped underscore
    assert "speaker-independent folds" in latex and "\\caption{" in latex
    markdown = (out / "table.md").read_text()
    assert "2 speaker-independent folds × 1 seed" in markdown
    predictions = pd.read_csv(out / "predictions.csv")
    assert set(predictions["class_set"]) == {"4class", "3class"}
    accuracy = results[results["metric"] == "balanced_accuracy_4class"]
    # Within EmoDB every model beats chance (0.25) by far.
    within = accuracy[accuracy["corpus"] == "emodb"].groupby("model")["value"].mean()
    assert (within > 0.4).all()
    assert "| MetricDAE (activation)" in printed and "latent.png" in printed
    assert f"open {out / 'report.html'} in a browser" in printed
    assert (out / "table.md").read_text().strip() in printed
    attribution = pd.read_csv(out / "attribution.csv")
    assert set(attribution["model"]) == {"DAE", "MetricDAE (activation)"}
    assert attribution["attribution"].ge(0).all()
    assert set(attribution["group"]) == {
        "pitch", "loudness", "spectral flux", "MFCC", "formants", "voice quality",
        "spectral balance", "temporal", "sound level",
    }  # fmt: skip


def test_demo_report_shows_the_run_in_a_browser(demo, tmp_path):
    _, out, _ = demo
    text = (out / "report.html").read_text(encoding="utf-8")
    # The command as typed, the run's settings and row counts, the CSV links.
    assert f"skser demo --out {out} --folds 2 --seed 0 -q --attribution" in text
    assert "2 speaker-independent folds (grouped by speaker" in text
    assert "339 of the training classes (196 of other classes left out)" in text
    assert '<a href="results.csv">' in text and '<a href="predictions.csv">' in text
    dom, probe, _ = render(out / "report.html", tmp_path)
    assert probe["errors"] == []
    assert [image["id"] for image in probe["images"]] == FIGURES
    assert all(image["complete"] and image["width"] > 100 for image in probe["images"])
    # The table as the page shows it: every model, the CCC beside adjusted R2.
    for name in ["MetricDAE (activation)", "ClusterVAE", "eGeMAPS zero-shot",
                 "CCC activation", "Adjusted R² valence"]:  # fmt: skip
        assert name in dom, name


@pytest.mark.real_data
def test_evaluate_on_corpus_folders(data_root, tmp_path, capsys):
    out = tmp_path / "out"
    code = main([
        "evaluate", "--source", f"emodb={data_root / 'emodb'}",
        "--target", f"urdu={data_root / 'urdu'}",
        "--labels", str(data_root / "das2022_labels"), "--cache", str(tmp_path / "c"),
        "--out", str(out), "--folds", "2", "-q",
    ])  # fmt: skip
    assert code == 0
    results = pd.read_csv(out / "results.csv")
    assert set(results["corpus"]) == {"emodb", "urdu"}
    assert "adjusted_r2_activation" in set(results["metric"])
    assert (out / "density.png").exists()
    # Both corpora have speaker ids: folds hold out speakers without being asked.
    assert "2 speaker-independent folds" in (out / "table.md").read_text()
    assert "evaluate --source emodb=" in (out / "report.html").read_text()


def test_evaluate_rejects_unknown_corpus(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--source", "nosuchcorpus=/data", "--target", "urdu=/data"])
    assert "expected NAME=FOLDER with NAME one of emodb" in capsys.readouterr().err


def test_extract_files(tmp_path, capsys):
    folder = tmp_path / "audio"
    folder.mkdir()
    write_tone(folder / "one.wav")
    write_tone(folder / "two.wav", freq=300.0)
    out = tmp_path / "features.csv"
    assert main(["extract", "files", str(folder), "-o", str(out), "-q"]) == 0
    table = pd.read_csv(out)
    assert table.shape == (2, 89)
    assert table["path"].str.endswith("one.wav").iloc[0]
    assert "2 files" in capsys.readouterr().out


def test_extract_in_chunks_resumes_an_interrupted_run(tmp_path, capsys):
    folder = tmp_path / "audio"
    folder.mkdir()
    for i in range(3):
        write_tone(folder / f"{i}.wav", freq=150.0 + 50 * i, seed=i)
    out = tmp_path / "features"
    command = ["extract", "files", str(folder), "-o", str(out), "--chunk-size", "2"]
    assert main([*command, "-q"]) == 0
    whole = pd.read_parquet(out)
    assert whole.shape == (3, 89)
    # Interrupted after the first chunk: the second is written again, alone.
    (out / "part-00001.parquet").unlink()
    first = (out / "part-00000.parquet").stat().st_mtime_ns
    assert main([*command, "-q"]) == 0
    assert (out / "part-00000.parquet").stat().st_mtime_ns == first
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole)
    assert "3 files" in capsys.readouterr().out


def test_extract_reports_errors(tmp_path, capsys):
    code = main(["extract", "emodb", str(tmp_path / "none"), "-o", "x.csv"])
    assert code == 1
    assert "corpus folder not found" in capsys.readouterr().err


def test_extract_files_names_a_missing_path_and_takes_one_file(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["extract", "files", str(missing), "-o", "x.csv", "-q"]) == 1
    assert f"not found: {missing}" in capsys.readouterr().err
    out = tmp_path / "one.csv"
    tone = write_tone(tmp_path / "one.wav")
    assert main(["extract", "files", tone, "-o", str(out), "-q"]) == 0
    assert pd.read_csv(out)["path"].tolist() == [tone]


@pytest.fixture
def folder_with_a_bad_file(tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    write_tone(folder / "a.wav")
    write_tone(folder / "c.wav", freq=300.0)
    (folder / "b.wav").write_text("not audio")
    return folder


@pytest.mark.parametrize("policy, rows", [("skip", 2), ("nan", 3)])
def test_extract_keeps_the_good_rows(folder_with_a_bad_file, tmp_path, capsys,
                                     policy, rows):  # fmt: skip
    out = tmp_path / "features.csv"
    code = main(["extract", "files", str(folder_with_a_bad_file), "-o", str(out),
                 "-q", "--on-error", policy])  # fmt: skip
    assert code == 1  # some file failed
    table = pd.read_csv(out)
    assert len(table) == rows
    good = table[table["path"].str.endswith(("a.wav", "c.wav"))]
    assert len(good) == 2 and good.iloc[:, 1:].notna().all().all()
    if policy == "nan":
        bad = table[table["path"].str.endswith("b.wav")]
        assert bad.iloc[:, 1:].isna().all().all()
    errors = pd.read_csv(f"{out}.errors.csv")
    assert errors["path"].str.endswith("b.wav").tolist() == [True]
    assert "b.wav" in capsys.readouterr().err


def test_extract_raises_by_default(folder_with_a_bad_file, tmp_path, capsys):
    out = tmp_path / "features.csv"
    code = main(["extract", "files", str(folder_with_a_bad_file), "-o", str(out)])
    assert code == 1 and not out.exists()
    assert "b.wav" in capsys.readouterr().err


def test_demo_checks_the_output_folder_before_training(tmp_path, monkeypatch,
                                                      capsys):  # fmt: skip
    def no_training(*args, **kwargs):
        raise AssertionError("trained before checking the output folder")

    monkeypatch.setattr(experiment, "cross_corpus_validate", no_training)
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["demo", "--out", str(blocker / "out"), "-q"]) == 1
    assert f"cannot write to the output folder {blocker / 'out'}" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("corpora", [
    ["--source", "emodb=/a", "--target", "emodb=/b"],
    ["--source", "emodb=/a", "--target", "urdu=/b", "--target", "urdu=/c"],
])  # fmt: skip
def test_evaluate_refuses_a_corpus_name_twice(corpora, tmp_path, capsys):
    assert main(["evaluate", *corpora, "--out", str(tmp_path / "o"), "-q"]) == 1
    error = capsys.readouterr().err
    assert "given more than once" in error and "not found" not in error


def test_evaluate_without_labels_leaves_metric_models_out(tmp_path, monkeypatch,
                                                          capsys):  # fmt: skip
    def bundled(name, root, *args, **kwargs):
        X, y = load_bundled(name)
        rows = np.arange(0, len(X), 4)  # a quarter: a quick run
        frame = y.iloc[rows].assign(activation=np.nan, valence=np.nan, path=root)
        return frame.reset_index(drop=True), X.iloc[rows].reset_index(drop=True), {}

    def quick_models(random_state=0, **params):
        return paper_models(random_state, max_epochs=1, hidden_layer_sizes=(4,))

    paper_models = experiment.paper_models
    monkeypatch.setattr(experiment, "corpus_features", bundled)
    monkeypatch.setattr(experiment, "paper_models", quick_models)
    out = tmp_path / "out"
    code = main(["evaluate", "--source", "emodb=/e", "--target", "urdu=/u",
                 "--out", str(out), "--folds", "2", "--seed", "0", "-q"])  # fmt: skip
    assert code == 0
    error = capsys.readouterr().err
    for label in ["activation", "valence"]:
        assert (
            f"note: MetricDAE ({label}) left out: the source has 0 row(s) labelled "
            f"with '{label}'" in error
        )
    models = set(pd.read_csv(out / "results.csv")["model"])
    assert not any(name.startswith("MetricDAE") for name in models)
    assert {"DAE", "ClusterDAE", "VAE", "ClusterVAE"} <= models


@pytest.mark.parametrize(
    "command",
    [
        "demo",
        "evaluate",
        "extract",
        "train",
        "predict",
        "robustness",
        "augment",
        "label-fractions",
    ],  # fmt: skip
)
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: skser " + command in capsys.readouterr().out


def test_extract_labels_only_for_annotated_corpora(tmp_path, capsys):
    code = main(["extract", "savee", str(tmp_path), "-o", "x.csv", "--labels", "y"])
    assert code == 1
    assert (
        "annotated emodb, urdu, cafe, aesdd only, not savee" in capsys.readouterr().err
    )


@pytest.fixture
def quick_evaluate(monkeypatch):
    """``skser evaluate`` on a quarter of the bundled features, tiny models."""
    lacking = []

    def bundled(name, root, *args, **kwargs):
        X, y = load_bundled(name)
        rows = np.arange(0, len(X), 4)
        frame = y.iloc[rows].assign(path=root)
        if name in lacking:
            frame = frame.drop(columns="speaker")
        return frame.reset_index(drop=True), X.iloc[rows].reset_index(drop=True), {}

    def quick_models(random_state=0, **params):
        return paper_models(random_state, max_epochs=1, hidden_layer_sizes=(4,))

    paper_models = experiment.paper_models
    monkeypatch.setattr(experiment, "corpus_features", bundled)
    monkeypatch.setattr(experiment, "paper_models", quick_models)
    return lacking


@pytest.mark.parametrize("given, lacking, folds", [
    ([], [], "2 speaker-independent folds"),
    (["--group", "none"], [], "2 stratified folds (speakers not held out)"),
    ([], ["urdu"], "2 stratified folds (speakers not held out)"),
])  # fmt: skip
def test_evaluate_holds_out_speakers_when_every_corpus_has_them(
    quick_evaluate, tmp_path, capsys, given, lacking, folds
):
    quick_evaluate.extend(lacking)
    out = tmp_path / "out"
    code = main(["evaluate", "--source", "emodb=/e", "--target", "urdu=/u",
                 "--out", str(out), "--folds", "2", "--seed", "0", "-q",
                 *given])  # fmt: skip
    assert code == 0
    assert folds in (out / "table.md").read_text()
    assert folds in (out / "report.html").read_text(encoding="utf-8")
    note = "note: stratified folds, not speaker-independent: corpus urdu has no "
    assert (note in capsys.readouterr().err) == bool(lacking)


def test_evaluate_help_says_folds_hold_out_speakers(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    assert "(default: auto)" in " ".join(capsys.readouterr().out.split())


# Each subcommand, the fewest arguments it takes, and the one function of
# skser.experiments that it calls with them.
SUBCOMMANDS = {
    "demo": (["demo", "-q"], "run_demo"),
    "evaluate": (
        ["evaluate", "--source", "emodb=/e", "--target", "urdu=/u"],
        "run_evaluate",
    ),
    "extract": (["extract", "files", "/audio", "-o", "f.csv"], "run_extract"),
    "train": (["train", "--bundled", "emodb", "-o", "m.skser"], "train_and_save"),
    "predict": (["predict", "m.skser", "a.wav"], "predict_files"),
    "robustness": (["robustness", "/data"], "run_robustness"),
    "end-to-end": (["end-to-end", "waveforms.npz"], "run_end_to_end"),
    "augment": (["augment"], "run_augmentation"),
    "label-fractions": (["label-fractions"], "run_label_fractions"),
}


class ReachedError(Exception):
    """Raised by a stand-in of an experiments function: the handler reached it."""


def test_every_subcommand_is_listed_here():
    commands = next(
        action
        for action in cli._parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    assert set(commands.choices) == set(SUBCOMMANDS)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_only_parses_and_calls_its_experiment(command, monkeypatch):
    argv, expected = SUBCOMMANDS[command]
    calls = []
    for name in skser.experiments.__all__:
        real = getattr(skser.experiments, name)
        if not inspect.isfunction(real):
            continue

        # wraps: the parser reads each option's default from the real signature.
        @functools.wraps(real)
        def stand_in(*args, _name=name, **kwargs):
            calls.append((_name, args, kwargs))
            raise ReachedError(_name)

        monkeypatch.setattr(skser.experiments, name, stand_in)
        if hasattr(cli, name):
            monkeypatch.setattr(cli, name, stand_in)
    with pytest.raises(ReachedError):
        cli.main(argv)
    assert [name for name, _, _ in calls] == [expected]
    _, args, kwargs = calls[0]
    if command == "extract":
        assert kwargs == {"corpus": "files", "root": "/audio", "out": "f.csv",
                          "n_jobs": 1}  # fmt: skip
    if command == "predict":
        assert args == ("m.skser", ["a.wav"])


def test_the_cli_sets_agg_before_pyplot_is_imported(tmp_path):
    # A fresh process, with another non-interactive backend asked for: the command
    # line draws into files with Agg, set before the experiments import pyplot.
    script = (
        "import functools, sys, matplotlib\n"
        "import skser.cli\n"
        "@functools.wraps(skser.cli.run_extract)\n"
        "def run_extract(**options):\n"
        "    pyplot = 'matplotlib.pyplot' in sys.modules\n"
        "    print(matplotlib.get_backend().lower(), pyplot)\n"
        "    raise SystemExit(0)\n"
        "skser.cli.run_extract = run_extract\n"
        "skser.cli.main(['extract', 'files', 'x', '-o', 'y.csv'])\n"
    )
    here = str(Path(skser.__file__).parents[1])  # this checkout's skser
    env = {**os.environ, "MPLBACKEND": "pdf", "PYTHONPATH": here}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True,
                          text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert done.stdout.split() == ["agg", "False"], done.stderr


def test_only_the_cli_chooses_a_matplotlib_backend():
    # A library user's backend (a notebook's inline one) is theirs: no module of
    # skser but the command line sets one.
    package = Path(skser.__file__).parent
    setters = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("use", "switch_backend") and getattr(
                    node.func.value, "id", ""
                ) in ("matplotlib", "plt", "pyplot", "mpl"):
                    setters.append(f"{path.relative_to(package)}:{node.lineno}")
            if isinstance(node, ast.Constant) and node.value == "MPLBACKEND":
                setters.append(f"{path.relative_to(package)}:{node.lineno}")
    assert [where.split(":")[0] for where in setters] == ["cli.py"]
