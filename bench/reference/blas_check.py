"""Shared by the PyTorch reference scripts: matmul throughput, which tells a fast BLAS (OpenBLAS) from the
reference BLAS Debian's python3-torch falls back to (~4 GFLOP/s) unless OpenBLAS is installed."""
import time

import torch


def matmul_gflops(m, k):
    """GFLOP/s of an (m x k) @ (k x k) float32 matmul, 5 warm-up and 50 timed products."""
    a, b = torch.randn(m, k), torch.randn(k, k)
    for _ in range(5):
        a @ b
    t = time.perf_counter()
    for _ in range(50):
        a @ b
    return 2 * m * k * k * 50 / (time.perf_counter() - t) / 1e9
