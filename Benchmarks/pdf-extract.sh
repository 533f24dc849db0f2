#!/usr/bin/env bash
# PDF text extraction: RAGFlow's PDFLoader (through `ragflow-bench pdf`) against pdftotext on
# the same corpus in the same run. The corpus is man pages rendered to PDF by groff, at least
# 300 pages in all. Prints both times and the ratio ours / pdftotext (goal: <= 1.2).
#
# Usage: Benchmarks/pdf-extract.sh [BIN_DIR]   (default: the release build's bin path)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-$(swift build -c release --show-bin-path)}"
BENCH="$BIN/ragflow-bench"
[ -x "$BENCH" ] || swift build -c release --product ragflow-bench >/dev/null
ROUNDS="${ROUNDS:-3}"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
pages=0
for name in bash tar find grep ls rsync ssh gcc make sed awk git curl less; do
  [ "$pages" -ge 300 ] && break
  man -w "$name" >/dev/null 2>&1 || continue
  MANWIDTH=80 LANG=C.UTF-8 man -Tpdf "$name" > "$corpus/$name.pdf" 2>/dev/null || { rm -f "$corpus/$name.pdf"; continue; }
  pages=$((pages + $(pdfinfo "$corpus/$name.pdf" | awk '/^Pages:/ {print $2}')))
done
files=("$corpus"/*.pdf)
echo "corpus: ${#files[@]} man pages, $pages PDF pages, $(du -sh "$corpus" | cut -f1)"
[ "$pages" -ge 300 ] || { echo "corpus too small: $pages pages" >&2; exit 1; }

now() { date +%s.%N; }
# One process per file for both tools, so process start-up weighs the same on each side; the
# best of $ROUNDS rounds counts, and the rounds alternate so that load affects both alike.
best_ours=""; best_theirs=""
for round in $(seq "$ROUNDS"); do
  start=$(now)
  for f in "${files[@]}"; do "$BENCH" pdf "$f" >/dev/null; done
  ours=$(awk -v a="$(now)" -v b="$start" 'BEGIN {printf "%.3f", a - b}')
  start=$(now)
  for f in "${files[@]}"; do pdftotext "$f" - >/dev/null; done
  theirs=$(awk -v a="$(now)" -v b="$start" 'BEGIN {printf "%.3f", a - b}')
  echo "round $round: ragflow ${ours}s, pdftotext ${theirs}s"
  best_ours=$(awk -v a="$ours" -v b="${best_ours:-$ours}" 'BEGIN {print (a < b ? a : b)}')
  best_theirs=$(awk -v a="$theirs" -v b="${best_theirs:-$theirs}" 'BEGIN {print (a < b ? a : b)}')
done
ratio=$(awk -v a="$best_ours" -v b="$best_theirs" 'BEGIN {printf "%.2f", a / b}')
echo "pdf-extract: ragflow ${best_ours}s, pdftotext ${best_theirs}s, ratio ${ratio} (goal <= 1.2)"
