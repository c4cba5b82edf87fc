"""The SciPy peer for bench/economics: the same GSIM equations (economics.md a.2) solved with
scipy.optimize.fsolve (MINPACK hybrd, finite-difference Jacobian), as the reference's Python port did,
on the same seeded random data as random-gsim.ts. Prints median milliseconds per solve as JSON."""
import json
import sys
import time

import numpy as np
from scipy.optimize import fsolve


def lcg(seed):
    state = seed & 0xFFFFFFFF
    while True:
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        yield state / 2**32


def random_gsim(n, seed=1):
    u = lcg(seed)
    M = np.array([[0.0 if i == v else 1000 * next(u) for v in range(n)] for i in range(n)])
    T0 = np.array([[1.0 if i == v else 1 + 0.3 * next(u) for v in range(n)] for i in range(n)])
    T1 = T0.copy()
    for i in range(1, n):
        T1[i, 0] = max(1.0, T0[i, 0] - 0.1)
    Em = np.array([-0.5 - 1.5 * next(u) for _ in range(n)])
    Es = np.array([2 + 4 * next(u) for _ in range(n)])
    Ex = np.array([0.5 + 2 * next(u) for _ in range(n)])
    return M, T0, T1, Em, Es, Ex


def solve(M, T0, T1, Em, Es, Ex):
    inner = (M * T0).sum(axis=0)
    theta = np.divide(M * T0, inner, out=np.zeros_like(M), where=inner > 0)
    out = M.sum(axis=1, keepdims=True)
    phi = np.divide(M, out, out=np.zeros_like(M), where=out > 0)
    that = T1 / T0 - 1

    def resid(p):
        P = that + p[:, None]
        comp = (theta * P).sum(axis=0)
        mhat = (Em + Es) * comp[None, :] - Es[None, :] * P
        return (phi * mhat).sum(axis=1) - Ex * p

    return fsolve(resid, np.zeros(len(Ex)), xtol=1e-12)


def bench(n, repeats):
    data = random_gsim(n)
    times = []
    cpu = []
    for _ in range(repeats):
        c = time.process_time()
        t = time.perf_counter()
        p = solve(*data)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    times.sort()
    cpu.sort()
    return {"regions": n, "median_ms": times[len(times) // 2], "median_cpu_ms": cpu[len(cpu) // 2], "p0": float(p[0])}


if __name__ == "__main__":
    sizes = [int(x) for x in sys.argv[1:]] or [35, 200]
    print(json.dumps([bench(n, 21 if n <= 50 else 7) for n in sizes]))
