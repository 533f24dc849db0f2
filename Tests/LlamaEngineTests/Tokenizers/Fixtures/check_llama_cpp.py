#!/usr/bin/env python3
"""Dev-time check (not run by CI): llama.cpp's tokenizer on the vocabulary fixtures gives the
same ids as goldens.json (Hugging Face). Needs llama-cpp-python.

usage: python3 check_llama_cpp.py
"""
import json, os, sys
from llama_cpp import Llama

HERE = os.path.dirname(os.path.abspath(__file__))
texts = json.load(open(os.path.join(HERE, "texts.json"), encoding="utf-8"))
goldens = json.load(open(os.path.join(HERE, "goldens.json"), encoding="utf-8"))
failures = 0
for name, expected in [("bpe-vocab.gguf", goldens["bpe"]["llama-bpe"]), ("spm-vocab.gguf", goldens["spm"])]:
    m = Llama(os.path.join(HERE, name), vocab_only=True, verbose=False)
    for text, ids in zip(texts, expected):
        got = m.tokenize(text.encode(), add_bos=False, special=False)
        if got != ids:
            failures += 1
            print(f"{name}: {text!r}\n  llama.cpp {got}\n  goldens   {ids}")
    print(f"{name}: {len(texts)} texts checked")
sys.exit(1 if failures else 0)
