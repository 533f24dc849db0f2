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
ROUNDS="${ROUNDS:-5}"

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

# Two measurements, each timed by bash's `time` (wall clock, and CPU as user + sys of the
# children), best of $ROUNDS alternating rounds so that load affects both sides alike; on a
# shared, loaded machine the CPU ratio is the steadier one.
#  1. the corpus merged into one PDF (qpdf), one process per tool: the cost of extraction;
#  2. the separate files as `ragflow ingest` reads them, all in one process, against pdftotext,
#     which takes one file per process: what a user waits for;
#  3. the separate files, one process per file per tool: adds process start-up, where
#     ragflow-bench costs about 40 ms of CPU more than pdftotext (the Swift runtime and
#     Foundation, poppler-glib with cairo and GIO, OpenBLAS's thread pool: libraries that
#     pdftotext does not load).
merged="$corpus/all.pdf"
qpdf --empty --pages "${files[@]}" -- "$merged"
TIMEFORMAT="%R %U %S"
measure() { { time "$@" >/dev/null; } 2>&1 | awk '{printf "%.3f %.3f", $1, $2 + $3}'; }
min() { awk -v a="$1" -v b="${2:-$1}" 'BEGIN {print (a < b ? a : b)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ours_merged() { "$BENCH" pdf "$merged"; }
theirs_merged() { pdftotext "$merged" -; }
ours_files() { for f in "${files[@]}"; do "$BENCH" pdf "$f"; done; }
ours_together() { "$BENCH" pdf "${files[@]}"; }
theirs_files() { for f in "${files[@]}"; do pdftotext "$f" -; done; }

compare() { # label, our command, their command
  local ours_wall="" ours_cpu="" theirs_wall="" theirs_cpu="" wall cpu
  for round in $(seq "$ROUNDS"); do
    read -r wall cpu <<<"$(measure "$2")"
    ours_wall=$(min "$wall" "$ours_wall"); ours_cpu=$(min "$cpu" "$ours_cpu")
    read -r wall cpu <<<"$(measure "$3")"
    theirs_wall=$(min "$wall" "$theirs_wall"); theirs_cpu=$(min "$cpu" "$theirs_cpu")
  done
  echo "pdf-extract ($1): ragflow ${ours_cpu}s cpu / ${ours_wall}s wall," \
    "pdftotext ${theirs_cpu}s cpu / ${theirs_wall}s wall;" \
    "ratio cpu $(ratio "$ours_cpu" "$theirs_cpu"), wall $(ratio "$ours_wall" "$theirs_wall") (goal <= 1.2)"
}
"$BENCH" pdf "$merged"
compare "one PDF of $pages pages" ours_merged theirs_merged
compare "${#files[@]} files, ragflow in one process as ingest runs" ours_together theirs_files
compare "${#files[@]} files, a process each" ours_files theirs_files
