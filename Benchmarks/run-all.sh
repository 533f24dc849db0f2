#!/usr/bin/env bash
# Runs every benchmark against its peer in the same run and prints the ratios (`make bench`).
# usage: Benchmarks/run-all.sh BIN_DIR   (the release build's bin path)
set -uo pipefail
bin="${1:?usage: run-all.sh BIN_DIR}"
cd "$(dirname "$0")/.."
run() {
  echo
  echo "=== $*"
  "$@" || echo "(benchmark failed: $*)"
}
run bash Benchmarks/pdf-extract.sh "$bin"
run bash Benchmarks/ingest.sh "$bin/ragflow"
run bash Benchmarks/hnsw-vs-hnswlib.sh "$bin/ragflow-bench"
if python3 -c "import llama_cpp" 2>/dev/null; then
  run bash Benchmarks/embed.sh "$bin/ragflow"
  run bash Benchmarks/llama-bench.sh "$bin"
else
  echo
  echo "=== embed.sh and llama-bench.sh skipped: they compare with llama.cpp through llama-cpp-python"
  echo "    (pip install llama-cpp-python compiles llama.cpp: about 15 minutes on 2 cores)"
fi
