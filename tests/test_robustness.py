import numpy as np
import pandas as pd
import pytest
import soundfile as sf
import torch
from sklearn.base import BaseEstimator, ClassifierMixin

from skser import RawCNNLSTMClassifier
from skser.evaluation import evaluate_robustness, robustness_experiment
from skser.nn import fgsm
from skser.plotting import plot_robustness
from skser.utils import RESULT_COLUMNS


def test_fgsm_moves_every_sample_by_epsilon_and_raises_the_loss():
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(6, 3))
    X = np.random.default_rng(0).standard_normal((10, 6)).astype(np.float32)
    y = np.arange(10) % 3
    adversarial = fgsm(module, X, y, epsilon=0.05, batch_size=4)
    np.testing.assert_allclose(np.abs(adversarial - X), 0.05, rtol=1e-5)

    def loss(inputs):
        logits = module(torch.from_numpy(inputs))
        return torch.nn.functional.cross_entropy(logits, torch.from_numpy(y)).item()

    assert loss(adversarial) > loss(X)
    np.testing.assert_array_equal(fgsm(module, X, y, epsilon=0.0), X)


class _SignOfFile(ClassifierMixin, BaseEstimator):
    """Reads each file and predicts 'pos' when its mean is positive."""

    def fit(self, X, y):
        self.classes_ = np.array(["neg", "pos"])
        return self

    def predict(self, X):
        return np.array(["pos" if sf.read(p)[0].mean() > 0 else "neg" for p in X])


def test_frame_scores_file_models_and_differentiable_ones():
    X = np.vstack([np.full((4, 200), 0.5), np.full((4, 200), -0.5)]).astype(np.float32)
    y = np.array(["pos"] * 4 + ["neg"] * 4)
    raw = RawCNNLSTMClassifier(sampling_rate=1000, max_epochs=1, random_state=0)
    models = {"sign": _SignOfFile().fit(X, y), "raw": raw.fit(X, y)}
    results = evaluate_robustness(
        models, X, y, snrs=[10], epsilons=[0.01],
        cross_corpus={"flipped": (-X, y)}, random_state=0,
    )  # fmt: skip
    # The tidy schema: one row per model, condition and metric.
    assert list(results.columns) == [*RESULT_COLUMNS, "condition", "level"]
    assert set(results.metric) == {"balanced_accuracy_2class", "n_scored"}
    uar = results[results.metric == "balanced_accuracy_2class"]
    sign = uar[uar.model == "sign"].set_index("condition")
    # the files hold the waveforms: clean is perfect, the flipped corpus all wrong
    assert sign.loc["clean", "value"] == 1.0
    assert sign.loc["cross-corpus", "value"] == 0.0
    assert sign.loc["cross-corpus", "corpus"] == "flipped"
    assert sign.loc["cross-corpus", "role"] == "target"
    assert set(sign.loc[["clean", "white"], "role"]) == {"source"}
    assert "fgsm" not in sign.index  # no gradients for a file model
    assert set(results.query("metric == 'n_scored'").value) == {8.0}
    conditions = uar[uar.model == "raw"].condition.tolist()
    assert conditions == ["clean", "white", "babble", "fgsm", "cross-corpus"]
    figure = plot_robustness(results)
    white = figure.axes[0]
    assert white.get_title() == "white noise"
    assert white.get_ylabel() == "Balanced accuracy, 2 classes"
    lines = [line for line in white.get_lines() if line.get_label() in models]
    assert [line.get_label() for line in lines] == ["sign", "raw"]
    np.testing.assert_allclose(
        lines[0].get_ydata(),
        [1.0, uar.query("model == 'sign' and condition == 'white'").value.iloc[0]],
    )
    # chance (1 / 2 classes) marked on every panel
    assert all(
        any(list(line.get_ydata()) == [0.5, 0.5] for line in axis.get_lines())
        for axis in figure.axes
    )


def test_plot_robustness_needs_one_accuracy_metric():
    results = pd.DataFrame({
        "seed": 0, "fold": 0, "model": "a", "corpus": "test", "role": "source",
        "metric": ["balanced_accuracy_4class", "balanced_accuracy_3class"],
        "value": 0.5, "condition": "clean", "level": np.nan,
    })  # fmt: skip
    with pytest.raises(ValueError, match="one balanced_accuracy_<class set> metric"):
        plot_robustness(results)


def test_the_old_path_of_plot_robustness_warns_and_names_the_new_one():
    import skser.robustness

    expected = "0.6: import plot_robustness from skser.plotting"
    with pytest.warns(FutureWarning, match=expected):
        assert skser.robustness.plot_robustness is plot_robustness


@pytest.mark.real_data
def test_experiment_on_a_small_copy_of_the_corpora(small_corpora):
    results = robustness_experiment(
        small_corpora, models=("raw_cnn_lstm", "egemaps_svc"), duration=0.3,
        max_epochs=1, snrs=[10], epsilons=[0.01], test_size=0.3,
    )  # fmt: skip
    assert set(results.model) == {"raw_cnn_lstm", "egemaps_svc"}
    counts = results[results.metric == "n_scored"]
    urdu = counts[counts.condition == "cross-corpus"]
    assert (urdu.corpus == "urdu").all() and (urdu.value == 12).all()
    assert set(urdu.role) == {"target"}
    test_rows = counts[counts.condition == "clean"].value
    assert (test_rows == 8).all()  # one held-out speaker: 4 classes x 2 files


@pytest.mark.real_data
def test_robustness_command_writes_the_frame_and_the_plot(small_corpora, tmp_path):
    from skser.cli import main

    out = tmp_path / "out"
    code = main(
        ["robustness", str(small_corpora), "--models", "egemaps_svc",
         "raw_cnn_lstm", "--epochs", "2", "--duration", "0.3", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    results = pd.read_csv(out / "robustness.csv")
    assert set(results.condition) >= {"clean", "cross-corpus"}
    counts = results[results.metric == "n_scored"]
    assert (counts[counts.condition == "clean"].value == 8).all()
    assert (out / "robustness.png").stat().st_size > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    # The results and the network's training history, embedded (no network).
    assert report.count('<img src="data:image/png;base64,') == 2
    assert '<figure id="training">' in report
    assert "skser robustness " in report and '<a href="robustness.csv">' in report
    assert "<td>URDU</td><td>other corpus (test only)</td><td>12</td>" in report


def test_robustness_table_has_one_column_per_condition():
    from skser.evaluation import robustness_table

    results = pd.DataFrame({
        "seed": 0, "fold": 0, "model": ["cnn", "cnn", "cnn", "svc", "svc"],
        "corpus": ["test", "test", "test", "test", "urdu"],
        "role": ["source"] * 4 + ["target"], "metric": "balanced_accuracy_4class",
        "value": [0.5, 0.25, 0.125, 0.75, 1 / 3],
        "condition": ["clean", "white", "fgsm", "clean", "cross-corpus"],
        "level": [np.nan, 10.0, 0.003, np.nan, np.nan],
    })  # fmt: skip
    counts = results.assign(metric="n_scored", value=8.0)
    results = pd.concat([results, counts], ignore_index=True)
    table = robustness_table(results)
    assert list(table.columns) == [
        "clean", "white noise 10 dB", "FGSM ε = 0.003", "URDU (other corpus)"
    ]  # fmt: skip
    assert table.loc["cnn"].tolist() == ["0.50", "0.25", "0.12", "-"]
    assert table.loc["svc"].tolist() == ["0.75", "-", "-", "0.33"]


def _uar_rows(models, corpus="test"):
    rows = []
    for i, model in enumerate(models):
        for condition, level in (("clean", np.nan), ("white", 10.0)):
            rows.append({"seed": 0, "fold": -1, "model": model, "corpus": "test",
                         "role": "source", "metric": "balanced_accuracy_4class",
                         "value": 0.5 - 0.1 * i, "condition": condition,
                         "level": level})  # fmt: skip
        rows.append({**rows[-1], "condition": "cross-corpus", "level": np.nan,
                     "corpus": corpus, "role": "target"})  # fmt: skip
    return pd.DataFrame(rows)


def test_a_model_keeps_its_colour_in_every_robustness_figure():
    from matplotlib.colors import to_hex

    from skser.plotting import PALETTE

    def colours(figure):
        lines = {
            line.get_label(): to_hex(line.get_color())
            for line in figure.axes[0].get_lines()
            if not line.get_label().startswith("_")
        }  # chance: unlabelled
        bars = [to_hex(bar.get_facecolor()) for bar in figure.axes[-1].patches]
        return lines, bars

    # EmoDB's figure draws three models, URDU's (as an end-to-end run does) one
    # fewer and in another order: the SVM must not take the raw network's colour.
    emodb = colours(plot_robustness(_uar_rows(
        ["raw CNN-LSTM", "CNN", "eGeMAPS + linear SVM"], "urdu")))  # fmt: skip
    urdu = colours(plot_robustness(_uar_rows(["eGeMAPS + linear SVM", "CNN"])))
    assert emodb[0]["eGeMAPS + linear SVM"] == urdu[0]["eGeMAPS + linear SVM"]
    assert emodb[0] == {"raw CNN-LSTM": PALETTE[0].lower(), "CNN": PALETTE[2].lower(),
                        "eGeMAPS + linear SVM": "#000000"}  # fmt: skip
    assert urdu[1] == ["#000000", PALETTE[2].lower()]  # the bars too
    # a model of no table gets the same colour wherever it is drawn
    alone = colours(plot_robustness(_uar_rows(["mine"])))[0]["mine"]
    assert colours(plot_robustness(_uar_rows(["CNN", "mine"])))[0]["mine"] == alone
