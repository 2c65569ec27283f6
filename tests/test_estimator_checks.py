"""Every public estimator against scikit-learn's estimator checks."""

import inspect

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

from skser.latent import DAE
from skser.utils import all_estimators

# Every public estimator, discovered: a new one is checked unless a table below
# says otherwise, so no hand-written list can lose one.
ESTIMATORS = dict(all_estimators())

# Cheap settings, passed to every estimator that takes them.
CHEAP = {"max_epochs": 2, "random_state": 0}

# Estimators that need constructor arguments, or are checked in several settings.
INSTANCES = {
    "OutlierFilter": [
        {},
        {"drop_missing": True},  # allows NaN: checks its NaN handling
    ],
    "SeedEnsemble": [
        {"estimator": DAE(max_epochs=2), "n_members": 2, "random_state": 0}
    ],
    # Speakers in the first column: the checks' random floats make every row its
    # own speaker, which exercises the fallback to the pooled statistics.
    "SpeakerScaler": [{"speaker_column": 0}],
    "ShiftRobustSelector": [{"n_drop": 1}],
    "BalancedSelfTraining": [{"estimator": LinearSVC()}],
    "LabelShiftAdapter": [
        {"estimator": LogisticRegression()},
        {"estimator": LogisticRegression(), "method": "bbse"},
    ],
    # Enough epochs for check_classifiers_train's accuracy bar (0.83 on blobs).
    "MultiTaskAAE": [{"max_epochs": 30, "random_state": 0}],
    "TargetColumn": [
        {"estimator": LogisticRegression(), "column": "emotion"},
        {"estimator": Ridge(), "column": "activation"},
    ],
    "ColumnSampler": [
        {"sampler": RandomOverSampler(random_state=0), "column": "emotion"}
    ],
    "LogMelSpectrogram": [{"n_mels": 16}],
    # Low sampling rates shrink the kernels and FFTs to the checks' few features:
    # the same architectures at a fraction of the cost.
    "RawCNNLSTMClassifier": [{"sampling_rate": 1000, **CHEAP}],
    "DenseLSTMHighwayClassifier": [{"sampling_rate": 4000, "n_mels": 16, **CHEAP}],
}

# The readers of audio files: sklearn's checks, which feed numeric arrays, skip
# them (their `two_d_array` tag is False). The API checks that need no data apply.
FILE_READERS = {
    "EGeMAPSExtractor": [{}],
    "OpenSmileExtractor": [{"feature_set": "ComParE_2016", "feature_level": "lld"}],
    "PretrainedEmbedder": [
        {"model": "models/hubert-large-ll60k", "layer": "all"},
    ],
    "WaveformLoader": [{"duration": 0.5}],
}

# Public estimators no check receives, with the reason.
EXCLUDED = {
    "FileTransformer": "the base of the file readers: it has no reader of its own",
    "Pipeline": "imbalanced-learn's Pipeline with skser's label-frame checks: it "
    "needs steps, and the checks of the estimators it chains cover it",
}


def build(name, settings):
    cls = ESTIMATORS[name]
    if settings is None:  # not in a table: the cheap settings it takes
        params = inspect.signature(cls).parameters
        settings = {key: value for key, value in CHEAP.items() if key in params}
    return cls(**settings)


def instances(table, names):
    return [
        build(name, settings)
        for name in sorted(set(names) & set(ESTIMATORS))
        for settings in table.get(name, [None])
    ]


NUMERIC_ESTIMATORS = instances(
    INSTANCES, set(ESTIMATORS) - set(FILE_READERS) - set(EXCLUDED)
)
FILE_READER_INSTANCES = instances(FILE_READERS, FILE_READERS)


def test_every_public_estimator_is_checked_or_excluded_with_a_reason():
    checked = {type(estimator).__name__ for estimator in NUMERIC_ESTIMATORS}
    readers = {type(estimator).__name__ for estimator in FILE_READER_INSTANCES}
    assert checked | readers | set(EXCLUDED) == set(ESTIMATORS)
    assert not checked & set(EXCLUDED) and not readers & set(EXCLUDED)
    # No table names an estimator that no longer exists.
    stale = (set(INSTANCES) | set(FILE_READERS) | set(EXCLUDED)) - set(ESTIMATORS)
    assert not stale, stale
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_discovery_finds_the_estimators_a_hand_written_list_lost():
    # WaveformLoader was missing from the hand-written list this test replaced.
    assert {"WaveformLoader", "LogMelSpectrogram", "MultiTaskAAE"} <= set(ESTIMATORS)
    readers = [type(reader) for reader in FILE_READER_INSTANCES]
    assert ESTIMATORS["WaveformLoader"] in readers


# Expected failures, keyed by estimator class and check name, with the reason.
EXPECTED_FAILED_CHECKS = {}


@parametrize_with_checks(
    NUMERIC_ESTIMATORS,
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est), {}),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


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
@pytest.mark.parametrize(
    "reader", FILE_READER_INSTANCES, ids=lambda r: type(r).__name__
)
def test_file_reader_api(reader, check):
    check(type(reader).__name__, reader)
