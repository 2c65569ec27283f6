"""Every public name skser had before its modules moved still imports.

The table lists each public module of skser as it was (its ``__all__``, or the
public functions and classes it defined), old paths included. A name must import
from the same path today: silently where it still lives, with a FutureWarning
naming its new home and the version of removal where it moved.
"""

import importlib
import warnings

import pytest

from skser.utils import MOVED_MODULES, REMOVAL_VERSION

PUBLIC_NAMES = {
    "skser": [
        "AdaptiveScaler",
        "BalancedSelfTraining",
        "CORAL",
        "ClusterDAE",
        "ClusterVAE",
        "ColumnStratifiedGroupKFold",
        "ColumnStratifiedKFold",
        "DAE",
        "DenseLSTMHighwayClassifier",
        "EGEMAPS_GROUPS",
        "EGeMAPSExtractor",
        "ExtractionError",
        "LabelShiftAdapter",
        "LogMelSpectrogram",
        "MetricClusterDAE",
        "MetricDAE",
        "MixupGANAugmenter",
        "MultiTaskAAE",
        "OpenSmileExtractor",
        "OutlierFilter",
        "Pipeline",
        "PretrainedEmbedder",
        "RawCNNLSTMClassifier",
        "SeedEnsemble",
        "ShiftRobustSelector",
        "SpeakerScaler",
        "TargetColumn",
        "VAE",
        "WaveformLoader",
        "__version__",
        "column_scorer",
        "evaluate_augmentation",
        "evaluate_label_fractions",
        "load",
        "make_pipeline",
        "save",
    ],
    "skser.adaptation": [
        "AdaptiveScaler",
        "BalancedSelfTraining",
        "LabelShiftAdapter",
        "ShiftRobustSelector",
        "adapt_classifier",
        "adjust_posteriors",
        "balanced_pseudo_labels",
        "bbse_class_priors",
        "distribution_shift",
        "em_class_priors",
    ],
    "skser.alignment": [
        "CORAL",
        "SpeakerScaler",
        "coral_matrix",
        "matrix_power",
        "speaker_ids",
        "speaker_zscores",
    ],
    "skser.attribution": [
        "compare_classes",
        "feature_attributions",
        "group_attributions",
    ],
    "skser.audio": [
        "LogMel",
        "LogMelSpectrogram",
        "WaveformFiles",
        "WaveformLoader",
        "is_path_input",
        "log_mel_spectrogram",
        "mel_filter_bank",
        "read_waveform",
    ],
    "skser.augmentation": ["MixupGANAugmenter", "evaluate_augmentation"],
    "skser.autoencoders": [
        "ClusterDAE",
        "ClusterVAE",
        "DAE",
        "MetricClusterDAE",
        "MetricDAE",
        "VAE",
        "_LatentModel",
    ],
    "skser.classifiers": [
        "DenseLSTMHighway",
        "DenseLSTMHighwayClassifier",
        "Highway",
        "RawCNNLSTM",
        "RawCNNLSTMClassifier",
        "highway",
        "mixup",
    ],
    "skser.cli": ["main", "run_demo", "run_evaluate", "run_extract", "run_protocol"],
    "skser.compose": [
        "ColumnSampler",
        "ColumnStratifiedGroupKFold",
        "ColumnStratifiedKFold",
        "Pipeline",
        "TargetColumn",
        "column_scorer",
        "make_pipeline",
    ],
    "skser.datasets": [
        "BUNDLED",
        "CLASS_SETS",
        "CORPORA",
        "Corpus",
        "EMOTIONS",
        "EMOTION_ALIASES",
        "LOADERS",
        "display_name",
        "find_duplicates",
        "load_aesdd",
        "load_bundled",
        "load_cafe",
        "load_corpus",
        "load_crema_d",
        "load_emodb",
        "load_emovo",
        "load_folder",
        "load_iemocap",
        "load_manifest",
        "load_msp_improv",
        "load_ravdess",
        "load_savee",
        "load_shemo",
        "load_tess",
        "load_urdu",
        "read_das_labels",
        "to_class_set",
    ],
    "skser.datasets.aesdd": ["load_aesdd"],
    "skser.datasets.bundled": ["load_bundled"],
    "skser.datasets.cafe": ["load_cafe"],
    "skser.datasets.crema_d": ["load_crema_d"],
    "skser.datasets.emodb": ["load_emodb"],
    "skser.datasets.emovo": ["load_emovo"],
    "skser.datasets.iemocap": ["load_iemocap"],
    "skser.datasets.msp_improv": ["load_msp_improv"],
    "skser.datasets.ravdess": ["load_ravdess"],
    "skser.datasets.savee": ["load_savee"],
    "skser.datasets.shemo": ["load_shemo"],
    "skser.datasets.tess": ["load_tess"],
    "skser.datasets.urdu": ["load_urdu"],
    "skser.evaluation": [
        "ATTRIBUTED_MODELS",
        "AUGMENTATION_MODELS",
        "CORPUS_NAMES",
        "FIGURE_MODEL",
        "LABEL_FRACTION_MODELS",
        "MODEL_NAMES",
        "PREDICTION_COLUMNS",
        "REFERENCE_MODELS",
        "RESULT_COLUMNS",
        "TRAIN_CLASSES",
        "adapt",
        "corpus_features",
        "corpus_name",
        "cross_corpus_validate",
        "experiment_models",
        "latent_codes",
        "metric_name",
        "paper_models",
        "render_table",
        "robustness_table",
        "run_augmentation",
        "run_demo",
        "run_evaluate",
        "run_extract",
        "run_label_fractions",
        "run_protocol",
        "run_robustness",
        "summarize",
        "table_caption",
        "trained_models",
        "write_report",
    ],
    "skser.features": [
        "EGEMAPS_GROUPS",
        "EGeMAPSExtractor",
        "ExtractionError",
        "OpenSmileExtractor",
        "PretrainedEmbedder",
        "egemaps_feature_names",
        "extract_in_chunks",
        "superb_pipeline",
    ],
    "skser.io": [
        "AudioWarning",
        "Checked",
        "ExtractionError",
        "FULL_SCALE",
        "FileTransformer",
        "GROSS_PEAK",
        "ON_ERROR",
        "SILENCE_RMS",
        "UnusableFileError",
        "check_signal",
        "content_hash",
        "extract_in_chunks",
        "file_paths",
        "read_audio",
        "read_checked",
        "read_files",
        "report_failures",
        "report_notes",
    ],
    "skser.latent": [
        "ClusterDAE",
        "ClusterVAE",
        "DAE",
        "MetricClusterDAE",
        "MetricDAE",
        "MultiTaskAAE",
        "SeedEnsemble",
        "VAE",
        "evaluate_label_fractions",
        "member_seeds",
    ],
    "skser.losses": [
        "cluster_loss",
        "continuous_metric_loss",
        "cyclical_kl_weight",
        "gaussian_kl",
        "masked_cross_entropy",
        "mixup",
        "reverse_gradient",
    ],
    "skser.metrics": [
        "adjusted_r2",
        "bhattacharyya_distance",
        "concordance_correlation",
        "gaussian_bhattacharyya",
        "pairwise_adjusted_r2",
        "readout_concordance",
        "spearman",
    ],
    "skser.modules": [
        "AdversarialAutoEncoder",
        "AutoEncoder",
        "ConditionalGAN",
        "VariationalAutoEncoder",
        "mlp",
    ],
    "skser.persistence": [
        "CLASSIFIERS",
        "FEATURE_SET",
        "VersionMismatchWarning",
        "load",
        "predict_files",
        "save",
        "train_and_save",
        "train_model",
    ],
    "skser.plotting": [
        "PALETTE",
        "STYLE",
        "history_terms",
        "metric_label",
        "plot_confusion_matrices",
        "plot_corpus_overview",
        "plot_group_attributions",
        "plot_label_fractions",
        "plot_latent",
        "plot_latent_density",
        "plot_results",
        "plot_training_history",
    ],
    "skser.preprocessing": [
        "OutlierFilter",
        "adapt",
        "match_columns",
        "max_abs_zscore",
        "zscore_inliers",
    ],
    "skser.robustness": [
        "add_noise",
        "babble_noise",
        "evaluate_robustness",
        "fgsm",
        "plot_robustness",
        "robustness_experiment",
        "white_noise",
    ],
    "skser.utils": [
        "TRAINING_CONSTRAINTS",
        "check_one_kind",
        "draw_seed",
        "forked_random_state",
        "label_column",
        "resolve_device",
    ],
}

# Names that left a module which stays.
MOVED_NAMES = {
    ("skser.compose", "ColumnStratifiedGroupKFold"): "skser.model_selection",
    ("skser.compose", "ColumnStratifiedKFold"): "skser.model_selection",
    ("skser.compose", "column_scorer"): "skser.model_selection",
    ("skser.robustness", "add_noise"): "skser.augmentation",
    ("skser.robustness", "babble_noise"): "skser.augmentation",
    ("skser.robustness", "white_noise"): "skser.augmentation",
    ("skser.robustness", "fgsm"): "skser.nn",
    ("skser.robustness", "plot_robustness"): "skser.plotting",
    ("skser.augmentation", "evaluate_augmentation"): "skser.evaluation",
    ("skser.latent", "evaluate_label_fractions"): "skser.evaluation",
    ("skser.evaluation", "ATTRIBUTED_MODELS"): "skser.experiments",
    ("skser.evaluation", "FIGURE_MODEL"): "skser.experiments",
    ("skser.evaluation", "corpus_features"): "skser.experiments",
    ("skser.evaluation", "experiment_models"): "skser.experiments",
    ("skser.evaluation", "run_augmentation"): "skser.experiments",
    ("skser.evaluation", "run_demo"): "skser.experiments",
    ("skser.evaluation", "run_evaluate"): "skser.experiments",
    ("skser.evaluation", "run_extract"): "skser.experiments",
    ("skser.evaluation", "run_label_fractions"): "skser.experiments",
    ("skser.evaluation", "run_protocol"): "skser.experiments",
    ("skser.evaluation", "run_robustness"): "skser.experiments",
    ("skser.evaluation", "trained_models"): "skser.experiments",
    ("skser.evaluation", "write_report"): "skser.experiments",
    ("skser.persistence", "CLASSIFIERS"): "skser.experiments",
    ("skser.persistence", "FEATURE_SET"): "skser.experiments",
    ("skser.persistence", "predict_files"): "skser.experiments",
    ("skser.persistence", "train_and_save"): "skser.experiments",
    ("skser.persistence", "train_model"): "skser.experiments",
}


def read(module, name):
    """Return the name's value and the FutureWarnings that reading it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = getattr(importlib.import_module(module), name)
    return value, [w for w in caught if issubclass(w.category, FutureWarning)]


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in PUBLIC_NAMES.items() for name in names],
)
def test_public_name_still_imports(module, name):
    value, future = read(module, name)
    assert value is not None
    moved_to = MOVED_NAMES.get((module, name), MOVED_MODULES.get(module))
    if moved_to is None:
        assert not future, [str(w.message) for w in future]
        return
    assert len(future) == 1
    message = str(future[0].message)
    assert f"in {REMOVAL_VERSION}:" in message and module in message
    # The warning names where to import it from, and that path serves it.
    where = message.rsplit(" from ", 1)[1].removesuffix(" instead")
    assert where not in MOVED_MODULES
    if module != "skser.audio":  # split three ways: features, io and nn
        assert where.startswith(moved_to)
    new_value, new_future = read(where, name)
    assert new_value is value and not new_future


def test_old_paths_are_the_moved_modules():
    old = {module for module in PUBLIC_NAMES if module in MOVED_MODULES}
    assert old == {
        "skser.adaptation",
        "skser.alignment",
        "skser.attribution",
        "skser.audio",
        "skser.autoencoders",
        "skser.classifiers",
        "skser.losses",
        "skser.modules",
        "skser.robustness",
    }
