"""EMOVO corpus, Italian."""

import re

from skser.datasets._folder import load_folder

_NAME = re.compile(
    r"(?P<emotion>[a-z]{3})-(?P<speaker>(?P<gender>[fm])\d)-(?P<sentence>[a-z]+\d*)"
)
_GENDERS = {"f": "female", "m": "male"}
_SPEAKERS = {speaker: speaker for speaker in ("f1", "f2", "f3", "m1", "m2", "m3")}
_EMOTIONS = {
    "dis": "disgust",  # disgusto
    "gio": "happy",  # gioia
    "neu": "neutral",
    "pau": "fear",  # paura
    "rab": "angry",  # rabbia
    "sor": "surprise",  # sorpresa
    "tri": "sad",  # tristezza
}


def load_emovo(root):
    """Load the EMOVO corpus from its folder.

    Files are ``<speaker>/<emo>-<speaker>-<sentence>.wav`` (e.g.
    ``f1/gio-f1-b1.wav``) with emo in dis, gio, neu, pau, rab, sor, tri. Speakers
    ``f1..f3`` are female, ``m1..m3`` male.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder holding one folder per speaker.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN: EMOVO has no dimensional labels), sentence.

    References
    ----------
    .. [1] G. Costantini et al., "EMOVO Corpus: an Italian Emotional Speech
       Database", LREC 2014.
    """
    return load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "gender": _GENDERS, "speaker": _SPEAKERS},
        corpus="emovo",
        language="Italian",
        convention="'f1/gio-f1-b1.wav' (emotion, speaker, sentence)",
    )  # fmt: skip
