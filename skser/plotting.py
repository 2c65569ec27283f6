"""Figures of the papers: latent codes, densities, results, attributions, confusions.

Every function returns the matplotlib Figure, for ``fig.savefig`` or further edits.
All draw with one style, :data:`STYLE` (``plt.style.use(STYLE)`` applies it to
figures of your own): a colour-blind-safe palette (Okabe and Ito) whose colours also
differ in lightness, with hatching where a figure must read in grey.
"""

import re
from contextlib import contextmanager
from fnmatch import fnmatch

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler
from scipy.stats import gaussian_kde

__all__ = [
    "PALETTE",
    "STYLE",
    "metric_label",
    "plot_confusion_matrices",
    "plot_group_attributions",
    "plot_label_fractions",
    "plot_latent",
    "plot_latent_density",
    "plot_results",
]

#: Okabe-Ito colours, ordered so neighbours differ in lightness as well as hue.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
#: Hatches that tell bars apart in grey print, one per palette colour.
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
#: Matplotlib rc parameters of every skser figure.
STYLE = {
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "figure.titlesize": "large",
    "font.size": 10,
    "legend.frameon": False,
    "legend.fontsize": "small",
    "image.cmap": "viridis",
    "hatch.linewidth": 0.6,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
}
# What a reference bar looks like: outlined, not filled (raw eGeMAPS, no latent model).
_REFERENCE_BARS = (
    {"hatch": "////", "edgecolor": "0.2"},
    {"hatch": "....", "edgecolor": "0.2"},
)
_WORDS = {
    "r2": "R²",
    "adjusted": "adjusted",
    "bhattacharyya": "Bhattacharyya",
    "ccc": "CCC",
}


@contextmanager
def _styled():
    with plt.rc_context(STYLE):
        yield


def metric_label(metric):
    """Say a results metric in words, for axis labels and titles.

    Parameters
    ----------
    metric : str
        A metric name of :func:`skser.evaluation.cross_corpus_validate`.

    Returns
    -------
    label : str
        The name in words.

    Examples
    --------
    >>> from skser.plotting import metric_label
    >>> metric_label("balanced_accuracy_4class")
    'balanced accuracy (4 classes)'
    >>> metric_label("adjusted_r2_activation")
    'adjusted R² (activation)'
    >>> metric_label("ccc_valence")
    'CCC (valence)'
    """
    classes = re.fullmatch(r"(.+)_(\d+)class", metric)
    if classes:
        return f"{metric_label(classes.group(1))} ({classes.group(2)} classes)"
    for label in ("activation", "valence"):
        if metric.endswith("_" + label):
            return f"{metric_label(metric[: -len(label) - 1])} ({label})"
    return " ".join(_WORDS.get(word, word) for word in metric.split("_"))


def _chance(metric):
    """Chance level of a class-balanced metric (1 / classes), else None."""
    classes = re.fullmatch(r"balanced_accuracy_(\d+)class", metric)
    return 1 / int(classes.group(1)) if classes else None


def _rows_of(results, metric):
    """Return the rows of one metric; the error names the metrics there are."""
    chosen = results[results["metric"] == metric]
    if chosen.empty:
        raise ValueError(
            f"metric {metric!r} not in the results (metrics: "
            f"{', '.join(sorted(set(results['metric'])))})"
        )
    return chosen


def _count(n, noun):
    return f"{n} {noun}" + ("s" if n != 1 else "")


def _spread(frame):
    """Say over what the error bars' standard deviation runs."""
    parts = [_count(frame[c].nunique(), c) for c in ("fold", "seed") if c in frame]
    return " x ".join(parts) or "repeats"


def _latent_columns(frame):
    columns = [c for c in frame.columns if str(c).startswith("latent")]
    if len(columns) < 2:
        raise ValueError(
            "plots need two latent columns 'latent0' and 'latent1' (columns: "
            f"{', '.join(map(str, frame.columns))})"
        )
    return columns[:2]


def _latent_axes(ax, columns):
    ax.set_xlabel(f"latent dimension {columns[0].removeprefix('latent')}")
    ax.set_ylabel(f"latent dimension {columns[1].removeprefix('latent')}")


def _view(frames, columns, quantile=0.01, margin=0.15):
    """Axis limits that hold all but the outermost ``quantile`` of the points.

    Outlying utterances (the ones OutlierFilter keeps out of training still get a
    code) would otherwise shrink everything else to a dot.
    """
    points = np.vstack([frame[columns].to_numpy(float) for frame in frames])
    low, high = np.quantile(points, [quantile, 1 - quantile], axis=0)
    pad = margin * np.maximum(high - low, np.finfo(float).eps)
    return low - pad, high + pad


def _inside(frame, columns, limits):
    values = frame[columns].to_numpy(float)
    return np.all((values >= limits[0]) & (values <= limits[1]), axis=1)


def _title(name, inside):
    outside = int((~inside).sum())
    suffix = f", {outside} outside the view" if outside else ""
    return f"{name} (n = {len(inside)}{suffix})"


def _headline(model, what):
    return f"{model}: {what}" if model else what[0].upper() + what[1:]


def plot_latent(codes, color="activation", model=None, cmap="viridis", point_size=12):
    """Scatter each corpus's latent code, coloured by a label (Das et al., Fig. 3).

    Parameters
    ----------
    codes : dict of str to DataFrame
        Per corpus, the columns ``latent0``, ``latent1`` and the ``color`` label,
        as :func:`skser.evaluation.latent_codes` returns them.
    color : str, default="activation"
        Column that colours the points; one colour scale for every corpus.
    model : str, default=None
        The model's name, for the title.
    cmap : str, default="viridis"
        Matplotlib colour map; viridis's lightness rises with the value, so the
        figure reads in grey.
    point_size : float, default=12
        Marker size.

    Returns
    -------
    figure : matplotlib.figure.Figure
        One panel per corpus and a shared colour bar.
    """
    values = np.concatenate([frame[color].to_numpy(float) for frame in codes.values()])
    vmin, vmax = np.nanmin(values), np.nanmax(values)
    columns = _latent_columns(next(iter(codes.values())))
    limits = _view(codes.values(), columns)
    with _styled():
        figure, axes = plt.subplots(
            1,
            len(codes),
            figsize=(4 * len(codes) + 1, 4.2),
            squeeze=False,
            layout="constrained",
        )
        for ax, (corpus, frame) in zip(axes[0], codes.items(), strict=True):
            points = ax.scatter(
                frame[columns[0]],
                frame[columns[1]],
                c=frame[color],
                cmap=cmap,
                vmin=vmin,
                vmax=vmax,
                s=point_size,
                linewidths=0,
            )
            ax.set_xlim(limits[0][0], limits[1][0])
            ax.set_ylim(limits[0][1], limits[1][1])
            ax.set_title(_title(corpus, _inside(frame, columns, limits)))
            _latent_axes(ax, columns)
        figure.colorbar(points, ax=axes[0].tolist(), label=color)
        figure.suptitle(_headline(model, f"latent code coloured by {color}"))
    return figure


def _density(ax, frame, columns, grid, limits, **contour_kwargs):
    # Outlying points would inflate the kernel bandwidth of the whole cloud.
    inside = frame[columns].to_numpy(float)[_inside(frame, columns, limits)]
    density = gaussian_kde(inside.T)(np.vstack([g.ravel() for g in grid]))
    return ax.contour(*grid, density.reshape(grid[0].shape), **contour_kwargs)


def plot_latent_density(codes, source, model=None, levels=5, resolution=80):
    """Overlay each transfer corpus's latent density on the source's.

    Kernel density estimates (scipy) of the two-dimensional codes, drawn as
    contours: a transfer corpus that lands where the source lies is consistent.
    The source is drawn in solid grey, the transfer corpus in dashed colour.

    Parameters
    ----------
    codes : dict of str to DataFrame
        Per corpus, the columns ``latent0`` and ``latent1``.
    source : str
        The key of the source corpus in ``codes``.
    model : str, default=None
        The model's name, for the title.
    levels : int, default=5
        Contour levels per density.
    resolution : int, default=80
        Grid points per axis.

    Returns
    -------
    figure : matplotlib.figure.Figure
        One panel per transfer corpus.
    """
    if source not in codes:
        raise ValueError(
            f"source {source!r} not in codes (corpora: {', '.join(codes)})"
        )
    targets = [name for name in codes if name != source]
    if not targets:
        raise ValueError("plot_latent_density needs at least one transfer corpus")
    columns = _latent_columns(codes[source])
    limits = _view(codes.values(), columns)
    grid = np.meshgrid(
        np.linspace(limits[0][0], limits[1][0], resolution),
        np.linspace(limits[0][1], limits[1][1], resolution),
    )
    with _styled():
        figure, axes = plt.subplots(
            1,
            len(targets),
            figsize=(4.5 * len(targets), 4.4),
            squeeze=False,
            layout="constrained",
        )
        for ax, target in zip(axes[0], targets, strict=True):
            _density(
                ax,
                codes[source],
                columns,
                grid,
                limits,
                levels=levels,
                colors="0.55",
                linestyles="solid",
            )
            _density(
                ax,
                codes[target],
                columns,
                grid,
                limits,
                levels=levels,
                colors=[PALETTE[0]],
                linestyles="dashed",
            )
            ax.plot([], [], color="0.55", label=f"{source} (source)")
            ax.plot(
                [], [], color=PALETTE[0], linestyle="--", label=f"{target} (transfer)"
            )
            ax.legend(loc="best")
            ax.set_title(f"{target} over {source}")
            _latent_axes(ax, columns)
        figure.suptitle(
            _headline(model, "density of the latent code (kernel estimate)")
        )
    return figure


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
        :data:`skser.evaluation.REFERENCE_MODELS`.
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
        from skser.evaluation import REFERENCE_MODELS

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
            f"{c}\n(held-out folds)" if c in sources else f"{c}\n(transfer)"
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
        trained = f"trained on {', '.join(sources)}" if sources else ""
        ax.set_title(
            f"{metric_label(metric).capitalize()}, {trained}\n"
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
        ``metric`` and ``value``, as :func:`skser.evaluation.run_label_fractions`
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
            ax.set_title(f"{corpus} ({where})")
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
        :func:`skser.attribution.group_attributions` tables, by model name.
    comparisons : DataFrame or dict of str to DataFrame, default=None
        :func:`skser.attribution.compare_classes` results, by model name (or one
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
        where = f" on {corpus}" if corpus else ""
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
                ax.set_title(f"{model}\n{corpus}: no predictions")
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
            ax.set_title(f"{model}\n{corpus} (n = {len(frame)})")
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
