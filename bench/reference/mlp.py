#!/usr/bin/env python3
"""The reference MLP of bench/mlp-throughput.ts in PyTorch on CPU, driven line by line by the benchmark.

Network 10 -> H -> H -> H -> 10 (torch.nn.Linear, leaky ReLU 0.2 after the hidden layers, linear output),
Adam (lr 1e-3), MSE, trained on the benchmark's data: the directory written by the benchmark holds
meta.json {rows, inputs, outputs} and x.f32, y.f32 (float32, row-major). Batching as ours: epochs of a
random permutation of the rows (torch.randperm, seeded), sliced into batches of B indices, the last
rows mod B of each permutation dropped; the loss is read back to Python only at the end of a run.

Protocol (one JSON object per line on stdin, one JSON line per request on stdout):
  {"cmd": "run", "hidden": H, "batch": B, "steps": N, "seed": S}
      builds a fresh model (torch.manual_seed(S)) and optimiser, runs `warmup` (default 5) untimed steps,
      then N timed steps; answers {"steps", "seconds", "steps_per_second", "final_loss"}.
  {"cmd": "quit"}
The first line written is {"ready": true, "torch": version, "threads": n, "matmul_gflops": g}.

Threads: `--threads` (default 1) sets torch.set_num_threads; the benchmark also sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS so that the BLAS pool agrees.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from blas_check import matmul_gflops


def load(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    rows, d_in, d_out = meta["rows"], meta["inputs"], meta["outputs"]

    def mat(name, cols):
        a = np.fromfile(os.path.join(directory, name), dtype=np.float32)
        if a.size != rows * cols:
            raise ValueError(f"{name}: expected {rows} x {cols} float32 values, got {a.size}")
        return torch.from_numpy(a.reshape(rows, cols))

    return mat("x.f32", d_in), mat("y.f32", d_out)


def model(d_in, hidden, d_out):
    sizes = [d_in, hidden, hidden, hidden, d_out]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.LeakyReLU(0.2))
    return torch.nn.Sequential(*layers)


def run(x, y, hidden, batch, steps, seed, warmup, lr):
    torch.manual_seed(seed)
    net = model(x.shape[1], hidden, y.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    gen = torch.Generator().manual_seed(seed)
    rows = x.shape[0]
    per_epoch = rows // batch
    state = {"perm": None, "k": per_epoch}

    def step():
        if state["k"] == per_epoch:
            state["perm"] = torch.randperm(rows, generator=gen)
            state["k"] = 0
        idx = state["perm"][state["k"] * batch : (state["k"] + 1) * batch]
        state["k"] += 1
        loss = loss_fn(net(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    loss = None
    for _ in range(steps):
        loss = step()
    final = float(loss.item()) if loss is not None else float("nan")
    seconds = time.perf_counter() - t
    return {"steps": steps, "seconds": seconds, "steps_per_second": steps / seconds if seconds > 0 else None, "final_loss": final}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--lr", type=float, default=1e-3)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    x, y = load(args.data)
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "matmul_gflops": matmul_gflops(1024, 256)}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("cmd") == "quit":
            break
        if req.get("cmd") != "run":
            print(json.dumps({"error": f"unknown cmd {req.get('cmd')!r}"}), flush=True)
            continue
        out = run(x, y, int(req["hidden"]), int(req["batch"]), int(req["steps"]), int(req.get("seed", 1)), int(req.get("warmup", args.warmup)), args.lr)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
