"""Splitters and scorers that read one column of a label frame ``y``.

scikit-learn's scoring strings and stratified folds do not know which column of a
label frame (emotion, activation, valence, speaker) to use: :func:`column_scorer`,
:class:`ColumnStratifiedKFold` and :class:`ColumnStratifiedGroupKFold`
(speaker-independent folds) say it.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from skser.utils import label_column

__all__ = ["ColumnStratifiedGroupKFold", "ColumnStratifiedKFold", "column_scorer"]


def column_scorer(scoring, column):
    """Make a scorer that scores predictions against one column of ``y``.

    Parameters
    ----------
    scoring : str or callable
        A scikit-learn scoring name (``"balanced_accuracy"``, ``"r2"``, ...) or a
        scorer.
    column : str
        The column of a DataFrame ``y`` to score against.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y)``, usable as ``scoring=`` in
        ``cross_val_score`` and ``GridSearchCV``.

    Examples
    --------
    >>> from skser.model_selection import column_scorer
    >>> scorer = column_scorer("balanced_accuracy", "emotion")
    """
    scorer = get_scorer(scoring)

    def score(estimator, X, y, **kwargs):
        return scorer(
            estimator,
            X,
            label_column(y, column, f"column_scorer({column!r})"),
            **kwargs,
        )

    score.__name__ = f"{scoring}_on_{column}" if isinstance(scoring, str) else column
    return score


class ColumnStratifiedKFold(StratifiedKFold):
    """Stratified k-fold over one column of a DataFrame ``y``.

    scikit-learn stratifies a classifier's folds on ``y``, which fails for a label
    frame with several columns; this splitter stratifies on ``column``. Rows whose
    label is missing are spread over the folds like one more class.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds.
    column : str, default="emotion"
        The column of ``y`` whose class proportions every fold keeps.
    shuffle : bool, default=False
        Shuffle each class's rows before splitting.
    random_state : int, RandomState or None, default=None
        Seed of the shuffle.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.model_selection import ColumnStratifiedKFold
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"] * 5, "activation": range(10)})
    >>> [len(test) for _, test in ColumnStratifiedKFold(5).split(np.zeros(10), y)]
    [2, 2, 2, 2, 2]
    """

    def __init__(
        self, n_splits=5, column="emotion", *, shuffle=False, random_state=None
    ):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.column = column

    def split(self, X, y, groups=None):
        """Yield train and test indices stratified on ``y[column]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : DataFrame or array-like of shape (n_samples,)
            Labels; the ``column`` of a DataFrame is used.
        groups : None
            Must be None: these folds are not grouped. Use
            :class:`ColumnStratifiedGroupKFold` for speaker-independent folds.

        Yields
        ------
        train, test : ndarray
            Indices of each fold.
        """
        if groups is not None:
            raise ValueError(
                "ColumnStratifiedKFold does not group rows, so groups= would be "
                "ignored; use ColumnStratifiedGroupKFold for group (e.g. speaker) "
                "independent folds"
            )
        return super().split(X, _strata(y, self.column, _split_owner(self)))


def _split_owner(splitter):
    return f"{type(splitter).__name__}(column={splitter.column!r})"


def _strata(y, column, owner):
    """Class labels of ``y[column]`` as strings; unlabelled rows form one stratum."""
    labels = pd.Series(np.asarray(label_column(y, column, owner), dtype=object))
    return labels.where(labels.notna(), "<unlabelled>").astype(str).to_numpy()


class ColumnStratifiedGroupKFold(StratifiedGroupKFold):
    """Stratified k-fold over one column of ``y``, groups from another column.

    Every group (e.g. speaker) lies in one fold only, so a model is scored on
    speakers it never heard; class proportions are kept as far as the groups
    allow (scikit-learn's :class:`~sklearn.model_selection.StratifiedGroupKFold`
    does the work). The groups come from ``y[group_column]`` unless ``groups=`` is
    passed to :meth:`split`. Rows whose label is missing form one more stratum.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds; at most the number of groups.
    column : str, default="emotion"
        The column of ``y`` whose class proportions every fold keeps.
    group_column : str, default="speaker"
        The column of the label frame ``y`` that names each row's group.
    shuffle : bool, default=False
        Shuffle the groups before splitting.
    random_state : int, RandomState or None, default=None
        Seed of the shuffle.

    See Also
    --------
    ColumnStratifiedKFold : The same without groups.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.model_selection import ColumnStratifiedGroupKFold
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"] * 6,
    ...                   "speaker": np.repeat([1, 2, 3], 4)})
    >>> cv = ColumnStratifiedGroupKFold(3)
    >>> [sorted(set(y["speaker"].iloc[test])) for _, test in cv.split(y, y)]
    [[1], [2], [3]]
    """

    def __init__(
        self,
        n_splits=5,
        column="emotion",
        group_column="speaker",
        *,
        shuffle=False,
        random_state=None,
    ):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.column = column
        self.group_column = group_column

    def split(self, X, y, groups=None):
        """Yield train and test indices with no group on both sides.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : DataFrame
            Labels with ``column`` and, unless ``groups`` is given,
            ``group_column``.
        groups : array-like of shape (n_samples,), default=None
            Group of each row; by default ``y[group_column]``.

        Yields
        ------
        train, test : ndarray
            Indices of each fold.
        """
        if groups is None:
            if not isinstance(y, pd.DataFrame):
                raise ValueError(
                    f"groups come from the column {self.group_column!r} of a label "
                    "frame y; pass y as a DataFrame or pass groups="
                )
            groups = label_column(y, self.group_column, _split_owner(self))
        groups = pd.Series(np.asarray(groups, dtype=object))
        if groups.isna().any():
            raise ValueError(
                f"{int(groups.isna().sum())} row(s) have no group "
                f"({self.group_column!r} is missing); every row needs one"
            )
        n_groups = groups.nunique()
        if n_groups < self.n_splits:
            raise ValueError(
                f"{self.n_splits} group folds need at least {self.n_splits} groups "
                f"in {self.group_column!r}, found {n_groups}"
            )
        strata = _strata(y, self.column, _split_owner(self))
        return super().split(X, strata, groups.astype(str).to_numpy())
