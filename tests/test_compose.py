import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import (
    ColumnStratifiedGroupKFold,
    ColumnStratifiedKFold,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.utils import label_column as _column


def label_frame(n=24):
    return pd.DataFrame({
        "emotion": np.array(["sad", "angry", "happy"])[np.arange(n) % 3],
        "activation": np.linspace(1, 5, n),
        "speaker": np.repeat(np.arange(6), n // 6),
    })  # fmt: skip


def test_group_folds_keep_speakers_apart():
    y = label_frame()
    folds = list(
        ColumnStratifiedGroupKFold(3, shuffle=True, random_state=0).split(y, y)
    )
    assert len(folds) == 3
    for train, test in folds:
        assert not set(y["speaker"].iloc[train]) & set(y["speaker"].iloc[test])
        # Each speaker says every emotion: every fold holds all three.
        assert set(y["emotion"].iloc[test]) == {"sad", "angry", "happy"}
    assert sorted(np.concatenate([test for _, test in folds])) == list(range(24))


def test_group_folds_take_explicit_groups_and_check_them():
    y = label_frame()
    groups = np.arange(24) % 2
    folds = list(ColumnStratifiedGroupKFold(2).split(y, y, groups))
    assert [sorted(set(groups[test])) for _, test in folds] in ([[0], [1]], [[1], [0]])
    with pytest.raises(ValueError, match="3 group folds need at least 3 groups"):
        list(ColumnStratifiedGroupKFold(3).split(y, y, groups))
    with pytest.raises(ValueError, match="target column 'talker' not in y"):
        list(ColumnStratifiedGroupKFold(2, group_column="talker").split(y, y))
    missing = y.assign(speaker=y["speaker"].where(y.index > 0))
    with pytest.raises(ValueError, match="1 row.*no group"):
        list(ColumnStratifiedGroupKFold(2).split(missing, missing))


def test_stratified_folds_refuse_groups_they_would_ignore():
    y = label_frame()
    with pytest.raises(ValueError, match="use ColumnStratifiedGroupKFold"):
        list(ColumnStratifiedKFold(2).split(y, y, groups=y["speaker"]))


def test_mixed_label_types_are_refused_with_the_column_named():
    y = label_frame().astype({"emotion": object})
    y.loc[2, "emotion"] = 3
    with pytest.raises(ValueError, match=r"'emotion' mixes value types: str \('sad'\)"
                       r", int \(3\)"):  # fmt: skip
        _column(y, "emotion")
    X = np.zeros((24, 2))
    with pytest.raises(ValueError, match="'emotion' mixes value types"):
        TargetColumn(LinearSVC(), "emotion").fit(X, y)
    with pytest.raises(ValueError, match="column of y mixes value types"):
        _column(np.array(["sad", 1.5], dtype=object), "emotion")
    # One kind per column is fine, missing values included.
    assert (
        _column(label_frame().assign(emotion=[None, *["sad"] * 23]), "emotion")[1]
        == "sad"
    )


def test_label_frames_work_with_the_documented_cv_and_scoring():
    rng = np.random.default_rng(0)
    y = label_frame(60)
    X = rng.normal(size=(60, 3)) + (y["emotion"] == "angry").to_numpy()[:, None] * 3
    pipe = make_pipeline(StandardScaler(), TargetColumn(LinearSVC(), "emotion"))
    cv = ColumnStratifiedKFold(3, shuffle=True, random_state=0)
    scoring = column_scorer("balanced_accuracy", "emotion")
    scores = cross_val_score(pipe, X, y, cv=cv, scoring=scoring)
    assert scores.shape == (3,)
    search = GridSearchCV(pipe, {"targetcolumn__estimator__C": [0.1, 1]}, cv=cv,
                          scoring=scoring).fit(X, y)  # fmt: skip
    assert search.best_params_["targetcolumn__estimator__C"] in [0.1, 1]
    # scikit-learn's own folds cannot stratify a frame of several columns: its
    # check_cv sorts the frame's mixed values. If a release fixes that, the
    # documentation of the working form can say "optional".
    with pytest.raises(TypeError, match="not supported between"):
        cross_val_score(pipe, X, y, cv=3)
