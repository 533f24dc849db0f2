#!/usr/bin/env python3
"""Helper of Benchmarks/embed.sh.

  embed_chunks.py chunks MODEL_DIR N TOKENS > chunks.jsonl
      N deterministic chunks of about TOKENS BERT tokens ([CLS]/[SEP] included) cut from
      local English text (the Python standard library's docstrings), one JSON string per line.
  embed_chunks.py llama MODEL.gguf chunks.jsonl THREADS
      llama.cpp (llama-cpp-python) embeds every chunk with THREADS threads, mean pooling;
      prints "texts_per_second <value>" on stdout. Loading is not timed.
"""
import json, os, sys, time


def chunks(model_dir, count, tokens):
    import importlib
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding(); tok.no_truncation()
    words = []
    # A fixed list of standard-library modules that are safe to import (no side effects).
    for name in ["argparse", "asyncio", "collections", "csv", "dataclasses", "datetime",
                 "decimal", "email", "enum", "functools", "hashlib", "http.client", "inspect",
                 "itertools", "json", "logging", "os", "pathlib", "random", "re", "shutil",
                 "socket", "sqlite3", "ssl", "statistics", "string", "subprocess", "tarfile",
                 "textwrap", "threading", "unittest", "urllib.parse", "zipfile"]:
        module = importlib.import_module(name)
        for obj in [module] + [getattr(module, a, None) for a in sorted(dir(module))]:
            doc = getattr(obj, "__doc__", None)
            if isinstance(doc, str):
                words.extend(doc.split())
    out, position = [], 0
    while len(out) < count:
        n = int(tokens * 0.7)
        while True:
            text = " ".join(words[position % len(words):position % len(words) + n])
            length = len(tok.encode(text).ids)
            if length >= tokens or n > 4 * tokens:
                break
            n += max(1, (tokens - length) // 2)
        while len(tok.encode(text).ids) > tokens and n > 1:
            n -= 1
            text = " ".join(words[position % len(words):position % len(words) + n])
        out.append(text)
        position += n
    for text in out:
        print(json.dumps(text))


def llama(model, path, threads):
    import llama_cpp
    # Weights in plain CPU buffers, not llama.cpp's AMX buffer (see the module).
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    import llama_cpp_plain_buffers  # noqa: E402,F401
    texts = [json.loads(line) for line in open(path, encoding="utf-8")]
    llm = llama_cpp.Llama(model, embedding=True, n_threads=threads, n_threads_batch=threads,
                          n_ctx=512, n_batch=512, n_ubatch=512,
                          pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)
    llm.embed(texts[:2])  # warm-up, as our side's first batch is not special either
    start = time.perf_counter()
    for text in texts:
        llm.embed(text, normalize=True, truncate=True)
    seconds = time.perf_counter() - start
    print(f"texts_per_second {len(texts) / seconds:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "chunks":
        chunks(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "llama":
        llama(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
