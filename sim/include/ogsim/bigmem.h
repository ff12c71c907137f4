/* Large arrays that the event loop reads at random (nodes, their engine
 * states, requests): zeroed, cache-line aligned and, from 1 MiB up, their
 * own mapping (whole 2 MiB pages) on transparent huge pages where the kernel offers them
 * (madvise mode, Debian's default), so that a random access costs a cache
 * miss and not a TLB miss as well. Vectors that grow to megabytes (the
 * token records, the deadline queues) take the same mapping from 1 MiB
 * up (og_big_grow), so that filling them faults once per 2 MiB. */
#ifndef OGSIM_BIGMEM_H
#define OGSIM_BIGMEM_H

#include <stddef.h>

/* `bytes` zeroed bytes, aligned to 64 (to 2 MiB from 1 MiB up); NULL when
 * out of memory. */
void *og_big_calloc(size_t bytes);
/* Give back what og_big_calloc(bytes), og_big_malloc(bytes) or
 * og_big_grow (bytes: its capacity times the element size) returned
 * (NULL: nothing). */
void og_big_free(void *p, size_t bytes);
/* `bytes` bytes, not zeroed: malloc's below 1 MiB, a huge-page mapping
 * from 1 MiB up (a scratch array of megabytes then costs a page fault per
 * 2 MiB, not per 4 KiB); NULL when out of memory. */
void *og_big_malloc(size_t bytes);
/* Room for `need` elements of `elem` bytes in *buf, whose capacity is
 * *cap (0 and NULL: none yet): the capacity doubles from `first` until it
 * holds them, the contents kept; from 1 MiB up the block is a huge-page
 * mapping, as og_big_malloc's. Returns 0, or -1 when out of memory (*buf
 * and *cap then unchanged). A vector grown to megabytes one element at a
 * time no longer faults in each 4 KiB page. */
int og_big_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t first);

#endif
