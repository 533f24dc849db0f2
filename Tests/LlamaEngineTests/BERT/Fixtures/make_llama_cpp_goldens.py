#!/usr/bin/env python3
"""Dev-time oracle: llama.cpp's embeddings (through llama-cpp-python) of the parity sentences,
from GGUF files our converter wrote, for the test that our engine and llama.cpp agree on the
same file. Every STEP-th sentence (0, 5, 10, ...: the rows the conversion test checks), with
Hugging Face's token ids (token-ids.json) fed to llama.cpp directly, so that the comparison
is of the encoders, not of the tokenizers.

  llama-cpp-TYPE.f16   little-endian float16, one row of `dimension` values per sentence
                       (mean pooling, L2 normalised)

Usage: make_llama_cpp_goldens.py TYPE=MODEL.gguf ...   e.g. q4_0=/tmp/minilm.q4_0.gguf
Also prints each file's worst and median cosine against reference-embeddings.f32 (float BERT).
"""
import json, os, sys
import numpy as np
import llama_cpp

# Weights in plain CPU buffers, not llama.cpp's AMX buffer (see the module).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../..", "scripts"))
import llama_cpp_plain_buffers  # noqa: E402,F401

STEP = 5
here = os.path.dirname(os.path.abspath(__file__))
ids = json.load(open(os.path.join(here, "token-ids.json")))["tokenIds"][::STEP]
reference = np.fromfile(os.path.join(here, "reference-embeddings.f32"), dtype="<f4")


def embed(path):
    llm = llama_cpp.Llama(path, embedding=True, n_ctx=512, n_batch=512, n_ubatch=512,
                          pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)
    rows = []
    for tokens in ids:
        batch = llama_cpp.llama_batch_init(len(tokens), 0, 1)
        try:
            batch.n_tokens = len(tokens)
            for i, t in enumerate(tokens):
                batch.token[i] = t
                batch.pos[i] = i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = True
            if llama_cpp.llama_decode(llm._ctx.ctx, batch) != 0:
                raise RuntimeError("llama_decode failed")
            ptr = llama_cpp.llama_get_embeddings_seq(llm._ctx.ctx, 0)
            v = np.array(ptr[: llm.n_embd()], dtype=np.float32)
        finally:
            llama_cpp.llama_batch_free(batch)
        rows.append(v / np.linalg.norm(v))
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(llm._ctx.ctx), True)
    return np.stack(rows)


for argument in sys.argv[1:]:
    kind, path = argument.split("=", 1)
    rows = embed(path)
    rows.astype("<f2").tofile(os.path.join(here, f"llama-cpp-{kind}.f16"))
    expected = reference.reshape(-1, rows.shape[1])[::STEP]
    cosines = (rows * expected).sum(1)
    print(f"{kind}: {len(rows)} sentences from {path}; against the float reference: "
          f"worst {cosines.min():.5f} median {np.median(cosines):.5f}")
