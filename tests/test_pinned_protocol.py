"""Values of the cross-corpus protocol on tiny corpora whose answers are known.

The latent "model" is a fixed projection (the standardised first feature, or the
first two), so every number follows from the data by hand. Every row belongs to
neutral, sad, happy or angry and no scored row is an outlier, so the answers hold
whichever rows the protocol trains on and scores.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skser import OutlierFilter, make_pipeline
from skser.evaluation import cross_corpus_validate

CORNERS = {"neutral": (-4, 4), "sad": (-4, -4), "happy": (4, 4), "angry": (4, -4)}


def make_corpus(name, n=200, seed=0):
    """Four classes at the corners of a square in the first two of four features.

    Activation is exactly 2 * f0 + 1 and valence exactly f1, so a code that keeps
    f0 and f1 explains both perfectly.
    """
    rng = np.random.default_rng(seed)
    emotion = np.array(list(CORNERS))[np.arange(n) % 4]
    X = rng.normal(0, 0.5, (n, 4))
    X[:, :2] += np.array([CORNERS[e] for e in emotion])
    y = pd.DataFrame({"emotion": emotion, "activation": 2 * X[:, 0] + 1,
                      "valence": X[:, 1], "corpus": name})  # fmt: skip
    return pd.DataFrame(X, columns=["f0", "f1", "f2", "f3"]), y


def _first_columns(X, width):
    return np.asarray(X)[:, :width]


def projection(width):
    """Outlier filter, scaler, then the first ``width`` standardised features."""
    return make_pipeline(
        OutlierFilter(),
        StandardScaler(),
        FunctionTransformer(_first_columns, kw_args={"width": width}),
    )


class WholeCorpus:
    """One "fold" that trains and scores on every row: nothing left to chance."""

    def split(self, X, y=None, groups=None):
        rows = np.arange(len(X))
        yield rows, rows

    def get_n_splits(self, X=None, y=None, groups=None):
        return 1


def values(results, corpus, metric, model="projection"):
    chosen = results[(results["model"] == model) & (results["corpus"] == corpus)
                     & (results["metric"] == metric)]  # fmt: skip
    assert len(chosen) > 0, f"no {metric} for {corpus}"
    return chosen["value"].to_numpy()


@pytest.fixture(scope="module")
def separable():
    """A separable source; a scaled and shifted copy; an unadapted shifted copy."""
    X, y = make_corpus("src")
    scaled = (X * 3 + 10, y.assign(corpus="scaled"))
    shifted = (X + [20.0, -20.0, 0.0, 0.0], y.assign(corpus="shifted"))
    adapted = cross_corpus_validate(
        {"projection": projection(2)}, (X, y), {"scaled": scaled}, cv=3,
        references=False, progress=False,
    )  # fmt: skip
    unadapted = cross_corpus_validate(
        {"projection": projection(2)}, (X, y), {"shifted": shifted}, cv=3,
        adapt_fraction=0.0, references=False, progress=False,
    )  # fmt: skip
    return adapted, unadapted


def test_separable_classes_are_found_in_source_and_adapted_target(separable):
    adapted, _ = separable
    for corpus in ["src", "scaled"]:
        for metric in ["balanced_accuracy_4class", "balanced_accuracy_3class"]:
            np.testing.assert_array_equal(values(adapted, corpus, metric), 1.0)


def test_exact_labels_give_perfect_embedding_scores(separable):
    # An affine map of the code explains activation and valence exactly, in the
    # source fold and in the target standardised with its own statistics.
    adapted, _ = separable
    for corpus in ["src", "scaled"]:
        for metric in ["adjusted_r2_activation", "pairwise_r2_valence",
                       "spearman_projection_activation"]:  # fmt: skip
            np.testing.assert_allclose(values(adapted, corpus, metric), 1.0,
                                       rtol=1e-9)  # fmt: skip


def test_an_unadapted_shift_sends_every_row_to_one_class(separable):
    # Shifted by (+20, -20) and scored with the source's statistics, every row of
    # the copy lands in the angry corner (|z| stays below 10): balanced accuracy
    # is that of a constant guess, 1/4 and 1/3 exactly.
    _, unadapted = separable
    np.testing.assert_array_equal(
        values(unadapted, "shifted", "balanced_accuracy_4class"), 0.25
    )
    np.testing.assert_allclose(
        values(unadapted, "shifted", "balanced_accuracy_3class"), 1 / 3, rtol=1e-12
    )
    np.testing.assert_array_equal(values(unadapted, "src", "balanced_accuracy_4class"),
                                  1.0)  # fmt: skip


def bhattacharyya(source, target, **kwargs):
    results = cross_corpus_validate(
        {"projection": projection(1)}, source, {"target": target}, cv=WholeCorpus(),
        adapt_fraction=0.0, references=False, progress=False, **kwargs,
    )  # fmt: skip
    (value,) = values(results, "target", "bhattacharyya_to_source")
    return value


def test_bhattacharyya_to_source_zero_for_a_copy_and_growing_with_a_shift():
    # The code is the source-standardised f0: n rows of variance n / (n - 1)
    # (ddof=1 of a ddof=0 standardisation). Shifting f0 by c standard deviations
    # moves the copy by c in the code: 1/8 c^2 (n - 1) / n, over the ridge's
    # 1 + 1e-6.
    X, y = make_corpus("src")
    n, std = len(X), X["f0"].std(ddof=0)
    target_y = y.assign(corpus="target")
    assert bhattacharyya((X, y), (X, target_y)) == pytest.approx(0.0, abs=1e-12)
    for c in [0.5, 1.0, 2.0]:
        shifted = X + [c * std, 0.0, 0.0, 0.0]
        expected = c**2 / 8 * (n - 1) / n / (1 + 1e-6)
        assert bhattacharyya((X, y), (shifted, target_y)) == pytest.approx(
            expected, rel=1e-9
        )


def test_bhattacharyya_source_cloud_leaves_out_the_filtered_outlier():
    # The source gains one row far out in f0 (|z| = 14 > 10): the outlier filter
    # drops it from training, and the source's cloud must drop it too, so an
    # exact copy of the other rows is still at distance 0.
    X, y = make_corpus("src")
    n = len(X)
    outlier_X = pd.DataFrame([[1e4, 4.0, 0.0, 0.0]], columns=X.columns, index=[n])
    outlier_y = y.iloc[[0]].set_index(pd.Index([n]))
    source = (pd.concat([X, outlier_X]), pd.concat([y, outlier_y]))
    assert bhattacharyya(source, (X, y.assign(corpus="target"))) == pytest.approx(
        0.0, abs=1e-9
    )


def test_ccc_is_that_of_the_adjusted_r2_read_out():
    # The code keeps f0 only: activation (2 f0 + 1) is read out exactly, CCC 1;
    # valence (f1, independent of f0) only as far as the line valence ~ f0 goes,
    # whose in-sample R2 gives CCC 2 R2 / (1 + R2) (lstsq, independently).
    X, y = make_corpus("src")
    target = (X, y.assign(corpus="target"))
    results = cross_corpus_validate(
        {"projection": projection(1)}, (X, y), {"target": target}, cv=WholeCorpus(),
        adapt_fraction=0.0, references=False, progress=False,
    )  # fmt: skip
    design = np.c_[np.ones(len(X)), X["f0"]]
    valence = y["valence"].to_numpy()
    residual = valence - design @ np.linalg.lstsq(design, valence, rcond=None)[0]
    r2 = 1 - residual @ residual / np.sum((valence - valence.mean()) ** 2)
    assert 0 < r2 < 0.05  # far from 1: the case tells CCC from a constant
    for corpus in ["src", "target"]:
        np.testing.assert_allclose(values(results, corpus, "ccc_activation"), 1.0,
                                   rtol=1e-12)  # fmt: skip
        np.testing.assert_allclose(
            values(results, corpus, "ccc_valence"), 2 * r2 / (1 + r2), rtol=1e-9
        )
