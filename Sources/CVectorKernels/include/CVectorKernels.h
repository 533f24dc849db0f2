#pragma once
#include <stddef.h>
#include <stdint.h>

/// Version of the kernel set, for diagnostics.
int vk_version(void);
