"""EMOVO corpus, Italian."""

import re

from skser.datasets._common import lookup, make_frame, parse_names

_NAME = re.compile(r"^(?P<code>[a-z]{3})-(?P<speaker>[fm]\d)-(?P<sentence>[a-z]+\d*)$")
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
    rows = []
    for path, match in parse_names(
        root, "EMOVO", _NAME, "'f1/gio-f1-b1.wav' (emotion, speaker, sentence)"
    ):
        speaker = match["speaker"]
        rows.append(
            {
                "path": path,
                "speaker": speaker,
                "gender": "female" if speaker[0] == "f" else "male",
                "emotion": lookup(match["code"], _EMOTIONS, "emotion code", path),
                "sentence": match["sentence"],
            }
        )
    return make_frame(rows, corpus="emovo", language="Italian")
