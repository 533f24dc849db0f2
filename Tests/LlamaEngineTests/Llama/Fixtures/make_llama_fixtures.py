#!/usr/bin/env python3
"""Dev-time oracle for the llama model tests (not run by CI). Writes micro llama GGUFs
(2 layers, dim 64, 4 heads over 2 KV heads, a 260-token byte vocabulary) in several weight
types and the logits an independent float64 numpy forward gives for a fixed token sequence:

  micro-{F32,F16,Q8_0,Q4_0}.gguf   separate output matrix, rope base 10000
  micro-scaled-F32.gguf            tied output, Llama 3.1 rope_freqs factors and linear scaling
  micro-Q4_K_M.gguf                dim 256: Q4_K and Q6_K mixed as llama.cpp's Q4_K_M mixes them,
                                   Gaussian weights through a plain numpy k-quantiser (gguf-py
                                   has none). Random blocks would not do: their weights are all
                                   positive-biased, attention saturates, and rounding activations
                                   to 8 bits alone then moves the logits by KL 0.03.
  goldens.json                     {"tokens": [...], "<name>": {"top1": [...]}}
  <name>.logits.f32                little-endian float32 [positions][vocab], float activations
  <name>.q8.logits.f32             the same with activations rounded as llama.cpp rounds them
                                   before quantized matrices (q8_0 / q8_K), for quantized files

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
# One merge of two bytes no test text holds (0x00 0x01), whose result is not in the vocabulary:
# llama.cpp refuses a byte-level vocabulary without merges, and this one never applies.
MERGES = [TOKENS[0] + " " + TOKENS[1]]
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
    g.add_token_merges(MERGES); g.add_bos_token_id(256); g.add_eos_token_id(258); g.add_eot_token_id(258); g.add_add_bos_token(True)
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


def quantize_activations(x, block, kind):
    """llama.cpp's activation rounding before a quantized matmul (x86 quantize_row_q8_0 and
    quantize_row_q8_K), dequantised again: q8_0 (127/amax, nearest even, the scale stored as
    f16) for Q4_0/Q8_0 weights, q8_K (-127/max in f32, clamped at 127) for k-quants."""
    b = x.astype(np.float32).reshape(-1, block)
    if kind == "q8_0":
        amax = np.abs(b).max(-1)
        inv = np.divide(np.float32(127), amax, out=np.zeros_like(amax), where=amax > 0)
        q = np.rint(b * inv[:, None])
        d = (amax / np.float32(127)).astype(np.float16)
        out = q.astype(np.float64) * d.astype(np.float64)[:, None]
    else:
        mx = np.take_along_axis(b, np.abs(b).argmax(-1)[:, None], -1)[:, 0]
        iscale = np.divide(np.float32(-127), mx, out=np.zeros_like(mx), where=mx != 0)
        q = np.minimum(127, np.rint(b * iscale[:, None]))
        scale = np.divide(np.float32(1), iscale, out=np.zeros_like(iscale), where=iscale != 0)
        out = q.astype(np.float64) * scale.astype(np.float64)[:, None]
    return out.reshape(x.shape)


def forward(path, tokens, quantize=False):
    """Independent float64 forward over the weights as stored (dequantised). With `quantize`,
    activations meet quantized weights rounded as llama.cpp rounds them (and as our kernels do)."""
    r = gguf.GGUFReader(path)
    types = {t.name: t.tensor_type.name for t in r.tensors}
    def field(k):
        f = r.fields.get(k)
        return None if f is None else f.parts[f.data[0]][0]
    def T(name):
        t = next((x for x in r.tensors if x.name == name), None)
        if t is None:
            return None
        a = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float64)
        return a.reshape([int(d) for d in reversed(t.shape)]) if len(t.shape) > 1 else a.reshape(-1)
    def mm(h, name):
        kind = types[name]
        if quantize and kind in ("Q4_0", "Q8_0"):
            h = quantize_activations(h, 32, "q8_0")
        elif quantize and kind.endswith("_K"):
            h = quantize_activations(h, 256, "q8_K")
        return h @ T(name).T
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
        q = rope(mm(h, p + "attn_q.weight").reshape(n, HEADS, hd))
        k = np.repeat(rope(mm(h, p + "attn_k.weight").reshape(n, KV, hd)), HEADS // KV, axis=1)
        v = np.repeat(mm(h, p + "attn_v.weight").reshape(n, KV, hd), HEADS // KV, axis=1)
        s = np.einsum("ihd,jhd->hij", q, k) / np.sqrt(hd) + causal
        s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
        x = x + mm(np.einsum("hij,jhd->ihd", s, v).reshape(n, DIM), p + "attn_output.weight")
        h = norm(x, T(p + "ffn_norm.weight"))
        g = mm(h, p + "ffn_gate.weight")
        x = x + mm(g / (1 + np.exp(-g)) * mm(h, p + "ffn_up.weight"), p + "ffn_down.weight")
    h = norm(x, T("output_norm.weight"))
    return (mm(h, "output.weight") if "output.weight" in types else h @ E.T).astype(np.float32)


def quantize_q4_K(x):
    """Plain Q4_K: per 32 values an affine range, sub-block scales/mins as 6-bit multiples of d/dmin."""
    rows, cols = x.shape
    b = x.reshape(-1, 8, 32).astype(np.float64)
    lo = np.minimum(b.min(-1), 0); hi = b.max(-1)
    scale = (hi - lo) / 15; mins = -lo
    d = scale.max(-1) / 63; dmin = mins.max(-1) / 63
    d = d.astype(np.float16); dmin = dmin.astype(np.float16)
    df = d.astype(np.float64)[:, None]; mf = dmin.astype(np.float64)[:, None]
    ls = np.clip(np.rint(np.divide(scale, df, out=np.zeros_like(scale), where=df > 0)), 0, 63).astype(np.uint8)
    lm = np.clip(np.rint(np.divide(mins, mf, out=np.zeros_like(mins), where=mf > 0)), 0, 63).astype(np.uint8)
    s = (df * ls)[..., None]; m = (mf * lm)[..., None]
    L = np.clip(np.rint(np.divide(b + m, s, out=np.zeros_like(b), where=s > 0)), 0, 15).astype(np.uint8)
    sc = np.zeros((len(b), 12), np.uint8)
    sc[:, 0:4] = ls[:, 0:4] | ((ls[:, 4:8] >> 4) << 6)
    sc[:, 4:8] = lm[:, 0:4] | ((lm[:, 4:8] >> 4) << 6)
    sc[:, 8:12] = (ls[:, 4:8] & 0xF) | ((lm[:, 4:8] & 0xF) << 4)
    L = L.reshape(-1, 4, 2, 32)
    qs = (L[:, :, 0, :] | (L[:, :, 1, :] << 4)).reshape(-1, 128)
    out = np.concatenate([d.view(np.uint8).reshape(-1, 2), dmin.view(np.uint8).reshape(-1, 2), sc, qs], axis=1)
    return out.reshape(rows, -1)

def quantize_q6_K(x):
    """Plain Q6_K: per 16 values a signed scale (the largest magnitude maps to -32), int8 scales of d."""
    rows, cols = x.shape
    b = x.reshape(-1, 16, 16).astype(np.float64)
    idx = np.abs(b).argmax(-1)
    mx = np.take_along_axis(b, idx[..., None], -1)[..., 0]
    scale = mx / -32
    amax = np.abs(scale).max(-1)
    d = (amax / 127).astype(np.float16); df = d.astype(np.float64)[:, None]
    ls = np.clip(np.rint(np.divide(scale, df, out=np.zeros_like(scale), where=df > 0)), -128, 127).astype(np.int8)
    s = (df * ls)[..., None]
    L = (np.clip(np.rint(np.divide(b, s, out=np.zeros_like(b), where=s != 0)), -32, 31) + 32).astype(np.uint8)
    L = L.reshape(-1, 2, 4, 32)  # [block][half][quarter][32]
    ql = np.concatenate([(L[:, :, 0] & 0xF) | ((L[:, :, 2] & 0xF) << 4), (L[:, :, 1] & 0xF) | ((L[:, :, 3] & 0xF) << 4)], axis=-1)
    qh = (L[:, :, 0] >> 4) | ((L[:, :, 1] >> 4) << 2) | ((L[:, :, 2] >> 4) << 4) | ((L[:, :, 3] >> 4) << 6)
    out = np.concatenate([ql.reshape(-1, 128), qh.reshape(-1, 64), ls.view(np.uint8), d.view(np.uint8).reshape(-1, 2)], axis=1)
    return out.reshape(rows, -1)


def write_k(path, seed):
    """Q4_K_M's mix: Q6_K for attn_v, ffn_down and output; Q4_K elsewhere; norms in F32."""
    global DIM, FFN
    DIM, FFN = SHAPES["k"]
    w = weights(seed)
    g = gguf.GGUFWriter(path, "llama")
    g.add_name("micro-k"); g.add_context_length(256); g.add_embedding_length(DIM); g.add_block_count(LAYERS)
    g.add_feed_forward_length(FFN); g.add_head_count(HEADS); g.add_head_count_kv(KV)
    g.add_rope_freq_base(10000.0); g.add_layer_norm_rms_eps(1e-5); g.add_rope_dimension_count(DIM // HEADS)
    g.add_vocab_size(VOCAB); g.add_file_type(15)
    g.add_tokenizer_model("gpt2"); g.add_tokenizer_pre("llama-bpe"); g.add_token_list(TOKENS); g.add_token_types(TYPES)
    g.add_token_merges(MERGES); g.add_bos_token_id(256); g.add_eos_token_id(258); g.add_add_bos_token(True)
    for name, x in w.items():
        if x.ndim == 1:
            g.add_tensor(name, x); continue
        qtype = "Q6_K" if "attn_v" in name or "ffn_down" in name or name == "output.weight" else "Q4_K"
        blocks = quantize_q6_K(x) if qtype == "Q6_K" else quantize_q4_K(x)
        g.add_tensor(name, blocks, raw_dtype=gguf.GGMLQuantizationType[qtype])
    g.write_header_to_file(); g.write_kv_data_to_file(); g.write_tensors_to_file(); g.close()


def save(name, tokens, quantized):
    """The float reference, and for quantized weights also the one with llama.cpp's activation rounding."""
    path = os.path.join(HERE, name + ".gguf")
    logits = forward(path, np.array(tokens))
    logits.astype("<f4").tofile(os.path.join(HERE, name + ".logits.f32"))
    if quantized:
        forward(path, np.array(tokens), quantize=True).astype("<f4").tofile(os.path.join(HERE, name + ".q8.logits.f32"))
    return {"top1": logits.argmax(-1).tolist()}


def main():
    text = "The quick brown fox jumps over the lazy dog. Grüße, 世界! 12345\n" * 2
    tokens = [256] + [byte_chars().index(c) for c in "".join(byte_chars()[b] for b in text.encode())][:63]
    w = weights(11)
    goldens = {"tokens": tokens}
    for name, qtype, scaled in [("micro-F32", "F32", False), ("micro-F16", "F16", False), ("micro-Q8_0", "Q8_0", False),
                                ("micro-Q4_0", "Q4_0", False), ("micro-scaled-F32", "F32", True)]:
        write(os.path.join(HERE, name + ".gguf"), w, qtype, scaled)
        goldens[name] = save(name, tokens, qtype.startswith("Q"))
    write_k(os.path.join(HERE, "micro-Q4_K_M.gguf"), 12)
    goldens["micro-Q4_K_M"] = save("micro-Q4_K_M", tokens, True)
    json.dump(goldens, open(os.path.join(HERE, "goldens.json"), "w"))
    for f in sorted(os.listdir(HERE)):
        print(f, os.path.getsize(os.path.join(HERE, f)))


if __name__ == "__main__":
    main()
