#!/usr/bin/env bash
# Re-ingest benchmark (issue 3): a first ingest of >= 300 PDF pages (groff-rendered man pages)
# and 50 HTML pages (the Python library reference), then a re-ingest with nothing changed.
# Goal: the re-ingest takes <= 2% of the first. Times are wall-clock, process start included.
#
#   Benchmarks/ingest.sh [RAGFLOW_BINARY_OR_BIN_DIR] [WORK_DIR]
set -euo pipefail

bin=${1:-$(swift build -c release --show-bin-path)}
[ -d "$bin" ] && bin="$bin/ragflow"
[ -x "$bin" ] || { echo "no ragflow binary at $bin" >&2; exit 2; }
work=${2:-$(mktemp -d)}
corpus="$work/corpus"
store="$work/store"
mkdir -p "$corpus/man" "$corpus/python"

# PDF pages: render man pages until there are at least 300 pages.
pages=0
for page in bash tar find grep sed git ssh curl make git-log git-config git-rebase git-diff ssh_config systemd.exec systemd ld perl; do
  [ "$pages" -ge 300 ] && break
  pdf="$corpus/man/$page.pdf"
  if [ ! -s "$pdf" ]; then
    man -w "$page" >/dev/null 2>&1 || continue
    man -Tpdf "$page" >"$pdf" 2>/dev/null || { rm -f "$pdf"; continue; }
  fi
  pages=$((pages + $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')))
done
[ "$pages" -ge 300 ] || { echo "only $pages PDF pages could be rendered (need groff and man pages)" >&2; exit 1; }

# HTML: the first 50 pages of the Python library reference.
html_dir=$(ls -d /usr/share/doc/python3*-doc/html/library /usr/share/doc/python3/html/library 2>/dev/null | head -1)
[ -n "$html_dir" ] || { echo "no Python HTML docs (apt-get install python3-doc)" >&2; exit 1; }
files=("$html_dir"/*.html)
cp -L "${files[@]:0:50}" "$corpus/python/"
html=$(ls "$corpus/python" | wc -l)

now() { date +%s.%N; }
rm -rf "$store"
t0=$(now)
"$bin" ingest "$corpus" --store "$store" --json --quiet >"$work/first.json"
t1=$(now)
"$bin" ingest "$corpus" --store "$store" --json --quiet >"$work/second.json"
t2=$(now)

first=$(echo "$t1 - $t0" | bc -l)
second=$(echo "$t2 - $t1" | bc -l)
summary() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{len(r['added'])} added, {len(r['updated'])} updated, {r['unchanged']} unchanged, "
      f"{len(r['failed'])} failed; {r['documents']} documents, {r['chunks']} chunks; elapsed_s {r['elapsed_s']}")
PY
}
echo "corpus:     $pages PDF pages in $(ls "$corpus/man" | wc -l) files, $html HTML files"
printf 'first:      %.3f s  (%s)\n' "$first" "$(summary "$work/first.json")"
printf 're-ingest:  %.3f s  (%s)\n' "$second" "$(summary "$work/second.json")"
printf 'ratio:      %.2f%%  (goal <= 2%%)\n' "$(echo "100 * $second / $first" | bc -l)"
