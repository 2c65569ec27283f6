"""The label contract: how a step reads a named column of the label frame ``y``.

skser's pipelines carry one label frame ``y`` (emotion, activation, valence,
speaker, ...) and each step names the column(s) it learns from. A step reads its
column only through :func:`label_column`, which

- returns ``y[column]`` for a DataFrame ``y``, refusing a missing column by name;
- uses any 1-D ``y`` (an array, a list, a Series) as the column itself, so
  ``pipe.fit(X, y["emotion"])`` works;
- refuses a 2-D ``y`` without column names (scikit-learn's ``cross_val_predict``
  with ``method="predict_proba"`` label-encodes a frame into such an int array):
  its columns cannot be told apart, and guessing would learn from the wrong one;
- refuses a column that mixes numbers and strings, naming the column.
"""

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype
from sklearn.utils.validation import column_or_1d


def label_column(y, column, owner=None):
    """Return the labels of ``column`` from the label frame ``y``.

    Parameters
    ----------
    y : DataFrame, Series, or array-like of shape (n_samples,)
        The label frame, or the column itself (any 1-D ``y`` is used as given).
        A 2-D array of one column is that column, ravelled with scikit-learn's
        ``DataConversionWarning``.
    column : str
        The column the caller needs, e.g. ``"emotion"``.
    owner : str, default=None
        Who needs it (e.g. ``"TargetColumn(column='emotion')"``), for the messages.

    Returns
    -------
    labels : Series or array-like of shape (n_samples,)
        ``y[column]`` for a DataFrame; a 1-D ``y`` as it is.

    Raises
    ------
    ValueError
        If ``column`` is not a column of the DataFrame ``y``; if ``y`` is 2-D with
        more than one column but no column names; if the column mixes numbers and
        strings.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.utils import label_column
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"], "activation": [1.5, 4.0]})
    >>> label_column(y, "emotion").tolist()
    ['sad', 'angry']
    >>> label_column(["sad", "angry"], "emotion")
    ['sad', 'angry']
    >>> label_column(np.zeros((2, 2)), "emotion")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the column 'emotion' is needed, but y is a 2-D array of 2 columns ...
    """
    if isinstance(y, pd.DataFrame):
        if column not in y.columns:
            raise ValueError(
                f"target column {column!r} not in y (columns: "
                f"{', '.join(map(str, y.columns))})"
            )
        check_one_kind(y[column], repr(column))
        return y[column]
    if isinstance(y, pd.Series):
        check_one_kind(y, "of y")
        return y
    shape = _shape(y)
    if len(shape) == 2 and shape[1] != 1:
        raise ValueError(_unnamed_message(column, owner, shape))
    if len(shape) == 2:  # one unnamed column: ravelled with scikit-learn's warning
        y = column_or_1d(y, warn=True)
    if isinstance(y, np.ndarray) and y.ndim == 1:
        check_one_kind(y, "of y")
    return y


def _shape(y):
    """Return the shape of an array-like ``y``; ``()`` for anything else (ragged)."""
    if not (hasattr(y, "shape") or isinstance(y, (list, tuple))):
        return ()
    try:
        return np.shape(y)
    except (ValueError, TypeError):  # a ragged list, an object numpy cannot read
        return ()


def _unnamed_message(column, owner, shape):
    who = (
        f"{owner} needs the column {column!r}"
        if owner
        else (f"the column {column!r} is needed")
    )
    return (
        f"{who}, but y is a 2-D array of {shape[1]} columns without names: its "
        "columns cannot be told apart. scikit-learn drops the names of a label "
        "frame where it converts y to an array (cross_val_predict with "
        "method='predict_proba' or 'decision_function' label-encodes y first). "
        f"Pass the column itself, y[{column!r}], as y (when no other step needs "
        "another column), use method='predict', or call predict_proba fold by "
        "fold (for train, test in cv.split(X, y))"
    )


def check_one_kind(values, name):
    """Refuse a label column that mixes numbers and strings, naming it.

    Parameters
    ----------
    values : Series or ndarray
        One label column.
    name : str
        How to name it in the message, e.g. ``"'emotion'"``.

    Raises
    ------
    ValueError
        If the column holds both numbers and strings (missing values aside).
    """
    if getattr(values, "dtype", None) is None or values.dtype.kind != "O":
        return
    if infer_dtype(values, skipna=True) not in ("mixed", "mixed-integer"):
        return
    examples = {}
    for value in pd.Series(values).dropna():
        examples.setdefault(type(value).__name__, value)
    shown = ", ".join(f"{kind} ({value!r})" for kind, value in examples.items())
    raise ValueError(
        f"label column {name} mixes value types: {shown}; give every label of a "
        "column one type (e.g. all strings)"
    )
