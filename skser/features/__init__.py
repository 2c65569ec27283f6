"""Audio files in, arrays out: openSMILE sets, pretrained embeddings, waveform steps.

openSMILE is free for research use only (audEERING's licence); check its terms before
any commercial use of features extracted with it.
"""

from skser.features._opensmile import (
    EGEMAPS_GROUPS,
    EGeMAPSExtractor,
    OpenSmileExtractor,
    egemaps_feature_names,
)
from skser.features._pretrained import PretrainedEmbedder, superb_pipeline
from skser.features._waveform import LogMelSpectrogram, WaveformLoader
from skser.io import ExtractionError, extract_in_chunks

__all__ = [
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "LogMelSpectrogram",
    "OpenSmileExtractor",
    "PretrainedEmbedder",
    "WaveformLoader",
    "egemaps_feature_names",
    "extract_in_chunks",
    "superb_pipeline",
]
