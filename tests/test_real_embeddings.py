"""MetricDAE against DAE on the bundled EmoDB features (real data, fixed seeds)."""

import numpy as np
import statsmodels.api as sm
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skser import DAE, MetricDAE, OutlierFilter, make_pipeline
from skser.datasets import load_bundled, to_class_set


def held_out_adjusted_r2(model, X_train, X_test, y_train, y_test):
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), model).fit(X_train, y_train)
    z = pipe.transform(X_test)
    ols = sm.OLS(y_test["activation"].to_numpy(), sm.add_constant(z)).fit()
    return ols.rsquared_adj


def test_metric_loss_makes_the_code_explain_activation():
    X, y = load_bundled("emodb")
    four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
    X, y = X[four], y[four]
    split = train_test_split(X, y, test_size=0.3, stratify=y["emotion"], random_state=0)
    seeds = [0, 1, 2]
    dae = np.mean([held_out_adjusted_r2(DAE(random_state=s), *split) for s in seeds])
    metric = np.mean(
        [
            held_out_adjusted_r2(MetricDAE(target="activation", random_state=s), *split)
            for s in seeds
        ]
    )
    # Measured: DAE 0.54, MetricDAE 0.72 (the paper's code: about 0.65 and 0.75).
    assert metric > dae
    assert metric > 0.6
