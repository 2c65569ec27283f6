"""The torch side of skser (layer 2 of the house): modules and pure loss functions.

- torch modules: :func:`mlp`, :class:`AutoEncoder`, :class:`VariationalAutoEncoder`,
  :class:`ConditionalGAN` and :class:`AdversarialAutoEncoder` (formerly
  ``skser.modules``);
- loss terms as pure functions, safe on degenerate batches:
  :func:`continuous_metric_loss`, :func:`cluster_loss`, :func:`gaussian_kl`,
  :func:`cyclical_kl_weight`, :func:`mixup`, :func:`masked_cross_entropy` and
  :func:`reverse_gradient` (formerly ``skser.losses``);
- the audio side of the end-to-end models: :class:`WaveformFiles` (a Dataset of
  audio files) and :class:`LogMel` (log-Mel spectrograms in torch, with
  :func:`log_mel_spectrogram` and :func:`mel_filter_bank`; formerly in
  ``skser.audio``).

Importing it imports torch.
"""

from skser.nn._audio import (
    LogMel,
    WaveformFiles,
    frame_sizes,
    log_mel_spectrogram,
    mel_filter_bank,
)
from skser.nn._losses import (
    cluster_loss,
    continuous_metric_loss,
    cyclical_kl_weight,
    gaussian_kl,
    masked_cross_entropy,
    mixup,
    reverse_gradient,
)
from skser.nn._modules import (
    AdversarialAutoEncoder,
    AutoEncoder,
    ConditionalGAN,
    VariationalAutoEncoder,
    mlp,
)

__all__ = [
    "AdversarialAutoEncoder",
    "AutoEncoder",
    "ConditionalGAN",
    "LogMel",
    "VariationalAutoEncoder",
    "WaveformFiles",
    "cluster_loss",
    "continuous_metric_loss",
    "cyclical_kl_weight",
    "frame_sizes",
    "gaussian_kl",
    "log_mel_spectrogram",
    "masked_cross_entropy",
    "mel_filter_bank",
    "mixup",
    "mlp",
    "reverse_gradient",
]
