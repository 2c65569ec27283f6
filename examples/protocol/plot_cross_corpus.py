"""
From German to Urdu: the cross-corpus protocol
==============================================

What you learn here: how to run the papers' protocol in a few lines and read its
table. Models are trained on EmoDB's (German) rows of the four classes neutral,
sad, happy and angry, with speaker-independent folds, and scored on the held-out
speakers and on URDU, which is standardised with a fifth of its own unlabelled
rows. Rows with any ``|z| > 10`` are left out of training and scoring, and counted.
The references bracket the latent models: raw eGeMAPS trained on German and
applied to Urdu (zero-shot), raw eGeMAPS trained on Urdu itself (supervised), and
the MetricDAE trained with URDU's own activation labels as well (its upper bound,
as in the paper's Table 3).

Two models, 20 epochs and one seed keep this quick (well under a minute); ``skser
demo`` runs all six models over three seeds.
"""

import matplotlib.pyplot as plt

from skser.datasets import load_bundled
from skser.evaluation import cross_corpus_validate, paper_models, summarize
from skser.plotting import plot_results

models = paper_models(random_state=0, max_epochs=20)  # fewer epochs: a quick look
models = {name: models[name] for name in ["DAE", "MetricDAE (activation)"]}
results = cross_corpus_validate(
    models, load_bundled("emodb"), {"urdu": load_bundled("urdu")}, cv=3,
    groups="speaker", progress=False,
)  # fmt: skip
table = summarize(results, ["balanced_accuracy_4class", "adjusted_r2_activation"])
print(table.to_string())
print(table.attrs["rows"])  # rows scored per run, per corpus

# %%
# The bars: 4-class balanced accuracy per model and corpus (chance is 0.25).
plot_results(results, "balanced_accuracy_4class")
plt.show()
