#!/usr/bin/env python3
"""Reference protocol of Zimmermann et al. (2021), main_mlp.py, in PyTorch on CPU, on latentcheck's data.

Used by bench/contrastive-sphere.ts (BENCH_PYTORCH=1) to measure, on this machine, the wall time a PyTorch
CPU implementation needs to reach linear R^2 >= 0.98 in the sphere + vMF InfoNCE setting.

Protocol (as the tfjs reference run of the benchmark): encoder n -> [10n, 50n, 50n, 50n, 50n, 10n] -> n,
leaky ReLU 0.01, output normalised to the unit sphere; InfoNCE with critic -||f(x_i) - f(x~_j)||^2 / tau and
in-batch negatives (row i: 1 positive + B - 1 negatives); Adam 1e-4; batch B = 1024 pairs drawn with
replacement from the training pairs. Every `--check-every` steps the linear R^2 (OLS with intercept, z from
f(x), averaged over the true coordinates) on the test set is computed; its time counts, as in the tfjs
benchmark. The data (float32, row-major) come from the directory written by the benchmark:
meta.json {n, pairs, test, tau}, x.f32, xpos.f32, xtest.f32, ztest.f32.

Output: one JSON line {"n", "seed", "threads", "hit_seconds", "hit_step", "steps", "seconds",
"ms_per_step", "final_r2", "torch", "matmul_gflops"} on stdout.
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from blas_check import matmul_gflops


def load(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    n = meta["n"]

    def mat(name, rows):
        a = np.fromfile(os.path.join(directory, name), dtype=np.float32)
        if a.size != rows * n:
            raise ValueError(f"{name}: expected {rows} x {n} float32 values, got {a.size}")
        return torch.from_numpy(a.reshape(rows, n))

    return meta, mat("x.f32", meta["pairs"]), mat("xpos.f32", meta["pairs"]), mat("xtest.f32", meta["test"]), mat("ztest.f32", meta["test"])


def encoder(n):
    widths = [n, 10 * n, 50 * n, 50 * n, 50 * n, 50 * n, 10 * n, n]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.LeakyReLU(0.01))
    return torch.nn.Sequential(*layers)


def forward(net, x):
    u = net(x)
    return u / u.norm(dim=1, keepdim=True)


def linear_r2(z, zhat):
    """Mean over true coordinates of the OLS R^2 of z_k from [zhat, 1]."""
    a = np.concatenate([zhat, np.ones((zhat.shape[0], 1))], axis=1).astype(np.float64)
    zz = z.astype(np.float64)
    coef, *_ = np.linalg.lstsq(a, zz, rcond=None)
    resid = zz - a @ coef
    sst = ((zz - zz.mean(axis=0)) ** 2).sum(axis=0)
    return float(np.mean(1 - (resid ** 2).sum(axis=0) / sst))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: PyTorch's default)")
    p.add_argument("--max-steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--check-every", type=int, default=50)
    p.add_argument("--target", type=float, default=0.98)
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    meta, x, xpos, xtest, ztest = load(args.data)
    n, tau = meta["n"], meta["tau"]
    net = encoder(n)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    ztest_np = ztest.numpy()
    hit_seconds = hit_step = None
    steps = 0
    r2 = float("nan")
    t0 = time.perf_counter()
    while steps < args.max_steps:
        idx = torch.randint(0, x.shape[0], (args.batch,), generator=gen)
        h = forward(net, torch.cat([x[idx], xpos[idx]], 0))
        ha, hp = h[: args.batch], h[args.batch :]
        psi = (2 * ha @ hp.T - 2) / tau  # -||a - b||^2 / tau for unit vectors, as one matmul
        loss = (torch.logsumexp(psi, dim=1) - psi.diagonal()).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        steps += 1
        if steps % args.check_every == 0 or steps == args.max_steps:
            with torch.no_grad():
                r2 = linear_r2(ztest_np, forward(net, xtest).numpy())
            if r2 >= args.target:
                hit_seconds, hit_step = time.perf_counter() - t0, steps
                break
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "n": n, "seed": args.seed, "threads": torch.get_num_threads(), "hit_seconds": hit_seconds, "hit_step": hit_step,
        "steps": steps, "seconds": seconds, "ms_per_step": 1000 * seconds / steps, "final_r2": r2, "torch": torch.__version__,
        "matmul_gflops": matmul_gflops(2048, 150),
    }))


if __name__ == "__main__":
    main()
