"""ColumnSampler: any imbalanced-learn sampler in a pipeline that carries the frame."""

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from skser import MetricDAE, TargetColumn, make_pipeline
from skser.compose import ColumnSampler, _source_rows


def toy():
    """Three sad rows at x = 0, 1, 2 and two angry rows at x = 10, 11."""
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    y = pd.DataFrame({
        "emotion": ["sad", "sad", "sad", "angry", "angry"],
        "activation": [1.0, 2.0, 3.0, 4.0, 5.0],
        "speaker": ["a", "b", "c", "d", "e"],
    })  # fmt: skip
    return X, y


def test_duplicated_rows_keep_every_label_of_their_row():
    X, y = toy()
    sampler = ColumnSampler(RandomOverSampler(random_state=0), "emotion")
    X_res, y_res = sampler.fit_resample(X, y)
    assert y_res["emotion"].value_counts().to_dict() == {"sad": 3, "angry": 3}
    # The one added row repeats an angry row: all its labels come with it.
    assert sampler.sample_indices_[:5].tolist() == [0, 1, 2, 3, 4]
    added = sampler.sample_indices_[5]
    assert added in (3, 4)
    assert y_res.iloc[5].tolist() == y.iloc[added].tolist()
    assert X_res[5, 0] == X[added, 0]
    assert sampler.n_synthetic_ == 0
    assert list(y_res.columns) == ["emotion", "activation", "speaker"]


def test_synthetic_rows_get_their_class_and_nan_elsewhere():
    X, y = toy()
    sampler = ColumnSampler(SMOTE(k_neighbors=1, random_state=0), "emotion")
    X_res, y_res = sampler.fit_resample(X, y)
    assert y_res["emotion"].tolist() == [*y["emotion"], "angry"]
    # Rows 0-4 are the input rows with their labels; row 5 lies between the two
    # angry rows (SMOTE interpolates between neighbours of one class).
    pd.testing.assert_frame_equal(y_res.iloc[:5], y)
    assert 10.0 <= X_res[5, 0] <= 11.0
    assert np.isnan(y_res.loc[5, "activation"]) and pd.isna(y_res.loc[5, "speaker"])
    assert sampler.source_rows_.tolist() == [0, 1, 2, 3, 4, -1]
    assert sampler.n_synthetic_ == 1
    assert not hasattr(sampler, "sample_indices_")


def test_undersampling_keeps_the_chosen_rows_labels():
    X, y = toy()
    sampler = ColumnSampler(RandomUnderSampler(random_state=0), "emotion")
    X_res, y_res = sampler.fit_resample(X, y)
    assert y_res["emotion"].value_counts().to_dict() == {"angry": 2, "sad": 2}
    kept = sampler.sample_indices_
    pd.testing.assert_frame_equal(y_res, y.iloc[kept].reset_index(drop=True))
    np.testing.assert_array_equal(X_res, X[kept])


def test_unlabelled_rows_are_not_resampled_and_follow_unchanged():
    X, y = toy()
    X = np.vstack([X, [[5.0]]])
    y = pd.concat(
        [y, pd.DataFrame({"emotion": [None], "activation": [2.5], "speaker": ["f"]})],
        ignore_index=True,
    )
    sampler = ColumnSampler(RandomOverSampler(random_state=0), "emotion")
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(y_res) == 7
    assert y_res["emotion"].iloc[:6].value_counts().to_dict() == {"sad": 3, "angry": 3}
    assert pd.isna(y_res.loc[6, "emotion"])
    assert y_res.loc[6, ["activation", "speaker"]].tolist() == [2.5, "f"]
    assert X_res[6, 0] == 5.0 and sampler.source_rows_[6] == 5


def test_a_1d_y_is_resampled_as_the_bare_sampler_does():
    X, y = toy()
    labels = y["emotion"].to_numpy()
    ours = ColumnSampler(RandomOverSampler(random_state=0)).fit_resample(X, labels)
    bare = RandomOverSampler(random_state=0).fit_resample(X, labels)
    np.testing.assert_array_equal(ours[0], bare[0])
    np.testing.assert_array_equal(ours[1], bare[1])


def test_source_rows_match_features_and_label():
    X = [[0.0, 1.0], [0.0, 1.0], [2.0, 3.0]]
    labels = ["a", "b", "a"]
    resampled = [[0.0, 1.0], [0.0, 1.0], [2.0, 3.0], [1.0, 2.0], [2.0, 3.0]]
    relabelled = ["b", "a", "a", "a", "b"]
    # Same features, other label: not a copy of that row.
    assert _source_rows(X, labels, resampled, relabelled).tolist() == [
        1, 0, 2, -1, -1,
    ]  # fmt: skip


def test_in_a_pipeline_the_frame_reaches_every_step():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(0, 1, (30, 3)), rng.normal(3, 1, (10, 3))]
    y = pd.DataFrame({
        "emotion": ["sad"] * 30 + ["angry"] * 10,
        "activation": np.r_[rng.uniform(1, 2, 30), rng.uniform(4, 5, 10)],
    })  # fmt: skip
    pipe = make_pipeline(
        StandardScaler(),
        ColumnSampler(SMOTE(random_state=0), "emotion"),
        MetricDAE(target="activation", max_epochs=2, random_state=0),
        TargetColumn(LogisticRegression(), "emotion"),
    ).fit(X, y)
    sampler = pipe.named_steps["columnsampler"]
    assert sampler.n_synthetic_ == 20  # 10 angry rows made up to 30
    assert pipe.predict(X).shape == (40,)
    # Sampling acts in fit only: the scores see the 40 rows as they are.
    assert pipe.score(X, y) >= 0.9


def test_refuses_a_non_sampler():
    with pytest.raises(TypeError, match="needs an imbalanced-learn sampler.*"
                       "StandardScaler"):  # fmt: skip
        ColumnSampler(StandardScaler()).fit_resample(*toy())
