#!/usr/bin/env python3
"""Dev-time oracle (not run by CI): llama.cpp (llama-cpp-python) against this engine.

  check_llama_cpp.py goldens
      llama.cpp's logits for goldens.json's tokens on every micro GGUF here, written as
      <name>.llama_cpp.logits.f32 (little-endian float32 [positions][vocab]) for the tests.
  check_llama_cpp.py compare RAGFLOW TEXT MODEL.gguf...
      For each model: llama.cpp's tokens and logits (as ../shared/reference/llama_cpp_logits.py
      computes them, --ctx 256) and ours (`ragflow model perplexity --save-logits`) on the same text; prints
      whether the tokens agree, the share of positions with the same top-1 token, and the mean
      KL(llama.cpp || ours). KV_CACHE=f16 runs ours with `--kv-cache f16` (llama.cpp's default
      cache precision).
  check_llama_cpp.py real-goldens MODEL.gguf...
      For each random model of real shape that scripts/make-test-models.sh writes: llama.cpp's
      logits on 256 fixed token ids (BOS, then seeded ids < 8000), kept compactly as
      <name>.llama_cpp.top64 here (see write_top_logits) for RealShapeParityTests, and in full
      beside the model as <name>.llama_cpp.logits.f32 (not committed).
  check_llama_cpp.py real-report MODEL.gguf...
      After `RAGFLOW_SAVE_PARITY_LOGITS=1 swift test --filter realShape` saved our logits beside
      each model (<name>.ragflow.logits.f32): top-1 agreement, the KL lower bound the test
      computes from the compact golden, and the full KL.
"""
import glob, json, os, struct, subprocess, sys, tempfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_K, POSITIONS, TOKEN_SEED, TOKEN_LIMIT = 64, 256, 6, 8000

# Weights in plain CPU buffers, not llama.cpp's AMX buffer (see the module).
sys.path.insert(0, os.path.join(HERE, "../../../..", "scripts"))
import llama_cpp_plain_buffers  # noqa: E402,F401


def kl_top1(reference, ours):
    def log_softmax(z):
        z = z.astype(np.float64); z = z - z.max(-1, keepdims=True)
        return z - np.log(np.exp(z).sum(-1, keepdims=True))
    a, b = log_softmax(reference), log_softmax(ours)
    return float((np.exp(a) * (a - b)).sum(-1).mean()), float((reference.argmax(-1) == ours.argmax(-1)).mean())


def goldens():
    from llama_cpp import Llama
    tokens = json.load(open(os.path.join(HERE, "goldens.json")))["tokens"]
    for path in sorted(glob.glob(os.path.join(HERE, "micro-*.gguf"))):
        m = Llama(path, n_ctx=128, n_batch=128, n_ubatch=128, n_threads=2, logits_all=True, verbose=False)
        m.reset(); m.eval(tokens)
        logits = np.array(m.scores[: len(tokens)], dtype=np.float32)
        logits.astype("<f4").tofile(path.replace(".gguf", ".llama_cpp.logits.f32"))
        float_ref = np.fromfile(path.replace(".gguf", ".logits.f32"), "<f4").reshape(len(tokens), -1)
        kl, top1 = kl_top1(logits, float_ref)
        print(f"{os.path.basename(path)}: llama.cpp vs float64 reference KL {kl:.3g} top-1 {top1:.3f}")


def llama_cpp_logits(model, text, ctx=256):
    """What ../shared/reference/llama_cpp_logits.py computes: tokens (BOS + text, cut to ctx)
    and logits for every position, here in-process."""
    from llama_cpp import Llama
    m = Llama(model, n_ctx=ctx + 8, n_batch=ctx + 8, n_ubatch=ctx + 8, n_threads=2, logits_all=True, verbose=False)
    tokens = m.tokenize(open(text, "rb").read(), add_bos=True, special=False)[:ctx]
    m.reset(); m.eval(tokens)
    return tokens, np.array(m.scores[: len(tokens)], dtype=np.float32)


def compare(ragflow, text, models):
    print(f"{'model':<28} {'tokens':>8} {'top-1':>7} {'mean KL':>10}", flush=True)
    for model in models:
        with tempfile.TemporaryDirectory() as tmp:
            ours = os.path.join(tmp, "ours.npy")
            tokens, theirs = llama_cpp_logits(model, text)
            # KV_CACHE=f16 stores our keys and values at llama.cpp's default cache precision.
            kv = ["--kv-cache", os.environ["KV_CACHE"]] if os.environ.get("KV_CACHE") else []
            subprocess.run([ragflow, "model", "perplexity", "--model", model, "--file", text, "--ctx", "256", "--save-logits", ours] + kv,
                           check=True, stdout=subprocess.DEVNULL)
            o = np.load(ours)
            ids = json.loads(subprocess.run([ragflow, "model", "tokenize", "--model", model, "--json"], input=open(text, "rb").read(),
                                            check=True, capture_output=True).stdout)[:256]
            same = "same" if list(tokens) == ids else "DIFFER"
            kl, top1 = kl_top1(theirs, o[: len(theirs)])
            print(f"{os.path.basename(model):<28} {same:>8} {top1:7.3f} {kl:10.3g}", flush=True)


def fixed_tokens(bos):
    """BOS, then seeded ids below TOKEN_LIMIT: the weights depend only on the generator's seed,
    so these ids give the same logits whatever tokenizer the generator trained on a machine."""
    rng = np.random.default_rng(TOKEN_SEED)
    return [int(bos)] + [int(t) for t in rng.integers(0, TOKEN_LIMIT, POSITIONS - 1)]


def log_sum_exp(z):
    z = z.astype(np.float64); m = z.max(-1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(-1, keepdims=True)))[..., 0]


def write_top_logits(path, tokens, logits):
    """Little-endian: magic "RFTK", u32 version 1, positions, k, vocab, 0; i32 tokens[positions];
    f64 logsumexp[positions] of the whole row; f64 tail[positions], the probability outside the
    top k; u16 ids[positions][k] by descending logit; f32 logits[positions][k] (llama.cpp's own)."""
    positions, vocab = logits.shape
    assert vocab <= 1 << 16
    lse = log_sum_exp(logits)
    ids = np.argsort(-logits, axis=-1, kind="stable")[:, :TOP_K]
    top = np.take_along_axis(logits, ids, -1)
    p = np.exp(logits.astype(np.float64) - lse[:, None])
    np.put_along_axis(p, ids, 0.0, -1)
    with open(path, "wb") as f:
        f.write(b"RFTK" + struct.pack("<5I", 1, positions, TOP_K, vocab, 0))
        f.write(np.asarray(tokens, "<i4").tobytes() + lse.astype("<f8").tobytes() + p.sum(-1).astype("<f8").tobytes())
        f.write(ids.astype("<u2").tobytes() + top.astype("<f4").tobytes())


def kl_lower_bound(reference, ours):
    """KL over the reference's top k tokens plus one bucket for the rest, as RealShapeParityTests
    computes it: merging outcomes cannot raise a KL (data-processing inequality), so this is at
    most the full KL."""
    lr, lo = log_sum_exp(reference), log_sum_exp(ours)
    ids = np.argsort(-reference, axis=-1, kind="stable")[:, :TOP_K]
    a = np.take_along_axis(reference, ids, -1).astype(np.float64) - lr[:, None]
    b = np.take_along_axis(ours, ids, -1).astype(np.float64) - lo[:, None]
    pa, pb = np.exp(reference - lr[:, None]), np.exp(ours - lo[:, None])
    np.put_along_axis(pa, ids, 0.0, -1); np.put_along_axis(pb, ids, 0.0, -1)
    ta, tb = pa.sum(-1), pb.sum(-1)
    return float(((np.exp(a) * (a - b)).sum(-1) + ta * np.log(ta / tb)).mean())


def real_goldens(models):
    from llama_cpp import Llama
    for model in models:
        name = os.path.basename(model)[: -len(".gguf")]
        m = Llama(model, n_ctx=POSITIONS + 8, n_batch=POSITIONS + 8, n_ubatch=POSITIONS + 8, n_threads=2, logits_all=True, verbose=False)
        tokens = fixed_tokens(m.token_bos())
        m.reset(); m.eval(tokens)
        logits = np.array(m.scores[:POSITIONS], dtype=np.float32)
        logits.astype("<f4").tofile(model[: -len(".gguf")] + ".llama_cpp.logits.f32")
        golden = os.path.join(HERE, name + ".llama_cpp.top64")
        write_top_logits(golden, tokens, logits)
        print(f"{golden}: {os.path.getsize(golden)} bytes", flush=True)


def real_report(models):
    print(f"{'model':<16} {'top-1':>7} {'KL bound':>10} {'full KL':>10}")
    for model in models:
        base = model[: -len(".gguf")]
        theirs = np.fromfile(base + ".llama_cpp.logits.f32", "<f4").reshape(POSITIONS, -1)
        ours = np.fromfile(base + ".ragflow.logits.f32", "<f4").reshape(POSITIONS, -1)
        kl, top1 = kl_top1(theirs, ours)
        print(f"{os.path.basename(base):<16} {top1:7.3f} {kl_lower_bound(theirs, ours):10.3g} {kl:10.3g}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["goldens"]:
        goldens()
    elif sys.argv[1:2] == ["real-goldens"] and len(sys.argv) > 2:
        real_goldens(sys.argv[2:])
    elif sys.argv[1:2] == ["real-report"] and len(sys.argv) > 2:
        real_report(sys.argv[2:])
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) > 4:
        compare(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
