"""The corpus table: every fact about a registered corpus, in one place.

The command line's corpus choices, the loaders by name, the Das et al. label
files, the bundled tables, the class sets a corpus can be scored on and the names
tables and figures print are all read from :data:`CORPORA`.
"""

from dataclasses import dataclass
from pathlib import Path

from skser.datasets import (
    aesdd,
    cafe,
    crema_d,
    emodb,
    emovo,
    iemocap,
    msp_improv,
    ravdess,
    savee,
    shemo,
    tess,
    urdu,
)
from skser.datasets._common import CLASS_SETS, EMOTIONS
from skser.datasets._manifest import load_manifest


@dataclass(frozen=True)
class Corpus:
    """What skser knows about one registered corpus (a row of :data:`CORPORA`).

    Parameters
    ----------
    name : str
        The name the command line, the loaders and the ``corpus`` column use.
    display_name : str
        The name as the papers print it, in tables and figures (``"EmoDB"``).
    loader : callable
        ``loader(root, ...)`` reads the corpus folder into a frame.
    emotions : tuple of str
        The emotions the corpus's labels can take, in the order of
        :data:`EMOTIONS`.
    annotation_file : str or None
        The activation/valence file of Das et al. (2022) for the corpus, as found
        in a folder of their label files (``labels=``); None: not annotated.
    bundled : str or None
        The file of the eGeMAPS table shipped with skser
        (:func:`load_bundled`); None: none ships.
    """

    name: str
    display_name: str
    loader: object
    emotions: tuple
    annotation_file: str = None
    bundled: str = None

    @property
    def class_sets(self):
        """The papers' class sets (:data:`CLASS_SETS`) whose classes all occur."""
        return tuple(
            set_name
            for set_name, classes in CLASS_SETS.items()
            if set(classes) <= set(self.emotions)
        )


def _emotions(codes):
    """Return the emotions of a loader's code table, in the vocabulary's order."""
    return tuple(emotion for emotion in EMOTIONS if emotion in set(codes.values()))


#: Every registered corpus by name: loader, printed name, emotions, label file,
#: bundled table.
CORPORA = {
    corpus.name: corpus
    for corpus in (
        Corpus("emodb", "EmoDB", emodb.load_emodb, _emotions(emodb._EMOTIONS),
               emodb._ANNOTATION_FILE, "emodb_egemaps.csv.gz"),
        Corpus("urdu", "URDU", urdu.load_urdu, _emotions(urdu._EMOTIONS),
               urdu._ANNOTATION_FILE, "urdu_egemaps.csv.gz"),
        Corpus("cafe", "CaFE", cafe.load_cafe, _emotions(cafe._EMOTIONS),
               cafe._ANNOTATION_FILE),
        Corpus("aesdd", "AESDD", aesdd.load_aesdd, _emotions(aesdd._EMOTIONS),
               aesdd._ANNOTATION_FILE),
        Corpus("savee", "SAVEE", savee.load_savee, _emotions(savee._EMOTIONS)),
        Corpus("emovo", "EMOVO", emovo.load_emovo, _emotions(emovo._EMOTIONS)),
        Corpus("iemocap", "IEMOCAP", iemocap.load_iemocap,
               _emotions(iemocap._EMOTIONS)),
        Corpus("msp-improv", "MSP-IMPROV", msp_improv.load_msp_improv,
               _emotions(msp_improv._EMOTIONS)),
        Corpus("ravdess", "RAVDESS", ravdess.load_ravdess,
               _emotions(ravdess._EMOTIONS)),
        Corpus("crema-d", "CREMA-D", crema_d.load_crema_d,
               _emotions(crema_d._EMOTIONS)),
        Corpus("tess", "TESS", tess.load_tess, _emotions(tess._EMOTIONS)),
        Corpus("shemo", "ShEMO", shemo.load_shemo, _emotions(shemo._EMOTIONS)),
    )
}  # fmt: skip

#: Loaders by corpus name, as the command line names them (read from
#: :data:`CORPORA`).
LOADERS = {name: corpus.loader for name, corpus in CORPORA.items()}

#: The corpora whose eGeMAPS tables ship with skser (:func:`load_bundled`).
BUNDLED = tuple(name for name, corpus in CORPORA.items() if corpus.bundled)

#: The corpora Das et al. (2022) annotated with activation and valence.
DAS_LABEL_CORPORA = tuple(
    name for name, corpus in CORPORA.items() if corpus.annotation_file
)


def display_name(corpus):
    """Return a corpus's name as tables and figures print it.

    Parameters
    ----------
    corpus : str
        A corpus name (a key of :data:`CORPORA`) or any other name.

    Returns
    -------
    name : str
        The registered display name (``"emodb"`` -> ``"EmoDB"``); any other name
        unchanged.

    Examples
    --------
    >>> from skser.datasets import display_name
    >>> display_name("emodb"), display_name("crema-d"), display_name("mine")
    ('EmoDB', 'CREMA-D', 'mine')
    """
    found = CORPORA.get(str(corpus))
    return str(corpus) if found is None else found.display_name


def load_corpus(name, path, labels=None):
    r"""Load a corpus given as ``NAME=PATH``: a registered corpus, or a manifest.

    A ``PATH`` ending in ``.csv`` is a manifest (:func:`load_manifest`), whatever
    the name, which becomes its ``corpus`` column; otherwise ``NAME`` must be a
    key of :data:`CORPORA` and ``PATH`` its folder.

    Parameters
    ----------
    name : str
        The corpus name: a key of :data:`CORPORA`, or any name for a manifest.
    path : str or os.PathLike
        The corpus folder, or a manifest CSV file.
    labels : str or os.PathLike, default=None
        Activation/valence annotations of Das et al. (2022), a CSV file or a
        folder of them, for the corpora they annotated (emodb, urdu, cafe,
        aesdd). A manifest carries its own labels.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence, and the loader's own columns.

    Raises
    ------
    ValueError
        For an unknown corpus name, or labels given for a manifest or for a
        corpus Das et al. did not annotate.

    See Also
    --------
    load_manifest : A corpus described by a table of paths and labels.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np, soundfile as sf
    >>> from skser.datasets import load_corpus
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> sf.write(root / "03a01Wa.wav", np.zeros(160), 16000)
    >>> load_corpus("emodb", root)["emotion"].tolist()
    ['angry']
    >>> _ = (root / "mine.csv").write_text("path,emotion\n03a01Wa.wav,anger\n")
    >>> load_corpus("mine", root / "mine.csv")[["corpus", "emotion"]].values.tolist()
    [['mine', 'angry']]
    """
    if Path(path).suffix.lower() == ".csv":
        if labels is not None:
            raise ValueError(
                f"{path} is a manifest: it carries its own activation/valence "
                "columns; leave the Das et al. labels out for it"
            )
        return load_manifest(path, corpus=name)
    if name not in CORPORA:
        raise ValueError(
            f"unknown corpus {name!r}: use one of {', '.join(CORPORA)} with its "
            "folder, or any name with a manifest .csv file"
        )
    loader = CORPORA[name].loader
    if labels is None:
        return loader(path)
    if name not in DAS_LABEL_CORPORA:
        raise ValueError(
            f"Das et al. (2022) annotated {', '.join(DAS_LABEL_CORPORA)} only, not "
            f"{name}; leave the labels out for it"
        )
    return loader(path, labels=labels)
