#!/usr/bin/env python3
"""Dev-time oracle (not run by CI): llama.cpp (llama-cpp-python) against this engine.

  check_llama_cpp.py goldens
      llama.cpp's logits for goldens.json's tokens on every micro GGUF here, written as
      <name>.llama_cpp.logits.f32 (little-endian float32 [positions][vocab]) for the tests.
  check_llama_cpp.py compare RAGFLOW TEXT MODEL.gguf...
      For each model: llama.cpp's tokens and logits (as ../shared/reference/llama_cpp_logits.py
      computes them, --ctx 256) and ours (`ragflow model perplexity --save-logits`) on the same text; prints
      whether the tokens agree, the share of positions with the same top-1 token, and the mean
      KL(llama.cpp || ours).
"""
import glob, json, os, subprocess, sys, tempfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


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
            subprocess.run([ragflow, "model", "perplexity", "--model", model, "--file", text, "--ctx", "256", "--save-logits", ours],
                           check=True, stdout=subprocess.DEVNULL)
            o = np.load(ours)
            ids = json.loads(subprocess.run([ragflow, "model", "tokenize", "--model", model, "--json"], input=open(text, "rb").read(),
                                            check=True, capture_output=True).stdout)[:256]
            same = "same" if list(tokens) == ids else "DIFFER"
            kl, top1 = kl_top1(theirs, o[: len(theirs)])
            print(f"{os.path.basename(model):<28} {same:>8} {top1:7.3f} {kl:10.3g}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["goldens"]:
        goldens()
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) > 4:
        compare(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
