"""Acted Emotional Speech Dynamic Database (AESDD), Greek."""

import re

from skser.datasets._common import (
    attach_labels,
    check_emotion_folder,
    lookup,
    make_frame,
    parse_names,
)

_NAME = re.compile(r"^(?P<code>[a-z])(?P<utterance>\d+) ?\((?P<speaker>\d+)\)$")
_EMOTIONS = {"a": "angry", "d": "disgust", "f": "fear", "h": "happy", "s": "sad"}
_FOLDERS = {"anger": "a", "disgust": "d", "fear": "f", "happiness": "h", "sadness": "s"}


def load_aesdd(root, labels=None):
    """Load the Acted Emotional Speech Dynamic Database (AESDD) from its folder.

    Files sit in ``anger/ disgust/ fear/ happiness/ sadness/`` and are named like
    ``a01 (1).wav``: emotion letter, utterance number and, in parentheses, the
    actor. Actor genders are not in the names (NaN).

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
        activation, valence, utterance.

    References
    ----------
    .. [1] N. Vryzas et al., "Speech emotion recognition for performance
       interaction", Journal of the Audio Engineering Society 66(6), 2018.
    """
    rows = []
    for path, match in parse_names(
        root, "AESDD", _NAME, "'a01 (1).wav' (emotion, utterance, (actor))"
    ):
        emotion = lookup(match["code"], _EMOTIONS, "emotion code", path)
        check_emotion_folder(path, match["code"], _FOLDERS)
        rows.append(
            {
                "path": path,
                "speaker": str(int(match["speaker"])),  # "(01)" and "(1)" alike
                "emotion": emotion,
                "utterance": int(match["utterance"]),
            }
        )
    frame = make_frame(rows, corpus="aesdd", language="Greek")
    return attach_labels(frame, labels, "aesdd")
