"""Ryerson Audio-Visual Database of Emotional Speech and Song (RAVDESS), speech."""

import re
import warnings

import numpy as np

from skser.datasets._folder import load_folder

# modality-channel-emotion-intensity-statement-repetition-actor
_NAME = re.compile(
    r"(?P<modality>\d{2})-(?P<channel>\d{2})-(?P<emotion>\d{2})-(?P<intensity>\d{2})"
    r"-(?P<statement>\d{2})-(?P<repetition>\d{2})-(?P<speaker>\d{2})"
)
_EMOTIONS = {
    "01": "neutral",
    "02": "calm",
    "03": "happy",
    "04": "sad",
    "05": "angry",
    "06": "fear",  # fearful
    "07": "disgust",
    "08": "surprise",  # surprised
}
_MODALITIES = {"01": "audio-video", "02": "video", "03": "audio"}
_CHANNELS = {"01": "speech", "02": "song"}
_INTENSITIES = {"01": "normal", "02": "strong"}
_REPETITIONS = {"01": "01", "02": "02"}
# The 24 actors: odd-numbered male, even-numbered female.
_ACTORS = {f"{actor:02d}": f"{actor:02d}" for actor in range(1, 25)}
_STATEMENTS = {
    "01": "Kids are talking by the door",
    "02": "Dogs are sitting by the door",
}


def load_ravdess(root):
    """Load the speech part of RAVDESS from its folder.

    The speech part (``Audio_Speech_Actors_01-24``) holds 1440 files in
    ``Actor_01/ ... Actor_24/``, named by seven two-digit fields, e.g.
    ``03-01-05-01-02-01-12.wav``:

    1. modality: 01 audio-video, 02 video only, 03 audio only;
    2. vocal channel: 01 speech, 02 song;
    3. emotion: 01 neutral, 02 calm, 03 happy, 04 sad, 05 angry, 06 fearful,
       07 disgust, 08 surprised;
    4. intensity: 01 normal, 02 strong (neutral has normal only);
    5. statement: 01 "Kids are talking by the door", 02 "Dogs are sitting by the
       door";
    6. repetition: 01 or 02;
    7. actor: 01-24, odd-numbered actors male, even-numbered female.

    Song files (vocal channel 02, from ``Audio_Song_Actors_01-24``; actor 18 has
    none) in the same folder are left out with a warning giving their number.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.

    Returns
    -------
    frame : DataFrame
        One row per speech file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN: RAVDESS has no dimensional labels), modality,
        intensity (``"normal"``/``"strong"``), statement (its text), repetition.

    References
    ----------
    .. [1] S. R. Livingstone, F. A. Russo, "The Ryerson Audio-Visual Database of
       Emotional Speech and Song (RAVDESS): A dynamic, multimodal set of facial and
       vocal expressions in North American English", PLoS ONE 13(5), e0196391,
       2018. Licence: CC BY-NC-SA 4.0 (non-commercial, share alike, attribution).
    """
    frame = load_folder(
        root, _NAME,
        {"emotion": _EMOTIONS, "modality": _MODALITIES, "channel": _CHANNELS,
         "intensity": _INTENSITIES, "statement": _STATEMENTS,
         "repetition": _REPETITIONS, "speaker": _ACTORS},
        corpus="ravdess", language="English",
        convention="'03-01-05-01-02-01-12.wav' (modality, channel, emotion, "
        "intensity, statement, repetition, actor)",
    )  # fmt: skip
    song = frame["channel"] == "song"
    if song.all():
        raise FileNotFoundError(
            f"only song files (vocal channel 02) under {root}; the RAVDESS loader "
            "reads the speech part (Audio_Speech_Actors_01-24)"
        )
    if song.any():
        warnings.warn(
            f"RAVDESS: {int(song.sum())} song file(s) (vocal channel 02) under "
            f"{root} left out; the loader reads the speech part",
            UserWarning,
            stacklevel=2,
        )
    frame = frame[~song].drop(columns="channel").reset_index(drop=True)
    frame["gender"] = np.where(frame["speaker"].astype(int) % 2, "male", "female")
    frame["repetition"] = frame["repetition"].astype(int)
    return frame
