"""Corpus loaders by name, and one entry point for the command line."""

from pathlib import Path

from skser.datasets._common import DAS_LABEL_CORPORA
from skser.datasets._manifest import load_manifest
from skser.datasets.aesdd import load_aesdd
from skser.datasets.cafe import load_cafe
from skser.datasets.crema_d import load_crema_d
from skser.datasets.emodb import load_emodb
from skser.datasets.emovo import load_emovo
from skser.datasets.iemocap import load_iemocap
from skser.datasets.msp_improv import load_msp_improv
from skser.datasets.ravdess import load_ravdess
from skser.datasets.savee import load_savee
from skser.datasets.shemo import load_shemo
from skser.datasets.tess import load_tess
from skser.datasets.urdu import load_urdu

#: Loaders by corpus name, as the command line names them.
LOADERS = {
    "emodb": load_emodb,
    "urdu": load_urdu,
    "cafe": load_cafe,
    "aesdd": load_aesdd,
    "savee": load_savee,
    "emovo": load_emovo,
    "iemocap": load_iemocap,
    "msp-improv": load_msp_improv,
    "ravdess": load_ravdess,
    "crema-d": load_crema_d,
    "tess": load_tess,
    "shemo": load_shemo,
}


def load_corpus(name, path, labels=None):
    r"""Load a corpus given as ``NAME=PATH``: a registered corpus, or a manifest.

    A ``PATH`` ending in ``.csv`` is a manifest (:func:`load_manifest`), whatever
    the name, which becomes its ``corpus`` column; otherwise ``NAME`` must be a
    key of :data:`LOADERS` and ``PATH`` its folder.

    Parameters
    ----------
    name : str
        The corpus name: a key of :data:`LOADERS`, or any name for a manifest.
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
    if name not in LOADERS:
        raise ValueError(
            f"unknown corpus {name!r}: use one of {', '.join(LOADERS)} with its "
            "folder, or any name with a manifest .csv file"
        )
    loader = LOADERS[name]
    if labels is None:
        return loader(path)
    if name not in DAS_LABEL_CORPORA:
        raise ValueError(
            f"Das et al. (2022) annotated {', '.join(DAS_LABEL_CORPORA)} only, not "
            f"{name}; leave the labels out for it"
        )
    return loader(path, labels=labels)
