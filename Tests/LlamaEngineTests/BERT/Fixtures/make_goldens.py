#!/usr/bin/env python3
"""Dev-time oracle: writes the committed goldens for the WordPiece and BERT parity tests.

  token-ids.json            Hugging Face `tokenizers` ids of every sentence in sentences.jsonl
                            ([CLS] ... [SEP], truncated at 512, the model's context)
  reference-embeddings.f32  ../shared/reference/bert_ref.py embeddings (float32 numpy BERT from
                            the Hugging Face files, mean pooling, L2 norm), little-endian float32,
                            one row of `dimension` values per sentence

Usage: make_goldens.py MODEL_DIR BERT_REF_PY
CI never runs this; it needs numpy, scipy, safetensors and tokenizers.
"""
import importlib.util, json, os, sys
import numpy as np
from tokenizers import Tokenizer

MAX_LENGTH = 512
here = os.path.dirname(os.path.abspath(__file__))
model_dir, bert_ref_path = sys.argv[1], sys.argv[2]
sentences = [json.loads(line) for line in open(os.path.join(here, "sentences.jsonl"), encoding="utf-8")]

tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
tokenizer.no_padding()
tokenizer.enable_truncation(MAX_LENGTH)
ids = [tokenizer.encode(s).ids for s in sentences]
with open(os.path.join(here, "token-ids.json"), "w") as f:
    json.dump({"maxLength": MAX_LENGTH, "tokenIds": ids}, f, separators=(",", ":"))

spec = importlib.util.spec_from_file_location("bert_ref", bert_ref_path)
bert_ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bert_ref)
embeddings = bert_ref.embed(model_dir, sentences, max_len=MAX_LENGTH)
embeddings.astype("<f4").tofile(os.path.join(here, "reference-embeddings.f32"))
print(len(sentences), "sentences,", sum(map(len, ids)), "tokens,",
      sum(len(i) > 256 for i in ids), "longer than 256, dimension", embeddings.shape[1])
