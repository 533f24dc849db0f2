#include "CLlamaKernels.h"
int llk_version(void) { return 2; }
