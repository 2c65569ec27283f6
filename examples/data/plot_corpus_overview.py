"""
The corpora at a glance
=======================

What you learn: how the eGeMAPS rows of two corpora lie before any model sees
them, with :func:`skser.plotting.plot_corpus_overview`. It standardises every row
(the corpora together, or each on its own), projects them to two dimensions (PCA;
UMAP when ``umap-learn`` is installed) and colours them by corpus and by emotion.
``skser demo`` and ``skser evaluate`` draw it into ``corpora.png`` and the report.

Standardised together, EmoDB (German, acted) and URDU (Urdu, talk shows) lie
apart: that shift is what a cross-lingual model has to bridge. Standardised each
on its own, as the protocol adapts a transfer corpus with its own statistics, the
shift is gone and what is left is how each corpus arranges its emotions.
"""

from skser.datasets import load_bundled
from skser.plotting import plot_corpus_overview

corpora = {"EmoDB": load_bundled("emodb"), "URDU": load_bundled("urdu")}
plot_corpus_overview(corpora, method="pca")

# %%
# The same rows, each corpus standardised with its own mean and deviation.
plot_corpus_overview(corpora, method="pca", scaling="per_corpus")
