"""The one style of every skser figure, and the helpers the figures share."""

import re
import zlib
from contextlib import contextmanager

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler

from skser.utils import metric_name

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
#: One colour per model, the same in every figure that draws models as lines or
#: bars (each of Latif's systems under its end-to-end and its experiment name;
#: the hand-crafted eGeMAPS reference in black).
MODEL_COLOURS = {
    "raw CNN-LSTM": PALETTE[0],
    "raw_cnn_lstm": PALETTE[0],
    "DenseNet-LSTM-highway (mixup)": PALETTE[1],
    "dense_lstm_highway": PALETTE[1],
    "CNN": PALETTE[2],
    "CNN-LSTM": PALETTE[3],
    "DenseNet": PALETTE[4],
    "DenseNet-LSTM": PALETTE[5],
    "eGeMAPS + linear SVM": PALETTE[7],
    "egemaps_svc": PALETTE[7],
}
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


def _corpus(name):
    """Return a corpus as figures print it: its display name in the corpus table."""
    from skser.datasets import display_name

    return display_name(name)


@contextmanager
def _styled():
    with plt.rc_context(STYLE):
        yield


def metric_label(metric):
    """Say a results metric in words, for axis labels and titles.

    The words of :func:`skser.utils.metric_name`: tables and figures name a
    metric the same way.

    Parameters
    ----------
    metric : str
        A metric name of the tidy results (:data:`skser.utils.RESULT_COLUMNS`).

    Returns
    -------
    label : str
        The name in words.

    Examples
    --------
    >>> from skser.plotting import metric_label
    >>> metric_label("balanced_accuracy_4class")
    'Balanced accuracy, 4 classes'
    >>> metric_label("ccc_valence")
    'CCC valence'
    """
    return metric_name(metric)


def model_colour(model):
    """Return a model's colour: the same in every figure, whatever else is drawn.

    A model of :data:`MODEL_COLOURS` has its colour there; any other name gets a
    palette colour chosen by a checksum of the name (stable across runs and
    figures; two such models may share one).

    Parameters
    ----------
    model : str
        The model's name in the results.

    Returns
    -------
    colour : str
        A hex colour of :data:`PALETTE`.

    Examples
    --------
    >>> from skser.plotting._style import model_colour
    >>> model_colour("raw CNN-LSTM"), model_colour("egemaps_svc")
    ('#0072B2', '#000000')
    """
    if model in MODEL_COLOURS:
        return MODEL_COLOURS[model]
    return PALETTE[zlib.crc32(str(model).encode()) % len(PALETTE)]


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
