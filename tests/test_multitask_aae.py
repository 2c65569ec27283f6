"""MultiTaskAAE: a classifier and a transformer with one head per label column."""

import numpy as np
import pandas as pd
import pytest

from skser import MultiTaskAAE

FAST = {"max_epochs": 3, "random_state": 0, "hidden_layer_sizes": (16,),
        "style_dim": 2}  # fmt: skip


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    emotion = np.array(["angry", "happy", "sad"])[np.arange(90) % 3]
    X = rng.standard_normal((90, 6))
    X[:, 0] += 4 * (emotion == "angry")
    X[:, 1] += 4 * (emotion == "sad")
    y = pd.DataFrame(
        {
            "emotion": emotion,
            "speaker": np.array(["s1", "s2", "s3", "s4", "s5"])[np.arange(90) % 5],
            "gender": np.array(["female", "male"])[np.arange(90) % 2],
        }
    )
    return X, y


def test_classifier_and_transformer_contract(data):
    X, y = data
    model = MultiTaskAAE(**FAST).fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(X), model.classes_[proba.argmax(1)])
    Z = model.transform(X)
    assert Z.dtype == np.float32 and Z.shape == (90, 3 + 2)
    np.testing.assert_allclose(Z[:, :3], proba, atol=1e-6)  # the emotion code
    assert list(model.get_feature_names_out()) == [
        "emotion_angry", "emotion_happy", "emotion_sad", "style0", "style1"
    ]  # fmt: skip
    assert set(model.head_classes_) == {"emotion", "speaker", "gender"}


def test_each_head_trains_on_its_labelled_rows(data):
    X, y = data
    y = y.copy()
    y.loc[y.index[::2], "emotion"] = None  # half the emotion labels missing
    model = MultiTaskAAE(**{**FAST, "max_epochs": 60}).fit(X, y)
    history = model.history_
    for key in ["reconstruction", "adversarial", "discriminator", "emotion",
                "speaker", "gender"]:  # fmt: skip
        assert np.isfinite(history[:, f"train_{key}"]).all(), key
    # The emotion head learns the separable classes from the labelled half only.
    assert history[-1, "train_emotion"] < 0.6 * history[0, "train_emotion"]
    labelled = y["emotion"].notna().to_numpy()
    assert model.score(X[~labelled], data[1]["emotion"][~labelled]) > 0.8
    assert model.score(X, y) == model.score(X[labelled], y[labelled])


def test_weights_scale_the_head_terms(data):
    X, y = data
    model = MultiTaskAAE({"emotion": 1.0, "speaker": 0.0}, **FAST).fit(X, y)
    assert model.history_[:, "train_speaker"] == [0.0] * 3
    assert "train_gender" not in model.history_[-1]


def test_one_dimensional_y_feeds_the_emotion_head_only(data):
    X, y = data
    model = MultiTaskAAE(**FAST).fit(X, y["emotion"].to_numpy())
    assert list(model.head_columns_) == ["emotion"]
    with pytest.raises(ValueError, match="target column 'speaker' not in y"):
        MultiTaskAAE(**FAST).fit(X, y[["emotion", "gender"]])
    with pytest.raises(ValueError, match="Unknown label type"):
        MultiTaskAAE(**FAST).fit(X, np.linspace(0, 1, 90))


def test_same_seed_same_code_bit_for_bit(data):
    X, y = data
    first = MultiTaskAAE(**FAST).fit_transform(X, y)
    np.testing.assert_array_equal(first, MultiTaskAAE(**FAST).fit_transform(X, y))
    other = MultiTaskAAE(**{**FAST, "random_state": 1}).fit_transform(X, y)
    assert not np.array_equal(first, other)
