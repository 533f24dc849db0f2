"""A prelude for llama-bench.sh (LLAMA_CPP_PRELUDE=Benchmarks/llama_cpp_no_amx.py): keeps
llama.cpp's matrices in its CPU_REPACK buffers, as it chooses on a CPU without AMX, instead of
its AMX buffers. On the shared development machines the CPU reports AMX but the AMX kernels
fault (SIGILL on tileloadd), so llama.cpp must run without them there. LLAMA_CPP_LIB_PATH (the
directory of libggml*.so) defaults to the one llama-cpp-python installed. LLAMA_CPP_REPACK=0 leaves the
matrices in plain CPU buffers instead (llama-cpp-python 0.3.36's CPU_REPACK q8_0 path segfaults on
these machines, so llama-bench.sh sets it for Q8_0)."""
import ctypes, os, sys
import llama_cpp.llama_cpp as L
lib = os.environ.get("LLAMA_CPP_LIB_PATH") or os.path.join(os.path.dirname(L.__file__), "lib")
base = ctypes.CDLL(os.path.join(lib, "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
ggml = ctypes.CDLL(os.path.join(lib, "libggml.so"), mode=ctypes.RTLD_GLOBAL)
ggml.ggml_backend_dev_by_type.restype = ctypes.c_void_p; ggml.ggml_backend_dev_by_type.argtypes = [ctypes.c_int]
base.ggml_backend_dev_backend_reg.restype = ctypes.c_void_p; base.ggml_backend_dev_backend_reg.argtypes = [ctypes.c_void_p]
base.ggml_backend_reg_get_proc_address.restype = ctypes.c_void_p
base.ggml_backend_reg_get_proc_address.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
base.ggml_backend_buft_name.restype = ctypes.c_char_p; base.ggml_backend_buft_name.argtypes = [ctypes.c_void_p]
L.llama_backend_init()
dev = ggml.ggml_backend_dev_by_type(0)  # GGML_BACKEND_DEVICE_TYPE_CPU
reg = base.ggml_backend_dev_backend_reg(dev)
fn = ctypes.CFUNCTYPE(ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p)(
    base.ggml_backend_reg_get_proc_address(reg, b"ggml_backend_dev_get_extra_bufts"))
bufts, names, i = fn(dev), {}, 0
while bufts[i]:
    names[base.ggml_backend_buft_name(bufts[i]).decode()] = bufts[i]; i += 1
print("extra buffer types:", list(names), file=sys.stderr)

class Override(ctypes.Structure):
    _fields_ = [("pattern", ctypes.c_char_p), ("buft", ctypes.c_void_p)]
overrides = (Override * 2)(Override(rb"(blk\..*\.(attn_q|attn_k|attn_v|attn_output|ffn_gate|ffn_up|ffn_down)|output)\.weight", names["CPU_REPACK"]), Override(None, None))
_default = L.llama_model_default_params
repack = os.environ.get("LLAMA_CPP_REPACK", "1") != "0"
def params():
    p = _default(); p.use_extra_bufts = False
    if repack:
        p.tensor_buft_overrides = ctypes.cast(overrides, ctypes.c_void_p)
    return p
L.llama_model_default_params = params
