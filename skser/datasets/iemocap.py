"""Interactive Emotional Dyadic Motion Capture (IEMOCAP) database, English."""

import re
import warnings

from skser.datasets._common import check_root, lookup, make_frame, parse_names

# "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]"
_LINE = re.compile(
    r"^\[[\d.]+ - [\d.]+\]\t(?P<utterance>\S+)\t(?P<code>\w+)\t"
    r"\[(?P<valence>[\d.]+), (?P<activation>[\d.]+), (?P<dominance>[\d.]+)\]"
)
_UTTERANCE = re.compile(r"^(?P<session>Ses\d{2})[FM]_.+_(?P<gender>[FM])\d+$")
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
    rows, unlabelled = [], []
    for path, match in parse_names(
        root,
        "IEMOCAP",
        _UTTERANCE,
        "'Ses01F_impro01_F000.wav'",
        glob="Session*/sentences/wav/*/*",
    ):
        row = {
            "path": path,
            "speaker": match["session"] + match["gender"],
            "gender": "female" if match["gender"] == "F" else "male",
            "session": match["session"],
        }
        if path.stem in evaluations:
            label, source = evaluations[path.stem]
            row["emotion"] = lookup(label["code"], emotions, "emotion code", source)
            for column in ["activation", "valence", "dominance"]:
                row[column] = float(label[column])
        else:
            unlabelled.append(path.name)
        rows.append(row)
    if unlabelled:
        warnings.warn(
            f"{len(unlabelled)} IEMOCAP utterance(s) have no EmoEvaluation line "
            f"(e.g. {', '.join(unlabelled[:3])}); their labels are NaN",
            UserWarning,
            stacklevel=2,
        )
    return make_frame(rows, corpus="iemocap", language="English")
