#include "CVectorKernels.h"
int vk_version(void) { return 1; }
