"""What the protocol checks before it fits anything: duplicates, folds, references.

A corpus may hold one recording twice (two names, two copies): such rows are
found here, kept inside one fold and on one side of the adaptation split, and
counted. Every condition a reference needs on a corpus (its classes, enough
groups for group folds, labels for the MetricDAE's supervised repeat) is checked
before the first model is fitted: a reference that cannot be computed is left out
with a note rather than failing after hours of training.
"""

import math

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.model_selection._split import GroupsConsumerMixin
from sklearn.utils import check_random_state

from skser.datasets import find_duplicates
from skser.evaluation._loop import fold_splitter
from skser.utils import label_column


def duplicate_ids(X):
    """Return, per row, the id of its group of identical recordings, or -1.

    Rows of features are the same recording when every feature is equal (the
    extraction is deterministic: a byte-identical file gives identical features);
    rows with a missing feature are never grouped. Rows of audio paths (a model
    that reads files) are compared by content (:func:`find_duplicates`).
    """
    ids = np.full(len(X), -1, dtype=np.int64)
    if len(X) == 0:
        return ids
    numeric = all(pd.api.types.is_numeric_dtype(dtype) for dtype in X.dtypes)
    if numeric:
        complete = X.notna().all(axis=1).to_numpy()
        keys = pd.util.hash_pandas_object(X, index=False).to_numpy()[complete]
        codes, _ = pd.factorize(keys)
        counts = np.bincount(codes)
        repeated = np.full(len(X), -1, dtype=np.int64)
        repeated[complete] = np.where(counts[codes] > 1, codes, -1)
        found = pd.Series(repeated)[repeated >= 0]
    else:
        column = "path" if "path" in X else X.columns[0] if X.shape[1] == 1 else None
        if column is None:
            return ids
        try:
            found = find_duplicates(X[column].reset_index(drop=True))["group"]
        except (FileNotFoundError, TypeError):
            return ids  # not files: the model that reads them will say so
    if len(found):  # (an empty result has an index of no integer dtype)
        ids[found.index.to_numpy(dtype=np.int64)] = pd.factorize(found.to_numpy())[0]
    return ids


def count_duplicates(ids):
    """Return (recordings held more than once, rows they take)."""
    held = ids[ids >= 0]
    return len(np.unique(held)), len(held)


def fold_groups(y, groups, ids):
    """Return a group label per row joining ``groups`` and duplicate recordings.

    Rows of one group of ``y[groups]`` (e.g. a speaker) or of one recording stay
    together: the connected components of both relations. None when there are no
    duplicates (the folds are then the usual ones).
    """
    if not (ids >= 0).any():
        return None
    n = len(ids)
    base = (
        pd.factorize(pd.Series(np.asarray(label_column(y, groups), dtype=object)))[0]
        if groups is not None
        else np.arange(n)
    )
    if (base < 0).any():
        raise ValueError(
            f"{int((base < 0).sum())} row(s) have no group ({groups!r} is missing); "
            "every row needs one"
        )
    n_base = base.max() + 1
    linked = np.flatnonzero(ids >= 0)
    rows = np.concatenate([np.arange(n), linked])
    columns = np.concatenate([base, n_base + ids[linked]])
    graph = coo_matrix(
        (np.ones(len(rows)), (rows, n + columns)),
        shape=(n + n_base + ids.max() + 1,) * 2,
    )
    _, labels = connected_components(graph, directed=False)
    return labels[:n]


def make_folds(cv, groups, seed, X, y, ids, name):
    """Folds of one corpus; no group and no duplicated recording straddles them.

    Errors name the corpus. A splitter given by the user receives the joined
    groups when it takes groups; if its folds still split a recording, that is
    an error.
    """
    try:
        merged = fold_groups(y, groups, ids)
        if not isinstance(cv, int):
            splitter = cv
        elif merged is None and groups is None:
            splitter = fold_splitter(cv, seed)
        else:  # the groups are speakers, recordings held twice, or both
            splitter = fold_splitter(cv, seed, groups if merged is None else merged)
        given = None if groups is None else label_column(y, groups)
        if merged is not None and (groups is not None or _takes_groups(splitter)):
            given = merged
        folds = list(
            splitter.split(X, y) if given is None else splitter.split(X, y, given)
        )
    except ValueError as exc:
        raise ValueError(f"corpus {name!r}: {exc}") from None
    for train, test in folds:
        shared = np.intersect1d(ids[train], ids[test])
        shared = shared[shared >= 0]
        if len(shared):
            raise ValueError(
                f"corpus {name!r}: the folds of {' '.join(repr(splitter).split())} "
                f"put {len(shared)} "
                "recording(s) held twice (identical rows) in both training and "
                "test; pass cv=<number of folds>, or a splitter that takes groups "
                "(e.g. skser.compose.ColumnStratifiedGroupKFold): the duplicates "
                "come as groups"
            )
    return folds


def _takes_groups(splitter):
    """Whether a splitter reads ``groups`` (scikit-learn's group splitters do)."""
    return isinstance(splitter, GroupsConsumerMixin)


def split_adaptation(n_rows, adapt_fraction, random_state, ids=None):
    """Return (adaptation rows, evaluation rows), fixed for a corpus and seed.

    The rows of one recording held twice go to the side of the first of them in
    the draw, so no recording is both standardised (or, for the supervised
    reference, trained) on and scored.
    """
    order = check_random_state(random_state).permutation(n_rows)
    n_adapt = math.ceil(adapt_fraction * n_rows)
    adapting = np.zeros(n_rows, dtype=bool)
    adapting[order[:n_adapt]] = True
    if ids is not None and (ids >= 0).any():
        drawn = ids[order]
        first = pd.Series(adapting[order]).groupby(drawn).transform("first")
        chosen = np.where(drawn >= 0, first.to_numpy(), adapting[order])
        adapting[order] = chosen
    return np.flatnonzero(adapting), np.flatnonzero(~adapting)


def in_classes(y, train_classes):
    """Rows of ``train_classes``; unlabelled rows (no emotion) are kept."""
    if train_classes is None:
        return np.ones(len(y), dtype=bool)
    emotion = label_column(y, "emotion")
    return (emotion.isin(list(train_classes)) | emotion.isna()).to_numpy()


def _classes_present(y, class_sets):
    """Return the classes of each class set that occur in ``y["emotion"]``."""
    emotions = set(label_column(y, "emotion").dropna())
    return {name: [c for c in classes if c in emotions]
            for name, classes in class_sets.items()}  # fmt: skip


def _describe(class_sets):
    return "; ".join(f"{name}: {', '.join(classes)}"
                     for name, classes in class_sets.items())  # fmt: skip


def check_source(source, class_sets):
    """Refuse a source on which no class set has two classes to learn."""
    present = _classes_present(source.y, class_sets)
    if not any(len(classes) >= 2 for classes in present.values()):
        found = sorted(set(label_column(source.y, "emotion").dropna()))
        raise ValueError(
            f"source corpus {source.name!r} lacks the classes to train a "
            f"classifier: it holds {', '.join(found) or 'no emotion labels'} among "
            f"the training rows, and each class set needs two of its classes "
            f"({_describe(class_sets)}); choose another source, or pass "
            "class_sets= or train_classes= that it holds"
        )


def plan_references(source, targets, *, cv, groups, seeds, adapt_fraction,
                    class_sets, train_classes, supervised, metric_targets):  # fmt: skip
    """Check every transfer corpus for each reference before anything is fitted.

    Parameters
    ----------
    source, targets
        The protocol's corpora (``name``, ``X``, ``y``, ``duplicates``).
    supervised : bool
        Whether the supervised reference runs.
    metric_targets : dict of str to list of str
        The MetricDAEs repeated with each transfer corpus's labels, and the
        label columns each learns.

    Returns
    -------
    supervised_folds : dict of (int, str) to list
        Folds of each corpus's supervised reference, by (seed, corpus).
    metric_pairs : set of (str, str)
        The (MetricDAE, corpus) pairs whose supervised repeat can be computed.
    notes : list of str
        What is left out, and why.
    """
    notes, supervised_folds, metric_pairs = [], {}, set()
    for corpus in targets.values():
        present = _classes_present(corpus.y, class_sets)
        if not any(present.values()):
            notes.append(
                f"{corpus.name}: no balanced accuracy: it holds none of the "
                f"classes scored ({_describe(class_sets)})"
            )
        for label in ("activation", "valence"):
            if (
                label in source.y
                and source.y[label].notna().any()
                and (label not in corpus.y or corpus.y[label].isna().all())
            ):
                notes.append(f"{corpus.name}: no {label} labels: no {label} metrics")
        if supervised:
            reason = _supervised_reason(corpus, class_sets, train_classes)
            folds = {}
            for seed in seeds if reason is None else ():
                selected = np.flatnonzero(in_classes(corpus.y, train_classes))
                try:
                    folds[seed] = make_folds(
                        cv, groups, seed, corpus.X.iloc[selected],
                        corpus.y.iloc[selected], corpus.duplicates[selected],
                        corpus.name,
                    )  # fmt: skip
                except ValueError as exc:
                    reason = str(exc).removeprefix(f"corpus {corpus.name!r}: ")
                    break
            if reason is None:
                supervised_folds.update(
                    {(seed, corpus.name): fold for seed, fold in folds.items()}
                )
            else:
                notes.append(
                    f"{corpus.name}: the supervised reference is left out: {reason}"
                )
        for model, labels in metric_targets.items():
            labels = [label for label in labels if label in corpus.y]
            counts = [
                int(corpus.y[labels].iloc[corpus.adaptation_split(adapt_fraction,
                    seed)[0]].notna().any(axis=1).sum())
                if labels else 0
                for seed in seeds
            ]  # fmt: skip
            if min(counts) >= 2:
                metric_pairs.add((model, corpus.name))
            else:
                notes.append(
                    f"{corpus.name}: {model} supervised is left out: its "
                    f"adaptation rows hold {min(counts)} row(s) labelled with "
                    f"{' or '.join(metric_targets[model])}, it needs 2"
                )
    return supervised_folds, metric_pairs, notes


def _supervised_reason(corpus, class_sets, train_classes):
    """Why the supervised reference cannot run on ``corpus``, or None."""
    selected = in_classes(corpus.y, train_classes)
    present = _classes_present(corpus.y[selected], class_sets)
    if not any(len(classes) >= 2 for classes in present.values()):
        held = sorted(set(label_column(corpus.y, "emotion")[selected].dropna()))
        return (
            f"it holds {', '.join(held) if held else 'none'} of the training "
            f"classes ({', '.join(train_classes or ['any'])}), and a classifier "
            "needs two"
        )
    return None
