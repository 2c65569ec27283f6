"""MixupGANAugmenter: a sampler whose generated rows follow their class."""

import numpy as np
import pandas as pd
import pytest
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skser import MixupGANAugmenter, make_pipeline

FAST = {"max_epochs": 2, "random_state": 0, "generator_sizes": (16,),
        "discriminator_sizes": (16, 8), "noise_dim": 4}  # fmt: skip
CENTRES = {"angry": [6.0, 0.0, 0.0], "happy": [0.0, 6.0, 0.0], "sad": [0.0, 0.0, 6.0]}


@pytest.fixture
def separated():
    """Three well-separated classes, 60 rows each."""
    rng = np.random.default_rng(0)
    labels = np.repeat(list(CENTRES), 60)
    X = np.array([CENTRES[label] for label in labels]) + rng.normal(0, 0.5, (180, 3))
    return X, labels


@pytest.mark.parametrize("mixup_alpha", [0.2, None], ids=["mixup", "plain"])
def test_generated_rows_sit_nearest_their_own_class(separated, mixup_alpha):
    X, y = separated
    X, y = X[::2], y[::2]  # 30 rows per class
    gan = MixupGANAugmenter(
        mixup_alpha=mixup_alpha, max_epochs=40, batch_size=30, lr=5e-3,
        generator_sizes=(32,), discriminator_sizes=(32, 16), noise_dim=4,
        random_state=0,
    ).fit(X, y)  # fmt: skip
    means = {label: X[y == label].mean(axis=0) for label in CENTRES}
    for label in CENTRES:
        rows, classes = gan.sample(50, [label], random_state=1)
        assert (classes == label).all()
        distances = {
            other: np.linalg.norm(rows.mean(axis=0) - mean)
            for other, mean in means.items()
        }
        assert min(distances, key=distances.get) == label, distances


def test_fit_resample_follows_the_sampling_strategy(separated):
    X, y = separated
    keep = np.r_[0:60, 60:90, 120:130]  # 60 angry, 30 happy, 10 sad
    X, y = X[keep], y[keep]
    X_new, y_new = MixupGANAugmenter(**FAST).fit_resample(X, y)
    np.testing.assert_array_equal(X_new[:100], X)  # real rows first, unchanged
    assert pd.Series(y_new).value_counts().to_dict() == {
        "angry": 60,
        "happy": 60,
        "sad": 60,
    }
    gan = MixupGANAugmenter({"sad": 25}, **FAST)
    X_new, y_new = gan.fit_resample(X, y)
    assert list(y_new[100:]) == ["sad"] * 15 and gan.sampling_strategy_ == {"sad": 15}


def test_same_seed_same_rows_and_features(separated):
    X, y = separated
    first = MixupGANAugmenter(**FAST).fit_resample(X[:100], y[:100])[0]
    second = MixupGANAugmenter(**FAST).fit_resample(X[:100], y[:100])[0]
    np.testing.assert_array_equal(first, second)
    gan = MixupGANAugmenter(**FAST).fit(X, y)
    np.testing.assert_array_equal(
        gan.sample(4, ["sad"], random_state=3)[0],
        gan.sample(4, ["sad"], random_state=3)[0],
    )
    features = gan.discriminator_features(X)
    assert features.shape == (180, 8) and features.dtype == np.float32
    np.testing.assert_array_equal(features[:5], gan.discriminator_features(X[:5]))


def test_pipeline_augments_in_fit_only(separated):
    X, y = separated
    pipe = make_pipeline(
        StandardScaler(),
        MixupGANAugmenter("all", **FAST),
        MLPClassifier((8,), max_iter=50, random_state=0),
    )
    with pytest.warns(Warning):  # MLP's convergence warning at 50 iterations
        pipe.fit(X, y)
    assert pipe.predict(X).shape == (180,)  # one prediction per row: no new rows


def test_label_frame_keeps_unlabelled_rows_and_other_columns(separated):
    X, labels = separated
    X, labels = X[:100], labels[:100].astype(object)  # 60 angry, 40 happy
    labels[::10] = None
    y = pd.DataFrame({"emotion": labels, "activation": np.arange(100.0)})
    X_new, y_new = MixupGANAugmenter(target="emotion", **FAST).fit_resample(X, y)
    assert len(X_new) == len(y_new) == 100 + (54 - 36)
    assert y_new["activation"].iloc[100:].isna().all()
    assert (y_new["emotion"].iloc[100:] == "happy").all()
    with pytest.raises(ValueError, match="set target= to the column"):
        MixupGANAugmenter(**FAST).fit_resample(X, y)


def test_history_and_unknown_class(separated):
    X, y = separated
    gan = MixupGANAugmenter(**FAST).fit(X, y)
    for key in ["train_discriminator", "train_generator"]:
        assert np.isfinite(gan.history_[:, key]).all()
    assert len(gan.history_) == 2
    with pytest.raises(ValueError, match="class 'fear' was not seen in fit"):
        gan.sample(2, ["fear"])
