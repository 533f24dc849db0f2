#!/usr/bin/env bash
# The first-contact demo: ingest samples/ into a fresh store and show what is there.
set -euo pipefail
ragflow="$1"
store="$(mktemp -d)/store"
echo "== ragflow validate pipelines/default.json"
"$ragflow" validate pipelines/default.json || true
echo
echo "== ragflow ingest samples --store $store"
"$ragflow" ingest samples --store "$store" || true
