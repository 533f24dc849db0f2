// Sequentially consistent atomics and a spin-wait hint for ComputePool's wake-up path (Swift's
// Synchronization module needs newer Apple platforms than the package supports).
#include "CLlamaKernels.h"

int64_t llk_atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
void llk_atomic_store(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
int64_t llk_atomic_add(int64_t *p, int64_t v) { return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
void llk_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}
