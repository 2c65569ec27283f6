"""Every public estimator against scikit-learn's estimator checks."""

import pytest
from imblearn.over_sampling import RandomOverSampler
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import (
    check_do_not_raise_errors_in_init_or_set_params,
    check_estimator_cloneable,
    check_estimator_repr,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
    check_valid_tag_types,
    parametrize_with_checks,
)

from skser import (
    CORAL,
    DAE,
    VAE,
    AdaptiveScaler,
    BalancedSelfTraining,
    ClusterDAE,
    ClusterVAE,
    DenseLSTMHighwayClassifier,
    EGeMAPSExtractor,
    LabelShiftAdapter,
    LogMelSpectrogram,
    MetricClusterDAE,
    MetricDAE,
    MixupGANAugmenter,
    MultiTaskAAE,
    OpenSmileExtractor,
    OutlierFilter,
    PretrainedEmbedder,
    RawCNNLSTMClassifier,
    SeedEnsemble,
    ShiftRobustSelector,
    SpeakerScaler,
    TargetColumn,
)
from skser.compose import ColumnSampler

# Estimators whose input is a numeric feature matrix, with cheap settings.
CHEAP = {"max_epochs": 2, "random_state": 0}
NUMERIC_ESTIMATORS = [
    OutlierFilter(),
    OutlierFilter(drop_missing=True),  # allows NaN: checks its NaN handling
    DAE(**CHEAP),
    MetricDAE(**CHEAP),
    MetricClusterDAE(**CHEAP),
    ClusterDAE(**CHEAP),
    VAE(**CHEAP),
    ClusterVAE(**CHEAP),
    SeedEnsemble(DAE(max_epochs=2), n_members=2, random_state=0),
    # Speakers in the first column: the checks' random floats make every row its
    # own speaker, which exercises the fallback to the pooled statistics.
    SpeakerScaler(speaker_column=0),
    CORAL(),
    AdaptiveScaler(),
    ShiftRobustSelector(n_drop=1),
    BalancedSelfTraining(LinearSVC()),
    LabelShiftAdapter(LogisticRegression()),
    LabelShiftAdapter(LogisticRegression(), method="bbse"),
    MixupGANAugmenter(**CHEAP),
    # Enough epochs for check_classifiers_train's accuracy bar (0.83 on blobs).
    MultiTaskAAE(max_epochs=30, random_state=0),
    TargetColumn(LogisticRegression(), "emotion"),
    TargetColumn(Ridge(), "activation"),
    ColumnSampler(RandomOverSampler(random_state=0), "emotion"),
    LogMelSpectrogram(n_mels=16),
    # Low sampling rates shrink the kernels and FFTs to the checks' few features:
    # the same architectures at a fraction of the cost.
    RawCNNLSTMClassifier(sampling_rate=1000, **CHEAP),
    DenseLSTMHighwayClassifier(sampling_rate=4000, n_mels=16, **CHEAP),
]

# Expected failures, keyed by estimator class and check name, with the reason.
EXPECTED_FAILED_CHECKS = {}


@parametrize_with_checks(
    NUMERIC_ESTIMATORS,
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est), {}),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


# The extractors read audio files: sklearn's checks, which feed numeric arrays,
# skip them (their `two_d_array` tag is False). The API checks that need no data
# apply.
FILE_READERS = [
    EGeMAPSExtractor(),
    OpenSmileExtractor(feature_set="ComParE_2016", feature_level="lld"),
    PretrainedEmbedder("models/hubert-large-ll60k", layer="all"),
]
API_CHECKS = [
    check_estimator_cloneable,
    check_estimator_repr,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_get_params_invariance,
    check_set_params,
    check_do_not_raise_errors_in_init_or_set_params,
    check_valid_tag_types,
]


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda check: check.__name__)
@pytest.mark.parametrize("reader", FILE_READERS, ids=lambda r: type(r).__name__)
def test_file_reader_api(reader, check):
    check(type(reader).__name__, reader)
