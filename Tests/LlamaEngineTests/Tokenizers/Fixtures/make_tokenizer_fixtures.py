#!/usr/bin/env python3
"""Dev-time oracle for the tokenizer tests (not run by CI): writes small vocabulary-only GGUF
files and the token ids Hugging Face `tokenizers` gives for texts.json.

  bpe-vocab.gguf   byte-level BPE trained by ../../../../../shared/tools/make_llama_gguf.py's
                   recipe (8192 tokens, llama-bpe pre-tokenizer, Llama 3 special tokens)
  spm-vocab.gguf   SentencePiece-style BPE with <0xNN> byte fallback, trained here
  goldens.json     {"bpe": {pre: [ids per text]}, "spm": [ids per text]}

usage: python3 make_tokenizer_fixtures.py
"""
import json, os, sys
import gguf
from tokenizers import Tokenizer, Regex, models, trainers, pre_tokenizers, decoders, normalizers

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, "/work/shared/tools")
import make_llama_gguf as mk  # noqa: E402

LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2 = LLAMA3.replace(r"\p{N}{1,3}", r"\p{N}")
GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"
DEFAULT = [r"[\p{P}\$\+<=>\^~\|]+", GPT2, r"\p{N}+", r"[0-9][0-9][0-9]"]


def split(regex):
    return pre_tokenizers.Split(Regex(regex), behavior="isolated")


def with_pre(base, pres, ignore_merges=False):
    """The trained tokenizer with another pre-tokenizer sequence (ByteLevel mapping last)."""
    spec = json.loads(base.to_str())
    spec["model"]["ignore_merges"] = ignore_merges
    tok = Tokenizer.from_str(json.dumps(spec))
    tok.pre_tokenizer = pre_tokenizers.Sequence(pres + [pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    return tok


def bpe(texts):
    base = mk.train_bpe(8192)
    v = base.get_vocab()
    tokens = [t for t, _ in sorted(v.items(), key=lambda kv: kv[1])]
    types = [1] * len(tokens)
    merges = [" ".join(m) if isinstance(m, (list, tuple)) else m for m in json.loads(base.to_str())["model"]["merges"]]
    for s in mk.SPECIALS:
        tokens.append(s); types.append(3)
    w = gguf.GGUFWriter(os.path.join(HERE, "bpe-vocab.gguf"), "llama")
    w.add_tokenizer_model("gpt2"); w.add_tokenizer_pre("llama-bpe"); w.add_token_list(tokens); w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(tokens.index("<|begin_of_text|>")); w.add_eos_token_id(tokens.index("<|eot_id|>"))
    w.add_eot_token_id(tokens.index("<|eot_id|>")); w.add_add_bos_token(True)
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
    oracles = {
        "llama-bpe": with_pre(base, [split(LLAMA3)], ignore_merges=True),
        "qwen2": with_pre(base, [split(QWEN2)]),
        "smollm": with_pre(base, [pre_tokenizers.Digits(individual_digits=True), split(GPT2)]),
        "default": with_pre(base, [split(r) for r in DEFAULT]),
        "gpt-2": with_pre(base, [split(GPT2)]),
    }
    return {pre: [tok.encode(t).ids for t in texts] for pre, tok in oracles.items()}


def spm(texts):
    specials = ["<unk>", "<s>", "</s>"]
    byte_tokens = [f"<0x{b:02X}>" for b in range(256)]
    norm = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True))
    tok.normalizer = norm
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="never", split=True)
    tr = trainers.BpeTrainer(vocab_size=3000, special_tokens=specials, limit_alphabet=300, show_progress=False)
    tok.train_from_iterator(mk.corpus(), tr)
    trained = json.loads(tok.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in trained["merges"]]
    learned = [t for t, _ in sorted(trained["vocab"].items(), key=lambda kv: kv[1]) if t not in specials]
    tokens = specials + byte_tokens + learned
    ids = {t: i for i, t in enumerate(tokens)}
    # SentencePiece scores: merged pieces by merge order, single characters last.
    rank = {a + b: i for i, (a, b) in enumerate(merges)}
    scores = [0.0] * len(tokens)
    for t, i in ids.items():
        scores[i] = -float(rank[t]) if t in rank else -1e6 - i
    types = [2, 3, 3] + [6] * 256 + [1] * len(learned)
    w = gguf.GGUFWriter(os.path.join(HERE, "spm-vocab.gguf"), "llama")
    w.add_tokenizer_model("llama"); w.add_token_list(tokens); w.add_token_scores(scores); w.add_token_types(types)
    w.add_bos_token_id(1); w.add_eos_token_id(2); w.add_unk_token_id(0); w.add_add_bos_token(True); w.add_add_eos_token(False)
    w.add_add_space_prefix(True)
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
    # The oracle: a Llama-2-style HF tokenizer over the same vocabulary and merges (no pre-split).
    oracle = Tokenizer(models.BPE(vocab=ids, merges=merges, unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    oracle.normalizer = norm
    return [oracle.encode(t).ids for t in texts]


def main():
    texts = json.load(open(os.path.join(HERE, "texts.json"), encoding="utf-8"))
    goldens = {"bpe": bpe(texts), "spm": spm(texts)}
    with open(os.path.join(HERE, "goldens.json"), "w", encoding="utf-8") as f:
        json.dump(goldens, f, separators=(",", ":"))
    for name in ("bpe-vocab.gguf", "spm-vocab.gguf", "goldens.json"):
        print(name, os.path.getsize(os.path.join(HERE, name)), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
