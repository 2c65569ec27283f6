"""
Bring your own corpus: from files on disk to a cross-corpus table
=================================================================

A corpus skser has no loader for is described by a manifest: a CSV file with one
row per audio file, its path (relative to the manifest) and its emotion, and
optionally activation, valence, speaker, gender. :func:`skser.datasets.load_manifest`
checks that every file exists and reads emotion names as people write them
("Angry", "ang", "anger"). Here the manifest describes 48 files of the URDU
corpus, as if they were a corpus of one's own; their eGeMAPS features are
extracted and a model trained on the bundled EmoDB features is scored on them
with the papers' protocol. The same manifest works on the command line:
``skser evaluate --source emodb=EMODB_FOLDER --target mine=mine.csv``.

The example needs the audio of the URDU corpus (``$SKSER_DATA/urdu``, by default
``../shared/data`` beside the checkout). Few epochs and folds keep it under a
minute: the numbers are a quick look, not a result.
"""

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from skser import EGeMAPSExtractor
from skser.datasets import load_bundled, load_manifest, read_das_labels
from skser.evaluation import cross_corpus_validate, paper_models, summarize
from skser.plotting import plot_results

data = Path(os.environ.get("SKSER_DATA", "../shared/data"))  # beside the checkout

# %%
# Write a manifest
# ----------------
# Twelve files of each emotion folder, with the folder's name as the emotion and
# Das et al.'s activation/valence ratings. Any CSV with these columns will do; the
# paths are relative to the manifest's folder (or to ``root=``).
folder = tempfile.mkdtemp()
files = [p for name in ["Angry", "Happy", "Neutral", "Sad"]
         for p in sorted((data / "urdu" / name).glob("*.wav"))[:12]]  # fmt: skip
ratings = read_das_labels(data / "das2022_labels" / "URDU.csv")
manifest = pd.DataFrame(
    {
        "path": [os.path.relpath(p, folder) for p in files],
        "emotion": [p.parent.name for p in files],  # "Angry", "Happy", ...
        "activation": ratings.loc[[p.name for p in files], "activation"].to_numpy(),
        "valence": ratings.loc[[p.name for p in files], "valence"].to_numpy(),
    }
)
manifest.to_csv(Path(folder) / "mine.csv", index=False)
print(manifest.head(3))

# %%
# Load it and extract features
# ----------------------------
frame = load_manifest(Path(folder) / "mine.csv", language="Urdu")
print(frame["emotion"].value_counts())
X_mine = EGeMAPSExtractor(progress=False).set_output(transform="pandas")
X_mine = X_mine.fit_transform(frame)
y_mine = frame.drop(columns="path")

# %%
# Score a model trained on EmoDB on it
# ------------------------------------
# The transfer corpus is standardised with a fifth of its own rows and scored on
# the rest; the raw-eGeMAPS references bracket the latent model.
models = {"DAE": paper_models(random_state=0, max_epochs=10)["DAE"]}  # few epochs
results = cross_corpus_validate(
    models, load_bundled("emodb"), {"mine": (X_mine, y_mine)}, cv=3, progress=False
)
print(summarize(results, ["balanced_accuracy_4class"]).to_string())
plot_results(results, "balanced_accuracy_4class")
plt.show()
