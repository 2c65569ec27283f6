"""Surrey Audio-Visual Expressed Emotion (SAVEE) database, British English."""

import re

from skser.datasets._folder import load_folder

# Any folders above the speaker's, e.g. AudioData/DC/a01.wav.
_NAME = re.compile(
    r"(?:.*/)?(?P<speaker>[A-Z]{2})/(?P<emotion>sa|su|[adfhn])(?P<sentence>\d{2})"
)
_EMOTIONS = {
    "a": "angry",
    "d": "disgust",
    "f": "fear",
    "h": "happy",
    "n": "neutral",
    "sa": "sad",
    "su": "surprise",
}
# The four actors, all male.
_SPEAKERS = {speaker: speaker for speaker in ("DC", "JE", "JK", "KL")}


def load_savee(root):
    """Load the SAVEE database from its folder.

    Files are ``<speaker>/<code><nn>.wav`` (e.g. ``DC/sa03.wav``) with codes a
    anger, d disgust, f fear, h happiness, n neutral, sa sadness, su surprise. The
    four speakers are male.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder holding one folder per speaker.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN: SAVEE has no dimensional labels), sentence.

    References
    ----------
    .. [1] S. Haq, P. J. B. Jackson, "Speaker-dependent audio-visual emotion
       recognition", AVSP 2009.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "speaker": _SPEAKERS}, corpus="savee",
        language="English",
        match="path",
        convention="'<speaker>/sa03.wav' (emotion code, sentence)",
    )  # fmt: skip
    frame["gender"] = "male"
    frame["sentence"] = frame["sentence"].astype(int)
    return frame
