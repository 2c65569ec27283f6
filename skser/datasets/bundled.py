"""eGeMAPS feature tables of EmoDB and URDU that ship with skser."""

from importlib import resources

import pandas as pd

from skser.datasets._registry import BUNDLED, CORPORA
from skser.features import egemaps_feature_names

LABEL_COLUMNS = ("emotion", "activation", "valence", "speaker", "gender", "corpus")


def load_bundled(name):
    """Load the bundled eGeMAPS features and labels of EmoDB or URDU.

    The tables hold the 88 eGeMAPSv02 functionals that
    :class:`~skser.EGeMAPSExtractor` computes at 16 kHz from every file of the
    corpus, with the activation/valence annotations of Das et al. (2022). They let
    the examples and ``skser demo`` run with no corpus at hand;
    ``tools/build_bundled_features.py`` rebuilds them from a data folder.

    Sources and terms: cite the corpus and, for activation and valence, Das et al.
    (2022).

    - EmoDB (German, 10 actors, 535 files): Burkhardt et al., Interspeech 2005. This
      copy is a processed one: 22.05 kHz, every file cut or zero-padded to exactly
      2.0 s and peak-normalised, so duration- and level-related features (temporal
      and loudness groups) differ from those of the original 16 kHz recordings.
    - URDU (Urdu talk-show speech, 400 files): Latif et al., FIT 2018. Research
      use only.
    - Activation/valence (1-5 in half steps): Das et al., NLDL 2022.

    Features come from openSMILE, which is free for research use only.

    Parameters
    ----------
    name : {"emodb", "urdu"}
        Which corpus: a name of :data:`BUNDLED`.

    Returns
    -------
    X : DataFrame of shape (n_files, 88)
        The eGeMAPS features, indexed by file name.
    y : DataFrame of shape (n_files, 6)
        emotion, activation, valence, speaker, gender and corpus, same index.

    Examples
    --------
    >>> from skser.datasets import load_bundled
    >>> X, y = load_bundled("urdu")
    >>> X.shape, y["emotion"].value_counts()["sad"]
    ((400, 88), np.int64(100))
    """
    if name not in BUNDLED:
        raise ValueError(
            f"no bundled features for {name!r}; available: {', '.join(BUNDLED)}"
        )
    source = resources.files("skser.datasets") / "data" / CORPORA[name].bundled
    with resources.as_file(source) as path:
        table = pd.read_csv(
            path,
            index_col="file",
            dtype={"speaker": str, "gender": str, "emotion": str, "corpus": str},
        )
    features = egemaps_feature_names()
    return table[features], table[list(LABEL_COLUMNS)]
