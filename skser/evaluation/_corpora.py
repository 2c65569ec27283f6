"""The corpora as the protocol sees them: checked, selected, outliers marked.

A corpus is an ``(X, y)`` pair; here it becomes a :class:`_Corpus` with the rows
kept for scoring (no feature's ``|z|`` above the threshold, z from its own
corpus) and the ids of recordings it holds twice. Every check that can fail on
a corpus's shape or size runs here, before anything is fitted.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from skser.evaluation._checks import (
    count_duplicates,
    duplicate_ids,
    in_classes,
    split_adaptation,
)
from skser.preprocessing import adapt, match_columns, zscore_inliers
from skser.utils import label_column


@dataclass
class _Corpus:
    """A corpus as the protocol sees it: features, labels, rows kept for scoring."""

    name: str
    X: pd.DataFrame
    y: pd.DataFrame
    inliers: np.ndarray  # bool per row: no |z| above the threshold
    duplicates: np.ndarray  # per row: id of its recording held twice, or -1

    def adaptation_split(self, adapt_fraction, seed):
        """Return (adaptation rows, scored rows) as positions, outliers left out."""
        adapt_rows, eval_rows = split_adaptation(
            len(self.X), adapt_fraction, seed, self.duplicates
        )
        return (
            adapt_rows[self.inliers[adapt_rows]],
            eval_rows[self.inliers[eval_rows]],
        )

    def adapted(self, fitted, adapt_fraction, seed):
        """Standardise this transfer corpus: the one way every evaluation does it.

        Returns ``(model, adaptation rows, scored rows)``: ``fitted`` (a pipeline
        with one ``StandardScaler`` step) with its statistics refitted on the
        adaptation rows (:func:`~skser.preprocessing.adapt`; their labels
        unused), or ``fitted`` itself when ``adapt_fraction`` is 0 (the
        source's statistics), and the rows of :meth:`adaptation_split`.
        """
        adapt_rows, eval_rows = self.adaptation_split(adapt_fraction, seed)
        if adapt_fraction > 0:
            fitted = adapt(fitted, self.X.iloc[adapt_rows])
        return fitted, adapt_rows, eval_rows


def check_adapt_fraction(adapt_fraction):
    """Raise ValueError unless ``adapt_fraction`` is in [0, 1)."""
    if not 0 <= adapt_fraction < 1:
        raise ValueError(f"adapt_fraction must be in [0, 1), got {adapt_fraction}")


def make_corpus(name, X, y, threshold):
    """Return a checked corpus's :class:`_Corpus`: its outliers and duplicates found.

    ``X`` and ``y`` have as many rows, indexed from 0; ``threshold`` is the
    ``|z|`` above which a row is an outlier (None: none is).
    """
    return _Corpus(name, X, y, _inliers(X, threshold), duplicate_ids(X))


def corpus_label(y):
    """Return the name of a corpus: its ``corpus`` label, or ``"source"``.

    Parameters
    ----------
    y : DataFrame
        The corpus's label frame.

    Returns
    -------
    name : str
        The first row's ``corpus`` value; ``"source"`` without the column.
    """
    return str(y["corpus"].iloc[0]) if "corpus" in y and len(y) else "source"


def _check_corpus(name, data):
    try:
        X, y = data
    except (TypeError, ValueError):
        raise TypeError(f"corpus {name!r} must be an (X, y) pair") from None
    if not isinstance(y, pd.DataFrame) or "emotion" not in y:
        raise ValueError(
            f"the labels of corpus {name!r} must be a DataFrame with an 'emotion' "
            "column (and activation, valence where known)"
        )
    if len(X) != len(y):
        raise ValueError(f"corpus {name!r}: X has {len(X)} rows, y has {len(y)}")
    try:
        label_column(y, "emotion")
    except ValueError as exc:
        raise ValueError(f"corpus {name!r}: {exc}") from None
    X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    return X.reset_index(drop=True), y.reset_index(drop=True)


def _inliers(X, threshold):
    # Outliers are defined on features: inputs that are not (a frame of audio
    # paths for a model that reads files) keep every row.
    numeric = all(pd.api.types.is_numeric_dtype(dtype) for dtype in X.dtypes)
    if threshold is None or len(X) == 0 or not numeric:
        return np.ones(len(X), dtype=bool)
    return zscore_inliers(X, threshold)


def _prepare_corpora(source, targets, source_name, train_classes, threshold):
    """Check and select the corpora; return (source, targets, source row counts)."""
    X, y = _check_corpus("source", source)
    name = corpus_label(y) if source_name is None else source_name
    if train_classes is not None:
        train_classes = tuple(train_classes)
        if not train_classes:
            raise ValueError("train_classes is empty; pass classes or None")
    selected = in_classes(y, train_classes)
    counts = {"n_source_rows": len(y), "n_source_selected": int(selected.sum())}
    X, y = X[selected].reset_index(drop=True), y[selected].reset_index(drop=True)
    source = make_corpus(name, X, y, threshold)
    checked = {}
    for target_name, data in targets.items():
        if target_name == name:
            raise ValueError(
                f"transfer corpus {target_name!r} has the source's name: its results "
                "would overwrite the source's; give the corpora different names"
            )
        X_target, y_target = _check_corpus(target_name, data)
        X_target = match_columns(X_target, list(X.columns), f"corpus {target_name!r}")
        checked[target_name] = make_corpus(target_name, X_target, y_target, threshold)
    return source, checked, counts


def _report_duplicates(corpora):
    """Count, and warn about, the recordings each corpus holds more than once.

    Returns ``{corpus: rows that repeat a recording}`` (0 for none).
    """
    counts, found = {}, []
    for corpus in corpora:
        n_recordings, n_rows = count_duplicates(corpus.duplicates)
        counts[corpus.name] = n_rows - n_recordings
        if n_recordings:
            found.append(f"{corpus.name}: {n_recordings} recording(s) in {n_rows} rows")
    if found:
        warnings.warn(
            f"recordings held more than once (identical rows): {'; '.join(found)}; "
            "each is kept inside one fold and on one side of the adaptation split "
            "(skser.datasets.find_duplicates lists the files)",
            UserWarning,
            stacklevel=4,
        )
    return counts


def _check_sizes(source, targets, n_splits, adapt_fraction):
    """Refuse, before any training, corpora too small for the protocol."""
    needed = max(n_splits, 2)
    if len(source.X) < needed:
        raise ValueError(
            f"source corpus {source.name!r} has {len(source.X)} row(s) in the "
            f"training classes; {n_splits} folds need at least {needed}"
        )
    for corpus in targets.values():
        check_transfer_size(corpus, adapt_fraction)


def check_transfer_size(corpus, adapt_fraction):
    """Refuse a transfer corpus with too few rows to standardise and to score."""
    n_adapt, n_scored = (
        len(rows) for rows in corpus.adaptation_split(adapt_fraction, 0)
    )
    if (adapt_fraction > 0 and n_adapt < 2) or n_scored < 1:
        minimum = next(
            n
            for n in range(2, 1000)
            if (adapt_fraction == 0 or math.ceil(adapt_fraction * n) >= 2)
            and n - math.ceil(adapt_fraction * n) >= 1
        )
        raise ValueError(
            f"transfer corpus {corpus.name!r} has {len(corpus.X)} row(s) "
            f"({int((~corpus.inliers).sum())} outlying); with adapt_fraction="
            f"{adapt_fraction} it needs at least {minimum}: 2 to standardise it "
            "and 1 to score"
        )


def check_finite(X, name):
    """Raise ValueError, naming the corpus, row and column, for a non-finite value."""
    bad = ~np.isfinite(X)
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise ValueError(
            f"{name} has {int(bad.any(axis=1).sum())} row(s) with a missing or "
            f"infinite feature (first: row {row}, column {column}, value "
            f"{X[row, column]}): drop or impute them first"
        )


def study_transfer(
    transfer, classes, n_features, adapt_fraction, labels=np.asarray, source="source"
):
    """Check the transfer corpora of a feature-level study; return their corpora.

    Returns ``{name: _Corpus}``, its ``y`` a frame of one ``emotion`` column
    (``labels(y)`` of the pair), its outliers those of the protocol's default
    (``|z|`` above 10). Raises ValueError, naming the corpus, for a corpus that
    is not an ``(X, y)`` pair of as many rows, has other than the source's
    ``n_features`` columns, a missing or infinite feature, holds none of the
    source's ``classes``, is too small for ``adapt_fraction``
    (:func:`check_transfer_size`), or has the ``source``'s name; warns, as the
    protocol does, of recordings a corpus holds twice.
    """
    check_adapt_fraction(adapt_fraction)
    classes = np.asarray(classes).astype(str)
    corpora = {}
    for name, pair in (transfer or {}).items():
        if name == source:
            raise ValueError(
                f"transfer corpus {name!r} has the source's name: its results "
                "would mix with the source's; give the corpora different names"
            )
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ValueError(
                f"transfer corpus {name!r} must be a pair (X, y), got "
                f"{type(pair).__name__}"
            )
        X, y = np.asarray(pair[0], dtype=np.float64), np.asarray(labels(pair[1]))
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError(
                f"transfer corpus {name!r}: X of shape {X.shape} and "
                f"{len(y)} labels; X must be 2-D with one row per label"
            )
        check_finite(X, f"transfer corpus {name!r}")
        if X.shape[1] != n_features:
            raise ValueError(
                f"transfer corpus {name!r} has {X.shape[1]} features, the source "
                f"{n_features}: extract both with the same feature set"
            )
        if not np.isin(y.astype(str), classes).any():
            found = pd.unique(pd.Series(y).dropna())
            raise ValueError(
                f"transfer corpus {name!r} holds none of the source's classes "
                f"({', '.join(classes)}); its labels are "
                f"{', '.join(map(str, found))}: map them to the "
                "source's names or leave the corpus out"
            )
        # Integer column names: the studies' scalers see no feature names.
        corpus = make_corpus(name, pd.DataFrame(X), pd.DataFrame({"emotion": y}), 10.0)
        check_transfer_size(corpus, adapt_fraction)
        corpora[name] = corpus
    _report_duplicates(corpora.values())
    return corpora
