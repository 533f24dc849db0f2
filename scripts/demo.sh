#!/usr/bin/env bash
# The first-contact demo: check the pipeline, ingest samples/ (a beekeeping club's handbook)
# into a fresh store, then ask it a question and show the answer with its cited sources.
set -euo pipefail
ragflow="$1"
store="$(mktemp -d)/store"
question="At what mite count should we treat for varroa in August, and with what?"

step() { printf '\n== %s\n$ %s\n\n' "$1" "$2"; }

step "1. Check the pipeline" "ragflow validate pipelines/default.json"
"$ragflow" validate pipelines/default.json || true

step "2. Ingest the sample documents" "ragflow ingest samples --store STORE"
"$ragflow" ingest samples --store "$store" || true

step "3. Ask a question" "ragflow query \"$question\" --store STORE"
"$ragflow" query "$question" --store "$store"

printf '\nEach [n] in the answer points to a source above: file, page and the exact quote.\n'
printf 'Try your own: %s query "..." --store %s  (--json for machine-readable output)\n' "$ragflow" "$store"
