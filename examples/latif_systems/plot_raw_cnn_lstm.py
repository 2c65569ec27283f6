"""
Emotion from the raw waveform: the parallel CNN-LSTM
====================================================

What you learn here: how :class:`~skser.RawCNNLSTMClassifier` takes audio files
directly (read a batch at a time, resampled to 16 kHz, cut or padded to a fixed
length), trains with skorch, predicts for speakers it has not heard, and how it
holds up under noise and an adversarial step.

Real EmoDB audio is used when the corpora are found (``$SKSER_DATA`` or
``../shared/data`` beside the checkout); otherwise synthetic tones stand in. To
run in seconds, the example trains for at most 10 epochs on 1 s crops of 48
files: the numbers show the mechanics, not what the model can reach (see
``benchmarks/eval_latif.py`` for a real evaluation).
"""

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import soundfile as sf
from sklearn.metrics import ConfusionMatrixDisplay

from skser import RawCNNLSTMClassifier
from skser.evaluation import evaluate_robustness
from skser.features import WaveformLoader
from skser.plotting import plot_robustness

data = Path(os.environ.get("SKSER_DATA", "../shared/data"))  # beside the checkout
if (data / "emodb" / "wav").is_dir():
    from skser.datasets import load_emodb

    frame = load_emodb(data / "emodb")
    frame = frame[frame.emotion.isin(["angry", "sad"])]
    # six speakers train, the other four test: a speaker-independent split
    train_mask = frame.speaker.isin(sorted(frame.speaker.unique())[:6])
    train = frame[train_mask].groupby("emotion").head(24)
    test = frame[~train_mask].groupby("emotion").head(8)
else:  # synthetic stand-in: loud high tones "angry", soft low tones "sad"
    folder = tempfile.mkdtemp()
    rng = np.random.default_rng(0)
    rows = []
    for i in range(48):
        emotion = ["angry", "sad"][i % 2]
        pitch, level = (300, 0.6) if emotion == "angry" else (120, 0.15)
        t = np.arange(8000) / 16000
        signal = level * np.sin(2 * np.pi * pitch * rng.uniform(0.9, 1.1) * t)
        path = os.path.join(folder, f"{i}.wav")
        sf.write(path, signal + 0.01 * rng.standard_normal(t.size), 16000)
        rows.append((path, emotion))
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["path", "emotion"])
    train, test = frame.iloc[:32], frame.iloc[32:]

# %%
# Train on the files themselves: the classifier reads them lazily. A part of the
# training speakers is held out for validation; the weights of the epoch with
# the best validation UAR are kept (``best_epoch_``).
clf = RawCNNLSTMClassifier(duration=1.0, max_epochs=10, batch_size=16, random_state=0)
clf.fit(train, train.emotion)
print(f"{clf.n_epochs_} epochs, the weights of epoch {clf.best_epoch_} kept")

# %%
# Predict for the held-out speakers and draw the training loss and confusions.
fig, (loss_ax, matrix_ax) = plt.subplots(1, 2, figsize=(8, 3.2))
epochs = range(1, clf.n_epochs_ + 1)
loss_ax.plot(epochs, clf.history_[:, "train_loss"], marker="o", label="training loss")
loss_ax.plot(epochs, clf.history_[:, "valid_uar"], marker="s", label="validation UAR")
loss_ax.axvline(clf.best_epoch_, color="0.6", linestyle=":", label="kept")
loss_ax.set(xlabel="epoch", title=f"{clf.n_epochs_} epochs only")
loss_ax.legend(frameon=False)
ConfusionMatrixDisplay.from_predictions(
    test.emotion, clf.predict(test), ax=matrix_ax, colorbar=False
)
matrix_ax.set_title("held-out speakers")
fig.tight_layout()
plt.show()

# %%
# Robustness (Latif et al., Interspeech 2020): the same held-out speakers under
# white and babble noise at 20 and 0 dB (:func:`skser.augmentation.add_noise`)
# and an FGSM step (:func:`skser.nn.fgsm`), scored into the tidy results by
# :func:`~skser.evaluation.evaluate_robustness` and drawn by
# :func:`~skser.plotting.plot_robustness`.
waveforms = WaveformLoader(duration=1.0).fit_transform(test)
results = evaluate_robustness({"raw CNN-LSTM": clf}, waveforms, test.emotion.to_numpy(),
                              snrs=(20, 0), epsilons=(0.003,))  # fmt: skip
uar = results[results.metric.str.startswith("balanced_accuracy")]
print(uar[["condition", "level", "value"]].to_string(index=False))
plot_robustness(results)
plt.show()
