#!/usr/bin/env bash
# Rebuilds the generated documents in samples/ from their committed sources in samples/src/.
# Needs groff (with gropdf). The output is committed, so running this is only needed after
# editing a source. SOURCE_DATE_EPOCH pins the dates gropdf writes, so rebuilds are stable.
set -euo pipefail
cd "$(dirname "$0")/../samples"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}" # 2026-01-01T00:00:00Z

for source in src/*.ms; do
  name="$(basename "$source" .ms)"
  groff -ms -mpdf -Tpdf -Kutf8 "$source" > "$name.pdf"
  echo "samples/$name.pdf"
done
