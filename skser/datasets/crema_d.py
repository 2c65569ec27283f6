"""Crowd-sourced Emotional Multimodal Actors Dataset (CREMA-D), English."""

import os
import re
import warnings

import numpy as np
import pandas as pd

from skser.datasets._common import parse_numbers, read_table
from skser.datasets._folder import load_folder

_NAME = re.compile(
    r"(?P<speaker>\d{4})_(?P<sentence>[A-Z]{3})_(?P<emotion>[A-Z]{3})_(?P<level>[A-Z]{2})"
)
_EMOTIONS = {
    "ANG": "angry",
    "DIS": "disgust",
    "FEA": "fear",
    "HAP": "happy",
    "NEU": "neutral",
    "SAD": "sad",
}
_LEVELS = {"LO": "low", "MD": "medium", "HI": "high", "XX": "unspecified"}
_SENTENCES = {
    "IEO": "It's eleven o'clock",
    "TIE": "That is exactly what happened",
    "IOM": "I'm on my way to the meeting",
    "IWW": "I wonder what this is about",
    "TAI": "The airplane is almost full",
    "MTI": "Maybe tomorrow it will be cold",
    "IWL": "I would like a new alarm clock",
    "ITH": "I think I have a doctor's appointment",
    "DFA": "Don't forget a jacket",
    "ITS": "I think I've seen this before",
    "TSI": "The surface is slick",
    "WSI": "We'll stop in a couple of minutes",
}
# Sex of the 91 actors, from the corpus's VideoDemographics.csv: the other 48 are
# male.
_FEMALE = frozenset(
    "1002 1003 1004 1006 1007 1008 1009 1010 1012 1013 1018 1020 1021 1024 1025 "
    "1028 1029 1030 1037 1043 1046 1047 1049 1052 1053 1054 1055 1056 1058 1060 "
    "1061 1063 1072 1073 1074 1075 1076 1078 1079 1082 1084 1089 1091".split()
)
# tabulatedVotes.csv: votes per emotion letter, and the rating condition in the
# first digit of the row label (1 voice only, 2 face only, 3 audio-visual).
_VOTES = {
    "A": "angry",
    "D": "disgust",
    "F": "fear",
    "H": "happy",
    "N": "neutral",
    "S": "sad",
}
_MODALITIES = {"voice": "1", "face": "2", "audio-visual": "3"}
# The 91 actors: 1001-1091.
_ACTORS = {str(actor): str(actor) for actor in range(1001, 1092)}


def load_crema_d(root, ratings=None, emotion="intended", modality="voice"):
    """Load CREMA-D from its folder, with its crowd-sourced ratings if given.

    91 actors (48 male, 43 female, aged 20-74, ids 1001-1091) say 12 sentences in
    six emotions: 7442 files in ``AudioWAV/`` named
    ``{actor}_{sentence}_{emotion}_{level}.wav``, e.g. ``1001_DFA_ANG_XX.wav``,
    with emotion ANG anger, DIS disgust, FEA fear, HAP happy, NEU neutral, SAD
    sad, and level LO low, MD medium, HI high or XX unspecified (only sentence IEO
    was recorded at three levels). Sentences: IEO "It's eleven o'clock", TIE "That
    is exactly what happened", IOM "I'm on my way to the meeting", IWW "I wonder
    what this is about", TAI "The airplane is almost full", MTI "Maybe tomorrow it
    will be cold", IWL "I would like a new alarm clock", ITH "I think I have a
    doctor's appointment", DFA "Don't forget a jacket", ITS "I think I've seen this
    before", TSI "The surface is slick", WSI "We'll stop in a couple of minutes".
    Genders come from the corpus's demographics table. A few files of the
    distribution hold no usable audio (``1076_MTI_SAD_XX.wav``): feature
    extraction reports them.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.
    ratings : str or os.PathLike, default=None
        ``processedResults/tabulatedVotes.csv`` of the distribution: each clip's
        crowd votes per emotion. Adds the columns ``perceived`` (majority vote,
        NaN on a tie such as ``A:D``), ``agreement`` (share of the votes for it)
        and ``n_ratings``.
    emotion : {"intended", "perceived"}, default="intended"
        Which label is the ``emotion`` column: what the actor was asked to
        express, or the raters' majority (needs ``ratings``; ties are NaN).
    modality : {"voice", "face", "audio-visual"}, default="voice"
        Which ratings to read: raters heard the voice only, saw the face only, or
        both.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN: CREMA-D has no dimensional labels), sentence
        (its text), level, intended, and with ``ratings`` perceived, agreement,
        n_ratings.

    References
    ----------
    .. [1] H. Cao, D. G. Cooper, M. K. Keutmann, R. C. Gur, A. Nenkova, R. Verma,
       "CREMA-D: Crowd-sourced Emotional Multimodal Actors Dataset", IEEE
       Transactions on Affective Computing 5(4), 377-390, 2014. Licence: Open
       Database License (ODbL) 1.0, contents under the Database Contents License.
    """
    if emotion not in ("intended", "perceived"):
        raise ValueError(f"emotion must be 'intended' or 'perceived', got {emotion!r}")
    if emotion == "perceived" and ratings is None:
        raise ValueError("emotion='perceived' needs the ratings (tabulatedVotes.csv)")
    if modality not in _MODALITIES:
        raise ValueError(
            f"unknown modality {modality!r}; use one of {', '.join(_MODALITIES)}"
        )
    frame = load_folder(
        root, _NAME, {"emotion": _EMOTIONS, "level": _LEVELS,
                      "sentence": _SENTENCES, "speaker": _ACTORS},
        corpus="crema-d", language="English",
        convention="'1001_DFA_ANG_XX.wav' (actor, sentence, emotion, level)",
    )  # fmt: skip
    frame["gender"] = np.where(frame["speaker"].isin(_FEMALE), "female", "male")
    frame["intended"] = frame["emotion"]
    if ratings is not None:
        votes = _read_ratings(ratings, _MODALITIES[modality])
        clips = frame["path"].map(lambda path: os.path.splitext(path)[0])
        clips = clips.map(os.path.basename)
        for column in ["perceived", "agreement", "n_ratings"]:
            frame[column] = clips.map(votes[column])
        unrated = int((~clips.isin(votes.index)).sum())
        if unrated:
            warnings.warn(
                f"{unrated} of {len(frame)} CREMA-D files have no {modality} "
                f"ratings in {ratings}; their perceived emotion is NaN",
                UserWarning,
                stacklevel=2,
            )
        if emotion == "perceived":
            frame["emotion"] = frame["perceived"]
    return frame


def _read_ratings(path, condition):
    """Majority vote, agreement and number of ratings per clip of one condition."""
    table, lines = read_table(path, "ratings file")
    needed = ["fileName", "numResponses", "agreement", "emoVote", *_VOTES]
    missing = [column for column in needed if column not in table]
    if missing:
        raise ValueError(
            f"ratings file {path} lacks column(s) {', '.join(missing)}: is it "
            "processedResults/tabulatedVotes.csv of CREMA-D?"
        )
    rows = table.iloc[:, 0].str.strip().str.startswith(condition)
    table, lines = table[rows], lines[rows]
    numbers = parse_numbers(
        table, lines, f"ratings file {path}", ["numResponses", "agreement"]
    )
    vote = table["emoVote"].str.strip()
    perceived = vote.map(_VOTES)  # a tie "A:D" has no single emotion: NaN
    unknown = sorted(set(vote[perceived.isna() & ~vote.str.contains(":")]))
    if unknown:
        raise ValueError(
            f"ratings file {path}: unknown emoVote value(s) {', '.join(unknown)}; "
            f"expected {', '.join(_VOTES)} or ties like A:D"
        )
    names = table["fileName"].str.strip()
    if names.duplicated().any():
        raise ValueError(
            f"ratings file {path} lists {', '.join(names[names.duplicated()][:5])} "
            "more than once for one rating condition"
        )
    return pd.DataFrame(
        {
            "perceived": perceived.to_numpy(),
            "agreement": numbers["agreement"].to_numpy(),
            "n_ratings": numbers["numResponses"].to_numpy(),
        },
        index=names.to_numpy(),
    )
