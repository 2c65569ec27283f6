"""UAR under noise, adversarial perturbation and other corpora (Latif et al.)."""

import re

import matplotlib.pyplot as plt
import numpy as np

from skser.plotting._style import (
    _chance,
    _corpus,
    _styled,
    metric_label,
    model_colour,
)

_PANEL_TITLES = {"white": "white noise", "babble": "babble noise", "fgsm": "FGSM"}


def _accuracy_metric(results):
    """Return the one balanced-accuracy metric of the results, or name them."""
    found = sorted(
        {m for m in results["metric"] if re.fullmatch(r"balanced_accuracy_.+", m)}
    )
    if len(found) != 1:
        raise ValueError(
            "robustness results need one balanced_accuracy_<class set> metric, got "
            f"{found or 'none'} (metrics: {', '.join(sorted(set(results['metric'])))})"
        )
    return found[0]


def plot_robustness(results):
    """Plot UAR against SNR (per noise kind) and FGSM epsilon, one line per model.

    The clean UAR is the first point of every line; cross-corpus rows are drawn
    as bars in a last panel when present, one per model and corpus. A dotted line
    marks chance (1 / classes). Each model has one colour in every figure,
    chosen by its name rather than by its place in the results, so that the
    figures of two corpora compare at a glance.

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results of :func:`skser.evaluation.evaluate_robustness`: the
        columns of :data:`skser.utils.RESULT_COLUMNS` and ``condition`` and
        ``level``, with one ``balanced_accuracy_<class set>`` metric.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The figure.

    Raises
    ------
    ValueError
        If the results hold no, or several, balanced-accuracy metrics.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.plotting import plot_robustness
    >>> results = pd.DataFrame({
    ...     "seed": 0, "fold": 0, "model": "a", "corpus": "test", "role": "source",
    ...     "metric": "balanced_accuracy_4class", "value": [0.6, 0.5, 0.3],
    ...     "condition": ["clean", "white", "white"],
    ...     "level": [float("nan"), 20.0, 0.0]})
    >>> [axis.get_title() for axis in plot_robustness(results).axes]
    ['white noise']
    """
    metric = _accuracy_metric(results)
    scores = results[results["metric"] == metric]
    panels = [c for c in _PANEL_TITLES if c in set(scores["condition"])]
    transfer = scores[scores["condition"] == "cross-corpus"]
    n_panels = len(panels) + (not transfer.empty)
    models = list(dict.fromkeys(scores["model"]))
    # By name, not by order: a model keeps its colour in every figure.
    colours = {model: model_colour(model) for model in models}
    chance = _chance(metric)
    with _styled():
        figure, axes = plt.subplots(1, max(n_panels, 1), figsize=(4 * n_panels, 3.4),
                                    squeeze=False, sharey=True,
                                    layout="constrained")  # fmt: skip
        axes = list(axes[0])
        for axis, condition in zip(axes, panels, strict=False):
            _level_panel(axis, scores, condition, models, colours)
        if not transfer.empty:
            _transfer_panel(axes[-1], transfer, colours)
        for axis in axes:
            if chance is not None:
                axis.axhline(chance, color="0.5", linestyle=":", linewidth=1)
        axes[0].set_ylabel(metric_label(metric))
        if panels:
            axes[0].legend(fontsize=8)
    return figure


def _level_panel(axis, scores, condition, models, colours):
    rows = scores[scores["condition"] == condition]
    levels = sorted(set(rows["level"]), reverse=condition != "fgsm")
    ticks = ["clean"] + [f"{level:g}" for level in levels]
    for model in models:
        clean = scores[(scores["model"] == model) & (scores["condition"] == "clean")]
        mine = rows[rows["model"] == model].set_index("level")["value"]
        if mine.empty:
            continue
        values = [clean["value"].mean()] + [mine.get(level, np.nan) for level in levels]
        axis.plot(ticks, values, marker="o", color=colours[model], label=model)
    axis.set_title(_PANEL_TITLES[condition])
    axis.set_xlabel("epsilon" if condition == "fgsm" else "SNR (dB)")


def _transfer_panel(axis, transfer, colours):
    labels = [
        f"{model}\n→ {_corpus(corpus)}"
        for model, corpus in zip(transfer["model"], transfer["corpus"], strict=True)
    ]
    axis.bar(labels, transfer["value"],
             color=[colours[m] for m in transfer["model"]])  # fmt: skip
    axis.set_title("other corpora")
    # Model names are long: slanted labels keep them apart.
    axis.tick_params(axis="x", labelsize=7, labelrotation=35)
    for label in axis.get_xticklabels():
        label.set_horizontalalignment("right")
