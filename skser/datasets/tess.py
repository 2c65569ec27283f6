"""Toronto emotional speech set (TESS), Canadian English."""

import re

from skser.datasets._folder import load_folder

_NAME = re.compile(r"(?P<speaker>OAF|YAF)_(?P<word>[a-z]+)_(?P<emotion>[a-z]+)")
# The file names' emotion words, lower-case; "ps" is pleasant surprise.
_EMOTIONS = {
    "angry": "angry",
    "disgust": "disgust",
    "fear": "fear",
    "happy": "happy",
    "neutral": "neutral",
    "ps": "surprise",
    "sad": "sad",
}


def load_tess(root):
    """Load the Toronto emotional speech set (TESS) from its folder.

    Two actresses, aged 26 (``YAF``, younger) and 64 (``OAF``, older), say "Say the
    word _" with 200 target words in seven emotions: 2800 files named
    ``{speaker}_{word}_{emotion}.wav``, e.g. ``OAF_back_angry.wav``, with emotion
    angry, disgust, fear, happy, neutral, ps (pleasant surprise) or sad. Both
    speakers are female.

    The distributed folders (``OAF_angry/``, ``YAF_pleasant_surprised/``, ...)
    differ in spelling and case (``OAF_Fear``, ``OAF_Pleasant_surprise``,
    ``YAF_pleasant_surprised``): the emotion is read from the file name, without
    regard to case, and the folders are not relied upon.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker (``OAF``/``YAF``),
        gender, emotion, activation, valence (NaN: TESS has no dimensional
        labels), word.

    References
    ----------
    .. [1] K. Dupuis, M. K. Pichora-Fuller, "Toronto emotional speech set (TESS)",
       University of Toronto, Psychology Department, 2010,
       doi:10.5683/SP2/E8H2MF. Licence: CC BY-NC-ND 4.0 (non-commercial, no
       derivatives, attribution).
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS}, corpus="tess",
        language="English", ignore_case=True,
        convention="'OAF_back_angry.wav' (speaker, word, emotion)",
    )  # fmt: skip
    frame["speaker"] = frame["speaker"].str.upper()
    frame["gender"] = "female"
    frame["word"] = frame["word"].str.lower()
    return frame
