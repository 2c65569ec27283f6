"""Figures of the papers: latent scatter, latent density per corpus, results bars.

Every function returns the matplotlib Figure, for ``fig.savefig`` or further edits.
"""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import gaussian_kde

__all__ = [
    "plot_group_attributions",
    "plot_latent",
    "plot_latent_density",
    "plot_results",
]


def _latent_columns(frame):
    columns = [c for c in frame.columns if str(c).startswith("latent")]
    if len(columns) < 2:
        raise ValueError(
            "plots need two latent columns 'latent0' and 'latent1' (columns: "
            f"{', '.join(map(str, frame.columns))})"
        )
    return columns[:2]


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


def plot_latent(codes, color="activation", cmap="viridis", point_size=12):
    """Scatter each corpus's latent code, coloured by a label (Das et al., Fig. 3).

    Parameters
    ----------
    codes : dict of str to DataFrame
        Per corpus, the columns ``latent0``, ``latent1`` and the ``color`` label,
        as :func:`skser.evaluation.latent_codes` returns them.
    color : str, default="activation"
        Column that colours the points; one colour scale for every corpus.
    cmap : str, default="viridis"
        Matplotlib colour map.
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
    figure, axes = plt.subplots(
        1, len(codes), figsize=(4 * len(codes) + 1, 4), squeeze=False
    )
    for ax, (corpus, frame) in zip(axes[0], codes.items(), strict=True):
        points = ax.scatter(
            frame[columns[0]], frame[columns[1]], c=frame[color], cmap=cmap,
            vmin=vmin, vmax=vmax, s=point_size,
        )  # fmt: skip
        ax.set_xlim(limits[0][0], limits[1][0])
        ax.set_ylim(limits[0][1], limits[1][1])
        ax.set_title(_title(corpus, _inside(frame, columns, limits)))
        ax.set_xlabel(columns[0])
        ax.set_ylabel(columns[1])
    figure.colorbar(points, ax=axes[0].tolist(), label=color)
    return figure


def _density(ax, frame, columns, grid, limits, **contour_kwargs):
    # Outlying points would inflate the kernel bandwidth of the whole cloud.
    inside = frame[columns].to_numpy(float)[_inside(frame, columns, limits)]
    density = gaussian_kde(inside.T)(np.vstack([g.ravel() for g in grid]))
    return ax.contour(*grid, density.reshape(grid[0].shape), **contour_kwargs)


def plot_latent_density(codes, source, levels=5, resolution=80):
    """Overlay each transfer corpus's latent density on the source's.

    Kernel density estimates (scipy) of the two-dimensional codes, drawn as
    contours: a transfer corpus that lands where the source lies is consistent.

    Parameters
    ----------
    codes : dict of str to DataFrame
        Per corpus, the columns ``latent0`` and ``latent1``.
    source : str
        The key of the source corpus in ``codes``.
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
    figure, axes = plt.subplots(
        1, len(targets), figsize=(4.5 * len(targets), 4), squeeze=False
    )
    target_color = plt.get_cmap("plasma")(0.55)
    for ax, target in zip(axes[0], targets, strict=True):
        _density(ax, codes[source], columns, grid, limits, levels=levels, colors="0.6")
        _density(ax, codes[target], columns, grid, limits, levels=levels,
                 colors=[target_color])  # fmt: skip
        ax.plot([], [], color="0.6", label=source)
        ax.plot([], [], color=target_color, label=target)
        ax.legend(loc="best")
        ax.set_title(f"{target} over {source}")
        ax.set_xlabel(columns[0])
        ax.set_ylabel(columns[1])
    return figure


def plot_results(results, metric="balanced_accuracy_4class", models=None):
    """Draw one metric as grouped bars: corpora on the axis, one bar per model.

    Parameters
    ----------
    results : DataFrame
        The tidy output of :func:`skser.evaluation.cross_corpus_validate`.
    metric : str, default="balanced_accuracy_4class"
        The metric to draw; bars are means over folds, error bars one standard
        deviation.
    models : list of str, default=None
        Models to draw, in order; by default all, in the order of ``results``.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The bar chart.
    """
    chosen = results[results["metric"] == metric]
    if chosen.empty:
        raise ValueError(
            f"metric {metric!r} not in the results (metrics: "
            f"{', '.join(sorted(set(results['metric'])))})"
        )
    models = list(dict.fromkeys(chosen["model"])) if models is None else models
    corpora = list(dict.fromkeys(chosen["corpus"]))
    stats = chosen.groupby(["model", "corpus"])["value"].agg(["mean", "std"])
    width = 0.8 / len(models)
    figure, ax = plt.subplots(figsize=(max(5, 1.6 * len(corpora) * len(models) / 3), 4))
    positions = np.arange(len(corpora))
    for i, model in enumerate(models):
        means = [stats["mean"].get((model, c), np.nan) for c in corpora]
        errors = [stats["std"].get((model, c), np.nan) for c in corpora]
        ax.bar(
            positions + (i - (len(models) - 1) / 2) * width, means, width,
            yerr=errors, capsize=3, label=model,
        )  # fmt: skip
    ax.set_xticks(positions, corpora)
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    return figure


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


def plot_group_attributions(tables, cmap="magma"):
    """Heatmap of attribution per feature group and class, one panel per model.

    Parameters
    ----------
    tables : DataFrame or dict of str to DataFrame
        :func:`skser.attribution.group_attributions` tables, by model name.
    cmap : str, default="magma"
        Colour map; one colour scale across panels.

    Returns
    -------
    figure : matplotlib.figure.Figure
        Rows: feature groups; columns: classes; panels: models.
    """
    if not isinstance(tables, dict):
        tables = {"": tables}
    views = {name: _class_view(table) for name, table in tables.items()}
    vmax = max(float(np.nanmax(view.to_numpy())) for view in views.values())
    first = next(iter(views.values()))
    figure, axes = plt.subplots(
        1, len(views), figsize=(1.2 + 0.9 * first.shape[1] * len(views) + 1.5,
                                0.45 * first.shape[0] + 1.5),
        squeeze=False, sharey=True,
    )  # fmt: skip
    for ax, (name, view) in zip(axes[0], views.items(), strict=True):
        image = ax.imshow(view.to_numpy(), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(view.shape[1]), view.columns, rotation=45, ha="right")
        ax.set_yticks(range(view.shape[0]), view.index)
        ax.set_title(name)
    figure.colorbar(image, ax=axes[0].tolist(), label="mean |attribution|")
    return figure
