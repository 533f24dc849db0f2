#!/usr/bin/env bash
# Runs `ragflow-bench hnsw` and PyPI hnswlib on the same clustered vectors (default 100,000 × 384,
# cosine) with the same M, efConstruction, ef sweep and build threads, and prints recall@10 and
# single-threaded QPS side by side, with build time, open time and size on disk.
#
#   Benchmarks/hnsw-vs-hnswlib.sh [path/to/ragflow-bench]
#   N=20000 EFS=16,32,64,128 THREADS=2 Benchmarks/hnsw-vs-hnswlib.sh
#   INT8=1 Benchmarks/hnsw-vs-hnswlib.sh   # also an int8 index (ragflow-bench hnsw --int8), same run
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="${1:-$(swift build -c release --show-bin-path)/ragflow-bench}"
N="${N:-100000}"
DIM="${DIM:-384}"
NQ="${NQ:-1000}"
K="${K:-10}"
M="${M:-16}"
EFC="${EFC:-200}"
EFS="${EFS:-10,16,32,64,128,256}"
THREADS="${THREADS:-2}"
SEED="${SEED:-7}"
PYTHON="${PYTHON:-python3}"
INT8="${INT8:-0}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "data: $N x $DIM clustered, $NQ queries, k=$K, M=$M, efConstruction=$EFC, build threads=$THREADS, search 1 thread"
"$PYTHON" "$HERE/hnsw_vs_hnswlib.py" gen "$WORK" "$N" "$DIM" "$NQ" "$K" "$SEED"

"$BENCH" hnsw --base "$WORK/base.fvecs" --queries "$WORK/queries.fvecs" --gt "$WORK/gt.ivecs" \
  --k "$K" --M "$M" --ef-construction "$EFC" --ef "$EFS" --metric cosine --threads "$THREADS" \
  --dir "$WORK/ours" --json > "$WORK/ours.jsonl"
rm -rf "$WORK/ours"
if [ "$INT8" = 1 ]; then
  "$BENCH" hnsw --base "$WORK/base.fvecs" --queries "$WORK/queries.fvecs" --gt "$WORK/gt.ivecs" \
    --k "$K" --M "$M" --ef-construction "$EFC" --ef "$EFS" --metric cosine --threads "$THREADS" \
    --dir "$WORK/ours-int8" --int8 --json > "$WORK/int8.jsonl"
  rm -rf "$WORK/ours-int8"
fi
"$PYTHON" "$HERE/hnsw_vs_hnswlib.py" hnswlib "$WORK" "$M" "$EFC" "$EFS" "$THREADS" "$K" > "$WORK/hnswlib.jsonl"

"$PYTHON" - "$WORK/ours.jsonl" "$WORK/hnswlib.jsonl" "$WORK/int8.jsonl" <<'PY'
import json, os, sys
ours = [json.loads(l) for l in open(sys.argv[1])]
theirs = [json.loads(l) for l in open(sys.argv[2])]
int8 = [json.loads(l) for l in open(sys.argv[3])] if os.path.exists(sys.argv[3]) else []
o, t = ours[0], theirs[0]
print("\nWall-clock times move with the machine's load; CPU times (build: all threads; search: the one")
print("searching thread) measure the work and are the steadier comparison on a shared machine.\n")
print(f"build: ragflow {o['build_s']:.2f} s wall / {o['build_cpu_s']:.2f} s CPU (includes writing + fsync of the snapshot)")
print(f"       hnswlib {t['build_s']:.2f} s wall / {t['build_cpu_s']:.2f} s CPU (in memory); CPU ratio ragflow/hnswlib {o['build_cpu_s'] / t['build_cpu_s']:.2f}")
print(f"open:  ragflow {o['open_ms']:.2f} ms wall / {o['open_cpu_ms']:.2f} ms CPU (read-only: mmap + checksums of all but the vectors)")
print(f"       hnswlib {t['open_ms']:.2f} ms wall / {t['open_cpu_ms']:.2f} ms CPU (load_index)")
print(f"disk:  ragflow {o['bytes_on_disk']} B, hnswlib {t['bytes_on_disk']} B\n")
print(f"{'ef':>5} | {'recall':>7} {'recall':>7} | {'QPS wall':>9} {'QPS wall':>9} | {'QPS CPU':>8} {'QPS CPU':>8} {'CPU':>5}")
print(f"{'':>5} | {'ragflow':>7} {'hnswlib':>7} | {'ragflow':>9} {'hnswlib':>9} | {'ragflow':>8} {'hnswlib':>8} {'ratio':>5}")
for a, b in zip(ours, theirs):
    print(f"{a['ef']:>5} | {a['recall']:>7.4f} {b['recall']:>7.4f} | {a['qps']:>9.0f} {b['qps']:>9.0f} | "
          f"{a['qps_cpu']:>8.0f} {b['qps_cpu']:>8.0f} {a['qps_cpu'] / b['qps_cpu']:>5.2f}")
if int8:
    i = int8[0]
    print("\nragflow with --int8 (graph on int8 codes, the best max(ef, k) rescored with the floats):")
    print(f"build: {i['build_s']:.2f} s wall / {i['build_cpu_s']:.2f} s CPU; CPU ratio int8/float {i['build_cpu_s'] / o['build_cpu_s']:.2f}, int8/hnswlib {i['build_cpu_s'] / t['build_cpu_s']:.2f}")
    print(f"open:  {i['open_ms']:.2f} ms; disk {i['bytes_on_disk']} B ({i['bytes_on_disk'] / o['bytes_on_disk']:.2f}x float)")
    print(f"resident after the sweep: int8 {int8[-1]['resident_mb']:.0f} MB, float {ours[-1]['resident_mb']:.0f} MB\n")
    print(f"{'ef':>5} | {'recall':>7} {'recall':>7} | {'QPS CPU':>8} {'QPS CPU':>8} {'int8/':>6} {'int8/':>7} | {'res. MB':>7}")
    print(f"{'':>5} | {'int8':>7} {'float':>7} | {'int8':>8} {'float':>8} {'float':>6} {'hnswlib':>7} | {'int8':>7}")
    for a, f, b in zip(int8, ours, theirs):
        print(f"{a['ef']:>5} | {a['recall']:>7.4f} {f['recall']:>7.4f} | {a['qps_cpu']:>8.0f} {f['qps_cpu']:>8.0f} "
              f"{a['qps_cpu'] / f['qps_cpu']:>6.2f} {a['qps_cpu'] / b['qps_cpu']:>7.2f} | {a['resident_mb']:>7.0f}")
PY
