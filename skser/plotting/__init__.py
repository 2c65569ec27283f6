"""Figures: latent codes, results, robustness, attributions, corpora, training.

Every function returns the matplotlib Figure, for ``fig.savefig`` or further edits.
All draw with one style, :data:`STYLE` (``plt.style.use(STYLE)`` applies it to
figures of your own): a colour-blind-safe palette (Okabe and Ito) whose colours also
differ in lightness, with hatching where a figure must read in grey.
"""

from skser.plotting._attribution import plot_group_attributions
from skser.plotting._latent import plot_latent, plot_latent_density
from skser.plotting._overview import plot_corpus_overview
from skser.plotting._results import (
    plot_confusion_matrices,
    plot_label_fractions,
    plot_results,
)
from skser.plotting._robustness import plot_robustness
from skser.plotting._style import PALETTE, STYLE, metric_label
from skser.plotting._training import history_terms, plot_training_history

__all__ = [
    "PALETTE",
    "STYLE",
    "history_terms",
    "metric_label",
    "plot_confusion_matrices",
    "plot_corpus_overview",
    "plot_group_attributions",
    "plot_label_fractions",
    "plot_latent",
    "plot_latent_density",
    "plot_results",
    "plot_robustness",
    "plot_training_history",
]
