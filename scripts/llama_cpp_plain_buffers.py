"""Dev-time helper for the scripts that run llama.cpp through llama-cpp-python (golden fixtures,
benchmarks): keep its weights in plain CPU buffers.

A llama.cpp built with -march=native on a CPU that lists AMX puts Q4_0/Q8_0 weights in its AMX
buffer, which dies with SIGILL where the hypervisor does not grant AMX (as on our build
machines); plain CPU buffers (no "extra" buffer types) run its ordinary AVX-512 kernels, with
the same numerics. Import it by path:

    sys.path.insert(0, os.path.join(REPO, "scripts")); import llama_cpp_plain_buffers
"""
import llama_cpp.llama_cpp as _llama_cpp_c

_default_params = _llama_cpp_c.llama_model_default_params


def _plain_buffers():
    params = _default_params()
    params.use_extra_bufts = False
    return params


_llama_cpp_c.llama_model_default_params = _plain_buffers
