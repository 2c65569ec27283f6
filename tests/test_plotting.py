import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from skser.plotting import (  # noqa: E402
    plot_confusion_matrices,
    plot_group_attributions,
    plot_latent,
    plot_latent_density,
    plot_results,
)


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
    figure = plot_latent(data, model="MetricDAE (activation)")
    assert figure._suptitle.get_text() == (
        "MetricDAE (activation): latent code coloured by activation"
    )
    panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in panels] == [
        "EmoDB (n = 60, 1 outside the view)", "URDU (n = 40)",
    ]  # fmt: skip
    assert [len(ax.collections[0].get_offsets()) for ax in panels] == [60, 40]
    assert panels[0].get_xlim()[1] < 100
    assert panels[0].get_xlabel() == "latent dimension 0"
    assert any(ax.get_ylabel() == "activation" for ax in figure.axes)
    plt.close(figure)


def test_density_overlays_target_on_source():
    figure = plot_latent_density(codes(), "emodb")
    (ax,) = figure.axes
    assert ax.get_title() == "URDU over EmoDB"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "EmoDB (source)", "URDU (transfer)",
    ]  # fmt: skip
    assert len(ax.collections) == 2  # two contour sets
    plt.close(figure)
    with pytest.raises(ValueError, match="source 'iemocap' not in codes"):
        plot_latent_density(codes(), "iemocap")


def results_frame():
    return pd.DataFrame(
        [{"fold": f, "model": m, "corpus": c,
          "role": "source" if c == "emodb" else "target",
          "metric": "balanced_accuracy_4class", "value": 0.5 + 0.1 * f}
         for f in range(3) for m in ["DAE", "VAE", "eGeMAPS zero-shot"]
         for c in ["emodb", "urdu"]]
    )  # fmt: skip


def test_results_bars_with_chance_and_stated_error_bars():
    results = results_frame()
    figure = plot_results(results)
    (ax,) = figure.axes
    assert len(ax.patches) == 6  # 3 models x 2 corpora
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "EmoDB\n(held-out folds)", "URDU\n(transfer)",
    ]  # fmt: skip
    assert [t.get_text() for t in figure.legends[0].get_texts()] == [
        "DAE", "VAE", "eGeMAPS zero-shot", "chance (0.25)",
    ]  # fmt: skip
    assert ax.patches[0].get_height() == pytest.approx(0.6)
    (chance,) = [x for x in ax.get_lines() if x.get_label().startswith("chance")]
    assert chance.get_ydata()[0] == pytest.approx(0.25)
    assert "trained on EmoDB" in ax.get_title()
    assert "±1 std over 3 folds" in ax.get_title()
    assert ax.get_ylabel() == "Balanced accuracy, 4 classes"
    latent, reference = ax.patches[0], ax.patches[4]
    assert latent.get_facecolor()[:3] != (1.0, 1.0, 1.0)
    assert reference.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert reference.get_hatch()
    plt.close(figure)
    with pytest.raises(ValueError, match="metric 'r2' not in the results"):
        plot_results(results, "r2")


def test_results_error_bars_span_folds_and_seeds():
    results = pd.concat([results_frame().assign(seed=s) for s in range(2)])
    results["metric"] = "adjusted_r2_activation"
    figure = plot_results(results, "adjusted_r2_activation")
    (ax,) = figure.axes
    assert "std over 3 folds x 2 seeds" in ax.get_title()
    assert "chance" not in [t.get_text() for t in figure.legends[0].get_texts()][-1]
    plt.close(figure)


def attribution_table(scale):
    # Outputs are class scores: each class's own row is drawn.
    index = pd.MultiIndex.from_product(
        [["neutral", "angry"], ["neutral", "angry"]], names=["output", "class"]
    )
    values = scale * np.array([[1.0, 2.0], [9.0, 9.0], [9.0, 9.0], [3.0, 4.0]])
    return pd.DataFrame(values, index=index, columns=["pitch", "loudness"])


def test_attribution_heatmap_scales_per_model_and_marks_holm_significance():
    tables = {"DAE": attribution_table(1.0), "MetricDAE": attribution_table(100.0)}
    comparisons = pd.DataFrame(
        [{"model": "DAE", "output": "angry", "class_a": "neutral",
          "class_b": "angry", "group": "loudness", "p_holm": 0.0005},
         {"model": "DAE", "output": "angry", "class_a": "neutral",
          "class_b": "angry", "group": "pitch", "p_holm": 0.2},
         {"model": "DAE", "output": "neutral", "class_a": "neutral",
          "class_b": "angry", "group": "pitch", "p_holm": 0.001}]
    )  # fmt: skip
    figure = plot_group_attributions(tables, comparisons, method="GradientShap",
                                     corpus="emodb")  # fmt: skip
    panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in panels] == ["DAE", "MetricDAE"]
    # groups x classes: neutral's own output (1, 2), angry's own output (3, 4).
    np.testing.assert_array_equal(
        panels[0].images[0].get_array(), [[1.0, 3.0], [2.0, 4.0]]
    )
    assert [ax.images[0].get_clim() for ax in panels] == [(0, 4.0), (0, 400.0)]
    # Only angry's own output counts: loudness marked, pitch (p = 0.2) not.
    marks = {(t.get_position(), t.get_text()) for t in panels[0].texts}
    assert marks == {((1, 1), "***")}
    assert not panels[1].texts
    title = figure._suptitle.get_text()
    assert title.startswith("GradientShap attributions by feature group on EmoDB")
    assert "colour scale per model" in title and "differs from neutral" in title
    plt.close(figure)


def test_confusion_matrices_normalise_rows_per_model_and_corpus():
    predictions = pd.DataFrame(
        {"model": "DAE", "corpus": ["emodb"] * 4 + ["urdu"] * 2,
         "true": ["sad", "sad", "angry", "angry", "sad", "angry"],
         "predicted": ["sad", "angry", "angry", "angry", "angry", "angry"],
         "class_set": "4class", "fold": [0, 1, 0, 1, 0, 1]}
    )  # fmt: skip
    other = predictions.assign(class_set="3class", predicted="sad")
    figure = plot_confusion_matrices(pd.concat([predictions, other]))
    panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in panels] == ["DAE\nEmoDB (n = 4)",
                                                 "DAE\nURDU (n = 2)"]  # fmt: skip
    # 4class order: neutral, sad, happy, angry; only sad and angry occur.
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["sad", "angry"]
    np.testing.assert_array_equal(
        panels[0].images[0].get_array(), [[0.5, 0.5], [0.0, 1.0]]
    )
    np.testing.assert_array_equal(
        panels[1].images[0].get_array(), [[0.0, 1.0], [0.0, 1.0]]
    )
    assert "Confusion matrices, 4 classes" in figure._suptitle.get_text()
    assert "pooled over 2 folds" in figure._suptitle.get_text()
    plt.close(figure)
    with pytest.raises(ValueError, match="class set '2class' not in the predict"):
        plot_confusion_matrices(predictions, class_set="2class")
    with pytest.raises(ValueError, match="lack column.s. predicted"):
        plot_confusion_matrices(predictions.drop(columns="predicted"))


def test_supervised_metric_references_look_like_references():
    results = results_frame()
    results["model"] = results["model"].replace(
        {"VAE": "MetricDAE (activation) supervised"}
    )
    figure = plot_results(results)
    (ax,) = figure.axes
    # Bars are drawn model by model, one per corpus: DAE, then the two references.
    dae, supervised = ax.patches[0], ax.patches[2]
    assert not dae.get_hatch()
    assert supervised.get_hatch()
    assert supervised.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    plt.close(figure)
