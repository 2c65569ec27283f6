"""Acted Emotional Speech Dynamic Database (AESDD), Greek."""

import re

from skser.datasets._common import (
    attach_labels,
    check_root,
    find_audio,
    lookup,
    make_frame,
    name_error,
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
    root = check_root(root)
    rows = []
    for path in find_audio(root, "AESDD"):
        match = _NAME.match(path.stem)
        if match is None:
            raise name_error(path, "'a01 (1).wav' (emotion, utterance, (actor))")
        emotion = lookup(match["code"], _EMOTIONS, "emotion code", path)
        folder_code = _FOLDERS.get(path.parent.name)
        if folder_code is not None and folder_code != match["code"]:
            raise ValueError(
                f"{path}: the name says {emotion} but the file is in the "
                f"{path.parent.name}/ folder; move or rename it"
            )
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
