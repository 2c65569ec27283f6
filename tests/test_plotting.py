import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from skser.plotting import plot_latent, plot_latent_density, plot_results  # noqa: E402


def codes(n_source=60, n_target=40):
    rng = np.random.default_rng(0)

    def frame(n, shift):
        z = rng.normal(shift, 1, (n, 2))
        return pd.DataFrame({"latent0": z[:, 0], "latent1": z[:, 1],
                             "activation": rng.uniform(1, 5, n)})  # fmt: skip

    return {"emodb": frame(n_source, 0), "urdu": frame(n_target, 1)}


def test_latent_scatter_draws_every_point():
    data = codes()
    data["emodb"].loc[0, "latent0"] = 500.0  # an outlier stays drawn, off view
    figure = plot_latent(data)
    panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in panels] == [
        "emodb (n = 60, 1 outside the view)", "urdu (n = 40)",
    ]  # fmt: skip
    assert [len(ax.collections[0].get_offsets()) for ax in panels] == [60, 40]
    assert panels[0].get_xlim()[1] < 100
    assert any(ax.get_ylabel() == "activation" for ax in figure.axes)
    plt.close(figure)


def test_density_overlays_target_on_source():
    figure = plot_latent_density(codes(), "emodb")
    (ax,) = figure.axes
    assert ax.get_title() == "urdu over emodb"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["emodb", "urdu"]
    assert len(ax.collections) == 2  # two contour sets
    plt.close(figure)
    with pytest.raises(ValueError, match="source 'iemocap' not in codes"):
        plot_latent_density(codes(), "iemocap")


def test_results_bars_with_error_bars():
    results = pd.DataFrame(
        [{"fold": f, "model": m, "corpus": c, "role": "source",
          "metric": "balanced_accuracy_4class", "value": 0.5 + 0.1 * f}
         for f in range(3) for m in ["DAE", "VAE", "ref"] for c in ["emodb", "urdu"]]
    )  # fmt: skip
    figure = plot_results(results)
    (ax,) = figure.axes
    assert len(ax.patches) == 6  # 3 models x 2 corpora
    assert [t.get_text() for t in ax.get_xticklabels()] == ["emodb", "urdu"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["DAE", "VAE", "ref"]
    assert ax.patches[0].get_height() == pytest.approx(0.6)
    plt.close(figure)
    with pytest.raises(ValueError, match="metric 'r2' not in the results"):
        plot_results(results, "r2")
