"""The outlier rule at its boundary, pinned by a case computed by hand."""

import numpy as np

from skser.preprocessing import OutlierFilter, zscore_inliers


def test_a_row_exactly_at_the_threshold_is_kept():
    # Column (0, 0, 0, 0, 5): mean 1, population std 2, so the last row's z is
    # (5 - 1) / 2 = 2 exactly (every step exact in floating point); the second
    # column keeps the other rows at |z| = 3 / sqrt(7.2) < 2.
    X = np.array([[0.0, -3.0], [0.0, 3.0], [0.0, -3.0], [0.0, 3.0], [5.0, 0.0]])
    np.testing.assert_array_equal(zscore_inliers(X, threshold=2.0), [1, 1, 1, 1, 1])
    np.testing.assert_array_equal(zscore_inliers(X, threshold=1.999), [1, 1, 1, 1, 0])
    y = np.array(["a", "b", "c", "d", "e"])
    X_kept, y_kept = OutlierFilter(threshold=2.0).fit_resample(X, y)
    assert len(X_kept) == 5 and list(y_kept) == list(y)
    kept = OutlierFilter(threshold=1.999).fit(X, y).sample_indices_
    np.testing.assert_array_equal(kept, [0, 1, 2, 3])
