"""The figures drawn without being asked: training histories and corpus overviews."""

import sys
import types

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

from skser import DAE  # noqa: E402
from skser.plotting import (  # noqa: E402
    history_terms,
    plot_corpus_overview,
    plot_training_history,
)

HISTORY = [
    {"epoch": 1, "train_batch_count": 2, "train_reconstruction": 1.0,
     "train_kl": 0.5, "dur": 0.1, "train_loss": 1.5, "train_loss_best": True},
    {"epoch": 2, "train_batch_count": 2, "train_reconstruction": 0.8,
     "train_kl": 0.25, "dur": 0.1, "train_loss": 1.05, "train_loss_best": True},
    {"epoch": 3, "train_batch_count": 2, "train_reconstruction": 0.6,
     "dur": 0.1, "train_loss": 0.6, "train_loss_best": True},
]  # fmt: skip


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_history_terms_are_the_loss_terms_per_epoch():
    terms = history_terms(HISTORY)
    assert list(terms) == ["train_reconstruction", "train_kl", "train_loss"]
    np.testing.assert_array_equal(terms["train_reconstruction"], [1.0, 0.8, 0.6])
    # An epoch that did not record a term has NaN there, not a shifted curve.
    np.testing.assert_array_equal(terms["train_kl"], [0.5, 0.25, np.nan])


def test_training_history_draws_each_term_and_the_total():
    figure = plot_training_history({"VAE": HISTORY})
    (ax,) = [ax for ax in figure.axes if ax.get_visible() and ax.lines]
    lines = {line.get_label(): line for line in ax.lines}
    assert set(lines) == {"reconstruction", "kl", "total loss"}
    np.testing.assert_array_equal(lines["kl"].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines["total loss"].get_ydata(), [1.5, 1.05, 0.6])
    assert lines["total loss"].get_color() == "black"
    assert ax.get_yscale() == "log"  # every value positive
    assert ax.get_title() == "VAE (3 epochs)"


def test_training_history_one_term_is_the_total_and_zero_stays_linear():
    history = [{"train_reconstruction": v, "train_loss": v, "train_metric": 0.0}
               for v in (2.0, 1.0)]  # fmt: skip
    (ax,) = plot_training_history({"DAE": history}).axes
    labels = [line.get_label() for line in ax.lines]
    # The total would hide under its only non-zero term: one line says both.
    assert labels == ["reconstruction (= total loss)", "metric"]
    assert ax.get_yscale() == "linear"  # a zero has no logarithm


def test_training_history_of_a_fitted_model_and_of_an_unfitted_one():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5)).astype(np.float32)
    model = DAE(hidden_layer_sizes=(4,), max_epochs=2, random_state=0).fit(X)
    figure = plot_training_history(model)
    (ax,) = figure.axes
    assert ax.get_title() == "DAE (2 epochs)"
    np.testing.assert_allclose(
        ax.lines[0].get_ydata(), [e["train_reconstruction"] for e in model.history_]
    )
    with pytest.raises(TypeError, match="DAE has no training history"):
        plot_training_history(DAE())


def corpora(n=60, seed=0):
    rng = np.random.default_rng(seed)
    columns = [f"f{i}" for i in range(4)]
    a = pd.DataFrame(rng.normal(0, 1, (n, 4)), columns=columns)
    b = pd.DataFrame(rng.normal(3, 2, (n // 2, 4)), columns=columns[::-1])
    emotions = np.array(["neutral", "sad", "happy", "angry"])
    y_a = pd.DataFrame({"emotion": emotions[np.arange(n) % 4]})
    y_b = pd.DataFrame({"emotion": emotions[np.arange(n // 2) % 4]})
    y_b.loc[0, "emotion"] = None
    return {"a": (a, y_a), "b": (b, y_b)}


def scatter_points(ax):
    return np.vstack([c.get_offsets() for c in ax.collections])


def test_corpus_overview_is_the_pca_of_the_pooled_standardised_rows():
    data = corpora()
    figure = plot_corpus_overview(data, method="pca")
    by_corpus, by_emotion = figure.axes[:2]
    # Independently: columns matched by name, standardised together, sklearn PCA.
    pooled = pd.concat([data["a"][0], data["b"][0][data["a"][0].columns]])
    pooled = (pooled - pooled.mean()) / pooled.std(ddof=0)
    expected = PCA(2, random_state=0).fit_transform(pooled.to_numpy())
    np.testing.assert_allclose(scatter_points(by_corpus), expected, atol=1e-10)
    # Every row once per panel; the emotion panel in class order, unlabelled grey.
    assert len(scatter_points(by_emotion)) == 90
    labels = by_emotion.get_legend_handles_labels()[1]
    assert labels == ["neutral", "sad", "happy", "angry", "no emotion label"]
    assert by_corpus.get_legend_handles_labels()[1] == ["a (60)", "b (30)"]
    assert by_corpus.get_xlabel().startswith("PC 1 (")


def test_corpus_overview_per_corpus_scaling_removes_the_shift():
    data = corpora()
    figure = plot_corpus_overview(data, method="pca", scaling="per_corpus")
    points = scatter_points(figure.axes[0])
    # Each corpus centred on its own: both clouds' means sit at the origin.
    np.testing.assert_allclose(points[:60].mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(points[60:].mean(axis=0), 0, atol=1e-10)


def test_corpus_overview_leaves_out_rows_with_missing_features():
    data = corpora()
    data["a"][0].iloc[3, 2] = np.nan
    figure = plot_corpus_overview(data, method="pca")
    assert len(scatter_points(figure.axes[0])) == 89
    assert "1 rows with missing features left out" in figure.get_suptitle()


def test_corpus_overview_uses_umap_when_it_is_installed(monkeypatch):
    calls = []

    class FakeUMAP:
        def __init__(self, n_components, random_state):
            calls.append((n_components, random_state))

        def fit_transform(self, values):
            return values[:, :2] * 0 + np.arange(len(values))[:, None]

    monkeypatch.setitem(sys.modules, "umap", types.SimpleNamespace(UMAP=FakeUMAP))
    figure = plot_corpus_overview(corpora(), random_state=7)
    assert calls == [(2, 7)]
    assert figure.axes[0].get_xlabel() == "UMAP 1"
    np.testing.assert_array_equal(scatter_points(figure.axes[0])[:, 0], np.arange(90))


def test_corpus_overview_refuses_what_it_cannot_draw(monkeypatch):
    monkeypatch.setitem(sys.modules, "umap", None)  # import umap fails
    with pytest.raises(ImportError, match="pip install umap-learn"):
        plot_corpus_overview(corpora(), method="umap")
    assert plot_corpus_overview(corpora()).axes[0].get_xlabel().startswith("PC 1")
    with pytest.raises(ValueError, match="method must be one of auto, pca, umap"):
        plot_corpus_overview(corpora(), method="tsne")
    data = corpora()
    data["b"] = (data["b"][0].drop(columns="f2"), data["b"][1])
    with pytest.raises(ValueError, match="corpus 'b' lacks the feature column"):
        plot_corpus_overview(data, method="pca")
