"""
openSMILE's feature sets, from functionals to frame-level contours
===================================================================

:class:`~skser.OpenSmileExtractor` gives any feature set of the ``opensmile``
package. Here you learn to ask for functionals (one row per file, as
:class:`~skser.EGeMAPSExtractor` does) or for low-level descriptors (one table of
10 ms frames per file), and see how an angry and a sad EmoDB utterance differ in
their loudness and pitch contours, the frames that the eGeMAPS functionals
summarise. It needs the EmoDB audio (``$SKSER_DATA`` or ``../shared/data``).
"""

import os
from pathlib import Path

import matplotlib.pyplot as plt

from skser.features import OpenSmileExtractor

root = Path(os.environ.get("SKSER_DATA", "../shared/data"))  # beside the checkout
emodb = sorted((root / "emodb" / "wav").glob("*.wav"))
# EmoDB names code the emotion in the sixth letter: W = anger, T = sadness.
files = {
    "angry": next(p for p in emodb if p.name[5] == "W"),
    "sad": next(p for p in emodb if p.name[5] == "T"),
}

for feature_set in ["eGeMAPSv02", "GeMAPSv01b", "emobase"]:
    extractor = OpenSmileExtractor(feature_set=feature_set)
    print(feature_set, extractor.fit_transform(list(files.values())).shape)

lld = OpenSmileExtractor(feature_set="eGeMAPSv02", feature_level="lld")
frames = dict(zip(files, lld.transform_frames(list(files.values())), strict=True))

fig, axes = plt.subplots(2, 1, figsize=(8, 5), sharex=True)
for emotion, table in frames.items():
    seconds = [0.01 * i for i in range(len(table))]  # 10 ms hop
    axes[0].plot(seconds, table["Loudness_sma3"], label=emotion)
    pitch = table["F0semitoneFrom27.5Hz_sma3nz"].where(lambda f: f > 0)
    axes[1].plot(seconds, pitch, label=emotion)
axes[0].set_ylabel("loudness (sones)")
axes[1].set_ylabel("F0 (semitones above 27.5 Hz)")
axes[1].set_xlabel("time (s)")
axes[0].legend()
fig.suptitle("eGeMAPS low-level descriptors of two EmoDB utterances")
plt.show()
