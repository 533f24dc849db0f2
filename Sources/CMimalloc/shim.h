#pragma once
// mimalloc, linked into the executables so that it replaces malloc/free for the whole process
// (Debian's build overrides the standard allocator when the library is loaded).
#include <mimalloc.h>
