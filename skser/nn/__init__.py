"""The torch side of skser (layer 2 of the house): modules and pure loss functions.

- torch modules: :func:`mlp`, :class:`AutoEncoder`, :class:`VariationalAutoEncoder`,
  :class:`ConditionalGAN` and :class:`AdversarialAutoEncoder` (formerly
  ``skser.modules``);
- loss terms as pure functions, safe on degenerate batches:
  :func:`continuous_metric_loss`, :func:`cluster_loss`, :func:`gaussian_kl`,
  :func:`cyclical_kl_weight`, :func:`mixup` (the one mixup, of the GAN and the
  end-to-end classifiers), :func:`masked_cross_entropy` and
  :func:`reverse_gradient` (formerly ``skser.losses``);
- the one skorch training kit of every torch estimator (:mod:`skser.nn._training`
  says what each piece does and why): :func:`net_settings`, :func:`seeded_fit`,
  :func:`inference_module`, :class:`TermsNet`, :class:`AdversarialNet`, ...;
- the audio side of the end-to-end models: :class:`WaveformFiles` (a Dataset of
  audio files) and :class:`LogMel` (log-Mel spectrograms in torch, with
  :func:`log_mel_spectrogram` and :func:`mel_filter_bank`; formerly in
  ``skser.audio``).

Importing it imports torch.
"""

from skser.nn._attacks import fgsm
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
from skser.nn._training import (
    AdversarialNet,
    TermsNet,
    TrainedNetMixin,
    TrainingNet,
    TrainingNetMixin,
    batch_iterator,
    check_finite_terms,
    float64_module,
    fused_adam,
    inference_module,
    net_settings,
    predict_in_chunks,
    seeded_fit,
    validation_settings,
)

__all__ = [
    "AdversarialAutoEncoder",
    "AdversarialNet",
    "AutoEncoder",
    "ConditionalGAN",
    "LogMel",
    "TermsNet",
    "TrainedNetMixin",
    "TrainingNet",
    "TrainingNetMixin",
    "VariationalAutoEncoder",
    "WaveformFiles",
    "batch_iterator",
    "check_finite_terms",
    "cluster_loss",
    "continuous_metric_loss",
    "cyclical_kl_weight",
    "fgsm",
    "float64_module",
    "frame_sizes",
    "fused_adam",
    "gaussian_kl",
    "inference_module",
    "log_mel_spectrogram",
    "masked_cross_entropy",
    "mel_filter_bank",
    "mixup",
    "mlp",
    "net_settings",
    "predict_in_chunks",
    "reverse_gradient",
    "seeded_fit",
    "validation_settings",
]
