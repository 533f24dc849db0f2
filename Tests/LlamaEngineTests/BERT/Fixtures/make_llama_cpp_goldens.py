#!/usr/bin/env python3
"""Dev-time oracle: llama.cpp's embeddings (through llama-cpp-python) of the parity sentences,
from a GGUF file our converter wrote, for the test that our engine and llama.cpp agree on the
same file. Every STEP-th sentence, with Hugging Face's token ids (token-ids.json) fed to
llama.cpp directly, so the comparison is of the encoders, not of the tokenizers.

  llama-cpp-embeddings.f32   little-endian float32, one row of `dimension` values per sentence
                             0, STEP, 2*STEP, ... (mean pooling, L2 normalised)

Usage: make_llama_cpp_goldens.py MODEL.gguf [STEP]
"""
import json, os, sys
import numpy as np
import llama_cpp

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1]
step = int(sys.argv[2]) if len(sys.argv) > 2 else 4
ids = json.load(open(os.path.join(here, "token-ids.json")))["tokenIds"][::step]

llm = llama_cpp.Llama(path, embedding=True, n_ctx=512, n_batch=512, n_ubatch=512,
                      pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)
rows = []
for tokens in ids:
    llm.reset()
    llm._ctx.kv_cache_clear() if hasattr(llm._ctx, "kv_cache_clear") else None
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
    mem = llama_cpp.llama_get_memory(llm._ctx.ctx) if hasattr(llama_cpp, "llama_get_memory") else None
    if mem is not None:
        llama_cpp.llama_memory_clear(mem, True)
np.stack(rows).astype("<f4").tofile(os.path.join(here, "llama-cpp-embeddings.f32"))
print(len(rows), "sentences from", path)
