#!/usr/bin/env python3
"""Dev-time oracle (not run by CI): llama.cpp's own tokenizer (llama-cpp-python) on the
vocabulary fixtures, for texts.json plus the harder texts below, under every byte-level
pre-tokenizer the tests cover and for the SentencePiece-style vocabulary. Writes
llama_cpp_goldens.json ({"texts": [...], "bpe": {pre: [ids per text]}, "spm": [ids per text]})
and prints where llama.cpp and Hugging Face (goldens.json) differ.

usage: python3 check_llama_cpp.py
"""
import json, os, tempfile
import gguf
from llama_cpp import Llama

HERE = os.path.dirname(os.path.abspath(__file__))
PRES = ["llama-bpe", "qwen2", "smollm", "default", "gpt-2"]
EXTRA = [
    "    indented    code\n\n\n\n    with   runs     of spaces\t\t\t and tabs  \n",
    "x = {'a': [1, 2.5e-3, -7], \"b\": None}  # comment\nif x['a'][0] >= 1_000_000: pass\r\n",
    "fn main() -> Result<(), Box<dyn Error>> { let v: Vec<u8> = vec![0xff; 32]; Ok(()) }",
    "2024-11-22T01:15:00Z 3.14159265358979 1e-9 0x7fffffff 1234567890123 ½ ¾ ① ⅷ",
    "Ça va? Où êtes-vous? Ærøskøbing, Łódź, İstanbul, ǅ, ß→SS, ﬁ ligature, e\u0301 (combining)",
    "家族👨‍👩‍👧‍👦、絵文字😀😃😄、顔文字(＾▽＾)、全角ＡＢＣ１２３、半角ｶﾀｶﾅ",
    "중국어와 日本語 mixed with English words and 数字123 and emoji🎉🎉🎉",
    "      ",
    "\n",
    " \n \n \n",
    "word\u00a0\u00a0\u00a0word\u2003\u2003word",
    "<|eot_id|><|begin_of_text|> not special here",
    "I'm   You'RE  they'LL  it's'S  '''quoted'''",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
]


def vocabulary_copy(path, pre, out):
    """The same vocabulary with another tokenizer.ggml.pre (llama.cpp reads the pre-tokenizer there)."""
    r = gguf.GGUFReader(path)
    def value(k):
        f = r.fields[k]
        return f.contents() if hasattr(f, "contents") else f.parts[f.data[0]][0]
    w = gguf.GGUFWriter(out, "llama")
    w.add_tokenizer_model("gpt2"); w.add_tokenizer_pre(pre)
    w.add_token_list(value("tokenizer.ggml.tokens")); w.add_token_types(value("tokenizer.ggml.token_type"))
    w.add_token_merges(value("tokenizer.ggml.merges"))
    w.add_bos_token_id(int(value("tokenizer.ggml.bos_token_id"))); w.add_eos_token_id(int(value("tokenizer.ggml.eos_token_id")))
    w.add_eot_token_id(int(value("tokenizer.ggml.eot_token_id"))); w.add_add_bos_token(True)
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()


def tokenize(path, texts):
    m = Llama(path, vocab_only=True, verbose=False)
    return [m.tokenize(t.encode(), add_bos=False, special=False) for t in texts]


def main():
    texts = json.load(open(os.path.join(HERE, "texts.json"), encoding="utf-8")) + EXTRA
    hf = json.load(open(os.path.join(HERE, "goldens.json"), encoding="utf-8"))
    out = {"texts": texts, "bpe": {}, "spm": tokenize(os.path.join(HERE, "spm-vocab.gguf"), texts)}
    with tempfile.TemporaryDirectory() as tmp:
        for pre in PRES:
            path = os.path.join(tmp, pre + ".gguf")
            vocabulary_copy(os.path.join(HERE, "bpe-vocab.gguf"), pre, path)
            out["bpe"][pre] = tokenize(path, texts)
    for name, ids, golden in [("spm", out["spm"], hf["spm"])] + [(p, out["bpe"][p], hf["bpe"][p]) for p in PRES]:
        differ = [t for t, a, b in zip(texts, ids, golden) if a != b]
        print(f"{name}: llama.cpp and Hugging Face differ on {len(differ)} of {len(golden)} texts", *map(repr, differ[:5]))
    json.dump(out, open(os.path.join(HERE, "llama_cpp_goldens.json"), "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
