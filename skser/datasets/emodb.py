"""Berlin Database of Emotional Speech (EmoDB), German."""

import re

from skser.datasets._common import attach_labels
from skser.datasets._folder import load_folder

_NAME = re.compile(
    r"^(?P<speaker>\d{2})(?P<text>[a-z]\d{2})(?P<emotion>.)(?P<version>[a-z])$"
)
#: Das et al.'s (2022) activation/valence file of this corpus.
_ANNOTATION_FILE = "EMO_DB.csv"
_EMOTIONS = {
    "W": "angry",  # Wut
    "L": "boredom",  # Langeweile
    "E": "disgust",  # Ekel
    "A": "fear",  # Angst
    "F": "happy",  # Freude
    "T": "sad",  # Trauer
    "N": "neutral",
}
# The ten actors of Burkhardt et al. (2005).
_GENDER = {
    "03": "male",
    "08": "female",
    "09": "female",
    "10": "male",
    "11": "male",
    "12": "male",
    "13": "female",
    "14": "female",
    "15": "male",
    "16": "female",
}


def load_emodb(root, labels=None):
    """Load the Berlin Database of Emotional Speech (EmoDB) from its folder.

    File names such as ``wav/03a01Fa.wav`` carry the speaker (characters 1-2), the
    text (3-5), the emotion (6: W anger, L boredom, E disgust, A fear, F happiness,
    T sadness, N neutral) and the version (7).

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder (holding ``wav/``); audio is searched recursively.
    labels : str or os.PathLike, default=None
        Activation/valence annotations of Das et al. (2022): ``EMO_DB.csv`` or a
        folder holding it.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence, text, version.

    References
    ----------
    .. [1] F. Burkhardt et al., "A database of German emotional speech",
       Interspeech 2005.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "speaker": {s: s for s in _GENDER}},
        corpus="emodb", language="German",
        convention="'03a01Fa.wav' (speaker, text, emotion, version)",
    )  # fmt: skip
    frame["gender"] = frame["speaker"].map(_GENDER)
    return attach_labels(frame, labels, "emodb", _ANNOTATION_FILE)
