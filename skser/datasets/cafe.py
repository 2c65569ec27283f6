"""Canadian French Emotional speech dataset (CaFE)."""

import re

import numpy as np

from skser.datasets._common import attach_labels
from skser.datasets._folder import load_folder

_NAME = re.compile(
    r"(?P<speaker>\d+)-(?P<emotion>[A-Z])-(?P<intensity>\d)-(?P<sentence>\d+)"
)
#: Das et al.'s (2022) activation/valence file of this corpus.
_ANNOTATION_FILE = "CAFE.csv"
_EMOTIONS = {
    "C": "angry",  # colère
    "D": "disgust",  # dégoût
    "J": "happy",  # joie
    "N": "neutral",  # neutre
    "P": "fear",  # peur
    "S": "surprise",
    "T": "sad",  # tristesse
}
# Twelve actors, 01-12: odd-numbered male, even-numbered female.
_ACTORS = {f"{actor:02d}": f"{actor:02d}" for actor in range(1, 13)}


def load_cafe(root, labels=None):
    """Load the Canadian French Emotional speech dataset (CaFE) from its folder.

    Files are named ``{speaker}-{emotion}-{intensity}-{sentence}.wav`` (e.g.
    ``01-C-1-1.wav``) with emotion codes C colère, D dégoût, J joie, N neutre,
    P peur, S surprise, T tristesse; they may sit in emotion and intensity
    sub-folders. Odd-numbered actors are male, even-numbered female.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.
    labels : str or os.PathLike, default=None
        Activation/valence annotations of Das et al. (2022): ``CAFE.csv`` or a
        folder holding it.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence, intensity, sentence.

    References
    ----------
    .. [1] P. Gournay, O. Lahaie, R. Lefebvre, "A Canadian French Emotional Speech
       Dataset", ACM Multimedia Systems 2018.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "speaker": _ACTORS}, corpus="cafe",
        language="French",
        convention="'01-C-1-1.wav' (speaker, emotion, intensity, sentence)",
    )  # fmt: skip
    odd = frame["speaker"].astype(int) % 2 == 1
    frame["gender"] = np.where(odd, "male", "female")
    frame[["intensity", "sentence"]] = frame[["intensity", "sentence"]].astype(int)
    return attach_labels(frame, labels, "cafe", _ANNOTATION_FILE)
