"""Interactive Emotional Dyadic Motion Capture (IEMOCAP) database, English."""

import re
import warnings
from pathlib import Path

import numpy as np

from skser.datasets._common import check_root, lookup
from skser.datasets._folder import load_folder

# "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]"
_LINE = re.compile(
    r"^\[[\d.]+ - [\d.]+\]\t(?P<utterance>\S+)\t(?P<emotion>\w+)\t"
    r"\[(?P<valence>[\d.]+), (?P<activation>[\d.]+), (?P<dominance>[\d.]+)\]"
)
_UTTERANCE = re.compile(r"(?P<session>Ses\d{2})[FM]_.+_(?P<gender>[FM])\d+")
_GENDERS = {"F": "female", "M": "male"}
_EMOTIONS = {
    "neu": "neutral",
    "hap": "happy",
    "sad": "sad",
    "ang": "angry",
    "fea": "fear",
    "dis": "disgust",
    "sur": "surprise",
    "exc": "excited",
    "fru": "frustrated",
    "oth": "other",
    "xxx": "other",  # no majority among the annotators
}


def _read_evaluations(root):
    """Map utterance id -> (emotion code, valence, activation, dominance, file)."""
    labels = {}
    for path in sorted(root.glob("Session*/dialog/EmoEvaluation/*.txt")):
        with open(path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                match = _LINE.match(line)
                if match:
                    labels[match["utterance"]] = (match, path)
    return labels


def load_iemocap(root, merge_excited=False):
    """Load the IEMOCAP database from its distributed folder.

    Audio is read from ``SessionN/sentences/wav/<dialog>/<utterance>.wav``;
    labels from ``SessionN/dialog/EmoEvaluation/<dialog>.txt``, whose lines give
    the utterance, its emotion code and, in brackets, valence, activation and
    dominance on 1-5.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder holding ``Session1/`` ... ``Session5/``.
    merge_excited : bool, default=False
        Count ``exc`` (excited) as happy, as the 4-class IEMOCAP literature does.
        By default it stays ``"excited"``.

    Returns
    -------
    frame : DataFrame
        One row per utterance: path, corpus, language, speaker (session and
        gender, e.g. ``Ses01F``), gender, emotion, activation, valence, dominance,
        session. Utterances without an evaluation line keep NaN labels (warned).

    References
    ----------
    .. [1] C. Busso et al., "IEMOCAP: interactive emotional dyadic motion capture
       database", Language Resources and Evaluation 42(4), 2008.
    """
    root = check_root(root)
    evaluations = _read_evaluations(root)
    emotions = dict(_EMOTIONS, exc="happy") if merge_excited else _EMOTIONS
    frame = load_folder(
        root, _UTTERANCE, corpus="iemocap", language="English",
        glob="Session*/sentences/wav/*/*", convention="'Ses01F_impro01_F000.wav'",
        emotion=None,  # from the EmoEvaluation files
    )  # fmt: skip
    frame["speaker"] = frame["session"] + frame["gender"]
    frame["gender"] = frame["gender"].map(_GENDERS)
    utterances = frame["path"].map(lambda path: Path(path).stem)
    labelled = utterances.isin(list(evaluations))
    for column in ["emotion", "activation", "valence", "dominance"]:
        frame[column] = utterances.map(
            {utterance: label[column] for utterance, (label, _) in evaluations.items()}
        )
    for column in ["activation", "valence", "dominance"]:
        frame[column] = frame[column].astype(np.float64)
    frame["emotion"] = [
        lookup(code, emotions, "emotion code", evaluations[utterance][1])
        if isinstance(code, str)
        else code
        for code, utterance in zip(frame["emotion"], utterances, strict=True)
    ]
    if not labelled.all():
        warnings.warn(
            f"{int((~labelled).sum())} IEMOCAP utterance(s) have no EmoEvaluation "
            f"line (e.g. {', '.join(utterances[~labelled][:3])}); their labels "
            "are NaN",
            UserWarning,
            stacklevel=2,
        )
    return frame
