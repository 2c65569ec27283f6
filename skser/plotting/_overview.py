"""The corpora at a glance: their eGeMAPS rows in two dimensions."""

import numpy as np
import pandas as pd

from skser.plotting._style import PALETTE, _corpus, _inside, _styled, _view

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# Corpora in dark tones, emotions in the palette's lighter ones, so that no colour
# means a corpus in one panel and an emotion in the other.
_CORPUS_COLOURS = ("#000000", "#8C510A", "#01665E", "#762A83", "#7F3B08")
#: One colour per emotion, the same in every overview: sad blue, angry vermillion,
#: happy green, neutral grey, ...
EMOTION_COLOURS = {
    "neutral": "#7F7F7F",
    "sad": PALETTE[0],
    "happy": PALETTE[2],
    "angry": PALETTE[5],
    "fear": PALETTE[3],
    "disgust": PALETTE[1],
    "boredom": PALETTE[4],
    "surprise": PALETTE[6],
}
_METHODS = ("auto", "pca", "umap")
_SCALINGS = ("pooled", "per_corpus")


def _umap():
    try:
        import umap
    except ImportError:
        return None
    return umap


def _projection(method, random_state):
    """Return (name, estimator with fit_transform) of a 2-D projection."""
    from sklearn.decomposition import PCA

    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}, got {method!r}")
    umap = _umap() if method in ("auto", "umap") else None
    if method == "umap" and umap is None:
        raise ImportError(
            "method='umap' needs the umap-learn package: pip install umap-learn "
            "(or use method='pca')"
        )
    if umap is not None:
        return "UMAP", umap.UMAP(n_components=2, random_state=random_state)
    return "PCA", PCA(n_components=2, random_state=random_state)


def _corpus_rows(corpora, scaling):
    """Stack the corpora's feature rows; return (features, labels frame)."""
    if scaling not in _SCALINGS:
        raise ValueError(
            f"scaling must be one of {', '.join(_SCALINGS)}, got {scaling!r}"
        )
    if not corpora:
        raise ValueError("corpora is empty; pass {name: (X, y)} for each corpus")
    columns, parts, labels = None, [], []
    for name, data in corpora.items():
        try:
            X, y = data
        except (TypeError, ValueError):
            raise TypeError(f"corpus {name!r} must be an (X, y) pair") from None
        X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
        if columns is None:
            columns = list(X.columns)
        missing = [c for c in columns if c not in X.columns]
        if missing:
            raise ValueError(
                f"corpus {name!r} lacks the feature column(s) "
                f"{', '.join(map(str, missing[:5]))} of the first corpus"
            )
        if len(X) != len(y):
            raise ValueError(f"corpus {name!r}: X has {len(X)} rows, y has {len(y)}")
        values = X[columns].to_numpy(float)
        if scaling == "per_corpus":
            values = _standardised(values)
        emotion = y["emotion"] if isinstance(y, pd.DataFrame) and "emotion" in y else y
        parts.append(values)
        labels.append(
            pd.DataFrame({"corpus": name, "emotion": np.asarray(emotion, dtype=object)})
        )
    return np.vstack(parts), pd.concat(labels, ignore_index=True)


def _standardised(values):
    mean, std = np.nanmean(values, axis=0), np.nanstd(values, axis=0)
    return (values - mean) / np.where(std > 0, std, 1.0)


def plot_corpus_overview(
    corpora, method="auto", scaling="pooled", random_state=0, point_size=10
):
    """Draw each corpus's eGeMAPS rows in two dimensions, by corpus and by emotion.

    The rows of every corpus are standardised (together, or each corpus on its
    own), projected to two dimensions (PCA, or UMAP when umap-learn is installed)
    and drawn twice: coloured by corpus, and coloured by emotion with one marker
    per corpus. It shows what a cross-corpus model faces: whether the corpora
    overlap (with ``scaling="pooled"``) and whether emotions lie alike in each.

    Parameters
    ----------
    corpora : dict of str to (X, y)
        Per corpus: features (array or DataFrame; the columns of the first corpus,
        matched by name in the others) and its labels (a frame with ``emotion``,
        or the emotions themselves).
    method : {"auto", "pca", "umap"}, default="auto"
        The projection; "auto" is UMAP when ``umap-learn`` can be imported, else
        PCA.
    scaling : {"pooled", "per_corpus"}, default="pooled"
        Standardise the rows of all corpora together (differences between corpora
        stay visible), or each corpus with its own statistics (as the protocol
        adapts a transfer corpus: only the arrangement within corpora is left).
    random_state : int, default=0
        Seed of the projection (UMAP's layout; PCA's solver).
    point_size : float, default=10
        Marker size.

    Returns
    -------
    figure : matplotlib.figure.Figure
        Two panels. Rows with a missing feature are left out, and the view holds
        all but the outermost 1 % of the points; titles count both.

    Raises
    ------
    ValueError
        If ``method`` or ``scaling`` is unknown, or a corpus lacks a column.
    ImportError
        If ``method="umap"`` and umap-learn is not installed.

    Examples
    --------
    >>> from skser.datasets import load_bundled
    >>> from skser.plotting import plot_corpus_overview
    >>> figure = plot_corpus_overview({"emodb": load_bundled("emodb"),
    ...                                "urdu": load_bundled("urdu")}, method="pca")
    >>> [ax.get_title().split(" (")[0] for ax in figure.axes]
    ['Coloured by corpus', 'Coloured by emotion']
    """
    import matplotlib.pyplot as plt

    from skser.plotting._results import _class_order

    values, labels = _corpus_rows(corpora, scaling)
    complete = ~np.isnan(values).any(axis=1)
    values, labels = values[complete], labels[complete].reset_index(drop=True)
    if scaling == "pooled":
        values = _standardised(values)
    name, projection = _projection(method, random_state)
    points = pd.DataFrame(
        projection.fit_transform(values)[:, :2], columns=["dim0", "dim1"]
    )
    if name == "PCA":
        shares = projection.explained_variance_ratio_
        axis_names = [f"PC {k + 1} ({shares[k]:.0%} of the variance)" for k in (0, 1)]
    else:
        axis_names = ["UMAP 1", "UMAP 2"]
    limits = _view([points], ["dim0", "dim1"])
    inside = _inside(points, ["dim0", "dim1"], limits)
    names = list(corpora)
    emotions = _class_order(set(labels["emotion"].dropna()), "4class")
    with _styled():
        figure, axes = plt.subplots(
            1, 2, figsize=(11.5, 4.8), sharex=True, sharey=True, layout="constrained"
        )
        for k, corpus in enumerate(names):
            rows = (labels["corpus"] == corpus).to_numpy()
            axes[0].scatter(
                points["dim0"][rows], points["dim1"][rows], s=point_size,
                color=_CORPUS_COLOURS[k % len(_CORPUS_COLOURS)],
                marker=_MARKERS[k % len(_MARKERS)],
                alpha=0.6, linewidths=0, label=f"{_corpus(corpus)} ({int(rows.sum())})",
            )  # fmt: skip
        unlabelled = labels["emotion"].isna().to_numpy()
        groups = [(e, (labels["emotion"] == e).to_numpy()) for e in emotions]
        if unlabelled.any():
            groups.append(("no emotion label", unlabelled))
        spare = [c for c in PALETTE if c not in EMOTION_COLOURS.values()]
        for k, (emotion, rows) in enumerate(groups):
            color = EMOTION_COLOURS.get(emotion, spare[k % len(spare)])
            if emotion == "no emotion label":
                color = "0.82"
            for j, corpus in enumerate(names):
                chosen = rows & (labels["corpus"] == corpus).to_numpy()
                axes[1].scatter(
                    points["dim0"][chosen], points["dim1"][chosen], s=point_size,
                    color=color, marker=_MARKERS[j % len(_MARKERS)], alpha=0.6,
                    linewidths=0, label=emotion if j == 0 else None,
                )  # fmt: skip
        for ax, what in zip(axes, ("corpus", "emotion"), strict=True):
            ax.set_xlim(limits[0][0], limits[1][0])
            ax.set_ylim(limits[0][1], limits[1][1])
            ax.set_xlabel(axis_names[0])
            outside = int((~inside).sum())
            ax.set_title(
                f"Coloured by {what} (n = {len(points)}"
                + (f", {outside} outside the view" if outside else "")
                + ")"
            )
            ax.legend(loc="best", markerscale=1.5, fontsize="small")
        axes[0].set_ylabel(axis_names[1])
        if len(names) > 1:
            axes[1].text(
                0.0, -0.16, "markers: " + ", ".join(
                    f"{_corpus(corpus)} {_MARKER_WORDS[_MARKERS[j % len(_MARKERS)]]}"
                    for j, corpus in enumerate(names)
                ), transform=axes[1].transAxes, fontsize="small",
            )  # fmt: skip
        together = (
            "standardised together"
            if scaling == "pooled"
            else "each corpus standardised on its own"
        )
        left_out = int((~complete).sum())
        figure.suptitle(
            f"eGeMAPS rows of {', '.join(names)} in two dimensions ({name} of "
            f"the features, {together}"
            + (f"; {left_out} rows with missing features left out" if left_out else "")
            + ")"
        )
    return figure


_MARKER_WORDS = {
    "o": "circles",
    "s": "squares",
    "^": "triangles",
    "D": "diamonds",
    "v": "down triangles",
    "P": "pluses",
    "X": "crosses",
    "*": "stars",
}
