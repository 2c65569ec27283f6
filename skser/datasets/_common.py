"""What every corpus loader shares: the frame layout, emotion names, Das labels."""

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

#: The emotion vocabulary shared by every loader.
EMOTIONS = (
    "neutral",
    "happy",
    "sad",
    "angry",
    "fear",
    "disgust",
    "boredom",
    "surprise",
    "calm",
    "excited",
    "frustrated",
    "other",
)

#: The class sets of the papers: 4 classes, and 3 without happy.
CLASS_SETS = {
    "4class": ("neutral", "sad", "happy", "angry"),
    "3class": ("neutral", "sad", "angry"),
}

#: Columns of every loader's frame, in order.
COLUMNS = (
    "path",
    "corpus",
    "language",
    "speaker",
    "gender",
    "emotion",
    "activation",
    "valence",
)

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")

# Das et al. (2022) label files, by corpus.
DAS_LABEL_FILES = {
    "emodb": "EMO_DB.csv",
    "cafe": "CAFE.csv",
    "urdu": "URDU.csv",
    "aesdd": "AESD.csv",
}
DAS_LABEL_CORPORA = tuple(DAS_LABEL_FILES)


def check_root(root):
    """Return ``root`` as a Path, or raise if it is not a folder."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    return root.resolve()


def find_audio(root, corpus, pattern="**/*"):
    """Return the audio files under ``root`` matching ``pattern``, sorted."""
    files = sorted(p for p in root.glob(pattern) if p.suffix.lower() in AUDIO_SUFFIXES)
    if not files:
        raise FileNotFoundError(
            f"no audio files ({', '.join(AUDIO_SUFFIXES)}) found under {root} "
            f"matching {pattern!r}: is this the {corpus} folder?"
        )
    return files


def lookup(code, table, what, path):
    """Return ``table[code]``, or raise naming the file and the known codes."""
    try:
        return table[code]
    except KeyError:
        raise ValueError(
            f"unknown {what} {code!r} in {path}; expected one of "
            f"{', '.join(sorted(table))}"
        ) from None


def parse_names(root, corpus, pattern, convention, glob="**/*"):
    """Yield ``(path, match)`` for every audio file of a corpus folder.

    ``pattern`` is matched against each file name without its suffix; a name that
    does not match is an error naming the file and the ``convention``.
    """
    for path in find_audio(check_root(root), corpus, glob):
        match = pattern.match(path.stem)
        if match is None:
            raise ValueError(
                f"file name {path.name!r} ({path}) does not follow the {corpus} "
                f"naming convention {convention}; rename or move the file"
            )
        yield path, match


def check_emotion_folder(path, code, folders):
    """Raise if ``path`` sits in an emotion folder other than its name's ``code``."""
    folder_code = folders.get(path.parent.name)
    if folder_code is not None and folder_code != code:
        raise ValueError(
            f"{path}: the name's emotion code is {code!r} but the file is in the "
            f"{path.parent.name}/ folder; move or rename it"
        )


def make_frame(rows, corpus, language):
    """Build a loader's frame from dicts with path, speaker, gender, emotion, ..."""
    frame = pd.DataFrame(rows)
    frame["path"] = frame["path"].map(str)
    frame["corpus"] = corpus
    frame["language"] = language
    for column in COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame["activation"] = frame["activation"].astype(np.float64)
    frame["valence"] = frame["valence"].astype(np.float64)
    extra = [c for c in frame.columns if c not in COLUMNS]
    return frame[list(COLUMNS) + extra]


def read_das_labels(path):
    """Read one activation/valence file of Das et al. (2022), quirks and all.

    The released files differ in their headers (``filename`` or ``filname``,
    trailing spaces), some start with empty columns, and a few values are missing.

    Parameters
    ----------
    path : str or os.PathLike
        One of the CSV files (``EMO_DB.csv``, ``CAFE.csv``, ``URDU.csv``,
        ``AESD.csv``).

    Returns
    -------
    labels : DataFrame
        Indexed by file name, with float columns ``activation`` and ``valence``
        (NaN where the file has no value).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"label file not found: {path}")
    table = pd.read_csv(path, skipinitialspace=True)
    table.columns = [str(c).strip().lower() for c in table.columns]
    table = table.rename(columns={"filname": "filename"})
    table = table.loc[:, [c for c in table.columns if not c.startswith("unnamed:")]]
    missing = {"filename", "activation", "valence"} - set(table.columns)
    if missing:
        raise ValueError(
            f"label file {path} lacks column(s) {', '.join(sorted(missing))} "
            f"(columns: {', '.join(table.columns)})"
        )
    table["filename"] = table["filename"].astype(str).str.strip()
    labels = table.set_index("filename")[["activation", "valence"]]
    return labels.apply(pd.to_numeric, errors="coerce").astype(np.float64)


def attach_labels(frame, labels, corpus):
    """Fill ``activation`` and ``valence`` of ``frame`` from Das et al.'s labels.

    ``labels`` is a CSV path or a folder holding the label files. Files without a
    label keep NaN; both counts are reported in a warning rather than dropped.
    """
    if labels is None:
        return frame
    labels = Path(labels)
    if labels.is_dir():
        if corpus not in DAS_LABEL_FILES:
            raise ValueError(f"Das et al. (2022) released no labels for {corpus}")
        labels = labels / DAS_LABEL_FILES[corpus]
    table = read_das_labels(labels)
    duplicated = table.index[table.index.duplicated()].unique()
    if len(duplicated):
        raise ValueError(
            f"label file {labels} lists {', '.join(duplicated[:5])} more than once"
        )
    names = frame["path"].map(lambda p: os.path.basename(p))
    matched = names.isin(table.index)
    frame = frame.copy()
    for column in ["activation", "valence"]:
        frame[column] = names.map(table[column]).astype(np.float64)
    unlabelled = int((~matched).sum())
    unused = table.index.difference(names)
    no_value = int(
        frame.loc[matched, ["activation", "valence"]].isna().any(axis=1).sum()
    )
    if unlabelled or len(unused) or no_value:
        warnings.warn(
            f"{corpus} labels from {labels}: {unlabelled} of {len(frame)} files have "
            f"no label (e.g. {', '.join(names[~matched][:3])}), {len(unused)} labels "
            f"match no file (e.g. {', '.join(unused[:3])}), {no_value} labelled files "
            "lack a value; their activation/valence are NaN",
            UserWarning,
            stacklevel=3,
        )
    return frame


def to_class_set(emotion, class_set="4class"):
    """Keep the emotions of one of the papers' class sets, others become NaN.

    Parameters
    ----------
    emotion : array-like of str
        Emotion names from the shared vocabulary.
    class_set : {"4class", "3class"} or sequence of str, default="4class"
        ``"4class"``: neutral, sad, happy, angry; ``"3class"``: neutral, sad,
        angry; or any list of emotion names.

    Returns
    -------
    classes : pandas.Series
        ``emotion`` where it is in the class set, NaN elsewhere.

    Examples
    --------
    >>> from skser.datasets import to_class_set
    >>> to_class_set(["angry", "fear", "happy"], "3class").tolist()
    ['angry', nan, nan]
    """
    if isinstance(class_set, str) and class_set not in CLASS_SETS:
        raise ValueError(
            f"unknown class set {class_set!r}; use one of {', '.join(CLASS_SETS)} "
            "or a list of emotions"
        )
    classes = CLASS_SETS[class_set] if isinstance(class_set, str) else class_set
    unknown = set(classes) - set(EMOTIONS)
    if unknown:
        raise ValueError(
            f"unknown emotion(s) {', '.join(sorted(unknown))}; the vocabulary is "
            f"{', '.join(EMOTIONS)}"
        )
    emotion = pd.Series(emotion)
    return emotion.where(emotion.isin(classes))
