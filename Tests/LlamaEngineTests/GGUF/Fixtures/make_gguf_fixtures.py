"""Dev-time oracle: writes small GGUF files with gguf-py (llama.cpp's own Python writer).

GGUFFileTests read them and check that GGUFWriter produces the same bytes for the same
content. Run from this folder: python3 make_gguf_fixtures.py (needs numpy, gguf).
"""
import numpy as np
import gguf


def content(w: gguf.GGUFWriter) -> None:
    w.add_uint8("test.u8", 200)
    w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000)
    w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4_000_000_000)
    w.add_int32("test.i32", -2_000_000_000)
    w.add_uint64("test.u64", 2**63 + 5)
    w.add_int64("test.i64", -(2**62))
    w.add_float32("test.f32", 0.1)
    w.add_float64("test.f64", -2.5e-300)
    w.add_bool("test.bool", True)
    w.add_string("test.string", "héllo 世界 🙂")
    w.add_array("test.strings", ["a", "", "[UNK]", "▁the", "ü"])
    w.add_array("test.i32s", [1, -2, 3])
    w.add_array("test.f32s", [0.5, -1.25, 3e38])
    w.add_array("test.bools", [True, False, True])
    w.add_uint32("bert.context_length", 512)
    w.add_float32("bert.attention.layer_norm_epsilon", 1e-12)
    rng = np.random.default_rng(7)
    w.add_tensor("a.f32", rng.standard_normal((3, 5)).astype(np.float32))
    w.add_tensor("b.f16", rng.standard_normal(7).astype(np.float16))
    q8 = gguf.quants.quantize(rng.standard_normal((2, 64)).astype(np.float32),
                              gguf.GGMLQuantizationType.Q8_0)
    w.add_tensor("c.q8_0", q8, raw_shape=q8.shape, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
    w.add_tensor("d.i32", np.arange(-3, 3, dtype=np.int32).reshape(2, 1, 3))


def write(path: str, alignment: int | None) -> None:
    w = gguf.GGUFWriter(path, "bert")
    if alignment is not None:
        w.add_custom_alignment(alignment)
    content(w)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


write("gguf-py-default-alignment.gguf", None)
write("gguf-py-alignment-64.gguf", 64)
