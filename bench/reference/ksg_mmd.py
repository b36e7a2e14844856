"""Reference KSG MI, Frenzel-Pompe CMI (scipy.spatial.cKDTree, max norm) and RBF MMD (NumPy) for
`npm run bench -- estimators`. Reads a JSON file {x, y, z, k, bandwidth} (row lists), prints one JSON line
with the estimates and wall times. Same formulas as src/metrics/knnMI.ts and src/metrics/mmd.ts:
  KSG (Kraskov et al. 2004, alg. 1): psi(k) + psi(N) - <psi(n_x + 1) + psi(n_y + 1)>
  FP  (Frenzel & Pompe 2007):        psi(k) - <psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1)>
counts strictly inside the k-th neighbour distance (radius nextafter(eps, 0)), self excluded.
MMD: unbiased U-statistic of exp(-|u - v|^2 / (2 h^2)), in row chunks (n = 10 000 needs 800 MB unchunked).
Single thread is not enforced for NumPy's BLAS; set OPENBLAS_NUM_THREADS=1 for a one-core comparison.
"""
import json
import sys
import time

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma


def counts(points, eps):
    tree = cKDTree(points)
    return tree.query_ball_point(points, np.nextafter(eps, 0), p=np.inf, return_length=True) - 1


def ksg_mi(x, y, k):
    xy = np.hstack([x, y])
    eps = cKDTree(xy).query(xy, k=k + 1, p=np.inf)[0][:, k]
    nx, ny = counts(x, eps), counts(y, eps)
    return digamma(k) + digamma(len(x)) - np.mean(digamma(nx + 1) + digamma(ny + 1))


def fp_cmi(x, y, z, k):
    xyz = np.hstack([x, y, z])
    eps = cKDTree(xyz).query(xyz, k=k + 1, p=np.inf)[0][:, k]
    nxz, nyz, nz = counts(np.hstack([x, z]), eps), counts(np.hstack([y, z]), eps), counts(z, eps)
    return digamma(k) - np.mean(digamma(nxz + 1) + digamma(nyz + 1) - digamma(nz + 1))


def kernel_sum(a, b, gamma, skip_diag, chunk=1000):
    total = 0.0
    bb = np.sum(b * b, axis=1)
    for s in range(0, len(a), chunk):
        blk = a[s:s + chunk]
        d2 = np.sum(blk * blk, axis=1)[:, None] + bb[None, :] - 2 * blk @ b.T
        kmat = np.exp(-gamma * np.maximum(d2, 0))
        if skip_diag:
            idx = np.arange(len(blk))
            kmat[idx, s + idx] = 0.0
        total += kmat.sum()
    return total


def mmd(u, v, h):
    g = 1.0 / (2 * h * h)
    n, m = len(u), len(v)
    return kernel_sum(u, u, g, True) / (n * (n - 1)) + kernel_sum(v, v, g, True) / (m * (m - 1)) - 2 * kernel_sum(u, v, g, False) / (n * m)


def main():
    with open(sys.argv[1]) as f:
        d = json.load(f)
    x, y, z = (np.asarray(d[key], dtype=float) for key in ("x", "y", "z"))
    k = d["k"]
    out = {"numpy": np.__version__}
    t = time.perf_counter(); out["mi"] = float(ksg_mi(x, y, k)); out["miMs"] = 1e3 * (time.perf_counter() - t)
    t = time.perf_counter(); out["cmi"] = float(fp_cmi(x, y, z, k)); out["cmiMs"] = 1e3 * (time.perf_counter() - t)
    u, v = np.asarray(d["u"], dtype=float), np.asarray(d["v"], dtype=float)
    t = time.perf_counter(); out["mmd"] = float(mmd(u, v, d["bandwidth"])); out["mmdMs"] = 1e3 * (time.perf_counter() - t)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
