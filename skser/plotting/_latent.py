"""Latent codes of the corpora: scatter coloured by a label, densities."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import gaussian_kde

from skser.plotting._style import PALETTE, _corpus, _inside, _styled, _view


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
            ax.set_title(_title(_corpus(corpus), _inside(frame, columns, limits)))
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
            ax.plot([], [], color="0.55", label=f"{_corpus(source)} (source)")
            ax.plot(
                [],
                [],
                color=PALETTE[0],
                linestyle="--",
                label=f"{_corpus(target)} (transfer)",
            )
            ax.legend(loc="best")
            ax.set_title(f"{_corpus(target)} over {_corpus(source)}")
            _latent_axes(ax, columns)
        figure.suptitle(
            _headline(model, "density of the latent code (kernel estimate)")
        )
    return figure
