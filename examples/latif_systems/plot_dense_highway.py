"""
Log-Mel spectrograms, a DenseNet, an LSTM and highway layers
============================================================

What you learn here: what the log-Mel step computes (in torch, 25 ms windows,
10 ms hop), how :class:`~skser.DenseLSTMHighwayClassifier` is trained with mixup,
and how its ablations (``highway=False``, ``lstm=False``, ``backbone="cnn"``) are
plain parameters, so their order can be checked with the same code.

Real EmoDB audio is used when the corpora are found (``$SKSER_DATA`` or
``../shared/data`` beside the checkout); otherwise synthetic tones stand in. To
run in seconds, the models train for 2 epochs on 0.5 s crops of 20 files: the
losses show the mechanics, not the models' quality (``benchmarks/eval_latif.py
--table ablation`` runs the real comparison).
"""

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import soundfile as sf

from skser import DenseLSTMHighwayClassifier, LogMelSpectrogram, WaveformLoader

data = Path(os.environ.get("SKSER_DATA", "../shared/data"))  # beside the checkout
if (data / "emodb" / "wav").is_dir():
    from skser.datasets import load_emodb

    frame = load_emodb(data / "emodb")
    frame = frame[frame.emotion.isin(["angry", "sad"])].groupby("emotion").head(10)
    paths, y = frame.path.tolist(), frame.emotion.to_numpy()
else:  # synthetic stand-in: loud high tones "angry", soft low tones "sad"
    folder = tempfile.mkdtemp()
    rng = np.random.default_rng(0)
    paths, y = [], []
    for i in range(20):
        emotion = ["angry", "sad"][i % 2]
        pitch, level = (300, 0.6) if emotion == "angry" else (120, 0.15)
        t = np.arange(8000) / 16000
        path = os.path.join(folder, f"{i}.wav")
        sf.write(path, level * np.sin(2 * np.pi * pitch * t), 16000)
        paths.append(path)
        y.append(emotion)
    y = np.array(y)

# %%
# Waveforms (mono, 16 kHz, 0.5 s) and their log-Mel spectrograms.
waveforms = WaveformLoader(duration=0.5).fit_transform(paths)
log_mel = LogMelSpectrogram(n_mels=64).fit(waveforms)
spectra = log_mel.transform(waveforms).reshape(len(waveforms), log_mel.n_frames_, 64)

# %%
# The proposed model and its highway-less ablation, 2 epochs each.
variants = {"DenseNet-LSTM-highway": {}, "highway=False": {"highway": False}}
losses = {}
for name, params in variants.items():
    clf = DenseLSTMHighwayClassifier(max_epochs=2, batch_size=16, random_state=0,
                                     **params)  # fmt: skip
    losses[name] = clf.fit(waveforms, y).history_[:, "train_loss"]
print(losses)

fig, axes = plt.subplots(1, 3, figsize=(11, 3.2))
for ax, emotion in zip(axes[:2], ["angry", "sad"], strict=True):
    ax.imshow(spectra[list(y).index(emotion)].T, origin="lower", aspect="auto")
    ax.set(title=f"log-Mel, {emotion}", xlabel="frame (10 ms)", ylabel="Mel band")
for name, values in losses.items():
    axes[2].plot(range(1, len(values) + 1), values, marker="o", label=name)
axes[2].set(xlabel="epoch", ylabel="training loss (mixup)", title="2 epochs only")
axes[2].legend(fontsize=8)
fig.tight_layout()
plt.show()
