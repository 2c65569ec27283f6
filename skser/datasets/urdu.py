"""URDU dataset: emotional speech from Urdu talk shows."""

import re

from skser.datasets._common import (
    attach_labels,
    check_emotion_folder,
    lookup,
    make_frame,
    parse_names,
)

_NAME = re.compile(r"^S(?P<gender>[MF])(?P<speaker>\d+)_F\d+_(?P<code>[A-Z])\d+$")
_EMOTIONS = {"A": "angry", "H": "happy", "N": "neutral", "S": "sad"}
_FOLDERS = {"Angry": "A", "Happy": "H", "Neutral": "N", "Sad": "S"}


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
    rows = []
    for path, match in parse_names(
        root, "URDU", _NAME, "'SM1_F01_A12.wav' (gender, speaker, file, emotion)"
    ):
        emotion = lookup(match["code"], _EMOTIONS, "emotion code", path)
        check_emotion_folder(path, match["code"], _FOLDERS)
        rows.append(
            {
                "path": path,
                "speaker": match["gender"] + match["speaker"],
                "gender": "male" if match["gender"] == "M" else "female",
                "emotion": emotion,
            }
        )
    frame = make_frame(rows, corpus="urdu", language="Urdu")
    return attach_labels(frame, labels, "urdu")
