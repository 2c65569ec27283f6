"""URDU dataset: emotional speech from Urdu talk shows."""

import re

from skser.datasets._common import attach_labels
from skser.datasets._folder import load_folder

_NAME = re.compile(r"S(?P<speaker>(?P<gender>[MF])\d+)_F\d+_(?P<emotion>[A-Z])\d+")
#: Das et al.'s (2022) activation/valence file of this corpus.
_ANNOTATION_FILE = "URDU.csv"
_EMOTIONS = {"A": "angry", "H": "happy", "N": "neutral", "S": "sad"}
_GENDERS = {"M": "male", "F": "female"}
_FOLDERS = {"Angry": "angry", "Happy": "happy", "Neutral": "neutral", "Sad": "sad"}


def load_urdu(root, labels=None):
    """Load the URDU dataset from its folder.

    Files sit in ``Angry/ Happy/ Neutral/ Sad/`` and are named
    ``S{M,F}{speaker}_F{n}_{A,H,N,S}{n}.wav``. The speaker id is gender plus number
    (``M1``): the names hold 29 distinct speakers although the corpus README says 38.
    A file whose name and folder disagree on the emotion is an error.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder.
    labels : str or os.PathLike, default=None
        Activation/valence annotations of Das et al. (2022): ``URDU.csv`` or a
        folder holding it.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence.

    References
    ----------
    .. [1] S. Latif, A. Qayyum, M. Usman, J. Qadir, "Cross Lingual Speech Emotion
       Recognition: Urdu vs. Western Languages", FIT 2018. Research use only.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "gender": _GENDERS}, corpus="urdu",
        language="Urdu", folders=_FOLDERS,
        convention="'SM1_F01_A12.wav' (gender, speaker, file, emotion)",
    )  # fmt: skip
    return attach_labels(frame, labels, "urdu", _ANNOTATION_FILE)
