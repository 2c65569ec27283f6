"""Label-frame plumbing pinned by values: which column each step reads."""

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier, DummyRegressor

from skser.compose import TargetColumn
from skser.model_selection import ColumnStratifiedKFold, column_scorer

X = np.zeros((8, 1))
Y = pd.DataFrame({
    "emotion": ["sad"] * 5 + ["angry"] * 3,
    "speaker": ["a", "b"] * 4,
    "activation": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
})  # fmt: skip


def test_target_column_learns_predicts_and_scores_its_own_column():
    # "prior": predicts the most frequent class, with the class shares as proba.
    majority = TargetColumn(DummyClassifier(strategy="prior"), "emotion")
    majority.fit(X, Y)
    assert list(majority.predict(X[:2])) == ["sad", "sad"]
    np.testing.assert_array_equal(majority.classes_, ["angry", "sad"])
    np.testing.assert_allclose(majority.predict_proba(X[:1]), [[3 / 8, 5 / 8]])
    assert majority.score(X, Y) == 5 / 8  # accuracy against emotion
    assert majority.score(X, Y, sample_weight=[0.0] * 5 + [1.0] * 3) == 0.0
    mean = TargetColumn(DummyRegressor(), "activation").fit(X, Y)
    assert mean.predict(X[:1])[0] == 4.5
    assert mean.score(X, Y) == 0.0  # R2 of the mean against activation
    plain = TargetColumn(DummyClassifier(strategy="most_frequent"), "emotion")
    assert list(plain.fit(X, Y["speaker"]).predict(X[:1])) == ["a"]  # used as is
    with pytest.raises(ValueError, match="'mood' not in y"):
        TargetColumn(DummyRegressor(), "mood").fit(X, Y)


def test_column_scorer_scores_against_the_named_column():
    majority = TargetColumn(DummyClassifier(strategy="most_frequent"), "emotion")
    majority.fit(X, Y)
    scorer = column_scorer("balanced_accuracy", "emotion")
    assert scorer(majority, X, Y) == 0.5  # recall 1 for sad, 0 for angry
    assert scorer.__name__ == "balanced_accuracy_on_emotion"
    # Against speaker the constant "sad" matches no row.
    speaker = column_scorer("accuracy", "speaker")
    assert speaker(majority, X, Y) == 0.0


def test_column_stratified_folds_keep_each_columns_proportions():
    y = pd.DataFrame({"emotion": ["sad"] * 6 + ["angry"] * 3 + [None] * 3,
                      "activation": np.arange(12.0)})  # fmt: skip
    folds = list(ColumnStratifiedKFold(3, "emotion").split(np.zeros((12, 1)), y))
    assert len(folds) == 3
    for train, test in folds:
        assert len(train) + len(test) == 12
        counts = y["emotion"].iloc[test].fillna("-").value_counts().to_dict()
        assert counts == {"sad": 2, "angry": 1, "-": 1}
    every = np.sort(np.concatenate([test for _, test in folds]))
    np.testing.assert_array_equal(every, np.arange(12))
