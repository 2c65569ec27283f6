"""Sharif Emotional Speech Database (ShEMO), Persian."""

import re

from skser.datasets._folder import load_folder

# The first F is the speaker's gender, a later F the emotion fear: F01F03.
_NAME = re.compile(
    r"(?P<speaker>(?P<gender>[FM])\d{2})(?P<emotion>[AHNSWF])(?P<utterance>\d{2})"
)
_EMOTIONS = {
    "A": "angry",
    "H": "happy",
    "N": "neutral",
    "S": "sad",
    "W": "surprise",
    "F": "fear",
}
_GENDERS = {"F": "female", "M": "male"}


def load_shemo(root):
    """Load the Sharif Emotional Speech Database (ShEMO) from its folder.

    3000 semi-natural utterances of 87 speakers (31 female, 56 male) from Persian
    radio plays, in ``female/`` and ``male/``, named ``{gender}{speaker}{emotion}
    {utterance}.wav``, e.g. ``F01A01.wav``: gender F or M, two-digit speaker,
    emotion A anger, H happiness, N neutral, S sadness, W surprise, F fear, and a
    two-digit utterance number. Speaker numbers restart for each gender, so the
    speaker is gender and number (``F01`` and ``M01`` are two people); ``F`` is
    both the female prefix and the fear code (``F01F03.wav``, ``M05F01.wav``).
    Labels are the majority vote of twelve annotators.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN: ShEMO has no dimensional labels), utterance.

    References
    ----------
    .. [1] O. Mohamad Nezami, P. Jamshid Lou, M. Karami, "ShEMO: a large-scale
       validated database for Persian speech emotion detection", Language
       Resources and Evaluation 53(1), 1-16, 2019. Free of charge for academic
       use; cite the publication.
    """
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "gender": _GENDERS}, corpus="shemo",
        language="Persian",
        convention="'F01A01.wav' (gender, speaker, emotion, utterance)",
    )  # fmt: skip
    frame["utterance"] = frame["utterance"].astype(int)
    return frame
