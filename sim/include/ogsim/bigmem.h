/* Large arrays that the event loop reads at random (nodes, their engine
 * states, requests): zeroed, cache-line aligned and, from 1 MiB up, their
 * own mapping (whole 2 MiB pages) on transparent huge pages where the kernel offers them
 * (madvise mode, Debian's default), so that a random access costs a cache
 * miss and not a TLB miss as well. */
#ifndef OGSIM_BIGMEM_H
#define OGSIM_BIGMEM_H

#include <stddef.h>

/* `bytes` zeroed bytes, aligned to 64 (to 2 MiB from 1 MiB up); NULL when
 * out of memory. */
void *og_big_calloc(size_t bytes);
/* Give back what og_big_calloc(bytes) returned (NULL: nothing). */
void og_big_free(void *p, size_t bytes);

#endif
