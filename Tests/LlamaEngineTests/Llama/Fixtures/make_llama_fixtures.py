#!/usr/bin/env python3
"""Dev-time oracle for the llama model tests (not run by CI). Writes micro llama GGUFs
(2 layers, dim 64, 4 heads over 2 KV heads, a 260-token byte vocabulary) in several weight
types and the logits an independent float64 numpy forward gives for a fixed token sequence:

  micro-{F32,F16,Q8_0,Q4_0}.gguf   separate output matrix, rope base 10000
  micro-scaled-F32.gguf            tied output, Llama 3.1 rope_freqs factors and linear scaling
  micro-Q4_K_M.gguf                dim 256: Q4_K and Q6_K mixed as llama.cpp's Q4_K_M mixes them
                                   (random k-quant blocks: gguf-py has no k-quant quantiser, and
                                   any block is a valid weight for a parity test)
  goldens.json                     {"tokens": [...], "<name>": {"top1": [...], "logits_file": ...}}
  <name>.logits.f32                little-endian float32 [positions][vocab]

usage: python3 make_llama_fixtures.py   (checked against ../../../../../shared/reference/llama_ref.py)
"""
import json, os
import numpy as np, gguf

HERE = os.path.dirname(os.path.abspath(__file__))
DIM, LAYERS, HEADS, KV, FFN = 64, 2, 4, 2, 160
SHAPES = {"micro": (64, 160), "k": (256, 512)}
BYTES = [chr(b) for b in range(256)]


def byte_chars():
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    out, n = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + n); n += 1
    return [out[b] for b in range(256)]


TOKENS = byte_chars() + ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|reserved|>"]
TYPES = [1] * 256 + [3] * 4
VOCAB = len(TOKENS)


def weights(seed):
    rng = np.random.default_rng(seed)
    w = {"token_embd.weight": rng.standard_normal((VOCAB, DIM)).astype(np.float32)}
    for l in range(LAYERS):
        p = f"blk.{l}."
        hd = DIM // HEADS
        w[p + "attn_norm.weight"] = (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32)
        for name, shape in [("attn_q", (HEADS * hd, DIM)), ("attn_k", (KV * hd, DIM)), ("attn_v", (KV * hd, DIM)),
                            ("attn_output", (DIM, HEADS * hd)), ("ffn_gate", (FFN, DIM)), ("ffn_up", (FFN, DIM)),
                            ("ffn_down", (DIM, FFN))]:
            w[p + name + ".weight"] = (rng.standard_normal(shape) / np.sqrt(shape[1])).astype(np.float32)
        w[p + "ffn_norm.weight"] = (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32)
    w["output_norm.weight"] = (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32)
    w["output.weight"] = (4 * rng.standard_normal((VOCAB, DIM)) / np.sqrt(DIM)).astype(np.float32)
    return w


def write(path, w, qtype, scaled):
    q = gguf.GGMLQuantizationType[qtype]
    g = gguf.GGUFWriter(path, "llama")
    g.add_name("micro"); g.add_context_length(256); g.add_embedding_length(DIM); g.add_block_count(LAYERS)
    g.add_feed_forward_length(FFN); g.add_head_count(HEADS); g.add_head_count_kv(KV)
    g.add_rope_freq_base(500000.0 if scaled else 10000.0); g.add_layer_norm_rms_eps(1e-5)
    g.add_rope_dimension_count(DIM // HEADS); g.add_vocab_size(VOCAB)
    if scaled:
        g.add_rope_scaling_type(gguf.RopeScalingType.LINEAR); g.add_rope_scaling_factor(2.0)
    g.add_tokenizer_model("gpt2"); g.add_tokenizer_pre("llama-bpe"); g.add_token_list(TOKENS); g.add_token_types(TYPES)
    g.add_token_merges([]); g.add_bos_token_id(256); g.add_eos_token_id(258); g.add_eot_token_id(258); g.add_add_bos_token(True)
    for name, x in w.items():
        if scaled and name == "output.weight":
            continue
        if x.ndim == 1 or q == gguf.GGMLQuantizationType.F32:
            g.add_tensor(name, x)
        elif q == gguf.GGMLQuantizationType.F16:
            g.add_tensor(name, x.astype(np.float16))
        else:
            g.add_tensor(name, gguf.quants.quantize(x, q), raw_dtype=q)
    if scaled:
        g.add_tensor("rope_freqs.weight", rope_factors())
    g.write_header_to_file(); g.write_kv_data_to_file(); g.write_tensors_to_file(); g.close()


def rope_factors():
    # Llama 3.1's recipe: long wavelengths slowed by 8, short ones kept, a smooth ramp between.
    hd = DIM // HEADS
    inv = 500000.0 ** (-np.arange(0, hd, 2) / hd)
    wavelen = 2 * np.pi / inv
    low, high, factor, original = 1.0, 4.0, 8.0, 64
    smooth = (original / wavelen - low) / (high - low)
    f = np.where(wavelen < original / high, 1.0, np.where(wavelen > original / low, factor, 1 / ((1 - smooth) / factor + smooth)))
    return f.astype(np.float32)


def forward(path, tokens):
    """Independent float64 forward over the weights as stored (dequantised)."""
    r = gguf.GGUFReader(path)
    def field(k):
        f = r.fields.get(k)
        return None if f is None else f.parts[f.data[0]][0]
    def T(name):
        t = next((x for x in r.tensors if x.name == name), None)
        if t is None:
            return None
        a = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float64)
        return a.reshape([int(d) for d in reversed(t.shape)]) if len(t.shape) > 1 else a.reshape(-1)
    base = float(field("llama.rope.freq_base")); scale = 1.0
    if field("llama.rope.scaling.factor") is not None:
        scale = 1 / float(field("llama.rope.scaling.factor"))
    factors = T("rope_freqs.weight")
    hd = DIM // HEADS; n = len(tokens)
    E = T("token_embd.weight"); x = E[tokens]
    inv = base ** (-np.arange(0, hd, 2) / hd)
    if factors is not None:
        inv = inv / factors
    ang = (np.arange(n) * scale)[:, None] * inv[None, :]
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    def rope(v):
        a, b = v[..., 0::2], v[..., 1::2]
        out = np.empty_like(v); out[..., 0::2] = a * cos - b * sin; out[..., 1::2] = a * sin + b * cos
        return out
    def norm(v, w):
        return v / np.sqrt((v * v).mean(-1, keepdims=True) + 1e-5) * w
    causal = np.triu(np.full((n, n), -np.inf), 1)
    for l in range(LAYERS):
        p = f"blk.{l}."
        h = norm(x, T(p + "attn_norm.weight"))
        q = rope((h @ T(p + "attn_q.weight").T).reshape(n, HEADS, hd))
        k = np.repeat(rope((h @ T(p + "attn_k.weight").T).reshape(n, KV, hd)), HEADS // KV, axis=1)
        v = np.repeat((h @ T(p + "attn_v.weight").T).reshape(n, KV, hd), HEADS // KV, axis=1)
        s = np.einsum("ihd,jhd->hij", q, k) / np.sqrt(hd) + causal
        s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
        x = x + np.einsum("hij,jhd->ihd", s, v).reshape(n, DIM) @ T(p + "attn_output.weight").T
        h = norm(x, T(p + "ffn_norm.weight"))
        g = h @ T(p + "ffn_gate.weight").T
        x = x + (g / (1 + np.exp(-g)) * (h @ T(p + "ffn_up.weight").T)) @ T(p + "ffn_down.weight").T
    out = T("output.weight")
    return (norm(x, T("output_norm.weight")) @ (E if out is None else out).T).astype(np.float32)


def random_k_blocks(rng, shape, qtype):
    """Random blocks of a k-quant with scales chosen so the weights are ~N(0, 1/fan_in)."""
    rows, cols = shape
    nblocks = rows * cols // 256
    if qtype == "Q6_K":  # ql[128] qh[64] scales[16] (int8) d (f16)
        b = rng.integers(0, 256, size=(nblocks, 210), dtype=np.uint8)
        b[:, 192:208] = rng.integers(-8, 9, size=(nblocks, 16)).astype(np.int8).view(np.uint8)
        b[:, 208:210] = np.full(nblocks, 1.0 / (18 * 5 * np.sqrt(cols)), dtype=np.float16).view(np.uint8).reshape(-1, 2)
    else:  # Q4_K: d (f16) dmin (f16) scales[12] (6-bit) qs[128]
        b = rng.integers(0, 256, size=(nblocks, 144), dtype=np.uint8)
        b[:, 0:2] = np.full(nblocks, 1.0 / (32 * 8 * np.sqrt(cols)), dtype=np.float16).view(np.uint8).reshape(-1, 2)
        b[:, 2:4] = np.full(nblocks, 1.0 / (32 * 16 * np.sqrt(cols)), dtype=np.float16).view(np.uint8).reshape(-1, 2)
    return b.reshape(rows, -1)


def write_k(path, seed):
    """Q4_K_M's mix: Q6_K for attn_v, ffn_down and output; Q4_K elsewhere; norms in F32."""
    global DIM, FFN
    DIM, FFN = SHAPES["k"]
    rng = np.random.default_rng(seed)
    w = weights(seed)
    g = gguf.GGUFWriter(path, "llama")
    g.add_name("micro-k"); g.add_context_length(256); g.add_embedding_length(DIM); g.add_block_count(LAYERS)
    g.add_feed_forward_length(FFN); g.add_head_count(HEADS); g.add_head_count_kv(KV)
    g.add_rope_freq_base(10000.0); g.add_layer_norm_rms_eps(1e-5); g.add_rope_dimension_count(DIM // HEADS)
    g.add_vocab_size(VOCAB); g.add_file_type(15)
    g.add_tokenizer_model("gpt2"); g.add_tokenizer_pre("llama-bpe"); g.add_token_list(TOKENS); g.add_token_types(TYPES)
    g.add_token_merges([]); g.add_bos_token_id(256); g.add_eos_token_id(258); g.add_add_bos_token(True)
    for name, x in w.items():
        if x.ndim == 1:
            g.add_tensor(name, x); continue
        qtype = "Q6_K" if "attn_v" in name or "ffn_down" in name or name == "output.weight" else "Q4_K"
        g.add_tensor(name, random_k_blocks(rng, x.shape, qtype), raw_dtype=gguf.GGMLQuantizationType[qtype])
    g.write_header_to_file(); g.write_kv_data_to_file(); g.write_tensors_to_file(); g.close()


def main():
    text = "The quick brown fox jumps over the lazy dog. Grüße, 世界! 12345\n" * 2
    tokens = [256] + [byte_chars().index(c) for c in "".join(byte_chars()[b] for b in text.encode())][:63]
    w = weights(11)
    goldens = {"tokens": tokens}
    for name, qtype, scaled in [("micro-F32", "F32", False), ("micro-F16", "F16", False), ("micro-Q8_0", "Q8_0", False),
                                ("micro-Q4_0", "Q4_0", False), ("micro-scaled-F32", "F32", True)]:
        path = os.path.join(HERE, name + ".gguf")
        write(path, w, qtype, scaled)
        logits = forward(path, np.array(tokens))
        logits.astype("<f4").tofile(os.path.join(HERE, name + ".logits.f32"))
        goldens[name] = {"top1": logits.argmax(-1).tolist()}
    write_k(os.path.join(HERE, "micro-Q4_K_M.gguf"), 12)
    logits = forward(os.path.join(HERE, "micro-Q4_K_M.gguf"), np.array(tokens))
    logits.astype("<f4").tofile(os.path.join(HERE, "micro-Q4_K_M.logits.f32"))
    goldens["micro-Q4_K_M"] = {"top1": logits.argmax(-1).tolist()}
    json.dump(goldens, open(os.path.join(HERE, "goldens.json"), "w"))
    for f in sorted(os.listdir(HERE)):
        print(f, os.path.getsize(os.path.join(HERE, f)))


if __name__ == "__main__":
    main()
