"""Results of the evaluations: bars, label-fraction lines, confusion matrices."""

import re
from fnmatch import fnmatch

import matplotlib.pyplot as plt
import numpy as np

from skser.plotting._style import (
    HATCHES,
    PALETTE,
    _chance,
    _corpus,
    _count,
    _rows_of,
    _spread,
    _styled,
    metric_label,
)
from skser.utils import REFERENCE_MODELS

# What a reference bar looks like: outlined, not filled (raw eGeMAPS, no latent model).
_REFERENCE_BARS = (
    {"hatch": "////", "edgecolor": "0.2"},
    {"hatch": "....", "edgecolor": "0.2"},
)


def plot_results(
    results,
    metric="balanced_accuracy_4class",
    models=None,
    references=None,
    chance=None,
):
    """Draw one metric as grouped bars: corpora on the axis, one bar per model.

    Bars are means, error bars one standard deviation over folds (and seeds, when
    ``results`` has a ``seed`` column); the title says over how many. Latent
    models are filled bars, the raw-eGeMAPS references outlined hatched bars.

    Parameters
    ----------
    results : DataFrame
        The tidy output of :func:`skser.evaluation.cross_corpus_validate`.
    metric : str, default="balanced_accuracy_4class"
        The metric to draw.
    models : list of str, default=None
        Models to draw, in order; by default all, in the order of ``results``.
    references : list of str, default=None
        Models drawn as references; by default the names of
        :data:`skser.utils.REFERENCE_MODELS`.
    chance : float or False, default=None
        Chance level, drawn as a dashed line; by default 1 / classes for
        ``balanced_accuracy_<n>class`` and none otherwise. False draws none.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The bar chart.
    """
    chosen = _rows_of(results, metric)
    models = list(dict.fromkeys(chosen["model"])) if models is None else models
    if references is None:
        # "{model} supervised" names one reference per latent model.
        patterns = [name.replace("{model}", "*") for name in REFERENCE_MODELS.values()]
        references = [m for m in models if any(fnmatch(m, p) for p in patterns)]
    corpora = list(dict.fromkeys(chosen["corpus"]))
    sources = list(dict.fromkeys(chosen.loc[chosen["role"] == "source", "corpus"]))
    chance = _chance(metric) if chance is None else chance
    stats = chosen.groupby(["model", "corpus"])["value"].agg(["mean", "std"])
    width = 0.8 / len(models)
    positions = np.arange(len(corpora))
    with _styled():
        figure, ax = plt.subplots(
            figsize=(max(5.5, 1.6 * len(corpora) * len(models) / 3) + 2.5, 4),
            layout="constrained",
        )
        latent = [m for m in models if m not in references]
        for i, model in enumerate(models):
            if model in references:
                look = {
                    "facecolor": "white",
                    "linewidth": 0.8,
                    **_REFERENCE_BARS[references.index(model) % 2],
                }
            else:
                k = latent.index(model) % len(PALETTE)
                look = {
                    "color": PALETTE[k],
                    "hatch": HATCHES[k],
                    "edgecolor": "white",
                    "linewidth": 0,
                }
            means = [stats["mean"].get((model, c), np.nan) for c in corpora]
            errors = [stats["std"].get((model, c), np.nan) for c in corpora]
            ax.bar(
                positions + (i - (len(models) - 1) / 2) * width,
                means,
                width,
                yerr=errors,
                capsize=2,
                label=model,
                error_kw={"linewidth": 0.8},
                **look,
            )
        if chance:
            ax.axhline(
                chance,
                color="0.3",
                linestyle="--",
                linewidth=1,
                label=f"chance ({chance:.2f})",
            )
        names = [
            f"{_corpus(c)}\n(held-out folds)"
            if c in sources
            else f"{_corpus(c)}\n(transfer)"
            for c in corpora
        ]
        ax.set_xticks(positions, names)
        ax.set_xlabel("corpus scored")
        ax.set_ylabel(metric_label(metric))
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda k: labels[k] not in models)
        # Outside the axes, inside the figure: constrained layout makes room.
        figure.legend(
            [handles[k] for k in order],
            [labels[k] for k in order],
            loc="outside right upper",
        )
        trained = f"trained on {', '.join(map(_corpus, sources))}" if sources else ""
        ax.set_title(
            f"{metric_label(metric)}, {trained}\n"
            f"bars: mean; error bars: ±1 std over {_spread(chosen)}"
        )
    return figure


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def plot_label_fractions(results, metric="balanced_accuracy_4class"):
    """Draw a metric against the share of emotion labels, one line per system.

    One panel per corpus scored; points are means, error bars one standard
    deviation over folds (and seeds); the x axis is logarithmic, as the shares
    usually are (10 %, 30 %, 100 %), and each system's points are shifted a
    little along it so that overlapping error bars stay visible.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with ``system``, ``fraction``, ``corpus``, ``role``,
        ``metric`` and ``value``, as :func:`skser.evaluation.label_fraction_results`
        returns.
    metric : str, default="balanced_accuracy_4class"
        The metric to draw.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The line chart.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.plotting import plot_label_fractions
    >>> results = pd.DataFrame({"system": "AAE", "fraction": [0.1, 0.1, 1.0],
    ...     "corpus": "emodb", "role": "source", "fold": [0, 1, 0],
    ...     "metric": "balanced_accuracy_4class", "value": [0.5, 0.6, 0.7]})
    >>> figure = plot_label_fractions(results)
    >>> figure.axes[0].lines[0].get_ydata().round(2).tolist()
    [0.55, 0.7]
    """
    chosen = _rows_of(results, metric)
    systems = list(dict.fromkeys(chosen["system"]))
    corpora = list(dict.fromkeys(chosen["corpus"]))
    roles = chosen.groupby("corpus")["role"].first()
    stats = chosen.groupby(["corpus", "system", "fraction"])["value"].agg(
        ["mean", "std"]
    )
    chance = _chance(metric)
    with _styled():
        figure, axes = plt.subplots(
            1, len(corpora), figsize=(3.6 * len(corpora) + 2, 3.6),
            sharey=True, squeeze=False, layout="constrained",
        )  # fmt: skip
        for ax, corpus in zip(axes[0], corpora, strict=True):
            for k, system in enumerate(systems):
                line = stats.loc[(corpus, system)]
                # Dodged a little along the (log) x axis, so error bars do not hide.
                dodge = 1 + 0.04 * (k - (len(systems) - 1) / 2)
                ax.errorbar(
                    line.index.to_numpy(float) * dodge, line["mean"].to_numpy(),
                    yerr=line["std"].to_numpy(), capsize=2,
                    marker=_MARKERS[k % len(_MARKERS)], color=PALETTE[k % len(PALETTE)],
                    label=system,
                )  # fmt: skip
            if chance:
                ax.axhline(chance, color="0.3", linestyle="--", linewidth=1,
                           label=f"chance ({chance:.2f})")  # fmt: skip
            fractions = sorted(set(chosen["fraction"]))
            ax.set_xscale("log")
            ax.set_xticks(fractions, [f"{f:.0%}" for f in fractions])
            ax.minorticks_off()
            ax.set_xlabel("share of emotion labels")
            where = "held-out folds" if roles[corpus] == "source" else "transfer"
            ax.set_title(f"{_corpus(corpus)} ({where})")
        axes[0, 0].set_ylabel(metric_label(metric))
        handles, labels = axes[0, 0].get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda k: labels[k] not in systems)
        figure.legend([handles[k] for k in order], [labels[k] for k in order],
                      loc="outside right upper")  # fmt: skip
        figure.suptitle(f"points: mean; error bars: ±1 std over {_spread(chosen)}")
    return figure


def _class_order(classes, class_set=None):
    """Order class names as the papers do: a class set's order, then skser's."""
    from skser.datasets import CLASS_SETS, EMOTIONS

    first = CLASS_SETS.get(class_set, ()) if isinstance(class_set, str) else ()
    canonical = [*first, *(e for e in EMOTIONS if e not in first)]
    seen = set(classes)
    return [c for c in canonical if c in seen] + sorted(seen - set(canonical), key=str)


def _class_set_words(class_set):
    classes = re.fullmatch(r"(\d+)class", str(class_set))
    return f"{classes.group(1)} classes" if classes else str(class_set)


def plot_confusion_matrices(
    predictions,
    class_set=None,
    models=None,
    corpora=None,
    normalize="true",
    cmap="Blues",
):
    """Confusion matrices per model (rows) and corpus (columns) of the protocol.

    Predictions of all folds (and seeds) are pooled per model and corpus and
    drawn with scikit-learn's
    :class:`~sklearn.metrics.ConfusionMatrixDisplay`; by default each row is
    normalised, so the diagonal is the recall of each class and its mean the
    balanced accuracy.

    Parameters
    ----------
    predictions : DataFrame
        Tidy: one row per scored utterance with ``model``, ``corpus``, ``true``
        and ``predicted``; optionally ``class_set``, ``seed`` and ``fold``.
    class_set : str, default=None
        With a ``class_set`` column, the one to draw (by default the first).
    models, corpora : list of str, default=None
        What to draw, in order; by default all, in the order of ``predictions``.
    normalize : {"true", "pred", "all"} or None, default="true"
        As for :func:`~sklearn.metrics.confusion_matrix`; None draws counts.
    cmap : str, default="Blues"
        Colour map, one scale for all panels (0 to 1 when normalised).

    Returns
    -------
    figure : matplotlib.figure.Figure
        A grid of confusion matrices.

    See Also
    --------
    skser.evaluation.cross_corpus_validate : Makes ``predictions``.
    """
    from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix

    missing = {"model", "corpus", "true", "predicted"} - set(predictions.columns)
    if missing:
        raise ValueError(
            f"predictions lack column(s) {', '.join(sorted(missing))} (columns: "
            f"{', '.join(map(str, predictions.columns))})"
        )
    if "class_set" in predictions:
        sets = list(dict.fromkeys(predictions["class_set"]))
        class_set = sets[0] if class_set is None else class_set
        if class_set not in sets:
            raise ValueError(
                f"class set {class_set!r} not in the predictions (class sets: "
                f"{', '.join(map(str, sets))})"
            )
        predictions = predictions[predictions["class_set"] == class_set]
    models = list(dict.fromkeys(predictions["model"])) if models is None else models
    corpora = list(dict.fromkeys(predictions["corpus"])) if corpora is None else corpora
    labels = _class_order(
        set(predictions["true"]) | set(predictions["predicted"]), class_set
    )
    counts = {
        key: confusion_matrix(
            frame["true"], frame["predicted"], labels=labels, normalize=normalize
        )
        for key, frame in predictions.groupby(["model", "corpus"], sort=False)
    }
    vmax = 1.0 if normalize else max(m.max() for m in counts.values())
    side = 0.55 * len(labels) + 1.2
    with _styled():
        figure, axes = plt.subplots(
            len(models),
            len(corpora),
            squeeze=False,
            layout="constrained",
            figsize=(side * len(corpora) + 1.2, side * len(models) + 1.4),
        )
        for (i, model), (j, corpus) in (
            (m, c) for m in enumerate(models) for c in enumerate(corpora)
        ):
            ax = axes[i][j]
            if (model, corpus) not in counts:
                ax.set_axis_off()
                ax.set_title(f"{model}\n{_corpus(corpus)}: no predictions")
                continue
            frame = predictions[
                (predictions["model"] == model) & (predictions["corpus"] == corpus)
            ]
            display = ConfusionMatrixDisplay(
                counts[model, corpus], display_labels=labels
            )
            display.plot(
                ax=ax,
                cmap=cmap,
                colorbar=False,
                im_kw={"vmin": 0, "vmax": vmax},
                values_format=".2f" if normalize else "d",
            )
            ax.set_title(f"{model}\n{_corpus(corpus)} (n = {len(frame)})")
            ax.tick_params(axis="x", labelrotation=45)
            ax.set_xlabel("predicted emotion" if i == len(models) - 1 else "")
            ax.set_ylabel("true emotion" if j == 0 else "")
            if j:
                ax.tick_params(axis="y", labelleft=False)
        figure.colorbar(
            display.im_,
            ax=axes.ravel().tolist(),
            shrink=0.6,
            label="share of the true class"
            if normalize == "true"
            else "share"
            if normalize
            else "utterances",
        )
        pooled = " and ".join(
            _count(predictions[c].nunique(), c)
            for c in ("fold", "seed")
            if c in predictions
        )
        what = f", {_class_set_words(class_set)}" if class_set else ""
        figure.suptitle(
            f"Confusion matrices{what}:\ntrue emotion (rows) against predicted"
            + (f", pooled over {pooled}" if pooled else "")
        )
    return figure
