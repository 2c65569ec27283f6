"""Acted Emotional Speech Dynamic Database (AESDD), Greek."""

import re

from skser.datasets._common import attach_labels
from skser.datasets._folder import load_folder

# "a01 (1)", "f12 (01)" and, for six second takes, "a06 (5)b".
_NAME = re.compile(
    r"(?P<emotion>[a-z])(?P<utterance>\d+) ?\((?P<speaker>\d+)\)(?P<take>[a-z]?)"
)
#: Das et al.'s (2022) activation/valence file of this corpus.
_ANNOTATION_FILE = "AESD.csv"
_EMOTIONS = {"a": "angry", "d": "disgust", "f": "fear", "h": "happy", "s": "sad"}
_FOLDERS = {
    "anger": "angry",
    "disgust": "disgust",
    "fear": "fear",
    "happiness": "happy",
    "sadness": "sad",
}


def load_aesdd(root, labels=None):
    """Load the Acted Emotional Speech Dynamic Database (AESDD) from its folder.

    Files sit in ``anger/ disgust/ fear/ happiness/ sadness/`` and are named like
    ``a01 (1).wav``: emotion letter (a anger, d disgust, f fear, h happiness,
    s sadness), utterance number and, in parentheses, the actor (``(1)`` and
    ``(01)`` both occur). Six files of the distributed corpus carry a letter after
    the parenthesis, a second take of the same utterance (``a06 (5)b.wav``,
    ``d03 (5)b.wav``, ``d04 (5)b.wav``, ``f18 (5)b.wav``, ``s01 (5)b.wav``,
    ``s04 (5)b.wav``): the letter is the ``take`` column (empty for the others).
    Actor genders are not in the names (NaN). A file whose name and folder
    disagree on the emotion is an error.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder.
    labels : str or os.PathLike, default=None
        Activation/valence annotations of Das et al. (2022): ``AESD.csv`` or a
        folder holding it.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence, utterance, take.

    References
    ----------
    .. [1] N. Vryzas et al., "Speech emotion recognition for performance
       interaction", Journal of the Audio Engineering Society 66(6), 2018.
       Free for research use; cite the publication.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS}, corpus="aesdd", language="Greek",
        folders=_FOLDERS,
        convention="'a01 (1).wav' (emotion, utterance, (actor), [take])",
    )  # fmt: skip
    frame["speaker"] = frame["speaker"].map(lambda actor: str(int(actor)))
    frame["utterance"] = frame["utterance"].astype(int)
    return attach_labels(frame, labels, "aesdd", _ANNOTATION_FILE)
