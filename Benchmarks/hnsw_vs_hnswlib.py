#!/usr/bin/env python3
"""Helper for hnsw-vs-hnswlib.sh.

  gen    DIR N DIM NQ K SEED   write clustered base/queries as fvecs and exact cosine top-K as ivecs
  hnswlib DIR M EFC EFS THREADS K   build hnswlib on the same files, print one JSON line per ef
"""
import json
import os
import sys
import time

import numpy as np


def write_vecs(path, array, dtype):
    array = np.ascontiguousarray(array, dtype=dtype)
    n, d = array.shape
    out = np.empty((n, d + 1), dtype=np.int32)
    out[:, 0] = d
    out[:, 1:] = array.view(np.int32)
    out.tofile(path)


def read_fvecs(path):
    raw = np.fromfile(path, dtype=np.int32)
    d = raw[0]
    return raw.reshape(-1, d + 1)[:, 1:].copy().view(np.float32)


def read_ivecs(path):
    raw = np.fromfile(path, dtype=np.int32)
    d = raw[0]
    return raw.reshape(-1, d + 1)[:, 1:].copy()


def clustered(rng, n, dim, centers, spread):
    labels = rng.integers(0, len(centers), size=n)
    return (centers[labels] + spread * rng.standard_normal((n, dim))).astype(np.float32)


def gen(directory, n, dim, nq, k, seed):
    rng = np.random.default_rng(seed)
    # Embedding-like data: 200 topics of varied width around random directions.
    centers = rng.standard_normal((200, dim)).astype(np.float32)
    base = clustered(rng, n, dim, centers, 0.6)
    queries = clustered(rng, nq, dim, centers, 0.6)
    write_vecs(os.path.join(directory, "base.fvecs"), base, np.float32)
    write_vecs(os.path.join(directory, "queries.fvecs"), queries, np.float32)
    bn = base / np.linalg.norm(base, axis=1, keepdims=True)
    qn = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    truth = np.empty((nq, k), dtype=np.int32)
    for start in range(0, nq, 100):
        sims = qn[start:start + 100] @ bn.T
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
        truth[start:start + 100] = np.take_along_axis(top, order, axis=1)
    write_vecs(os.path.join(directory, "gt.ivecs"), truth, np.int32)


def run_hnswlib(directory, m, efc, efs, threads, k):
    import hnswlib

    base = read_fvecs(os.path.join(directory, "base.fvecs"))
    queries = read_fvecs(os.path.join(directory, "queries.fvecs"))
    truth = read_ivecs(os.path.join(directory, "gt.ivecs"))[:, :k]
    n, dim = base.shape
    index = hnswlib.Index(space="cosine", dim=dim)
    start = time.perf_counter()
    cpu_start = time.process_time()
    index.init_index(max_elements=n, M=m, ef_construction=efc, random_seed=100)
    index.add_items(base, np.arange(n), num_threads=threads)
    build = time.perf_counter() - start
    build_cpu = time.process_time() - cpu_start
    path = os.path.join(directory, "hnswlib.bin")
    index.save_index(path)
    size = os.path.getsize(path)
    start = time.perf_counter()
    cpu_start = time.thread_time()
    loaded = hnswlib.Index(space="cosine", dim=dim)
    loaded.load_index(path, max_elements=n)
    open_ms = (time.perf_counter() - start) * 1000
    open_cpu_ms = (time.thread_time() - cpu_start) * 1000
    loaded.set_num_threads(1)
    for ef in efs:
        loaded.set_ef(ef)
        # All queries in one call on one thread: hnswlib's C++ loop, no Python per query.
        start = time.perf_counter()
        cpu_start = time.thread_time()
        found = loaded.knn_query(queries, k=k, num_threads=1)[0]
        seconds = time.perf_counter() - start
        cpu = time.thread_time() - cpu_start
        hits = sum(len(set(found[i].tolist()) & set(truth[i].tolist())) for i in range(len(queries)))
        print(json.dumps({"n": n, "dim": dim, "ef": ef, "build_s": round(build, 3),
                          "recall": round(hits / (len(queries) * k), 4),
                          "qps": round(len(queries) / seconds, 1), "bytes_on_disk": size,
                          "open_ms": round(open_ms, 2), "open_cpu_ms": round(open_cpu_ms, 2), "build_cpu_s": round(build_cpu, 3),
                          "qps_cpu": round(len(queries) / cpu, 1)}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        d, n, dim, nq, k, seed = sys.argv[2], *map(int, sys.argv[3:8])
        gen(d, n, dim, nq, k, seed)
    elif sys.argv[1] == "hnswlib":
        d = sys.argv[2]
        m, efc = int(sys.argv[3]), int(sys.argv[4])
        efs = [int(x) for x in sys.argv[5].split(",")]
        run_hnswlib(d, m, efc, efs, int(sys.argv[6]), int(sys.argv[7]))
    else:
        sys.exit(__doc__)
