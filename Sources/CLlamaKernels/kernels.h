// Internal interface between the kernel variants and the dispatcher.
#pragma once
#include "blocks.h"

#define LLK_TYPE_COUNT 32

void llk_fill_plain(llk_dot_fn *table);
#if defined(__x86_64__)
void llk_fill_avx2_generic(llk_dot_fn *table);
void llk_fill_avx2(llk_dot_fn *table);
void llk_fill_avx2_quants(llk_dot_fn *table);
void llk_fill_avx512(llk_dot_fn *table);
#endif
