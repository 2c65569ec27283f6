"""Training histories of the torch models: each loss term per epoch."""

import numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter

from skser.plotting._style import PALETTE, _styled

# Entries of a skorch history that are bookkeeping, not losses.
_NOT_TERMS = ("batches", "epoch", "dur", "train_batch_count", "valid_batch_count")


def _history(model):
    """Return the skorch history of a model, of a pipeline's last step, or itself."""
    if hasattr(model, "steps"):  # a Pipeline: its last step trained
        model = model.steps[-1][1]
    history = getattr(model, "history_", model)
    if not hasattr(history, "__getitem__") or not hasattr(history, "__len__"):
        raise TypeError(
            f"{type(model).__name__} has no training history: pass a fitted skser "
            "torch model (it has history_), a pipeline ending in one, or a skorch "
            "History"
        )
    return history


def history_terms(history):
    """Return each loss term of a training history per epoch.

    Parameters
    ----------
    history : skorch.History or list of dict
        One entry per epoch, as a skser model's ``history_``.

    Returns
    -------
    terms : dict of str to ndarray of shape (n_epochs,)
        Per recorded term (``train_reconstruction``, ``train_kl``, ...,
        ``train_loss`` the weighted sum, ``valid_*`` with a validation split),
        its value in every epoch; NaN in an epoch that did not record it. Entries
        that are bookkeeping (``epoch``, ``dur``, batch counts, ``*_best``) or not
        numbers are left out.

    Examples
    --------
    >>> from skser.plotting import history_terms
    >>> history = [{"epoch": 1, "train_kl": 0.5, "train_loss": 2.0, "dur": 0.1},
    ...            {"epoch": 2, "train_kl": 0.25, "train_loss": 1.5, "dur": 0.1}]
    >>> {name: values.tolist() for name, values in history_terms(history).items()}
    {'train_kl': [0.5, 0.25], 'train_loss': [2.0, 1.5]}
    """
    epochs = [dict(entry) for entry in history]
    names = []
    for entry in epochs:
        for name, value in entry.items():
            if (
                name not in _NOT_TERMS
                and not name.endswith("_best")
                and isinstance(value, numbers.Real)
                and not isinstance(value, bool)
                and name not in names
            ):
                names.append(name)
    return {
        name: np.array([float(entry.get(name, np.nan)) for entry in epochs])
        for name in names
    }


def _term_label(name, total):
    prefix, _, term = name.partition("_")
    if name == total:
        return "total loss" if prefix == "train" else "total loss (validation)"
    return term.replace("_", " ") if prefix == "train" else f"{term} (validation)"


def plot_training_history(models, title=None, log_scale="auto", columns=3):
    """Draw each loss term of torch models per training epoch, one panel per model.

    The terms are those the model records in ``history_`` (for the DAE family:
    reconstruction, metric, cluster, KL, each already multiplied by its weight;
    for the GANs and AAEs: generator, discriminator, heads), and the total loss
    skorch reports (``train_loss``: the sum of the model's terms; for a GAN the
    generator's loss), drawn thicker and in black. A term whose curve still falls
    at the last epoch had not converged.

    Parameters
    ----------
    models : estimator, Pipeline, skorch.History or dict of str to those
        Fitted skser torch models (anything with ``history_``), pipelines ending
        in one, or histories; a dict names the panels.
    title : str, default=None
        The figure's title; by default it says what is drawn.
    log_scale : "auto" or bool, default="auto"
        A logarithmic loss axis; "auto": per panel, when every value is positive
        (terms of very different sizes stay readable).
    columns : int, default=3
        Panels per row.

    Returns
    -------
    figure : matplotlib.figure.Figure
        One panel per model: loss against epoch (1-based), one line per term.

    Raises
    ------
    TypeError
        If a model has no training history (not fitted, or not a torch model).
    ValueError
        If a history records no loss term.

    See Also
    --------
    history_terms : The values drawn.
    """
    if not isinstance(models, dict):
        models = {type(getattr(models, "steps", [[None, models]])[-1][1]).__name__:
                  models}  # fmt: skip
    histories = {name: history_terms(_history(model)) for name, model in models.items()}
    for name, terms in histories.items():
        if not terms:
            raise ValueError(
                f"the history of {name!r} records no loss term per epoch; was the "
                "model fitted?"
            )
    columns = max(1, min(columns, len(histories)))
    rows = -(-len(histories) // columns)
    with _styled():
        figure, axes = plt.subplots(
            rows, columns, figsize=(3.9 * columns + 1.0, 3.1 * rows + 0.8),
            squeeze=False, layout="constrained",
        )  # fmt: skip
        for ax, (name, terms) in zip(axes.ravel(), histories.items(), strict=False):
            _draw_terms(ax, terms, log_scale)
            n_epochs = max(len(values) for values in terms.values())
            ax.set_title(f"{name} ({n_epochs} epochs)")
        for ax in axes.ravel()[len(histories) :]:
            ax.set_axis_off()
        figure.suptitle(
            title
            or "Training history: each weighted loss term per epoch (mean over "
            "the epoch's batches)"
        )
    return figure


def _draw_terms(ax, terms, log_scale):
    """Draw one history's terms; the total in black unless one term is all of it."""
    total = "train_loss" if "train_loss" in terms else None
    others = [term for term in terms if term != total]
    alone = [t for t in others if np.allclose(terms[t], terms[total], equal_nan=True)
             ] if total else []  # fmt: skip
    for k, term in enumerate(others):
        values = terms[term]
        label = _term_label(term, total)
        ax.plot(
            np.arange(1, len(values) + 1), values,
            color=PALETTE[k % (len(PALETTE) - 1)],  # black is the total's
            linestyle="--" if term.startswith("valid_") else "-",
            linewidth=2 if term in alone else 1.5,
            label=f"{label} (= total loss)" if term in alone else label,
        )  # fmt: skip
    if total and not alone:
        values = terms[total]
        ax.plot(np.arange(1, len(values) + 1), values, color="black", linewidth=2,
                label=_term_label(total, total))  # fmt: skip
    every = np.concatenate(list(terms.values()))
    positive = bool(np.all(every[~np.isnan(every)] > 0))
    if log_scale is True or (log_scale == "auto" and positive):
        ax.set_yscale("log")
        # Plain numbers (0.8, 2), not powers of ten, on the short log ranges here.
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
        ax.tick_params(axis="y", which="minor", labelsize="x-small")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (log scale)" if ax.get_yscale() == "log" else "loss")
    ax.legend(loc="best")
