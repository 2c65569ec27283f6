"""Attributions of decisions to eGeMAPS feature groups, as a heatmap."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from skser.plotting._style import _corpus, _styled


def _class_view(table):
    """Return groups x classes from a group_attributions table.

    With class-score outputs, each class's own score (what drives the decision for
    it); with latent outputs, the mean over the latent dimensions.
    """
    frame = table.reset_index()
    classes = list(dict.fromkeys(frame["class"]))
    if set(frame["output"]) <= set(classes):
        frame = frame[frame["output"] == frame["class"]]
    view = frame.drop(columns="output").groupby("class", sort=False).mean()
    return view.reindex([c for c in classes if c in view.index]).T


def _stars(p_value):
    return next(
        (s for s, cut in (("***", 1e-3), ("**", 1e-2), ("*", 5e-2)) if p_value < cut),
        "",
    )


def _marks(comparison, view):
    """Holm-significance marks per (group, class) of a view: class vs reference.

    A cell (group, class b) is marked by the smallest Holm-corrected p-value of the
    comparisons (class a, class b) on that group, over the outputs drawn: the
    class's own score for classifiers, every latent dimension otherwise.
    """
    marks = pd.DataFrame("", index=view.index, columns=view.columns)
    if comparison is None or comparison.empty:
        return marks
    own_outputs = set(comparison["output"]) <= set(view.columns)
    for row in comparison.itertuples():
        if own_outputs and row.output != row.class_b:
            continue
        if row.class_b in marks.columns and row.group in marks.index:
            star = _stars(row.p_holm)
            if len(star) > len(marks.loc[row.group, row.class_b]):
                marks.loc[row.group, row.class_b] = star
    return marks


def plot_group_attributions(
    tables, comparisons=None, method="Integrated Gradients", corpus=None, cmap="magma"
):
    """Heatmap of attribution per feature group and class, one panel per model.

    Each panel has its own colour scale (models' attributions are in the units
    of their own outputs, so one shared scale would let one model's largest cell
    wash out the others). Stars mark the cells whose class differs from the
    reference class of ``comparisons`` (neutral by default) on that group:
    ``*`` p < 0.05, ``**`` p < 0.01, ``***`` p < 0.001, Holm-corrected.

    Parameters
    ----------
    tables : DataFrame or dict of str to DataFrame
        :func:`skser.inspection.group_attributions` tables, by model name.
    comparisons : DataFrame or dict of str to DataFrame, default=None
        :func:`skser.inspection.compare_classes` results, by model name (or one
        frame with a ``model`` column); no marks when None.
    method : str, default="Integrated Gradients"
        The attribution method, for the title.
    corpus : str, default=None
        The corpus attributed, for the title.
    cmap : str, default="magma"
        Colour map; its lightness rises with the value, so it reads in grey.

    Returns
    -------
    figure : matplotlib.figure.Figure
        Rows: feature groups; columns: classes; panels: models.
    """
    if not isinstance(tables, dict):
        tables = {"": tables}
    if isinstance(comparisons, pd.DataFrame):
        comparisons = (
            dict(tuple(comparisons.groupby("model", sort=False)))
            if "model" in comparisons
            else dict.fromkeys(tables, comparisons)
        )
    comparisons = comparisons or {}
    views = {name: _class_view(table) for name, table in tables.items()}
    first = next(iter(views.values()))
    with _styled():
        figure, axes = plt.subplots(
            1,
            len(views),
            figsize=(
                (1.0 * first.shape[1] + 1.6) * len(views) + 1.2,
                0.45 * first.shape[0] + 2.0,
            ),
            squeeze=False,
            sharey=True,
            layout="constrained",
        )
        for ax, (name, view) in zip(axes[0], views.items(), strict=True):
            values = view.to_numpy(float)
            image = ax.imshow(
                values, cmap=cmap, vmin=0, vmax=np.nanmax(values), aspect="auto"
            )
            marks = _marks(comparisons.get(name), view)
            middle = np.nanmax(values) / 2
            for (i, j), mark in np.ndenumerate(marks.to_numpy()):
                if mark:
                    ax.text(
                        j,
                        i,
                        mark,
                        ha="center",
                        va="center",
                        fontsize=9,
                        color="black" if values[i, j] > middle else "white",
                    )
            ax.set_xticks(range(view.shape[1]), view.columns, rotation=45, ha="right")
            ax.set_yticks(range(view.shape[0]), view.index)
            ax.set_xlabel("emotion class")
            ax.set_title(name)
            figure.colorbar(image, ax=ax, label="mean |attribution|", shrink=0.9)
        axes[0][0].set_ylabel("eGeMAPS feature group")
        where = f" on {_corpus(corpus)}" if corpus else ""
        references = sorted(
            {c for frame in comparisons.values() for c in frame["class_a"]}
        )
        note = (
            f"\n* / ** / ***: differs from {' or '.join(map(str, references))}, "
            "Holm-corrected p < 0.05 / 0.01 / 0.001"
            if references
            else ""
        )
        figure.suptitle(
            f"{method} attributions by feature group{where}; "
            f"colour scale per model{note}"
        )
    return figure
