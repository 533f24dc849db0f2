// The portable kernels, for any x86-64 (and non-x86) CPU.
#include "CLlamaKernels.h"
#include "kernels.h"

#define LLK_NAME(x) x##_plain
#include "dot_generic.h"

void llk_fill_plain(llk_dot_fn *table) { fill_plain(table); }
