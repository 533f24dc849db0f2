#!/usr/bin/env bash
# Writes the random-weight models of real shape that RealShapeParityTests compares with
# llama.cpp's committed logits: ../shared/tools/make_llama_gguf.py's `tiny` shape (dim 256,
# 4 layers, 8 heads / 4 KV heads, FFN 768, vocabulary 8192) at a few seeds and types.
# The weights depend only on the seed (the tokenizer it trains first draws no random numbers),
# so the files hold the same weights on every machine. Skips files that exist.
# Usage: scripts/make-test-models.sh [OUTPUT_DIR]   (default .build/test-models)
# MAKER overrides the generator's path (e.g. from a git worktree that has no ../shared).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
output=${1:-$root/.build/test-models}
maker=${MAKER:-$root/../shared/tools/make_llama_gguf.py}
python=${PYTHON:-python3}

# name seed type; keep in step with RealShapeParityTests.swift.
models="tiny-s1-F32 1 F32
tiny-s1-Q8_0 1 Q8_0
tiny-s2-F16 2 F16"

mkdir -p "$output"
while read -r name seed type; do
    [ -f "$output/$name.gguf" ] && continue
    [ -f "$maker" ] || {
        echo "make-test-models: $maker not found (set MAKER to make_llama_gguf.py's path)" >&2
        exit 1
    }
    # Written under a temporary name so that an interrupted run leaves no half file behind.
    "$python" "$maker" "$output/$name.gguf.part" --shape tiny --qtype "$type" --seed "$seed" 2>/dev/null
    mv "$output/$name.gguf.part" "$output/$name.gguf"
done <<< "$models"
