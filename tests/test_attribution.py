import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from skser import (  # noqa: E402
    DAE,
    EGEMAPS_GROUPS,
    MetricDAE,
    MultiTaskAAE,
    OutlierFilter,
    TargetColumn,
    make_pipeline,
)
from skser.datasets import load_bundled, to_class_set  # noqa: E402
from skser.inspection import (  # noqa: E402
    compare_classes,
    feature_attributions,
    group_attributions,
)
from skser.plotting import plot_group_attributions  # noqa: E402

FAST = {"max_epochs": 2, "random_state": 0}


@pytest.fixture(scope="module")
def emodb():
    X, y = load_bundled("emodb")
    four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
    return X[four].iloc[::3], y[four].iloc[::3]


def features_of(*groups):
    return [
        i for i, name in enumerate(EGEMAPS_GROUPS) if EGEMAPS_GROUPS[name] in groups
    ]


@pytest.fixture(scope="module")
def synthetic(emodb):
    """A fitted pipeline whose code reads pitch strongly, loudness weakly, no more."""
    X, y = emodb
    pipe = make_pipeline(StandardScaler(), DAE(**FAST)).fit(X)
    first = pipe[-1].net_.module_.encoder[0]
    with torch.no_grad():
        weight = torch.zeros_like(first.weight)
        weight[:, features_of("pitch")] = 1.0
        weight[:, features_of("loudness")] = 0.2
        first.weight.copy_(weight)
        first.bias.fill_(1.0)  # keep the ReLUs open
    return pipe


def test_attributions_vanish_for_unused_features_and_groups_rank(synthetic, emodb):
    X, y = emodb
    attributions = feature_attributions(synthetic, X, y["emotion"])
    unused = [c for c in X.columns if EGEMAPS_GROUPS[c] not in ("pitch", "loudness")]
    assert np.abs(attributions[unused].to_numpy()).max() == 0.0
    grouped = group_attributions(attributions)
    order = grouped.mean().sort_values(ascending=False)
    assert list(order.index[:2]) == ["pitch", "loudness"]
    assert (order.iloc[2:] == 0).all()


@pytest.mark.parametrize(
    "method", ["integrated_gradients", "deeplift", "gradient_shap"]
)
def test_completeness(method, emodb):
    # Attributions sum to the output at the input minus the output at the baseline.
    X, y = emodb
    pipe = make_pipeline(
        OutlierFilter(), StandardScaler(), MetricDAE(target="activation", **FAST),
        TargetColumn(LinearSVC(), "emotion"),
    ).fit(X, y)  # fmt: skip
    attributions = feature_attributions(pipe, X.iloc[:20], method=method, n_steps=200)
    features = list(X.columns)
    decision = pipe.decision_function(X.iloc[:20])
    at_mean = pipe.decision_function(pd.DataFrame([pipe[1].mean_], columns=features))
    for k, output in enumerate(pipe.classes_):
        rows = attributions[attributions["output"] == output]
        total = rows[features].sum(axis=1).to_numpy()
        expected = decision[:, k] - at_mean[0, k]
        if method == "gradient_shap":  # an expectation over samples: on average
            assert np.mean(total) == pytest.approx(np.mean(expected), abs=0.05)
        elif method == "integrated_gradients":
            # The integral's quadrature misses completeness by captum's convergence
            # delta (sum of attributions minus the output difference). Less the
            # delta, the sum is the pipeline's own output difference (up to the
            # float32 rounding of the code); the delta itself is small (0.4% of
            # the largest output difference at 200 steps).
            delta = rows["delta"].to_numpy()
            np.testing.assert_allclose(total - delta, expected, rtol=0, atol=1e-6)
            assert np.abs(delta).max() <= 0.05 * np.abs(expected).max()
        else:
            np.testing.assert_allclose(total, expected, atol=1e-3)


def test_latent_outputs_and_custom_baseline(synthetic, emodb):
    X, _ = emodb
    attributions = feature_attributions(synthetic, X.iloc[:5], baseline=X.iloc[0])
    assert list(attributions["output"].unique()) == ["latent0", "latent1"]
    first_row = attributions[attributions["sample"] == X.index[0]]
    assert np.abs(first_row[list(X.columns)].to_numpy()).max() == 0.0  # at baseline
    assert attributions["class"].isna().all()


def test_compare_classes_tidy_and_holm(synthetic, emodb):
    X, y = emodb
    attributions = feature_attributions(synthetic, X, y["emotion"])
    comparison = compare_classes(attributions, pairs=[("neutral", "angry")])
    assert set(comparison["group"]) == set(EGEMAPS_GROUPS.values())
    assert list(comparison.columns) == [
        "output", "class_a", "class_b", "group", "mean_a", "mean_b", "difference",
        "statistic", "p_value", "p_holm",
    ]  # fmt: skip
    tested = comparison.dropna(subset=["p_value"])
    assert (tested["p_holm"] >= tested["p_value"]).all()
    mann = compare_classes(
        attributions, pairs=[("neutral", "angry")], test="mannwhitney"
    )
    assert not np.allclose(mann["statistic"], comparison["statistic"], equal_nan=True)
    with pytest.raises(ValueError, match="class.*boredom not in the attributions"):
        compare_classes(attributions, pairs=[("neutral", "boredom")])


def test_adversarial_autoencoder_codes_are_attributed(emodb):
    # MultiTaskAAE has no latent_dim: its code is the emotion softmax and the style
    # code, named by get_feature_names_out; completeness holds for each of them.
    X, y = emodb
    pipe = make_pipeline(
        StandardScaler(),
        MultiTaskAAE({"emotion": 1.0}, style_dim=2, random_state=0, max_epochs=2),
    ).fit(X, y["emotion"])
    rows = X.iloc[:6]
    attributions = feature_attributions(pipe, rows, n_steps=200)
    names = [f"emotion_{c}" for c in pipe.classes_] + ["style0", "style1"]
    assert list(attributions["output"].unique()) == names
    features = list(X.columns)
    code = pipe.transform(rows)
    at_mean = pipe.transform(pd.DataFrame([pipe[0].mean_], columns=features))
    for k, output in enumerate(names):
        part = attributions[attributions["output"] == output]
        total = part[features].sum(axis=1).to_numpy() - part["delta"].to_numpy()
        np.testing.assert_allclose(total, code[:, k] - at_mean[0, k], atol=1e-5)


def test_clear_errors(emodb):
    X, y = emodb
    with pytest.raises(NotFittedError):
        feature_attributions(DAE(), X)
    with pytest.raises(TypeError, match="needs a torch-backed skser latent model"):
        feature_attributions(
            make_pipeline(StandardScaler(), LinearSVC()).fit(X, y["emotion"]), X
        )
    pipe = make_pipeline(StandardScaler(), DAE(**FAST)).fit(X)
    renamed = X.rename(columns={X.columns[0]: "pitch_mean"})
    with pytest.raises(ValueError, match="do not match the features.*1 unknown"):
        feature_attributions(pipe, renamed)
    with pytest.raises(ValueError, match="method must be one of"):
        feature_attributions(pipe, X, method="lime")


def test_heatmap_of_groups_by_class(synthetic, emodb):
    X, y = emodb
    table = group_attributions(feature_attributions(synthetic, X, y["emotion"]))
    figure = plot_group_attributions({"synthetic": table, "again": table})
    panels = [ax for ax in figure.axes if ax.get_title() in ("synthetic", "again")]
    assert len(panels) == 2
    image = panels[0].images[0].get_array()
    assert image.shape == (9, 4)  # groups x classes
    assert [t.get_text() for t in panels[0].get_xticklabels()] == list(
        dict.fromkeys(y["emotion"])
    )
    plt.close(figure)


@pytest.mark.parametrize("method", ["gradient_shap", "integrated_gradients"])
def test_callers_torch_random_state_is_left_alone(emodb, method):
    X, _ = emodb
    model = DAE(**FAST).fit(StandardScaler().fit_transform(X))
    torch.manual_seed(123)
    np.random.seed(123)
    expected = torch.rand(3), np.random.uniform(size=3)
    torch.manual_seed(123)
    np.random.seed(123)
    feature_attributions(model, X.iloc[:4].to_numpy(), method=method, n_samples=3)
    np.testing.assert_array_equal(torch.rand(3).numpy(), expected[0].numpy())
    np.testing.assert_array_equal(np.random.uniform(size=3), expected[1])


def test_attributions_repeat_bit_for_bit(emodb):
    X, _ = emodb
    model = DAE(**FAST).fit(StandardScaler().fit_transform(X))
    first = feature_attributions(model, X.iloc[:4].to_numpy(), method="gradient_shap")
    torch.rand(5), np.random.uniform()  # the caller's generators move on
    again = feature_attributions(model, X.iloc[:4].to_numpy(), method="gradient_shap")
    pd.testing.assert_frame_equal(first, again)


def test_holm_corrected_p_values_by_hand():
    # Two classes of three rows, one feature per group, no ties: Mann-Whitney's
    # exact two-sided p-values. Of the C(6, 3) = 20 orderings, U = 0 and U = 1 occur
    # once each and U = 2, 3 twice and three times, so
    #   g1: a below b everywhere, U = 0: p = 2 * 1 / 20 = 0.1
    #   g2: one pair out of order, U = 1: p = 2 * 2 / 20 = 0.2
    #   g3: interleaved, U = 3:            p = 2 * 7 / 20 = 0.7
    # Holm, over the three groups of the pair: the smallest times 3, the next times
    # 2 (never below the one before), the largest as it is:
    #   0.3, max(0.3, 0.4) = 0.4, max(0.4, 0.7) = 0.7.
    attributions = pd.DataFrame({
        "sample": range(6),
        "output": "angry",
        "class": ["neutral"] * 3 + ["angry"] * 3,
        "delta": 0.0,
        "f1": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "f2": [1.0, 2.0, 4.0, 3.0, 5.0, 6.0],
        "f3": [1.0, 3.0, 5.0, 2.0, 4.0, 6.0],
    })  # fmt: skip
    comparison = compare_classes(
        attributions,
        pairs=[("neutral", "angry")],
        test="mannwhitney",
        groups={"f1": "g1", "f2": "g2", "f3": "g3"},
    ).set_index("group")
    np.testing.assert_allclose(comparison["p_value"], [0.1, 0.2, 0.7], rtol=1e-12)
    np.testing.assert_allclose(comparison["p_holm"], [0.3, 0.4, 0.7], rtol=1e-12)
