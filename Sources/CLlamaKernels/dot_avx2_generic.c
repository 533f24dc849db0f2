// The portable kernels compiled again for AVX2 + FMA + F16C, so the compiler vectorises them;
// used for types without a hand-written AVX2 kernel.
#include "CLlamaKernels.h"
#include "kernels.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#define LLK_NAME(x) x##_avx2g
#include "dot_generic.h"
void llk_fill_avx2_generic(llk_dot_fn *table) { fill_avx2g(table); }
#pragma clang attribute pop
#endif
