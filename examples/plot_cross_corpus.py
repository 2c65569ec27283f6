"""
From German to Urdu: the cross-corpus protocol
==============================================

Models trained on EmoDB (German) are scored on held-out EmoDB folds and on URDU,
which is standardised with a fifth of its own unlabelled rows. The raw-eGeMAPS
references bracket the latent models: a classifier trained on German and applied
to Urdu (zero-shot) and one trained on Urdu itself (supervised).
"""

import matplotlib.pyplot as plt

from skser.datasets import load_bundled
from skser.evaluation import cross_corpus_validate, paper_models, summarize
from skser.plotting import plot_results

models = paper_models(random_state=0, max_epochs=20)  # fewer epochs: a quick look
models = {name: models[name] for name in ["DAE", "MetricDAE (activation)", "VAE"]}
results = cross_corpus_validate(
    models, load_bundled("emodb"), {"urdu": load_bundled("urdu")}, cv=3,
    progress=False,
)  # fmt: skip
print(summarize(results, ["balanced_accuracy_4class", "adjusted_r2_activation"]))
plot_results(results, "balanced_accuracy_4class")
plt.show()
