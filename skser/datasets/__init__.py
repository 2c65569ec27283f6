"""Corpus loaders and bundled feature tables.

Each ``load_<corpus>(root, ...)`` reads a corpus in the folder layout it is
distributed in and returns one row per utterance with the columns path, corpus,
language, speaker, gender, emotion, activation and valence (NaN where unknown).
"""

from skser.datasets._common import (
    CLASS_SETS,
    EMOTIONS,
    read_das_labels,
    to_class_set,
)
from skser.datasets.aesdd import load_aesdd
from skser.datasets.bundled import load_bundled
from skser.datasets.cafe import load_cafe
from skser.datasets.emodb import load_emodb
from skser.datasets.emovo import load_emovo
from skser.datasets.iemocap import load_iemocap
from skser.datasets.savee import load_savee
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
}

__all__ = [
    "CLASS_SETS",
    "EMOTIONS",
    "LOADERS",
    "load_aesdd",
    "load_bundled",
    "load_cafe",
    "load_emodb",
    "load_emovo",
    "load_iemocap",
    "load_savee",
    "load_urdu",
    "read_das_labels",
    "to_class_set",
]
