"""Reference values for src/metrics/kernelRidge.ts and the block R² matrix (src/classes/block.ts).

Run: /usr/bin/python3 bench/reference/kernel_ridge.py > tests/fixtures/kernel-ridge.json
(Debian python3-sklearn, python3-numpy). Data are drawn here with a fixed NumPy seed and stored in the fixture,
so the TypeScript test needs no RNG agreement.

Cases:
  fit:    KernelRidge(kernel='rbf', gamma, alpha).fit(x, y).predict(xtest)   (raw solver, given gamma/alpha)
  median: gamma = 1 / median of pairwise squared distances of the first min(n, 1000) rows
  r2:     two-fold (even/odd rows) cross-fitted R², inputs standardised / targets centred by the training fold,
          LinearRegression first, KernelRidge on its residuals,
          gamma by the median rule on the standardised training inputs, alpha = 1e-3 * n_train, pooled over targets
  block:  the block R² matrix R[i][j] = R²(zhat_Bj <- z_Bi) with that regressor
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import LinearRegression

rng = np.random.default_rng(20201)


def median_gamma(x):
    m = min(len(x), 1000)
    iu = np.triu_indices(m, 1)
    # exact squared distances, pairs s < t
    diff = x[:m][:, None, :] - x[:m][None, :, :]
    d2 = (diff ** 2).sum(-1)[iu]
    return 1.0 / np.median(d2)


def cross_fit_r2(x, y, lam=1e-3):
    n = len(x)
    pred = np.zeros_like(y)
    for fold in range(2):
        tr = np.arange(n) % 2 == fold
        te = ~tr
        mu, sd = x[tr].mean(0), x[tr].std(0)
        sd[sd == 0] = 1
        ym = y[tr].mean(0)
        xs = (x[tr] - mu) / sd
        g = median_gamma(xs)
        lin = LinearRegression().fit(xs, y[tr] - ym)
        resid = y[tr] - ym - lin.predict(xs)
        kr = KernelRidge(kernel='rbf', gamma=g, alpha=lam * tr.sum()).fit(xs, resid)
        xt = (x[te] - mu) / sd
        pred[te] = lin.predict(xt) + kr.predict(xt) + ym
    res = ((y - pred) ** 2).sum()
    tot = ((y - y.mean(0)) ** 2).sum()
    return 1 - res / tot


cases = {"sklearn": sklearn.__version__, "numpy": np.__version__, "fit": [], "median": [], "r2": [], "block": []}

for n, p, q, gamma, alpha in [(40, 1, 1, 0.7, 0.1), (60, 2, 2, 0.3, 1e-2), (80, 3, 1, 1.5, 1.0), (50, 2, 3, 0.05, 1e-4)]:
    x = rng.normal(size=(n, p))
    y = np.sin(2 * x[:, :1]) + 0.3 * x.sum(1, keepdims=True) ** 2 + 0.1 * rng.normal(size=(n, q))
    xt = rng.normal(size=(15, p))
    pred = KernelRidge(kernel='rbf', gamma=gamma, alpha=alpha).fit(x, y).predict(xt)
    cases["fit"].append({"x": x.tolist(), "y": y.tolist(), "xtest": xt.tolist(), "gamma": gamma, "alpha": alpha, "predict": np.asarray(pred).reshape(15, q).tolist()})

for n, p in [(30, 1), (41, 3), (1200, 2)]:
    x = rng.normal(size=(n, p)) * np.arange(1, p + 1)
    cases["median"].append({"x": x.tolist(), "gamma": median_gamma(x)})

for n, p, q, kind in [(120, 1, 1, "sin"), (150, 2, 2, "mix"), (100, 2, 1, "noise")]:
    x = rng.normal(size=(n, p))
    if kind == "sin":
        y = np.sin(2 * x) + 0.05 * rng.normal(size=(n, q))
    elif kind == "mix":
        y = np.stack([np.tanh(x[:, 0] + x[:, 1]), x[:, 0] * x[:, 1]], 1) + 0.1 * rng.normal(size=(n, q))
    else:
        y = rng.normal(size=(n, q))
    cases["r2"].append({"x": x.tolist(), "y": y.tolist(), "r2": cross_fit_r2(x, y)})

# Block R² matrix: blocks [2, 1, 2]; zhat block 0 = f(z block 2), zhat block 1 = g(z block 1), zhat block 2 = h(z block 0) + leak.
n = 160
z = rng.normal(size=(n, 5))
zh = np.zeros_like(z)
zh[:, 0:2] = np.stack([z[:, 3] + 0.6 * np.tanh(1.5 * z[:, 4]), z[:, 4] - 0.5 * z[:, 3]], 1)
zh[:, 2:3] = np.tanh(z[:, 2:3]) * 2
zh[:, 3:5] = np.stack([z[:, 0] ** 3 / 3 + z[:, 0], z[:, 1] + 0.4 * z[:, 2]], 1)
blocks = [2, 1, 2]
starts = [0, 2, 3]
R = [[cross_fit_r2(z[:, starts[i]:starts[i] + blocks[i]], zh[:, starts[j]:starts[j] + blocks[j]]) for j in range(3)] for i in range(3)]
cases["block"].append({"z": z.tolist(), "zhat": zh.tolist(), "blocks": blocks, "r2": R})

json.dump(cases, sys.stdout)
