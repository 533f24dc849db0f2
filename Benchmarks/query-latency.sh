#!/usr/bin/env bash
# Retrieval latency at 100,000 chunks: p50 and p99 of `Retriever.retrieve` (no generation) in
# bm25, vector and hybrid mode, with the query embedding and the parts (FTS5 BM25, HNSW search,
# chunk fetch) timed on their own. Goal: hybrid p50 under 10 ms.
#
#   Benchmarks/query-latency.sh [BIN_DIR] [SOURCE_STORE] [WORK_DIR]
#   CHUNKS=20000 ROUNDS=3 Benchmarks/query-latency.sh
#
# SOURCE_STORE is a store of the evaluation corpus ingested with vectors (the default pipeline).
# Without one, the script builds the corpus (scripts/make-eval-corpus.sh) and ingests it, which
# embeds about 10,000 chunks (tens of minutes on 2 idle cores). `ragflow-bench query` then grows
# it to CHUNKS chunks with perturbed copies (see Benchmarks/README.md) in WORK_DIR/store-CHUNKS,
# kept for later runs. Run from the repository root: the pipeline's model path is relative.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="${1:-$(swift build -c release --show-bin-path)}"
WORK="${3:-/tmp/ragflow-query-latency}"
SOURCE="${2:-$WORK/eval-store}"
CHUNKS="${CHUNKS:-100000}"
ROUNDS="${ROUNDS:-5}"
MODEL=models/all-MiniLM-L6-v2.Q8_0.gguf

mkdir -p "$WORK"
[ -f "$MODEL" ] || scripts/make-models.sh "$BIN/ragflow" "$MODEL"
if [ ! -d "$SOURCE/vectors" ]; then
  scripts/make-eval-corpus.sh "$WORK/corpus"
  "$BIN/ragflow" ingest "$WORK/corpus" --store "$SOURCE"
fi
"$BIN/ragflow-bench" query --source "$SOURCE" --store "$WORK/store-$CHUNKS" --chunks "$CHUNKS" \
  --questions eval/questions.jsonl --rounds "$ROUNDS"
