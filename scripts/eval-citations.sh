#!/usr/bin/env bash
# Asks every question of a question set (`ragflow eval`'s JSON Lines) with `ragflow query --json`
# and reports, over the answers: every [n] names a listed citation, every quote is a verbatim
# substring of its chunk, and the question's expected source is among the cited sources (and
# among the retrieved chunks). One line per question goes to OUT (JSON Lines) for a closer look.
#
# usage: scripts/eval-citations.sh RAGFLOW STORE [QUESTIONS] [OUT]
#        (run from the folder where the store's pipeline finds its model: the repository root
#        for the default pipeline; extra `ragflow query` options in QUERY_OPTIONS)
set -euo pipefail
ragflow=${1:?usage: eval-citations.sh RAGFLOW STORE [QUESTIONS] [OUT]}
store=${2:?usage: eval-citations.sh RAGFLOW STORE [QUESTIONS] [OUT]}
questions=${3:-eval/questions.jsonl}
out=${4:-$(mktemp)}
: > "$out"
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
number=0
while IFS= read -r line; do
  number=$((number + 1))
  [ -n "$line" ] || continue
  question=$(python3 -c '
import json, sys
try:
    item = json.loads(sys.argv[1])
    assert isinstance(item, dict) and isinstance(item.get("q"), str) and isinstance(item.get("source"), str)
except (ValueError, AssertionError):
    sys.exit(f"{sys.argv[2]}:{sys.argv[3]}: expected a JSON object with string \"q\" and \"source\"")
print(item["q"])' "$line" "$questions" "$number")
  # shellcheck disable=SC2086
  "$ragflow" query "$question" --store "$store" --json ${QUERY_OPTIONS:-} > "$answer"
  python3 - "$line" "$answer" >> "$out" <<'PY'
import json, re, sys
item, answer = json.loads(sys.argv[1]), json.load(open(sys.argv[2]))
citations, retrieved = answer.get("citations", []), answer.get("retrieved", [])
texts = {c["chunk_id"]: c["text"] for c in retrieved}
markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.get("answer", ""))}
print(json.dumps({
    "q": item["q"], "source": item["source"], "generator": answer.get("generator"),
    "markers_listed": markers <= {c["n"] for c in citations},
    "quotes_verbatim": all(c.get("quote") is not None and c["quote"] in texts.get(c["chunk_id"], "") for c in citations),
    "cited": item["source"] in [c["source"] for c in citations],
    "retrieved": item["source"] in [c["source"] for c in retrieved],
    "cited_sources": [c["source"] for c in citations]}))
PY
done < "$questions"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
n = len(rows)
def count(key): return f"{sum(r[key] for r in rows)} of {n}"
print(f"{n} questions, generator {rows[0]['generator'] if rows else '-'}")
print(f"every [n] listed in citations: {count('markers_listed')}; every quote verbatim in its chunk: {count('quotes_verbatim')}")
print(f"expected source cited: {count('cited')} ({sum(r['cited'] for r in rows) / max(n, 1):.0%}); retrieved: {count('retrieved')}")
print(f"per question: {sys.argv[1]}")
PY
