#!/usr/bin/env bash
# Compares `ragflow model bench` with llama.cpp (llama-cpp-python) on the same GGUF files and
# threads: a Llama-3.2-1B-shaped random model at Q4_0 and Q8_0, pp512 and tg128. Prints the
# ratios and how much of the measured memory bandwidth generation uses. Ratios are given per
# wall-clock second and per CPU-second of each process (all threads): on a busy shared machine
# the second is the steadier one. Run it with nice, once, not in a loop.
#
# usage: Benchmarks/llama-bench.sh [BIN_DIR]
#        (THREADS=2 MODELS_DIR=.build/bench-models PP=512 TG=128 TYPES="Q4_0 Q8_0")
#        LLAMA_CPP_PRELUDE=FILE.py runs FILE.py before llama.cpp loads the model (for example
#        Benchmarks/llama_cpp_no_amx.py on machines whose AMX faults).
set -euo pipefail
BIN="${1:-$(swift build -c release --show-bin-path)}"
THREADS="${THREADS:-2}"
PP="${PP:-512}"
TG="${TG:-128}"
MODELS_DIR="${MODELS_DIR:-.build/bench-models}"
MAKER="${MAKER:-$(dirname "$0")/../../shared/tools/make_llama_gguf.py}"
mkdir -p "$MODELS_DIR"
python3 -c "import llama_cpp" 2>/dev/null || { echo "llama-cpp-python is not installed: pip install llama-cpp-python" >&2; exit 1; }

printf '%-6s %-5s %10s %10s %7s %10s %10s %7s %8s\n' type per ours_pp llama_pp ratio ours_tg llama_tg ratio bw_used
for q in ${TYPES:-Q4_0 Q8_0}; do
  model="$MODELS_DIR/llama1b-$q.gguf"
  [ -f "$model" ] || python3 "$MAKER" "$model" --shape llama1b --qtype "$q" >/dev/null 2>&1
  ours=$("$BIN/ragflow" model bench --model "$model" -p "$PP" -n "$TG" --threads "$THREADS" --json)
  bw=$("$BIN/ragflow" model bench --model "$model" -p 0 -n 16 --threads "$THREADS" --bandwidth | sed -n 's/.*bandwidth: \([0-9.]*\) GB\/s.*/\1/p')
  # llama-cpp-python 0.3.36 segfaults in its CPU_REPACK q8_0 kernels here: plain buffers for Q8_0.
  [ "$q" = Q8_0 ] && export LLAMA_CPP_REPACK=0 || export LLAMA_CPP_REPACK=1
  theirs=$(python3 - "$model" "$THREADS" "${LLAMA_CPP_PRELUDE:-}" "$PP" "$TG" <<'PY'
import json, random, sys, time
if sys.argv[3]:
    exec(compile(open(sys.argv[3]).read(), sys.argv[3], "exec"))
from llama_cpp import Llama
model, threads, pp_n, tg_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[4]), int(sys.argv[5])
m = Llama(model, n_ctx=pp_n + tg_n + 8, n_batch=max(pp_n, 1), n_ubatch=max(pp_n, 1), n_threads=threads, n_threads_batch=threads, verbose=False)
rng = random.Random(1); vocab = m.n_vocab()
tokens = [rng.randrange(vocab) for _ in range(max(pp_n, tg_n))]
m.eval(tokens[:1]); m.reset()
start, cpu = time.perf_counter(), time.process_time(); m.eval(tokens[:pp_n])
pp, pp_cpu = pp_n / (time.perf_counter() - start), pp_n / (time.process_time() - cpu)
m.reset(); start, cpu = time.perf_counter(), time.process_time()
for t in tokens[:tg_n]:
    m.eval([t])
tg, tg_cpu = tg_n / (time.perf_counter() - start), tg_n / (time.process_time() - cpu)
print(json.dumps({"pp_tok_s": pp, "tg_tok_s": tg, "pp_tok_cpu_s": pp_cpu, "tg_tok_cpu_s": tg_cpu}))
PY
)
  python3 - "$q" "$model" "$ours" "$theirs" "${bw:-0}" <<'PY'
import json, sys, gguf
q, model, ours, theirs, bw = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5])
r = gguf.GGUFReader(model)
names = {t.name for t in r.tensors}
# Weights read per generated token: every tensor but the embedding table (one row is read),
# unless the output matrix is tied to it.
per_token = sum(int(t.n_bytes) for t in r.tensors if t.name != "token_embd.weight" or "output.weight" not in names)
used = per_token * ours["tg_tok_s"] / 1e9 / bw if bw else float("nan")
for per, suffix in [("wall", ""), ("cpu", "_cpu")]:
    op, lp, ot, lt = (ours["pp_tok" + suffix + "_s"], theirs["pp_tok" + suffix + "_s"], ours["tg_tok" + suffix + "_s"], theirs["tg_tok" + suffix + "_s"])
    print(f"{q:<6} {per:<5} {op:10.1f} {lp:10.1f} {op / lp:6.2f}x {ot:10.1f} {lt:10.1f} {ot / lt:6.2f}x "
          + (f"{used:8.0%}" if per == "wall" else f"{per_token / 1e9:6.2f}GB"))
PY
done
echo "wall: tokens per second; cpu: tokens per CPU-second of the process (all ${THREADS} threads)"
echo "bw_used: weight bytes per token x our tg tok/s (wall) / measured read bandwidth; the cpu row gives the weight bytes per token"
