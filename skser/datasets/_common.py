"""What every corpus loader shares: the frame layout, emotion names, Das labels."""

import codecs
import csv
import io
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

#: Names of emotions in the wild, lower-case, and the vocabulary name they mean.
#: Manifests and folder names are read through it (case, spaces and hyphens aside).
EMOTION_ALIASES = {
    **{name: name for name in EMOTIONS},
    **dict.fromkeys(["ang", "anger", "angry", "mad"], "angry"),
    **dict.fromkeys(["hap", "happiness", "happy", "joy"], "happy"),
    **dict.fromkeys(["sad", "sadness"], "sad"),
    **dict.fromkeys(["neu", "neutral"], "neutral"),
    **dict.fromkeys(["fea", "fear", "fearful", "afraid", "scared"], "fear"),
    **dict.fromkeys(["dis", "disgust", "disgusted"], "disgust"),
    **dict.fromkeys(["bor", "boredom", "bored"], "boredom"),
    **dict.fromkeys(
        ["sur", "surprise", "surprised", "pleasant_surprise", "pleasant_surprised"],
        "surprise",
    ),
    **dict.fromkeys(["exc", "excited", "excitement"], "excited"),
    **dict.fromkeys(["fru", "frustrated", "frustration"], "frustrated"),
    **dict.fromkeys(["oth", "other"], "other"),
}


def normalize_emotions(values, source):
    """Map emotion names through :data:`EMOTION_ALIASES`; NaN stays NaN.

    Names are compared lower-case with spaces and hyphens read as ``_``. Unknown
    names are an error listing them, with ``source`` (a file) and the accepted names.
    """
    values = pd.Series(values, dtype=object)
    given = values.notna() & (values.astype(str).str.strip() != "")
    keys = values[given].astype(str).str.strip().str.lower()
    keys = keys.str.replace(r"[\s-]+", "_", regex=True)
    unknown = sorted(set(keys[~keys.isin(list(EMOTION_ALIASES))]))
    if unknown:
        raise ValueError(
            f"{source}: unknown emotion name(s) {', '.join(map(repr, unknown))}; "
            f"accepted (any case): {', '.join(sorted(EMOTION_ALIASES))}"
        )
    emotions = pd.Series(np.nan, index=values.index, dtype=object)
    emotions[given] = keys.map(EMOTION_ALIASES)
    return emotions


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

#: Suffixes of the audio files the loaders read.
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
#: Suffixes of audio formats skser does not read: files with them are reported,
#: never dropped silently.
UNREAD_AUDIO_SUFFIXES = (
    ".m4a", ".aac", ".opus", ".aiff", ".aif", ".aifc", ".wma", ".amr", ".au",
    ".caf", ".webm", ".mka", ".ape", ".wv", ".alac", ".3gp", ".ac3",
)  # fmt: skip


def check_root(root):
    """Return ``root`` as a Path, or raise if it is not a folder."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    return root.resolve()


def find_audio(root, corpus, pattern="**/*"):
    """Return the audio files under ``root`` matching ``pattern``, sorted.

    Returns
    -------
    files : list of Path
        Files with a suffix of :data:`AUDIO_SUFFIXES` (any case).
    unread : list of Path
        Files with a suffix of :data:`UNREAD_AUDIO_SUFFIXES`, for the caller to
        report (see :func:`warn_unread`).
    """
    found = sorted(root.glob(pattern))
    files = [p for p in found if p.suffix.lower() in AUDIO_SUFFIXES]
    unread = [p for p in found if p.suffix.lower() in UNREAD_AUDIO_SUFFIXES]
    if not files:
        also = (
            f"; {len(unread)} file(s) in formats skser does not read "
            f"({', '.join(sorted({p.suffix for p in unread}))}, e.g. {unread[0]}): "
            "convert them to WAV or FLAC"
            if unread
            else ""
        )
        raise FileNotFoundError(
            f"no audio files ({', '.join(AUDIO_SUFFIXES)}) found under {root} "
            f"matching {pattern!r}: is this the {corpus} folder?{also}"
        )
    return files, unread


def warn_unread(unread, corpus, root, stacklevel=3):
    """Warn that files in audio formats skser does not read were left out."""
    if not unread:
        return
    suffixes = ", ".join(sorted({p.suffix for p in unread}))
    listed = ", ".join(str(p.relative_to(root)) for p in unread[:10])
    warnings.warn(
        f"{corpus}: {len(unread)} file(s) under {root} are in audio formats skser "
        f"does not read ({suffixes}) and were left out: {listed}"
        f"{', ...' if len(unread) > 10 else ''}; convert them to WAV or FLAC "
        "(e.g. ffmpeg -i in.m4a out.wav) to include them",
        UserWarning,
        stacklevel=stacklevel,
    )


def lookup(code, table, what, path):
    """Return ``table[code]``, or raise naming the file and the known codes."""
    try:
        return table[code]
    except KeyError:
        known = sorted(table)
        if len(known) > 12:  # e.g. CREMA-D's 91 actors
            known = [*known[:3], "...", f"{known[-1]} ({len(table)} codes)"]
        raise ValueError(
            f"unknown {what} {code!r} in {path}; expected one of "
            f"{', '.join(known)}; the file is not of this corpus, or misnamed"
        ) from None


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


def read_table(path, what):
    """Read a CSV file as text cells, with errors that name the file.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark
    (what spreadsheet programs write as "Unicode text") are read; the delimiter is
    the header line's comma, semicolon or tab. Blank lines are kept as empty rows so
    that a row's position gives its line in the file (``lines`` of the result).

    Returns
    -------
    table : DataFrame of str
        Cells as written, with stripped column names; empty cells are ``""``.
    lines : Series of int
        The line of the file each row comes from (the header is line 1).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{what} not found: {path}")
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in raw:
        raise ValueError(
            f"{what} {path} holds NUL bytes: UTF-16 without a byte-order mark, or "
            "not a text file; save it as UTF-8 CSV"
        )
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{what} {path} is not valid {encoding} (byte {error.start}); save it "
            "as UTF-8 CSV"
        ) from None
    if not text.strip():
        raise ValueError(f"{what} {path} is empty; expected a header line and rows")
    body = text.lstrip()
    skipped = text[: len(text) - len(body)].count("\n")
    header = body.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        table = pd.read_csv(
            io.StringIO(body),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise ValueError(f"{what} {path} cannot be read as CSV: {error}") from None
    table.columns = [str(c).strip() for c in table.columns]
    lines = pd.Series(np.arange(len(table)) + 2 + skipped, index=table.index)
    empty = (table.apply(lambda cells: cells.str.strip()) == "").all(axis=1)
    return table[~empty], lines[~empty]


# Cells that mean "no value" in a numeric column.
MISSING = ("", "nan", "na", "n/a", "none", "null")


def parse_numbers(cells, lines, source, columns):
    """Parse numeric columns of text cells; list every cell that is not a number.

    Empty cells and ``nan``/``NA``-like words become NaN; anything else that is not
    a finite number (``3,5``, ``high``, ``inf``) is an error listing file, line,
    column and value.
    """
    numbers, bad = {}, []
    for column in columns:
        text = cells[column].astype(str).str.strip()
        missing = text.str.lower().isin(MISSING)
        values = pd.to_numeric(text.where(~missing), errors="coerce")
        values = values.where(np.isfinite(values))
        for row in text.index[values.isna() & ~missing]:
            bad.append(f"line {lines[row]}, {column}: {text[row]!r}")
        numbers[column] = values.astype(np.float64)
    if bad:
        raise ValueError(
            f"{source}: {len(bad)} value(s) are not numbers ({'; '.join(bad[:10])}"
            f"{'; ...' if len(bad) > 10 else ''}); write numbers with a decimal "
            "point, and leave a cell empty for a missing value"
        )
    return pd.DataFrame(numbers, index=cells.index)


#: The scale of Das et al.'s activation and valence annotations.
DAS_SCALE = (1.0, 5.0)


def read_das_labels(path):
    r"""Read one activation/valence file of Das et al. (2022), quirks and all.

    The released files differ in their headers (``filename`` or ``filname``,
    trailing spaces), some start with empty columns, and a few values are missing.
    Files saved again by a spreadsheet (UTF-16, semicolons or tabs between cells)
    are read too. A value that is not a number is an error listing every such cell
    (file, line, column, value); values outside the annotation scale (1-5) are
    kept and warned about.

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

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from skser.datasets import read_das_labels
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "CAFE.csv"
    >>> _ = path.write_text("filname,activation ,valence\n01-C-1-1.wav,4,1\n")
    >>> read_das_labels(path).loc["01-C-1-1.wav"].tolist()
    [4.0, 1.0]
    """
    table, lines = read_table(path, "label file")
    table.columns = [c.lower() for c in table.columns]
    table = table.rename(columns={"filname": "filename"})
    table = table.loc[:, [c for c in table.columns if not c.startswith("unnamed:")]]
    missing = {"filename", "activation", "valence"} - set(table.columns)
    if missing:
        raise ValueError(
            f"label file {path} lacks column(s) {', '.join(sorted(missing))} "
            f"(columns: {', '.join(table.columns)})"
        )
    labels = parse_numbers(
        table, lines, f"label file {path}", ["activation", "valence"]
    )
    low, high = DAS_SCALE
    outside = [
        f"line {lines[row]}, {column}: {labels.at[row, column]:g}"
        for column in labels
        for row in labels.index[(labels[column] < low) | (labels[column] > high)]
    ]
    if outside:
        warnings.warn(
            f"label file {path}: {len(outside)} value(s) outside the annotation "
            f"scale {low:g}-{high:g} ({'; '.join(outside[:10])}); check the file",
            UserWarning,
            stacklevel=2,
        )
    labels.index = pd.Index(table["filename"].str.strip(), name="filename")
    return labels


def attach_labels(frame, labels, corpus, annotation_file):
    """Fill ``activation`` and ``valence`` of ``frame`` from Das et al.'s labels.

    ``labels`` is a CSV path or a folder holding the label files, of which
    ``annotation_file`` is the corpus's (the loader's module holds its name, and
    the corpus table reads it from there). Files without a label keep NaN; both
    counts are reported in a warning rather than dropped.
    """
    if labels is None:
        return frame
    labels = Path(labels)
    if labels.is_dir():
        labels = labels / annotation_file
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
