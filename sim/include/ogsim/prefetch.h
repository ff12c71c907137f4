/* A hint to start loading memory that will be read soon: for the event
 * loop's first touches of a node's state, each a cache miss on large
 * networks, to overlap one another. No effect on any result. */
#ifndef OG_PREFETCH_H
#define OG_PREFETCH_H

#include <stddef.h>

/* Start loading the cache line holding p (NULL is allowed: a prefetch
 * never faults). */
static inline void og_prefetch(const void *p)
{
#if defined(__GNUC__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

/* The same, for `bytes` from p, about to be written. */
static inline void og_prefetch_write(const void *p, size_t bytes)
{
#if defined(__GNUC__)
  for (size_t b = 0; b < bytes; b += 64)
    __builtin_prefetch((const char *)p + b, 1);
#else
  (void)p;
  (void)bytes;
#endif
}

#endif
