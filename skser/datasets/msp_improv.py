"""MSP-IMPROV, an acted corpus of dyadic interactions, English."""

import re
import warnings
from pathlib import Path

import numpy as np

from skser.datasets._common import check_root, lookup
from skser.datasets._folder import load_folder

# MSP-IMPROV-S01A-F01-P-FM01: sentence and target emotion, speaker (gender and
# session), condition, turn.
_NAME = re.compile(
    r"MSP-IMPROV-(?P<clip>S(?P<sentence>\d{2})(?P<target>[AHNS])"
    r"-(?P<speaker>(?P<gender>[FM])(?P<session>\d{2}))-(?P<condition>[A-Z])"
    r"-(?P<turn>[A-Z]{1,2}\d{2,3}))"
)
# UTD-IMPROV-S01A-F01-S-FM01.avi; N; A:3.000000; V:3.500000; D:3.000000 ; N:...;
_LINE = re.compile(
    r"^(?:UTD|MSP)-IMPROV-(?P<clip>\S+?)\.\w+;\s*(?P<emotion>[A-Z]);"
    r"\s*A:\s*(?P<activation>[^;\s]+)\s*;\s*V:\s*(?P<valence>[^;\s]+)\s*;"
    r"\s*D:\s*(?P<dominance>[^;\s]+)\s*;(?:\s*N:\s*(?P<naturalness>[^;\s]+)\s*;)?"
)
_EMOTIONS = {
    "A": "angry",
    "H": "happy",
    "N": "neutral",
    "S": "sad",
    "O": "other",  # another emotion, or no majority among the raters
}
_TARGETS = {code: _EMOTIONS[code] for code in "AHNS"}
_GENDERS = {"F": "female", "M": "male"}
# Six sessions, one actress and one actor each.
_SESSIONS = {f"{n:02d}": f"{n:02d}" for n in range(1, 7)}
_SCORES = ("activation", "valence", "dominance", "naturalness")
# Spelled "Evalution.txt" in the release.
_EVALUATION_FILES = ("Evalution.txt", "Evaluation.txt")


def _find_evaluation(root):
    for name in _EVALUATION_FILES:
        for candidate in [root / name, *sorted(root.glob(f"*/{name}"))]:
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(
        f"no {' or '.join(_EVALUATION_FILES)} in {root} or its sub-folders: "
        "MSP-IMPROV's labels are in that file; pass evaluation=PATH"
    )


def _read_evaluation(path):
    """Consensus labels by clip (``S01A-F01-S-FM01``), from the evaluation list."""
    labels = {}
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            match = _LINE.match(line.strip())
            if match is None:
                continue  # the raters' own lines and blank lines
            row = {"emotion": lookup(match["emotion"], _EMOTIONS, "label", path)}
            for score in _SCORES:
                text = match[score]
                try:
                    row[score] = np.nan if text is None else float(text)
                except ValueError:
                    raise ValueError(
                        f"{path}, line {number}: {score} {text!r} is not a number"
                    ) from None
            labels[match["clip"]] = row
    if not labels:
        raise ValueError(
            f"{path} holds no label line such as 'UTD-IMPROV-S01A-F01-S-FM01.avi; "
            "N; A:3.0; V:3.5; D:3.0; N:3.0;'"
        )
    return labels


def load_msp_improv(root, evaluation=None):
    """Load MSP-IMPROV from its distributed folder and evaluation list.

    Audio sits in ``Audio/session{1..6}/S{nn}{E}/{condition}/`` and is named like
    ``MSP-IMPROV-S01A-F01-P-FM01.wav``: sentence 01-20 with its target emotion
    (A anger, H happiness, N neutral, S sadness), the speaker (gender F/M and
    session 01-06: one actress and one actor per session, twelve speakers), the
    recording condition (R: the target sentence read; S: the target sentence within
    the improvisation; P and T: the other turns of the improvisations and the
    natural interaction between takes) and the turn.

    Labels come from the release's evaluation list (``Evalution.txt``, spelled so;
    ``Evaluation.txt`` is accepted), whose consensus lines name the clip's video
    (``UTD-IMPROV-....avi``, not ``MSP-IMPROV-....wav``) and give the perceived
    emotion (A, H, N, S, or O for other / no agreement) and mean activation,
    valence, dominance and naturalness ratings on 1-5. Raters' individual lines are
    skipped. Clips without a consensus line keep NaN labels (warned).

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder; audio is searched recursively.
    evaluation : str or os.PathLike, default=None
        The evaluation list; by default ``Evalution.txt`` or ``Evaluation.txt`` in
        ``root`` or one of its sub-folders.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker (``F01`` ... ``M06``),
        gender, emotion (perceived), activation, valence, dominance, naturalness,
        session, sentence, target (the emotion the scenario aimed at), condition,
        turn.

    References
    ----------
    .. [1] C. Busso, S. Parthasarathy, A. Burmania, M. AbdelWahab, N. Sadoughi,
       E. Mower Provost, "MSP-IMPROV: An acted corpus of dyadic interactions to
       study emotion perception", IEEE Transactions on Affective Computing 8(1),
       67-80, 2017. Licence: academic licence agreement with The University of
       Texas at Dallas; not redistributable.
    """
    root = check_root(root)
    evaluation = _find_evaluation(root) if evaluation is None else Path(evaluation)
    labels = _read_evaluation(evaluation)
    frame = load_folder(
        root, _NAME, {"target": _TARGETS, "gender": _GENDERS, "session": _SESSIONS},
        corpus="msp-improv", language="English",
        convention="'MSP-IMPROV-S01A-F01-P-FM01.wav' (sentence and target, "
        "speaker, condition, turn)", emotion=None,  # from the evaluation list
    )  # fmt: skip
    labelled = frame["clip"].isin(list(labels))
    for column in ["emotion", *_SCORES]:
        frame[column] = frame["clip"].map(
            {clip: label[column] for clip, label in labels.items()}
        )
    for column in _SCORES:
        frame[column] = frame[column].astype(np.float64)
    frame["session"] = frame["session"].astype(int)
    frame["sentence"] = frame["sentence"].astype(int)
    if not labelled.all():
        warnings.warn(
            f"{int((~labelled).sum())} MSP-IMPROV file(s) have no consensus line in "
            f"{evaluation} (e.g. {', '.join(frame['clip'][~labelled][:3])}); their "
            "labels are NaN",
            UserWarning,
            stacklevel=2,
        )
    return frame.drop(columns="clip")
