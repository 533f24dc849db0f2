"""Dev-time oracle: quantisation goldens from gguf-py (llama.cpp's Python port of ggml-quants).

Writes quant-goldens.gguf holding, per type T:
  T.input        f32 values (rows of 512, awkward magnitudes, a zero block, ties)
  T.quantized    gguf.quants.quantize(input, T)        (types gguf-py can quantise)
                 or random blocks with finite scales    (k-quants: gguf-py only dequantises)
  T.dequantized  gguf.quants.dequantize(T.quantized, T)
Run from this folder: python3 make_quant_goldens.py
"""
import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q

rng = np.random.default_rng(20261121)
ROW = 512
ROWS = 4


def inputs() -> np.ndarray:
    x = rng.standard_normal((ROWS, ROW)).astype(np.float32)
    x[0] *= 1e-3
    x[1, :64] = 0.0                          # all-zero blocks
    x[1, 64:96] = 1.5                        # constant block
    x[2] *= np.exp(rng.uniform(-8, 8, ROW)).astype(np.float32)
    x[3, 0:32] = np.linspace(-1, 1, 32)      # ties at .5 after scaling
    x[3, 40] = -7.0                          # negative absmax
    return x


def random_k_blocks(qtype: Q, n_blocks: int) -> np.ndarray:
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, (n_blocks, size), dtype=np.uint8)
    # Finite, moderate f16 scales: overwrite the d / dmin fields.
    def put_half(offset: int) -> None:
        h = rng.uniform(-0.05, 0.05, n_blocks).astype(np.float16).view(np.uint8).reshape(n_blocks, 2)
        raw[:, offset:offset + 2] = h
    offsets = {Q.Q2_K: [80, 82], Q.Q3_K: [108], Q.Q4_K: [0, 2], Q.Q5_K: [0, 2], Q.Q6_K: [208]}
    for o in offsets[qtype]:
        put_half(o)
    return raw


w = gguf.GGUFWriter("quant-goldens.gguf", "goldens")
x = inputs()
for qtype in [Q.F16, Q.BF16, Q.Q4_0, Q.Q4_1, Q.Q5_0, Q.Q5_1, Q.Q8_0]:
    name = qtype.name.lower()
    q = gguf.quants.quantize(x, qtype)
    dq = gguf.quants.dequantize(q, qtype).astype(np.float32)
    w.add_tensor(f"{name}.input", x)
    w.add_tensor(f"{name}.quantized", q, raw_shape=q.shape, raw_dtype=qtype)
    w.add_tensor(f"{name}.dequantized", dq)
for qtype in [Q.Q2_K, Q.Q3_K, Q.Q4_K, Q.Q5_K, Q.Q6_K]:
    name = qtype.name.lower()
    n_blocks = ROWS * ROW // 256
    q = random_k_blocks(qtype, n_blocks).reshape(ROWS, -1)
    dq = gguf.quants.dequantize(q, qtype).astype(np.float32)
    w.add_tensor(f"{name}.quantized", q, raw_shape=q.shape, raw_dtype=qtype)
    w.add_tensor(f"{name}.dequantized", dq)
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
